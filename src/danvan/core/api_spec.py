"""What a model's HTTP API needs, declared by its app: ``Declaration(api=ApiSpec(...))``.

An app describes its model's API in ``<app>/api.py`` — request and response schemas, how an object
is rendered, how a payload is applied, which list filters exist — and puts the ``ApiSpec`` in the
model's declaration (``core.registry``). The ``api`` app derives the router from it (list, detail,
create, replace, patch, delete), so adding a model to the API needs no edit outside its app.

The app never touches the request: references in a payload are resolved through ``refs`` (a
:class:`Refs` given by the ``api`` app), which reads in the caller's scope and answers 422 naming
the field when the referenced record is unknown or out of scope; nested records are saved through
``refs.save``, i.e. ``core.services.save_record`` (permission, scope, validation, audit).

Schemas: inputs derive from :class:`InputSchema` (unknown keys, ``null`` for a non-nullable field
and non-object bodies are rejected with 422; integers and booleans must be JSON numbers and
booleans, dates ISO strings). The PATCH schema is derived (:func:`partial`: every field optional,
nullability unchanged), and so is a response schema from its input (:func:`output_schema`). core
imports no app: only Django, pydantic and ninja.
"""

import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, Protocol, TypeVar

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, Strict, ValidationInfo, create_model, field_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

M = TypeVar("M", bound=models.Model)

# The largest id a client may send (a signed 64-bit integer: BigAutoField on every database).
MAX_ID = 2**63 - 1


class FieldError(Exception):
    """A payload field that cannot be accepted (an unknown or out-of-scope reference): 422."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Refs(Protocol):
    """What an app's ``apply``/``write``/filter functions may ask of the API (given by ``danvan.api``)."""

    user: Any

    def resolve(self, model: type[M], field: str, value: Any, **lookup: Any) -> M:
        """A referenced record visible to the caller; unknown or out of scope → 422 naming ``field``."""
        ...

    def unit(self, key: str, field: str = "unit") -> Any:
        """An administrative unit by key, visible to the caller; else 422 naming ``field``."""
        ...

    def find(self, model: type[M], **lookup: Any) -> M:
        """A record visible to the caller, else 404 (for list filters naming a record)."""
        ...

    def snapshot(self, obj: models.Model) -> dict[str, Any] | None:
        """The record's values before a change (``None`` for a new record), for the audit trail."""
        ...

    def save(self, obj: M, before: dict[str, Any] | None) -> M:
        """Save through ``core.services.save_record``: permission, scope, validation, audit."""
        ...


# ---------------------------------------------------------------- JSON-typed fields

def _iso_date(value: Any) -> Any:
    if isinstance(value, str | date):
        return value
    raise PydanticCustomError("date_type", "Input should be a valid date")


def _iso_date_text(value: Any) -> Any:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_type", "Input should be a date written YYYY-MM-DD")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A date query parameter written YYYY-MM-DD (pydantic would take ``0`` as a Unix timestamp).
QueryDay = Annotated[date, BeforeValidator(_iso_date_text)]
#: An integer that must be a JSON number (``"5"`` and ``true`` are rejected).
Int = Annotated[int, Strict()]
#: A boolean that must be JSON ``true``/``false`` (``"yes"`` and ``1`` are rejected).
Bool = Annotated[bool, Strict()]
#: A date that must be an ISO string (``2026-11-21``; a number is rejected).
Day = Annotated[date, BeforeValidator(_iso_date)]


def _is_bad_text(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    return False


class InputSchema(Schema):
    """The base of request bodies: exactly the declared keys, JSON types, no NUL characters."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _dates_are_text(cls, value: Any, info: ValidationInfo) -> Any:
        # JSON has no date type: the OpenAPI document says an ISO 8601 string, and a number (which
        # pydantic would read as Unix time) is refused rather than stored as 1 January 1970.
        if isinstance(value, int | float) and _is_temporal(cls.model_fields[info.field_name].annotation):
            raise PydanticCustomError("date_type", "Dates and times are ISO 8601 strings")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _text_is_storable(cls, value: Any) -> Any:
        # PostgreSQL cannot store NUL; a lone surrogate cannot be encoded at all.
        if isinstance(value, str) and _is_bad_text(value):
            raise PydanticCustomError("string_unstorable", "String contains a NUL or an invalid character")
        return value


def _is_temporal(annotation: Any) -> bool:
    """``date``, ``datetime`` or an optional one."""
    if annotation in (date, datetime):
        return True
    return any(arg in (date, datetime) for arg in typing.get_args(annotation))


# ---------------------------------------------------------------- derived schemas

def _unset() -> None:
    return None


def _optional(annotation: Any) -> Any:
    return annotation | None


def _allows_none(annotation: Any) -> bool:
    if annotation is None or annotation is type(None) or annotation is Any:
        return True
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _allows_none(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_allows_none(arg) for arg in typing.get_args(annotation))
    return False


def _field_kwargs(info: FieldInfo) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for name in ("description", "title", "examples", "json_schema_extra"):
        value = getattr(info, name, None)
        if value is not None:
            kwargs[name] = value
    return kwargs


def _with_metadata(info: FieldInfo) -> Any:
    """The field's annotation with its constraints (``max_length``, ``ge``…) attached again."""
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def partial(schema: type[Schema], name: str, **overrides: Any) -> type[Schema]:
    """The PATCH variant of ``schema``: every field optional; only the fields sent are applied.

    Nullability is kept: a field that does not accept ``null`` in ``schema`` does not accept it
    here either (``"address": null`` is a 422, not a database error). Constraints are kept.
    ``overrides`` replace fields, e.g. ``person=(PersonPatch | None, None)`` for a nested PATCH.
    """
    fields: dict[str, Any] = {}
    for field_name, info in schema.model_fields.items():
        if field_name in overrides:
            annotation, default = overrides[field_name]
            fields[field_name] = (annotation, Field(default_factory=_unset) if default is None else default)
            continue
        fields[field_name] = (_with_metadata(info), Field(default_factory=_unset, **_field_kwargs(info)))
    # The schema's own validators are not carried over (they may expect the fields it requires).
    return create_model(name, __base__=InputSchema, __doc__=schema.__doc__, **fields)


def output_schema(schema: type[Schema], name: str, **extra: Any) -> type[Schema]:
    """A response schema carrying every field of the input ``schema`` under the same name, so what
    a client reads can be sent back (PUT), plus ``extra`` fields (``name=type`` or
    ``name=(type, description)``).

    Input constraints (lengths, patterns, ranges) are not carried over: a response states what is
    stored, and records imported or written before a rule changed must still be answered.
    """
    fields: dict[str, Any] = {}
    for field_name, info in schema.model_fields.items():
        fields[field_name] = (info.annotation, Field(**_field_kwargs(info)))
    for field_name, spec in extra.items():
        annotation, description = spec if isinstance(spec, tuple) else (spec, None)
        fields[field_name] = (annotation, Field(description=description) if description else ...)
    return create_model(name, __base__=Schema, __doc__=schema.__doc__, **fields)


def _schema_in(annotation: Any) -> type[Schema] | None:
    """The schema class of ``X`` or ``X | None``, else ``None``."""
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        found = [a for a in typing.get_args(annotation) if isinstance(a, type) and issubclass(a, Schema)]
        return found[0] if len(found) == 1 else None
    return None


def _copy_field(info: FieldInfo, annotation: Any) -> tuple[Any, FieldInfo]:
    kwargs = _field_kwargs(info)
    if info.default_factory is not None:
        kwargs["default_factory"] = info.default_factory
    elif not info.is_required():
        kwargs["default"] = info.default
    annotated = Annotated[(annotation, *info.metadata)] if info.metadata else annotation
    return annotated, Field(**kwargs)


def accepting_output(schema: type[Schema], output: type[Schema]) -> type[Schema]:
    """``schema`` that also accepts, and ignores, the response's read-only fields (``id``,
    ``unit_name``, ``updated``…), nested too: what a client reads can be sent back unchanged.

    The read-only fields are marked ``readOnly`` in the OpenAPI document; any other unknown key
    is still rejected. Returns ``schema`` itself when the response adds nothing.
    """
    fields: dict[str, Any] = {}
    for field_name, info in output.model_fields.items():
        own = schema.model_fields.get(field_name)
        if own is None:
            fields[field_name] = (_optional(info.annotation), Field(
                default_factory=_unset, description=info.description, json_schema_extra={"readOnly": True}))
            continue
        nested_in, nested_out = _schema_in(own.annotation), _schema_in(info.annotation)
        if nested_in is None or nested_out is None or nested_in is nested_out:
            continue
        nested = accepting_output(nested_in, nested_out)
        if nested is not nested_in:
            annotation = nested | None if _allows_none(own.annotation) else nested
            fields[field_name] = _copy_field(own, annotation)
    if not fields:
        return schema
    return create_model(schema.__name__, __base__=schema, __doc__=schema.__doc__, **fields)


def model_bounds(model: type[models.Model], field_name: str) -> dict[str, Any]:
    """``max_length`` and ``ge``/``le`` of a model field (from its validators), as ``Field`` kwargs.

    Reading them from the model keeps the API's documented limits equal to the model's rules.
    """
    model_field = model._meta.get_field(field_name)
    bounds: dict[str, Any] = {}
    max_length = getattr(model_field, "max_length", None)
    for validator in getattr(model_field, "validators", ()):
        limit = getattr(validator, "limit_value", None)
        if callable(limit):
            continue
        if isinstance(validator, MinValueValidator):
            bounds["ge"] = max(bounds.get("ge", limit), limit)
        elif isinstance(validator, MaxValueValidator):
            bounds["le"] = min(bounds.get("le", limit), limit)
        elif isinstance(validator, MaxLengthValidator) and max_length is None:
            max_length = limit
    if max_length is not None:
        bounds["max_length"] = max_length
    return bounds


# ---------------------------------------------------------------- plain fields of render and apply


def plain_value(value: Any) -> Any:
    """A payload value as the model stores it (a choice's key, not the enum)."""
    return value.value if hasattr(value, "value") else value


def set_plain(obj: Any, data: dict[str, Any], names: Sequence[str]) -> None:
    """Copy the fields ``names`` that the payload ``data`` has onto ``obj`` (PATCH: only those sent)."""
    for name in names:
        if name in data:
            setattr(obj, name, plain_value(data[name]))


def plain(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    """The fields ``names`` of ``obj`` as they are (for ``render``)."""
    return {name: getattr(obj, name) for name in names}


# ---------------------------------------------------------------- the spec

@dataclass(frozen=True)
class ApiFilter:
    """An API-only list filter (a query parameter) besides those of the declaration's FilterSet.

    ``type`` is the parameter's Python type (``str``, ``int``, ``bool``, a choices class);
    ``lookup`` an ORM lookup taking the value (``"branch__code"``), or ``method(refs, queryset,
    value)`` for anything else (``refs.find`` answers 404 for an unknown record). ``constraints``
    are ``Query`` keyword arguments (``max_length``, ``ge``, ``le``) — documented and enforced.
    """

    type: Any = str
    lookup: str = ""
    method: Callable[[Refs, models.QuerySet, Any], models.QuerySet] | None = None
    description: str = ""
    constraints: Mapping[str, Any] = field(default_factory=dict)

    def apply(self, refs: Refs, queryset: models.QuerySet, value: Any) -> models.QuerySet:
        if self.method is not None:
            return self.method(refs, queryset, value)
        return queryset.filter(**{self.lookup: value})


@dataclass(frozen=True)
class ApiAction:
    """An operation on one record beyond CRUD: ``POST /<slug>/{pk}/<name>`` with an ``input`` body.

    ``run(refs, obj, data)`` does it (through the app's own service, e.g. a lifecycle move) and the
    answer is the record as ``render`` shows it afterwards. The record is found in the caller's
    scope (404 otherwise), the role must write, and everything runs in one transaction.
    """

    input: type[Schema]
    run: Callable[[Refs, Any, dict[str, Any]], None]
    summary: str = ""


@dataclass(frozen=True)
class ApiSpec:
    """How one declared model is served by the HTTP API (``Declaration.api``).

    - ``output`` (response schema) and ``render(obj, user) -> dict`` (the answer for one object;
      ``user`` decides e.g. whether personal data is shown);
    - ``input`` (the POST/PUT body, an :class:`InputSchema`) and ``apply(refs, obj, data)`` setting
      the object's fields from the payload's dict (PATCH: only the keys sent); ``patch`` is derived
      from ``input`` with :func:`partial` unless given;
    - ``write(refs, obj, data, before)``: the whole write when it saves more than the object
      (nested records): apply, then ``refs.save(obj, before)`` and the nested saves. Without it
      the API applies, then saves the object. Either way the write runs in one transaction;
    - ``read_only``: list and detail only (no ``input`` needed);
    - list filters: the declaration's FilterSet filters that map to a query parameter (choice,
      yes/no, number, text; ``filterset_params`` limits which), then ``filters`` (API-only, or
      replacing a FilterSet filter of the same name); ``unit`` (subtree) and ``q`` (search on
      ``search_fields``, default the declaration's) are always there;
    - ``queryset(qs) -> qs``: relations to fetch for ``render`` (applied to the visible records);
      default the declaration's ``related``;
    - ``slug`` (path segment, default the declaration's), ``lookup`` ("pk", or "key" for units;
      default the declaration's), ``tag`` (OpenAPI tag, default the slug) and ``summaries`` by
      operation ("list", "get", "create", "replace", "patch", "delete"; defaults from the model's
      verbose names);
    - ``actions``: operations on one record beyond CRUD (:class:`ApiAction`), served even when
      ``read_only`` (a record whose state changes only through its own service).
    """

    output: type[Schema]
    render: Callable[[Any, Any], dict[str, Any]]
    input: type[Schema] | None = None
    apply: Callable[[Refs, Any, dict[str, Any]], None] | None = None
    patch: type[Schema] | None = None
    write: Callable[[Refs, Any, dict[str, Any], dict[str, Any] | None], None] | None = None
    read_only: bool = False
    filters: Mapping[str, ApiFilter] = field(default_factory=dict)
    filterset_params: Sequence[str] | None = None
    search_fields: Sequence[str] | None = None
    queryset: Callable[[models.QuerySet], models.QuerySet] | None = None
    slug: str = ""
    lookup: str = ""
    tag: str = ""
    summaries: Mapping[str, str] = field(default_factory=dict)
    actions: Mapping[str, ApiAction] = field(default_factory=dict)  # POST /<slug>/{pk}/<name>

    def __post_init__(self) -> None:
        if self.read_only:
            return
        if self.input is None or (self.apply is None and self.write is None):
            raise ValueError("a writable ApiSpec needs 'input' and 'apply' (or 'write')")
        if self.patch is None:
            name = self.input.__name__.removesuffix("In") + "Patch"
            object.__setattr__(self, "patch", partial(self.input, name))

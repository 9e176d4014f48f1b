"""The CRUD router of every declared model with an ``api`` (``core.api_spec.ApiSpec``).

For a declaration with slug ``households`` the derived operations are::

    GET    /households        list: paged (count, limit, offset, items); unit=, q=, filters
    GET    /households/{pk}   one record
    POST   /households        create (201)                     unless the spec is read_only
    PUT    /households/{pk}   replace
    PATCH  /households/{pk}   change the fields sent
    DELETE /households/{pk}   delete (204)

Optimistic locking (every record with a ``version``, i.e. every ``ScopedModel``): the answer
carries ``version`` and GET/PUT/PATCH send it as ``ETag: "<version>"``; PUT, PATCH and DELETE take
the version the client started from in the body (``version``) or ``If-Match: "<version>"``, and a
record saved by someone else since answers 409 with the stored ``version`` and the ``changes``
made since (who, when, field: before → after) — the same check as the web form
(``core.services.check_version``).

Reads go through ``visible_to`` (the caller's ``Scope``): an unknown and an out-of-scope record
both answer 404. Writes go through ``core.services`` (role, scope before and after, validation,
audit) in one transaction with the app's nested writes. Every status an operation can answer is in
the OpenAPI document with its schema, as are the constraints of every parameter.
"""

import datetime as dt
import inspect
import re
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, Literal

import django_filters
from django.db import models, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from ninja import Header, Path, Query, Schema
from pydantic import Field, create_model

from danvan.core import audit
from danvan.core.api_spec import MAX_ID, ApiFilter, ApiSpec, FieldError, Int, accepting_output
from danvan.core.registry import Declaration, declarations
from danvan.core.services import EditConflict, check_version
from danvan.core.text import fold
from danvan.geo.models import AdminUnit

from .base import ModelRouter, RequestRefs
from .schemas import ErrorOut, Page, ValidationErrorOut

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 2**62  # LIMIT and OFFSET stay within a signed 64-bit integer
MAX_KEY_LENGTH = 40  # AdminUnit.key
MAX_QUERY_LENGTH = 200
INT64_MIN = -(2**63)

OPERATIONS = ("list", "get", "create", "replace", "patch", "delete")


def error_responses(*codes: int) -> dict[int, Any]:
    """The documented error answers: 422 carries per-field messages, the others only ``detail``."""
    return {code: ValidationErrorOut if code == 422 else ErrorOut for code in codes}


class FieldChangeOut(Schema):
    field: str = Field(description="Tên trường")
    before: Any = Field(None, description="Giá trị trước")
    after: Any = Field(None, description="Giá trị sau")


class ChangeOut(Schema):
    time: dt.datetime = Field(description="Thời điểm thay đổi")
    user: str = Field(description="Người thay đổi")
    action: str = Field(description="Thao tác")
    fields: list[FieldChangeOut] = Field(description="Các trường đã đổi")


class ConflictOut(Schema):
    """409: the record was changed since the client read it (or a uniqueness/link conflict)."""

    detail: str = Field(description="Thông báo lỗi (tiếng Việt)")
    version: int | None = Field(None, description="Phiên bản hiện lưu (khi xung đột phiên bản)")
    changes: list[ChangeOut] = Field(default_factory=list,
                                     description="Các thay đổi đã lưu kể từ phiên bản bạn gửi, mới nhất trước")


READ_ERRORS = error_responses(401, 404, 422, 500)
CREATE_ERRORS = error_responses(401, 403, 409, 422, 500)
WRITE_ERRORS = {**error_responses(401, 403, 404, 422, 500), 409: ConflictOut}

IF_MATCH = re.compile(r'^(\*|(W/)?"[0-9]{1,18}")$')


def expected_version(body_version: int | None, if_match: str | None) -> int | None:
    """The version a write starts from: the body's ``version``, else ``If-Match`` (``*``: any)."""
    if body_version is not None:
        return body_version
    if if_match and if_match != "*":
        return int(if_match.removeprefix("W/").strip('"'))
    return None


def conflict_body(error: EditConflict, user: Any) -> dict[str, Any]:
    """The 409 answer: the stored version and the changes since, personal fields hidden as in history."""
    stored = error.stored
    hidden = set() if user.sees_personal_data() else set(getattr(stored, "PERSONAL_FIELDS", ()))
    return {
        "detail": error.messages[0],
        "version": stored.version,
        "changes": [{"time": c.time, "user": c.username, "action": c.action,
                     "fields": [{"field": n, "before": b, "after": a} for n, b, a in c.changed_fields()
                                if n not in hidden]}
                    for c in error.changes()],
    }


def etag(obj: models.Model) -> str:
    return f'"{obj.version}"'


# ---------------------------------------------------------------- list parameters


def _choices(flt: django_filters.Filter) -> list[Any]:
    choices = flt.extra.get("choices") or ()
    if callable(choices):
        choices = choices()
    return [value for value, _label in choices if value not in ("", None)]


def _param_type(flt: django_filters.Filter) -> tuple[Any, dict[str, Any]] | None:
    """The query parameter type (and constraints) of a FilterSet filter, or None if it has none."""
    if isinstance(flt, django_filters.ChoiceFilter):
        values = _choices(flt)
        if not values:
            return None
        if {str(v) for v in values} == {"true", "false"}:
            return bool, {}
        return Literal[tuple(values)], {}  # type: ignore[valid-type]
    if isinstance(flt, django_filters.BooleanFilter):
        return bool, {}
    if isinstance(flt, django_filters.NumberFilter):
        return int, {"ge": INT64_MIN, "le": MAX_ID}
    if isinstance(flt, django_filters.CharFilter):
        return str, {"max_length": MAX_QUERY_LENGTH}
    return None


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


class _FilterRequest:
    """What a FilterSet may read of the request: the user."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.GET: dict[str, str] = {}


def _through_filterset(filterset: type[django_filters.FilterSet], name: str) -> Callable[..., models.QuerySet]:
    def method(refs: Any, queryset: models.QuerySet, value: Any) -> models.QuerySet:
        bound = filterset({name: _form_value(value)}, queryset=queryset, request=_FilterRequest(refs.user))
        if not bound.is_valid() and name in bound.errors:
            raise FieldError(name, " ".join(str(m) for m in bound.errors[name]))
        return bound.qs

    return method


def list_filters(declaration: Declaration, spec: ApiSpec) -> dict[str, ApiFilter]:
    """The list's filter parameters: the FilterSet's (where they map to a parameter), then the spec's."""
    found: dict[str, ApiFilter] = {}
    filterset = declaration.filterset
    if filterset is not None:
        for name, flt in filterset.base_filters.items():
            if name in ("q", "unit") or name in spec.filters:
                continue
            if spec.filterset_params is not None and name not in spec.filterset_params:
                continue
            typed = _param_type(flt)
            if typed is None:
                continue
            kind, constraints = typed
            found[name] = ApiFilter(type=kind, method=_through_filterset(filterset, name),
                                    description=str(flt.label or ""), constraints=constraints)
    found.update(spec.filters)
    return found


def _check_text(name: str, value: Any) -> None:
    if isinstance(value, str) and "\x00" in value:
        raise FieldError(name, _("Không được chứa ký tự NUL."))


def search(queryset: models.QuerySet, fields: tuple[str, ...], text: str | None) -> models.QuerySet:
    """``q=``: accent-insensitive containment on stored folded names, plain containment on codes."""
    folded = fold(text or "")
    if not folded or not fields:
        return queryset
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__contains": folded if name.endswith("folded") else (text or "").strip()})
    return queryset.filter(condition)


# ---------------------------------------------------------------- view functions


def _parameter(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)


def _view(name: str, parameters: list[inspect.Parameter], body: Callable[..., Any]) -> Callable[..., Any]:
    """A view function with an explicit signature (ninja reads parameters and types from it)."""

    def view(request: HttpRequest, **kwargs: Any) -> Any:
        return body(request, **kwargs)

    view.__name__ = view.__qualname__ = name
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest)
    view.__signature__ = inspect.Signature([request, *parameters])  # type: ignore[attr-defined]
    return view


def _summaries(model: type[models.Model], given: Mapping[str, str]) -> dict[str, str]:
    name, plural = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
    default = {
        "list": _("Danh sách %(plural)s") % {"plural": plural},
        "get": _("Chi tiết %(name)s") % {"name": name},
        "create": _("Thêm %(name)s") % {"name": name},
        "replace": _("Sửa %(name)s") % {"name": name},
        "patch": _("Sửa một phần %(name)s") % {"name": name},
        "delete": _("Xóa %(name)s") % {"name": name},
    }
    return {key: capfirst(given.get(key) or value) for key, value in default.items()}


class Resource:
    """One declared model served by the API, and the router of its operations."""

    def __init__(self, declaration: Declaration) -> None:
        spec: ApiSpec = declaration.api
        self.declaration = declaration
        self.spec = spec
        self.model = declaration.model
        self.slug = spec.slug or declaration.slug
        if not self.slug:
            raise ValueError(f"{self.model.__name__}: the API needs a slug (ApiSpec.slug or Declaration.slug)")
        self.lookup = spec.lookup or declaration.lookup or "pk"
        self.search_fields = tuple(spec.search_fields if spec.search_fields is not None else declaration.search_fields)
        self.filters = list_filters(declaration, spec)
        self.path_field = getattr(self.model, "scope_path_field", "unit_path")
        self.summaries = _summaries(self.model, spec.summaries)
        self.input_fields: set[str] = set(spec.input.model_fields) if spec.input is not None else set()
        self.versioned = any(f.name == "version" for f in self.model._meta.concrete_fields)
        self.output = spec.output
        if self.versioned and "version" not in spec.output.model_fields:
            # Its own name: the app's schema may also be nested in another answer, without a version.
            name = spec.output.__name__.removesuffix("Out") + "VersionedOut"
            self.output = create_model(name, __base__=spec.output, __doc__=spec.output.__doc__,
                                       version=(int, Field(description=_("Phiên bản bản ghi (tăng mỗi lần sửa)"))))

    # ------------------------------------------------------------ querysets
    def queryset(self, refs: RequestRefs) -> models.QuerySet:
        """The records the caller may see, with what ``render`` reads."""
        qs = refs.visible(self.model)
        if self.spec.queryset is not None:
            return self.spec.queryset(qs)
        return qs.select_related(*self.declaration.related) if self.declaration.related else qs

    def render(self, obj: models.Model, refs: RequestRefs) -> dict[str, Any]:
        data = self.spec.render(obj, refs.user)
        return {**data, "version": obj.version} if self.versioned else data

    def with_version(self, schema: type[Schema]) -> type[Schema]:
        """``schema`` accepting ``version`` (the one the client read) when the model is versioned."""
        if not self.versioned or "version" in schema.model_fields:
            return schema
        stem, suffix = re.fullmatch(r"(.*?)(In|Patch|)", schema.__name__).groups()  # type: ignore[union-attr]
        # Its own name: the app's schema may also be nested in another body, without a version.
        return create_model(f"{stem}Versioned{suffix}", __base__=schema, __doc__=schema.__doc__, version=(
            Int | None, Field(default=None, ge=1, le=MAX_ID, description=_(
                "Phiên bản bản ghi bạn đã đọc (khóa lạc quan): nếu bản ghi đã được người khác lưu kể từ "
                "phiên bản này, yêu cầu bị từ chối với mã 409 kèm các thay đổi. Cũng có thể gửi qua "
                "tiêu đề If-Match."))))

    def reload(self, obj: models.Model, refs: RequestRefs) -> models.Model:
        return self.queryset(refs).filter(pk=obj.pk).first() or obj

    # ------------------------------------------------------------ operations
    def listing(self, request: HttpRequest, *, unit: str | None = None, q: str | None = None,
             limit: int = DEFAULT_LIMIT, offset: int = 0, **params: Any) -> dict[str, Any]:
        refs = RequestRefs(request)
        for name, value in [("unit", unit), ("q", q), *params.items()]:
            _check_text(name, value)
        qs = self.queryset(refs)
        if unit:
            place = refs.find(AdminUnit, key=unit)
            qs = qs.filter(**{f"{self.path_field}__under": place.path})
        qs = search(qs, self.search_fields, q)
        for name, flt in self.filters.items():
            value = params.get(name)
            if value is not None:
                qs = flt.apply(refs, qs, value)
        with audit.batch():  # a page of records: its audit entries (accesses) in one INSERT
            items = [self.render(obj, refs) for obj in qs[offset : offset + limit]]
        return {"count": qs.count(), "limit": limit, "offset": offset, "items": items}

    def detail(self, request: HttpRequest, response: HttpResponse | None = None, **path: Any) -> dict[str, Any]:
        refs = RequestRefs(request)
        _check_text(self.lookup, path[self.lookup])
        obj = refs.find(self.model, self.queryset(refs), **path)
        if self.versioned and response is not None:
            response["ETag"] = etag(obj)
        return self.render(obj, refs)

    def _data(self, payload: Any, partial: bool) -> dict[str, Any]:
        # Read-only fields a client sent back (id, unit_name, updated…) are accepted and ignored.
        data = payload.model_dump(exclude_unset=partial)
        return {key: value for key, value in data.items() if key in self.input_fields}

    def _write(self, refs: RequestRefs, obj: models.Model, data: dict[str, Any],
               before: dict[str, Any] | None) -> None:
        with transaction.atomic():
            if self.spec.write is not None:
                self.spec.write(refs, obj, data, before)
            else:
                assert self.spec.apply is not None
                self.spec.apply(refs, obj, data)
                refs.save(obj, before)

    def create(self, request: HttpRequest, *, payload: Any) -> tuple[int, dict[str, Any]]:
        refs = RequestRefs(request)
        refs.require_write()
        obj = self.model()
        self._write(refs, obj, self._data(payload, partial=False), None)
        return 201, self.render(self.reload(obj, refs), refs)

    def update(self, request: HttpRequest, *, payload: Any, partial: bool, response: HttpResponse | None = None,
               if_match: str | None = None, **path: Any) -> Any:
        refs = RequestRefs(request)
        obj = refs.find(self.model, self.queryset(refs), **path)
        refs.require_write()
        expected = expected_version(getattr(payload, "version", None), if_match)
        try:
            with transaction.atomic():
                check_version(obj, expected)  # the row stays locked until the write commits
                self._write(refs, obj, self._data(payload, partial), refs.snapshot(obj))
        except EditConflict as error:
            return 409, conflict_body(error, refs.user)
        obj = self.reload(obj, refs)
        if self.versioned and response is not None:
            response["ETag"] = etag(obj)
        return self.render(obj, refs)

    def delete(self, request: HttpRequest, if_match: str | None = None, **path: Any) -> Any:
        refs = RequestRefs(request)
        obj = refs.find(self.model, **path)
        refs.require_write()
        try:
            with transaction.atomic():
                check_version(obj, expected_version(None, if_match))
                refs.delete(obj)
        except EditConflict as error:
            return 409, conflict_body(error, refs.user)
        return 204, None

    # ------------------------------------------------------------ the router
    def _list_parameters(self) -> list[inspect.Parameter]:
        parameters = [
            _parameter("unit", str | None, Query(
                None, max_length=MAX_KEY_LENGTH,
                description=_("Mã khóa đơn vị: chỉ bản ghi thuộc đơn vị này và các đơn vị trực thuộc"))),
            _parameter("q", str | None, Query(
                None, max_length=MAX_QUERY_LENGTH, description=_("Tìm kiếm, không cần dấu"))),
        ]
        for name, flt in self.filters.items():
            parameters.append(_parameter(name, flt.type | None, Query(
                None, description=str(flt.description) or None, **dict(flt.constraints))))
        parameters += [
            _parameter("limit", int, Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=_("Số bản ghi tối đa"))),
            _parameter("offset", int, Query(0, ge=0, le=MAX_OFFSET, description=_("Bỏ qua bao nhiêu bản ghi"))),
        ]
        return parameters

    def _lookup_parameter(self) -> inspect.Parameter:
        if self.lookup == "pk":
            return _parameter("pk", int, Path(..., ge=1, le=MAX_ID, description=_("Mã số (id) của bản ghi")))
        return _parameter(self.lookup, str, Path(..., min_length=1, max_length=MAX_KEY_LENGTH,
                                                  description=_("Mã khóa của bản ghi")))

    def _write_parameters(self) -> list[inspect.Parameter]:
        """``If-Match`` (versioned models) and the response whose ``ETag`` the view sets."""
        if not self.versioned:
            return []
        return [_parameter("if_match", str | None, Header(
            None, alias="If-Match", pattern=IF_MATCH.pattern, max_length=24,
            description=_('Phiên bản đã đọc, dạng "3" (giá trị ETag của GET); khác phiên bản đang lưu → 409.'))),
            _parameter("response", HttpResponse, None)]

    def act(self, request: HttpRequest, *, name: str, payload: Any, **path: Any) -> dict[str, Any]:
        refs = RequestRefs(request)
        obj = refs.find(self.model, self.queryset(refs), **path)
        refs.require_write()
        with transaction.atomic():
            self.spec.actions[name].run(refs, obj, payload.model_dump())
        return self.render(self.reload(obj, refs), refs)

    def _add_actions(self, router: ModelRouter, item: str, key: inspect.Parameter) -> None:
        for name, action in self.spec.actions.items():
            def run(request: HttpRequest, _name: str = name, **kwargs: Any) -> dict[str, Any]:
                return self.act(request, name=_name, **kwargs)

            parameters = [key, _parameter("payload", action.input, inspect.Parameter.empty)]
            view = _view(f"{name}_{self.model._meta.model_name}", parameters, run)
            # A valid body (the schema's first example): the scope walker sends it, so only scope can refuse.
            view.example = (action.input.model_config.get("json_schema_extra") or {}).get(  # type: ignore[attr-defined]
                "examples", [None])[0]
            router.add_api_operation(
                f"{item}/{name}", ["POST"], view,
                response={200: self.output, **WRITE_ERRORS}, summary=action.summary or name,
                operation_id=f"{self.slug}_{name}")

    def router(self) -> ModelRouter:
        spec, slug, name = self.spec, self.slug, self.model._meta.model_name
        router = ModelRouter(self.model, tags=[spec.tag or slug])
        collection, item = f"/{slug}", f"/{slug}/{{{self.lookup}}}"
        output = self.output
        key = self._lookup_parameter()
        etag_params = [_parameter("response", HttpResponse, None)] if self.versioned else []
        written = self._write_parameters()

        router.add_api_operation(
            collection, ["GET"], _view(f"list_{name}", self._list_parameters(), self.listing),
            response={200: Page[output], **READ_ERRORS}, summary=self.summaries["list"],  # type: ignore[valid-type]
            operation_id=f"{slug}_list")
        router.add_api_operation(
            item, ["GET"], _view(f"get_{name}", [key, *etag_params], self.detail),
            response={200: output, **READ_ERRORS}, summary=self.summaries["get"], operation_id=f"{slug}_get")
        self._add_actions(router, item, key)
        if spec.read_only:
            return router

        assert spec.input is not None and spec.patch is not None
        full = accepting_output(self.with_version(spec.input), output)
        patch = accepting_output(self.with_version(spec.patch), output)

        def replace(request: HttpRequest, **kwargs: Any) -> Any:
            return self.update(request, partial=False, **kwargs)

        def change(request: HttpRequest, **kwargs: Any) -> Any:
            return self.update(request, partial=True, **kwargs)

        router.add_api_operation(
            collection, ["POST"], _view(f"create_{name}", [_parameter(
                "payload", accepting_output(spec.input, output), inspect.Parameter.empty)],
                                        self.create),
            response={201: output, **CREATE_ERRORS}, summary=self.summaries["create"],
            operation_id=f"{slug}_create")
        router.add_api_operation(
            item, ["PUT"], _view(f"replace_{name}", [key, _parameter("payload", full, inspect.Parameter.empty),
                                                      *written], replace),
            response={200: output, **WRITE_ERRORS}, summary=self.summaries["replace"],
            operation_id=f"{slug}_replace")
        router.add_api_operation(
            item, ["PATCH"], _view(f"patch_{name}", [key, _parameter("payload", patch, inspect.Parameter.empty),
                                                        *written], change),
            response={200: output, **WRITE_ERRORS}, summary=self.summaries["patch"],
            operation_id=f"{slug}_patch")
        if self.declaration.deletable:
            router.add_api_operation(
                item, ["DELETE"], _view(f"delete_{name}", [key, *written[:1]], self.delete),
                response={204: None, **WRITE_ERRORS}, summary=self.summaries["delete"],
                operation_id=f"{slug}_delete")
        return router


def resource_names() -> str:
    """The plural names of the models the API serves ("đơn vị hành chính, tổ chức, …")."""
    return ", ".join(str(d.model._meta.verbose_name_plural) for d in declarations() if d.api is not None)


def routers() -> list[ModelRouter]:
    """One router per declaration with an ``api``, in declaration order."""
    return [Resource(d).router() for d in declarations() if d.api is not None]

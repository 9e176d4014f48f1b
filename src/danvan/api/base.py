"""What every resource router shares: the model-tagged router, scope lookups, paging, writes.

A resource module declares a ``ModelRouter(Model)``; its operations are then tagged with the
model, which is how the route-walking scope test (tests/test_scope_routes.py) knows what a
``{pk}`` or ``{key}`` in a path addresses.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from danvan.core import audit
from danvan.core.services import delete_record, save_record
from danvan.core.text import fold
from danvan.geo.models import AdminUnit

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class ModelRouter(Router):
    """A router serving one model: each operation's view function gets ``.model``.

    An operation may set its own ``model`` attribute first when it addresses another model.
    """

    def __init__(self, model: type[models.Model], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.model = model

    def add_api_operation(self, path: str, methods: list[str], view_func: Callable, **kwargs: Any) -> None:
        if getattr(view_func, "model", None) is None:
            view_func.model = self.model  # type: ignore[attr-defined]
        super().add_api_operation(path, methods, view_func, **kwargs)


class FieldError(Exception):
    """A payload field that cannot be accepted (an unknown or out-of-scope reference)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def user_of(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def visible[M: models.Model](model: type[M], request: HttpRequest) -> models.QuerySet[M]:
    """The only way the API reads records: the model's ``visible_to`` for the caller."""
    return model.objects.visible_to(user_of(request))  # type: ignore[attr-defined]


def get_visible[M: models.Model](model: type[M], request: HttpRequest, queryset: models.QuerySet[M] | None = None, **lookup: Any) -> M:
    """One visible record, or 404 — the same answer for "unknown" and "out of scope"."""
    qs = queryset if queryset is not None else visible(model, request)
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def require_write(request: HttpRequest) -> Any:
    user = user_of(request)
    if not user.can_write():
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
    return user


# ---------------------------------------------------------------- list helpers


def in_unit[M: models.Model](qs: models.QuerySet[M], request: HttpRequest, key: str | None, path_field: str = "unit_path") -> models.QuerySet[M]:
    """``unit=KEY``: records in that unit's subtree; the unit itself must be visible (else 404)."""
    if not key:
        return qs
    unit = get_visible(AdminUnit, request, key=key)
    return qs.filter(**{f"{path_field}__startswith": unit.path})


def search[M: models.Model](qs: models.QuerySet[M], q: str | None, field: str = "name_folded") -> models.QuerySet[M]:
    """``q=``: accent-insensitive containment on the stored folded name."""
    folded = fold(q or "")
    return qs.filter(**{f"{field}__contains": folded}) if folded else qs


def page[M: models.Model](qs: models.QuerySet[M], limit: int, offset: int, render: Callable[[M], dict[str, Any]]) -> dict[str, Any]:
    return {
        "count": qs.count(),
        "limit": limit,
        "offset": offset,
        "items": [render(obj) for obj in qs[offset : offset + limit]],
    }


# ---------------------------------------------------------------- references in payloads


def resolve[M: models.Model](model: type[M], request: HttpRequest, field: str, value: Any, **lookup: Any) -> M:
    """A referenced record by its natural key; unknown or out of scope → 422 naming ``field``."""
    obj = visible(model, request).filter(**lookup).first()
    if obj is None:
        raise FieldError(
            field,
            _("Không tìm thấy '%(value)s' trong phạm vi của bạn.") % {"value": value},
        )
    return obj


def resolve_unit(request: HttpRequest, key: str, field: str = "unit") -> AdminUnit:
    return resolve(AdminUnit, request, field, key, key=key)


# ---------------------------------------------------------------- writes


def snapshot(obj: models.Model) -> dict[str, Any] | None:
    return audit.snapshot(obj) if obj.pk else None


def save[M: models.Model](request: HttpRequest, obj: M, before: dict[str, Any] | None) -> M:
    """Every API write goes through the shared service: permission, scope, validation, audit."""
    return save_record(user_of(request), obj, before=before)


def delete(request: HttpRequest, obj: models.Model) -> None:
    delete_record(user_of(request), obj)

"""What every resource router shares: the model-tagged router and the caller's references.

Every router is a ``ModelRouter(Model)``: its operations are tagged with the model, which is how
the route-walking scope test (tests/test_scope_routes.py) knows what a ``{pk}`` or ``{key}`` in a
path addresses. :class:`RequestRefs` is the ``refs`` an app's ``ApiSpec`` functions receive
(``core.api_spec.Refs``): every read goes through ``visible_to`` (the caller's ``Scope``), every
write through ``core.services``.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from danvan.core import audit
from danvan.core.api_spec import FieldError
from danvan.core.scope import Scope
from danvan.core.services import delete_record, save_record
from danvan.geo.models import AdminUnit

__all__ = ["FieldError", "ModelRouter", "RequestRefs"]


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


class RequestRefs:
    """The caller of one request as the apps' API functions see it (``core.api_spec.Refs``)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.user: Any = request.auth  # type: ignore[attr-defined]

    # ------------------------------------------------------------ reading
    def visible[M: models.Model](self, model: type[M]) -> models.QuerySet[M]:
        """The only way the API reads records: the model's ``visible_to`` for the caller."""
        return model.objects.visible_to(self.user)  # type: ignore[attr-defined]

    def find[M: models.Model](self, model: type[M], queryset: models.QuerySet[M] | None = None, **lookup: Any) -> M:
        """One visible record, or 404 — the same answer for "unknown" and "out of scope"."""
        qs = queryset if queryset is not None else self.visible(model)
        obj = qs.filter(**lookup).first()
        if obj is None:
            raise Http404
        return obj

    def resolve[M: models.Model](self, model: type[M], field: str, value: Any, **lookup: Any) -> M:
        """A referenced record by its natural key; unknown or out of scope → 422 naming ``field``."""
        obj = self.visible(model).filter(**lookup).first()
        if obj is None:
            raise FieldError(field, _("Không tìm thấy '%(value)s' trong phạm vi của bạn.") % {"value": value})
        return obj

    def unit(self, key: str, field: str = "unit") -> AdminUnit:
        return self.resolve(AdminUnit, field, key, key=key)

    # ------------------------------------------------------------ writing
    def require_write(self) -> Any:
        if not Scope.of(self.user).writes:
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        return self.user

    def snapshot(self, obj: models.Model) -> dict[str, Any] | None:
        return audit.snapshot(obj) if obj.pk else None

    def save[M: models.Model](self, obj: M, before: dict[str, Any] | None) -> M:
        """Every API write goes through the shared service: permission, scope, validation, audit."""
        return save_record(self.user, obj, before=before)

    def delete(self, obj: models.Model) -> None:
        delete_record(self.user, obj)

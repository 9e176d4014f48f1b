"""One path for every change made by a person: permission, scope, write, audit — in one transaction.

Views, the API and commands call these and nothing else.
"""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from . import audit
from .models import ChangeAction
from .scope import unit_in_scope


class OutOfScope(PermissionDenied):
    """The record would land outside the user's scope."""


def _org_kind(obj: models.Model) -> str:
    field = getattr(type(obj), "scope_org_kind_field", None)
    if not field:
        return ""
    value: Any = obj
    for part in field.split("__"):
        value = getattr(value, part, "")
    return value or ""


def check_write(user: Any, obj: models.Model) -> None:
    if not user.can_write():
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
    unit = getattr(audit.scope_owner(obj), "unit", None)
    if unit is not None and not unit_in_scope(user, unit, _org_kind(obj)):
        raise OutOfScope(_("Đơn vị '%(unit)s' nằm ngoài phạm vi của bạn.") % {"unit": unit})


def _place(obj: models.Model) -> None:
    place = getattr(obj, "place", None)
    if place is not None:
        try:
            place()
        except ObjectDoesNotExist:
            pass  # a required relation is missing: full_clean() names it


def save_record[M: models.Model](user: Any, obj: M, before: dict[str, Any] | None = None) -> M:
    """Create (``obj.pk`` is None) or update ``obj``; ``before`` is its snapshot before the edit."""
    creating = obj.pk is None
    with transaction.atomic():
        _place(obj)
        check_write(user, obj)
        obj.full_clean()
        obj.save()
        # Re-check after the save: a changed unit must still be in scope (NetBox does the same).
        check_write(user, obj)
        audit.record(
            ChangeAction.CREATE if creating else ChangeAction.UPDATE,
            obj,
            before=None if creating else before,
            after=audit.snapshot(obj),
        )
    return obj


def delete_record(user: Any, obj: models.Model) -> None:
    with transaction.atomic():
        check_write(user, obj)
        before = audit.snapshot(obj)
        audit.record(ChangeAction.DELETE, obj, before=before)
        obj.delete()

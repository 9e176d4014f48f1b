"""One path for every change made by a person: permission, scope, write, audit — in one transaction.

Views, the API and commands call these and nothing else.
"""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from . import audit, locks, restore
from .choices import OrgKind
from .models import ChangeAction, ChangeRecord
from .scope import Scope


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


def written_by(user: Any, obj: models.Model) -> bool:
    """The record says this user may write it without a write role: a model may define
    ``written_by(self, user) -> bool`` (e.g. a cadre's own visit report). Validation, audit and the
    ledger are unchanged; only the role and scope check is waived for that record."""
    method = getattr(obj, "written_by", None)
    return bool(callable(method) and getattr(user, "is_authenticated", False) and method(user))


def check_write(user: Any, obj: models.Model) -> None:
    """The role may write, and the record's place and organization kind lie in the user's scope
    (or the record itself lets this user write it: ``written_by``)."""
    if written_by(user, obj):
        return
    scope = Scope.of(user)
    if not scope.writes:
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
    owner = audit.scope_owner(obj)
    unit = getattr(owner, "unit", None)
    if unit is None and getattr(type(owner), "scope_path_field", "") == "path":
        unit = owner  # an administrative unit (a village) is placed by its own path
    path = getattr(unit, "path", "") if unit is not None else ""
    if not path:
        return  # nothing placed yet: validation names the missing unit
    kind = _org_kind(owner)
    if not scope.may_write(path, kind):
        if scope.may_write(path):
            raise OutOfScope(_("Loại tổ chức '%(kind)s' nằm ngoài phạm vi của bạn.") % {"kind": _kind_label(kind)})
        raise OutOfScope(_("Đơn vị '%(unit)s' nằm ngoài phạm vi của bạn.") % {"unit": unit})


def _kind_label(kind: str) -> str:
    return str(OrgKind(kind).label) if kind in OrgKind.values else kind


def check_stored(user: Any, obj: models.Model) -> None:
    """An update must also be allowed on the record as stored (its old unit and kind), not only
    on the new values: a kind-limited user cannot take over another kind's record."""
    if obj.pk is None:
        return
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    if stored is not None:
        check_write(user, stored)


class EditConflict(ValidationError):
    """The record was saved by someone else since this edit began (optimistic locking).

    ``expected`` is the version the edit started from, ``stored`` the record as it is now;
    :meth:`changes` lists the audit entries written since, newest first (what changed, by whom).
    """

    def __init__(self, stored: models.Model, expected: int) -> None:
        self.stored = stored
        self.expected = expected
        super().__init__(
            _("“%(object)s” vừa được người khác sửa (phiên bản %(now)s, bạn đang sửa phiên bản %(yours)s). "
              "Hãy xem thay đổi của họ rồi sửa lại.") % {
                "object": stored, "now": stored.version, "yours": expected},
            code="edit_conflict",
        )

    def changes(self) -> list[ChangeRecord]:
        newer = max(int(self.stored.version) - int(self.expected), 1)
        return list(audit.history(self.stored)[:newer])


def check_version(obj: models.Model, expected_version: int | None) -> models.Model | None:
    """Lock the stored row (until the transaction ends) and refuse a stale edit: the stored
    version must be ``expected_version`` (``None``: no check). Returns the stored row."""
    if obj.pk is None or not hasattr(obj, "version"):
        return None
    stored = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if stored is not None and expected_version is not None and int(expected_version) != stored.version:
        raise EditConflict(stored, int(expected_version))
    return stored


def _check_update(user: Any, obj: models.Model, expected_version: int | None) -> None:
    """For an update, the record as stored — read once, locked until the transaction ends — must be
    the user's to write (``check_stored``), not newer than the edit (``check_version``) and not in
    a locked period; the edit then counts the next version."""
    if obj.pk is None:
        return
    stored = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if stored is None:
        return
    check_write(user, stored)
    if hasattr(stored, "version"):
        if expected_version is not None and int(expected_version) != stored.version:
            raise EditConflict(stored, int(expected_version))
        obj.version = stored.version + 1
    locks.check(stored)


def _place(obj: models.Model) -> None:
    place = getattr(obj, "place", None)
    if place is not None:
        try:
            place()
        except ObjectDoesNotExist:
            pass  # a required relation is missing: full_clean() names it


def save_record[M: models.Model](user: Any, obj: M, before: dict[str, Any] | None = None, *,
                                 expected_version: int | None = None) -> M:
    """Create (``obj.pk`` is None) or update ``obj``; ``before`` is its snapshot before the edit.

    ``expected_version`` is the version the editor started from (a form's hidden field, the API's
    ``version`` or ``If-Match``): a different stored version raises :class:`EditConflict`. A record
    in a locked period, as stored or as changed, raises ``locks.PeriodLocked``.
    """
    creating = obj.pk is None
    with transaction.atomic():
        _check_update(user, obj, expected_version)
        _place(obj)
        check_write(user, obj)
        obj.full_clean()
        locks.check(obj)
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


def delete_record(user: Any, obj: models.Model, *, expected_version: int | None = None) -> ChangeRecord:
    """Delete ``obj`` and what cascades with it; the audit entry's ``payload`` keeps every row
    deleted or detached (``core.restore``), so :func:`restore_record` can give them back."""
    with transaction.atomic():
        check_stored(user, obj)
        check_write(user, obj)
        check_version(obj, expected_version)
        locks.check_stored(obj)
        collector = restore.collector_for(obj)  # ProtectedError / RestrictedError before any write
        before = audit.snapshot(obj)
        entry = audit.record(ChangeAction.DELETE, obj, before=before, payload=restore.collect(obj, collector))
        obj.delete()
    return entry


class RestoreRefused(ValidationError):
    """A deleted record cannot be given back (nothing kept, already restored, id taken…)."""


def restorable(change: ChangeRecord) -> bool:
    """The entry keeps deleted rows and no restore was made from it yet."""
    payload = change.payload or {}
    return bool(payload.get("deleted")) and not ChangeRecord.objects.filter(
        action=ChangeAction.RESTORE, payload__restored_from=change.pk).exists()


def restore_record(user: Any, change: ChangeRecord) -> models.Model:
    """Re-create the rows a deletion removed, with their ids, and re-attach the rows it detached.

    The same rules as any write: the role, the scope of every restored row, period locks,
    uniqueness; one transaction; audited as ``RESTORE`` (payload ``{"restored_from": <entry id>}``).
    The rows are saved through the ORM, so the fact ledger's signals bring their facts back.
    """
    if not Scope.of(user).writes:
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
    if not restorable(change):
        raise RestoreRefused(_("Bản ghi này không có dữ liệu để khôi phục hoặc đã được khôi phục."),
                             code="not_restorable")
    payload = change.payload or {}
    objects = restore.rebuild(payload)
    root = restore.root_of(payload, objects)
    if root is None:
        raise RestoreRefused(_("Bản ghi này không có dữ liệu để khôi phục."), code="not_restorable")
    try:
        with transaction.atomic():
            for obj in objects:
                if type(obj)._default_manager.filter(pk=obj.pk).exists():
                    raise RestoreRefused(
                        _("Không khôi phục được: mã số %(pk)s của “%(object)s” đã được dùng cho bản ghi khác.")
                        % {"pk": obj.pk, "object": obj._meta.verbose_name}, code="pk_taken")
                if hasattr(obj, "version"):
                    obj.version += 1  # an edit begun before the deletion is stale
                _place(obj)
                obj.validate_unique()
                obj.validate_constraints()
                obj.save(force_insert=True)
            for obj in objects:
                if hasattr(obj, "unit_path") or getattr(type(obj), "scope_parent", None):
                    check_write(user, obj)
                    locks.check(obj)
            for model, name, pk, old in restore.detached_rows(payload):
                row = model._default_manager.filter(pk=pk, **{f"{name}__isnull": True}).first()
                if row is not None:
                    setattr(row, model._meta.get_field(name).attname, old)
                    row.save(update_fields=[name])
            audit.record(ChangeAction.RESTORE, root, after=audit.snapshot(root), payload={"restored_from": change.pk},
                         note=_("Khôi phục từ lần xóa lúc %(time)s") % {"time": f"{change.time:%d/%m/%Y %H:%M}"})
    except IntegrityError as error:
        raise RestoreRefused(
            _("Không khôi phục được: dữ liệu liên quan đã thay đổi (%(error)s).") % {"error": error},
            code="integrity") from error
    return root


def sees_deleted(user: Any, change: ChangeRecord) -> bool:
    """Whether ``user`` may see what a deletion kept: the entry's unit and, for a grant narrowed
    to one organization kind, the deleted record's kind (``ChangeRecord`` itself has no kind)."""
    scope = Scope.of(user)
    if not scope.sees(change.unit_path):
        return False
    if not scope.kind_limited:
        return True  # every kind is visible there: no need to read the kept rows back
    payload = change.payload or {}
    root = restore.root_of(payload, restore.rebuild(payload))
    if root is None:
        return True
    try:
        kind = _org_kind(audit.scope_owner(root))
    except ObjectDoesNotExist:
        kind = ""
    return scope.sees(change.unit_path, kind)

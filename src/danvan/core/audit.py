"""Writing the audit trail."""

import datetime as dt
import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .context import current_actor
from .models import ChangeAction, ChangeRecord, province_of_path


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's editable field values, JSON-safe."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if not field.editable or field.primary_key:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, dt.date | dt.datetime | dt.time | decimal.Decimal):
            value = str(value)
        elif isinstance(value, FieldFile):
            value = value.name or ""  # a stored file is recorded by its name
        data[field.name] = value
    return data


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    unit_path: str = "",
    note: str = "",
    model: type[models.Model] | None = None,
    payload: Any = None,
) -> ChangeRecord:
    """Write one entry of the audit trail for ``obj`` (or for ``model`` / a unit when ``obj`` is None).

    ``payload`` is extra JSON data kept with the entry (``ChangeRecord.payload``): the rows a
    deletion took with it, an import's job id and counts.
    """
    who = current_actor.get()
    user = who.user if who else None
    owner = scope_owner(obj) if obj is not None else None
    if owner is not None and owner is not obj:
        # A dependent row (a household's poverty review) is part of its owner's history.
        before = {f"{obj._meta.model_name}.{k}": v for k, v in (before or {}).items()} or None
        after = {f"{obj._meta.model_name}.{k}": v for k, v in (after or {}).items()} or None
        note = note or str(obj)
        obj = owner
        # Adding or removing a dependent row changes its owner.
        action = ChangeAction.UPDATE if action in (ChangeAction.CREATE, ChangeAction.DELETE) else action
    target = model or (type(obj) if obj is not None else None)
    own_path = getattr(obj, "unit_path", "") or getattr(obj, "path", "")
    path = unit_path or own_path
    # A scoped record, a unit or a job knows its province; another path (an import's) is looked up.
    province_id = getattr(obj, "province_id", None) if obj is not None and path == own_path else province_of_path(path)
    entry = ChangeRecord(
        user=user if user is not None and getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or (who.source if who else "system"),
        request_id=who.request_id if who else "",
        source=who.source if who else "system",
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=obj.pk if obj is not None else None,
        object_repr=str(obj)[:200] if obj is not None else "",
        unit_path=path,
        province_id=province_id,
        before=before,
        after=after,
        note=note,
        payload=payload,
    )
    pending = _batch.get()
    if pending is None:
        entry.save(force_insert=True)
    else:
        pending.append(entry)
    return entry


_batch: ContextVar[list[ChangeRecord] | None] = ContextVar("audit_batch", default=None)


@contextmanager
def batch() -> Iterator[None]:
    """Write the entries ``record`` makes inside the block in one INSERT when it ends (an API list
    of fifty people logs fifty accesses to sensitive data); nothing is written if it raises."""
    if _batch.get() is not None:  # already batching: the outer block writes
        yield
        return
    pending: list[ChangeRecord] = []
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    ChangeRecord.objects.bulk_create(pending)


def scope_owner(obj: models.Model) -> models.Model:
    """The scoped record a row belongs to: itself, or the one named by its ``scope_parent``."""
    parent = getattr(type(obj), "scope_parent", None)
    return getattr(obj, parent) if parent else obj


def history(obj: models.Model) -> models.QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("user")


__all__ = ["ChangeAction", "batch", "history", "record", "snapshot"]

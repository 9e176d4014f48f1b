"""Period locks: a record dated inside a signed-off period of its unit is read-only.

``core`` knows no sign-off: an app (``danvan.signoff``) registers a *provider* that answers, for
pairs of (unit path, day), which of them lie in a locked period and with what message. Every
write path asks here — ``services.save_record`` / ``delete_record`` (the record as stored and as
changed; UI, API, workflow moves), and every bulk write (imports; ``bulk_written`` is checked
below, inside the import's transaction, so a locked row rolls the whole file back).

A model opts in with ``lock_date_field`` (``ScopedModel``): the field whose day places it in a
period. Models without it (the registers) are never locked by periods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models

# provider(pairs) -> {(path, day): message} for the pairs that fall in a locked period.
Provider = Callable[[set[tuple[str, dt.date]]], dict[tuple[str, dt.date], str]]
_providers: list[Provider] = []


class PeriodLocked(ValidationError):
    """The record lies in a locked period; the message says which and who may unlock it."""


def register_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def lock_day(obj: models.Model) -> dt.date | None:
    """The day that places ``obj`` in a period, or None (not lockable, or no date yet)."""
    field = getattr(type(obj), "lock_date_field", None)
    if not field:
        return None
    value: Any = obj
    for part in field.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def find(pairs: Iterable[tuple[str, dt.date]]) -> dict[tuple[str, dt.date], str]:
    """The locked ones among ``pairs`` with their messages (empty when no provider locks any)."""
    wanted = {(path, day) for path, day in pairs if path and day}
    found: dict[tuple[str, dt.date], str] = {}
    if not wanted:
        return found
    for provider in _providers:
        found.update(provider(wanted))
    return found


def check(obj: models.Model) -> None:
    """Raise :class:`PeriodLocked` if ``obj`` (as it is in memory) lies in a locked period."""
    day = lock_day(obj)
    path = getattr(obj, "unit_path", "") or ""
    if day is None or not path or not _providers:
        return
    found = find([(path, day)])
    if found:
        raise PeriodLocked(next(iter(found.values())), code="period_locked")


def check_stored(obj: models.Model) -> None:
    """The record as stored must not be locked either (moving it out of a locked period is an edit)."""
    if obj.pk is None or not getattr(type(obj), "lock_date_field", None) or not _providers:
        return
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    if stored is not None:
        check(stored)


def check_written(model: type[models.Model], first_id: int | None, last_id: int | None,
                  updated_ids: Iterable[int]) -> None:
    """After a bulk write: refuse (raise) when a written row lies in a locked period."""
    field_name = getattr(model, "lock_date_field", None)
    if not field_name or "__" in field_name or not _providers:
        return
    field = model._meta.get_field(field_name)
    table, column = model._meta.db_table, field.column
    updated = list(updated_ids)
    where, params = [], []
    if first_id is not None and last_id is not None:
        where.append("id BETWEEN %s AND %s")
        params += [first_id, last_id]
    for start in range(0, len(updated), 900):
        part = updated[start:start + 900]
        where.append(f"id IN ({', '.join(['%s'] * len(part))})")
        params += part
    if not where:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT DISTINCT unit_path, "{column}" FROM "{table}" '  # noqa: S608 — names from model meta
            f'WHERE "{column}" IS NOT NULL AND ({" OR ".join(where)})', params)
        pairs = {(path, _as_date(day)) for path, day in cursor.fetchall()}
    found = find(pairs)
    if found:
        (path, day), message = min(found.items())
        raise PeriodLocked(message, code="period_locked")


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])

"""What a deletion takes with it, kept so that it can be given back.

A record is deleted with Django's :class:`~django.db.models.deletion.Collector` (what
``Model.delete`` and the admin's "are you sure?" page use): the rows deleted by cascade (a
person's memberships) and the rows merely detached (``SET_NULL``: a household's residents).
:func:`collect` serializes all of them (``django.core.serializers`` JSON, primary keys included)
into the payload of the DELETE audit entry, before anything is deleted; :func:`rebuild` reads
it back as unsaved model instances, parents first, so ``services.restore_record`` can save
them again with their ids — the ledger's save signals then put their facts back.

Payload::

    {"root": {"model": "people.person", "pk": 7},
     "deleted": [<serialized row>, …],               # deletion order: dependents first
     "detached": [{"model": "people.person", "field": "household", "rows": [[pk, old id], …]}]}
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core import serializers
from django.db import models, router
from django.db.models.deletion import Collector

SAMPLE = 10  # names shown per kind of row on the confirmation page


def collector_for(obj: models.Model) -> Collector:
    """The collector of everything deleting ``obj`` touches (raises ``ProtectedError`` /
    ``RestrictedError`` as the deletion would)."""
    collector = Collector(using=router.db_for_write(type(obj), instance=obj), origin=obj)
    collector.collect([obj])
    collector.sort()
    return collector


def _rows(objs: Any) -> list[models.Model]:
    return list(objs) if not isinstance(objs, models.Model) else [objs]


def _deleted(collector: Collector) -> list[models.Model]:
    """Every row the collector deletes, in deletion order (dependents first)."""
    found: list[models.Model] = []
    for qs in collector.fast_deletes:
        found.extend(_rows(qs))
    for instances in collector.data.values():
        found.extend(sorted(instances, key=lambda o: o.pk))
    return found


def _detached(collector: Collector, deleted: set[tuple[str, Any]]) -> list[dict[str, Any]]:
    """Rows whose reference is set to NULL (or another value) by the deletion, with the old value."""
    result: list[dict[str, Any]] = []
    for (fk, _value), batches in collector.field_updates.items():
        label = fk.model._meta.label_lower
        rows: list[list[Any]] = []
        for batch in batches:
            if isinstance(batch, models.QuerySet):
                pairs = batch.values_list("pk", fk.attname)
            else:
                pairs = [(o.pk, getattr(o, fk.attname)) for o in _rows(batch)]
            rows.extend([pk, old] for pk, old in pairs if (label, pk) not in deleted)
        if rows:
            result.append({"model": label, "field": fk.name, "rows": rows})
    return result


def collect(obj: models.Model, collector: Collector | None = None) -> dict[str, Any]:
    """The payload that lets ``obj``'s deletion be undone (see the module docstring)."""
    collector = collector or collector_for(obj)
    rows = _deleted(collector)
    deleted = {(o._meta.label_lower, o.pk) for o in rows}
    return {
        "root": {"model": obj._meta.label_lower, "pk": obj.pk},
        "deleted": json.loads(serializers.serialize("json", rows)),
        "detached": _detached(collector, deleted),
    }


def rebuild(payload: dict[str, Any]) -> list[models.Model]:
    """The deleted rows as unsaved instances, parents first (the reverse of deletion order)."""
    objects = serializers.deserialize("json", json.dumps(payload.get("deleted") or []), ignorenonexistent=True)
    return [d.object for d in reversed(list(objects))]


def root_of(payload: dict[str, Any], objects: Iterable[models.Model]) -> models.Model | None:
    root = payload.get("root") or {}
    for obj in objects:
        if obj._meta.label_lower == root.get("model") and obj.pk == root.get("pk"):
            return obj
    return None


def detached_rows(payload: dict[str, Any]) -> Iterable[tuple[type[models.Model], str, Any, Any]]:
    """(model, field name, pk, old value) of every row the deletion detached."""
    for entry in payload.get("detached") or ():
        model = apps.get_model(entry["model"])
        for pk, old in entry["rows"]:
            yield model, entry["field"], pk, old


@dataclass
class Group:
    """One kind of row going with a deletion, for the confirmation page."""

    label: str
    count: int
    names: list[str] = field(default_factory=list)
    detached_by: str = ""  # the field set to empty, for detached rows

    @property
    def more(self) -> int:
        return self.count - len(self.names)


def summary(obj: models.Model) -> tuple[list[Group], list[Group]]:
    """What deleting ``obj`` deletes with it and what it only detaches, grouped by kind."""
    collector = collector_for(obj)
    deleted: dict[type[models.Model], list[models.Model]] = {}
    for row in _deleted(collector):
        if row is obj or (type(row) is type(obj) and row.pk == obj.pk):
            continue
        deleted.setdefault(type(row), []).append(row)
    going = [Group(str(m._meta.verbose_name_plural), len(rows), [str(r) for r in rows[:SAMPLE]])
             for m, rows in deleted.items() if not m._meta.auto_created]
    keys = {(o._meta.label_lower, o.pk) for rows in deleted.values() for o in rows}
    detached = []
    for entry in _detached(collector, keys):
        model = apps.get_model(entry["model"])
        pks = [pk for pk, _old in entry["rows"]]
        names = [str(o) for o in model._default_manager.filter(pk__in=pks[:SAMPLE])]
        detached.append(Group(str(model._meta.verbose_name_plural), len(pks), names,
                              str(model._meta.get_field(entry["field"]).verbose_name)))
    return going, detached

"""Keeping the ledger current: ORM signals and the bulk path's ``bulk_written``.

Both run inside the writer's transaction (``save_record``/``delete_record`` and the bulk loaders
open one), so a record and its facts commit or roll back together.
"""

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_delete

from danvan.core.bulk import bulk_written

from . import ledger


def _saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: facts are rebuilt afterwards
        return
    ledger.records_changed(sender._meta.label, ledger.keys_in([instance.pk]))


def _deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
    ledger.capture_before_delete(sender._meta.label, instance)


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    ledger.records_changed(sender._meta.label, ledger.keys_in([instance.pk]), [instance])


def _bulk(sender: Any, first_id: int | None = None, last_id: int | None = None,
          updated_ids: list[int] | None = None, **kwargs: Any) -> None:
    label = sender._meta.label
    if label not in ledger.watched_labels():
        return
    if ledger.collect_bulk(label, first_id, last_id, updated_ids or []):
        return  # inside ledger.bulk_batch(): rewritten once at the end of the batch
    ledger.bulk_changed([(label, first_id, last_id, updated_ids or [])])


def _unit_saved(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    """An edited unit (a village moved or given its legacy commune): re-place its records."""
    if raw or created:
        return
    ledger.reset_placements([instance.pk])
    for source in ledger.registry.sources.values():
        for predicate in ledger.keys_in(ledger._fetch_ids(
            f"SELECT id FROM {source.table} WHERE unit_id = {int(instance.pk)}"  # noqa: S608
        )):
            ledger.refresh(source, predicate)


def connect() -> None:
    for label in sorted(ledger.watched_labels()):
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"indicators-save-{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"indicators-delete-{label}")
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"indicators-deleting-{label}")
    post_save.connect(_unit_saved, sender=apps.get_model("geo.AdminUnit"), dispatch_uid="indicators-unit")
    bulk_written.connect(_bulk, dispatch_uid="indicators-bulk")

"""Retention (Law 91/2025/QH15: data kept no longer than its purpose needs): a person whose
memberships all ended more than ``PRIVACY_RETENTION_YEARS`` (default 5) years ago is anonymised.

What goes: the name (→ "Đã ẩn danh"), phone, ethnicity and Party membership, and the same values
in the audit trail's earlier entries about that person (the trail keeps who did what and when).
What stays: the code, sex, birth year, unit, household link and memberships with their dates —
every figure of every report is computed from these, so no report changes. Written set-based
(``core.bulk``: the ledger follows) with one audit entry per person.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from danvan.core import audit, bulk
from danvan.core.models import ChangeAction, ChangeRecord
from danvan.core.text import NameKeys
from danvan.people.models import Person

ANONYMOUS = "Đã ẩn danh"
CLEARED = {"full_name": ANONYMOUS, "phone": "", "ethnicity": "", "party_member": False}
SCRUBBED = ("full_name", "phone", "ethnicity", "party_member")


def retention_years() -> int:
    return int(getattr(settings, "PRIVACY_RETENTION_YEARS", 5))


def cutoff(years: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def due_for_anonymisation(years: int, today: dt.date | None = None) -> QuerySet[Person]:
    """People with at least one membership, all of them ended before the cut-off, not yet anonymised."""
    return (Person.objects.filter(memberships__isnull=False)
            .exclude(memberships__left__isnull=True)
            .exclude(memberships__left__gte=cutoff(years, today))
            .exclude(full_name=ANONYMOUS).distinct().order_by("id"))


def _scrub(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if not values:
        return values
    return {k: (None if k.split(".")[-1] in SCRUBBED else v) for k, v in values.items()}


def anonymise(years: int | None = None, dry_run: bool = False, today: dt.date | None = None) -> int:
    """Anonymise the people due; returns how many (``dry_run``: counts only)."""
    years = retention_years() if years is None else years
    people = list(due_for_anonymisation(years, today).values_list("id", flat=True))
    if dry_run or not people:
        return len(people)
    folded, sort = NameKeys()(ANONYMOUS)
    now = bulk.now()
    content_type = ContentType.objects.get_for_model(Person)
    note = f"Ẩn danh: mọi sinh hoạt chi hội đã kết thúc quá {years} năm (Luật 91/2025/QH15)"
    with transaction.atomic():
        fields = ("full_name", "name_folded", "name_sort", "phone", "ethnicity", "party_member", "updated")
        bulk.write(Person, fields, changed_rows=[
            (pk, (ANONYMOUS, folded, sort, "", "", False, now)) for pk in people])
        for start in range(0, len(people), bulk.LOOKUP_CHUNK):
            ids = people[start:start + bulk.LOOKUP_CHUNK]
            for change in ChangeRecord.objects.filter(content_type=content_type, object_id__in=ids):
                change.before, change.after = _scrub(change.before), _scrub(change.after)
                change.object_repr = ANONYMOUS
                change.save(update_fields=["before", "after", "object_repr"])
            for person in Person.objects.filter(id__in=ids):
                audit.record(ChangeAction.UPDATE, person, after=dict(CLEARED), note=note)
    return len(people)

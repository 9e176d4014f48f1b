"""Overdue petitions and their escalation to the level above.

"Overdue" is derived, never stored: an open petition (``OPEN_STATES``) whose *running* deadline is
before today — ``due_accept`` while it is received or classified (``due_answer`` when no accept
deadline applies), ``due_answer`` once forwarded or accepted — the same rule as ``Petition.due()``,
written as a SQL expression (``running_due``) so lists filter and sort in the database on SQLite and
PostgreSQL alike.

A petition becomes overdue the day after its due date: due yesterday → overdue today, shown on the
province's dashboard that very day (``escalated_to``); due today → not yet overdue.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Case, DateField, F, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from .choices import OPEN_STATES, PetitionState
from .models import Petition

# While the case waits to be accepted, the accept deadline runs (the answer one when none applies).
WAITING_STATES = (PetitionState.RECEIVED, PetitionState.CLASSIFIED)

RUNNING_DUE = Case(
    When(state__in=WAITING_STATES, then=Coalesce("due_accept", "due_answer")),
    When(state__in=OPEN_STATES, then=F("due_answer")),
    default=None,
    output_field=DateField(),
)


def with_due(petitions: QuerySet[Petition]) -> QuerySet[Petition]:
    """``petitions`` with ``running_due``: the deadline running now (None when closed or unknown)."""
    if "running_due" in petitions.query.annotations:
        return petitions
    return petitions.annotate(running_due=RUNNING_DUE)


def overdue_q(today: dt.date) -> Q:
    """The one definition of overdue, as a filter: open, and the running deadline (``RUNNING_DUE``:
    to accept while waiting, falling back to the answer's; then to answer) is before ``today``.
    Used by the list filter, the hot spots and the watch lists alike."""
    waiting = Q(state__in=WAITING_STATES)
    return Q(state__in=OPEN_STATES) & (
        (waiting & Q(due_accept__lt=today))
        | (waiting & Q(due_accept__isnull=True) & Q(due_answer__lt=today))
        | (~waiting & Q(due_answer__lt=today)))


def overdue(petitions: QuerySet[Petition], today: dt.date | None = None) -> QuerySet[Petition]:
    """The open ``petitions`` whose running deadline is before ``today`` (annotated ``running_due``),
    most overdue first."""
    today = today or timezone.localdate()
    return with_due(petitions).filter(overdue_q(today)).order_by("running_due", "received", "id")


def due_between(petitions: QuerySet[Petition], first: dt.date, last: dt.date) -> QuerySet[Petition]:
    """The open ``petitions`` whose running deadline falls in [first, last] (not yet overdue on ``first``)."""
    return (with_due(petitions).filter(state__in=OPEN_STATES, running_due__gte=first, running_due__lte=last)
            .order_by("running_due", "received", "id"))


def days_overdue(petition: Petition, today: dt.date | None = None) -> int:
    """Days past the running deadline (0 when not overdue, closed or without a deadline)."""
    today = today or timezone.localdate()
    due = getattr(petition, "running_due", None) or petition.due()
    if due is None or not petition.is_open or due >= today:
        return 0
    return (today - due).days


def _own_unit_ids(user: Any) -> set[int]:
    from danvan.core.scope import Scope

    return {reach.unit.pk for reach in Scope.of(user).reaches}


def escalated_to(user: Any, today: dt.date | None = None,
                 petitions: QuerySet[Petition] | None = None) -> QuerySet[Petition]:
    """The overdue petitions that appear to ``user`` as the level above: in the user's scope and
    placed in a commune (or its villages) other than a unit the user is granted itself — for a
    province user, every overdue case of the province's communes; for a commune user, none (the
    commune's own list is ``overdue(Petition.objects.visible_to(user))``)."""
    base = petitions if petitions is not None else Petition.objects.visible_to(user)
    own = _own_unit_ids(user)
    found = overdue(base, today).filter(commune__isnull=False)
    if own:
        found = found.exclude(commune_id__in=own)
    return found


def by_commune(petitions: Iterable[Petition], today: dt.date | None = None) -> list[dict[str, Any]]:
    """Overdue petitions grouped by commune, the communes with the oldest overdue case first:
    ``[{"commune": AdminUnit | None, "count", "oldest" (earliest due date), "days" (most days
    overdue), "petitions": [...]}]``. Each petition gets ``days_overdue``."""
    today = today or timezone.localdate()
    groups: dict[Any, dict[str, Any]] = {}
    for petition in petitions:
        petition.days_overdue = days_overdue(petition, today)
        key = petition.commune_id
        group = groups.setdefault(key, {"commune": petition.commune if key else None, "count": 0,
                                        "oldest": None, "days": 0, "petitions": []})
        group["count"] += 1
        group["petitions"].append(petition)
        due = getattr(petition, "running_due", None) or petition.due()
        if due is not None and (group["oldest"] is None or due < group["oldest"]):
            group["oldest"] = due
        group["days"] = max(group["days"], petition.days_overdue)
    return sorted(groups.values(), key=lambda g: (g["oldest"] or today, -g["count"],
                                                  g["commune"].name_sort if g["commune"] else ""))

"""Deadline arithmetic: which rule applies to a petition's stage, and the day it falls due.

**Which rule.** The rules (``DeadlineRule``) of the petition's unit and every unit above it, for
the stage, valid on the day the stage starts, whose kind, channel and complexity are the
petition's or empty ("any"). The most specific wins: the nearest unit, then a rule naming the
kind, then the channel, then the complexity, then the latest ``valid_from``. A rule valid until
30 June 2026 and its successor from 1 July 2026 therefore give a case received on 30 June the
old count and one received on 1 July the new — whenever either is saved.

**Which day.** Working days (``core.workdays``) skip Saturdays, Sundays, Vietnam's public holidays
(the ``holidays`` package: Tết, Hùng Kings, 30/4, 1/5, National Day, and the government's
substitute days) and the days off the site adds (``DayOff``; one marked ``working`` is a weekend day worked in exchange,
so it counts). Counting starts the day after the stage's start. A count in calendar days whose
last day is not a working day ends on the next working day (Civil Code 2015, art. 148).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from danvan.core.workdays import WorkCalendar

from .choices import DayCount, Stage


def ancestors(path: str) -> list[str]:
    """The unit paths above and including ``path``: "VN/92/31135/" → ["VN/", "VN/92/", "VN/92/31135/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


@dataclass
class Rules:
    """The deadline rules and days off that may apply at some places, read once (one petition's
    ancestors, or a whole province for a bulk load)."""

    rules: list[Any] = field(default_factory=list)
    days_off: list[Any] = field(default_factory=list)

    @classmethod
    def for_paths(cls, paths: Iterable[str]) -> Rules:
        from .models import DayOff, DeadlineRule

        above = sorted({a for path in paths for a in ancestors(path)})
        return cls(rules=list(DeadlineRule.objects.filter(unit_path__in=above)),
                   days_off=list(DayOff.objects.filter(unit_path__in=above)))

    def calendar(self, path: str) -> WorkCalendar:
        mine = [d for d in self.days_off if path.startswith(d.unit_path)]
        return WorkCalendar(days_off=frozenset(d.date for d in mine if not d.working),
                            working=frozenset(d.date for d in mine if d.working))

    def rule(self, path: str, stage: str, kind: str, channel: str, complex_: bool, day: dt.date) -> Any:
        """The rule for a stage starting on ``day`` of a petition at ``path`` (None: no rule)."""
        candidates = [r for r in self.rules
                      if r.stage == stage and path.startswith(r.unit_path) and r.kind in ("", kind)
                      and r.channel in ("", channel) and r.complex in (None, complex_)
                      and r.valid_from <= day and (r.valid_to is None or day <= r.valid_to)]
        return max(candidates, default=None, key=lambda r: (
            len(r.unit_path), r.kind != "", r.channel != "", r.complex is not None, r.valid_from))

    def due(self, petition: Any, stage: str, start: dt.date | None) -> dt.date | None:
        if start is None:
            return None
        rule = self.rule(petition.unit_path, stage, petition.kind, petition.channel, bool(petition.complex), start)
        if rule is None:
            return None
        return self.calendar(petition.unit_path).add(start, rule.days, working=rule.count == DayCount.WORKING)


def stage_starts(petition: Any) -> dict[str, dt.date | None]:
    """The day each stage's count starts: receipt, acceptance (or receipt, before acceptance), resolution."""
    return {
        Stage.ACCEPT: petition.received,
        Stage.ANSWER: petition.accepted_on or petition.received,
        Stage.NOTIFY: petition.resolved_on,
    }


def fill_due_dates(petition: Any, rules: Rules | None = None) -> None:
    """Set the petition's ``due_accept``, ``due_answer`` and ``due_notify`` from the rules
    (read for its place unless a bulk loader passes them)."""
    if not petition.unit_path or petition.received is None:
        return
    rules = rules if rules is not None else Rules.for_paths([petition.unit_path])
    starts = stage_starts(petition)
    petition.due_accept = rules.due(petition, Stage.ACCEPT, starts[Stage.ACCEPT])
    petition.due_answer = rules.due(petition, Stage.ANSWER, starts[Stage.ANSWER])
    petition.due_notify = rules.due(petition, Stage.NOTIFY, starts[Stage.NOTIFY])


def is_overdue(petition: Any, today: dt.date) -> bool:
    """Open and its running deadline (to accept, then to answer) is before ``today``."""
    due = petition.due()
    return due is not None and due < today

"""Units short of the dialogue rules (``DialogueRule``: the head of the Party committee receives
citizens at least 1 day a month at province level, 2 at commune level; the commune dialogue
conference once a year).

How a period is judged — ``shortfalls(unit, start, end)``:

- The rules are data. For each kind and level, the rule that governs a unit is the one of the
  *nearest* unit above it (or the unit itself) — the country's shipped rules (``law.install``) unless
  a province stores its own — so a province override wins for its communes.
- A month rule is counted per calendar month, a year rule per calendar year: every month (year)
  that overlaps [start, end] requires ``times`` of the kind, so a three-month period under
  "2 a month" requires 6, and one month in progress already requires its full 2 (the list is a
  watch: "not yet reached this month"). The requirement is over the whole period, not month by
  month: 3 in January and 1 in February meet "2 a month" over the two months; ask month by month
  for the strict view.
- The rule governing a month (year) is the one in force on its first day, or, when none is, the
  first one that comes into force during it. KL 215-KL/TW (23/11/2025) thus raises the commune's
  receptions to 2 from December 2025: November 2025 is judged by the old rule (1).
- ``periods`` narrows the rules judged: the dashboard watches the month rules over this month and
  the year rules over this year (a one-month period otherwise also asks for the year's conference).
- Held: the dialogues of the kind placed at the unit itself dated within [start, end].
- Only current units are listed (``AdminUnit.is_legacy`` false): records are filed under them.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from danvan.geo.models import AdminUnit

from .choices import DialoguePeriod
from .models import Dialogue, DialogueRule


@dataclass
class Shortfall:
    """A unit that held fewer dialogues of ``rule``'s kind than required in the period."""

    unit: AdminUnit
    rule: DialogueRule
    held: int
    required: int

    @property
    def missing(self) -> int:
        return self.required - self.held


def _slots(period: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months (or years) overlapping [start, end], as (first day, last day)."""
    slots = []
    if period == DialoguePeriod.YEAR:
        for year in range(start.year, end.year + 1):
            slots.append((dt.date(year, 1, 1), dt.date(year, 12, 31)))
        return slots
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first = dt.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        slots.append((first, dt.date(year, month, 1) - dt.timedelta(days=1)))
    return slots


def _governing(rules: list[DialogueRule], first: dt.date, last: dt.date) -> DialogueRule | None:
    """Among one unit's rules of a kind and level: the one in force on ``first``, else the first
    one coming into force by ``last``."""
    live = [r for r in rules if r.valid_from <= last and (r.valid_to is None or r.valid_to >= first)]
    if not live:
        return None
    on_first = [r for r in live if r.valid_from <= first]
    if on_first:
        return max(on_first, key=lambda r: r.valid_from)
    return min(live, key=lambda r: r.valid_from)


def _rule_for(rules: list[DialogueRule], path: str, first: dt.date, last: dt.date) -> DialogueRule | None:
    """The governing rule of the nearest unit on ``path`` (its own or an ancestor's) that has one."""
    by_unit: dict[str, list[DialogueRule]] = defaultdict(list)
    for rule in rules:
        if path.startswith(rule.unit_path):
            by_unit[rule.unit_path].append(rule)
    for unit_path in sorted(by_unit, key=len, reverse=True):
        found = _governing(by_unit[unit_path], first, last)
        if found is not None:
            return found
    return None


def shortfalls(unit: AdminUnit, start: dt.date, end: dt.date,
               periods: tuple[str, ...] = (DialoguePeriod.MONTH, DialoguePeriod.YEAR)) -> list[Shortfall]:
    """The current units under ``unit`` (itself included) of each rule's level that held fewer
    dialogues of the rule's kind in [start, end] than the rules require (see the module's notes),
    ordered by unit then kind. ``periods`` limits the rules judged (e.g. only the month rules when
    watching one month: a year rule's year is not over)."""
    if end < start:
        return []
    ancestors = [p for p in _prefixes(unit.path)]
    rules = list(DialogueRule.objects.filter(Q(unit_path__in=ancestors) | Q(unit_path__under=unit.path))
                 .filter(valid_from__lte=end).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
                 .order_by("unit_path", "valid_from", "id"))
    groups: dict[tuple[str, int], list[DialogueRule]] = defaultdict(list)
    for rule in rules:
        groups[(rule.kind, rule.level)].append(rule)
    found: list[Shortfall] = []
    targets_by_level: dict[int, list[AdminUnit]] = {}
    for (kind, level), kind_rules in groups.items():
        if level not in targets_by_level:
            targets_by_level[level] = list(AdminUnit.objects.current().subtree(unit).filter(level=level)
                                           .order_by("name_sort", "key"))
        targets = targets_by_level[level]
        if not targets:
            continue
        held = dict(Dialogue.objects.filter(unit_path__under=unit.path, kind=kind, date__gte=start,
                                            date__lte=end, unit_id__in=[t.pk for t in targets])
                    .values_list("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))
        for target in targets:
            required, last_rule = 0, None
            for period in periods:
                for first, last in _slots(period, start, end):
                    rule = _rule_for(kind_rules, target.path, first, last)
                    if rule is not None and rule.period == period:
                        required += rule.times
                        last_rule = rule
            count = held.get(target.pk, 0)
            if last_rule is not None and count < required:
                found.append(Shortfall(target, last_rule, count, required))
    found.sort(key=lambda s: (s.unit.name_sort, s.unit.key, s.rule.kind))
    return found


def _prefixes(path: str) -> list[str]:
    """``"VN/92/31135/"`` → ``["VN/", "VN/92/", "VN/92/31135/"]``."""
    parts = path.strip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def visible(items: list[Shortfall], user: Any) -> list[Shortfall]:
    """The shortfalls of units ``user`` reaches (a unit out of scope is not named)."""
    from danvan.core.scope import Scope

    scope = Scope.of(user)
    return [s for s in items if scope.sees(s.unit.path)]


def describe(shortfall: Shortfall) -> str:
    """A one-line Vietnamese summary, e.g. for the digest and exports."""
    from django.utils.translation import gettext as _

    return _("%(unit)s: %(kind)s %(held)s/%(required)s lần") % {
        "unit": shortfall.unit.name, "kind": shortfall.rule.get_kind_display(), "held": shortfall.held,
        "required": shortfall.required}


def as_rows(items: list[Shortfall]) -> list[dict[str, Any]]:
    """Shortfalls as plain rows (for JSON and templates)."""
    return [{"unit": s.unit.key, "unit_name": s.unit.name, "kind": s.rule.kind, "level": s.rule.level,
             "period": s.rule.period, "held": s.held, "required": s.required} for s in items]

"""Hot spots (điểm nóng): where petitions pile up and need the committee's attention.

Three kinds, each a :class:`HotSpot`:

- ``cluster``: at least ``CLUSTER_MIN`` similar open petitions (``similarity``, linked at
  ``similarity.THRESHOLD``) received in the last ``CLUSTER_DAYS`` days in one commune — placed
  in the village when they all come from one village;
- ``repeat``: one petitioner (the same person of the register, or the same name and contact) with
  at least ``REPEAT_MIN`` petitions received in the last ``REPEAT_DAYS`` days (any state);
- ``overdue``: at least ``OVERDUE_MIN`` open petitions of one commune whose running deadline is
  before today (``due_accept`` while received or classified, else ``due_answer``).

Sorted by count, largest first.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from danvan.core.text import fold
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from .choices import OPEN_STATES
from .escalation import overdue_q
from .similarity import THRESHOLD, Index, document, paraphrases

CLUSTER_DAYS = 30  # a cluster counts the petitions received in this many days up to today
CLUSTER_MIN = 5  # … and is a hot spot from this many similar open petitions
REPEAT_DAYS = 90  # a repeat petitioner: petitions received in this many days up to today
REPEAT_MIN = 3  # … at least this many
OVERDUE_MIN = 5  # a commune with at least this many overdue open petitions

REASONS = ("cluster", "repeat", "overdue")


@dataclass
class HotSpot:
    unit: AdminUnit
    reason: str  # "cluster", "repeat" or "overdue"
    count: int
    label: str
    petition_ids: list[int] = field(default_factory=list)


def hot_spots(petitions: QuerySet, today: dt.date) -> list[HotSpot]:
    """The hot spots among ``petitions`` (a queryset of ``Petition``, e.g. those a user sees)."""
    spots = _clusters(petitions, today) + _repeats(petitions, today) + _overdue(petitions, today)
    spots.sort(key=lambda s: (-s.count, REASONS.index(s.reason), s.unit.name, s.petition_ids))
    return spots


def _units(ids: set[int]) -> dict[int, AdminUnit]:
    return AdminUnit.objects.in_bulk(list(ids))


# ---------------------------------------------------------------- clusters
def _components(size: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(size):
        groups[root(i)].append(i)
    return list(groups.values())


def _clusters(petitions: QuerySet, today: dt.date) -> list[HotSpot]:
    start = today - dt.timedelta(days=CLUSTER_DAYS - 1)
    rows = list(petitions.filter(state__in=OPEN_STATES, merged_into__isnull=True,
                                 received__gte=start, received__lte=today)
                .order_by("received", "id")
                .values_list("id", "title", "text", "unit_id", "commune_id", "received"))
    by_commune: dict[int | None, list[int]] = defaultdict(list)
    for n, row in enumerate(rows):
        by_commune[row[4]].append(n)
    candidates = [members for members in by_commune.values() if len(members) >= CLUSTER_MIN]
    if not candidates:
        return []
    # The term weights (IDF) come from the window's petitions and the shipped labelled texts: fitted
    # on a few petitions about one topic alone, the topic's own words would weigh nothing and the
    # cluster would not be seen.
    linked = _similar_pairs(tuple(document(title, text) for _pk, title, text, *_rest in rows))
    found: list[list[int]] = []
    for members in candidates:
        local = {n: k for k, n in enumerate(members)}
        pairs = [(local[i], local[j]) for i, j in linked if i in local and j in local]
        for component in _components(len(members), pairs):
            if len(component) >= CLUSTER_MIN:
                found.append([members[k] for k in component])
    units = _units({rows[n][3] for group in found for n in group} | {rows[n][4] for group in found for n in group
                                                                     if rows[n][4]})
    spots = []
    for group in found:
        places = {rows[n][3] for n in group}
        commune_id = rows[group[0]][4]
        unit = units[next(iter(places))]
        if (len(places) > 1 or unit.level != Level.VILLAGE) and commune_id:
            unit = units[commune_id]
        days = (max(rows[n][5] for n in group) - min(rows[n][5] for n in group)).days + 1
        topic = _topic([rows[n][1] for n in group])
        label = _("%(unit)s: %(count)s kiến nghị tương tự về “%(topic)s” trong %(days)s ngày") % {
            "unit": unit.name, "count": len(group), "topic": topic, "days": days}
        spots.append(HotSpot(unit, "cluster", len(group), label, sorted(rows[n][0] for n in group)))
    return spots


@functools.lru_cache(maxsize=16)
def _similar_pairs(documents: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """The pairs of ``documents`` alike enough to cluster. A pure function of the texts, so the
    dashboard's panel (loaded on every view) fits the TF-IDF index only when the window's
    petitions changed: the fit is most of the panel's time (35 of 65 ms on the demo province)."""
    index = Index([*documents, *(text for _group, text in paraphrases())])
    return tuple((i, j) for i, j in index.pairs(THRESHOLD) if i < len(documents) and j < len(documents))


def _topic(titles: list[str]) -> str:
    """The cluster's first title, shortened."""
    title = titles[0].strip()
    return title if len(title) <= 80 else title[:77].rstrip() + "…"


# ---------------------------------------------------------------- repeat petitioners
def _contact_key(contact: str) -> str:
    digits = re.sub(r"\D", "", contact)
    return digits[-9:] if len(digits) >= 9 else fold(contact).replace(" ", "")


def _repeats(petitions: QuerySet, today: dt.date) -> list[HotSpot]:
    start = today - dt.timedelta(days=REPEAT_DAYS - 1)
    rows = (petitions.filter(anonymous=False, received__gte=start, received__lte=today)
            .order_by("received", "id")
            .values_list("id", "person_id", "name", "contact", "commune_id", "unit_id"))
    groups: dict[tuple[str, ...], list[tuple[int, str, int | None, int]]] = defaultdict(list)
    for pk, person_id, name, contact, commune_id, unit_id in rows:
        if person_id:
            key: tuple[str, ...] = ("person", str(person_id))
        elif name.strip() and contact.strip():
            key = ("name", fold(name), _contact_key(contact))
        else:
            continue
        groups[key].append((pk, name.strip(), commune_id, unit_id))
    found = [members for members in groups.values() if len(members) >= REPEAT_MIN]
    if not found:
        return []
    units = _units({m[-1][2] or m[-1][3] for m in found})
    from danvan.people.models import Person

    people = Person.objects.in_bulk([int(k[1]) for k, m in groups.items() if k[0] == "person" and len(m) >= REPEAT_MIN])
    spots = []
    for key, members in groups.items():
        if len(members) < REPEAT_MIN:
            continue
        last = members[-1]
        unit = units[last[2] or last[3]]
        who = last[1] or (people[int(key[1])].full_name if key[0] == "person" and int(key[1]) in people else "")
        label = _("%(unit)s: %(name)s gửi %(count)s đơn trong %(days)s ngày") % {
            "unit": unit.name, "name": who or _("một người"), "count": len(members), "days": REPEAT_DAYS}
        spots.append(HotSpot(unit, "repeat", len(members), label, sorted(m[0] for m in members)))
    return spots


# ---------------------------------------------------------------- overdue
def _overdue(petitions: QuerySet, today: dt.date) -> list[HotSpot]:
    rows = petitions.filter(overdue_q(today)).order_by("id").values_list("id", "commune_id", "unit_id")
    groups: dict[int, list[int]] = defaultdict(list)
    for pk, commune_id, unit_id in rows:
        groups[commune_id or unit_id].append(pk)
    found = {k: v for k, v in groups.items() if len(v) >= OVERDUE_MIN}
    units = _units(set(found))
    return [HotSpot(units[k], "overdue", len(v),
                    _("%(unit)s: %(count)s vụ việc quá hạn chưa giải quyết") % {"unit": units[k].name,
                                                                                 "count": len(v)},
                    sorted(v))
            for k, v in found.items()]

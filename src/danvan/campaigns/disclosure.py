"""What a work collected, per village: the figures of its public page, its printable notice for
the village board and its detail page (Law on Grassroots Democracy 10/2022/QH15, art. 15: what
the village decided, what was collected and what was spent are made public).

``lines`` gives each contribution as the public may see it: the contributor's name only where they
agreed (``Contribution.public_name``), never a household code, address or person. ``decisions``
gives the village meetings behind the contributions (date, subject, attendance, share agreeing).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum

from .models import Contribution, VillageDecision, Work


@dataclass
class VillageTotal:
    """One village's contributions to a work."""

    unit_id: int
    village: str
    commune: str
    contributions: int
    cash_vnd: int
    labor_days: int
    land_m2: int
    lines: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    unit_key: str = ""
    sort_key: str = field(default="", repr=False)


@dataclass
class Disclosure:
    work: Work
    villages: list[VillageTotal]

    @property
    def cash_vnd(self) -> int:
        return sum(v.cash_vnd for v in self.villages)

    @property
    def labor_days(self) -> int:
        return sum(v.labor_days for v in self.villages)

    @property
    def land_m2(self) -> int:
        return sum(v.land_m2 for v in self.villages)

    @property
    def contributions(self) -> int:
        return sum(v.contributions for v in self.villages)

    def village(self, unit_key: str) -> VillageTotal | None:
        """The village of key ``unit_key``, if it contributed or decided."""
        return next((v for v in self.villages if v.unit_key == unit_key), None)


def _decision(decision: VillageDecision) -> dict[str, Any]:
    return {"day": decision.day, "subject": decision.subject, "households": decision.households,
            "attending": decision.attending, "agreeing": decision.agreeing, "share": decision.agreeing_share}


def by_village(work: Work, with_lines: bool = False) -> Disclosure:
    """The work's contributions summed per village (name order), with the villages' decisions about
    it, optionally with their public lines. A village that decided but gave nothing yet shows zeros."""
    rows = (Contribution.objects.filter(work=work)
            .values("unit_id", "unit__key", "unit__name", "unit__name_sort", "unit__parent__name")
            .annotate(n=Count("id"), cash=Sum("cash_vnd"), labor=Sum("labor_days"), land=Sum("land_m2"))
            .order_by("unit__name_sort", "unit_id"))
    villages = {row["unit_id"]: VillageTotal(row["unit_id"], row["unit__name"], row["unit__parent__name"] or "",
                                             row["n"], row["cash"] or 0, row["labor"] or 0, row["land"] or 0,
                                             unit_key=row["unit__key"], sort_key=row["unit__name_sort"])
                for row in rows}
    for decision in VillageDecision.objects.filter(work=work).select_related("unit__parent").order_by("day", "id"):
        unit = decision.unit
        if unit.pk not in villages:
            villages[unit.pk] = VillageTotal(unit.pk, unit.name, unit.parent.name if unit.parent_id else "", 0, 0,
                                             0, 0, unit_key=unit.key, sort_key=unit.name_sort)
        villages[unit.pk].decisions.append(_decision(decision))
    if with_lines:
        items = (Contribution.objects.filter(work=work).select_related("household", "person")
                 .order_by("day", "id"))
        for item in items:
            villages[item.unit_id].lines.append({
                "name": item.public_name(), "day": item.day, "cash_vnd": item.cash_vnd,
                "labor_days": item.labor_days, "land_m2": item.land_m2})
    return Disclosure(work, sorted(villages.values(), key=lambda v: (v.sort_key, v.unit_id)))

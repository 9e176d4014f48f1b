"""What a work collected, per village: the figures of its public page, its printable notice for
the village board and its detail page (Law on Grassroots Democracy 10/2022/QH15, art. 15: what
was collected and spent is made public).

``lines`` gives each contribution as the public may see it: the contributor's name only where they
agreed (``Contribution.public_name``), never a household code, address or person.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum

from .models import Contribution, Work


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


def by_village(work: Work, with_lines: bool = False) -> Disclosure:
    """The work's contributions summed per village (name order), optionally with their public lines."""
    rows = (Contribution.objects.filter(work=work).values("unit_id", "unit__name", "unit__parent__name")
            .annotate(n=Count("id"), cash=Sum("cash_vnd"), labor=Sum("labor_days"), land=Sum("land_m2"))
            .order_by("unit__name_sort", "unit_id"))
    villages = {row["unit_id"]: VillageTotal(row["unit_id"], row["unit__name"], row["unit__parent__name"] or "",
                                             row["n"], row["cash"] or 0, row["labor"] or 0, row["land"] or 0)
                for row in rows}
    if with_lines:
        items = (Contribution.objects.filter(work=work).select_related("household", "person")
                 .order_by("day", "id"))
        for item in items:
            villages[item.unit_id].lines.append({
                "name": item.public_name(), "day": item.day, "cash_vnd": item.cash_vnd,
                "labor_days": item.labor_days, "land_m2": item.land_m2})
    return Disclosure(work, list(villages.values()))

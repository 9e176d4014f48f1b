"""The campaigns' part of the public page (``indicators.public``): the public works of a unit's
subtree with what the people gave to each, linking to each work's own public page
(``public_views``).

Never personal data: a work is shown by its name, kind, place, organizer, state and figures; the
household it helps is never named (a house's name that contains the head's name is replaced by
its kind and village).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.geo.choices import Level
from danvan.indicators.public import PublicSection, register_public_section

from .models import Work

LIMIT = 30


def published(unit: Any) -> QuerySet[Work]:
    """The works of ``unit``'s subtree an editor marked public."""
    return Work.objects.filter(unit_path__under=unit.path, public=True)


def public_heading(work: Work) -> str:
    """The work's name, unless it names the household it helps: then its kind and village."""
    if work.beneficiary_id and work.beneficiary.head_name.strip().casefold() in work.name.casefold():
        kind = work.get_house_kind_display() if work.house_kind else work.get_kind_display()
        return f"{kind} – {work.unit.name}"
    return work.name


def place(work: Work) -> str:
    """'Village, Commune' (or the commune alone)."""
    unit = work.unit
    if unit.level == Level.VILLAGE and unit.parent_id:
        return f"{unit.name}, {unit.parent.name}"
    return unit.name


@dataclass
class PublicWork:
    """One line of the section."""

    pk: int
    heading: str
    kind: str
    place: str
    state: str
    handed_over: Any
    value_vnd: int
    contributions: int
    cash_vnd: int
    labor_days: int
    land_m2: int

    @property
    def url(self) -> str:
        return reverse("campaigns_public:work", args=[self.pk])


def context(unit: Any) -> dict[str, Any] | None:
    """The section: works not yet handed over first (newest first), then the latest handed over."""
    rows = (published(unit).select_related("unit__parent", "beneficiary")
            .annotate(n=Count("contributions"), cash=Sum("contributions__cash_vnd"),
                      labor=Sum("contributions__labor_days"), land=Sum("contributions__land_m2"))
            .order_by(F("handed_over").desc(nulls_first=True), F("started").desc(nulls_first=True), "-created", "-pk")
            [:LIMIT])
    works = [PublicWork(pk=w.pk, heading=public_heading(w),
                        kind=w.get_house_kind_display() if w.house_kind else w.get_kind_display(),
                        place=place(w), state=w.get_state_display(), handed_over=w.handed_over,
                        value_vnd=w.value_vnd, contributions=w.n, cash_vnd=w.cash or 0, labor_days=w.labor or 0,
                        land_m2=w.land or 0) for w in rows]
    return {"works": works} if works else None


register_public_section(PublicSection(
    key="campaigns", title=_("Công khai đóng góp của Nhân dân"), template="campaigns/public_section.html",
    context=context, order=30,
))

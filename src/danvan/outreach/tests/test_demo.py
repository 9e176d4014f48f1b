"""The app's demo data (``core.demo`` hook) on the cast's units: every BC-* figure has data, some
activities are flagged, a plan crosses the turn of the year, and reset removes it."""

import datetime as dt

from danvan.core.demo import DemoContext
from danvan.indicators import ledger
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.periods import parse_period
from danvan.outreach import demo, watch
from danvan.outreach.models import Activity, Plan
from danvan.testing import make_village


def context(cast) -> DemoContext:
    villages = {cast.commune_a.pk: [cast.village_a1, cast.village_a2],
                cast.commune_b.pk: [cast.village_b1, make_village(cast.commune_b, "02", "Khu vực Hai")]}
    return DemoContext(provinces=[cast.province], communes=[cast.commune_a, cast.commune_b], villages=villages,
                       reference_date=dt.date(2026, 10, 31))


def snapshot() -> list[tuple]:
    return list(Activity.objects.exclude(code="HD-A1").order_by("code").values_list("code", "date", "unit", "residents", "agency_count"))


def test_demo_gives_every_bc_indicator_data_and_is_deterministic(cast):
    ctx = context(cast)
    counts = demo.build(ctx)
    assert demo.is_built(ctx) and counts["outreach activities"] == Activity.objects.exclude(code="HD-A1").count() > 0
    first = snapshot()
    report = build_report(resolve_unit("92"), parse_period("2026"), None)
    for code in ("BC-AGENCY", "BC-CADRE", "BC-VILLAGE", "BC-COMMUNE", "BC-KIND", "BC-WITHPEOPLE-N", "BC-RESIDENTS"):
        assert report.value(code) > 0, code
    assert report.value("BC-COMMUNE") == 2
    crossing = Plan.objects.filter(start__year=2025, end__year=2026).first()  # the first plan, at least
    assert crossing is not None and crossing.activities.filter(date__year=2025).exists()
    assert ledger.check() == (0, [])
    demo.reset(ctx)
    assert not demo.is_built(ctx) and not Activity.objects.exists()  # like the registers: the communes' rows
    demo.build(ctx)
    assert snapshot() == first
    assert watch.flagged_activities(Activity.objects.all()).count() < Activity.objects.count()

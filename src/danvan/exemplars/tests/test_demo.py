"""The demo's exemplars: every state, histories that the workflow would accept, replications, facts."""

import datetime as dt
from collections import Counter

import pytest

from danvan.core.demo import DemoContext
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit
from danvan.indicators import ledger
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.periods import parse_period

from ..demo import build, is_built, reset
from ..lifecycle import WORKFLOW
from ..models import Exemplar, ExemplarStateChange


def context(cast) -> DemoContext:
    """The cast's communes (with their villages) and forty more of the province (commune-wide models)."""
    others = list(AdminUnit.objects.filter(parent__key="92", level=Level.COMMUNE)
                  .exclude(pk__in=[cast.commune_a.pk, cast.commune_b.pk]).order_by("key")[:40])
    villages = {cast.commune_a.pk: [cast.village_a1, cast.village_a2], cast.commune_b.pk: [cast.village_b1]}
    return DemoContext(provinces=[cast.province], communes=[cast.commune_a, cast.commune_b, *others],
                       villages=villages, reference_date=dt.date(2026, 10, 31))


@pytest.fixture
def demo(cast):
    ctx = context(cast)
    return ctx, build(ctx)


def test_demo_exemplars(demo):
    ctx, counts = demo
    assert is_built(ctx) and counts["exemplars"] == Exemplar.objects.count() > 50
    states = Counter(Exemplar.objects.values_list("state", flat=True))
    assert set(states) >= {"registered", "launched", "implementing", "reviewed", "recognized_commune"}, states
    assert set(states) & {"typical", "commended", "replicated"}, states
    # Every recorded move is one the lifecycle allows, in date order from the registration.
    for obj in Exemplar.objects.all():
        state, day = "registered", obj.registered
        for change in ExemplarStateChange.objects.filter(exemplar=obj).order_by("day", "id"):
            assert change.from_state == state and WORKFLOW.move(state, change.to_state), (obj, change)
            assert change.day >= day
            state, day = change.to_state, change.day
        assert state == obj.state
    assert Exemplar.objects.filter(origin__isnull=False).exists()
    assert Exemplar.objects.filter(public=True).exists()
    report = build_report(resolve_unit("92"), parse_period("2026"), ["exstate"])
    for code in ("EX-COUNT", "EX-REGISTERED", "EX-F-ECONOMY", "EX-INDIVIDUAL", "EX-REPLICATED", "EX-ORIGINS",
                 "EX-WEAK"):
        assert report.value(code), code
    assert ledger.check()[0] == 0
    first = list(Exemplar.objects.order_by("id").values_list("name", "state", "registered"))
    reset(ctx)
    assert not is_built(ctx) and not ExemplarStateChange.objects.exists()
    build(ctx)
    assert list(Exemplar.objects.order_by("id").values_list("name", "state", "registered")) == first

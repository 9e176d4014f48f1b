"""The demo's exemplars: every state, histories that the workflow would accept, replications, facts."""

from collections import Counter

import pytest

from danvan.demo import generator
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit
from danvan.indicators import ledger
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.periods import parse_period

from ..lifecycle import WORKFLOW
from ..models import Exemplar, ExemplarStateChange



@pytest.fixture
def demo(db):
    communes = AdminUnit.objects.filter(parent__key="92", level=Level.COMMUNE).order_by("key")
    keys = tuple(communes.values_list("key", flat=True)[:24])
    return generator.build(generator.DemoSpec(communes=keys, villages_per_commune=(1, 2), households=60, members=60))


def test_demo_exemplars(demo):
    assert demo.counts["exemplars"] == Exemplar.objects.count() > 50
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

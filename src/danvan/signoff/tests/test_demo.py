"""The demo sign-offs: approved, submitted and returned ones with histories matching their states,
the demo editors' commune left open, the lock in force for an approved month, reset and rebuild
give the same rows."""

import datetime as dt

from danvan.core import locks
from danvan.core.demo import DemoContext
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from .. import demo
from ..models import SignOff, SignOffState, SignOffStateChange


def context(cast) -> DemoContext:
    communes = list(AdminUnit.objects.filter(parent=cast.province, level=Level.COMMUNE).order_by("key")[:30])
    return DemoContext(provinces=[cast.province], communes=[cast.commune_a, *communes], villages={},
                       reference_date=dt.date(2026, 10, 31))


def rows() -> list[tuple]:
    return list(SignOff.objects.order_by("unit__key", "period").values_list(
        "unit__key", "period", "state", "submitted_on", "approved_on"))


def test_demo_signoffs(cast):
    ctx = context(cast)
    assert demo.build(ctx)["sign-offs"] > 0 and demo.is_built(ctx)
    states = {state for _unit, _period, state, _s, _a in rows()}
    assert {SignOffState.APPROVED, SignOffState.SUBMITTED, SignOffState.RETURNED} <= states
    assert not SignOff.objects.filter(unit=cast.commune_a).exists()
    assert SignOff.objects.filter(state=SignOffState.RETURNED).count() == 1
    for signoff in SignOff.objects.all():
        steps = list(signoff.state_changes.values_list("to_state", flat=True))
        assert steps[-1] == signoff.state and steps[0] == SignOffState.SUBMITTED
        assert signoff.submitted_on > signoff.end and signoff.submitted_on <= ctx.reference_date
    returned = SignOffStateChange.objects.get(to_state=SignOffState.RETURNED)
    assert returned.note == demo.RETURN_NOTE
    approved = SignOff.objects.filter(state=SignOffState.APPROVED).first()
    assert locks.find([(approved.unit_path + "x/", approved.start)])  # a village of the commune, that month
    before = rows()
    demo.reset(ctx)
    assert not SignOff.objects.exists() and not SignOffStateChange.objects.exists()
    demo.build(ctx)
    assert rows() == before

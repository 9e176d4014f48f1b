"""The demo's personal-data registers: consents for members, requests in every state with histories
the workflow would accept, breaches on both sides of the 72-hour clock; reset removes them."""

import datetime as dt

from django.utils import timezone

from danvan.core.demo import DemoContext
from danvan.people.choices import Sex
from danvan.people.models import Person

from ..demo import build, is_built, reset
from ..models import Breach, DataRequest, DataRequestStateChange, LegalBasis


def test_demo_privacy(cast):
    for number in range(5):
        Person.objects.create(code=f"DEMO-{number}", full_name=f"Hội viên {number}", sex=Sex.FEMALE,
                              unit=cast.village_a1)
    ctx = DemoContext(provinces=[cast.province], communes=[cast.commune_a, cast.commune_b],
                      villages={cast.commune_a.pk: [cast.village_a1]}, reference_date=timezone.localdate())
    counts = build(ctx)
    assert is_built(ctx) and counts["legal bases"] == LegalBasis.objects.count() == 5
    assert set(DataRequest.objects.values_list("state", flat=True)) == {
        "received", "acknowledged", "extended", "completed", "refused"}
    assert any(r.is_overdue() for r in DataRequest.objects.all())
    for request in DataRequest.objects.all():
        assert (request.acknowledge_by, request.due) == _clock(request)
        days = list(DataRequestStateChange.objects.filter(request=request).order_by("id").values_list("day", flat=True))
        assert days == sorted(days) and all(request.received_on <= d <= ctx.reference_date for d in days)
    breaches = {b.title: b.is_overdue() for b in Breach.objects.all()}
    assert sorted(breaches.values()) == [False, True]  # two communes: one in time, one late
    assert reset(ctx)["data-subject requests"] == 16 and not is_built(ctx)


def _clock(request: DataRequest) -> tuple[dt.date, dt.date]:
    fresh = DataRequest(received_on=request.received_on, third_parties=request.third_parties)
    fresh.set_deadlines()
    return fresh.acknowledge_by, fresh.due

"""The app's demo data (``core.demo`` hook) on the small register of the meetings demo test (the
cast's communes A and B, the meetings demo built first so visits have opinions): every kind,
channel, field and state; histories consistent with the states and stamps; referral chains;
merged duplicates keep their senders; overdue cases (at least five in one commune); the hot spot;
dialogues with a shortfall; recommendations in every state; reset removes it all and a rebuild
gives the same rows."""

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.db.models import Count, F

from danvan.accounts.models import User
from danvan.core.demo import build_apps, modules
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.periods import parse_period
from danvan.meetings import demo as meetings_demo
from danvan.meetings.tests.test_demo import registers

from .. import demo
from ..choices import (
    OPEN_STATES,
    Channel,
    DialogueKind,
    PetitionField,
    PetitionKind,
    PetitionState,
    RecommendationState,
)
from ..compliance import shortfalls
from ..deadlines import is_overdue
from ..escalation import overdue as overdue_of
from ..hotspots import hot_spots
from ..models import (
    Body,
    Commitment,
    ConsolidatedReply,
    DayOff,
    Dialogue,
    OversightSession,
    Petition,
    PetitionChange,
    Petitioner,
    Recommendation,
    RecommendationChange,
    RecommendationEvidence,
    Referral,
)

TODAY = dt.date(2026, 10, 31)
MODELS = (Body, DayOff, Dialogue, Commitment, ConsolidatedReply, Petition, Petitioner, Referral, OversightSession,
          Recommendation)


def snapshot() -> dict[str, list[tuple]]:
    return {
        "petitions": list(Petition.objects.order_by("code").values_list(
            "code", "kind", "channel", "field", "title", "received", "person__code", "name", "anonymous", "body__name",
            "state", "accepted_on", "answered_on", "resolved_on", "answer_public", "merged_into__code", "due_accept",
            "due_answer", "unit__key")),
        "changes": list(PetitionChange.objects.order_by("petition__code", "day", "id").values_list(
            "petition__code", "from_state", "to_state", "day", "note")),
        "dialogues": list(Dialogue.objects.order_by("unit__key", "date", "kind").values_list(
            "unit__key", "kind", "date", "host", "participants", "notice_on")),
        "recommendations": list(Recommendation.objects.order_by("session__start", "text", "id").values_list(
            "session__subject", "text", "body__name", "state", "answered_on", "implemented_on", "rechecked_on")),
    }


@pytest.fixture
def built(cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    # The hot spot is dated from the build day when later than the data's "today": build on that day.
    with time_machine.travel(dt.datetime(2026, 10, 31, 12, tzinfo=dt.UTC), tick=False):
        ctx = registers(cast)
        User.objects.create_user("canbo")
        meetings_demo.build(ctx)
        yield ctx, demo.build(ctx)


@pytest.mark.django_db
def test_the_demo_shows_every_feature(built, cast, monkeypatch):
    ctx, counts = built
    assert demo.is_built(ctx)
    petitions = Petition.objects.all()
    assert counts["petitions"] == petitions.count() > 100
    for model in MODELS:
        rows = model.objects.all()
        assert rows.exists(), model
        placed = rows.values_list("unit_path", "province_id", "commune_id", "unit__path", "unit__province_id",
                                  "unit__commune_id")
        assert all(row[:3] == row[3:] for row in placed), model
        for row in rows[:60]:
            row.full_clean()
    # Bodies: three per commune, five at the province, some with an e-mail; the province's days off.
    assert Counter(Body.objects.values_list("unit__level", flat=True)) == {1: 5, 3: 6}
    assert Body.objects.exclude(email="").exists() and Body.objects.filter(email="").exists()
    assert set(DayOff.objects.values_list("unit", "working")) == {(cast.province.pk, False), (cast.province.pk, True)}
    # Every kind, channel, field and state; anonymous senders only where the kind allows.
    assert set(petitions.values_list("kind", flat=True)) == set(PetitionKind.values)
    assert set(petitions.values_list("channel", flat=True)) == set(Channel.values)
    assert set(petitions.values_list("field", flat=True)) == set(PetitionField.values)
    assert set(petitions.values_list("state", flat=True)) == set(PetitionState.values)
    anonymous = petitions.filter(anonymous=True)
    assert anonymous.exists() and not anonymous.exclude(kind__in=(PetitionKind.PETITION, PetitionKind.FEEDBACK)).exists()
    assert petitions.filter(person__isnull=False).exists() and petitions.filter(person__isnull=True, anonymous=False).exists()
    # Histories: the last move reaches the state, days never go back, stamps are the moves' days.
    for p in petitions.prefetch_related("state_changes"):
        moves = list(p.state_changes.all())
        if p.state == PetitionState.RECEIVED:
            assert not moves, p
            continue
        assert moves[-1].to_state == p.state, p
        days = [p.received] + [m.day for m in moves]
        assert days == sorted(days) and days[-1] <= TODAY, p
        assert all(a.to_state == b.from_state for a, b in zip(moves, moves[1:], strict=False)), p
        if p.accepted_on:
            assert moves[[m.to_state for m in moves].index(PetitionState.ACCEPTED)].day == p.accepted_on, p
        if p.resolved_on:
            assert [m.day for m in moves if m.to_state == PetitionState.RESOLVED][-1] == p.resolved_on, p
        if p.state in (PetitionState.WITHDRAWN, PetitionState.REJECTED):
            assert moves[-1].note, p
        if p.state in (PetitionState.ANSWERED, PetitionState.RESOLVED):
            assert p.answer or p.reply_id, p
    assert not petitions.filter(answer_public=True, answer="").exists()
    assert petitions.filter(answer_public=True).exists()
    # Referrals: the petition's body is its last referral's; some were re-sent after a wrong routing.
    for p in petitions.filter(referrals__isnull=False).distinct():
        assert list(p.referrals.order_by("date", "id"))[-1].to_body_id == p.body_id
    assert petitions.annotate(n=Count("referrals")).filter(n=2).exists()
    reopened = PetitionChange.objects.filter(from_state__in=(PetitionState.ANSWERED, PetitionState.RESOLVED), to_state=PetitionState.ACCEPTED)
    assert reopened.exists() and not reopened.filter(note="").exists()
    # Merged duplicates: each one's sender joined the case, by the duplicate's code.
    merged = petitions.filter(state=PetitionState.MERGED)
    assert merged.count() == Petitioner.objects.count() == 5  # two per commune and one in the hot spot
    for dup in merged:
        assert dup.merged_into.petitioners.filter(from_code=dup.code).exists()
    # Links: meetings visits, dialogues, a consolidated reply per voters' round.
    assert petitions.filter(channel=Channel.MEETING, visit__isnull=False).exists()
    assert petitions.filter(channel=Channel.DIALOGUE, dialogue__isnull=False).exists()
    for reply in ConsolidatedReply.objects.all():
        linked = reply.petitions.all()
        assert reply.public and linked.count() == 4
        assert not linked.exclude(channel=Channel.VOTERS).exists()
        assert not linked.exclude(answered_on=reply.date).exists()
    # Overdue: at least five in one commune, some in the other; the due dates came from the rules.
    open_ = petitions.filter(state__in=OPEN_STATES)
    overdue = Counter(p.commune_id for p in open_ if is_overdue(p, TODAY))
    assert max(overdue.values()) >= 5 and len(overdue) == 2
    assert not petitions.filter(due_answer__isnull=True).exists()
    # The hot spot: six or more similar open petitions in one village in the last two weeks.
    cluster = open_.filter(field=PetitionField.ENVIRONMENT, title__icontains="heo", received__gte=TODAY - dt.timedelta(days=14))
    assert cluster.count() >= 6 and cluster.values("unit").distinct().count() == 1
    assert cluster.values("channel").distinct().count() >= 4
    # What the dashboard shows: the cluster as a hot spot, the overdue commune, the shortfalls.
    spots = [s for s in hot_spots(Petition.objects.all(), TODAY) if s.reason == "cluster"]
    assert len(spots) == 1 and spots[0].count >= 6 and set(spots[0].petition_ids) <= set(cluster.values_list("pk", flat=True))
    assert max(Counter(overdue_of(Petition.objects.all(), TODAY).values_list("commune", flat=True)).values()) >= 5
    short = shortfalls(cast.province, dt.date(2026, 8, 1), dt.date(2026, 9, 30), periods=("month",))
    assert short and {s.rule.kind for s in short} == {DialogueKind.RECEPTION}
    no_conference = {s.unit.pk for s in shortfalls(cast.province, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                                   periods=("year",))}
    assert cast.commune_b.pk in no_conference and cast.commune_a.pk not in no_conference
    # Dialogues: every kind; the last commune has no conference; the commune short in some months.
    assert set(Dialogue.objects.values_list("kind", flat=True)) == set(DialogueKind.values)
    conferences = Dialogue.objects.filter(kind=DialogueKind.CONFERENCE)
    assert conferences.count() == 1
    receptions = Counter((d.unit_id, d.date.month) for d in Dialogue.objects.filter(
        kind=DialogueKind.RECEPTION, unit__level=3, date__gte=dt.date(2025, 12, 1)))
    assert min(receptions.values()) < 2 <= max(receptions.values())
    assert Dialogue.objects.filter(kind=DialogueKind.RECEPTION, unit=cast.province).count() == 12
    assert Commitment.objects.filter(done_on__isnull=False).exists()
    assert Commitment.objects.filter(done_on__isnull=True, due__lt=TODAY).exists()
    # Oversight: every state, histories ending in the state, evidence for the implemented ones.
    assert set(OversightSession.objects.values_list("kind", "unit__level")) == {
        ("oversight", 1), ("critique", 1), ("oversight", 3), ("critique", 3)}
    recommendations = Recommendation.objects.all()
    assert set(recommendations.values_list("state", flat=True)) == set(RecommendationState.values)
    for r in recommendations.prefetch_related("state_changes"):
        moves = list(r.state_changes.all())
        assert (moves[-1].to_state if moves else RecommendationState.SENT) == r.state
    done = recommendations.filter(state__in=(RecommendationState.IMPLEMENTED, RecommendationState.RECHECKED))
    assert RecommendationEvidence.objects.count() == done.count()
    assert not done.filter(evidence__isnull=True).exists()
    assert not RecommendationChange.objects.filter(day__gt=TODAY).exists()
    assert not recommendations.filter(sent_on__lt=F("session__start")).exists()
    check_report_reset_and_rebuild(ctx, counts, cast, monkeypatch)


def check_report_reset_and_rebuild(ctx, counts, cast, monkeypatch) -> None:
    """The report has every FB/DL/OV figure; reset removes everything; `danvan demo` builds just
    the missing voice part, identical (one test with the checks above: the demo build is the cost)."""
    report = build_report(resolve_unit(cast.province.key), parse_period("2026"), None)
    codes = ("FB-RECEIVED", "FB-ANSWERED", "FB-ONTIME", "FB-OVERDUE", "DL-COUNT", "OV-COUNT", "OV-RECS",
             "OV-ACCEPTED", "OV-IMPLEMENTED")
    assert {code: report.value(code) > 0 for code in codes} == dict.fromkeys(codes, True)
    first = snapshot()
    deleted = demo.reset(ctx)
    assert deleted["petitions"] == counts["petitions"] and deleted["recommendations"] == counts["recommendations"]
    assert not demo.is_built(ctx)
    assert not any(model.objects.exists() for model in (*MODELS, PetitionChange, RecommendationChange,
                                                         RecommendationEvidence))
    # `danvan demo` on a database built before voice: only the missing app is built, as before
    # (the other apps' demos, not all built by this test, count as built).
    assert meetings_demo.is_built(ctx)
    for label, module in modules():
        if label != "voice":
            monkeypatch.setattr(module, "is_built", lambda ctx: True)
    assert build_apps(ctx, only_missing=True) == counts
    assert snapshot() == first

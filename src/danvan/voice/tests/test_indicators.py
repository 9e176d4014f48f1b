"""The FB-*, DL-* and OV-* indicators: exact figures through the report builder, FB-OVERDUE read as
of today, the ledger check, and the narrative, on a small scenario (``vs`` below; shipped rules,
village A1 of commune A = 31135 unless said).

| petition | field, channel, kind | moves (2026) | due dates |
|---|---|---|---|
| P1 | infrastructure, letter, petition | received 2/3, still open | accept 16/3 (10 working days) |
| P2 | social, letter, petition | accepted 5/3, answered 10/3 | answer 6/4 (5/3 + 30 = Sat 4/4 → Mon) |
| P3 | land, web, feedback | accepted 3/3, answered 15/4 | answer 2/4: late, overdue 3/4–14/4 |
| P4 | infrastructure, letter, petition | merged into P1 on 6/3 | — |
| P5 | land, letter, petition | rejected 20/3 | accept 16/3: overdue 17/3–19/3 |

Dialogues: receptions 5/3 and 20/3 and a conference 10/6 in commune A, a voters' meeting 1/4 at the
province. Sessions: oversight S1 (commune A, 10/3), critique S2 (province, 1/5). Recommendations:
R1 (S1) sent 15/3, accepted 25/3, implemented 10/5; R2 (S1) sent 15/3, partly accepted 1/4;
R3 (S2) sent 5/5, not accepted 20/5; R4 (S2) sent 5/5.
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from danvan.core.workflow import transition
from danvan.indicators import builder, ledger
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.catalog import registry
from danvan.indicators.periods import parse_period
from danvan.indicators.views import records_url
from danvan.voice import narrative
from danvan.voice.choices import (
    Channel,
    DialogueKind,
    PetitionField,
    PetitionKind,
    RecommendationState,
    SessionKind,
)
from danvan.voice.indicators import INDICATORS

D = dt.date
BY = ["child", "fbfield", "fbchannel", "fbkind", "dlkind", "ovkind"]


def _report(period: str = "2026", unit: str = "92", by=BY) -> builder.Report:
    return build_report(resolve_unit(unit), parse_period(period, "calendar"), list(by))


def _rows(report: builder.Report, by: str, code: str) -> dict:
    return {r.key: r.values[code].value for r in report.breakdowns[by].rows if r.values[code].value}


def _today(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr(builder, "today", lambda: day)


@pytest.fixture
def vs(cast):
    c = cast
    c.install_voice_rules()
    user = c.editor_a

    def petition(name: str, **values):
        return c.make_petition(name=name, contact=f"09{len(name):08d}{name[-1]}", **values)

    p = {
        "P1": petition("Nguyễn Văn Một"),
        "P2": petition("Trần Thị Hai", field=PetitionField.SOCIAL, title="Chậm chi trợ cấp"),
        "P3": petition("Lê Văn Ba", field=PetitionField.LAND, channel=Channel.WEB, kind=PetitionKind.FEEDBACK,
                       title="Lấn chiếm đất công"),
        "P4": petition("Phạm Thị Bốn", title="Đường liên ấp A1 hư hỏng"),
        "P5": petition("Võ Văn Năm", field=PetitionField.LAND, title="Tranh chấp ranh đất"),
    }
    transition(user, p["P2"], "accepted", D(2026, 3, 5))
    p["P2"].answer = "Đã chi trả đủ trong tháng 3."
    transition(user, p["P2"], "answered", D(2026, 3, 10))
    transition(user, p["P3"], "accepted", D(2026, 3, 3))
    p["P3"].answer = "Đã lập biên bản, yêu cầu tháo dỡ."
    transition(user, p["P3"], "answered", D(2026, 4, 15))
    p["P4"].merged_into = p["P1"]
    transition(user, p["P4"], "merged", D(2026, 3, 6), force=True)
    transition(user, p["P5"], "rejected", D(2026, 3, 20), note="Không thuộc thẩm quyền")

    c.make_dialogue()
    c.make_dialogue(date=D(2026, 3, 20))
    c.make_dialogue(kind=DialogueKind.CONFERENCE, date=D(2026, 6, 10))
    c.make_dialogue(unit=c.province, kind=DialogueKind.VOTERS, date=D(2026, 4, 1), host="Đoàn ĐBQH tỉnh")
    s1 = c.make_session()
    s2 = c.make_session(unit=c.province, kind=SessionKind.CRITIQUE, subject="Dự thảo quy hoạch", start=D(2026, 5, 1))
    r = {
        "R1": c.make_recommendation(s1, sent_on=D(2026, 3, 15)),
        "R2": c.make_recommendation(s1, sent_on=D(2026, 3, 15)),
        "R3": c.make_recommendation(s2, sent_on=D(2026, 5, 5)),
        "R4": c.make_recommendation(s2, sent_on=D(2026, 5, 5)),
    }
    transition(user, r["R1"], "accepted", D(2026, 3, 25))
    transition(user, r["R2"], "partly", D(2026, 4, 1))
    transition(c.specialist, r["R3"], "not_accepted", D(2026, 5, 20), note="Chưa phù hợp quy hoạch chung")
    # Implemented with its evidence: the fields the move would stamp (the evidence upload is tested elsewhere).
    r["R1"].state, r["R1"].implemented_on = RecommendationState.IMPLEMENTED, D(2026, 5, 10)
    r["R1"].save()
    for item in p.values():
        item.refresh_from_db()
    return SimpleNamespace(cast=c, p=p, r=r)


def test_the_voice_app_declares_and_sources_its_indicators():
    for ind in INDICATORS:
        assert ind.app == "voice" and ind.code in registry.sourced_codes()
    rate = registry.get("FB-ONTIME-RATE")
    assert (rate.numerator, rate.denominator) == ("FB-ONTIME", "FB-ANSWERED")
    assert registry.get("FB-OVERDUE").as_of_today and registry.get("FB-OVERDUE").time == "stock"
    assert {"FB-RECEIVED", "FB-OVERDUE"} <= set(registry.headline())


@pytest.mark.django_db
@pytest.mark.parametrize("totals", [True, False])
def test_year_figures_and_breakdowns(vs, monkeypatch, totals):
    monkeypatch.setattr(builder, "USE_TOTALS", totals)
    _today(monkeypatch, D(2026, 11, 30))
    p = vs.p
    assert (p["P1"].due_accept, p["P2"].due_answer, p["P3"].due_answer, p["P5"].due_accept) == (
        D(2026, 3, 16), D(2026, 4, 6), D(2026, 4, 2), D(2026, 3, 16))
    year = _report()
    assert {c: year.value(c) for c in ("FB-RECEIVED", "FB-ANSWERED", "FB-ONTIME", "FB-ONTIME-RATE", "FB-OVERDUE",
                                       "FB-CHANNEL", "FB-KIND")} == {
        "FB-RECEIVED": 4, "FB-ANSWERED": 2, "FB-ONTIME": 1, "FB-ONTIME-RATE": 50.0, "FB-OVERDUE": 1,
        "FB-CHANNEL": 4, "FB-KIND": 4}
    assert _rows(year, "fbfield", "FB-RECEIVED") == {"land": 2, "infrastructure": 1, "social": 1}  # P4 merged
    assert _rows(year, "fbfield", "FB-OVERDUE") == {"infrastructure": 1}
    assert _rows(year, "fbchannel", "FB-CHANNEL") == {"letter": 3, "web": 1}
    assert _rows(year, "fbkind", "FB-KIND") == {"petition": 3, "feedback": 1}
    assert _rows(year, "child", "FB-RECEIVED") == {"31135": 4}
    assert {c: year.value(c) for c in ("DL-COUNT", "OV-COUNT", "OV-RECS", "OV-ACCEPTED", "OV-IMPLEMENTED")} == {
        "DL-COUNT": 4, "OV-COUNT": 2, "OV-RECS": 4, "OV-ACCEPTED": 2, "OV-IMPLEMENTED": 1}
    assert _rows(year, "dlkind", "DL-COUNT") == {"reception": 2, "conference": 1, "voters": 1}
    assert _rows(year, "ovkind", "OV-COUNT") == {"oversight": 1, "critique": 1}
    assert _rows(year, "ovkind", "OV-RECS") == {"oversight": 2, "critique": 2}
    assert _rows(year, "ovkind", "OV-ACCEPTED") == {"oversight": 2}
    march = _report("2026-03", by=[])
    assert {c: march.value(c) for c in ("FB-ANSWERED", "FB-ONTIME", "FB-ONTIME-RATE", "DL-COUNT", "OV-ACCEPTED")} == {
        "FB-ANSWERED": 1, "FB-ONTIME": 1, "FB-ONTIME-RATE": 100.0, "DL-COUNT": 2, "OV-ACCEPTED": 1}
    # March is over: its overdue cases at 31/3 are P1 (and P5 was closed on 20/3).
    assert march.value("FB-OVERDUE") == 1
    assert _report("2026-04", by=[]).value("FB-OVERDUE") == 1  # P3 overdue 3/4–14/4, answered 15/4
    assert _report("2026-04-10..2026-04-10", by=[]).value("FB-OVERDUE") == 2  # P1 and P3


@pytest.mark.django_db
def test_overdue_shows_the_day_it_becomes_overdue(vs, monkeypatch):
    """The current year's dashboard reads FB-OVERDUE at today, not at 31/12 (its facts lie ahead)."""
    overdue = {}
    for day in (D(2026, 3, 16), D(2026, 3, 17), D(2026, 3, 20), D(2026, 4, 3), D(2026, 4, 15)):
        _today(monkeypatch, day)
        report = _report(by=["child"])
        overdue[day] = (report.value("FB-OVERDUE"), _rows(report, "child", "FB-OVERDUE").get("31135", 0))
    assert overdue == {D(2026, 3, 16): (0, 0), D(2026, 3, 17): (2, 2), D(2026, 3, 20): (1, 1),
                       D(2026, 4, 3): (2, 2), D(2026, 4, 15): (1, 1)}
    # Answering P1 on 18/3 takes it off from that day.
    _today(monkeypatch, D(2026, 11, 30))
    p1 = vs.p["P1"]
    p1.answer = "Đã đưa vào kế hoạch sửa chữa quý II."
    transition(vs.cast.editor_a, p1, "answered", D(2026, 3, 18))
    _today(monkeypatch, D(2026, 3, 18))
    assert _report(by=[]).value("FB-OVERDUE") == 1  # P1 answered that day; P5 overdue until its rejection on 20/3

@pytest.mark.django_db
def test_ledger_check_and_rebuild(vs):
    assert ledger.check() == (0, [])
    before = ledger.Fact.objects.filter(source="petition").count()
    ledger.rebuild()
    assert ledger.check() == (0, [])
    assert ledger.Fact.objects.filter(source="petition").count() == before


@pytest.mark.django_db
def test_narrative(vs, monkeypatch):
    _today(monkeypatch, D(2026, 11, 30))
    report = _report()
    assert narrative.petitions(report) == [
        "Các cấp đã tiếp nhận 4 ý kiến, kiến nghị của Nhân dân (nhiều nhất: đất đai, bồi thường, giải phóng mặt "
        "bằng 2; giao thông, hạ tầng, điện, nước 1; chính sách xã hội, an sinh 1); đã trả lời, giải quyết 2 ý kiến, "
        "kiến nghị, trong đó 1 đúng hạn (đạt 50,0%); hiện còn 1 ý kiến, kiến nghị quá hạn chưa được giải quyết. "
        "Không có điểm nóng bức xúc xảy ra."]
    dialogues, oversight = narrative.dialogues_and_oversight(report)
    assert dialogues.startswith(
        "Người đứng đầu cấp ủy, chính quyền các cấp đã tiếp xúc, đối thoại trực tiếp với Nhân dân 4 cuộc "
        "(bí thư cấp ủy tiếp công dân 2 cuộc; hội nghị đối thoại cấp xã 1 cuộc; tiếp xúc cử tri 1 cuộc).")
    assert oversight == (
        "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội đã tổ chức 2 cuộc giám sát, phản biện xã hội "
        "(giám sát 1 cuộc; phản biện xã hội 1 cuộc); đã gửi 4 kiến nghị; 2 kiến nghị được tiếp thu; "
        "1 kiến nghị đã được thực hiện.")
    assert narrative.petitions(_report("2025")) == []


def test_record_links(db):
    unit = resolve_unit("31135")
    assert records_url("FB-OVERDUE", unit, {"fbfield": "land"}) == "/voice/petitions/?overdue=true&unit=31135&field=land"
    assert records_url("DL-COUNT", unit, {"dlkind": "reception"}) == "/voice/dialogues/?unit=31135&kind=reception"
    assert records_url("FB-ONTIME-RATE", unit) == ""

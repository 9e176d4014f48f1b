"""Escalation of overdue petitions (the day after the due date, on the province's dashboard and
lists), the dialogue-rule shortfalls, the watch pages' scope and the daily digest.

Dates, worked out by hand (shipped rules, ``law.install``): a petition received on Monday 2/3/2026
must be accepted within 10 working days → 16/3 (2–6, 9–13, 16); one received 3/3 → 17/3, 4/3 →
18/3; the answer (local default, 30 calendar days from receipt while not accepted) → 1/4/2026.
"""

import datetime as dt
from io import StringIO
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from danvan.voice import compliance, escalation, panel
from danvan.voice.choices import DialogueKind, DialoguePeriod, PetitionState
from danvan.voice.models import DialogueRule, Petition

D = dt.date
NOON = dt.time(10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, NOON), tick=False)


@pytest.fixture
def w(cast):
    cast.install_voice_rules()
    with at(D(2026, 3, 2)):
        cast.body_a = cast.make_body(name="UBND phường Ninh Kiều", email="ubnd.ninhkieu@example.vn")
        cast.body_b = cast.make_body(name="UBND phường An Bình", unit=cast.commune_b)  # no e-mail
        cast.late = cast.make_petition(title="Đường ấp sụt lún", body=cast.body_a)
        cast.forwarded = cast.make_petition(title="Cống thoát nước tắc", body=cast.body_a)
        Petition.objects.filter(pk=cast.forwarded.pk).update(state=PetitionState.FORWARDED)
        cast.closed = cast.make_petition(title="Đèn đường hỏng", body=cast.body_a)
        Petition.objects.filter(pk=cast.closed.pk).update(state=PetitionState.ANSWERED)
        cast.late_b = cast.make_petition(title="Rác thải bờ kênh", unit=cast.village_b1, body=cast.body_b)
        cast.today_due = cast.make_petition(title="Cấp nước sinh hoạt", received=D(2026, 3, 3), body=cast.body_a)
        cast.tomorrow_due = cast.make_petition(title="Trường học xuống cấp", received=D(2026, 3, 4),
                                               body=cast.body_a)
    with at(D(2026, 3, 16)):
        cast.new = cast.make_petition(title="Tiếng ồn xưởng gỗ", received=D(2026, 3, 16), body=cast.body_a)
    return cast


def _codes(queryset):
    return sorted(p.title for p in queryset)


def test_overdue_from_the_day_after_the_due_date_and_escalated_to_the_province(w, client):
    assert (w.late.due_accept, w.late.due_answer) == (D(2026, 3, 16), D(2026, 4, 1))
    assert (w.today_due.due_accept, w.tomorrow_due.due_accept) == (D(2026, 3, 17), D(2026, 3, 18))
    everything = Petition.objects.all()
    # On its due date a petition is not overdue; the next day it is (the forwarded one runs on due_answer).
    assert _codes(escalation.overdue(everything, D(2026, 3, 16))) == []
    assert _codes(escalation.overdue(everything, D(2026, 3, 17))) == ["Rác thải bờ kênh", "Đường ấp sụt lún"]
    assert escalation.days_overdue(w.late, D(2026, 3, 20)) == 4
    forwarded = Petition.objects.get(pk=w.forwarded.pk)
    assert escalation.days_overdue(forwarded, D(2026, 3, 20)) == 0  # due_answer 1/4 runs once forwarded
    assert escalation.days_overdue(forwarded, D(2026, 4, 2)) == 1
    assert "Cống thoát nước tắc" in _codes(escalation.overdue(everything, D(2026, 4, 2)))
    assert "Đèn đường hỏng" not in _codes(escalation.overdue(everything, D(2026, 4, 2)))  # answered
    # Escalated: the province sees both communes' cases; a commune's editor sees its own, none escalated.
    assert _codes(escalation.escalated_to(w.specialist, D(2026, 3, 17))) == ["Rác thải bờ kênh", "Đường ấp sụt lún"]
    assert _codes(escalation.escalated_to(w.editor_a, D(2026, 3, 17))) == []
    assert _codes(escalation.overdue(Petition.objects.visible_to(w.editor_a), D(2026, 3, 17))) == ["Đường ấp sụt lún"]

    # The panel: by commune for the province, the commune's own list (and what falls due) for a commune.
    province = panel.context(SimpleNamespace(unit=w.province), w.specialist, D(2026, 3, 17))
    assert [(g["commune"].key, g["count"], g["oldest"], g["days"]) for g in province["groups"]] == [
        ("31150", 1, D(2026, 3, 16), 1), ("31135", 1, D(2026, 3, 16), 1)]
    assert [b.name for b in province["silent"]] == ["UBND phường An Bình"]
    commune = panel.context(SimpleNamespace(unit=w.commune_a), w.editor_a, D(2026, 3, 17))
    assert [(p.title, p.days_overdue) for p in commune["overdue"]] == [("Đường ấp sụt lún", 1)]
    assert [p.title for p in commune["soon"]] == ["Cấp nước sinh hoạt", "Trường học xuống cấp"]  # 17/3, 18/3
    assert panel.context(SimpleNamespace(unit=w.commune_a), w.editor_a, D(2026, 3, 16))["overdue_count"] == 0

    # The province's dashboard the day it becomes overdue, and the overdue list in each scope.
    with at(D(2026, 3, 17)):
        client.force_login(w.specialist)
        html = client.get("/reports/panels/voice-watch/?unit=92&period=2026-03&cutoff=calendar").content.decode()
        assert 'data-panel="voice-watch"' in html and 'data-commune="31135"' in html
        assert "?overdue=true&amp;unit=31135" in html
        html = client.get(reverse("voice:overdue")).content.decode()
        assert html.count("data-petition=") == 2 and w.late.code in html and w.late_b.code in html
        client.force_login(w.editor_a)
        html = client.get(reverse("voice:overdue"), {"unit": "31135"}).content.decode()
        assert html.count("data-petition=") == 1 and w.late.code in html and 'data-days="1"' in html
        assert client.get(reverse("voice:overdue"), {"unit": "31150"}).status_code == 404
    with at(D(2026, 3, 16)):
        html = client.get(reverse("voice:overdue")).content.decode()
        assert "data-petition=" not in html


@pytest.mark.django_db
def test_dialogue_shortfalls(cast, client):
    cast.install_voice_rules()
    cast.make_dialogue(date=D(2026, 3, 5))  # commune A: 1 reception in March
    cast.make_dialogue(unit=cast.commune_b, date=D(2026, 3, 5))  # commune B: 2
    cast.make_dialogue(unit=cast.commune_b, date=D(2026, 3, 19))
    cast.make_dialogue(unit=cast.commune_b, date=D(2026, 3, 20), kind=DialogueKind.CONFERENCE)
    march = {(s.unit.key, s.rule.kind): (s.held, s.required)
             for s in compliance.shortfalls(cast.province, D(2026, 3, 1), D(2026, 3, 31), periods=(DialoguePeriod.MONTH,))}
    assert march[("31135", "reception")] == (1, 2)  # 2 a month at commune level since 23/11/2025
    assert ("31150", "reception") not in march
    assert march[("92", "reception")] == (0, 1)  # the province: 1 a month
    # Over February and March the rule asks 2 × 2; over the year 2026 the conference once.
    two = {s.unit.key: (s.held, s.required) for s in compliance.shortfalls(cast.commune_b, D(2026, 2, 1), D(2026, 3, 31))}
    assert two == {"31150": (2, 4)}
    year = {(s.unit.key, s.rule.kind): (s.held, s.required)
            for s in compliance.shortfalls(cast.commune_a, D(2026, 1, 1), D(2026, 12, 31), periods=(DialoguePeriod.YEAR,))}
    assert year == {("31135", "conference"): (0, 1)}
    assert compliance.shortfalls(cast.commune_b, D(2026, 1, 1), D(2026, 12, 31), periods=(DialoguePeriod.YEAR,)) == []
    # November 2025 is judged by the rule in force on 1/11 (1 a month): commune A held none.
    nov = compliance.shortfalls(cast.commune_a, D(2025, 11, 1), D(2025, 11, 30), periods=(DialoguePeriod.MONTH,))
    assert [(s.held, s.required, s.rule.valid_from) for s in nov] == [(0, 1, D(2019, 2, 18))]
    # A province's own rule beats the country's for its communes.
    DialogueRule.objects.create(unit=cast.province, kind=DialogueKind.RECEPTION, level=3, times=3,
                                period=DialoguePeriod.MONTH, valid_from=D(2026, 1, 1))
    march_b = compliance.shortfalls(cast.commune_b, D(2026, 3, 1), D(2026, 3, 31), periods=(DialoguePeriod.MONTH,))
    assert [(s.unit.key, s.held, s.required, s.rule.unit_id) for s in march_b] == [
        ("31150", 2, 3, cast.province.pk)]

    client.force_login(cast.editor_a)
    html = client.get(reverse("voice:shortfalls"), {"unit": "31135", "month": "2026-03"}).content.decode()
    assert 'data-unit="31135" data-kind="reception"' in html and 'data-held="1"' in html and 'data-required="3"' in html
    response = client.get(reverse("voice:shortfalls"), {"unit": "31135", "month": "2026-13"})
    assert response.status_code == 400 and "2026-13" in response.content.decode()
    assert client.get(reverse("voice:shortfalls"), {"unit": "31150", "month": "2026-03"}).status_code == 404


def test_daily_digest_one_mail_per_body_with_email(w, client):
    out = StringIO()
    call_command("voice_digest", "--date", "2026-03-17", "--dry-run", stdout=out)
    assert len(mail.outbox) == 0 and "Quá hạn: 1" in out.getvalue()
    out = StringIO()
    call_command("voice_digest", "--date", "2026-03-17", stdout=out)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ubnd.ninhkieu@example.vn"]
    assert sent.subject == "[danvan] UBND phường Ninh Kiều: bản tin kiến nghị ngày 17/03/2026 — 1 mới, 1 quá hạn"
    for line in ("Kiến nghị mới từ hôm qua: 1", "Đến hạn hôm nay: 1", "Đến hạn ngày mai: 1", "Quá hạn: 1",
                 "hạn 16/03/2026, quá 1 ngày", w.late.code, w.new.code, w.today_due.code, w.tomorrow_due.code):
        assert line in sent.body, line
    assert w.closed.code not in sent.body and w.forwarded.code not in sent.body
    assert sent.alternatives[0][1] == "text/html" and w.late.code in sent.alternatives[0][0]
    report = out.getvalue()
    assert "UBND phường An Bình" in report and "chưa có thư điện tử" in report  # listed, not silent
    assert "1 bản tin đã gửi, 1 cơ quan chưa có thư điện tử, 0 cơ quan không có gì mới." in report

    # The digest page: the body's own scope only.
    with at(D(2026, 3, 17)):
        client.force_login(w.editor_a)
        html = client.get(reverse("voice:digest", args=[w.body_a.pk])).content.decode()
        assert w.late.code in html and 'data-count="overdue"' in html
        assert client.get(reverse("voice:digest", args=[w.body_b.pk])).status_code == 404
        client.force_login(w.editor_b)
        assert client.get(reverse("voice:digest", args=[w.body_a.pk])).status_code == 404

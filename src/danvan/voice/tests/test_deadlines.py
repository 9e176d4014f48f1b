"""Deadline arithmetic: working days across Tết and weekends, a calendar count ending on a day off,
the site's own days off and make-up days, the most specific rule, and the 1 July 2026 change."""

import datetime as dt

import pytest

from danvan.core.workdays import WorkCalendar
from danvan.voice.choices import Channel, PetitionKind, Stage
from danvan.voice.law import CHANGE_DAY
from danvan.voice.models import DayOff, DeadlineRule

D = dt.date


def test_working_days_skip_tet_and_weekends():
    # Thursday 12/2/2026; Tết holidays Mon 16 – Fri 20/2, weekends 14–15 and 21–22/2.
    assert WorkCalendar().add(D(2026, 2, 12), 10, working=True) == D(2026, 3, 5)
    # Friday 24/4/2026: Hùng Kings 26/4 is a Sunday, made up on Monday 27/4; 30/4 and 1/5 are off.
    assert WorkCalendar().add(D(2026, 4, 24), 5, working=True) == D(2026, 5, 6)


def test_calendar_count_ending_on_a_day_off_moves_to_the_next_working_day():
    assert WorkCalendar().add(D(2026, 1, 19), 30, working=False) == D(2026, 2, 23)  # 18/2 is Tết
    assert WorkCalendar().add(D(2026, 3, 2), 5, working=False) == D(2026, 3, 9)  # Saturday 7/3 → Monday
    assert WorkCalendar().add(D(2026, 3, 2), 3, working=False) == D(2026, 3, 5)


def test_site_days_off_and_make_up_days():
    calendar = WorkCalendar(days_off=frozenset({D(2026, 3, 4)}), working=frozenset({D(2026, 3, 7)}))
    # Monday 2/3: 3 (off), 4 skipped, 5, 6, Saturday 7 worked, 9
    assert calendar.add(D(2026, 3, 2), 4, working=True) == D(2026, 3, 7)


@pytest.mark.django_db
def test_petition_due_dates_come_from_the_most_specific_rule(cast):
    cast.install_voice_rules()
    complaint = cast.make_petition(kind=PetitionKind.COMPLAINT, received=D(2026, 2, 12))
    assert complaint.due_accept == D(2026, 3, 5)  # Law on Complaints art. 27: 10 working days
    assert complaint.due_answer == D(2026, 3, 16)  # not accepted yet: 30 days from receipt (14/3 is a Saturday)
    petition = cast.make_petition(received=D(2026, 3, 2))
    assert petition.due_answer == D(2026, 4, 1)  # the local default: 30 days
    voters = cast.make_petition(channel=Channel.VOTERS, received=D(2026, 3, 2))
    assert voters.due_answer == D(2026, 5, 4)  # 60 days: 1/5 off, 2–3/5 a weekend
    # A commune's own rule beats the country's.
    DeadlineRule.objects.create(unit=cast.commune_a, stage=Stage.ANSWER, days=15, valid_from=D(2026, 1, 1))
    petition.save()
    assert petition.due_answer == D(2026, 3, 17)
    # A day off declared by the province counts in its communes' working days.
    DayOff.objects.create(unit=cast.province, date=D(2026, 3, 3), name="Ngày hội của tỉnh")
    complaint.save()
    assert complaint.due_accept == D(2026, 3, 6)


@pytest.mark.django_db
def test_the_1_july_2026_change_keeps_old_cases_on_old_counts(cast):
    cast.install_voice_rules()
    # Say the amending law gave 15 working days to accept a complaint from 1 July 2026.
    DeadlineRule.objects.filter(stage=Stage.ACCEPT, kind=PetitionKind.COMPLAINT, valid_from=CHANGE_DAY).update(days=15)
    old = cast.make_petition(kind=PetitionKind.COMPLAINT, received=D(2026, 6, 30))
    new = cast.make_petition(kind=PetitionKind.COMPLAINT, received=D(2026, 7, 1))
    assert old.due_accept == D(2026, 7, 14)  # 10 working days from Tuesday 30/6
    assert new.due_accept == D(2026, 7, 22)  # 15 working days from Wednesday 1/7
    old.title = "Sửa sau ngày 1/7"
    old.save()
    assert old.due_accept == D(2026, 7, 14)  # saved again later: still the old count

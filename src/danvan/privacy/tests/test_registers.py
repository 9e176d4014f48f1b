"""The personal-data registers: legal bases on the person's page, data-subject requests with their
deadlines, lifecycle and overdue list, breaches with the 72-hour clock, and the retention rule."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from danvan.core.models import ChangeAction, ChangeRecord
from danvan.core.services import save_record
from danvan.core.workflow import transition
from danvan.indicators import ledger
from danvan.indicators.models import Fact
from danvan.people.choices import Sex
from danvan.people.models import Membership, Person

from .. import deadlines
from ..choices import BasisKind, RequestKind, RequestState
from ..models import Breach, DataRequest, LegalBasis
from ..retention import ANONYMOUS, anonymise

BASE = "/privacy/"


def test_working_day_clock():
    # Friday 28 Aug 2026 + 2 working days skips the weekend, Monday 31 August (the day off given for
    # Saturday 22 August) and National Day 1–2 September: Friday 4 September.
    assert deadlines.acknowledge_by(dt.date(2026, 8, 28)) == dt.date(2026, 9, 4)
    # Thursday 12 Feb 2026 + 2 working days: Friday 13, then Tết until Sunday 22: Monday 23 February.
    assert deadlines.acknowledge_by(dt.date(2026, 2, 12)) == dt.date(2026, 2, 23)
    assert deadlines.due_on(dt.date(2026, 3, 2), False) == dt.date(2026, 3, 17)
    assert deadlines.due_on(dt.date(2026, 3, 2), True) == dt.date(2026, 3, 22)


def make_request(cast, received=dt.date(2026, 3, 2), **values) -> DataRequest:
    return DataRequest.objects.create(**({"requester": "Nguyễn Văn Hỏi", "kind": RequestKind.ACCESS,
                                          "received_on": received, "unit": cast.commune_a} | values))


def test_request_lifecycle_with_one_extension_and_overdue_list(cast, client):
    request = make_request(cast)
    assert (request.acknowledge_by, request.due) == (dt.date(2026, 3, 4), dt.date(2026, 3, 17))
    assert request.is_overdue(dt.date(2026, 3, 5))  # not acknowledged in 2 working days
    transition(cast.editor_a, request, RequestState.ACKNOWLEDGED, dt.date(2026, 3, 3))
    assert request.acknowledged_on == dt.date(2026, 3, 3) and not request.is_overdue(dt.date(2026, 3, 10))
    # An extension beyond 15 days past the due day, or without a reason, is refused.
    with pytest.raises(ValidationError, match="không quá 15 ngày"):
        transition(cast.editor_a, request, RequestState.EXTENDED, dt.date(2026, 3, 10), "Cần xác minh",
                   {"extended_to": dt.date(2026, 4, 10)})
    with pytest.raises(ValidationError, match="lý do"):
        transition(cast.editor_a, request, RequestState.EXTENDED, dt.date(2026, 3, 10), "",
                   {"extended_to": dt.date(2026, 3, 30)})
    transition(cast.editor_a, request, RequestState.EXTENDED, dt.date(2026, 3, 10), "Cần xác minh với chi hội",
               {"extended_to": dt.date(2026, 3, 30)})
    assert request.current_due == dt.date(2026, 3, 30) and request.is_overdue(dt.date(2026, 3, 31))
    # No second extension: the only move from "extended" is to finish (or refuse).
    with pytest.raises(ValidationError):
        transition(cast.editor_a, request, RequestState.EXTENDED, dt.date(2026, 3, 11), "Lần hai",
                   {"extended_to": dt.date(2026, 3, 31)})
    done = make_request(cast, requester="Trần Thị Xong")
    transition(cast.editor_a, done, RequestState.REFUSED, dt.date(2026, 3, 3), "Không xác minh được người yêu cầu")
    assert done.closed_on == dt.date(2026, 3, 3)
    # The overdue list (today is after 30 March 2026): the extended one, not the closed one.
    client.force_login(cast.editor_a)
    text = client.get(BASE + "data-requests/?overdue=true").content.decode()
    assert "Nguyễn Văn Hỏi" in text and "Trần Thị Xong" not in text
    page = client.get(f"{BASE}data-requests/{request.pk}/").content.decode()
    assert "Cần xác minh với chi hội" in page and "data-overdue" in page and 'data-move="completed"' in page
    # A viewer sees no move, and no requester's name (personal data).
    client.force_login(cast.viewer_a)
    page = client.get(f"{BASE}data-requests/{request.pk}/").content.decode()
    assert "data-move" not in page and "Nguyễn Văn Hỏi" not in page


def test_request_through_the_form_computes_its_deadlines(cast, client):
    client.force_login(cast.editor_a)
    response = client.post(BASE + "data-requests/add/", {
        "requester": "Lê Văn Sửa", "kind": RequestKind.CORRECTION, "received_on": "2026-03-06",
        "third_parties": "on", "unit": cast.commune_a.key, "details": "Sai năm sinh"})
    assert response.status_code == 302, response.content.decode()[:1500]
    obj = DataRequest.objects.get(requester="Lê Văn Sửa")
    assert (obj.acknowledge_by, obj.due, obj.state) == (dt.date(2026, 3, 10), dt.date(2026, 3, 26), RequestState.RECEIVED)


def test_breach_72_hour_clock_and_overdue_filter(cast, client):
    found = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))
    late = Breach.objects.create(title="Mất sổ hội viên", unit=cast.commune_a, discovered_at=found)
    on_time = Breach.objects.create(title="Gửi nhầm danh sách", unit=cast.commune_a, discovered_at=found,
                                    notified_at=found + dt.timedelta(hours=30))
    assert late.notify_deadline == found + dt.timedelta(hours=72)
    assert late.is_overdue(found + dt.timedelta(hours=73)) and not late.is_overdue(found + dt.timedelta(hours=71))
    assert not on_time.is_overdue()
    bad = Breach(title="Sai", unit=cast.commune_a, discovered_at=found, notified_at=found - dt.timedelta(hours=1))
    with pytest.raises(ValidationError):
        bad.full_clean()
    client.force_login(cast.editor_a)
    text = client.get(BASE + "breaches/?overdue=true").content.decode()
    assert "Mất sổ hội viên" in text and "Gửi nhầm danh sách" not in text


def test_legal_basis_on_the_person_page(cast, client):
    person = Person.objects.create(code="P-DY1", full_name="Võ Thị Đồng Ý", sex=Sex.FEMALE, unit=cast.village_a1)
    client.force_login(cast.editor_a)
    response = client.post(BASE + "legal-bases/add/", {
        "person": person.pk, "kind": BasisKind.CONSENT, "purpose": "Quản lý hội viên", "given_on": "2026-02-01",
        "source": "paper", "reference": "Phiếu số 12"})
    assert response.status_code == 302, response.content.decode()[:1500]
    basis = LegalBasis.objects.get(person=person)
    assert basis.unit == cast.village_a1 and basis.active
    text = client.get(f"/registers/people/{person.pk}/").content.decode()
    assert 'data-basis="consent"' in text and "Quản lý hội viên" in text
    # Only a consent may be withdrawn, and not before it was given.
    basis.withdrawn_on = dt.date(2026, 1, 1)
    with pytest.raises(ValidationError):
        basis.full_clean()


def _member(cast, code: str, left: dt.date | None, **values) -> Person:
    person = Person.objects.create(code=code, full_name=f"Người {code}", sex=Sex.MALE, birth_year=1960,
                                   ethnicity="Kinh", phone="0909000999", party_member=True, unit=cast.village_a1,
                                   **values)
    Membership.objects.create(person=person, branch=cast.branch_a1, joined=dt.date(2010, 1, 1), left=left)
    return person


def facts() -> list[tuple]:
    return sorted(Fact.objects.values_list("indicator", "source", "ref", "day", "value", "sex", "birth_year",
                                           "village_id"))


def test_anonymise_keeps_every_figure(cast):
    old = _member(cast, "OLD", dt.date(2018, 6, 30))
    recent = _member(cast, "RECENT", dt.date(2024, 6, 30))
    active = _member(cast, "ACTIVE", None)
    save_record(cast.editor_a, old, before=None)  # an audit entry holding the name
    before = facts()
    assert anonymise(5, dry_run=True, today=dt.date(2026, 11, 30)) == 1
    assert Person.objects.get(pk=old.pk).full_name == "Người OLD"
    call_command("privacy", "anonymise", "--years", "5")
    old.refresh_from_db()
    assert (old.full_name, old.phone, old.ethnicity, old.party_member) == (ANONYMOUS, "", "", False)
    assert (old.code, old.sex, old.birth_year) == ("OLD", Sex.MALE, 1960)
    for kept in (recent, active):
        kept.refresh_from_db()
        assert kept.full_name.startswith("Người") and kept.ethnicity == "Kinh"
    assert facts() == before
    assert ledger.check()[1] == []
    entries = ChangeRecord.objects.filter(object_id=old.pk, content_type__model="person")
    assert entries.filter(action=ChangeAction.UPDATE, note__contains="Ẩn danh").count() == 1
    assert not any("Người OLD" in str(e.before) + str(e.after) + e.object_repr for e in entries)
    # Run again: nothing left to do.
    assert anonymise(5) == 0

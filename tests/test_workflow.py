"""The generic lifecycle mechanism (``core.workflow``), exercised through the first app that uses it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from danvan.core.models import ChangeRecord
from danvan.core.workflow import Transition, by_role, covering_grants, transition, workflow_of
from danvan.exemplars.choices import ReviewResult, State
from danvan.exemplars.models import ExemplarStateChange
from danvan.geo.choices import Level
from danvan.indicators.models import Fact
from danvan.people.models import Organization

DAY = dt.date(2026, 3, 1)


def test_workflow_lookup():
    with pytest.raises(LookupError):
        workflow_of(Organization)


def test_by_role_reads_role_and_grant_level(cast):
    obj = cast.make_exemplar()
    commune = by_role({"commune_editor", "province_specialist"}, max_level=Level.COMMUNE)
    province = by_role({"province_specialist"}, max_level=Level.PROVINCE)
    assert commune(cast.editor_a, obj) and commune(cast.specialist, obj)
    assert not commune(cast.editor_b, obj) and not commune(cast.viewer_a, obj)
    assert province(cast.specialist, obj) and not province(cast.editor_a, obj)
    assert province(cast.admin, obj)  # a system admin
    assert [g.role for g in covering_grants(cast.women_only_a, obj)] == ["commune_editor"]


def test_available_moves_follow_the_user(cast):
    obj = cast.make_exemplar()
    workflow = workflow_of(obj)
    assert [t.target for t in workflow.available(cast.editor_a, obj)] == [State.LAUNCHED, State.STOPPED]
    assert workflow.available(cast.viewer_a, obj) == []
    assert all(isinstance(t, Transition) for t in workflow.transitions)


def test_a_move_is_one_transaction_of_record_audit_history_and_facts(cast):
    obj = cast.make_exemplar()
    audits = ChangeRecord.objects.count()
    transition(cast.editor_a, obj, State.STOPPED, DAY, "Không còn kinh phí")
    assert ChangeRecord.objects.count() == audits + 1
    assert ExemplarStateChange.objects.get(exemplar=obj).note == "Không còn kinh phí"
    stop = Fact.objects.get(source="exemplar", ref=obj.pk, indicator="EX-COUNT", value=-1)
    assert stop.day == DAY


def test_a_refused_move_writes_nothing(cast):
    obj = cast.make_exemplar()
    audits, facts = ChangeRecord.objects.count(), Fact.objects.count()
    with pytest.raises(ValidationError):
        transition(cast.editor_a, obj, State.REVIEWED, DAY)  # not from "registered"
    with pytest.raises(ValidationError):
        transition(cast.editor_a, obj, State.LAUNCHED, dt.date.today() + dt.timedelta(days=3))
    assert (ChangeRecord.objects.count(), Fact.objects.count()) == (audits, facts)
    assert not ExemplarStateChange.objects.filter(exemplar=obj).exists()
    obj.refresh_from_db()
    assert obj.state == State.REGISTERED


def test_the_page_of_a_move(cast, client):
    obj = cast.make_exemplar()
    url = f"/exemplars/exemplars/{obj.pk}/transition/"
    client.force_login(cast.editor_a)
    page = client.get(url + "?to=launched")
    assert page.status_code == 200 and "Ra mắt" in page.content.decode()
    response = client.post(url, {"to": "launched", "day": "2026-02-01", "note": ""})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.state == State.LAUNCHED
    refused = client.post(url, {"to": "stopped", "day": "2026-02-02", "note": ""})
    assert refused.status_code == 200 and "lý do" in refused.content.decode()
    client.post(url, {"to": "implementing", "day": "2026-02-03"})
    client.post(url, {"to": "reviewed", "day": "2026-02-04", "review_result": ReviewResult.CONSOLIDATE})
    obj.refresh_from_db()
    assert (obj.state, obj.review_result) == (State.REVIEWED, ReviewResult.CONSOLIDATE)
    client.force_login(cast.viewer_a)
    assert client.get(url + "?to=stopped").status_code == 403
    client.force_login(cast.editor_b)
    assert client.get(url).status_code == 404

"""A petition's routing and lifecycle: a forward chain keeps every referral (the body is the last
one's); received → accepted → answered → resolved stamps each day and recomputes the answer's due
date from the acceptance; reopening and withdrawing need a reason; a recommendation's moves."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404

from danvan.core.workflow import transition

from ..choices import PetitionState, RecommendationState
from ..models import Petition, PetitionChange, Referral
from ..routing import forward

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 5, 4, 12, 0), tick=False):
        yield


def test_a_forward_chain_keeps_its_history(cast, client):
    cast.install_voice_rules()
    first, second = cast.make_body("UBND phường An Hòa"), cast.make_body("Công an phường An Hòa")
    petition = cast.make_petition(body=first)
    forward(cast.editor_a, petition, second, D(2026, 3, 3), "Thuộc thẩm quyền công an")
    client.force_login(cast.editor_a)
    response = client.post(f"/voice/petitions/{petition.pk}/forward/",
                           {"body": first.pk, "day": "2026-03-04", "reason": "Chuyển nhầm, trả lại UBND"})
    assert response.status_code == 302
    petition.refresh_from_db()
    chain = [(r.date, r.from_body_id, r.to_body_id, r.reason) for r in Referral.objects.order_by("date")]
    assert chain == [(D(2026, 3, 3), first.pk, second.pk, "Thuộc thẩm quyền công an"),
                     (D(2026, 3, 4), second.pk, first.pk, "Chuyển nhầm, trả lại UBND")]
    assert (petition.body_id, petition.state) == (first.pk, PetitionState.FORWARDED)
    assert list(PetitionChange.objects.values_list("from_state", "to_state", "day")) == [
        ("received", "forwarded", D(2026, 3, 3)), ("forwarded", "forwarded", D(2026, 3, 4))]
    # the same body again, and a body of commune B, are refused without writing anything
    with pytest.raises(ValidationError) as error:
        forward(cast.editor_a, petition, first, D(2026, 3, 5))
    assert "Đơn đang ở UBND phường An Hòa" in str(error.value)
    with pytest.raises(Http404):
        forward(cast.editor_a, petition, cast.make_body("UBND phường An Bình", unit=cast.commune_b), D(2026, 3, 5))
    page = client.post(f"/voice/petitions/{petition.pk}/forward/", {"body": first.pk, "day": "2026-03-05"})
    assert page.status_code == 400 and "nằm ngoài phạm vi" in page.content.decode()
    assert Referral.objects.count() == 2
    # a user cannot make the service move directly
    with pytest.raises(ValidationError):
        transition(cast.editor_a, petition, PetitionState.FORWARDED, D(2026, 3, 6))


def test_received_accepted_answered_resolved_reopened(cast, client):
    cast.install_voice_rules()
    petition = cast.make_petition()  # received Mon 2/3/2026: 10 working days to accept, 30 days to answer
    assert (petition.due_accept, petition.due_answer) == (D(2026, 3, 16), D(2026, 4, 1))
    client.force_login(cast.editor_a)
    response = client.post(f"/voice/petitions/{petition.pk}/move/", {"to": "accepted", "day": "2026-03-10"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert (petition.state, petition.accepted_on, petition.due_answer) == (PetitionState.ACCEPTED, D(2026, 3, 10),
                                                                             D(2026, 4, 9))
    with pytest.raises(ValidationError) as error:
        transition(cast.editor_a, petition, PetitionState.ANSWERED, D(2026, 3, 20))
    assert "Cần nhập nội dung trả lời" in str(error.value)
    petition.answer = "UBND phường đã đưa vào kế hoạch sửa đường quý II."
    petition.save()
    transition(cast.editor_a, petition, PetitionState.ANSWERED, D(2026, 3, 20))
    transition(cast.editor_a, petition, PetitionState.RESOLVED, D(2026, 3, 25))
    petition.refresh_from_db()
    assert (petition.answered_on, petition.resolved_on, petition.due()) == (D(2026, 3, 20), D(2026, 3, 25), None)
    with pytest.raises(ValidationError) as error:
        transition(cast.editor_a, petition, PetitionState.ACCEPTED, D(2026, 4, 1))
    assert "cần ghi rõ lý do" in str(error.value)
    transition(cast.editor_a, petition, PetitionState.ACCEPTED, D(2026, 4, 1), "Người gửi không đồng ý với câu trả lời")
    petition.refresh_from_db()
    assert petition.state == PetitionState.ACCEPTED
    assert [c.to_state for c in PetitionChange.objects.order_by("id")] == ["accepted", "answered", "resolved",
                                                                          "accepted"]


def test_withdrawing_needs_a_reason(cast, client):
    petition = cast.make_petition()
    client.force_login(cast.editor_a)
    response = client.post(f"/voice/petitions/{petition.pk}/move/", {"to": "withdrawn", "day": "2026-03-05"})
    assert response.context["form"].errors == {"note": ["'Người gửi rút đơn' cần ghi rõ lý do."]}
    assert Petition.objects.get().state == PetitionState.RECEIVED
    client.post(f"/voice/petitions/{petition.pk}/move/", {"to": "withdrawn", "day": "2026-03-05",
                                                          "note": "Đã tự thỏa thuận với hàng xóm"})
    assert Petition.objects.get().state == PetitionState.WITHDRAWN


def test_a_recommendation_moves_with_its_page(cast, client):
    recommendation = cast.make_recommendation()  # sent 15/3/2026
    client.force_login(cast.editor_a)
    page = client.get(f"/voice/recommendations/{recommendation.pk}/")
    assert 'data-move="accepted"' in page.content.decode()
    client.post(f"/voice/recommendations/{recommendation.pk}/move/", {"to": "accepted", "day": "2026-03-20"})
    recommendation.refresh_from_db()
    assert (recommendation.state, recommendation.answered_on) == (RecommendationState.ACCEPTED, D(2026, 3, 20))
    response = client.post(f"/voice/recommendations/{recommendation.pk}/move/",
                           {"to": "implemented", "day": "2026-03-25"})
    assert "Cần tải lên minh chứng" in response.content.decode()

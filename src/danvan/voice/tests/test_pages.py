"""The voice pages for an editor of commune A: the petition list and its filters (overdue derived
from the running due date), the detail (petitioners, referrals, due dates, "Quá hạn N ngày",
moves), the add page's Vietnamese refusal and prefill, the edit page, a dialogue's and a reply's
petitions, and the opinions raised at meeting visits."""

import datetime as dt

import pytest
import time_machine

from danvan.core.registry import shortcuts

from ..choices import Channel, PetitionState
from ..models import ConsolidatedReply, Petition, Petitioner

pytestmark = pytest.mark.django_db
D = dt.date
V = "/voice"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 3, 20, 12, 0), tick=False):
        yield


def codes(client, query: str) -> set[str]:
    return {p.code for p in client.get(f"{V}/petitions/?{query}").context["page"].object_list}


def test_list_filters_and_detail(cast, client):
    cast.install_voice_rules()
    body = cast.make_body()
    late = cast.make_petition(title="Đèn đường hỏng", body=body)  # due to accept 16/3: 4 days late on 20/3
    fresh = cast.make_petition(title="Rác thải ven kênh", kind="feedback", channel=Channel.PHONE,
                               received=D(2026, 3, 18), field="environment")
    Petitioner.objects.create(petition=late, name="Trần Thị Bé", from_code="KN-XYZ")
    cast.make_petition(unit=cast.village_b1, title="Ngoài phạm vi")
    client.force_login(cast.editor_a)
    assert codes(client, "") == {late.code, fresh.code}
    assert codes(client, "overdue=true") == {late.code}
    assert codes(client, "overdue=false") == {fresh.code}
    assert codes(client, "kind=feedback") == codes(client, "channel=phone") == {fresh.code}
    assert codes(client, "field=environment") == {fresh.code}
    assert codes(client, f"body={body.pk}") == {late.code}
    assert codes(client, "received_from=2026-03-10&received_to=2026-03-31") == {fresh.code}
    assert codes(client, f"state={PetitionState.RECEIVED}") == {late.code, fresh.code}
    page = client.get(f"{V}/petitions/{late.pk}/").content.decode()
    assert "Quá hạn 4 ngày" in page
    assert "Nguyễn Văn Dân" in page and "Trần Thị Bé" in page
    assert "16/03/2026 · <strong>đang tính</strong>" in page
    assert 'data-move="accepted"' in page and 'data-move="forwarded"' not in page
    assert f"{V}/petitions/{late.pk}/forward/" in page
    assert "Quá hạn" not in client.get(f"{V}/petitions/{fresh.pk}/").content.decode()


def test_add_refuses_in_vietnamese_then_saves_and_edits(cast, client):
    client.force_login(cast.editor_a)
    form = {"kind": "complaint", "channel": "direct", "field": "land", "title": "Tranh chấp ranh giới đất",
            "text": "Hàng xóm lấn ranh đất.", "received": "2026-03-10", "unit": cast.village_a1.key,
            "anonymous": "on"}
    response = client.post(f"{V}/petitions/add/", form)
    assert response.context["form"].errors == {"anonymous": ["Khiếu nại, tố cáo phải ghi rõ họ tên, địa chỉ người gửi."]}
    assert Petition.objects.count() == 0
    del form["anonymous"]
    response = client.post(f"{V}/petitions/add/", form | {"name": "Võ Văn Tám"})
    petition = Petition.objects.get()
    assert response["Location"] == f"{V}/petitions/{petition.pk}/"
    assert (petition.name, petition.unit_id, petition.state) == ("Võ Văn Tám", cast.village_a1.pk, PetitionState.RECEIVED)
    response = client.post(f"{V}/petitions/{petition.pk}/edit/", form | {"name": "Võ Văn Tám",
                                                                        "title": "Tranh chấp ranh giới đất ở"})
    assert response.status_code == 302
    assert Petition.objects.get().title == "Tranh chấp ranh giới đất ở"


def test_dialogue_reply_and_opinions(cast, client):
    dialogue = cast.make_dialogue()
    reply = ConsolidatedReply.objects.create(unit=cast.commune_a, body=cast.make_body(), title="Trả lời cử tri",
                                             date=D(2026, 3, 15), text="Đã xử lý.")
    raised = cast.make_petition(dialogue=dialogue, channel=Channel.DIALOGUE, title="Nước sinh hoạt yếu", reply=reply)
    client.force_login(cast.editor_a)
    page = client.get(f"{V}/dialogues/{dialogue.pk}/").content.decode()
    assert raised.code in page and f"{V}/petitions/add/?dialogue={dialogue.pk}&amp;channel=dialogue" in page
    add = client.get(f"{V}/petitions/add/?dialogue={dialogue.pk}&channel=dialogue&title=Đèn")
    initial = add.context["form"].initial
    assert (initial["dialogue"], initial["channel"], initial["title"]) == (str(dialogue.pk), "dialogue", "Đèn")
    assert raised.code in client.get(f"{V}/replies/{reply.pk}/").content.decode()
    visit = cast.make_visit(cast.make_assignment(areas=(cast.village_a1,)),
                            opinions="Đề nghị sửa đèn đường\nĐề nghị mở lớp dạy nghề")
    cast.make_petition(visit=visit, channel=Channel.MEETING, title="Đề nghị sửa đèn đường")
    response = client.get(f"{V}/opinions/")
    rows = [(row["line"], row["filed"]) for row in response.context["rows"]]
    assert rows == [("Đề nghị sửa đèn đường", True), ("Đề nghị mở lớp dạy nghề", False)]
    assert response.context["pending"] == 1
    link = response.context["rows"][1]["add_url"]
    assert link.startswith(f"{V}/petitions/add/?visit={visit.pk}&channel=meeting&title=")
    assert client.get(link).context["form"].initial["unit"] == cast.village_a1.key
    assert "voice:opinions" in {s.url_name for s in shortcuts(cast.editor_a)}
    assert "voice:opinions" not in {s.url_name for s in shortcuts(cast.viewer_a)}

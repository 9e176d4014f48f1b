"""The exemplar pages and API: registration form, detail with lifecycle and replication tree, list
filters, and the API where the state is read-only."""

import datetime as dt
import json

from danvan.accounts.models import ApiToken
from danvan.core.workflow import transition

from ..choices import State
from ..models import Exemplar

BASE = "/exemplars/exemplars/"


def test_register_through_the_form(cast, client):
    client.force_login(cast.editor_a)
    response = client.post(BASE + "add/", {
        "name": "Tuyến đường hoa ấp Ông Tà", "kind": "model", "owner_type": "collective", "field": "society",
        "unit": cast.village_a2.key, "organization": cast.org_women_a.pk, "org_kind": "agency",
        "registered": "2026-03-02", "situation": "Đường ấp nhiều rác", "labor_days": "120",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    obj = Exemplar.objects.get(name="Tuyến đường hoa ấp Ông Tà")
    assert (obj.state, obj.org_kind, obj.commune_id) == (State.REGISTERED, "women", cast.commune_a.pk)
    # Neither an organization nor an agency name: refused, naming the field.
    response = client.post(BASE + "add/", {"name": "Không rõ đơn vị", "kind": "model", "owner_type": "collective",
                                           "field": "economy", "unit": cast.commune_a.key, "org_kind": "agency",
                                           "registered": "2026-03-02"})
    assert response.status_code == 200 and "Cần chọn tổ chức đăng ký" in response.content.decode()


def test_detail_shows_lifecycle_moves_and_replication_tree(cast, client):
    origin = cast.make_exemplar("Khu dân cư kiểu mẫu Ninh Kiều")
    transition(cast.editor_a, origin, State.LAUNCHED, dt.date(2026, 2, 1), "Ra mắt tại nhà văn hóa")
    near = cast.make_exemplar("Khu dân cư kiểu mẫu ấp Ông Tà", unit=cast.village_a2, origin=origin)
    far = cast.make_exemplar("Khu dân cư kiểu mẫu An Bình", unit=cast.village_b1, organization=cast.org_women_b,
                             origin=origin)
    second = cast.make_exemplar("Khu dân cư kiểu mẫu phường An Bình", unit=cast.commune_b,
                                organization=cast.org_women_b, origin=far)
    client.force_login(cast.specialist)
    text = client.get(f"{BASE}{origin.pk}/").content.decode()
    assert "Ra mắt tại nhà văn hóa" in text and 'data-move="implementing"' in text
    assert "Đã được nhân rộng tại 3 nơi" in text
    for replica in (near, far, second):
        assert f'data-replica="{replica.pk}"' in text
    assert text.index("Phường Ninh Kiều") < text.index("Ấp Ông Tà") and "Phường An Bình" in text
    replica_page = client.get(f"{BASE}{second.pk}/").content.decode()
    assert f'data-origin="{far.pk}"' in replica_page and f'data-origin="{origin.pk}"' in replica_page
    # Commune A's editor sees the tree within her scope only, and no move for a viewer.
    client.force_login(cast.editor_a)
    text = client.get(f"{BASE}{origin.pk}/").content.decode()
    assert f'data-replica="{near.pk}"' in text and f'data-replica="{far.pk}"' not in text
    client.force_login(cast.viewer_a)
    assert "data-move" not in client.get(f"{BASE}{origin.pk}/").content.decode()


def test_list_filters(cast, client):
    origin = cast.make_exemplar("Mô hình gốc kinh tế")
    cast.make_exemplar("Bản nhân rộng văn hóa", field="society", origin=origin, unit=cast.village_a2)
    client.force_login(cast.editor_a)
    text = client.get(BASE + "?replica=true").content.decode()
    assert "Bản nhân rộng văn hóa" in text and "Mô hình gốc kinh tế" not in text
    text = client.get(BASE + "?field=economy&active=true").content.decode()
    assert "Mô hình gốc kinh tế" in text and "Bản nhân rộng văn hóa" not in text


def test_api_state_is_read_only(cast, client):
    _, raw = ApiToken.issue(cast.editor_a)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    payload = {"name": "Camera an ninh khu vực 1", "field": "defence", "unit": cast.village_a1.key,
               "organization": cast.org_women_a.code, "registered": "2026-04-01"}
    created = client.post("/api/v1/exemplars", json.dumps(payload), content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["state"], body["org_kind"], body["replicas"]) == ("registered", "women", 0)
    # What a client reads may be sent back; the state in it is ignored.
    body["state"] = "commended"
    replaced = client.put(f"/api/v1/exemplars/{body['id']}", json.dumps(body), content_type="application/json",
                          **auth)
    assert replaced.status_code == 200 and replaced.json()["state"] == "registered"
    patched = client.patch(f"/api/v1/exemplars/{body['id']}", json.dumps({"state": "typical"}),
                           content_type="application/json", **auth)
    assert patched.status_code == 200 and Exemplar.objects.get(pk=body["id"]).state == State.REGISTERED
    listed = client.get("/api/v1/exemplars?field=defence", **auth).json()
    assert [i["name"] for i in listed["items"]] == ["Camera an ninh khu vực 1"]


def test_a_published_model_of_another_commune_may_be_replicated(cast, client):
    hidden = cast.make_exemplar("Mô hình nội bộ Ninh Kiều")
    shown = cast.make_exemplar("Khu dân cư kiểu mẫu Ninh Kiều", public=True, public_story="Câu chuyện đã công khai")
    Exemplar.objects.filter(pk=shown.pk).update(state=State.COMMENDED)
    _, raw = ApiToken.issue(cast.editor_b)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    payload = {"name": "Khu dân cư kiểu mẫu An Bình", "field": "society", "unit": cast.village_b1.key,
               "organization": cast.org_women_b.code, "registered": "2026-05-01"}
    refused = client.post("/api/v1/exemplars", json.dumps({**payload, "origin": hidden.pk}),
                          content_type="application/json", **auth)
    assert refused.status_code == 422 and "origin" in refused.json()["errors"]
    created = client.post("/api/v1/exemplars", json.dumps({**payload, "origin": shown.pk}),
                          content_type="application/json", **auth)
    assert created.status_code == 201 and created.json()["origin"] == shown.pk
    client.force_login(cast.editor_b)
    found = client.get("/exemplars/exemplars/origins/search/?q=ninh kieu").content.decode()
    assert "Khu dân cư kiểu mẫu Ninh Kiều" in found and "Mô hình nội bộ" not in found
    replica = client.get(f"{BASE}{created.json()['id']}/").content.decode()
    assert "Khu dân cư kiểu mẫu Ninh Kiều" in replica and f'href="{BASE}{shown.pk}/"' not in replica


def test_api_moves_a_model_through_its_lifecycle_with_the_same_rules(cast, client):
    model = cast.make_exemplar("Dân vận khéo giữ gìn an ninh trật tự")
    url = f"/api/v1/exemplars/{model.pk}/transition"

    def post(user, body):
        _, raw = ApiToken.issue(user)
        return client.post(url, json.dumps(body), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")

    today = dt.date.today().isoformat()
    launched = post(cast.editor_a, {"target": "launched", "day": today, "note": "Ra mắt tại ấp"})
    assert launched.status_code == 200 and launched.json()["state"] == "launched", launched.content
    assert model.state_changes.get().note == "Ra mắt tại ấp"
    skipped = post(cast.editor_a, {"target": "commended", "day": today})
    assert skipped.status_code == 422 and "sang 'Được khen thưởng'" in json.dumps(skipped.json(), ensure_ascii=False)
    unreasoned = post(cast.editor_a, {"target": "stopped", "day": today})
    assert unreasoned.status_code == 422 and Exemplar.objects.get(pk=model.pk).state == State.LAUNCHED
    assert post(cast.viewer_a, {"target": "implementing", "day": today}).status_code == 403
    assert post(cast.editor_b, {"target": "implementing", "day": today}).status_code == 404
    assert post(cast.editor_a, {"target": "no-such-state", "day": today}).status_code == 422
    assert Exemplar.objects.get(pk=model.pk).state == State.LAUNCHED and model.state_changes.count() == 1

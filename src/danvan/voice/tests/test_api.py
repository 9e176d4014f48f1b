"""The voice records in the HTTP API: a petition created, listed and moved (state is read-only:
only ``/move`` changes it, with the lifecycle's Vietnamese refusals as a 422 JSON answer); an
out-of-scope reference is a 422 naming the field; another commune's petition is a 404."""

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client

from danvan.accounts.models import ApiToken

from ..models import Petition

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 5, 4, 12, 0), tick=False):
        yield


def send(user: Any, method: str, path: str, body: Any = None) -> Any:
    token = ApiToken.issue(user, name="test")[1]
    return Client().generic(method, API + path, "" if body is None else json.dumps(body),
                            content_type="application/json", headers={"Authorization": f"Bearer {token}"})


def test_petition_create_list_move(cast):
    cast.install_voice_rules()
    body = cast.make_body()
    created = send(cast.editor_a, "POST", "/petitions", {
        "unit": cast.village_a1.key, "kind": "complaint", "channel": "letter", "field": "land",
        "title": "Khiếu nại bồi thường", "text": "Mức bồi thường thấp.", "received": "2026-03-02",
        "name": "Phan Văn Khởi", "body": body.pk, "state": "resolved"})
    assert created.status_code == 201, created.content
    data = created.json()
    petition = Petition.objects.get()
    assert (data["state"], data["due_accept"], data["due_answer"], data["body"]) == (
        "received", "2026-03-16", "2026-04-01", body.pk)
    assert data["code"] == petition.code and petition.state == "received"
    listed = send(cast.editor_a, "GET", "/petitions?kind=complaint").json()
    assert [item["id"] for item in listed["items"]] == [petition.pk]
    assert send(cast.editor_a, "GET", "/petitions?kind=petition").json()["count"] == 0
    moved = send(cast.editor_a, "POST", f"/petitions/{petition.pk}/move", {"to": "accepted", "day": "2026-03-10"})
    assert moved.status_code == 200, moved.content
    assert (moved.json()["state"], moved.json()["accepted_on"], moved.json()["due_answer"]) == (
        "accepted", "2026-03-10", "2026-04-09")
    refused = send(cast.editor_a, "POST", f"/petitions/{petition.pk}/move", {"to": "answered", "day": "2026-03-20"})
    assert refused.status_code == 422 and refused["Content-Type"].startswith("application/json")
    assert "Cần nhập nội dung trả lời" in json.dumps(refused.json(), ensure_ascii=False)
    assert Petition.objects.get().state == "accepted"


def test_out_of_scope_is_422_or_404(cast):
    other_body = cast.make_body("UBND phường An Bình", unit=cast.commune_b)
    refused = send(cast.editor_a, "POST", "/petitions", {
        "unit": cast.village_a1.key, "title": "Đèn đường", "text": "Hỏng.", "received": "2026-03-02",
        "name": "Phan Văn Khởi", "body": other_body.pk})
    assert refused.status_code == 422 and "body" in refused.json()["errors"]
    outside = cast.make_petition(unit=cast.village_b1)
    assert send(cast.editor_a, "GET", f"/petitions/{outside.pk}").status_code == 404
    assert send(cast.editor_a, "POST", f"/petitions/{outside.pk}/move",
                {"to": "accepted", "day": "2026-03-10"}).status_code == 404
    recommendation = cast.make_recommendation()
    moved = send(cast.editor_a, "POST", f"/recommendations/{recommendation.pk}/move",
                 {"to": "partly", "day": "2026-03-20"})
    assert (moved.status_code, moved.json()["state"], moved.json()["answered_on"]) == (200, "partly", "2026-03-20")

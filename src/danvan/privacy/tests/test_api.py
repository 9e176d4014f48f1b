"""The personal-data registers in the API: deadlines computed, the request's lifecycle through its
action, the breach's 72-hour clock, scope."""

import json

from django.test import Client

from danvan.accounts.models import ApiToken
from danvan.people.choices import Sex
from danvan.people.models import Person


class Api:
    def __init__(self, user) -> None:
        _, raw = ApiToken.issue(user, name="test")
        self.client, self.headers = Client(), {"Authorization": f"Bearer {raw}"}

    def send(self, method: str, path: str, payload=None):
        call = getattr(self.client, method)
        if payload is None:
            return call("/api/v1" + path, headers=self.headers)
        return call("/api/v1" + path, json.dumps(payload), content_type="application/json", headers=self.headers)


def test_request_created_moved_and_scoped(cast):
    api = Api(cast.editor_a)
    response = api.send("post", "/data-requests", {"requester": "Nguyễn Văn Hỏi", "kind": "deletion",
                                                   "received_on": "2026-03-06", "third_parties": True,
                                                   "unit": cast.commune_a.key})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["acknowledge_by"], body["due"], body["state"]) == ("2026-03-10", "2026-03-26", "received")
    pk = body["id"]
    moved = api.send("post", f"/data-requests/{pk}/transition", {"target": "acknowledged", "day": "2026-03-09"})
    assert moved.status_code == 200 and moved.json()["acknowledged_on"] == "2026-03-09", moved.content
    refused = api.send("post", f"/data-requests/{pk}/transition", {"target": "extended", "day": "2026-03-10",
                                                                 "note": "Chờ", "extended_to": "2026-05-30"})
    assert refused.status_code == 422 and "15 ngày" in refused.content.decode()
    assert Api(cast.editor_b).send("get", f"/data-requests/{pk}").status_code == 404


def test_breach_and_legal_basis(cast):
    api = Api(cast.editor_a)
    response = api.send("post", "/breaches", {"title": "Lộ danh sách", "unit": cast.commune_a.key,
                                              "discovered_at": "2026-03-02T08:30:00+07:00"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["notify_deadline"].startswith("2026-03-05T") and body["overdue"] is True
    person = Person.objects.create(code="P-API", full_name="Lý Văn Ưng", sex=Sex.MALE, unit=cast.village_a1)
    response = api.send("post", "/legal-bases", {"person": person.pk, "purpose": "Quản lý hội viên",
                                                 "given_on": "2026-02-01"})
    assert response.status_code == 201 and response.json()["unit"] == cast.village_a1.key, response.content


def test_a_number_is_not_a_date(cast):
    """JSON has no date type: a number (pydantic would read it as Unix time) answers 422 naming the
    field, for a datetime (a breach's discovery) and a date (a request's receipt) alike."""
    api = Api(cast.editor_a)
    breach = api.send("post", "/breaches", {"title": "Mất sổ", "discovered_at": 0, "unit": cast.commune_a.key})
    assert breach.status_code == 422 and "discovered_at" in breach.content.decode(), breach.content
    request = api.send("post", "/data-requests", {"requester": "Lê Văn A", "kind": "access", "received_on": 0,
                                                  "unit": cast.commune_a.key})
    assert request.status_code == 422 and "received_on" in request.content.decode(), request.content

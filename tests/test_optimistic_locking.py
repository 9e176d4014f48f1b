"""Optimistic locking: an edit begun from an older version is refused, in the web form and the API,
with what changed since (who, when, field: before → after); the user's input is kept."""

import json
from typing import Any

import pytest
from django.test import Client

from danvan.accounts.models import ApiToken
from danvan.core import audit
from danvan.core.context import actor
from danvan.core.services import save_record
from danvan.people.models import Household
from danvan.testing import Cast

API = "/api/v1"


@pytest.fixture
def home(cast: Cast) -> Household:
    return Household.objects.create(unit=cast.village_a1, code="H-OL1", head_name="Trần Văn Bình", size=4)


def someone_edits(cast: Cast, home: Household, **values: Any) -> None:
    """Another editor saves the household (a second browser tab, a colleague)."""
    fresh = Household.objects.get(pk=home.pk)
    before = audit.snapshot(fresh)
    for name, value in values.items():
        setattr(fresh, name, value)
    with actor(cast.specialist, source="test"):
        save_record(cast.specialist, fresh, before=before)


def form_data(client: Client, url: str, home: Household) -> dict[str, str]:
    """The edit form's fields with the page's hidden version."""
    page = client.get(url)
    assert page.status_code == 200
    data = {"code": home.code, "head_name": home.head_name, "size": str(home.size), "address": "",
            "unit": home.unit.key, "version": str(page.context["version"])}
    assert f'name="version" value="{page.context["version"]}"' in page.content.decode()
    return data


def test_a_stale_form_is_refused_showing_the_changes_and_keeping_the_input(cast: Cast, home: Household) -> None:
    client = Client()
    client.force_login(cast.editor_a)
    url = f"/registers/households/{home.pk}/edit/"
    data = form_data(client, url, home)
    someone_edits(cast, home, head_name="Trần Văn Bảy")
    data["size"] = "6"
    page = client.post(url, data)
    assert page.status_code == 200  # the form again, not a redirect
    body = page.content.decode()
    stored = Household.objects.get(pk=home.pk)
    assert stored.size == 4 and stored.head_name == "Trần Văn Bảy"  # nothing of the stale edit written
    assert "vừa được người khác sửa" in body
    assert page.context["conflict"][0]["change"].username == cast.specialist.username
    assert ("Trần Văn Bình", "Trần Văn Bảy") in [(b, a) for _n, b, a in page.context["conflict"][0]["rows"]]
    assert page.context["form"]["size"].value() == "6"  # the user's input is kept
    # The form now carries the stored version: saving again, having seen the change, goes through.
    assert page.context["version"] == stored.version
    data["version"] = str(stored.version)
    assert client.post(url, data).status_code == 302
    assert Household.objects.get(pk=home.pk).size == 6


def test_a_current_form_saves_and_bumps_the_version(cast: Cast, home: Household) -> None:
    client = Client()
    client.force_login(cast.editor_a)
    url = f"/registers/households/{home.pk}/edit/"
    data = form_data(client, url, home)
    data["size"] = "5"
    assert client.post(url, data).status_code == 302
    assert Household.objects.get(pk=home.pk).version == home.version + 1


# ---------------------------------------------------------------- the API


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {ApiToken.issue(user, name='test')[1]}"}

    def call(self, method: str, path: str, payload: Any = None, **headers: str) -> Any:
        body = json.dumps(payload) if payload is not None else ""
        return getattr(self.client, method.lower())(API + path, body, content_type="application/json",
                                                    headers={**self.headers, **headers})


def test_get_sends_the_version_and_an_etag(cast: Cast, home: Household) -> None:
    answer = Api(cast.editor_a).call("GET", f"/households/{home.pk}")
    assert answer.status_code == 200
    assert answer.json()["version"] == home.version
    assert answer["ETag"] == f'"{home.version}"'


def test_a_stale_put_answers_409_with_the_changes(cast: Cast, home: Household) -> None:
    api = Api(cast.editor_a)
    read = api.call("GET", f"/households/{home.pk}").json()
    someone_edits(cast, home, head_name="Trần Văn Bảy")
    answer = api.call("PUT", f"/households/{home.pk}", {**read, "size": 7})
    assert answer.status_code == 409, answer.content
    body = answer.json()
    assert body["version"] == read["version"] + 1
    assert "vừa được người khác sửa" in body["detail"]
    change = body["changes"][0]
    assert change["user"] == cast.specialist.username
    assert {"field": "head_name", "before": "Trần Văn Bình", "after": "Trần Văn Bảy"} in change["fields"]
    assert Household.objects.get(pk=home.pk).size == 4


def test_if_match_guards_patch_and_delete(cast: Cast, home: Household) -> None:
    api = Api(cast.editor_a)
    etag = api.call("GET", f"/households/{home.pk}")["ETag"]
    someone_edits(cast, home, size=5)
    assert api.call("PATCH", f"/households/{home.pk}", {"size": 8}, **{"If-Match": etag}).status_code == 409
    assert api.call("DELETE", f"/households/{home.pk}", **{"If-Match": etag}).status_code == 409
    assert Household.objects.filter(pk=home.pk, size=5).exists()
    fresh = api.call("GET", f"/households/{home.pk}")["ETag"]
    answer = api.call("PATCH", f"/households/{home.pk}", {"size": 8}, **{"If-Match": fresh})
    assert answer.status_code == 200 and answer.json()["size"] == 8
    assert answer["ETag"] == f'"{answer.json()["version"]}"'


def test_the_body_version_wins_and_a_current_one_saves(cast: Cast, home: Household) -> None:
    api = Api(cast.editor_a)
    answer = api.call("PATCH", f"/households/{home.pk}", {"size": 9, "version": home.version})
    assert answer.status_code == 200 and answer.json()["version"] == home.version + 1
    assert api.call("PATCH", f"/households/{home.pk}", {"size": 3, "version": home.version}).status_code == 409


def test_a_malformed_if_match_answers_422(cast: Cast, home: Household) -> None:
    answer = Api(cast.editor_a).call("PATCH", f"/households/{home.pk}", {"size": 3}, **{"If-Match": "abc"})
    assert answer.status_code == 422


def test_the_openapi_document_describes_version_and_409(cast: Cast) -> None:
    doc = Client().get(API + "/openapi.json").json()
    operation = doc["paths"]["/api/v1/households/{pk}"]["put"]
    assert operation["responses"]["409"]["content"]["application/json"]["schema"]["$ref"].endswith("ConflictOut")
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in operation["parameters"])
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "version" in doc["components"]["schemas"][body]["properties"]

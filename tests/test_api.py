"""The HTTP API (/api/v1/): token auth, scope, validation, personal data, audit, OpenAPI."""

import json
import re
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.test import Client

from danvan.accounts.models import ApiToken, User
from danvan.core.models import ChangeAction, ChangeRecord
from danvan.people.choices import OrgKind, OrgLevel, PovertyStatus, Sex
from danvan.people.models import Branch, Household, HouseholdPoverty, Membership, Organization, Person
from danvan.testing import Cast

API = "/api/v1"


class ApiClient:
    """A test client that sends one user's bearer token with every request."""

    def __init__(self, user: User | None = None, raw_token: str | None = None) -> None:
        self.client = Client()
        if raw_token is None and user is not None:
            _, raw_token = ApiToken.issue(user, name="test")
        self.headers = {"Authorization": f"Bearer {raw_token}"} if raw_token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.headers)

    def send(self, method: str, path: str, payload: Any = None) -> Any:
        call = getattr(self.client, method.lower())
        body = json.dumps(payload) if payload is not None else ""
        return call(API + path, body, content_type="application/json", headers=self.headers)

    def post(self, path: str, payload: Any) -> Any:
        return self.send("POST", path, payload)

    def put(self, path: str, payload: Any) -> Any:
        return self.send("PUT", path, payload)

    def patch(self, path: str, payload: Any) -> Any:
        return self.send("PATCH", path, payload)

    def delete(self, path: str) -> Any:
        return self.send("DELETE", path)


def make_person(unit: Any, code: str, name: str, **extra: Any) -> Person:
    return Person.objects.create(unit=unit, code=code, full_name=name, sex=Sex.FEMALE, **extra)


def make_household(unit: Any, code: str, head: str) -> Household:
    return Household.objects.create(unit=unit, code=code, head_name=head, size=4)


@pytest.fixture
def as_editor_a(cast: Cast) -> ApiClient:
    return ApiClient(cast.editor_a)


# ---------------------------------------------------------------- authentication


@pytest.mark.django_db
def test_it_answers_401_without_a_token(cast: Cast) -> None:
    response = ApiClient().get("/organizations")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "xác thực" in response.json()["detail"]


@pytest.mark.django_db
def test_it_answers_401_for_an_unknown_token(cast: Cast) -> None:
    assert ApiClient(raw_token="dv_not-a-real-token").get("/organizations").status_code == 401


@pytest.mark.django_db
def test_it_answers_401_for_the_token_of_a_deactivated_user(cast: Cast) -> None:
    client = ApiClient(cast.editor_a)
    User.objects.filter(pk=cast.editor_a.pk).update(is_active=False)
    assert client.get("/organizations").status_code == 401


@pytest.mark.django_db
def test_a_valid_token_is_accepted_and_its_use_recorded(cast: Cast) -> None:
    token, raw = ApiToken.issue(cast.editor_a)
    assert token.last_used is None
    response = ApiClient(raw_token=raw).get("/organizations")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used is not None


@pytest.mark.django_db
def test_a_logged_in_browser_user_may_read_but_must_send_csrf_to_write(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.editor_a)
    assert client.get(f"{API}/organizations").json()["count"] == 1
    payload = {"code": "X-1", "name": "Tổ chức", "kind": "youth", "level": "commune", "unit": cast.commune_a.key}
    response = client.post(f"{API}/organizations", json.dumps(payload), content_type="application/json")
    assert response.status_code == 403
    assert not Organization.objects.filter(code="X-1").exists()


# ---------------------------------------------------------------- units


@pytest.mark.django_db
def test_units_are_limited_to_the_users_subtree(cast: Cast, as_editor_a: ApiClient) -> None:
    data = as_editor_a.get("/units", level=4).json()
    assert {u["key"] for u in data["items"]} == {cast.village_a1.key, cast.village_a2.key}
    assert as_editor_a.get(f"/units/{cast.commune_a.key}").json()["name"] == cast.commune_a.name
    assert as_editor_a.get(f"/units/{cast.commune_b.key}").status_code == 404
    assert as_editor_a.get(f"/units/{cast.village_b1.key}").status_code == 404


@pytest.mark.django_db
def test_units_filter_by_parent_and_search_without_accents(cast: Cast) -> None:
    client = ApiClient(cast.specialist)
    children = client.get("/units", parent=cast.commune_a.key).json()
    assert [u["parent"] for u in children["items"]] == [cast.commune_a.key] * 2
    found = client.get("/units", q="ong ta", unit=cast.commune_a.key).json()
    assert [u["key"] for u in found["items"]] == [cast.village_a2.key]  # "Ấp Ông Tà"
    assert client.get("/units", q="ninh kieu", level=3).json()["items"][0]["key"] == cast.commune_a.key


# ---------------------------------------------------------------- organizations


@pytest.mark.django_db
def test_the_organization_list_shows_only_the_users_scope(cast: Cast, as_editor_a: ApiClient) -> None:
    data = as_editor_a.get("/organizations").json()
    assert data["count"] == 1
    assert data["items"][0]["code"] == cast.org_women_a.code
    assert ApiClient(cast.specialist).get("/organizations").json()["count"] == 2


@pytest.mark.django_db
def test_a_unit_filter_outside_scope_answers_404(cast: Cast, as_editor_a: ApiClient) -> None:
    assert as_editor_a.get("/organizations", unit=cast.commune_b.key).status_code == 404
    assert as_editor_a.get("/organizations", unit="no-such-unit").status_code == 404
    assert as_editor_a.get("/organizations", unit=cast.commune_a.key).json()["count"] == 1


@pytest.mark.django_db
def test_an_organization_of_another_commune_answers_404_and_stays_unchanged(
    cast: Cast, as_editor_a: ApiClient
) -> None:
    pk = cast.org_women_b.pk
    assert as_editor_a.get(f"/organizations/{pk}").status_code == 404
    assert as_editor_a.patch(f"/organizations/{pk}", {"name": "Đổi tên"}).status_code == 404
    assert as_editor_a.delete(f"/organizations/{pk}").status_code == 404
    assert as_editor_a.get("/organizations/999999").status_code == 404
    assert Organization.objects.get(pk=pk).name == cast.org_women_b.name
    assert not ChangeRecord.objects.exists()


@pytest.mark.django_db
def test_creating_an_organization_is_audited_with_the_api_user(cast: Cast, as_editor_a: ApiClient) -> None:
    payload = {"code": "DTN-31117", "name": "Đoàn Thanh niên phường Ninh Kiều", "kind": "youth",
               "level": "commune", "unit": cast.commune_a.key}
    response = as_editor_a.post("/organizations", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"] == cast.commune_a.key and body["kind"] == "youth"
    org = Organization.objects.get(code="DTN-31117")
    record = ChangeRecord.objects.get(content_type=ContentType.objects.get_for_model(Organization), object_id=org.pk)
    assert record.action == ChangeAction.CREATE
    assert record.user == cast.editor_a
    assert record.source == "api"
    assert record.after["name"] == payload["name"]


@pytest.mark.django_db
def test_updating_an_organization_records_before_and_after(cast: Cast, as_editor_a: ApiClient) -> None:
    pk = cast.org_women_a.pk
    response = as_editor_a.patch(f"/organizations/{pk}", {"name": "Hội Phụ nữ phường Ninh Kiều"})
    assert response.status_code == 200
    assert response.json()["name"] == "Hội Phụ nữ phường Ninh Kiều"
    record = ChangeRecord.objects.get(action=ChangeAction.UPDATE)
    assert record.before["name"] == cast.org_women_a.name
    assert record.after["name"] == "Hội Phụ nữ phường Ninh Kiều"
    assert record.user == cast.editor_a

    full = as_editor_a.get(f"/organizations/{pk}").json() | {"level": "village"}
    assert as_editor_a.put(f"/organizations/{pk}", full).json()["level"] == "village"
    assert Organization.objects.get(pk=pk).level == OrgLevel.VILLAGE


@pytest.mark.django_db
def test_an_organization_cannot_be_placed_outside_scope(cast: Cast, as_editor_a: ApiClient) -> None:
    payload = {"code": "X-31150", "name": "Ngoài phạm vi", "kind": "youth", "level": "commune",
               "unit": cast.commune_b.key}
    response = as_editor_a.post("/organizations", payload)
    assert response.status_code == 422
    assert "unit" in response.json()["errors"]
    moved = as_editor_a.patch(f"/organizations/{cast.org_women_a.pk}", {"unit": cast.commune_b.key})
    assert moved.status_code == 422 and "unit" in moved.json()["errors"]
    assert not Organization.objects.filter(code="X-31150").exists()
    assert Organization.objects.get(pk=cast.org_women_a.pk).unit == cast.commune_a


@pytest.mark.django_db
def test_model_validation_errors_answer_422_in_vietnamese_per_field(cast: Cast, as_editor_a: ApiClient) -> None:
    payload = {"code": cast.org_women_a.code, "name": "Trùng mã", "kind": "women", "level": "commune",
               "unit": cast.commune_a.key}
    response = as_editor_a.post("/organizations", payload)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu không hợp lệ."
    assert "đã tồn tại" in body["errors"]["code"][0]  # Django's Vietnamese unique message


@pytest.mark.django_db
def test_payload_type_errors_answer_422_in_vietnamese(cast: Cast, as_editor_a: ApiClient) -> None:
    response = as_editor_a.post("/households", {"code": "H1", "size": "nhiều", "unit": cast.village_a1.key,
                                                "poverty": {"year": 2025, "status": "rich"}})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["head_name"] == ["Trường này là bắt buộc."]
    assert errors["size"] == ["Phải là một số nguyên."]
    assert errors["poverty.status"][0].startswith("Giá trị không nằm trong các lựa chọn")


@pytest.mark.django_db
def test_a_read_only_role_gets_403_on_writes(cast: Cast) -> None:
    viewer = ApiClient(cast.viewer_a)
    assert viewer.get(f"/organizations/{cast.org_women_a.pk}").status_code == 200
    payload = {"code": "V-1", "name": "Không được", "kind": "youth", "level": "commune", "unit": cast.commune_a.key}
    assert viewer.post("/organizations", payload).status_code == 403
    assert viewer.patch(f"/organizations/{cast.org_women_a.pk}", {"name": "x"}).status_code == 403
    response = viewer.delete(f"/organizations/{cast.org_women_a.pk}")
    assert response.status_code == 403
    assert "chỉ được xem" in response.json()["detail"]
    assert Organization.objects.filter(pk=cast.org_women_a.pk).exists()


@pytest.mark.django_db
def test_deleting_an_organization_with_branches_answers_409(cast: Cast, as_editor_a: ApiClient) -> None:
    response = as_editor_a.delete(f"/organizations/{cast.org_women_a.pk}")
    assert response.status_code == 409
    assert Organization.objects.filter(pk=cast.org_women_a.pk).exists()
    assert not ChangeRecord.objects.exists()  # the audit entry was rolled back with the delete


@pytest.mark.django_db
def test_deleting_an_organization_is_audited(cast: Cast, as_editor_a: ApiClient) -> None:
    org = Organization.objects.create(code="CCB-31117", name="Hội CCB", kind=OrgKind.VETERANS,
                                      level=OrgLevel.COMMUNE, unit=cast.commune_a)
    assert as_editor_a.delete(f"/organizations/{org.pk}").status_code == 204
    assert not Organization.objects.filter(pk=org.pk).exists()
    record = ChangeRecord.objects.get(action=ChangeAction.DELETE)
    assert record.user == cast.editor_a and record.before["code"] == "CCB-31117"


@pytest.mark.django_db
def test_an_organization_kind_grant_hides_other_kinds(cast: Cast) -> None:
    Organization.objects.create(code="DTN-31117", name="Đoàn Thanh niên", kind=OrgKind.YOUTH,
                                level=OrgLevel.COMMUNE, unit=cast.commune_a)
    codes = [o["code"] for o in ApiClient(cast.women_only_a).get("/organizations").json()["items"]]
    assert codes == [cast.org_women_a.code]


# ---------------------------------------------------------------- branches


@pytest.mark.django_db
def test_branches_create_update_delete(cast: Cast, as_editor_a: ApiClient) -> None:
    payload = {"code": "CH-31117.02-PN", "name": "Chi hội Phụ nữ ấp Ông Tà", "kind": "chi_hoi",
               "organization": cast.org_women_a.code, "unit": cast.village_a2.key}
    created = as_editor_a.post("/branches", payload)
    assert created.status_code == 201, created.content
    assert created.json()["org_kind"] == "women"
    pk = created.json()["id"]
    assert as_editor_a.patch(f"/branches/{pk}", {"founded": "2020-03-08"}).json()["founded"] == "2020-03-08"
    assert as_editor_a.delete(f"/branches/{pk}").status_code == 204
    assert not Branch.objects.filter(pk=pk).exists()


@pytest.mark.django_db
def test_a_branch_must_sit_in_a_village_of_a_visible_organization(cast: Cast, as_editor_a: ApiClient) -> None:
    payload = {"code": "CH-X", "name": "Chi hội", "kind": "chi_hoi", "organization": cast.org_women_a.code,
               "unit": cast.commune_a.key}
    response = as_editor_a.post("/branches", payload)
    assert response.status_code == 422
    assert response.json()["errors"]["unit"] == ["Chi hội phải thuộc một thôn, ấp, tổ dân phố."]
    other = as_editor_a.post("/branches", payload | {"unit": cast.village_a1.key,
                                                      "organization": cast.org_women_b.code})
    assert other.status_code == 422
    assert other.json()["errors"]["organization"][0].startswith("Không tìm thấy")
    assert not Branch.objects.filter(code="CH-X").exists()


@pytest.mark.django_db
def test_branches_of_another_commune_answer_404(cast: Cast, as_editor_a: ApiClient) -> None:
    assert as_editor_a.get(f"/branches/{cast.branch_b1.pk}").status_code == 404
    assert [b["code"] for b in as_editor_a.get("/branches").json()["items"]] == [cast.branch_a1.code]


# ---------------------------------------------------------------- members and people


@pytest.mark.django_db
def test_a_member_is_created_with_a_new_person(cast: Cast, as_editor_a: ApiClient) -> None:
    payload = {"branch": cast.branch_a1.code, "joined": "2019-05-01",
               "person": {"code": "P-1", "full_name": "Đặng Thị Ánh", "sex": "female", "birth_year": 1985,
                          "ethnicity": "Kinh", "phone": "0901234567"}}
    response = as_editor_a.post("/members", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person"]["full_name"] == "Đặng Thị Ánh"
    assert body["person"]["phone"] == "0901234567"
    assert body["unit"] == cast.village_a1.key
    person = Person.objects.get(code="P-1")
    assert person.unit == cast.village_a1
    assert Membership.objects.get(pk=body["id"]).person == person
    writes = ChangeRecord.objects.filter(user=cast.editor_a, source="api").exclude(action=ChangeAction.ACCESS)
    assert writes.count() == 2  # person + membership (the answer showing ethnicity is logged as an access)


@pytest.mark.django_db
def test_a_failed_member_creation_leaves_no_person_behind(cast: Cast, as_editor_a: ApiClient) -> None:
    payload = {"branch": cast.branch_a1.code, "joined": "2020-01-01", "left": "2019-01-01",
               "person": {"code": "P-2", "full_name": "Lê Văn Bình", "sex": "male"}}
    response = as_editor_a.post("/members", payload)
    assert response.status_code == 422
    assert response.json()["errors"]["left"] == ["Ngày ra không được trước ngày vào."]
    assert not Person.objects.filter(code="P-2").exists()


@pytest.mark.django_db
def test_members_are_found_by_an_unaccented_name(cast: Cast, as_editor_a: ApiClient) -> None:
    for code, name in [("P-1", "Đặng Thị Ánh"), ("P-2", "Nguyễn Văn Đức"), ("P-3", "Trần Thị Ánh Tuyết")]:
        Membership.objects.create(person=make_person(cast.village_a1, code, name), branch=cast.branch_a1)
    found = as_editor_a.get("/members", q="dang thi anh").json()
    assert [m["person"]["full_name"] for m in found["items"]] == ["Đặng Thị Ánh"]
    assert as_editor_a.get("/members", q="ANH").json()["count"] == 2
    assert as_editor_a.get("/people", q="duc").json()["items"][0]["code"] == "P-2"


@pytest.mark.django_db
def test_personal_data_is_hidden_from_a_viewer(cast: Cast) -> None:
    person = make_person(cast.village_a1, "P-1", "Đặng Thị Ánh", birth_year=1985, ethnicity="Kinh",
                         phone="0901234567")
    member = Membership.objects.create(person=person, branch=cast.branch_a1)
    seen = ApiClient(cast.viewer_a).get(f"/members/{member.pk}").json()["person"]
    assert seen["full_name"] == "Đặng Thị Ánh"
    assert (seen["birth_year"], seen["ethnicity"], seen["phone"]) == (None, None, None)
    listed = ApiClient(cast.viewer_a).get("/people").json()["items"][0]
    assert (listed["birth_year"], listed["ethnicity"], listed["phone"]) == (None, None, None)
    shown = ApiClient(cast.editor_a).get(f"/people/{person.pk}").json()
    assert (shown["birth_year"], shown["ethnicity"], shown["phone"]) == (1985, "Kinh", "0901234567")


@pytest.mark.django_db
def test_a_member_of_another_commune_answers_404(cast: Cast, as_editor_a: ApiClient) -> None:
    person = make_person(cast.village_b1, "P-B", "Phạm Thị Bé")
    member = Membership.objects.create(person=person, branch=cast.branch_b1)
    assert as_editor_a.get(f"/members/{member.pk}").status_code == 404
    assert as_editor_a.patch(f"/members/{member.pk}", {"attends_regularly": False}).status_code == 404
    assert as_editor_a.get(f"/people/{person.pk}").status_code == 404
    joined = as_editor_a.post("/members", {"branch": cast.branch_a1.code, "person_id": person.pk})
    assert joined.status_code == 422 and "person_id" in joined.json()["errors"]
    assert Membership.objects.get(pk=member.pk).attends_regularly is True


@pytest.mark.django_db
def test_a_member_update_changes_nested_person_fields(cast: Cast, as_editor_a: ApiClient) -> None:
    member = Membership.objects.create(person=make_person(cast.village_a1, "P-1", "Đặng Thị Anh"),
                                       branch=cast.branch_a1)
    response = as_editor_a.patch(f"/members/{member.pk}", {"left": "2026-01-15",
                                                           "person": {"full_name": "Đặng Thị Ánh"}})
    assert response.status_code == 200, response.content
    assert response.json()["left"] == "2026-01-15"
    assert Person.objects.get(code="P-1").full_name == "Đặng Thị Ánh"
    assert as_editor_a.delete(f"/members/{member.pk}").status_code == 204
    assert Person.objects.filter(code="P-1").exists()  # deleting a membership keeps the person


# ---------------------------------------------------------------- households and paging


@pytest.mark.django_db
def test_a_household_is_created_with_its_poverty_status(cast: Cast, as_editor_a: ApiClient) -> None:
    payload = {"code": "H-001", "head_name": "Nguyễn Văn Tư", "size": 5, "unit": cast.village_a1.key,
               "poverty": {"year": 2025, "status": "near_poor"}}
    response = as_editor_a.post("/households", payload)
    assert response.status_code == 201, response.content
    assert response.json()["poverty"] == {"year": 2025, "status": "near_poor"}
    household = Household.objects.get(code="H-001")
    HouseholdPoverty.objects.create(household=household, year=2023, status=PovertyStatus.POOR)
    # The answer carries the latest review year, not the first one stored.
    assert as_editor_a.get(f"/households/{household.pk}").json()["poverty"]["year"] == 2025
    patched = as_editor_a.patch(f"/households/{household.pk}", {"poverty": {"year": 2026, "status": "none"}})
    assert patched.json()["poverty"] == {"year": 2026, "status": "none"}
    assert as_editor_a.delete(f"/households/{household.pk}").status_code == 204


@pytest.mark.django_db
def test_lists_page_with_a_total_count(cast: Cast, as_editor_a: ApiClient) -> None:
    for i in range(7):
        make_household(cast.village_a1 if i < 5 else cast.village_a2, f"H-{i}", f"Chủ hộ {i}")
    make_household(cast.village_b1, "H-B", "Ngoài phạm vi")
    page = as_editor_a.get("/households", limit=3, offset=3).json()
    assert (page["count"], page["limit"], page["offset"], len(page["items"])) == (7, 3, 3, 3)
    assert len(as_editor_a.get("/households", limit=3, offset=6).json()["items"]) == 1
    assert as_editor_a.get("/households", unit=cast.village_a2.key).json()["count"] == 2
    assert as_editor_a.get("/households", limit=0).status_code == 422
    assert as_editor_a.get("/households", limit=100000).status_code == 422


# ---------------------------------------------------------------- OpenAPI and docs


@pytest.mark.django_db
def test_the_openapi_document_lists_every_resource() -> None:
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for resource in ("units", "organizations", "branches", "people", "members", "households"):
        assert f"{API}/{resource}" in paths
    assert f"{API}/units/{{key}}" in paths
    assert set(paths[f"{API}/households/{{pk}}"]) == {"get", "put", "patch", "delete"}
    assert "bearerAuth" in json.dumps(response.json()["components"]["securitySchemes"]) or \
        "BearerAuth" in json.dumps(response.json()["components"]["securitySchemes"])


@pytest.mark.django_db
def test_the_interactive_docs_load_without_any_cdn() -> None:
    response = Client().get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.findall(r"""(?:src|href)=["'](?:https?:)?//""", html), "the docs page loads an external file"
    assert "http://" not in html and "https://" not in html
    local = re.findall(r"""(?:src|href)=["']/static/([^"']+)["']""", html)
    assert any(name.endswith("swagger-ui-bundle.js") for name in local)
    for name in local:
        assert finders.find(name), f"static file {name} is not served"

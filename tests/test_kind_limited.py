"""A user whose grant is narrowed to one organization kind (the demo's Women's Union editor)
cannot create or alter an organization, branch or membership of another kind — by the web
forms, the API or the services (imports: tests/test_import_scope.py)."""

from typing import Any

import pytest
from django.test import Client

from danvan.accounts.models import ApiToken
from danvan.core.services import OutOfScope, save_record
from danvan.people.choices import BranchKind, OrgKind, OrgLevel, Sex
from danvan.people.models import Branch, Membership, Organization, Person
from danvan.testing import Cast

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def youth(cast: Cast) -> dict[str, Any]:
    """A Youth Union in commune A with a branch in village A1 and one member."""
    org = Organization.objects.create(code="DTN-31135", name="Đoàn Thanh niên phường Ninh Kiều",
                                      kind=OrgKind.YOUTH, level=OrgLevel.COMMUNE, unit=cast.commune_a)
    branch = Branch.objects.create(code="CD-31135.01", name="Chi đoàn khu vực Đặng Thị Ánh",
                                   kind=BranchKind.CHI_DOAN, organization=org, unit=cast.village_a1)
    person = Person.objects.create(code="TN-01", full_name="Lê Văn Trẻ", sex=Sex.MALE, unit=cast.village_a1)
    member = Membership.objects.create(person=person, branch=branch)
    return {"org": org, "branch": branch, "person": person, "member": member}


def web(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.women_only_a)
    return client


def api(cast: Cast) -> tuple[Client, dict[str, str]]:
    return Client(), {"Authorization": f"Bearer {ApiToken.issue(cast.women_only_a)[1]}"}


def state(youth: dict[str, Any]) -> dict[str, Any]:
    return {name: type(obj).objects.filter(pk=obj.pk).values().first() for name, obj in youth.items()}


# ---------------------------------------------------------------- web forms
def test_the_web_form_refuses_an_organization_of_another_kind(cast: Cast) -> None:
    response = web(cast).post("/registers/organizations/add/", {
        "code": "DTN-NEW", "name": "Đoàn mới", "kind": OrgKind.YOUTH, "level": OrgLevel.COMMUNE,
        "unit": cast.commune_a.key})
    assert response.status_code == 200
    assert "Loại tổ chức" in response.content.decode() and "nằm ngoài phạm vi" in response.content.decode()
    assert not Organization.objects.filter(code="DTN-NEW").exists()
    # Her own kind is accepted, so the refusal above is about the kind.
    response = web(cast).post("/registers/organizations/add/", {
        "code": "HPN-NEW", "name": "Chi hội mới", "kind": OrgKind.WOMEN, "level": OrgLevel.COMMUNE,
        "unit": cast.commune_a.key})
    assert response.status_code == 302
    assert Organization.objects.filter(code="HPN-NEW", kind=OrgKind.WOMEN).exists()


def test_the_web_forms_cannot_reach_or_alter_records_of_another_kind(cast: Cast, youth: dict[str, Any]) -> None:
    client, before = web(cast), state(youth)
    for path in (f"/registers/organizations/{youth['org'].pk}/edit/", f"/registers/branches/{youth['branch'].pk}/edit/",
                 f"/registers/members/{youth['member'].pk}/edit/", f"/registers/branches/{youth['branch'].pk}/delete/"):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"name": "Đổi tên"}).status_code == 404, path
    # A new branch under the youth organization, or a membership of the youth branch: not a valid choice.
    response = client.post("/registers/branches/add/", {
        "code": "CD-NEW", "name": "Chi đoàn mới", "kind": BranchKind.CHI_DOAN, "organization": youth["org"].pk,
        "unit": cast.village_a1.key})
    assert response.status_code == 200 and not Branch.objects.filter(code="CD-NEW").exists()
    response = client.post("/registers/members/add/", {"person": youth["person"].pk, "branch": youth["branch"].pk})
    assert response.status_code == 200
    assert Membership.objects.filter(branch=youth["branch"]).count() == 1
    # Moving her own branch under the youth organization is refused too.
    response = client.post(f"/registers/branches/{cast.branch_a1.pk}/edit/", {
        "code": cast.branch_a1.code, "name": cast.branch_a1.name, "kind": BranchKind.CHI_HOI,
        "organization": youth["org"].pk, "unit": cast.village_a1.key})
    assert response.status_code == 200
    assert Branch.objects.get(pk=cast.branch_a1.pk).organization_id == cast.org_women_a.pk
    assert state(youth) == before


# ---------------------------------------------------------------- API
def test_the_api_refuses_records_of_another_kind(cast: Cast, youth: dict[str, Any]) -> None:
    client, headers = api(cast)
    before = state(youth)

    def send(method: str, path: str, body: dict[str, Any]) -> Any:
        import json

        return client.generic(method, API + path, json.dumps(body), content_type="application/json", headers=headers)

    created = send("POST", "/organizations", {"code": "DTN-API", "name": "Đoàn API", "kind": "youth",
                                              "level": "commune", "unit": cast.commune_a.key})
    assert created.status_code == 422, created.content
    assert not Organization.objects.filter(code="DTN-API").exists()
    created = send("POST", "/branches", {"code": "CD-API", "name": "Chi đoàn API", "kind": "chi_doan",
                                         "organization": youth["org"].code, "unit": cast.village_a1.key})
    assert created.status_code == 422, created.content
    created = send("POST", "/members", {"branch": youth["branch"].code, "person_id": youth["person"].pk})
    assert created.status_code == 422, created.content
    for path in (f"/organizations/{youth['org'].pk}", f"/branches/{youth['branch'].pk}", f"/members/{youth['member'].pk}"):
        assert send("PATCH", path, {}).status_code == 404, path
        assert send("DELETE", path, {}).status_code == 404, path
    moved = send("PATCH", f"/branches/{cast.branch_a1.pk}", {"organization": youth["org"].code})
    assert moved.status_code == 422, moved.content
    assert Branch.objects.get(pk=cast.branch_a1.pk).organization_id == cast.org_women_a.pk
    assert state(youth) == before


# ---------------------------------------------------------------- the service every path goes through
def test_the_service_checks_the_stored_record_and_the_new_values(cast: Cast, youth: dict[str, Any]) -> None:
    branch = Branch.objects.get(pk=youth["branch"].pk)
    branch.organization = cast.org_women_a  # taking the youth branch over as a women's branch
    with pytest.raises(OutOfScope, match="Loại tổ chức"):
        save_record(cast.women_only_a, branch)
    assert Branch.objects.get(pk=branch.pk).org_kind == OrgKind.YOUTH
    own = Branch.objects.get(pk=cast.branch_a1.pk)
    own.organization = youth["org"]
    with pytest.raises(OutOfScope, match="Loại tổ chức"):
        save_record(cast.women_only_a, own)
    assert Branch.objects.get(pk=own.pk).org_kind == OrgKind.WOMEN

"""The campaigns records in the HTTP API: create, read, update and filter with exact values; a bad
or out-of-scope reference is a 422 naming the field; another commune's record is a 404."""

import json
from typing import Any

import pytest
from django.test import Client

from danvan.accounts.models import ApiToken
from danvan.people.models import Household, HouseholdPoverty, Person

from ..models import Campaign, Contribution, PovertyHelp, Trainee, TrainingCourse, Work

pytestmark = pytest.mark.django_db

API = "/api/v1"


def send(user: Any, method: str, path: str, body: Any = None) -> Any:
    token = ApiToken.issue(user, name="test")[1]
    return Client().generic(method, API + path, "" if body is None else json.dumps(body),
                            content_type="application/json", headers={"Authorization": f"Bearer {token}"})


WORK = {"code": "CT-API-1", "name": "Nhà đại đoàn kết hộ bà Năm", "kind": "house", "house_kind": "great_unity",
        "build": "new", "unit": "31135.01", "organization": "HPN-31135", "state": "handed_over",
        "started": "2026-01-20", "handed_over": "2026-03-15", "value_vnd": 60_000_000, "organizations_vnd": 40_000_000,
        "people_vnd": 20_000_000, "public": True}


def test_work_create_read_update(cast):
    created = send(cast.editor_a, "POST", "/works", WORK)
    assert created.status_code == 201, created.content
    body = created.json()
    assert {k: body[k] for k in ("org_kind", "unit", "unit_name", "house_kind", "build", "value_vnd", "spent_vnd",
                                 "campaign", "beneficiary", "public")} == {
        "org_kind": "women", "unit": "31135.01", "unit_name": "Khu vực Đặng Thị Ánh", "house_kind": "great_unity",
        "build": "new", "value_vnd": 60_000_000, "spent_vnd": None, "campaign": None, "beneficiary": None,
        "public": True}
    work = Work.objects.get(code="CT-API-1")
    patched = send(cast.editor_a, "PATCH", f"/works/{work.pk}", {"spent_vnd": 59_500_000})
    assert patched.status_code == 200, patched.content
    assert Work.objects.get(pk=work.pk).spent_vnd == 59_500_000
    # What was read goes back unchanged (read-only fields included).
    seen = send(cast.editor_a, "GET", f"/works/{work.pk}").json()
    assert send(cast.editor_a, "PUT", f"/works/{work.pk}", seen | {"name": "Nhà bà Năm"}).status_code == 200
    assert Work.objects.get(pk=work.pk).name == "Nhà bà Năm"
    listed = send(cast.editor_a, "GET", "/works?kind=house&handed_over_year=2026&public=true").json()
    assert [item["code"] for item in listed["items"]] == ["CT-API-1"]
    assert send(cast.editor_a, "GET", "/works?handed_over_year=2025").json()["count"] == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"organization": "HPN-31150"}, "organization"),  # another commune's union: out of scope
    ({"unit": "31150"}, "unit"),
    ({"campaign": "KHONG-CO"}, "campaign"),
    ({"beneficiary": 999_999}, "beneficiary"),
    ({"house_kind": None}, "house_kind"),  # a house needs its kind (the model's rule)
    ({"value_vnd": 50_000_000}, "value_vnd"),  # the sources do not add up
])
def test_a_bad_work_is_a_422_naming_the_field(cast, change, field):
    response = send(cast.editor_a, "POST", "/works", WORK | change)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not Work.objects.exists()


def test_another_communes_work_is_a_404(cast):
    work = cast.make_work(unit=cast.village_b1, organization=cast.org_women_b)
    assert send(cast.editor_a, "GET", f"/works/{work.pk}").status_code == 404
    assert send(cast.editor_a, "PATCH", f"/works/{work.pk}", {"name": "X"}).status_code == 404


def test_contribution_of_a_household_takes_its_village_and_the_works_campaign(cast):
    campaign = cast.make_campaign(code="PT-1")
    cast.make_work(code="CT-1", campaign=campaign)
    household = Household.objects.create(code="H-1", head_name="Lê Văn Tám", unit=cast.village_a2, size=3)
    response = send(cast.editor_a, "POST", "/contributions", {
        "work": "CT-1", "day": "2026-02-01", "contributor_type": "household", "household": household.pk,
        "land_m2": 150, "labor_days": 6})
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in ("unit", "campaign", "org_kind", "cash_vnd", "labor_days", "land_m2",
                                 "show_name")} == {
        "unit": "31135.02", "campaign": "PT-1", "org_kind": "women", "cash_vnd": 0, "labor_days": 6, "land_m2": 150,
        "show_name": False}
    assert send(cast.editor_a, "GET", "/contributions?has_land=true&year=2026").json()["count"] == 1
    assert send(cast.editor_a, "GET", "/contributions?has_cash=true").json()["count"] == 0
    assert send(cast.editor_a, "GET", "/contributions?work=CT-1&campaign=PT-1").json()["count"] == 1
    assert send(cast.editor_a, "GET", "/contributions?work=CT-2").json()["count"] == 0


def test_an_anonymous_contribution_needs_its_village(cast):
    cast.make_work(code="CT-1")
    response = send(cast.editor_a, "POST", "/contributions", {
        "work": "CT-1", "day": "2026-02-01", "contributor_type": "anonymous", "cash_vnd": 1_000_000})
    assert response.status_code == 422
    assert response.json()["errors"]["unit"] == [
        "Cần mã thôn, ấp của người đóng góp khi không chọn hộ gia đình hoặc cá nhân."]
    assert not Contribution.objects.exists()


def test_decision_reports_its_share(cast):
    cast.make_work(code="CT-1")
    response = send(cast.editor_a, "POST", "/village-decisions", {
        "unit": "31135.01", "work": "CT-1", "day": "2026-01-10", "subject": "Góp tiền làm nhà", "households": 120,
        "attending": 96, "agreeing": 90})
    assert response.status_code == 201, response.content
    assert (response.json()["agreeing_share"], response.json()["org_kind"]) == (75.0, "women")
    bad = send(cast.editor_a, "POST", "/village-decisions", {
        "unit": "31135.01", "work": "CT-1", "day": "2026-01-10", "subject": "Lần hai", "households": 120,
        "attending": 96, "agreeing": 100})
    assert bad.status_code == 422 and "agreeing" in bad.json()["errors"]


def test_poverty_help_reports_the_exit(cast):
    household = Household.objects.create(code="H-1", head_name="Lê Văn Tám", unit=cast.village_a1, size=3)
    HouseholdPoverty.objects.create(household=household, year=2025, status="poor")
    HouseholdPoverty.objects.create(household=household, year=2026, status="none")
    response = send(cast.editor_a, "POST", "/poverty-help", {
        "household": household.pk, "year": 2026, "help": "Tặng bò giống", "value_vnd": 15_000_000,
        "organization": "HPN-31135"})
    assert response.status_code == 201, response.content
    assert (response.json()["exited"], response.json()["unit"]) == (True, "31135.01")
    help_ = PovertyHelp.objects.get()
    HouseholdPoverty.objects.create(household=household, year=2027, status="near_poor")
    assert send(cast.editor_a, "GET", f"/poverty-help/{help_.pk}").json()["exited"] is False
    assert send(cast.editor_a, "GET", "/poverty-help?exited=false").json()["items"][0]["exited"] is False


def test_course_and_trainees(cast):
    created = send(cast.editor_a, "POST", "/training-courses", {
        "code": "TH-1", "name": "Tập huấn dân vận khéo", "unit": "31135", "organization": "HPN-31135",
        "start": "2026-04-02", "end": "2026-04-03", "trainee_count": 0})
    assert created.status_code == 201, created.content
    Person.objects.create(code="P-1", full_name="Đinh Thị Lan", sex="female", unit=cast.village_a1)
    response = send(cast.editor_a, "POST", "/trainees", {"course": "TH-1", "person": "P-1"})
    assert response.status_code == 201, response.content
    assert {k: response.json()[k] for k in ("unit", "person_name", "org_kind")} == {
        "unit": "31135", "person_name": "Đinh Thị Lan", "org_kind": "women"}
    course = TrainingCourse.objects.get(code="TH-1")
    assert send(cast.editor_a, "GET", f"/training-courses/{course.pk}").json()["named_trainees"] == 1
    assert send(cast.editor_a, "GET", "/training-courses").json()["items"][0]["named_trainees"] == 1
    unknown = send(cast.editor_a, "POST", "/trainees", {"course": "TH-1", "person": "KHONG-CO"})
    assert unknown.status_code == 422 and "person" in unknown.json()["errors"]
    assert Trainee.objects.count() == 1


def test_campaign_and_commendation(cast):
    created = send(cast.editor_a, "POST", "/campaigns", {
        "code": "PT-NTM", "name": "Chung sức xây dựng nông thôn mới", "unit": "31135", "organization": "HPN-31135",
        "start": "2026-01-05"})
    assert created.status_code == 201, created.content
    assert created.json()["org_kind"] == "women"
    assert Campaign.objects.get().kind == "movement"
    village = send(cast.editor_a, "POST", "/campaigns", {
        "code": "PT-2", "name": "Phong trào ở thôn", "unit": "31135.01", "agency_name": "Ban nhân dân ấp",
        "start": "2026-01-05"})
    assert village.status_code == 422 and "unit" in village.json()["errors"]
    award = send(cast.editor_a, "POST", "/commendations", {
        "form": "certificate", "issuer_level": "commune", "issuer": "Đảng ủy phường", "day": "2026-05-19",
        "recipient_type": "collective", "collective_name": "Chi hội Phụ nữ khu vực 1", "unit": "31135.01",
        "campaign": "PT-NTM", "org_kind": "women"})
    assert award.status_code == 201, award.content
    assert (award.json()["campaign"], award.json()["year"]) == ("PT-NTM", None)
    listed = send(cast.editor_a, "GET", "/commendations?form=certificate&year=2026&issuer_level=commune").json()
    assert listed["count"] == 1
    assert send(cast.editor_a, "GET", "/commendations?year=1800").status_code == 422

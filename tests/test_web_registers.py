"""Register pages: scope (404), read-only roles (403), forms through the audited services,
accent-insensitive search, personal data, htmx partials and pinned query counts."""

import pytest
from django.urls import reverse

from danvan.core.models import ChangeAction, ChangeRecord
from danvan.core.registry import for_import_kind
from danvan.people.choices import OrgKind, PovertyStatus, Sex
from danvan.people.models import Branch, Household, HouseholdPoverty, Membership, Organization, Person

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def make_household(village, code="H01", head="Nguyễn Văn Hộ", size=4) -> Household:
    return Household.objects.create(unit=village, code=code, head_name=head, size=size)


def make_person(village, code="P01", name="Đặng Thị Ánh", **extra) -> Person:
    return Person.objects.create(unit=village, code=code, full_name=name, sex=Sex.FEMALE, **extra)


LISTS = ["organization_list", "branch_list", "person_list", "membership_list", "household_list"]


@pytest.mark.parametrize("name", LISTS)
def test_it_sends_anonymous_visitors_to_login(client, name):
    response = client.get(reverse(f"people:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_lists_own_commune_and_hides_other_commune(client, cast):
    login(client, cast.editor_a)
    response = client.get(reverse("people:branch_list"))
    assert response.status_code == 200
    assert cast.branch_a1.name in response.content.decode()
    assert cast.branch_b1.name not in response.content.decode()
    organizations = client.get(reverse("people:organization_list")).content.decode()
    assert cast.org_women_a.name in organizations
    assert cast.org_women_b.name not in organizations


@pytest.mark.parametrize("action", ["detail", "edit", "delete"])
def test_it_answers_404_for_other_commune_objects(client, cast, action):
    person_b = make_person(cast.village_b1, code="PB")
    household_b = make_household(cast.village_b1, code="HB")
    member_b = Membership.objects.create(person=person_b, branch=cast.branch_b1)
    login(client, cast.editor_a)
    targets = {
        "organization": cast.org_women_b, "branch": cast.branch_b1, "person": person_b,
        "household": household_b, "membership": member_b,
    }
    for name, obj in targets.items():
        url = reverse(f"people:{name}_{action}", kwargs={"pk": obj.pk})
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x"}).status_code == 404, url
    assert Branch.objects.filter(pk=cast.branch_b1.pk).exists()


def test_it_forbids_viewer_to_create_edit_or_delete(client, cast):
    login(client, cast.viewer_a)
    assert client.get(reverse("people:branch_detail", kwargs={"pk": cast.branch_a1.pk})).status_code == 200
    assert client.get(reverse("people:branch_add")).status_code == 403
    assert client.get(reverse("people:branch_edit", kwargs={"pk": cast.branch_a1.pk})).status_code == 403
    response = client.post(reverse("people:branch_delete", kwargs={"pk": cast.branch_a1.pk}))
    assert response.status_code == 403
    assert Branch.objects.filter(pk=cast.branch_a1.pk).exists()


def test_it_creates_a_household_with_poverty_status_and_records_the_change(client, cast):
    login(client, cast.editor_a)
    response = client.post(reverse("people:household_add"), {
        "code": "H77", "head_name": "Trần Văn Bảy", "size": "5", "address": "",
        "unit": cast.village_a1.key, "poverty_year": "2025", "poverty_status": PovertyStatus.NEAR_POOR,
    })
    household = Household.objects.get(code="H77")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:household_detail", kwargs={"pk": household.pk})
    assert household.unit_path == cast.village_a1.path
    assert HouseholdPoverty.objects.get(household=household).status == PovertyStatus.NEAR_POOR
    change = ChangeRecord.objects.get(object_id=household.pk, action=ChangeAction.CREATE,
                                      content_type__model="household")
    assert change.username == cast.editor_a.username
    page = client.get(response["Location"]).content.decode()
    assert "Lịch sử thay đổi" in page and "Tạo mới" in page and "Trần Văn Bảy" in page
    assert "Hộ cận nghèo" in page


def test_it_records_before_and_after_of_an_edit_and_shows_them(client, cast):
    household = make_household(cast.village_a1, head="Lê Văn Cũ")
    login(client, cast.editor_a)
    response = client.post(reverse("people:household_edit", kwargs={"pk": household.pk}), {
        "code": "H01", "head_name": "Lê Văn Mới", "size": "4", "unit": cast.village_a1.key,
        "poverty_year": "", "poverty_status": "",
    })
    assert response.status_code == 302
    change = ChangeRecord.objects.get(object_id=household.pk, action=ChangeAction.UPDATE)
    assert change.before["head_name"] == "Lê Văn Cũ"
    assert change.after["head_name"] == "Lê Văn Mới"
    page = client.get(reverse("people:household_detail", kwargs={"pk": household.pk})).content.decode()
    assert "Lê Văn Cũ" in page and "Lê Văn Mới" in page and "chủ hộ" in page


def test_it_deletes_through_the_service_and_records_it(client, cast):
    person = make_person(cast.village_a1)
    login(client, cast.editor_a)
    response = client.post(reverse("people:person_delete", kwargs={"pk": person.pk}))
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert ChangeRecord.objects.filter(object_id=person.pk, action=ChangeAction.DELETE).count() == 1


def test_it_refuses_to_delete_an_organization_that_has_branches(client, cast):
    login(client, cast.editor_a)
    response = client.post(reverse("people:organization_delete", kwargs={"pk": cast.org_women_a.pk}))
    assert response.status_code == 200
    assert "Không thể xóa" in response.content.decode()
    assert Organization.objects.filter(pk=cast.org_women_a.pk).exists()


def test_it_rejects_a_branch_outside_a_village_in_vietnamese(client, cast):
    login(client, cast.editor_a)
    response = client.post(reverse("people:branch_add"), {
        "code": "CH-X", "name": "Chi hội thử", "kind": "chi_hoi", "organization": cast.org_women_a.pk,
        "unit": cast.commune_a.key,
    })
    assert response.status_code == 200
    assert "không đúng cấp" in response.content.decode()
    assert not Branch.objects.filter(code="CH-X").exists()


def test_it_rejects_a_village_of_another_commune(client, cast):
    login(client, cast.editor_a)
    response = client.post(reverse("people:household_add"), {
        "code": "H9", "head_name": "Phạm Thị Chín", "size": "2", "unit": cast.village_b1.key,
    })
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.content.decode()
    assert not Household.objects.filter(code="H9").exists()


def test_it_offers_only_visible_organizations_in_the_branch_form(client, cast):
    login(client, cast.editor_a)
    page = client.get(reverse("people:branch_add")).content.decode()
    assert cast.org_women_a.name in page
    assert cast.org_women_b.name not in page


def test_it_adds_a_member_with_the_pickers(client, cast):
    person = make_person(cast.village_a1)
    login(client, cast.editor_a)
    response = client.post(reverse("people:membership_add"), {
        "person": person.pk, "branch": cast.branch_a1.pk, "joined": "2024-03-08", "left": "",
        "attends_regularly": "on",
    })
    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    assert membership.org_kind == OrgKind.WOMEN and membership.unit_id == cast.village_a1.pk
    bad = client.post(reverse("people:membership_add"), {
        "person": person.pk, "branch": cast.branch_b1.pk, "joined": "2024-03-08",
    })
    assert "ngoài phạm vi" in bad.content.decode()


def test_it_rejects_leaving_before_joining(client, cast):
    person = make_person(cast.village_a1)
    login(client, cast.editor_a)
    response = client.post(reverse("people:membership_add"), {
        "person": person.pk, "branch": cast.branch_a1.pk, "joined": "2024-03-08", "left": "2023-01-01",
    })
    assert "Ngày ra không được trước ngày vào." in response.content.decode()
    assert not Membership.objects.exists()


def test_it_finds_people_without_accents(client, cast):
    make_person(cast.village_a1, code="P1", name="Đặng Thị Ánh")
    make_person(cast.village_a1, code="P2", name="Nguyễn Văn Bình")
    login(client, cast.editor_a)
    page = client.get(reverse("people:person_list"), {"q": "dang thi anh"}).content.decode()
    assert "Đặng Thị Ánh" in page
    assert "Nguyễn Văn Bình" not in page
    picker = client.get(reverse("people:person_search"), {"q": "DANG thi"}).content.decode()
    assert "Đặng Thị Ánh" in picker and "Nguyễn Văn Bình" not in picker


def test_it_hides_personal_data_from_a_viewer(client, cast):
    person = make_person(cast.village_a1, phone="0912 345 678", birth_year=1985, ethnicity="Khmer")
    detail = reverse("people:person_detail", kwargs={"pk": person.pk})
    login(client, cast.editor_a)
    page = client.get(detail).content.decode()
    assert "0912 345 678" in page and "1985" in page and "Khmer" in page
    login(client, cast.viewer_a)
    page = client.get(detail).content.decode()
    assert "0912 345 678" not in page and "1985" not in page and "Khmer" not in page
    listing = client.get(reverse("people:person_list")).content.decode()
    assert "Đặng Thị Ánh" in listing and "1985" not in listing and "Năm sinh" not in listing


def test_it_keeps_personal_data_out_of_the_history_for_a_viewer(client, cast):
    login(client, cast.editor_a)
    client.post(reverse("people:person_add"), {
        "code": "P5", "full_name": "Thạch Thị Sa", "sex": Sex.FEMALE, "birth_year": "1990",
        "ethnicity": "Khmer", "phone": "0987 654 321", "unit": cast.village_a2.key,
    })
    person = Person.objects.get(code="P5")
    assert person.phone == "0987 654 321"
    login(client, cast.viewer_a)
    page = client.get(reverse("people:person_detail", kwargs={"pk": person.pk})).content.decode()
    assert "Thạch Thị Sa" in page and "0987 654 321" not in page


def test_it_returns_only_the_table_to_htmx(client, cast):
    login(client, cast.editor_a)
    response = client.get(reverse("people:branch_list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "<table" in body and cast.branch_a1.name in body


def test_it_links_exports_with_the_current_filter(client, cast):
    login(client, cast.editor_a)
    page = client.get(reverse("people:household_list"), {"poverty": "poor"}).content.decode()
    assert "/data/export/households/?format=xlsx&amp;poverty=poor" in page
    assert "/data/import/households/" in page


def test_it_filters_by_unit_subtree_and_poverty(client, cast, rf):
    poor = make_household(cast.village_a1, code="H1", head="Hộ Nghèo")
    HouseholdPoverty.objects.create(household=poor, year=2024, status=PovertyStatus.NONE)
    HouseholdPoverty.objects.create(household=poor, year=2025, status=PovertyStatus.POOR)
    make_household(cast.village_a2, code="H2", head="Hộ Khá")
    request = rf.get("/", {"unit": cast.village_a1.key})
    request.user = cast.editor_a
    filterset = for_import_kind("households").filterset
    qs = filterset(request.GET, queryset=Household.objects.visible_to(cast.editor_a), request=request).qs
    assert list(qs) == [poor]
    request = rf.get("/", {"poverty": "poor"})
    request.user = cast.specialist
    qs = filterset(request.GET, queryset=Household.objects.visible_to(cast.specialist), request=request).qs
    assert list(qs) == [poor]
    request = rf.get("/", {"unit": cast.village_b1.key})  # not visible to editor A: nothing
    request.user = cast.editor_a
    assert not filterset(request.GET, queryset=Household.objects.visible_to(cast.editor_a), request=request).qs


def test_it_narrows_an_org_kind_grant(client, cast):
    youth = Organization.objects.create(code="DTN-31117", name="Đoàn phường Ninh Kiều", kind=OrgKind.YOUTH,
                                        level="commune", unit=cast.commune_a)
    login(client, cast.women_only_a)
    page = client.get(reverse("people:organization_list")).content.decode()
    assert cast.org_women_a.name in page and youth.name not in page
    assert client.get(reverse("people:organization_detail", kwargs={"pk": youth.pk})).status_code == 404


def test_it_sorts_names_in_vietnamese_order(client, cast):
    for i, name in enumerate(["Đinh Văn A", "Dương Văn B", "Ân Thị C", "An Văn D"]):
        make_person(cast.village_a1, code=f"S{i}", name=name)
    login(client, cast.editor_a)
    page = client.get(reverse("people:person_list")).content.decode()
    positions = [page.index(n) for n in ["An Văn D", "Ân Thị C", "Dương Văn B", "Đinh Văn A"]]
    assert positions == sorted(positions)
    page = client.get(reverse("people:person_list"), {"sort": "-name"}).content.decode()
    positions = [page.index(n) for n in ["Đinh Văn A", "Dương Văn B", "Ân Thị C", "An Văn D"]]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_rows(client, cast, django_assert_max_num_queries, name):
    for i in range(30):
        household = make_household(cast.village_a1 if i % 2 else cast.village_a2, code=f"Q{i}", head=f"Hộ {i}")
        HouseholdPoverty.objects.create(household=household, year=2025, status=PovertyStatus.POOR)
        person = make_person(household.unit, code=f"Q{i}", name=f"Người {i}", household=household)
        branch = Branch.objects.create(code=f"B{i}", name=f"Chi hội {i}", kind="chi_hoi",
                                       organization=cast.org_women_a, unit=household.unit)
        Membership.objects.create(person=person, branch=branch)
    login(client, cast.specialist)
    with django_assert_max_num_queries(5):
        response = client.get(reverse(f"people:{name}"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= 2


def test_edit_form_shows_the_chosen_village_by_key_and_name(client, cast):
    household = make_household(cast.village_a1)
    login(client, cast.editor_a)
    page = client.get(reverse("people:household_edit", kwargs={"pk": household.pk})).content.decode()
    assert f'name="unit" value="{cast.village_a1.key}"' in page
    assert f'value="{cast.village_a1.name} ({cast.village_a1.key})"' in page

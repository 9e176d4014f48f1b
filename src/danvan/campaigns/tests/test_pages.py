"""The campaigns pages: lists, details, forms (with their Vietnamese refusals), scope (anonymous →
login, no grant → nothing, another commune → 404, viewer → 403), the list filters the report links
use, and a work's contributions summed per village on its page."""

import datetime as dt
import re

import pytest

from danvan.people.models import Household, HouseholdPoverty, Person
from danvan.web.derive import menu

from ..models import Contribution, Trainee, Work

pytestmark = pytest.mark.django_db

WORKS = "/campaigns/works/"
CONTRIBUTIONS = "/campaigns/contributions/"


def _text(response) -> str:
    return response.content.decode()


def listed(client, url: str, attr) -> set:
    """``attr`` of each record the list at ``url`` shows."""
    return {attr(obj) for obj in client.get(url).context["page"].object_list}


def _household(cast, code="H-A1-1", head="Nguyễn Văn Tư", village=None) -> Household:
    return Household.objects.create(code=code, head_name=head, unit=village or cast.village_a1, size=4)


def _person(cast, code="P-A2-1", name="Trần Thị Mai", village=None) -> Person:
    return Person.objects.create(code=code, full_name=name, sex="female", unit=village or cast.village_a2)


# ---------------------------------------------------------------- scope of the pages


def test_anonymous_is_sent_to_login(cast, client):
    work = cast.make_work()
    for url in (WORKS, f"{WORKS}{work.pk}/", f"{WORKS}add/", "/campaigns/campaigns/", "/campaigns/commendations/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_a_user_without_grants_sees_no_record(cast, client):
    work = cast.make_work("Nhà đại đoàn kết bà Hoa")
    cast.make_contribution(work, collective_name="Công ty Ánh Dương", contributor_type="collective")
    client.force_login(cast.nobody)
    assert "Nhà đại đoàn kết bà Hoa" not in _text(client.get(WORKS))
    assert "Công ty Ánh Dương" not in _text(client.get(CONTRIBUTIONS))
    assert client.get(f"{WORKS}{work.pk}/").status_code == 404


def test_another_communes_records_answer_404(cast, client):
    work = cast.make_work("Nhà ở An Bình", unit=cast.village_b1, organization=cast.org_women_b)
    course = cast.make_course(unit=cast.commune_b, organization=cast.org_women_b)
    client.force_login(cast.editor_a)
    for url in (f"{WORKS}{work.pk}/", f"{WORKS}{work.pk}/edit/", f"/campaigns/training-courses/{course.pk}/"):
        assert client.get(url).status_code == 404, url
    assert "Nhà ở An Bình" not in _text(client.get(WORKS))


def test_a_viewer_reads_but_may_not_edit(cast, client):
    work = cast.make_work("Nhà tình nghĩa ông Sáu")
    client.force_login(cast.viewer_a)
    assert "Nhà tình nghĩa ông Sáu" in _text(client.get(f"{WORKS}{work.pk}/"))
    assert client.get(f"{WORKS}{work.pk}/edit/").status_code == 403
    assert client.get(f"{WORKS}add/").status_code == 403
    assert client.post(f"{WORKS}{work.pk}/edit/", {"name": "Đổi tên"}).status_code == 403
    assert Work.objects.get(pk=work.pk).name == "Nhà tình nghĩa ông Sáu"


def test_every_list_and_add_page_opens_for_the_editor(cast, client):
    client.force_login(cast.editor_a)
    for slug in ("campaigns", "works", "village-decisions", "contributions", "poverty-help", "training-courses",
                 "trainees", "commendations"):
        assert client.get(f"/campaigns/{slug}/").status_code == 200, slug
        assert client.get(f"/campaigns/{slug}/add/").status_code == 200, slug


def test_the_menu_lists_the_registers_after_the_exemplars():
    names = [entry.url_name for entry in menu()]
    ours = [name for name in names if name.startswith("campaigns:")]
    assert ours == ["campaigns:campaign_list", "campaigns:work_list", "campaigns:villagedecision_list",
                    "campaigns:contribution_list", "campaigns:povertyhelp_list", "campaigns:trainingcourse_list",
                    "campaigns:commendation_list"]
    assert names.index("exemplars:exemplar_list") < names.index("campaigns:campaign_list")


# ---------------------------------------------------------------- works


def _work_form(cast, **values):
    data = {"code": "CT-NK-01", "name": "Nhà đại đoàn kết hộ ông Ba", "kind": "house", "house_kind": "great_unity",
            "build": "new", "quantity": "1", "unit": cast.village_a1.key, "organization": str(cast.org_women_a.pk),
            "org_kind": "front", "state": "handed_over", "started": "2026-01-10", "handed_over": "2026-03-01",
            "value_vnd": "60000000", "budget_vnd": "0", "organizations_vnd": "40000000", "people_vnd": "20000000",
            "sponsors_vnd": "0", "spent_vnd": "58000000", "description": ""}
    return data | values


def test_add_and_edit_a_work(cast, client):
    client.force_login(cast.editor_a)
    response = client.post(f"{WORKS}add/", _work_form(cast))
    assert response.status_code == 302, _text(response)[:3000]
    work = Work.objects.get(code="CT-NK-01")
    # The organization's kind replaces the kind chosen in the form.
    assert (work.org_kind, work.commune_id, work.value_vnd, work.spent_vnd) == (
        "women", cast.commune_a.pk, 60_000_000, 58_000_000)
    response = client.post(f"{WORKS}{work.pk}/edit/", _work_form(cast, name="Nhà đại đoàn kết hộ ông Ba (sửa)"))
    assert response.status_code == 302
    assert Work.objects.get(pk=work.pk).name == "Nhà đại đoàn kết hộ ông Ba (sửa)"


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"house_kind": ""}, "house_kind", "Cần chọn loại nhà (đại đoàn kết, tình nghĩa, …)."),
    ({"kind": "scholarship", "quantity": "20"}, "house_kind", "Chỉ công trình nhà ở mới có loại nhà."),
    ({"quantity": "3"}, "quantity", "Mỗi căn nhà ghi thành một công trình (số lượng 1)."),
    ({"handed_over": ""}, "handed_over", "Công trình đã bàn giao cần ngày bàn giao."),
    ({"people_vnd": "10000000"}, "value_vnd", "Tổng các nguồn kinh phí (50.000.000 đồng) phải bằng tổng trị giá."),
    ({"organization": "", "agency_name": ""}, "organization",
     "Cần chọn tổ chức thực hiện hoặc ghi tên cơ quan, đơn vị."),
    ({"organization": "", "agency_name": "Công ty Điện lực", "org_kind": ""}, "org_kind",
     "Cần chọn loại tổ chức khi không chọn tổ chức trong danh sách."),
    ({"unit": "31135.09"}, "unit", "Lựa chọn không hợp lệ hoặc nằm ngoài phạm vi của bạn."),
])
def test_a_work_form_refuses_with_a_vietnamese_message(cast, client, values, field, message):
    client.force_login(cast.editor_a)
    response = client.post(f"{WORKS}add/", _work_form(cast, **values))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not Work.objects.exists()


def test_a_work_outside_scope_is_refused_in_the_form(cast, client):
    client.force_login(cast.editor_a)
    response = client.post(f"{WORKS}add/", _work_form(cast, unit=cast.village_b1.key))
    assert "Lựa chọn không hợp lệ hoặc nằm ngoài phạm vi của bạn." in response.context["form"].errors["unit"]


def test_an_existing_work_that_is_no_house_hides_the_house_kind(cast, client):
    road = cast.make_work("Đường bê tông ấp Ông Tà", kind="road", value_vnd=0)
    client.force_login(cast.editor_a)
    text = _text(client.get(f"{WORKS}{road.pk}/edit/"))
    assert re.search(r'<input type="hidden" name="house_kind"', text)


def test_work_detail_sums_contributions_per_village(cast, client):
    work = cast.make_work("Đường liên ấp Ninh Kiều", kind="road", unit=cast.commune_a, value_vnd=0, public=True)
    cast.make_contribution(work, cash_vnd=5_000_000, labor_days=10)
    cast.make_contribution(work, cash_vnd=2_500_000, land_m2=120, contributor_type="household",
                           household=_household(cast))
    cast.make_contribution(work, unit=cast.village_a2, cash_vnd=0, labor_days=35, land_m2=0)
    decision = work.decisions.create(unit=cast.village_a1, day=dt.date(2026, 1, 10), subject="Làm đường liên ấp",
                                     households=120, attending=96, agreeing=90)
    client.force_login(cast.editor_a)
    response = client.get(f"{WORKS}{work.pk}/")
    text = _text(response)
    rows = {row.village: (row.contributions, row.cash_vnd, row.labor_days, row.land_m2)
            for row in response.context["disclosure"].villages}
    assert rows == {"Khu vực Đặng Thị Ánh": (2, 7_500_000, 10, 120), "Ấp Ông Tà": (1, 0, 35, 0)}
    total = re.search(r"<tr data-total>(.*?)</tr>", text, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", total) == ["3", "7.500.000", "45", "120"]
    a1 = re.search(rf'<tr data-village="{cast.village_a1.pk}">(.*?)</tr>', text, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", a1) == ["2", "7.500.000", "10", "120"]
    assert "<td data-share>75,0%</td>" in text  # 90 of 120 households agreed
    assert decision.agreeing_share == 75.0
    assert f"/campaigns/contributions/add/?work={work.pk}" in text
    assert "Nhân dân đóng góp (đồng)" in text  # the financing table


def test_work_detail_links_its_public_page_only_when_public(cast, client):
    hidden = cast.make_work("Nhà chưa công khai")
    shown = cast.make_work("Nhà đã công khai", public=True)
    client.force_login(cast.editor_a)
    assert "data-public-page" not in _text(client.get(f"{WORKS}{hidden.pk}/"))
    response = client.get(f"{WORKS}{shown.pk}/")
    if response.context["public_url"] is not None:  # the public pages are installed
        assert f'href="{response.context["public_url"]}" data-public-page' in _text(response)


def test_work_filters_of_the_report_links(cast, client):
    cast.make_work("Nhà bàn giao 2025", handed_over=dt.date(2025, 12, 1), started=dt.date(2025, 10, 1))
    cast.make_work("Học bổng 2026", kind="scholarship", quantity=20, value_vnd=40_000_000, public=True)
    client.force_login(cast.editor_a)

    def names(query: str) -> set[str]:
        return listed(client, f"{WORKS}?{query}", lambda w: w.name)

    assert names("handed_over_year=2025") == {"Nhà bàn giao 2025"}
    assert names("kind=scholarship") == {"Học bổng 2026"}
    assert names("house_kind=great_unity&org_kind=women") == {"Nhà bàn giao 2025"}
    assert names("public=true") == {"Học bổng 2026"}
    assert names("handed_over_year=1999") == {"Nhà bàn giao 2025", "Học bổng 2026"}  # out of range: ignored


# ---------------------------------------------------------------- contributions


def _contribution_form(target, **values):
    data = {"work": str(target.pk), "day": "2026-02-03", "contributor_type": "household", "cash_vnd": "1000000",
            "labor_days": "0", "land_m2": "0", "note": ""}
    return data | values


def test_a_households_contribution_takes_its_village(cast, client):
    work = cast.make_work("Đường ấp Ông Tà", kind="road", unit=cast.commune_a, value_vnd=0)
    household = _household(cast, village=cast.village_a2)
    client.force_login(cast.editor_a)
    response = client.post(f"{CONTRIBUTIONS}add/", _contribution_form(work, household=str(household.pk)))
    assert response.status_code == 302, _text(response)[:3000]
    saved = Contribution.objects.get()
    assert (saved.unit_id, saved.org_kind, saved.public_name()) == (cast.village_a2.pk, "women", "Hộ gia đình")


def test_a_persons_contribution_takes_their_village(cast, client):
    work = cast.make_work("Đường ấp Ông Tà", kind="road", unit=cast.commune_a, value_vnd=0)
    person = _person(cast)
    client.force_login(cast.editor_a)
    response = client.post(f"{CONTRIBUTIONS}add/", _contribution_form(
        work, contributor_type="person", person=str(person.pk), show_name="on", labor_days="4", cash_vnd="0"))
    assert response.status_code == 302, _text(response)[:3000]
    saved = Contribution.objects.get()
    assert (saved.unit_id, saved.labor_days, saved.public_name()) == (cast.village_a2.pk, 4, "Trần Thị Mai")


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"contributor_type": "anonymous"}, "unit", "Cần chọn thôn, ấp, tổ dân phố của người đóng góp."),
    ({"contributor_type": "household"}, "household", "Cần chọn hộ gia đình đóng góp."),
    ({"contributor_type": "collective", "unit": "31135.01"}, "collective_name",
     "Cần ghi tên tập thể, doanh nghiệp đóng góp."),
    ({"contributor_type": "anonymous", "unit": "31135.01", "cash_vnd": "0"}, "cash_vnd",
     "Cần ghi số tiền, ngày công hoặc diện tích đất đóng góp."),
    ({"contributor_type": "anonymous", "unit": "31135", "work": ""}, "work",
     "Cần chọn công trình hoặc phong trào được đóng góp."),
])
def test_a_contribution_form_refuses_with_a_vietnamese_message(cast, client, values, field, message):
    work = cast.make_work("Đường ấp Ông Tà", kind="road", unit=cast.commune_a, value_vnd=0)
    client.force_login(cast.editor_a)
    response = client.post(f"{CONTRIBUTIONS}add/", _contribution_form(work, **values))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not Contribution.objects.exists()


def test_a_households_village_must_match_the_village_chosen(cast, client):
    work = cast.make_work("Đường ấp Ông Tà", kind="road", unit=cast.commune_a, value_vnd=0)
    household = _household(cast, village=cast.village_a2)
    client.force_login(cast.editor_a)
    response = client.post(f"{CONTRIBUTIONS}add/", _contribution_form(
        work, household=str(household.pk), unit=cast.village_a1.key))
    assert response.context["form"].errors["unit"] == [
        "Người đóng góp ở Ấp Ông Tà: hãy để trống hoặc chọn đúng thôn, ấp đó."]


def test_the_add_link_of_a_work_prefills_the_form(cast, client):
    work = cast.make_work("Đường ấp Ông Tà", kind="road", unit=cast.commune_a, value_vnd=0)
    client.force_login(cast.editor_a)
    response = client.get(f"{CONTRIBUTIONS}add/?work={work.pk}")
    assert response.context["form"].initial["work"] == str(work.pk)
    assert "Đường ấp Ông Tà" in _text(response)


def test_contribution_filters_of_the_report_links(cast, client):
    road = cast.make_work("Đường ấp Ông Tà", kind="road", unit=cast.commune_a, value_vnd=0)
    cast.make_contribution(road, cash_vnd=1_000_000, note="tiền")
    cast.make_contribution(road, cash_vnd=0, labor_days=5, note="ngày công")
    cast.make_contribution(road, cash_vnd=0, land_m2=200, day=dt.date(2025, 6, 1), note="đất")
    client.force_login(cast.editor_a)

    def notes(query: str) -> set[str]:
        return listed(client, f"{CONTRIBUTIONS}?{query}", lambda c: c.note)

    assert notes("has_cash=true") == {"tiền"}
    assert notes("has_labor=true") == {"ngày công"}
    assert notes("has_land=true") == {"đất"}
    assert notes("has_cash=false&year=2026") == {"ngày công"}
    assert notes(f"work={road.pk}&contributor_type=anonymous&org_kind=women") == {"tiền", "ngày công", "đất"}


# ---------------------------------------------------------------- decisions, courses, poverty help, commendations


def test_a_decision_shows_its_share_agreeing(cast, client):
    work = cast.make_work("Đường ấp Ông Tà", kind="road", unit=cast.commune_a, value_vnd=0)
    client.force_login(cast.editor_a)
    response = client.post("/campaigns/village-decisions/add/", {
        "unit": cast.village_a2.key, "work": str(work.pk), "day": "2026-01-12", "subject": "Góp tiền làm đường",
        "households": "80", "attending": "70", "agreeing": "60"})
    assert response.status_code == 302, _text(response)[:3000]
    decision = work.decisions.get()
    assert decision.org_kind == "women"
    text = _text(client.get(f"/campaigns/village-decisions/{decision.pk}/"))
    assert "60 trên 80 hộ của thôn tán thành: 75" in text
    response = client.post("/campaigns/village-decisions/add/", {
        "unit": cast.village_a2.key, "work": str(work.pk), "day": "2026-01-12", "subject": "Lần hai",
        "households": "80", "attending": "90", "agreeing": "60"})
    assert response.context["form"].errors["attending"] == ["Số hộ dự họp không được lớn hơn số hộ của thôn."]


def test_a_course_lists_its_named_trainees(cast, client):
    course = cast.make_course()
    person = _person(cast, name="Lê Văn Học")
    client.force_login(cast.editor_a)
    text = _text(client.get(f"/campaigns/training-courses/{course.pk}/"))
    assert f"/campaigns/trainees/add/?course={course.pk}" in text and "Chưa ghi tên học viên nào." in text
    response = client.post("/campaigns/trainees/add/", {"course": str(course.pk), "person": str(person.pk)})
    assert response.status_code == 302, _text(response)[:3000]
    trainee = Trainee.objects.get()
    assert (trainee.unit_id, trainee.org_kind) == (cast.commune_a.pk, "women")
    assert "Lê Văn Học" in _text(client.get(f"/campaigns/training-courses/{course.pk}/"))
    again = client.post("/campaigns/trainees/add/", {"course": str(course.pk), "person": str(person.pk)})
    assert "Người này đã có trong danh sách học viên của lớp." in again.context["form"].errors["person"]


def test_a_course_form_refuses_an_end_before_its_start(cast, client):
    client.force_login(cast.editor_a)
    response = client.post("/campaigns/training-courses/add/", {
        "code": "TH-1", "name": "Tập huấn dân vận", "unit": cast.commune_a.key, "organization": str(cast.org_women_a.pk),
        "start": "2026-04-03", "end": "2026-04-02", "trainee_count": "30"})
    assert response.context["form"].errors["end"] == ["Ngày kết thúc không được trước ngày bắt đầu."]


def _poverty(household, statuses):
    for year, status in statuses.items():
        HouseholdPoverty.objects.create(household=household, year=year, status=status)


def test_poverty_help_shows_the_reviews_and_whether_the_exit_counts(cast, client):
    out = _household(cast, "H-OUT", "Hộ thoát nghèo")
    _poverty(out, {2025: "poor", 2026: "none"})
    undone = _household(cast, "H-BACK", "Hộ tái nghèo")
    _poverty(undone, {2025: "near_poor", 2026: "none", 2027: "poor"})
    still = _household(cast, "H-STILL", "Hộ còn nghèo")
    _poverty(still, {2025: "poor", 2026: "poor"})
    helps = {h.code: cast.make_poverty_help(h) for h in (out, undone, still)}
    client.force_login(cast.editor_a)
    text = _text(client.get(f"/campaigns/poverty-help/{helps['H-OUT'].pk}/"))
    assert 'data-exit="yes"' in text
    assert re.search(r'data-review-year="2025"><th scope="row">Năm 2025</th><td>Hộ nghèo</td>', text)
    assert re.search(r'data-review-year="2027"><th scope="row">Năm 2027</th><td>Chưa rà soát</td>', text)
    assert 'data-exit="no"' in _text(client.get(f"/campaigns/poverty-help/{helps['H-BACK'].pk}/"))

    def households(query: str) -> set[str]:
        return listed(client, f"/campaigns/poverty-help/?{query}", lambda h: h.household.code)

    assert households("exited=true") == {"H-OUT"}
    assert households("exited=false") == {"H-BACK", "H-STILL"}
    assert households("exited=true&year=2025") == set()


def test_poverty_help_form_takes_the_households_village(cast, client):
    household = _household(cast, village=cast.village_a2)
    client.force_login(cast.editor_a)
    response = client.post("/campaigns/poverty-help/add/", {
        "household": str(household.pk), "year": "2026", "help": "Tặng bò giống", "value_vnd": "15000000",
        "organization": str(cast.org_women_a.pk)})
    assert response.status_code == 302, _text(response)[:3000]
    stranger = _person(cast, "P-X", "Người ngoài hộ")
    response = client.post("/campaigns/poverty-help/add/", {
        "household": str(household.pk), "member": str(stranger.pk), "year": "2025", "help": "Vốn vay",
        "value_vnd": "0", "organization": str(cast.org_women_a.pk)})
    assert response.context["form"].errors["member"] == ["Đoàn viên, hội viên phải thuộc hộ được giúp."]


def test_commendation_form_and_filters(cast, client):
    client.force_login(cast.editor_a)
    base = {"form": "merit", "issuer_level": "province", "issuer": "Ủy ban nhân dân thành phố", "day": "2026-05-19",
            "recipient_type": "collective", "collective_name": "Chi hội Phụ nữ khu vực 1", "unit": cast.village_a1.key,
            "year": "2025", "org_kind": "women"}
    assert client.post("/campaigns/commendations/add/", base).status_code == 302
    cast.make_commendation(collective_name="Đoàn phường Ninh Kiều", day=dt.date(2025, 12, 20), org_kind="youth")
    response = client.post("/campaigns/commendations/add/", base | {"recipient_type": "person"})
    assert response.context["form"].errors["person"] == ["Cần chọn cá nhân được khen thưởng."]

    def recipients(query: str) -> set[str]:
        return listed(client, f"/campaigns/commendations/?{query}", lambda c: c.recipient())

    assert recipients("form=merit&issuer_level=province") == {"Chi hội Phụ nữ khu vực 1"}
    assert recipients("year=2025") == {"Đoàn phường Ninh Kiều"}
    assert recipients("org_kind=youth&recipient_type=collective") == {"Đoàn phường Ninh Kiều"}


def test_campaign_detail_lists_its_works_and_contribution_totals(cast, client):
    campaign = cast.make_campaign()
    house = cast.make_work("Nhà đại đoàn kết bà Hoa", campaign=campaign)
    cast.make_work("Học bổng vượt khó", kind="scholarship", quantity=10, value_vnd=20_000_000, campaign=campaign,
                   state="planned", handed_over=None, started=None)
    cast.make_contribution(house, cash_vnd=3_000_000, labor_days=12)
    cast.make_contribution(house, cash_vnd=0, land_m2=50)
    client.force_login(cast.editor_a)
    response = client.get(f"/campaigns/campaigns/{campaign.pk}/")
    assert response.context["work_summary"] == {"count": 2, "quantity": 11, "value_vnd": 80_000_000, "handed_over": 1}
    assert response.context["contribution_totals"] == {"count": 2, "cash_vnd": 3_000_000, "labor_days": 12,
                                                       "land_m2": 50}
    assert "2 công trình, phần việc (1 đã bàn giao), tổng trị giá 80.000.000 đồng." in _text(response)
    assert listed(client, f"{WORKS}?campaign={campaign.pk}", lambda w: w.name) == {
        "Nhà đại đoàn kết bà Hoa", "Học bổng vượt khó"}


def test_a_womens_union_editor_records_only_the_unions_works(cast, client):
    front = cast.make_work("Đường của Mặt trận", kind="road", organization=None, agency_name="Ban công tác Mặt trận",
                           org_kind="front", value_vnd=0)
    union = cast.make_work("Nhà của Hội Phụ nữ")
    client.force_login(cast.women_only_a)
    assert listed(client, WORKS, lambda w: w.name) == {"Nhà của Hội Phụ nữ"}
    refused = client.post(f"{CONTRIBUTIONS}add/", _contribution_form(front, contributor_type="anonymous",
                                                                      unit=cast.village_a1.key))
    assert "Lựa chọn không hợp lệ hoặc nằm ngoài phạm vi của bạn." in refused.context["form"].errors["work"]
    accepted = client.post(f"{CONTRIBUTIONS}add/", _contribution_form(union, contributor_type="anonymous",
                                                                       unit=cast.village_a1.key))
    assert accepted.status_code == 302
    assert list(Contribution.objects.values_list("work__name", "org_kind")) == [("Nhà của Hội Phụ nữ", "women")]
    # Without an organization, the kind chosen in the form must be the union's.
    response = client.post(f"{WORKS}add/", _work_form(cast, organization="", agency_name="Tổ hòa giải",
                                                      org_kind="front"))
    assert response.context["form"].non_field_errors() == [
        "Loại tổ chức 'Mặt trận Tổ quốc' nằm ngoài phạm vi của bạn."]

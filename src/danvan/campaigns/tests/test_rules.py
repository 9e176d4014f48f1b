"""The models' rules (``clean``), what ``place()`` derives, the public name of a contributor, and the
exit out of poverty read from the household's reviews."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from danvan.people.models import Household, HouseholdPoverty, Person

from ..filters import exited
from ..models import (
    Campaign,
    Commendation,
    Contribution,
    PovertyHelp,
    Trainee,
    TrainingCourse,
    VillageDecision,
    Work,
)

pytestmark = pytest.mark.django_db


def errors(obj) -> dict[str, list[str]]:
    obj.place()
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_campaign_rules(cast):
    campaign = Campaign(code="PT-1", name="Phong trào", unit=cast.village_a1, start=dt.date(2026, 3, 1),
                        end=dt.date(2026, 2, 1))
    found = errors(campaign)
    assert found["unit"] == ["Phong trào được phát động ở cấp tỉnh hoặc cấp xã."]
    assert found["organization"] == ["Cần chọn tổ chức phát động hoặc ghi tên cơ quan, đơn vị."]
    assert found["end"] == ["Ngày kết thúc không được trước ngày phát động."]


def test_work_rules(cast):
    other = Household.objects.create(code="H-B", head_name="Hộ xã khác", unit=cast.village_b1, size=2)
    work = Work(code="CT-1", name="Nhà", unit=cast.village_a1, organization=cast.org_women_a, kind="house",
                quantity=2, state="planned", started=dt.date(2026, 3, 1), handed_over=dt.date(2026, 2, 1),
                value_vnd=10, budget_vnd=4, beneficiary=other)
    found = errors(work)
    assert found == {
        "house_kind": ["Cần chọn loại nhà (đại đoàn kết, tình nghĩa, …)."],
        "quantity": ["Mỗi căn nhà ghi thành một công trình (số lượng 1)."],
        "state": ['Đã có ngày bàn giao thì trạng thái phải là "Đã bàn giao".'],
        "handed_over": ["Ngày bàn giao không được trước ngày khởi công."],
        "value_vnd": ["Tổng các nguồn kinh phí (4 đồng) phải bằng tổng trị giá."],
        "beneficiary": ["Hộ được hỗ trợ phải ở cùng xã, phường với công trình."],
    }
    road = Work(code="CT-2", name="Đường", unit=cast.village_a1, agency_name="Ban nhân dân ấp", kind="road",
                house_kind="gratitude", state="handed_over")
    assert errors(road) == {"house_kind": ["Chỉ công trình nhà ở mới có loại nhà."],
                            "handed_over": ["Công trình đã bàn giao cần ngày bàn giao."]}


def test_a_works_kind_is_its_organizations(cast):
    work = cast.make_work(org_kind="front")
    assert (work.org_kind, work.financed(), work.commune_id) == ("women", 0, cast.commune_a.pk)


def test_decision_rules(cast):
    decision = VillageDecision(unit=cast.commune_a, day=dt.date(2026, 1, 1), subject="Họp", households=50,
                               attending=60, agreeing=70)
    assert errors(decision) == {
        "unit": ["Cuộc họp phải là của một thôn, ấp, tổ dân phố."],
        "work": ["Cần chọn công trình hoặc phong trào mà cuộc họp quyết định."],
        "attending": ["Số hộ dự họp không được lớn hơn số hộ của thôn."],
        "agreeing": ["Số hộ tán thành không được lớn hơn số hộ dự họp."],
    }
    assert VillageDecision(households=120, attending=96, agreeing=90).agreeing_share == 75.0
    assert VillageDecision(households=3, attending=3, agreeing=2).agreeing_share == 66.67


def test_contribution_rules(cast):
    work = cast.make_work()
    stranger = Household.objects.create(code="H-B", head_name="Hộ xã khác", unit=cast.village_b1, size=2)
    contribution = Contribution(work=work, day=dt.date(2026, 2, 1), contributor_type="household", household=stranger)
    assert errors(contribution) == {
        "cash_vnd": ["Cần ghi số tiền, ngày công hoặc diện tích đất đóng góp."],
        "unit": ["Người đóng góp phải ở cùng xã, phường với công trình."],
    }
    named = Contribution(work=work, unit=cast.village_a1, day=dt.date(2026, 2, 1), contributor_type="collective",
                         person=Person.objects.create(code="P-1", full_name="Lý Thị Hai", sex="female",
                                                      unit=cast.village_a1), cash_vnd=1)
    assert errors(named) == {"collective_name": ["Cần ghi tên tập thể, doanh nghiệp đóng góp."],
                             "person": ["Chỉ đóng góp của cá nhân mới chọn cá nhân."]}


def test_what_the_public_sees_of_a_contributor(cast):
    work = cast.make_work()
    household = Household.objects.create(code="H-1", head_name="Nguyễn Văn Tư", unit=cast.village_a1, size=4)
    hidden = cast.make_contribution(work, contributor_type="household", household=household)
    shown = cast.make_contribution(work, contributor_type="household", household=household, show_name=True)
    anonymous = cast.make_contribution(work)
    company = cast.make_contribution(work, contributor_type="collective", collective_name="Công ty Ánh Dương")
    assert [c.public_name() for c in (hidden, shown, anonymous, company)] == [
        "Hộ gia đình", "Hộ ông/bà Nguyễn Văn Tư", "Nhân dân trong thôn", "Công ty Ánh Dương"]
    assert hidden.contributor() == "Nguyễn Văn Tư"


def test_poverty_help_trainee_and_commendation_take_their_place(cast):
    household = Household.objects.create(code="H-1", head_name="Nguyễn Văn Tư", unit=cast.village_a2, size=4)
    help_ = cast.make_poverty_help(household)
    assert (help_.unit_id, help_.org_kind) == (cast.village_a2.pk, "women")
    course = cast.make_course()
    person = Person.objects.create(code="P-1", full_name="Lý Thị Hai", sex="female", unit=cast.village_a1)
    trainee = Trainee.objects.create(course=course, person=person)
    assert (trainee.unit_id, trainee.org_kind) == (cast.commune_a.pk, "women")
    award = Commendation(unit=cast.commune_a, form="flag", issuer_level="central", issuer="Ủy ban Trung ương MTTQ",
                         day=dt.date(2026, 1, 1), recipient_type="person")
    assert errors(award) == {"person": ["Cần chọn cá nhân được khen thưởng."],
                             "reason": ["Cần ghi thành tích: phong trào, mô hình, năm công tác hoặc nội dung."]}
    course_rules = TrainingCourse(code="TH-2", name="Lớp", unit=cast.village_a1, agency_name="Trường Chính trị",
                                  start=dt.date(2026, 4, 3), end=dt.date(2026, 4, 2))
    assert errors(course_rules) == {"unit": ["Lớp tập huấn do cấp tỉnh hoặc cấp xã tổ chức."],
                                    "end": ["Ngày kết thúc không được trước ngày bắt đầu."]}


@pytest.mark.parametrize(("reviews", "year", "counts"), [
    ({2025: "poor", 2026: "none"}, 2026, True),  # left poverty, no later review yet
    ({2025: "near_poor", 2026: "none", 2027: "none"}, 2026, True),  # confirmed by the next review
    ({2025: "poor", 2026: "none", 2027: "near_poor"}, 2026, False),  # undone by the next review
    ({2025: "poor", 2026: "near_poor"}, 2026, False),  # still near-poor
    ({2026: "none"}, 2026, False),  # no review of the year before
    ({2024: "poor", 2025: "none"}, 2026, False),  # the exit was in another year
])
def test_the_exit_is_read_from_the_reviews(cast, reviews, year, counts):
    household = Household.objects.create(code="H-1", head_name="Nguyễn Văn Tư", unit=cast.village_a1, size=4)
    for review_year, status in reviews.items():
        HouseholdPoverty.objects.create(household=household, year=review_year, status=status)
    cast.make_poverty_help(household, year=year)
    assert PovertyHelp.objects.filter(exited()).exists() is counts

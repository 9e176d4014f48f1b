"""The planner's pages: the form, the plan, pin / exclude / re-plan / publish, and scope."""

import datetime as dt

import pytest
from django.urls import reverse

from danvan.meetings.choices import PlanState
from danvan.meetings.models import Plan, PlannedVisit
from danvan.people.models import Branch

pytestmark = pytest.mark.django_db


def _world(cast):
    """Branch A1 meets on the 10th, a second branch of village A1 on the 20th; one cadre on A1."""
    cast.make_schedule()
    other = Branch.objects.create(code="CH-A1-2", name="Chi hội Phụ nữ ấp A1 số 2", kind=cast.branch_a1.kind,
                                  organization=cast.branch_a1.organization, unit=cast.village_a1)
    cast.make_schedule(branch=other, day=20)
    assignment = cast.make_assignment(cadre=cast.make_cadre(name="Lê Thị Hoa"))
    return assignment, other


def _create(client, month="2026-03", length="month", unit="31135"):
    return client.post(reverse("meetings:plan_add"), {"unit": unit, "month": month, "length": length})


def test_the_form_creates_and_solves_a_plan(client, cast) -> None:
    _world(cast)
    client.force_login(cast.editor_a)
    assert client.get(reverse("meetings:plan_add")).status_code == 200
    response = _create(client)
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:plan_detail", args=[plan.pk])
    assert (plan.unit, plan.start, plan.end) == (cast.commune_a, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert plan.report["visits"] == 1 and plan.report["unmet"] == []
    page = client.get(response["Location"]).content.decode()
    assert "Lê Thị Hoa" in page and "Mọi cán bộ đều đủ số lượt theo quy định." in page


def test_a_quarter_and_its_report(client, cast) -> None:
    _world(cast)
    client.force_login(cast.editor_a)
    _create(client, month="2026-05", length="quarter")
    plan = Plan.objects.get()
    assert (plan.start, plan.end) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    # three visits over two branches meeting monthly: two at one, one at the other, on 3 distinct days
    visits = list(PlannedVisit.objects.filter(plan=plan).values_list("date", flat=True))
    assert len(set(visits)) == 3 and plan.report["unmet"] == []


def test_unmet_quota_is_shown(client, cast) -> None:
    cast.make_assignment(cadre=cast.make_cadre(name="Phạm Văn An"), areas=(cast.village_a2,))
    client.force_login(cast.editor_a)
    response = _create(client)
    page = client.get(response["Location"]).content.decode()
    assert "1 cán bộ chưa đủ số lượt theo quy định:" in page
    assert "Phạm Văn An: 0/1 lượt" in page
    assert "Không có chi hội nào trong địa bàn phụ trách có lịch sinh hoạt trong kỳ." in page


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"unit": "31150", "month": "2026-03", "length": "month"}, "unit",
     "Không tìm thấy đơn vị có mã “31150” trong phạm vi của bạn."),
    ({"unit": "31135", "month": "03/2026", "length": "month"}, "month",
     "Tháng “03/2026” không hợp lệ: cần dạng năm-tháng, ví dụ 2026-03."),
])
def test_bad_input_is_named(client, cast, data, field, message) -> None:
    client.force_login(cast.editor_a)
    response = client.post(reverse("meetings:plan_add"), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not Plan.objects.exists()


def test_pin_exclude_replan_publish(client, cast) -> None:
    assignment, other = _world(cast)
    cast.make_visit(assignment, branch=other, date=dt.date(2026, 2, 20))
    client.force_login(cast.editor_a)
    plan = Plan.objects.get(pk=int(_create(client)["Location"].rstrip("/").split("/")[-1]))
    visit = PlannedVisit.objects.get(plan=plan)
    assert visit.branch == cast.branch_a1  # the other branch was visited last month
    client.post(reverse("meetings:plan_visit_exclude", args=[visit.pk]))
    client.post(reverse("meetings:plan_replan", args=[plan.pk]))
    rows = sorted(PlannedVisit.objects.filter(plan=plan).values_list("branch_id", "pinned", "excluded"))
    assert rows == sorted([(cast.branch_a1.pk, False, True), (other.pk, False, False)])
    chosen = PlannedVisit.objects.get(plan=plan, excluded=False)
    client.post(reverse("meetings:plan_visit_pin", args=[chosen.pk]))
    client.post(reverse("meetings:plan_replan", args=[plan.pk]))
    assert PlannedVisit.objects.get(plan=plan, excluded=False).pk == chosen.pk
    assert PlannedVisit.objects.get(pk=chosen.pk).pinned
    client.post(reverse("meetings:plan_publish", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED
    response = client.post(reverse("meetings:plan_replan", args=[plan.pk]), follow=True)
    assert "Kế hoạch đã ban hành, không thay đổi được nữa." in response.content.decode()


def test_scope_out_is_404_read_only_is_403(client, cast) -> None:
    _world(cast)
    plan_b = Plan.objects.create(unit=cast.commune_b, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    client.force_login(cast.editor_a)
    plan_a = Plan.objects.get(pk=int(_create(client)["Location"].rstrip("/").split("/")[-1]))
    visit = PlannedVisit.objects.get(plan=plan_a)
    assert client.get(reverse("meetings:plan_detail", args=[plan_b.pk])).status_code == 404
    assert client.post(reverse("meetings:plan_publish", args=[plan_b.pk])).status_code == 404
    client.force_login(cast.viewer_a)
    assert client.get(reverse("meetings:plan_detail", args=[plan_a.pk])).status_code == 200
    assert client.get(reverse("meetings:plan_add")).status_code == 403
    assert client.post(reverse("meetings:plan_publish", args=[plan_a.pk])).status_code == 403
    assert client.post(reverse("meetings:plan_visit_pin", args=[visit.pk])).status_code == 403
    plan_a.refresh_from_db()
    assert plan_a.state == PlanState.DRAFT and not PlannedVisit.objects.get(pk=visit.pk).pinned

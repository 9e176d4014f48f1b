"""The rule watched: cadres without a visit by the 20th, branches not visited for N months, branches
that missed a scheduled meeting; their pages (scope, bad input) and the dashboard panel."""

import datetime as dt

import pytest
from django.urls import reverse

from danvan.indicators.builder import resolve_unit
from danvan.indicators.catalog import registry
from danvan.indicators.periods import parse_period
from danvan.meetings import panel, watch
from danvan.meetings.models import Meeting, ScheduleException

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(cast):
    """C1 visited A1 on 10/03 (and once not attended, 05/03: C2); C2 never; A1 visited 10/01; B1 on 10/03."""
    cast.c1 = cast.make_assignment(cast.make_cadre("Nguyễn Thị Một"))
    cast.c2 = cast.make_assignment(cast.make_cadre("Lê Thị Hai"))
    cast.ended = cast.make_assignment(cast.make_cadre("Đã Thôi Phân Công"), end=dt.date(2026, 2, 28))
    cast.make_visit(cast.c1, date=dt.date(2026, 1, 10))
    cast.make_visit(cast.c1)
    cast.make_visit(cast.c2, date=dt.date(2026, 3, 5), attended=False, absence_reason="Ốm")
    pb = cast.make_assignment(cast.make_cadre("Phạm Văn Bê", unit=cast.commune_b, organization=cast.org_women_b),
                              areas=(cast.village_b1,))
    cast.make_visit(pb, branch=cast.branch_b1)
    return cast


def _names(rows):
    return [(str(row.cadre), row.failing) for row in rows]


def test_cadres_without_a_visit_before_and_after_the_20th(w):
    a = w.commune_a
    assert _names(watch.cadres_without_visit(a, 2026, 3, today=dt.date(2026, 3, 15))) == [("Lê Thị Hai", False)]
    assert _names(watch.cadres_without_visit(a, 2026, 3, today=dt.date(2026, 3, 20))) == [("Lê Thị Hai", True)]
    # On 05/03 C1 had not been yet either; the ended assignment is not listed in March but is in February.
    assert _names(watch.cadres_without_visit(a, 2026, 3, today=dt.date(2026, 3, 5))) == [
        ("Lê Thị Hai", False), ("Nguyễn Thị Một", False)]
    assert [str(r.cadre) for r in watch.cadres_without_visit(a, 2026, 2, today=dt.date(2026, 4, 1))] == [
        "Lê Thị Hai", "Nguyễn Thị Một", "Đã Thôi Phân Công"]
    assert watch.cadres_without_visit(a, 2026, 5, today=dt.date(2026, 4, 1)) == []  # a month to come
    # Scope: a commune B editor sees none of commune A's cadres.
    assert watch.cadres_without_visit(w.province, 2026, 3, w.editor_b, today=dt.date(2026, 3, 31)) == []


def test_branches_not_visited_for_three_months(w):
    rows = watch.branches_not_visited(w.province, 2026, 4)  # February to April: A1 last visited 10/03
    assert [(r.branch.code, r.last_visit) for r in rows if r.branch.code.startswith("CH-")] == []
    rows = watch.branches_not_visited(w.province, 2026, 6)  # April to June
    found = {r.branch.code: r.last_visit for r in rows}
    assert found["CH-31135.01-PN"] == dt.date(2026, 3, 10) and found["CH-31150.01-PN"] == dt.date(2026, 3, 10)
    rows = watch.branches_not_visited(w.commune_a, 2026, 6, months=4)  # March to June
    assert "CH-31135.01-PN" not in {r.branch.code for r in rows}
    assert all(r.branch.unit.path.startswith(w.commune_a.path) for r in rows)


def test_a_missed_scheduled_meeting(w):
    schedule = w.make_schedule()  # A1 on the 10th
    Meeting.objects.create(branch=w.branch_a1, date=dt.date(2026, 1, 12))  # within 3 days: held
    Meeting.objects.create(branch=w.branch_a1, date=dt.date(2026, 2, 16))  # 6 days late: missed
    ScheduleException.objects.create(schedule=schedule, date=dt.date(2026, 4, 10), moved_to=dt.date(2026, 4, 20))
    Meeting.objects.create(branch=w.branch_a1, date=dt.date(2026, 4, 20))
    check = watch.held_vs_scheduled(w.commune_a, dt.date(2026, 1, 1), dt.date(2026, 4, 30), today=dt.date(2026, 5, 1))
    assert (check.scheduled, check.held) == (4, 2)
    assert [(m.branch.code, m.days) for m in check.missed] == [
        ("CH-31135.01-PN", [dt.date(2026, 2, 10), dt.date(2026, 3, 10)])]
    # 10/05 has not passed (with its 3 days of grace) on 12/05.
    assert watch.missed_meetings(w.commune_a, 2026, 5, today=dt.date(2026, 5, 12)) == []
    assert [m.days for m in watch.missed_meetings(w.commune_a, 2026, 5, today=dt.date(2026, 5, 14))] == [
        [dt.date(2026, 5, 10)]]
    assert watch.missed_meetings(w.commune_a, 2026, 3, w.editor_b, today=dt.date(2026, 5, 1)) == []


def test_watch_pages(w, client):
    client.force_login(w.specialist)
    html = client.get(reverse("meetings:watch_cadres"), {"unit": "31135", "month": "2026-03"}).content.decode()
    assert "Lê Thị Hai" in html and "Nguyễn Thị Một" not in html and "Không đạt" in html
    html = client.get(reverse("meetings:watch_branches"), {"unit": "31135", "month": "2026-06"}).content.decode()
    assert 'data-branch="CH-31135.01-PN"' in html and "10/03/2026" in html
    w.make_schedule()
    html = client.get(reverse("meetings:watch_meetings"), {"unit": "31135", "month": "2026-03"}).content.decode()
    assert 'data-branch="CH-31135.01-PN"' in html and "10/03/2026" in html and "đã họp 0/1 buổi" in html
    response = client.get(reverse("meetings:watch_cadres"), {"unit": "31135", "month": "2026-13"})
    assert response.status_code == 400 and "Tháng &#x27;2026-13&#x27; không hợp lệ" in response.content.decode()
    response = client.get(reverse("meetings:watch_branches"), {"unit": "31135", "months": "0"})
    assert response.status_code == 400 and "Số tháng" in response.content.decode()


def test_watch_pages_out_of_scope_are_404(w, client):
    client.force_login(w.editor_b)
    for name in ("meetings:watch_cadres", "meetings:watch_branches", "meetings:watch_meetings",
                 "meetings:standing_report"):
        assert client.get(reverse(name), {"unit": "31135"}).status_code == 404, name
        assert client.get(reverse(name), {"unit": "31150"}).status_code == 200, name


def test_dashboard_panel(w, client):
    w.make_schedule()
    from danvan.indicators.builder import build_report

    report = build_report(resolve_unit("31135"), parse_period("2026-03", "calendar"), [], codes=["MV-VISITS"])
    context = panel.context(report, w.specialist, today=dt.date(2026, 4, 1))
    assert {k: context[k] for k in ("month", "cadres", "failing", "branches", "missed", "scheduled", "held")} == {
        "month": "2026-03", "cadres": 1, "failing": 1, "branches": 0, "missed": 1, "scheduled": 1, "held": 0}
    assert "meetings-watch" in registry.panels
    client.force_login(w.specialist)
    page = client.get("/reports/?unit=31135&period=2026-03&cutoff=calendar").content.decode()
    assert 'data-panel-slot="meetings-watch"' in page
    html = client.get("/reports/panels/meetings-watch/?unit=31135&period=2026-03&cutoff=calendar").content.decode()
    assert 'data-panel="meetings-watch"' in html
    assert reverse("meetings:watch_cadres") + "?unit=31135&amp;month=2026-03" in html

"""The formalism watch: reasons, thresholds as data, the list filter and the dashboard panel."""

import datetime as dt

from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.catalog import registry
from danvan.indicators.periods import parse_period
from danvan.outreach import panel, watch
from danvan.outreach.models import Activity, ActivityKind, Mode, Plan, PlanTask, WatchRule


def flagged_codes() -> set[str]:
    return set(watch.flagged_activities(Activity.objects.all()).values_list("code", flat=True))


def test_default_thresholds_flag_few_residents_and_a_missing_note(bc):
    assert watch.activity_flags(bc.s1) == ["Chỉ có 5 người dân tham gia (ngưỡng 10).",
                                           "Chưa ghi tình hình thực tế của thôn, ấp."]
    assert watch.activity_flags(bc.s4) == ["Chỉ có 8 người dân tham gia (ngưỡng 10)."]
    assert watch.activity_flags(bc.cast.activity_a1) == []
    assert flagged_codes() == {"S1", "S4"}


def test_the_nearest_rule_wins_and_the_filter_agrees_with_the_reasons(bc):
    WatchRule.objects.create(unit=bc.cast.province, min_residents=30, require_situation=False)
    WatchRule.objects.create(unit=bc.cast.commune_b, min_residents=5)
    # Province rule (30, no note required) for commune A: S1 (5), S2 (12); commune B's own rule (5): none.
    assert flagged_codes() == {"S1", "S2"}
    for activity in Activity.objects.all():
        assert bool(watch.activity_flags(activity)) == (activity.code in {"S1", "S2"}), activity.code
    assert watch.activity_flags(bc.s1) == ["Chỉ có 5 người dân tham gia (ngưỡng 30)."]


def test_plan_flags_share_with_the_people_tasks_and_situation(cast):
    assert watch.plan_flags(cast.plan_a1) == []  # 1 of 2 tasks with the people: 50 %, situation written
    bare = Plan.objects.create(code="KH-TRONG", agency="Sở Y tế", unit=cast.village_a2,
                               start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert watch.plan_flags(bare) == [
        "Kế hoạch chưa xuất phát từ tình hình thực tế của thôn (chưa ghi tình hình).",
        "Kế hoạch chưa xác định nhiệm vụ cụ thể."]
    for description in ("Tuyên truyền", "Hướng dẫn"):
        PlanTask.objects.create(plan=bare, description=description, kind=ActivityKind.DISEASE, mode=Mode.GUIDANCE)
    PlanTask.objects.create(plan=bare, description="Phát quang", kind=ActivityKind.DISEASE, mode=Mode.WITH_PEOPLE)
    assert watch.plan_flags(bare)[1] == "Chỉ 33% nhiệm vụ làm cùng dân (ngưỡng 50%)."
    assert set(watch.flagged_plans(Plan.objects.all()).values_list("code", flat=True)) == {"KH-TRONG"}
    WatchRule.objects.create(unit=cast.commune_a, min_with_people=30, require_situation=False)
    assert not watch.flagged_plans(Plan.objects.all()).exists()


def test_the_list_filter_bi_canh_bao(bc, client):
    client.force_login(bc.cast.editor_a)
    flagged = client.get("/outreach/activities/?flagged=true").content.decode()
    assert "Hoạt động S1" in flagged and "Cùng dân đổ bê tông" not in flagged
    assert "Hoạt động S4" not in flagged  # commune B: outside editor A's scope
    calm = client.get("/outreach/activities/?flagged=false").content.decode()
    assert "Cùng dân đổ bê tông" in calm and "Hoạt động S1" not in calm


def test_the_panel_lists_flagged_agencies_and_villages_in_the_users_scope(bc):
    report = build_report(resolve_unit("92"), parse_period("2026"), None)
    data = panel.context(report, bc.cast.specialist)
    assert data["total"] == 4 and data["flagged_total"] == 1
    assert [(a["lead_agency"], a["activities"], a["flagged"], a["share"]) for a in data["agencies"]] == [
        ("Tỉnh đoàn", 2, 1, 50)]
    assert [(v["unit__key"], v["flagged"]) for v in data["villages"]] == [(bc.cast.village_a1.key, 1)]
    # The editor of commune B sees only B1's activity (not flagged) in the same report.
    outsider = panel.context(report, bc.cast.editor_b)
    assert (outsider["total"], outsider["agencies"], outsider["villages"]) == (1, [], [])
    # An agency whose activities are mostly guidance is listed even when none is flagged.
    WatchRule.objects.create(unit=bc.cast.province, min_residents=0, require_situation=False,
                             min_with_people=60)
    data = panel.context(report, bc.cast.specialist)
    assert [(a["lead_agency"], a["flagged"], a["low_share"]) for a in data["agencies"]] == [("Tỉnh đoàn", 0, True)]


def test_the_dashboard_shows_the_registered_panel(bc, client):
    assert "outreach-watch" in registry.panels
    client.force_login(bc.cast.specialist)
    page = client.get("/reports/?unit=92&period=2026&cutoff=calendar").content.decode()
    assert 'data-panel-slot="outreach-watch"' in page
    html = client.get("/reports/panels/outreach-watch/?unit=92&period=2026&cutoff=calendar").content.decode()
    assert 'data-panel="outreach-watch"' in html and "Cảnh báo hình thức" in html
    assert f'<tr data-unit="{bc.cast.village_a1.key}">' in html and '<tr data-agency="Tỉnh đoàn">' in html
    home = client.get("/reports/panels/outreach-watch/?unit=92&period=2025&cutoff=calendar").content.decode()
    assert f'<tr data-unit="{bc.cast.village_b1.key}">' in home  # S4, December 2025


def test_thresholds_are_set_from_above(cast, client):
    client.force_login(cast.editor_a)
    own = client.post("/outreach/watch-rules/add/", {"unit": cast.commune_a.key, "min_residents": "1",
                                                     "min_with_people": "0"})
    assert "Ngưỡng cảnh báo của một đơn vị do cấp trên đặt." in own.content.decode()
    client.force_login(cast.specialist)
    response = client.post("/outreach/watch-rules/add/", {"unit": cast.commune_a.key, "min_residents": "20",
                                                          "min_with_people": "60", "require_situation": "on"})
    assert response.status_code == 302
    assert watch.thresholds_for(cast.village_a1.path).min_residents == 20
    assert watch.thresholds_for(cast.village_b1.path) == watch.DEFAULT


def test_the_plan_list_filter(cast, client):
    Plan.objects.create(code="KH-HT", agency="Sở Hình Thức", unit=cast.village_a2, start=dt.date(2026, 1, 1),
                        end=dt.date(2026, 3, 31))
    client.force_login(cast.editor_a)
    flagged = client.get("/outreach/plans/?flagged=true").content.decode()
    assert "Sở Hình Thức" in flagged and "Sở Nông nghiệp và Môi trường" not in flagged
    active = client.get("/outreach/plans/?active_on=2026-05-01").content.decode()
    assert "Sở Nông nghiệp và Môi trường" in active and "Sở Hình Thức" not in active

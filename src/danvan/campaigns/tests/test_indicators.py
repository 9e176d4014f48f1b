"""The WK-*, CT-*, TR-* and AW-* indicators: exact figures through the report builder, the API and
the XLSX file, on a small scenario (``cw`` below), and the ledger kept right after edits.

| record | where | what | counts in |
|---|---|---|---|
| W1 | A1 (women A) | great-unity house, started 10/11/2025, handed over 15/03/2026, 60 million | 2026 only |
| W2 | B1 (women B) | gratitude house, handed over 01/06/2026, 80 million | 2026 |
| W3 | A2 (women A) | other house, handed over 01/07/2026, 50 million | 2026 |
| W4 | A1 | great-unity house in progress | never |
| W5 | A1 | 30 scholarships, handed over 01/09/2026, 45 million | 2026 |
| W6 | B1 (women B) | a road, handed over 10/05/2026, 500 million | 2026 |
| W7 | A1 | 4 waste-collection tasks, handed over 20/12/2025, no value | 2025 |
| C1–C4 | A1, A1, B1, A2 | 5 million (anonymous); 12 labor-days (collective); 150 m² (anonymous); 2 million + 3 labor-days | 2026 |
| H1 | A1 | reviews 2025 poor, 2026 none; helped in 2026 by women A and by the Front | an exit, once |
| H2 | A2 | reviews 2025 near-poor, 2026 none, 2027 poor; helped in 2026 | undone: no |
| H3 | B1 | reviews 2025 none, 2026 none; helped in 2026 | not poor: no |
| H4 | B1 | reviews 2025 poor, 2026 none; helped in 2026 by women B | an exit |
| K1 | commune A | course of 40 counted trainees, 02/04/2026 | 2026 |
| K2 | province (Front) | course counting 2 trainees with 3 named, 10/06/2026 | 3 trainees |
| K3 | commune B (women B) | course without trainees recorded, 01/10/2026 | 0 trainees |
| M1–M4 | | giấy khen (province), giấy khen (commune), bằng khen (province) in 2026; cờ thi đua (central) in 2025 | |
"""

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest

from danvan.accounts.models import ApiToken
from danvan.campaigns.choices import (
    CommendationForm,
    ContributorType,
    HouseKind,
    IssuerLevel,
    WorkKind,
    WorkState,
)
from danvan.campaigns.models import Trainee, TrainingCourse, Work
from danvan.core import bulk
from danvan.core.bulk import bulk_written
from danvan.indicators import builder, ledger
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.catalog import registry
from danvan.indicators.exports import report_xlsx
from danvan.indicators.periods import parse_period
from danvan.indicators.views import records_url
from danvan.people.models import Household, HouseholdPoverty, Person

YEAR_2026 = {
    "WK-HOUSE": 3, "WK-HOUSE-VND": 190_000_000, "WK-SCHOLAR": 30, "WK-SCHOLAR-VND": 45_000_000, "WK-WORKS": 1,
    "WK-WORKS-VND": 500_000_000, "WK-POVERTY": 2, "CT-CASH": 7_000_000, "CT-LABOR": 15, "CT-LAND": 150,
    "TR-COUNT": 3, "TR-TRAINEES": 43, "AW-COUNT": 3, "AW-LEVEL": 3,
}
YEAR_2025 = {
    "WK-HOUSE": 0, "WK-HOUSE-VND": 0, "WK-SCHOLAR": 0, "WK-SCHOLAR-VND": 0, "WK-WORKS": 4, "WK-WORKS-VND": 0,
    "WK-POVERTY": 0, "CT-CASH": 0, "CT-LABOR": 0, "CT-LAND": 0, "TR-COUNT": 0, "TR-TRAINEES": 0, "AW-COUNT": 1,
    "AW-LEVEL": 1,
}
BY = ["child", "org", "housekind", "workkind", "ctwho", "trlevel", "awform", "awlevel"]


@dataclass
class Scenario:
    cast: Any
    works: dict[str, Work]
    households: dict[str, Household]
    course: TrainingCourse
    persons: list[Person]


def _household(cast: Any, code: str, village: Any, reviews: dict[int, str]) -> Household:
    household = Household.objects.create(code=code, head_name=f"Chủ hộ {code}", unit=village)
    for year, status in reviews.items():
        HouseholdPoverty.objects.create(household=household, year=year, status=status)
    return household


@pytest.fixture
def cw(cast) -> Scenario:
    c = cast
    women_b = {"organization": c.org_women_b, "unit": c.village_b1}
    works = {
        "W1": c.make_work(started=dt.date(2025, 11, 10)),
        "W2": c.make_work(house_kind=HouseKind.GRATITUDE, handed_over=dt.date(2026, 6, 1), value_vnd=80_000_000,
                          started=None, **women_b),
        "W3": c.make_work(house_kind=HouseKind.OTHER, unit=c.village_a2, handed_over=dt.date(2026, 7, 1),
                          value_vnd=50_000_000),
        "W4": c.make_work(state=WorkState.IN_PROGRESS, handed_over=None),
        "W5": c.make_work("Học bổng \"Thắp sáng ước mơ\"", kind=WorkKind.SCHOLARSHIP, quantity=30,
                          handed_over=dt.date(2026, 9, 1), value_vnd=45_000_000),
        "W6": c.make_work("Đường bê tông khu vực Bình Thường", kind=WorkKind.ROAD, handed_over=dt.date(2026, 5, 10),
                          value_vnd=500_000_000, **women_b),
        "W7": c.make_work("Thu gom rác thải", kind=WorkKind.WASTE, quantity=4, started=dt.date(2025, 12, 1),
                          handed_over=dt.date(2025, 12, 20), value_vnd=0),
    }
    c.make_contribution(works["W1"])
    c.make_contribution(works["W1"], contributor_type=ContributorType.COLLECTIVE, collective_name="Chi hội Cựu chiến binh",
                        cash_vnd=0, labor_days=12, day=dt.date(2026, 2, 10))
    c.make_contribution(works["W6"], unit=c.village_b1, cash_vnd=0, land_m2=150, day=dt.date(2026, 4, 1))
    c.make_contribution(works["W3"], unit=c.village_a2, cash_vnd=2_000_000, labor_days=3, day=dt.date(2026, 3, 3))

    households = {
        "H1": _household(c, "H1", c.village_a1, {2025: "poor", 2026: "none"}),
        "H2": _household(c, "H2", c.village_a2, {2025: "near_poor", 2026: "none", 2027: "poor"}),
        "H3": _household(c, "H3", c.village_b1, {2025: "none", 2026: "none"}),
        "H4": _household(c, "H4", c.village_b1, {2025: "poor", 2026: "none"}),
    }
    c.make_poverty_help(households["H1"])
    c.make_poverty_help(households["H1"], organization=None, agency_name="Ủy ban MTTQ phường Ninh Kiều")
    c.make_poverty_help(households["H2"])
    c.make_poverty_help(households["H3"], organization=c.org_women_b)
    c.make_poverty_help(households["H4"], organization=c.org_women_b)

    c.make_course()
    course = c.make_course("Bồi dưỡng kỹ năng vận động quần chúng", unit=c.province, organization=None,
                           agency_name="Ban Dân vận Thành ủy", start=dt.date(2026, 6, 10), end=dt.date(2026, 6, 12),
                           trainee_count=2)
    persons = [Person.objects.create(code=f"HV-{i}", full_name=f"Học viên {i}", sex="female", unit=c.village_a1)
               for i in range(1, 5)]
    for person in persons[:3]:
        Trainee.objects.create(course=course, person=person)
    c.make_course("Tập huấn công tác hội", organization=c.org_women_b, unit=c.commune_b, trainee_count=0,
                  start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 1))

    c.make_commendation()
    c.make_commendation(issuer_level=IssuerLevel.COMMUNE, issuer="Ủy ban nhân dân phường", day=dt.date(2026, 6, 1))
    c.make_commendation(form=CommendationForm.MERIT, day=dt.date(2026, 7, 1))
    c.make_commendation(form=CommendationForm.FLAG, issuer_level=IssuerLevel.CENTRAL, day=dt.date(2025, 12, 1),
                        issuer="Ủy ban Trung ương MTTQ Việt Nam")
    return Scenario(c, works, households, course, persons)


def _report(period: str = "2026", unit: str = "92", by=BY, user=None) -> builder.Report:
    return build_report(resolve_unit(unit), parse_period(period), list(by), user=user)


def _rows(report: builder.Report, by: str, code: str) -> dict[str, Any]:
    return {r.key: r.values[code].value for r in report.breakdowns[by].rows if r.values[code].value}


def test_the_campaigns_app_declares_and_sources_its_indicators():
    for code in YEAR_2026:
        assert registry.get(code).app == "campaigns"
        assert code in registry.sourced_codes()
    assert registry.get("WK-POVERTY").over == "distinct"
    assert str(registry.get("TR-COUNT").group) == str(registry.get("DL-COUNT").group)  # shared with the voice app


@pytest.mark.parametrize("totals", [True, False])
def test_year_figures_and_the_year_before(cw, monkeypatch, totals):
    monkeypatch.setattr(builder, "USE_TOTALS", totals)
    report = _report()
    assert {code: report.value(code) for code in YEAR_2026} == YEAR_2026
    assert {code: report.result(code).year_earlier.value for code in YEAR_2025} == YEAR_2025
    assert _rows(report, "housekind", "WK-HOUSE") == {"great_unity": 1, "gratitude": 1, "other": 1}
    assert _rows(report, "housekind", "WK-HOUSE-VND") == {"great_unity": 60_000_000, "gratitude": 80_000_000,
                                                          "other": 50_000_000}
    assert _rows(report, "workkind", "WK-WORKS") == {"road": 1}
    assert _rows(report, "ctwho", "CT-CASH") == {"anonymous": 7_000_000}
    assert _rows(report, "ctwho", "CT-LABOR") == {"collective": 12, "anonymous": 3}
    assert _rows(report, "trlevel", "TR-COUNT") == {"province": 1, "commune": 2}
    assert _rows(report, "trlevel", "TR-TRAINEES") == {"province": 3, "commune": 40}
    assert _rows(report, "awform", "AW-COUNT") == {"certificate": 2, "merit": 1}
    assert _rows(report, "awlevel", "AW-LEVEL") == {"province": 2, "commune": 1}
    # H1 was helped by the Women's Union and by the Front: once in the total, once in each row.
    assert _rows(report, "org", "WK-POVERTY") == {"women": 2, "front": 1}
    assert _rows(report, "org", "WK-HOUSE") == {"women": 3}
    child = {r.key: r.values for r in report.breakdowns["child"].rows}
    commune_a, commune_b = cw.cast.commune_a.key, cw.cast.commune_b.key
    assert (child[commune_a]["WK-POVERTY"].value, child[commune_b]["WK-POVERTY"].value) == (1, 1)
    assert (child[commune_a]["WK-HOUSE"].value, child[commune_b]["WK-HOUSE"].value) == (2, 1)
    assert (child[commune_a]["CT-LAND"].value, child[commune_b]["CT-LAND"].value) == (0, 150)
    # The province's own course has no commune: it is in the total, under no commune.
    assert (child[commune_a]["TR-TRAINEES"].value, child[commune_b]["TR-TRAINEES"].value) == (40, 0)


def test_a_work_spanning_two_periods_counts_once_in_the_period_of_its_handover(cw):
    # W1 started in November 2025, handed over in March 2026.
    assert (_report("2025").value("WK-HOUSE"), _report("2026Q1").value("WK-HOUSE")) == (0, 1)
    assert _report("2026Q1").value("WK-HOUSE-VND") == 60_000_000
    w1 = cw.works["W1"]
    w1.handed_over = dt.date(2026, 4, 2)
    w1.save()
    assert (_report("2026Q1").value("WK-HOUSE"), _report("2026Q2").value("WK-HOUSE")) == (0, 2)
    w1.state, w1.handed_over = WorkState.IN_PROGRESS, None
    w1.save()
    assert _report().value("WK-HOUSE") == 2
    assert ledger.check() == (0, [])


def test_an_exit_undone_by_the_next_review_no_longer_counts(cw):
    h1 = cw.households["H1"]
    assert _report(unit=cw.cast.commune_a.key).value("WK-POVERTY") == 1
    review = HouseholdPoverty.objects.create(household=h1, year=2027, status="poor")
    assert _report(unit=cw.cast.commune_a.key).value("WK-POVERTY") == 0
    assert _report().value("WK-POVERTY") == 1  # H4 only
    review.status = "none"
    review.save()
    assert _report().value("WK-POVERTY") == 2
    review.status = "near_poor"
    review.save()
    assert _report().value("WK-POVERTY") == 1
    review.delete()  # no next review: the exit stands
    assert _report().value("WK-POVERTY") == 2
    HouseholdPoverty.objects.filter(household=h1, year=2025).delete()  # no poor review before: no exit
    assert _report(unit=cw.cast.commune_a.key).value("WK-POVERTY") == 0
    assert ledger.check() == (0, [])


def test_an_exit_counts_on_the_first_day_of_its_review_year(cw):
    assert _report("2026-01-01..2026-01-01").value("WK-POVERTY") == 2
    assert _report("2025-01-02..2025-12-31").value("WK-POVERTY") == 0


def test_trainees_are_the_larger_of_the_counted_and_the_named(cw):
    course = cw.course
    assert _report().value("TR-TRAINEES") == 43  # K2: 3 named > 2 counted
    trainee = Trainee.objects.create(course=course, person=cw.persons[3])
    assert _report().value("TR-TRAINEES") == 44
    course.trainee_count = 10
    course.save()
    assert _report().value("TR-TRAINEES") == 50  # 10 counted > 4 named
    course.trainee_count = 0
    course.save()
    trainee.delete()
    assert _report().value("TR-TRAINEES") == 43
    assert ledger.check() == (0, [])


def test_contributions_edited_and_deleted_follow_in_the_ledger(cw):
    work = cw.works["W6"]
    contribution = work.contributions.get()
    contribution.land_m2, contribution.labor_days = 0, 7
    contribution.save()
    report = _report()
    assert (report.value("CT-LAND"), report.value("CT-LABOR")) == (0, 22)
    work.delete()  # its contributions go with it
    report = _report()
    assert (report.value("CT-LABOR"), report.value("WK-WORKS"), report.value("WK-WORKS-VND")) == (15, 0, 0)
    assert ledger.check() == (0, [])


def test_scope_of_a_commune_editor_and_of_a_kind_limited_user(cw):
    report = _report(unit=cw.cast.commune_b.key, by=["child"], user=cw.cast.editor_b)
    assert (report.value("WK-HOUSE"), report.value("WK-WORKS"), report.value("CT-LAND")) == (1, 1, 150)
    assert (report.value("WK-POVERTY"), report.value("TR-COUNT"), report.value("TR-TRAINEES")) == (1, 1, 0)
    # The Women's Union editor of commune A: not the Front's help to H1 — but H1 was helped by hers too.
    limited = _report(unit=cw.cast.commune_a.key, by=["org"], user=cw.cast.women_only_a)
    assert (limited.value("WK-POVERTY"), limited.value("WK-HOUSE"), limited.value("CT-CASH")) == (1, 2, 7_000_000)
    assert limited.value("AW-COUNT") == 0  # the commendations were the Front's (the form's default)


@pytest.mark.django_db
def test_record_links():
    unit = resolve_unit("31135")
    links = registry.record_links
    assert (links["WK-HOUSE"].url_name, links["WK-HOUSE"].params) == (
        "campaigns:work_list", {"state": "handed_over", "kind": "house"})
    assert links["WK-HOUSE"].filters == {"housekind": "house_kind", "org": "org_kind"}
    assert links["WK-POVERTY"].params == {"exited": "true"}
    assert links["CT-LAND"].params == {"has_land": "true"}
    assert links["AW-LEVEL"].filters == {"awlevel": "issuer_level", "org": "org_kind"}
    url = records_url("WK-HOUSE", unit, {"housekind": "gratitude"})
    if url:  # once the lists are mounted
        assert url.endswith("?state=handed_over&kind=house&unit=31135&house_kind=gratitude")
    assert records_url("TR-COUNT", unit, {"trlevel": "province"}) == ""  # the course list cannot show a level


def test_api_report_gives_the_same_figures(cw, client):
    token = ApiToken.issue(cw.cast.specialist)[1]
    query = {"unit": "92", "period": "2026", "cutoff": "calendar", "by": "housekind,awform"}
    data = client.get("/api/v1/report", query, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    figures = {i["code"]: (i["value"], i["year_earlier"], i["area_wide"]) for i in data["indicators"]
               if i["code"] in YEAR_2026}
    assert figures == {code: (value, YEAR_2025[code], False) for code, value in YEAR_2026.items()}
    houses = {r["key"]: r["values"]["WK-HOUSE"] for r in data["breakdowns"]["housekind"]["rows"]}
    assert houses == {"great_unity": 1, "gratitude": 1, "comradeship": 0, "union_shelter": 0, "humane": 0,
                      "other": 1}
    forms = {r["key"]: r["values"]["AW-COUNT"] for r in data["breakdowns"]["awform"]["rows"]}
    assert forms == {"certificate": 2, "merit": 1, "flag": 0, "other": 0}


def test_xlsx_gives_the_same_figures(cw):
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(_report())))
    rows = {r[0].value: r for r in book["Tổng hợp"].iter_rows(min_row=5)}
    assert {c: rows[c][3].value for c in YEAR_2026} == YEAR_2026
    assert {c: rows[c][5].value for c in YEAR_2025} == YEAR_2025
    sheet = book["Theo loại nhà"]
    header = [cell.value for cell in sheet[3]]
    houses, value = header.index("Nhà đại đoàn kết, tình nghĩa, nhân ái… xây dựng, sửa chữa (căn)"), header.index(
        "Trị giá nhà xây dựng, sửa chữa (đồng)")
    by_kind = {r[1].value: (r[houses].value, r[value].value) for r in sheet.iter_rows(min_row=4) if r[1].value}
    assert by_kind["Nhà đại đoàn kết"] == (1, 60_000_000)
    assert by_kind["Nhà tình nghĩa"] == (1, 80_000_000)
    assert by_kind["Tổng cộng"] == (3, 190_000_000)
    sheet = book["Theo cấp khen thưởng"]
    header = [cell.value for cell in sheet[3]]
    col = header.index("Tập thể, cá nhân được khen thưởng theo cấp khen (lượt)")
    assert {r[1].value: r[col].value for r in sheet.iter_rows(min_row=4) if r[1].value} == {
        "Trung ương": 0, "Cấp tỉnh": 2, "Cấp xã": 1, "Tổng cộng": 3}


def test_dashboard_table_links_and_chart(cw, client):
    """The registered table columns (by commune) and the chart of houses by kind."""
    client.force_login(cw.cast.specialist)
    html = client.get("/reports/?unit=92&period=2026&cutoff=calendar").content.decode()
    for code, unit, value in (("WK-HOUSE", "31135", "2"), ("WK-HOUSE", "31150", "1"), ("WK-POVERTY", "31135", "1"),
                              ("WK-SCHOLAR", "31135", "30"), ("CT-CASH", "92", "7.000.000")):
        assert f'data-indicator="{code}" data-unit="{unit}" data-value="{value}"' in html, (code, unit)
    charts = {c["title"]: c for c in _chart_data(html)}
    houses = charts["Nhà xây dựng, sửa chữa theo loại nhà"]
    assert dict(zip(houses["labels"], houses["datasets"][0]["data"], strict=True)) == {
        "Nhà đại đoàn kết": 1, "Nhà tình nghĩa": 1, "Nhà nghĩa tình đồng đội": 0, "Mái ấm công đoàn": 0,
        "Nhà nhân ái": 0, "Nhà khác": 1}


def _chart_data(html: str) -> list[dict[str, Any]]:
    match = re.search(r'<script id="dashboard-chart-data" type="application/json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_bulk_writes_of_reviews_and_trainees_rewrite_the_dependent_facts(cw):
    """The import and demo path: rows written in bulk, one ``bulk_written`` per model and chunk."""
    review = HouseholdPoverty.objects.bulk_create([HouseholdPoverty(household=cw.households["H1"], year=2027,
                                                                    status="poor")])[0]
    trainee = Trainee(course=cw.course, person=cw.persons[3])
    trainee.place()
    Trainee.objects.bulk_create([trainee])
    with bulk.batch():
        bulk_written.send(HouseholdPoverty, first_id=review.pk, last_id=review.pk, updated_ids=[])
        bulk_written.send(Trainee, first_id=trainee.pk, last_id=trainee.pk, updated_ids=[])
    report = _report(by=[])
    assert (report.value("WK-POVERTY"), report.value("TR-TRAINEES")) == (1, 44)
    assert ledger.check() == (0, [])


def test_rebuild_gives_the_same_figures_and_repairs_a_missed_change(cw):
    before = _report(by=[])
    Work.objects.filter(pk=cw.works["W4"].pk).update(state=WorkState.HANDED_OVER, handed_over=dt.date(2026, 8, 1))
    total, diffs = ledger.check()  # the raw update sent no signal
    assert total > 0 and {d.row["ref"] for d in diffs} == {cw.works["W4"].pk}
    ledger.rebuild()
    assert ledger.check() == (0, [])
    after = _report(by=[])
    assert {c: after.value(c) for c in YEAR_2026} == YEAR_2026 | {"WK-HOUSE": 4, "WK-HOUSE-VND": 250_000_000}
    assert {c: before.value(c) for c in YEAR_2026} == YEAR_2026

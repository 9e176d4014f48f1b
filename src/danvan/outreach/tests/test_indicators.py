"""The BC-* indicators through the report builder, the API and the XLSX (figures of ``scenario``)."""

import io

import openpyxl
import pytest

from danvan.accounts.models import ApiToken
from danvan.indicators import builder, ledger
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.catalog import registry
from danvan.indicators.exports import report_xlsx
from danvan.indicators.periods import parse_period

# Year 2026, province 92 (scenario.py's table plus the cast's activity): agencies 1+3+2+1,
# cadres 15+6+30+3, villages A1 A2 B1, communes A B, 4 activities of which 3 with the people,
# residents 40+5+12+20. The year before: S4 only.
YEAR_2026 = {"BC-AGENCY": 7, "BC-CADRE": 54, "BC-VILLAGE": 3, "BC-COMMUNE": 2, "BC-KIND": 4,
             "BC-WITHPEOPLE-N": 3, "BC-RESIDENTS": 77}
YEAR_2025 = {"BC-AGENCY": 1, "BC-CADRE": 6, "BC-VILLAGE": 1, "BC-COMMUNE": 1, "BC-KIND": 1,
             "BC-WITHPEOPLE-N": 0, "BC-RESIDENTS": 8}
CODES = [*YEAR_2026, "BC-WITHPEOPLE"]


def values(report: builder.Report) -> dict[str, object]:
    return {code: report.value(code) for code in YEAR_2026}


def test_the_outreach_app_declares_and_sources_every_bc_indicator():
    for code in CODES:
        assert registry.get(code).app == "outreach"
        assert code in registry.sourced_codes()
    assert registry.get("BC-VILLAGE").over == registry.get("BC-COMMUNE").over == "distinct"


@pytest.mark.parametrize("totals", [True, False])
def test_year_figures_and_the_year_before(bc, monkeypatch, totals):
    monkeypatch.setattr(builder, "USE_TOTALS", totals)
    report = build_report(resolve_unit("92"), parse_period("2026"), ["child", "category"])
    assert values(report) == YEAR_2026
    ratio = report.result("BC-WITHPEOPLE").current
    assert (ratio.numerator, ratio.denominator, ratio.value) == (3, 4, 75.0)
    assert {c: report.result(c).year_earlier.value for c in YEAR_2025} == YEAR_2025
    child = {r.key: r.values for r in report.breakdowns["child"].rows}
    commune_a, commune_b = bc.cast.commune_a.key, bc.cast.commune_b.key
    # Distinct villages and communes across agencies: A1 has two agencies' activities, counted once.
    assert (child[commune_a]["BC-VILLAGE"].value, child[commune_b]["BC-VILLAGE"].value) == (2, 1)
    assert (child[commune_a]["BC-COMMUNE"].value, child[commune_b]["BC-COMMUNE"].value) == (1, 1)
    assert (child[commune_a]["BC-AGENCY"].value, child[commune_b]["BC-AGENCY"].value) == (6, 1)
    kinds = {r.key: r.values["BC-KIND"].value for r in report.breakdowns["category"].rows if "BC-KIND" in r.values}
    assert {k: v for k, v in kinds.items() if v} == {"infrastructure": 1, "environment": 1, "housing": 1,
                                                     "production": 1}
    with_people = {r.key: r.values["BC-WITHPEOPLE"].value for r in report.breakdowns["category"].rows}
    assert (with_people["environment"], with_people["housing"]) == (0.0, 100.0)


def test_a_plan_across_a_period_boundary_counts_in_each_period_only_what_was_done_there(bc):
    province = resolve_unit("92")
    q1 = build_report(province, parse_period("2026Q1"), None)
    q2 = build_report(province, parse_period("2026Q2"), None)
    # Plan KH-A1 (March–August): S1 in March (3 agencies, village A1); the cast's activity in April
    # (1 agency, A1) and S2 in June (2 agencies, A2).
    assert (q1.value("BC-AGENCY"), q1.value("BC-VILLAGE"), q1.value("BC-COMMUNE")) == (3, 1, 1)
    assert (q2.value("BC-AGENCY"), q2.value("BC-VILLAGE"), q2.value("BC-COMMUNE")) == (3, 2, 1)
    assert q2.result("BC-AGENCY").previous.value == 3  # Q1
    assert bc.cast.plan_a1.activities.count() == 2


def test_commune_and_village_reports(bc):
    commune = build_report(bc.cast.commune_a, parse_period("2026"), ["child"])
    assert (commune.value("BC-VILLAGE"), commune.value("BC-COMMUNE"), commune.value("BC-RESIDENTS")) == (2, 1, 57)
    villages = {r.key: r.values["BC-AGENCY"].value for r in commune.breakdowns["child"].rows}
    assert (villages[bc.cast.village_a1.key], villages[bc.cast.village_a2.key]) == (4, 2)


def test_scope_editor_of_commune_b_sees_only_commune_b(bc):
    report = build_report(bc.cast.commune_b, parse_period("2026"), None, user=bc.cast.editor_b)
    assert (report.value("BC-AGENCY"), report.value("BC-VILLAGE"), report.value("BC-RESIDENTS")) == (1, 1, 20)


def test_edits_and_deletes_follow_in_the_ledger(bc):
    bc.s3.residents = 200
    bc.s3.save()
    bc.s2.delete()
    report = build_report(resolve_unit("92"), parse_period("2026"), None)
    assert report.value("BC-RESIDENTS") == 40 + 5 + 200
    assert (report.value("BC-VILLAGE"), report.value("BC-AGENCY")) == (2, 5)
    assert ledger.check() == (0, [])


def test_api_report_gives_the_same_figures(bc, client):
    _, raw = ApiToken.issue(bc.cast.specialist)
    data = client.get("/api/v1/report?unit=92&period=2026&cutoff=calendar&by=child",
                      HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    by_code = {i["code"]: i for i in data["indicators"]}
    assert {c: by_code[c]["value"] for c in YEAR_2026} == YEAR_2026
    assert {c: by_code[c]["year_earlier"] for c in YEAR_2025} == YEAR_2025
    assert (by_code["BC-WITHPEOPLE"]["numerator"], by_code["BC-WITHPEOPLE"]["denominator"]) == (3, 4)
    assert all(by_code[c]["area_wide"] for c in CODES)
    rows = {r["key"]: r["values"] for r in data["breakdowns"]["child"]["rows"]}
    assert rows[bc.cast.commune_a.key]["BC-VILLAGE"] == 2


def test_xlsx_gives_the_same_figures(bc):
    report = build_report(resolve_unit("92"), parse_period("2026"), ["child", "category"])
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report)))
    rows = {r[0].value: r for r in book["Tổng hợp"].iter_rows(min_row=5)}
    assert {c: rows[c][3].value for c in YEAR_2026} == YEAR_2026
    assert rows["BC-WITHPEOPLE"][3].value == pytest.approx(75.0)
    assert (rows["BC-WITHPEOPLE"][6].value, rows["BC-WITHPEOPLE"][7].value) == (3, 4)
    assert {c: rows[c][5].value for c in YEAR_2025} == YEAR_2025

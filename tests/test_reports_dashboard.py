"""The dashboard: scope, drill-down cells with stable attributes, links to the records, exports."""

import io
import re

import openpyxl

from danvan.indicators.catalog import registry

from .test_indicators import sc  # noqa: F401 — the scenario fixture


def _cell(html: str, indicator: str, unit: str) -> str:
    match = re.search(rf'data-indicator="{indicator}" data-unit="{re.escape(unit)}" data-value="([^"]*)"', html)
    assert match, (indicator, unit)
    return match.group(1)


def test_province_dashboard_drills_down_and_adds_up(client, sc):  # noqa: F811
    client.force_login(sc.cast.specialist)
    html = client.get("/reports/?unit=92&period=2024&cutoff=calendar").content.decode()
    assert _cell(html, "MB-MEMBERS", "31135") == "2"
    assert _cell(html, "MB-MEMBERS", "31120") == "2"
    assert _cell(html, "MB-MEMBERS", "92") == "7"  # the total row
    assert 'data-unit-link="31135"' in html
    assert "/registers/members/?active=true&amp;unit=31135" in html
    assert "chart-4.5.1.umd.min.js" in html
    commune = client.get("/reports/?unit=31120&period=2024&cutoff=calendar").content.decode()
    assert _cell(commune, "MB-MEMBERS", sc.ck1.key) == "1"
    assert _cell(commune, "MB-MEMBERS", sc.ck2.key) == "1"
    village = client.get(f"/reports/?unit={sc.ck1.key}&period=2024").content.decode()
    assert 'data-indicator="MB-MEMBERS" data-unit="' + sc.ck1.key + '"' in village


def test_dashboard_respects_scope(client, sc):  # noqa: F811
    client.force_login(sc.cast.editor_a)
    assert client.get("/reports/?unit=92").status_code == 404
    assert client.get("/reports/?unit=L93").status_code == 404
    own = client.get("/reports/?period=2024&cutoff=calendar").content.decode()  # default: the user's commune
    assert _cell(own, "MB-MEMBERS", "31135") == "2"
    legacy = client.get("/reports/?unit=L92&period=2024&cutoff=calendar").content.decode()
    assert _cell(legacy, "MB-MEMBERS", "L92") == "2"  # only what lies in the user's scope
    client.force_login(sc.cast.specialist)
    hg = client.get("/reports/?unit=L93&period=2024&cutoff=calendar").content.decode()
    assert _cell(hg, "MB-MEMBERS", "L930") == "1"


def test_bad_period_shows_a_vietnamese_error(client, sc):  # noqa: F811
    client.force_login(sc.cast.specialist)
    html = client.get("/reports/?unit=92&period=2024Q7").content.decode()
    assert "không hợp lệ" in html


def test_export_xlsx_from_the_dashboard(client, sc):  # noqa: F811
    client.force_login(sc.cast.specialist)
    response = client.get("/reports/export/?unit=92&period=2024&cutoff=calendar&format=xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = {r[0].value: r[3].value for r in book["Tổng hợp"].iter_rows(min_row=5)}
    assert rows["MB-MEMBERS"] == 7
    client.force_login(sc.cast.editor_b)
    assert client.get("/reports/export/?unit=31135&format=docx").status_code == 404


def test_home_panel_fragment(client, sc):  # noqa: F811
    client.force_login(sc.cast.specialist)
    response = client.get("/reports/panel/?period=2024&cutoff=calendar")
    assert response.status_code == 200
    assert _cell(response.content.decode(), "MB-MEMBERS", "92") == "7"


def test_api_report_and_catalog(client, sc, monkeypatch):  # noqa: F811
    monkeypatch.delitem(registry.sources, "petition")  # FB-* without a source report "chưa có dữ liệu"
    from danvan.accounts.models import ApiToken

    _, raw = ApiToken.issue(sc.cast.specialist)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    catalog = client.get("/api/v1/indicators", **auth).json()
    assert {"code": "MB-HH-COVER", "numerator": "MB-HH-MEMBER"}.items() <= next(
        i for i in catalog if i["code"] == "MB-HH-COVER").items()
    data = client.get("/api/v1/report?unit=92&period=2024&cutoff=calendar&by=child,sex", **auth).json()
    by_code = {i["code"]: i for i in data["indicators"]}
    assert by_code["MB-MEMBERS"]["value"] == 7 and by_code["MB-MEMBERS"]["year_earlier"] == 6
    assert (by_code["MB-HH-COVER"]["numerator"], by_code["MB-HH-COVER"]["denominator"]) == (6, 7)
    assert by_code["MB-HH-COVER"]["value"] == 85.71
    assert by_code["FB-RECEIVED"]["value"] is None and by_code["FB-RECEIVED"]["has_data"] is False
    children = {r["key"]: r["values"]["MB-MEMBERS"] for r in data["breakdowns"]["child"]["rows"]}
    assert (children["31135"], children["31150"], children["31321"], children["31120"]) == (2, 2, 1, 2)
    sexes = {r["key"]: r["values"]["MB-MEMBERS"] for r in data["breakdowns"]["sex"]["rows"]}
    assert sexes == {"male": 3, "female": 4}
    assert client.get("/api/v1/report?unit=L93&period=2024&cutoff=calendar", **auth).json()[
        "indicators"][0]["value"] == 1
    decree = client.get("/api/v1/report?unit=31150&period=2024&cutoff=decree09", **auth).json()
    assert decree["indicators"][0]["value"] == 1
    bad = client.get("/api/v1/report?unit=92&period=2024Q9", **auth)
    assert bad.status_code == 422 and "không hợp lệ" in bad.json()["detail"]
    _, raw_a = ApiToken.issue(sc.cast.editor_a)
    assert client.get("/api/v1/report?unit=92", HTTP_AUTHORIZATION=f"Bearer {raw_a}").status_code == 404

"""The dashboard: scope, drill-down cells with stable attributes, links to the records, exports."""

import io
import re

import openpyxl

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

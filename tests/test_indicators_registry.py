"""The indicators app knows no domain app: what it shows comes from the apps' registrations.

Also: fact rows built from named columns (``ledger.fact_select``), the category breakdown, and the
area-wide note a user limited to one organization kind gets on every output.
"""

import ast
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from docx import Document

from danvan.geo.models import AdminUnit
from danvan.indicators import builder, ledger
from danvan.indicators.builder import BREAKDOWNS, build_report, resolve_unit
from danvan.indicators.catalog import Chart, Dimension, Indicator, Registry, Time, registry
from danvan.indicators.exports import report_docx, report_xlsx
from danvan.indicators.models import Fact
from danvan.indicators.narrative import paragraphs
from danvan.indicators.periods import parse_period
from danvan.indicators.views import records_url
from danvan.people.choices import OrgKind, Sex

from .test_indicators import _branch, _member, sc  # noqa: F401 — the scenario fixture

INDICATORS_APP = Path(builder.__file__).parent
NOTE = "Số liệu hộ gia đình là của toàn địa bàn, không riêng tổ chức của bạn."


def _modules_imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_indicators_app_imports_no_domain_app():
    allowed = {"core", "geo", "indicators"}
    for path in INDICATORS_APP.rglob("*.py"):
        for name in _modules_imported(path):
            parts = name.split(".")
            if parts[0] == "danvan":
                assert len(parts) > 1 and parts[1] in allowed, (path.name, name)
    # No people indicator code, URL name or table outside docstrings and comments (the catalog
    # declares the indicators of apps still to come, so it is not searched).
    people = re.compile(r"\b(MB|HH|MV)-[A-Z]|people[:_.]")
    for path in INDICATORS_APP.rglob("*.py"):
        if path.name == "catalog.py" or "migrations" in path.parts:
            continue
        assert not [s for s in _strings(path) if people.search(s)], path.name
    for path in INDICATORS_APP.rglob("*.html"):
        assert not people.search(path.read_text(encoding="utf-8")), path.name


def _strings(path: Path) -> list[str]:
    """String constants of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_apps_registered_what_the_reports_need():
    assert list(BREAKDOWNS) == ["child", "org", "sex", "age", "poverty", "exfield", "exowner", "exstate", "housekind",
                                "workkind", "ctwho", "trlevel", "awform", "awlevel", "cadrelevel", "fbfield", "fbchannel",
                                "fbkind", "dlkind", "ovkind", "category"]
    assert "org" in BREAKDOWNS and "nope" not in BREAKDOWNS
    assert registry.dimensions["org"].column == "org_kind"
    assert ("women", "Hội Liên hiệp Phụ nữ") in [(k, str(v)) for k, v in registry.dimensions["org"].values()]
    assert registry.headline()[:5] == ["MB-MEMBERS", "MB-BRANCHES", "MB-HH-COVER", "MV-REGULAR", "HH-POOR"]
    assert "MB-HH-MEMBER" in registry.dashboard.table
    # people, outreach, exemplars, campaigns, meetings, voice
    assert [c.by for c in registry.dashboard.charts] == ["child", "org", "category", "exfield", "housekind",
                                                         "cadrelevel", "fbfield"]
    assert registry.record_links["HH-POOR"].params == {"poverty": "poor"}
    assert {"MB-MEMBERS", "HH-POOR"} <= registry.covered_codes()
    assert "danvan.people.bench" in registry.benchmarks
    assert registry.is_area_wide("MB-HH-COVER") and registry.is_area_wide("HH-POOR")
    assert not registry.is_area_wide("MB-MEMBERS") and not registry.is_area_wide("MV-REGULAR")


def test_registry_check_names_unknown_codes_and_breakdowns():
    fresh = Registry()
    fresh.register_dashboard(headline=["XX-NONE"])
    with pytest.raises(ImproperlyConfigured, match="XX-NONE"):
        fresh.check()
    fresh = Registry()
    fresh.register_dashboard(charts=[Chart("nowhere", (), "t")])
    with pytest.raises(ImproperlyConfigured, match="nowhere"):
        fresh.check()
    with pytest.raises(ImproperlyConfigured):
        Dimension("bad", "Theo gì", "no_such_column")
    with pytest.raises(ImproperlyConfigured):
        fresh.register_dimension(Dimension("child", "x", "sex"))


def test_record_links_filter_by_dimension(sc):  # noqa: F811
    unit = resolve_unit("31135")
    assert records_url("MB-MEMBERS", unit).endswith("?active=true&unit=31135")
    women = records_url("MB-MEMBERS", unit, {"org": "women", "sex": "female"})
    assert "org_kind=women" in women and "sex=female" in women
    assert records_url("MB-MEMBERS", unit, {"poverty": "poor"}) == ""  # the member list cannot show it
    assert records_url("MV-MONTHLY", unit) == ""  # no register list shows it
    assert records_url("MB-MEMBERS", resolve_unit("L92")) == ""


# ---------------------------------------------------------------- fact rows by name
def test_fact_select_renders_named_columns_in_ledger_order():
    sql = ledger.fact_select(indicator="'X'", source="'s'", ref="t.id", place="pl", day="t.day", value="1",
                             sex="t.sex", from_="FROM t JOIN indicators_unitplacement pl ON pl.unit_id = t.unit_id")
    select, rest = sql.split("\n", 1)
    assert select == ("SELECT 'X', 's', t.id, pl.province_id, pl.commune_id, pl.village_id, pl.legacy_province_id, "
                      "pl.legacy_district_id, pl.legacy_commune_id, '', t.sex, CAST(NULL AS INTEGER), '', '', "
                      "CAST(NULL AS BIGINT), t.day, 1")
    assert rest.startswith("FROM t JOIN")
    with pytest.raises(ValueError, match="unknown fact columns orgkind"):
        ledger.fact_select(indicator="'X'", source="'s'", ref="t.id", place="pl", day="d", value="1", orgkind="k",
                           from_="FROM t")
    with pytest.raises(ValueError, match="missing value"):
        ledger.fact_select(indicator="'X'", source="'s'", ref="t.id", place="pl", day="d", from_="FROM t")
    with pytest.raises(ValueError, match="missing province_id"):
        ledger.fact_select(indicator="'X'", source="'s'", ref="t.id", day="d", value="1", from_="FROM t")
    with pytest.raises(ValueError, match="given twice"):
        ledger.fact_select(indicator="'X'", source="'s'", ref="t.id", place="pl", province_id="1", day="d",
                           value="1", from_="FROM t")


def test_registered_sources_match_the_records(sc):  # noqa: F811
    assert ledger.check() == (0, [])
    assert Fact.objects.filter(indicator="MB-MEMBERS", value=1).count() == 8


# ---------------------------------------------------------------- category breakdown
def test_category_breakdown_labels_from_the_registering_app(sc, monkeypatch):  # noqa: F811
    """An app's category keys: registered labels, and the key itself when it has none."""
    # An indicator of an app still to come, its category facts written raw here.
    monkeypatch.setitem(registry.indicators, "XX-FEEDBACK", Indicator(
        "XX-FEEDBACK", "Ý kiến thử nghiệm", "ý kiến", Time.FLOW, dims=("category",), group="Nhóm thử"))
    monkeypatch.setitem(registry.sources, "test_feedback", ledger.FactSource(
        name="test_feedback", table="people_branch", indicators=("XX-FEEDBACK",), sql=""))
    monkeypatch.setattr(registry, "categories", {"econ": "Phát triển kinh tế", "unused": "Chưa dùng"})
    monkeypatch.setattr(builder, "USE_TOTALS", False)  # the facts below are written raw, without totals
    province = AdminUnit.objects.get(key="92")
    for ref, category, value in ((1, "econ", 2), (2, "other-key", 1)):
        Fact.objects.create(indicator="XX-FEEDBACK", source="test_feedback", ref=ref, province_id=province.pk,
                            category=category, day=dt.date(2024, 3, 1), value=value)
    report = build_report(province, parse_period("2024"), ["category"])
    assert report.value("XX-FEEDBACK") == 3
    rows = {r.key: (r.label, r.values["XX-FEEDBACK"].value) for r in report.breakdowns["category"].rows}
    assert rows == {"econ": ("Phát triển kinh tế", 2), "unused": ("Chưa dùng", 0), "other-key": ("other-key", 1)}
    assert "XX-FEEDBACK" in [c.code for c in report.breakdowns["category"].columns]
    # The generic narrative sentence for an indicator no section covers.
    assert "Ý kiến thử nghiệm: 3 ý kiến." in paragraphs(report)


def test_a_registered_section_joins_the_narrative(sc, monkeypatch):  # noqa: F811
    monkeypatch.setattr(registry, "sections", [*registry.sections])
    monkeypatch.delitem(registry.sources, "petition")  # the people's voice without a source: "chưa có dữ liệu"
    registry.register_section(lambda report: ["Đoạn thử nghiệm."], heading="PHẦN THỬ")
    report = build_report(resolve_unit("92"), parse_period("2024"), ["child", "org"])
    text = paragraphs(report)
    assert text[0].startswith("Toàn thành phố hiện có 7 đoàn viên, hội viên")
    assert "Đoạn thử nghiệm." in text and "chưa có dữ liệu" in text[-1]
    body = "\n".join(p.text for p in Document(io.BytesIO(report_docx(report))).paragraphs)
    assert "I. TÌNH HÌNH TỔ CHỨC, TẬP HỢP ĐOÀN VIÊN, HỘI VIÊN" in body
    assert "II. PHẦN THỬ" in body and "III. SỐ LIỆU CHI TIẾT" in body


# ---------------------------------------------------------------- a user limited to one organization kind
@pytest.fixture
def youth_in_a(sc):  # noqa: F811
    """A youth member in commune A's household H3 (which had none): the Women's Union editor does not
    see the member, but H3 now counts among the households with a member, for everyone."""
    youth = _branch("CD-A1", OrgKind.YOUTH, sc.cast.village_a1)
    _member("Y1", Sex.MALE, 2001, sc.h["H3"], youth, dt.date(2022, 1, 1))
    return sc


def _figure(html: str, indicator: str, unit: str) -> str:
    match = re.search(rf'data-indicator="{indicator}" data-unit="{re.escape(unit)}" data-value="([^"]*)"', html)
    assert match, (indicator, unit)
    return match.group(1)


def test_kind_limited_user_is_told_which_figures_are_area_wide(client, youth_in_a):
    c = youth_in_a.cast
    period = parse_period("2024", "calendar")
    limited = build_report(resolve_unit("31135"), period, ["child", "org"], c.women_only_a)
    assert limited.kind_limited
    assert limited.value("MB-MEMBERS") == 2  # P1, P3: her organization's members only
    assert limited.result("MB-HH-COVER").current.numerator == 3  # H1, H2 and H3: every organization
    assert limited.area_wide_note() == NOTE
    full = build_report(resolve_unit("31135"), period, ["child", "org"], c.editor_a)
    assert not full.kind_limited and full.area_wide_note() == ""
    assert full.value("MB-MEMBERS") == 3

    # Dashboard: the note, and a mark on the area-wide cards and columns.
    client.force_login(c.women_only_a)
    html = client.get("/reports/?period=2024&cutoff=calendar").content.decode()
    assert NOTE in html
    assert _figure(html, "MB-MEMBERS", "31135") == "2" and _figure(html, "MB-HH-MEMBER", "31135") == "3"
    assert re.search(r'data-indicator="MB-HH-COVER" data-unit="31135">\s*<header><small>[^<]*<span class="area-wide"',
                     html)
    assert not re.search(r'data-indicator="MB-MEMBERS" data-unit="31135">\s*<header><small>[^<]*<span', html)
    client.force_login(c.editor_a)
    assert NOTE not in client.get("/reports/?period=2024&cutoff=calendar").content.decode()

    # Word and XLSX.
    body = "\n".join(p.text for p in Document(io.BytesIO(report_docx(limited))).paragraphs)
    assert NOTE in body
    assert NOTE not in "\n".join(p.text for p in Document(io.BytesIO(report_docx(full))).paragraphs)
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(limited)))["Tổng hợp"]
    assert NOTE in sheet["A3"].value
    notes = {r[0].value: r[8].value for r in sheet.iter_rows(min_row=5)}
    assert notes["MB-HH-MEMBER"] == "* Toàn địa bàn" and not notes["MB-MEMBERS"]
    assert openpyxl.load_workbook(io.BytesIO(report_xlsx(full)))["Tổng hợp"]["A3"].value is None

    # The export view builds the same report for her.
    client.force_login(c.women_only_a)
    response = client.get("/reports/export/?unit=31135&period=2024&cutoff=calendar&format=docx")
    assert response.status_code == 200
    assert NOTE in "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


def test_kind_limited_user_in_the_api(client, youth_in_a):
    from danvan.accounts.models import ApiToken

    c = youth_in_a.cast
    _, raw = ApiToken.issue(c.women_only_a)
    data = client.get("/api/v1/report?period=2024&cutoff=calendar", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    by_code = {i["code"]: i for i in data["indicators"]}
    assert data["kind_limited"] is True and data["area_wide_note"] == NOTE
    assert by_code["MB-HH-MEMBER"]["area_wide"] is True and by_code["MB-HH-MEMBER"]["value"] == 3
    assert by_code["MB-MEMBERS"]["area_wide"] is False and by_code["MB-MEMBERS"]["value"] == 2
    _, raw = ApiToken.issue(c.editor_a)
    data = client.get("/api/v1/report?period=2024&cutoff=calendar", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert data["kind_limited"] is False and data["area_wide_note"] == ""
    catalog = client.get("/api/v1/indicators", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert next(i for i in catalog if i["code"] == "HH-POOR")["area_wide"] is True


# ---------------------------------------------------------------- the report benchmark
def test_bench_report_runs_the_registered_baselines(sc):  # noqa: F811
    out = io.StringIO()
    call_command("bench", "report", "--period", "2024", "--repeat", "1", "--skip-duckdb", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Đơn vị / unit: Thành phố Cần Thơ (92); kỳ / period 2024;")
    assert lines[0].endswith("; 8 memberships")
    assert lines[1].startswith("  ledger report (all indicators, 3 periods, by child unit): median ")
    assert lines[2] == "  each breakdown (all indicators, 3 periods + the breakdown), median ms:"
    timed = dict(item.rsplit(" ", 1) for item in lines[3].strip().split("  "))
    assert set(timed) == set(BREAKDOWNS) and all(float(ms) > 0 for ms in timed.values())
    assert lines[4].startswith("  dashboard page /reports/?unit=92: median ")
    panels = [p.key for p in registry.ordered_panels()]  # each loaded by the page on its own, timed too
    assert [line.split(":")[0] for line in lines[5:5 + len(panels)]] == [f"    its panel {key}" for key in panels]
    lines = lines[:5] + lines[5 + len(panels):]
    assert lines[5].startswith("  API /api/v1/report by=child: median ")
    assert lines[6].startswith("  API /api/v1/report by=sex: median ")
    assert lines[7] == "    MB-MEMBERS = 7; MB-HH-COVER = 85.71%"
    assert lines[8].startswith("  (a) Django ORM over the registers: median ") and lines[8].endswith("(MB-MEMBERS 7, same)")
    assert lines[9].startswith("  ratio orm / ledger = ")
    assert lines[10].startswith("  save one member with its facts: median ")
    assert not get_user_model().objects.filter(username="bench-report").exists()  # the page's user rolled back

"""The MV-* indicators: exact figures through the report builder, the API and the XLSX file, and the
narrative sentence, on a small scenario (``mv`` below).

| cadre | level, unit | assignments | attended visits |
|---|---|---|---|
| C1 | commune, commune A | 01/01–28/02/2026 and 01/02/2026–open (overlap: counted once) | A1 10/03, A1 12/03; not attended A1 10/04 |
| C2 | commune, commune A | 01/01/2026–open | none |
| C3 | commune, commune A | 01/01–28/02/2026 | A1 15/03 (no longer assigned: a visit, not the rule) |
| P1 | province, province | 01/01/2026–open | B1 10/03 |
| D1 | district, province | 01/01/2026–open | A1 10/02 |

Meetings: A1 10/03 (20 of 40 members, 2 admitted to the Party), B1 08/03 (attendance not recorded),
A1 10/02 (30 of 40, 1 admitted).
"""

import datetime as dt
import io
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest

from danvan.accounts.models import ApiToken
from danvan.indicators import builder, ledger
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.catalog import registry
from danvan.indicators.exports import report_xlsx
from danvan.indicators.periods import parse_period
from danvan.indicators.views import records_url
from danvan.meetings.choices import CadreLevel
from danvan.meetings.indicators import CODES
from danvan.meetings.models import Assignment, Meeting, Visit
from danvan.meetings.narrative import meetings as narrative

MARCH = {"MV-VISITS": 4, "MV-ASSIGNED": 4, "MV-ASSIGNED-IN": 4, "MV-MONTHLY-N": 2, "MV-MONTHLY": 50.0, "MV-PARTY": 2, "MV-HELD": 2,
         "MV-ATTEND-N": 20, "MV-ATTEND-OF": 40, "MV-ATTEND-RATE": 50.0}
# The quarter: C3 (assigned January–February) is among the 5 cadres assigned in the period.
QUARTER = {"MV-VISITS": 5, "MV-ASSIGNED": 4, "MV-ASSIGNED-IN": 5, "MV-MONTHLY-N": 3, "MV-MONTHLY": 60.0, "MV-PARTY": 3, "MV-HELD": 3,
           "MV-ATTEND-N": 50, "MV-ATTEND-OF": 80, "MV-ATTEND-RATE": 62.5}


@dataclass
class Scenario:
    cast: Any
    cadres: dict[str, Any]
    assignments: dict[str, Assignment]


@pytest.fixture
def mv(cast):
    c = cast
    cadres = {
        "C1": c.make_cadre("Nguyễn Thị Một"), "C2": c.make_cadre("Lê Thị Hai"), "C3": c.make_cadre("Trần Văn Ba"),
        "P1": c.make_cadre("Phạm Văn Tỉnh", unit=c.province, level=CadreLevel.PROVINCE, organization=None,
                           position="Ủy viên Ban Thường vụ Tỉnh ủy"),
        "D1": c.make_cadre("Võ Văn Huyện", unit=c.province, level=CadreLevel.DISTRICT, organization=None),
    }
    feb = dt.date(2026, 2, 28)
    a = {
        "C1a": c.make_assignment(cadres["C1"], end=feb), "C1b": c.make_assignment(cadres["C1"], start=dt.date(2026, 2, 1)),
        "C2": c.make_assignment(cadres["C2"]), "C3": c.make_assignment(cadres["C3"], end=feb),
        "P1": c.make_assignment(cadres["P1"], areas=(c.commune_a, c.commune_b), committee="Ban Thường vụ Tỉnh ủy"),
        "D1": c.make_assignment(cadres["D1"], committee="Ban Thường vụ Tỉnh ủy"),
    }
    c.make_visit(a["C1b"])
    c.make_visit(a["C1b"], date=dt.date(2026, 3, 12), opinions="Đề nghị sửa đường liên ấp\nXin hỗ trợ vốn vay")
    c.make_visit(a["C1b"], date=dt.date(2026, 4, 10), attended=False, absence_reason="Đi công tác",
                 attendance=None)
    c.make_visit(a["C3"], date=dt.date(2026, 3, 15))
    c.make_visit(a["P1"], branch=c.branch_b1, opinions="Kiến nghị nạo vét kênh thủy lợi")
    c.make_visit(a["D1"], date=dt.date(2026, 2, 10))
    Meeting.objects.create(branch=c.branch_a1, date=dt.date(2026, 3, 10), attendance=20, members=40,
                           party_admissions=2)
    Meeting.objects.create(branch=c.branch_b1, date=dt.date(2026, 3, 8), members=30)
    Meeting.objects.create(branch=c.branch_a1, date=dt.date(2026, 2, 10), attendance=30, members=40,
                           party_admissions=1)
    return Scenario(c, cadres, a)


def _report(period: str = "2026-03", unit: str = "92", by=("cadrelevel", "child"), user=None) -> builder.Report:
    return build_report(resolve_unit(unit), parse_period(period, "calendar"), list(by), user=user)


def _rows(report: builder.Report, by: str, code: str) -> dict[str, Any]:
    return {r.key: r.values[code].value for r in report.breakdowns[by].rows if r.values[code].value}


def test_the_meetings_app_declares_and_sources_its_indicators():
    for code in CODES:
        assert registry.get(code).app == "meetings"
        assert str(registry.get(code).group) == "Dự sinh hoạt chi, tổ hội"
        assert code in registry.sourced_codes()
    assert registry.get("MV-MONTHLY-N").over == "distinct"
    assert registry.get("MV-ASSIGNED-IN").over == "distinct"
    assert (registry.get("MV-MONTHLY").numerator, registry.get("MV-MONTHLY").denominator) == (
        "MV-MONTHLY-N", "MV-ASSIGNED-IN")


@pytest.mark.django_db
@pytest.mark.parametrize("totals", [True, False])
def test_month_and_quarter_figures(mv, monkeypatch, totals):
    monkeypatch.setattr(builder, "USE_TOTALS", totals)
    march = _report()
    assert {code: march.value(code) for code in MARCH} == MARCH
    quarter = _report("2026Q1")
    assert {code: quarter.value(code) for code in QUARTER} == QUARTER
    assert _rows(march, "cadrelevel", "MV-VISITS") == {"province": 1, "commune": 3}
    assert _rows(quarter, "cadrelevel", "MV-VISITS") == {"province": 1, "district": 1, "commune": 3}
    assert _rows(march, "cadrelevel", "MV-ASSIGNED") == {"province": 1, "district": 1, "commune": 2}
    assert _rows(march, "cadrelevel", "MV-MONTHLY-N") == {"province": 1, "commune": 1}
    assert _rows(march, "cadrelevel", "MV-MONTHLY") == {"province": 100.0, "commune": 50.0}
    # February: C3 still assigned (5 cadres), only D1 visited.
    feb = _report("2026-02")
    assert (feb.value("MV-ASSIGNED"), feb.value("MV-MONTHLY-N"), feb.value("MV-MONTHLY")) == (5, 1, 20.0)
    # April: C1's visit was not attended: no visit, nobody met the rule.
    april = _report("2026-04")
    assert (april.value("MV-VISITS"), april.value("MV-MONTHLY-N"), april.value("MV-MONTHLY")) == (0, 0, 0.0)


@pytest.mark.django_db
def test_commune_a_one_of_two_cadres_visited(mv):
    """Commune A in March: C1 visited, C2 did not (C3's assignment ended): 1/2; visits placed in A1."""
    report = _report(unit=mv.cast.commune_a.key, by=["cadrelevel"])
    assert (report.value("MV-ASSIGNED"), report.value("MV-MONTHLY-N"), report.value("MV-MONTHLY")) == (2, 1, 50.0)
    assert report.value("MV-VISITS") == 3  # C1 twice and C3 in village A1
    assert _report(unit=mv.cast.commune_b.key, by=[]).value("MV-VISITS") == 1  # P1 in B1


@pytest.mark.django_db
def test_a_cadre_with_two_assignments_counts_once_and_leaves_the_day_after_the_end(mv):
    c1 = mv.cadres["C1"]
    facts = sorted(ledger.Fact.objects.filter(indicator="MV-ASSIGNED", ref=c1.pk).values_list("day", "value"))
    assert facts == [(dt.date(2026, 1, 1), 1)]
    c3 = mv.cadres["C3"]
    facts = sorted(ledger.Fact.objects.filter(indicator="MV-ASSIGNED", ref=c3.pk).values_list("day", "value"))
    assert facts == [(dt.date(2026, 1, 1), 1), (dt.date(2026, 3, 1), -1)]
    # Ending C1's open assignment leaves a gap of nothing: C1 stops on 01/04 (the first ended 28/02).
    b = mv.assignments["C1b"]
    b.end = dt.date(2026, 3, 31)
    b.save()
    facts = sorted(ledger.Fact.objects.filter(indicator="MV-ASSIGNED", ref=c1.pk).values_list("day", "value"))
    assert facts == [(dt.date(2026, 1, 1), 1), (dt.date(2026, 4, 1), -1)]
    assert _report("2026-04", by=[]).value("MV-ASSIGNED") == 3
    # Deleting it: C1 was assigned until 28/02 only, and its March visits no longer meet the rule.
    b.delete()
    march = _report(by=[])
    assert (march.value("MV-ASSIGNED"), march.value("MV-MONTHLY-N"), march.value("MV-VISITS")) == (3, 1, 4)


@pytest.mark.django_db
def test_a_visit_not_attended_does_not_count_until_it_is(mv):
    visit = Visit.objects.get(date=dt.date(2026, 4, 10))
    assert _report("2026-04", by=[]).value("MV-VISITS") == 0
    visit.attended, visit.absence_reason = True, ""
    visit.save()
    april = _report("2026-04", by=[])
    assert (april.value("MV-VISITS"), april.value("MV-MONTHLY-N")) == (1, 1)


@pytest.mark.django_db
def test_party_admissions_and_meetings_held(mv):
    meeting = Meeting.objects.get(date=dt.date(2026, 3, 8))
    meeting.party_admissions, meeting.attendance = 4, 15
    meeting.save()
    march = _report(by=[])
    assert (march.value("MV-PARTY"), march.value("MV-HELD")) == (6, 2)
    assert (march.value("MV-ATTEND-N"), march.value("MV-ATTEND-OF"), march.value("MV-ATTEND-RATE")) == (35, 70, 50.0)


@pytest.mark.django_db
def test_rebuild_gives_the_same_facts(mv):
    before = _report("2026Q1", by=[])
    ledger.rebuild()
    assert ledger.check() == (0, [])
    after = _report("2026Q1", by=[])
    assert {c: after.value(c) for c in QUARTER} == {c: before.value(c) for c in QUARTER} == QUARTER


@pytest.mark.django_db
def test_scope_of_a_kind_limited_user(mv):
    """Women's Union only: visits to women's branches (all of them here); cadres of women's organizations."""
    report = _report(user=mv.cast.women_only_a, unit=mv.cast.commune_a.key, by=[])
    assert (report.value("MV-VISITS"), report.value("MV-ASSIGNED"), report.value("MV-MONTHLY-N")) == (3, 2, 1)


@pytest.mark.django_db
def test_narrative_sentence(mv):
    assert narrative(_report()) == [
        "Cán bộ các cấp đã dự sinh hoạt 4 lượt (cấp tỉnh 1 lượt, cấp xã 3 lượt); 50,0% cán bộ được phân công "
        "dự sinh hoạt ít nhất một lần mỗi tháng; 2 đoàn viên, hội viên được kết nạp Đảng.",
        "Các chi, tổ hội đã tổ chức 2 buổi sinh hoạt, bình quân 50,0% hội viên dự họp.",
    ]
    assert narrative(_report("2026Q1"))[0].split("; ")[1] == (
        "60,0% cán bộ được phân công đã dự sinh hoạt ít nhất một lần trong kỳ")
    assert narrative(_report("2025")) == []


def test_record_links(db):
    unit = resolve_unit("31135")
    assert records_url("MV-VISITS", unit, {"cadrelevel": "province"}) == (
        "/meetings/visits/?attended=true&unit=31135&level=province")
    assert records_url("MV-HELD", unit, {"org": "women"}) == "/meetings/meetings/?unit=31135&org_kind=women"
    assert records_url("MV-MONTHLY", unit) == ""  # no list shows "cadres who attended"


@pytest.mark.django_db
def test_api_report_gives_the_same_figures(mv, client):
    token = ApiToken.issue(mv.cast.specialist)[1]
    query = {"unit": "92", "period": "2026-03", "cutoff": "calendar", "by": "cadrelevel"}
    data = client.get("/api/v1/report", query, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    figures = {i["code"]: i["value"] for i in data["indicators"] if i["code"] in MARCH}
    assert figures == MARCH
    levels = {r["key"]: r["values"]["MV-VISITS"] for r in data["breakdowns"]["cadrelevel"]["rows"]}
    assert levels == {"province": 1, "district": 0, "commune": 3}


@pytest.mark.django_db
def test_xlsx_gives_the_same_figures(mv):
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(_report())))
    rows = {r[0].value: r for r in book["Tổng hợp"].iter_rows(min_row=5)}
    assert {c: rows[c][3].value for c in ("MV-VISITS", "MV-ASSIGNED", "MV-MONTHLY-N", "MV-PARTY")} == {
        "MV-VISITS": 4, "MV-ASSIGNED": 4, "MV-MONTHLY-N": 2, "MV-PARTY": 2}
    sheet = book["Theo cấp cán bộ"]
    header = [cell.value for cell in sheet[3]]
    col = header.index("Lượt cán bộ dự sinh hoạt chi, tổ hội (lượt)")
    assert {r[1].value: r[col].value for r in sheet.iter_rows(min_row=4) if r[1].value} == {
        "Cấp tỉnh": 1, "Cấp huyện (cũ)": 0, "Cấp xã": 3, "Tổng cộng": 4}


@pytest.fixture
def year_pair(cast):
    """E1 assigned January–June 2025 with a visit each month; E2 assigned all year, a visit in March."""
    e1 = cast.make_cadre("Đặng Thị Sáu")
    e2 = cast.make_cadre("Huỳnh Văn Bảy")
    june = cast.make_assignment(e1, start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30))
    year = cast.make_assignment(e2, start=dt.date(2025, 1, 1))
    for month in range(1, 7):
        cast.make_visit(june, date=dt.date(2025, month, 10))
    cast.make_visit(year, date=dt.date(2025, 3, 12))
    return e1, e2


def _share(period: str) -> tuple[Any, ...]:
    report = _report(period, by=["cadrelevel"])
    return tuple(report.value(c) for c in ("MV-MONTHLY-N", "MV-ASSIGNED-IN", "MV-ASSIGNED", "MV-MONTHLY"))


@pytest.mark.django_db
def test_the_share_of_a_year_counts_cadres_assigned_in_the_year(year_pair):
    """The year: both cadres assigned at some time and both visited: 2/2 (not 2 of the 1 assigned at
    the year's end); July: E1 no longer assigned, E2 did not visit; March: both visited."""
    assert _share("2025") == (2, 2, 1, 100.0)
    assert _share("2025-07") == (0, 1, 1, 0.0)
    assert _share("2025-03") == (2, 2, 2, 100.0)
    assert _share("2025-06") == (1, 2, 2, 50.0)  # E1 still assigned on 30/06
    e1 = year_pair[0]
    days = sorted(ledger.Fact.objects.filter(indicator="MV-ASSIGNED-IN", ref=e1.pk).values_list("day", flat=True))
    assert days == [dt.date(2025, m, 1) for m in range(1, 7)]
    commune = _report("2025", unit=year_pair[0].unit.key, by=[])
    assert (commune.value("MV-MONTHLY-N"), commune.value("MV-ASSIGNED-IN")) == (2, 2)


@pytest.mark.django_db
def test_a_late_start_counts_from_its_day(cast):
    cadre = cast.make_cadre("Mai Văn Tám")
    cast.make_assignment(cadre, start=dt.date(2025, 5, 20), end=dt.date(2025, 7, 5))
    days = sorted(ledger.Fact.objects.filter(indicator="MV-ASSIGNED-IN", ref=cadre.pk).values_list("day", flat=True))
    assert days == [dt.date(2025, 5, 20), dt.date(2025, 6, 1), dt.date(2025, 7, 1)]
    assert _report("2025-04", by=[]).value("MV-ASSIGNED-IN") == 0
    assert _report("2025-08", by=[]).value("MV-ASSIGNED-IN") == 0


@pytest.mark.django_db
def test_narrative_of_a_month_and_a_year(year_pair):
    assert narrative(_report("2025-03")) == [
        "Cán bộ các cấp đã dự sinh hoạt 2 lượt (cấp xã 2 lượt); 100,0% cán bộ được phân công dự sinh hoạt "
        "ít nhất một lần mỗi tháng."]
    assert narrative(_report("2025")) == [
        "Cán bộ các cấp đã dự sinh hoạt 7 lượt (cấp xã 7 lượt); 100,0% cán bộ được phân công đã dự sinh hoạt "
        "ít nhất một lần trong kỳ."]
    assert narrative(_report("2025-07")) == []


class _Seed:
    """A report stub with seed 004's figures (three years of Trà Vinh)."""

    def __init__(self, kind: str) -> None:
        self.period = SimpleNamespace(kind=kind)
        levels = {"province": 823, "district": 5_503, "commune": 26_140}
        self.breakdowns = {"cadrelevel": SimpleNamespace(rows=[
            SimpleNamespace(key=k, values={"MV-VISITS": SimpleNamespace(value=v)}) for k, v in levels.items()])}
        self.values = {"MV-VISITS": 32_466, "MV-MONTHLY": 95.2, "MV-PARTY": 12, "MV-HELD": 0}

    def value(self, code: str) -> Any:
        return self.values.get(code)


def test_narrative_in_the_seed_s_words():
    assert narrative(_Seed("month")) == [
        "Cán bộ các cấp đã dự sinh hoạt 32.466 lượt (cấp tỉnh 823 lượt, cấp huyện 5.503 lượt, cấp xã 26.140 lượt); "
        "95,2% cán bộ được phân công dự sinh hoạt ít nhất một lần mỗi tháng; 12 đoàn viên, hội viên được kết nạp Đảng."]
    seed = _Seed("year")
    seed.values |= {"MV-VISITS": 0, "MV-PARTY": 0}
    assert narrative(seed) == ["95,2% cán bộ được phân công đã dự sinh hoạt ít nhất một lần trong kỳ."]

"""Exact EX-* figures through the report builder, the API and the XLSX file, on the scenario."""

import io

import openpyxl
import pytest

from danvan.accounts.models import ApiToken
from danvan.indicators import ledger
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.exports import report_xlsx
from danvan.indicators.narrative import paragraphs
from danvan.indicators.periods import parse_period

EXPECTED_2026 = {
    "EX-COUNT": 4, "EX-REGISTERED": 4, "EX-F-ECONOMY": 3, "EX-F-SOCIETY": 1, "EX-F-DEFENCE": 0,
    "EX-F-POLITICS": 0, "EX-SHARE-ECONOMY": 75.0, "EX-SHARE-SOCIETY": 25.0, "EX-SHARE-DEFENCE": 0.0,
    "EX-OWNER": 4, "EX-INDIVIDUAL": 1, "EX-STATE": 4, "EX-WEAK": 1, "EX-REPLICATED": 2, "EX-ORIGINS": 1,
}


def _report(unit: str = "92", period: str = "2026", by=("child", "exfield", "exowner", "exstate", "org"), user=None):
    return build_report(resolve_unit(unit), parse_period(period), list(by), user=user)


def test_builder_figures(sx):
    report = _report()
    for code, value in EXPECTED_2026.items():
        assert report.value(code) == value, code
    assert report.result("EX-COUNT").year_earlier.value == 1  # only e2 on 31/12/2025
    rows = {b: {r.key: r.values for r in report.breakdowns[b].rows} for b in report.breakdowns}
    assert {k: v["EX-COUNT"].value for k, v in rows["exfield"].items()} == {
        "economy": 3, "society": 1, "defence": 0, "politics": 0}
    assert {k: v["EX-OWNER"].value for k, v in rows["exowner"].items()} == {"collective": 3, "individual": 1}
    states = {k: v["EX-STATE"].value for k, v in rows["exstate"].items() if v["EX-STATE"].value}
    assert states == {"registered": 2, "reviewed": 1, "replicated": 1}
    assert {k: v["EX-COUNT"].value for k, v in rows["org"].items() if v["EX-COUNT"].value} == {
        "women": 3, "police": 1}
    by_commune = {r.key: r.values["EX-REPLICATED"].value for r in report.breakdowns["child"].rows}
    assert (by_commune["31135"], by_commune["31150"]) == (1, 1)


def test_state_stock_over_time(sx):
    # 31/05/2026: e1 implementing, e2 reviewed, e3 registered, e4 stopped, e5 registered.
    report = _report(period="2026-05", by=["exstate"])
    states = {r.key: r.values["EX-STATE"].value for r in report.breakdowns["exstate"].rows if r.values["EX-STATE"].value}
    assert states == {"implementing": 1, "reviewed": 1, "registered": 2}
    assert report.value("EX-WEAK") == 1 and report.value("EX-COUNT") == 4


def test_scope_of_a_commune_editor(sx):
    report = _report(by=["child"], user=sx.cast.editor_a)
    assert (report.value("EX-COUNT"), report.value("EX-REPLICATED"), report.value("EX-ORIGINS")) == (3, 1, 1)


def test_narrative_sentences(sx):
    text = paragraphs(_report())
    assert ("Toàn thành phố có 4 mô hình, điển hình \"Dân vận khéo\" (3 tập thể, 1 cá nhân), trong đó lĩnh vực "
            "kinh tế 3 (75,00%); văn hóa - xã hội 1 (25,00%); trong kỳ đăng ký mới 4 mô hình.") in text
    assert ("Đã nhân rộng 2 mô hình từ 1 mô hình gốc; 0 mô hình đang được công nhận, 0 mô hình tiêu biểu, "
            "0 mô hình được khen thưởng.") in text
    assert "Qua sơ kết, đánh giá, còn 1 mô hình chưa thật sự phát huy hiệu quả, cần củng cố." in text
    assert any(t.startswith("Việc đăng ký mô hình theo lĩnh vực chưa được đồng đều: quốc phòng - an ninh (0,00%)")
               for t in text)


def test_api_report(sx, client):
    _, raw = ApiToken.issue(sx.cast.specialist)
    data = client.get("/api/v1/report?unit=92&period=2026&cutoff=calendar&by=exfield",
                      HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    by_code = {i["code"]: i for i in data["indicators"]}
    for code, value in EXPECTED_2026.items():
        assert by_code[code]["value"] == value, code
    rows = {r["key"]: r["values"]["EX-COUNT"] for r in data["breakdowns"]["exfield"]["rows"]}
    assert rows["economy"] == 3


def test_xlsx(sx):
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(_report())))
    rows = {r[0].value: r for r in book["Tổng hợp"].iter_rows(min_row=5)}
    assert rows["EX-COUNT"][3].value == 4 and rows["EX-COUNT"][5].value == 1
    assert rows["EX-REPLICATED"][3].value == 2
    assert rows["EX-SHARE-ECONOMY"][3].value == pytest.approx(75.0)
    sheet = book["Theo lĩnh vực \"Dân vận khéo\""]
    header = [c.value for c in sheet[3]]
    col = header.index("Mô hình, điển hình \"Dân vận khéo\" (mô hình)")
    values = {r[1].value: r[col].value for r in sheet.iter_rows(min_row=4) if r[1].value}
    assert values["Kinh tế"] == 3 and values["Văn hóa - xã hội"] == 1


def test_facts_check_after_edits_and_deletes(sx):
    sx.e3.origin = None
    sx.e3.save()
    assert _report().value("EX-ORIGINS") == 1  # e5 still replicates e1
    sx.e5.delete()
    sx.e3.delete()
    report = _report()
    assert (report.value("EX-ORIGINS"), report.value("EX-REPLICATED"), report.value("EX-COUNT")) == (0, 0, 2)
    assert ledger.check()[0] == 0


def test_a_kind_limited_user_counts_her_organizations_models(sx):
    # The Women's Union editor of commune A: e1 and e3 (e2 is the police's, e4 and e5 are in commune B).
    report = _report(unit="31135", by=["exfield"], user=sx.cast.women_only_a)
    assert (report.value("EX-COUNT"), report.value("EX-REPLICATED"), report.value("EX-INDIVIDUAL")) == (2, 1, 0)
    assert not report.area_wide_groups() or "Mô hình" not in " ".join(report.area_wide_groups())

"""Report files (XLSX, DOCX) and the narrative's Vietnamese number style, on the scenario."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from docx import Document

from danvan.indicators.builder import BREAKDOWNS, build_report, resolve_unit
from danvan.indicators.catalog import registry
from danvan.indicators.exports import report_docx, report_xlsx
from danvan.indicators.narrative import paragraphs, vn_number, vnd_phrase
from danvan.indicators.periods import parse_period

from .test_indicators import sc  # noqa: F401 — the scenario fixture


def test_vietnamese_numbers_and_vnd_rounding():
    assert vn_number(307217) == "307.217"
    assert vn_number(81.8412, 2) == "81,84"
    assert vn_number(-1234) == "-1.234"
    assert vnd_phrase(89_400_000_000) == "hơn 89 tỷ đồng"
    assert vnd_phrase(27_800_000_000) == "gần 28 tỷ đồng"
    assert vnd_phrase(3_640_000_000) == "hơn 3,6 tỷ đồng"
    assert vnd_phrase(5_000_000_000) == "5 tỷ đồng"
    assert vnd_phrase(250_400_000) == "hơn 250 triệu đồng"
    assert vnd_phrase(900_000) == "900.000 đồng"


def test_narrative_sentence_in_the_seed_style(sc):  # noqa: F811
    report = build_report(resolve_unit("92"), parse_period("2024"), ["child", "org"])
    text = paragraphs(report)
    assert text[0] == ("Toàn thành phố hiện có 7 đoàn viên, hội viên sinh hoạt tại 5 chi đoàn, chi hội; "
                       "tổng số hộ có đoàn viên, hội viên là 6/7 hộ, chiếm tỷ lệ 85,71%.")
    assert "sinh hoạt thường xuyên là 5 người, chiếm tỷ lệ 71,43%" in text[1]
    assert "tăng 1 người" in text[1]  # 31/12/2023: 6
    assert not any("chưa có dữ liệu" in t for t in text)  # every app has its sources now


def test_xlsx_numbers_are_numbers_at_every_level(sc, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.delitem(registry.sources, "petition")  # FB-* without a source report "chưa có dữ liệu"
    out = tmp_path / "r.xlsx"
    call_command("report", "--unit", "92", "--period", "2024", "--format", "xlsx", "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert len(book.sheetnames) == 1 + len(BREAKDOWNS)
    summary = book["Tổng hợp"]
    rows = {r[0].value: r for r in summary.iter_rows(min_row=5)}
    assert rows["MB-MEMBERS"][3].value == 7 and rows["MB-MEMBERS"][3].number_format == "#,##0"
    assert rows["MB-MEMBERS"][5].value == 6
    assert rows["MB-HH-COVER"][3].value == pytest.approx(85.71)
    assert (rows["MB-HH-COVER"][6].value, rows["MB-HH-COVER"][7].value) == (6, 7)
    assert rows["FB-RECEIVED"][3].value == "chưa có dữ liệu"
    child = book["Theo đơn vị trực thuộc"]
    header = [c.value for c in child[3]]
    col = header.index("Đoàn viên, hội viên (người)")
    by_key = {r[0].value: r[col].value for r in child.iter_rows(min_row=4) if r[0].value}
    assert (by_key["31135"], by_key["31150"], by_key["31321"], by_key["31120"]) == (2, 2, 1, 2)
    assert sum(v for v in by_key.values()) == 7
    # Commune and village level.
    commune = build_report(resolve_unit("31120"), parse_period("2024"), list(BREAKDOWNS))
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(commune)))
    villages = {r[0].value: r[2].value for r in book["Theo đơn vị trực thuộc"].iter_rows(min_row=4) if r[0].value}
    assert villages == {sc.ck1.key: 1, sc.ck2.key: 1}


@pytest.mark.parametrize("issuer, top_right", [("front", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                                               ("party", "ĐẢNG CỘNG SẢN VIỆT NAM")])
def test_docx_has_the_official_header_and_the_narrative(sc, issuer, top_right):  # noqa: F811
    report = build_report(resolve_unit("92"), parse_period("2024"), ["child", "org"])
    doc = Document(io.BytesIO(report_docx(report, issuer=issuer, today=dt.date(2025, 1, 5))))
    header = doc.tables[0].rows[0].cells
    assert top_right in header[1].text
    assert "Cần Thơ, ngày 05 tháng 01 năm 2025" in header[1].text
    assert ("/BC-MTTQ" if issuer == "front" else "-BC/BTGDV") in header[0].text
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in body
    assert "tổng số hộ có đoàn viên, hội viên là 6/7 hộ, chiếm tỷ lệ 85,71%" in body
    date_run = [r for p in header[1].paragraphs for r in p.runs if "ngày 05" in r.text][0]
    assert date_run.italic and date_run.font.name == "Times New Roman"
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    signature = doc.tables[-1].rows[0].cells
    assert "Nơi nhận:" in signature[0].text


def test_report_command_docx_opens(sc, tmp_path):  # noqa: F811
    out = tmp_path / "r.docx"
    call_command("report", "--unit", "92", "--period", "2024", "--format", "docx", "-o", str(out))
    doc = Document(str(out))
    assert any("7 đoàn viên, hội viên" in p.text for p in doc.paragraphs)

"""Report files: XLSX tables and a Word report per Decree 30/2020 or Guidance 36-HD/VPTW.

XLSX: numbers are stored as numbers with the number format ``#,##0`` (ratios ``0.00``). The
format code is locale-neutral: Excel and LibreOffice show it with the reader's separators, so a
Vietnamese-locale Excel shows 1.234 and 81,84 (an English one shows 1,234 and 81.84).
"""

import datetime as dt
import io
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .builder import Breakdown, Report
from .narrative import sections, summary, vn_number

# ---------------------------------------------------------------- XLSX


def report_xlsx(report: Report) -> bytes:
    """A sheet "Tổng hợp" (every indicator with comparisons), then a sheet per breakdown."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 13, "font_name": "Times New Roman"})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                            "valign": "vcenter", "font_name": "Times New Roman"})
    text = book.add_format({"border": 1, "font_name": "Times New Roman"})
    number = book.add_format({"border": 1, "num_format": "#,##0", "font_name": "Times New Roman"})
    percent = book.add_format({"border": 1, "num_format": "0.00", "font_name": "Times New Roman"})
    grey = book.add_format({"border": 1, "italic": True, "font_color": "#808080", "font_name": "Times New Roman"})
    grey_text = book.add_format({"italic": True, "font_name": "Times New Roman"})

    def put(sheet: Any, row: int, col: int, value: Any, is_ratio: bool) -> None:
        if value is None:
            sheet.write_string(row, col, _("chưa có dữ liệu"), grey)
        else:
            sheet.write_number(row, col, value, percent if is_ratio else number)

    sheet = book.add_worksheet(_("Tổng hợp")[:31])
    sheet.write(0, 0, _("Báo cáo %(unit)s, %(period)s") % {"unit": report.unit.name, "period": report.period.label},
                title)
    sheet.write(1, 0, report.period.span)
    note = report.area_wide_note()
    headers = [_("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Kỳ báo cáo"), _("Kỳ trước"),
               _("Cùng kỳ năm trước"), _("Tử số"), _("Mẫu số")]
    if note:  # a user limited to one organization kind: say which figures are the whole area's
        sheet.write(2, 0, "* " + note, grey_text)
        headers.append(_("Ghi chú"))
    sheet.write_row(3, 0, headers, head)
    for i, result in enumerate(report.results, start=4):
        ind = result.indicator
        sheet.write_string(i, 0, ind.code, text)
        sheet.write_string(i, 1, str(ind.label), text)
        sheet.write_string(i, 2, str(ind.measure), text)
        put(sheet, i, 3, result.current.value, ind.is_ratio)
        put(sheet, i, 4, result.previous.value, ind.is_ratio)
        put(sheet, i, 5, result.year_earlier.value, ind.is_ratio)
        if ind.is_ratio and result.has_data:
            put(sheet, i, 6, result.current.numerator, False)
            put(sheet, i, 7, result.current.denominator, False)
        else:
            sheet.write_blank(i, 6, None, text)
            sheet.write_blank(i, 7, None, text)
        if note:
            sheet.write_string(i, 8, "* " + _("Toàn địa bàn") if result.has_data and result.area_wide else "", text)
    sheet.set_column(0, 0, 15)
    sheet.set_column(1, 1, 55)
    sheet.set_column(2, 7, 14)
    if note:
        sheet.set_column(8, 8, 16)
    sheet.freeze_panes(4, 2)

    for breakdown in report.breakdowns.values():
        _breakdown_sheet(book, breakdown, report, head, text, number, percent, grey, title)
    book.close()
    return buffer.getvalue()


def _breakdown_sheet(book: Any, b: Breakdown, report: Report, head: Any, text: Any, number: Any,
                     percent: Any, grey: Any, title: Any) -> None:
    sheet = book.add_worksheet(b.label[:31])
    sheet.write(0, 0, f"{b.label} — {report.unit.name}, {report.period.label}", title)
    first = _("Đơn vị") if b.by == "child" else b.label.replace(_("Theo") + " ", "").capitalize()
    headers = [_("Mã"), first]
    for c in b.columns:
        headers.append(f"{c.label} ({c.measure})")
    sheet.write_row(2, 0, headers, head)
    row_no = 3
    for row in b.rows:
        sheet.write_string(row_no, 0, row.key, text)
        sheet.write_string(row_no, 1, row.label, text)
        for j, c in enumerate(b.columns, start=2):
            value = row.values[c.code].value
            if value is None:
                sheet.write_blank(row_no, j, None, grey)
            else:
                sheet.write_number(row_no, j, value, percent if c.is_ratio else number)
        row_no += 1
    # Total row: the unit's own figures (not a SUM formula, so ratios stay right).
    sheet.write_string(row_no, 1, _("Tổng cộng"), head)
    for j, c in enumerate(b.columns, start=2):
        value = report.result(c.code).current.value
        if value is not None:
            sheet.write_number(row_no, j, value, percent if c.is_ratio else number)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 1 + len(b.columns), 16)
    sheet.freeze_panes(3, 2)


# ---------------------------------------------------------------- DOCX
FONT = "Times New Roman"
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _run(paragraph: Any, text: str, size: float = 14, bold: bool = False, italic: bool = False) -> Any:
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def _para(cell_or_doc: Any, align: Any = WD_ALIGN_PARAGRAPH.CENTER, space_after: float = 0) -> Any:
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    return paragraph


def _underline_short(paragraph: Any) -> None:
    """A short line under a header block (drawn as the paragraph's bottom border)."""
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)
    paragraph.paragraph_format.left_indent = Mm(18)
    paragraph.paragraph_format.right_indent = Mm(18)


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def a4_document(size: float = 14) -> Any:
    """An empty Word document: A4, margins 20/20/30/15 mm (Decree 30/2020), Times New Roman ``size`` pt."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return doc


def _place_name(report: Report) -> str:
    unit = report.unit
    province = unit if unit.level <= 1 else (unit.ancestors()[1] if len(unit.ancestors()) > 1 else unit)
    name = province.name
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def default_body(report: Report, issuer: str) -> tuple[str, str]:
    """(superior line, issuing body) for the header's top-left block."""
    unit_name = report.unit.name.upper()
    if issuer == "party":
        return (_("ĐẢNG BỘ %(unit)s") % {"unit": unit_name}, _("BAN TUYÊN GIÁO VÀ DÂN VẬN"))
    if issuer == "state":
        return ("", _("ỦY BAN NHÂN DÂN %(unit)s") % {"unit": unit_name})
    return (_("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM"), unit_name)


def report_docx(report: Report, issuer: str = "front", body: str = "", today: dt.date | None = None) -> bytes:
    """The periodic report as a Word file, ready for the office to finish.

    State and Front bodies: Decree 30/2020/NĐ-CP (Quốc hiệu and Tiêu ngữ top right); Party
    bodies: Guidance 36-HD/VPTW ("ĐẢNG CỘNG SẢN VIỆT NAM" top right). A4, margins 20/20/30/15 mm,
    Times New Roman 14 body, justified.
    """
    today = today or dt.date.today()
    doc = a4_document()

    superior, issuing = default_body(report, issuer)
    if body:
        superior, issuing = "", body.upper()
    abbreviation = {"party": "BTGDV", "state": "UBND", "front": "MTTQ"}[issuer]

    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Mm(68), Mm(97)
    left.paragraphs[0].text = ""
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if superior:
        _run(first, superior, 13)
        p = _para(left)
        _run(p, issuing, 13, bold=True)
    else:
        _run(first, issuing, 13, bold=True)
        p = first
    if issuer == "party":
        _run(_para(left), "*", 13)
        number = _("Số      -BC/%(abbr)s") % {"abbr": abbreviation}
    else:
        _underline_short(p)
        number = _("Số:      /BC-%(abbr)s") % {"abbr": abbreviation}
    _run(_para(left), number, 13)

    top = right.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if issuer == "party":
        motto = _run(top, _("ĐẢNG CỘNG SẢN VIỆT NAM"), 14, bold=True)
        motto.underline = True
    else:
        _run(top, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, bold=True)
        p = _para(right)
        _run(p, _("Độc lập - Tự do - Hạnh phúc"), 13, bold=True)
        _underline_short(p)
    date_line = _para(right, space_after=0)
    _run(date_line, _("%(place)s, ngày %(d)02d tháng %(m)02d năm %(y)s") % {
        "place": _place_name(report), "d": today.day, "m": today.month, "y": today.year}, 14, italic=True)

    title = _para(doc, space_after=0)
    title.paragraph_format.space_before = Pt(18)
    _run(title, _("BÁO CÁO"), 14, bold=True)
    sub = _para(doc, space_after=12)
    _run(sub, summary(report), 14, bold=True)
    if issuer == "party":
        _run(_para(doc, space_after=6), "-----", 14)

    intro = _para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, 6)
    intro.paragraph_format.first_line_indent = Mm(10)
    _run(intro, _("Số liệu tổng hợp từ hệ thống danvan, %(span)s.") % {"span": report.period.span}, 14,
         italic=True)
    note = report.area_wide_note()
    if note:  # a user limited to one organization kind: say which figures are the whole area's
        p = _para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, 6)
        p.paragraph_format.first_line_indent = Mm(10)
        _run(p, f"* {note}", 14, italic=True)
    numeral = 0
    for title, texts in sections(report):
        numeral += 1
        heading = _para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, 6)
        heading.paragraph_format.first_line_indent = Mm(10)
        _run(heading, f"{ROMAN[numeral]}. {title}", 14, bold=True)
        for text in texts:
            p = _para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, 6)
            p.paragraph_format.first_line_indent = Mm(10)
            p.paragraph_format.line_spacing = 1.15
            _run(p, text, 14)

    heading = _para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, 6)
    heading.paragraph_format.first_line_indent = Mm(10)
    _run(heading, f"{ROMAN[numeral + 1]}. {_('SỐ LIỆU CHI TIẾT')}", 14, bold=True)
    _docx_table(doc, [_("Chỉ tiêu"), _("Đơn vị tính"), _("Kỳ báo cáo"), _("Cùng kỳ năm trước")], [
        [str(r.indicator.label) + (" *" if note and r.area_wide else ""), str(r.indicator.measure),
         _cell(r.current.value, r.indicator.is_ratio, r.has_data),
         _cell(r.year_earlier.value, r.indicator.is_ratio, r.has_data)]
        for r in report.results if r.has_data
    ])
    for breakdown in report.breakdowns.values():
        if not breakdown.rows:
            continue
        caption = _para(doc, WD_ALIGN_PARAGRAPH.LEFT, 3)
        caption.paragraph_format.space_before = Pt(9)
        _run(caption, breakdown.label, 13, bold=True, italic=True)
        columns = breakdown.columns[:5]
        _docx_table(doc, [_("Đơn vị") if breakdown.by == "child" else ""] + [str(c.label) for c in columns], [
            [row.label] + [_cell(row.values[c.code].value, c.is_ratio, True) for c in columns]
            for row in breakdown.rows
        ])

    _signature(doc, issuer)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _cell(value: Any, is_ratio: bool, has_data: bool) -> str:
    if not has_data or value is None:
        return "—"
    return vn_number(value, 2) + "%" if is_ratio else vn_number(value)


def _docx_table(doc: Any, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], text, 12, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for j, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            _run(cell.paragraphs[0], text, 12)


def _signature(doc: Any, issuer: str) -> None:
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _run(first, _("Nơi nhận:"), 12, bold=True, italic=True)
    for line in (_("- Như trên;"), _("- Thường trực cấp ủy (để báo cáo);"), _("- Lưu: VT.")):
        _run(_para(left, WD_ALIGN_PARAGRAPH.LEFT), line, 11)
    sign = right.paragraphs[0]
    sign.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = {
        "party": (_("T/M BAN THƯỜNG VỤ"), _("TRƯỞNG BAN")),
        "state": (_("TM. ỦY BAN NHÂN DÂN"), _("CHỦ TỊCH")),
        "front": (_("TM. BAN THƯỜNG TRỰC"), _("CHỦ TỊCH")),
    }[issuer]
    _run(sign, lines[0], 14, bold=True)
    _run(_para(right), lines[1], 14, bold=True)
    for _i in range(3):
        _para(right)
    _run(_para(right), _("(Ký, ghi rõ họ tên)"), 13, italic=True)

"""The report to the standing committee of the level above (seed 004: the attendee "có trách nhiệm
báo cáo kết quả dự sinh hoạt ... với ban thường vụ cấp ủy cấp trên"), drafted as a Word file for a
month or a quarter: visits by cadre level, the ≥ 1 visit a month rule, the cadres without visits,
the branches not visited, the members' opinions raised (by commune) and the narrative paragraph.

Built on ``indicators.exports`` (A4 page, fonts, tables, signature block) so it reads like the
periodic report.
"""

import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit
from danvan.indicators.builder import Report, build_report
from danvan.indicators.exports import _docx_table, _para, _run, _signature, _underline_short, a4_document
from danvan.indicators.narrative import vn_number
from danvan.indicators.periods import Mode, Period, PeriodError, parse_period

from . import watch
from .choices import CadreLevel
from .indicators import CODES
from .models import Visit
from .narrative import meetings as narrative
from .schedule import months

_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def parse_report_period(code: str) -> Period:
    """A month ("2026-03") or a quarter ("2026-Q1", "2026Q1"), calendar months; PeriodError otherwise."""
    code = (code or "").strip()
    quarter = _QUARTER.match(code)
    if quarter:
        return parse_period(f"{quarter[1]}Q{quarter[2]}", Mode.CALENDAR)
    if _MONTH.match(code):
        return parse_period(code, Mode.CALENDAR)
    raise PeriodError(_("Kỳ báo cáo '%(code)s' không hợp lệ: chọn một tháng (2026-03) hoặc một quý (2026-Q1).")
                      % {"code": code})


@dataclass
class StandingReport:
    report: Report
    missing: list[tuple[str, watch.CadreRow]]  # (month "03/2026", row)
    branches: list[watch.BranchRow]
    opinions: dict[str, list[tuple[Visit, str]]]  # commune name → (visit, opinion)


def _commune_of(unit: AdminUnit) -> AdminUnit:
    return unit.parent if unit.level == Level.VILLAGE and unit.parent_id else unit


def gather(unit: AdminUnit, period: Period, user: Any = None, today: dt.date | None = None) -> StandingReport:
    """Everything the report shows, read in ``user``'s scope."""
    today = today or dt.date.today()
    report = build_report(unit, period, ["cadrelevel"], user=user, codes=CODES)
    missing = []
    for year, month in months(period.start, min(period.end, max(today, period.start))):
        last = watch.month_bounds(year, month)[1]
        for row in watch.cadres_without_visit(unit, year, month, user, today=min(today, last)):
            missing.append((f"{month:02d}/{year}", row))
    branches = watch.branches_not_visited(unit, period.end.year, period.end.month, user=user)
    visits = watch._in(watch._visible(Visit, user), unit).filter(
        attended=True, date__gte=period.start, date__lte=period.end).exclude(opinions="").select_related(
        "branch", "unit", "unit__parent").order_by("unit_path", "date", "id")
    opinions: dict[str, list[tuple[Visit, str]]] = defaultdict(list)
    for visit in visits:
        for line in visit.opinion_lines():
            opinions[_commune_of(visit.unit).name].append((visit, line))
    return StandingReport(report, missing, branches, dict(opinions))


def _body(doc: Any, text: str, italic: bool = False) -> Any:
    p = _para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, 6)
    p.paragraph_format.first_line_indent = Mm(10)
    _run(p, text, 14, italic=italic)
    return p


def _heading(doc: Any, text: str) -> None:
    p = _para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, 6)
    p.paragraph_format.first_line_indent = Mm(10)
    _run(p, text, 14, bold=True)


def _header(doc: Any, unit: AdminUnit, today: dt.date) -> None:
    """Party body top left (Guidance 36-HD/VPTW), "ĐẢNG CỘNG SẢN VIỆT NAM" and the date top right."""
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(68), Mm(97)
    top = left.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(top, _("ĐẢNG BỘ %(unit)s") % {"unit": unit.name.upper()}, 13)
    _run(_para(left), _("BAN DÂN VẬN"), 13, bold=True)
    _run(_para(left), "*", 13)
    _run(_para(left), _("Số      -BC/BDV"), 13)
    motto = right.paragraphs[0]
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _underline_short(motto)
    _run(motto, _("ĐẢNG CỘNG SẢN VIỆT NAM"), 14, bold=True)
    _run(_para(right), _("ngày %(d)02d tháng %(m)02d năm %(y)s") % {"d": today.day, "m": today.month, "y": today.year},
         14, italic=True)


def _pct(part: int | None, whole: int | None) -> str:
    return vn_number(100.0 * (part or 0) / whole, 1) + "%" if whole else "—"


def standing_docx(unit: AdminUnit, period: Period, user: Any = None, today: dt.date | None = None) -> bytes:
    """The Word file for ``unit`` and ``period`` (a month or a quarter)."""
    today = today or dt.date.today()
    data = gather(unit, period, user, today)
    report = data.report
    doc = a4_document()
    _header(doc, unit, today)
    title = _para(doc, space_after=0)
    title.paragraph_format.space_before = Pt(18)
    _run(title, _("BÁO CÁO KẾT QUẢ DỰ SINH HOẠT CHI, TỔ HỘI"), 14, bold=True)
    _run(_para(doc, space_after=6), report.period.label.capitalize(), 14, bold=True)
    # The level above a commune's cadres is the province; a province reports to its own committee.
    above = unit.parent.name if unit.parent_id and unit.level > Level.PROVINCE else unit.name
    _run(_para(doc, space_after=12), _("Kính gửi: Ban Thường vụ cấp ủy %(unit)s") % {"unit": above}, 14)
    _body(doc, _("Số liệu tổng hợp từ hệ thống danvan, %(span)s, địa bàn %(unit)s.") % {
        "span": report.period.span, "unit": unit.name}, italic=True)

    _heading(doc, _("I. KẾT QUẢ CHUNG"))
    for text in narrative(report) or [_("Trong kỳ chưa có lượt cán bộ dự sinh hoạt nào được báo cáo.")]:
        _body(doc, text)

    _heading(doc, _("II. LƯỢT DỰ SINH HOẠT THEO CẤP CÁN BỘ"))
    rows = {row.key: row for row in report.breakdowns["cadrelevel"].rows}

    def value(key: str, code: str) -> int:
        row = rows.get(key)
        return int(row.values[code].value or 0) if row and code in row.values else 0

    _docx_table(doc, [_("Cấp cán bộ"), _("Lượt dự sinh hoạt"), _("Cán bộ được phân công"),
                      _("Cán bộ dự ít nhất một lần"), _("Tỷ lệ")], [
        [str(level.label), vn_number(value(level, "MV-VISITS")), vn_number(value(level, "MV-ASSIGNED")),
         vn_number(value(level, "MV-MONTHLY-N")), _pct(value(level, "MV-MONTHLY-N"), value(level, "MV-ASSIGNED"))]
        for level in CadreLevel
    ] + [[_("Tổng cộng"), vn_number(report.value("MV-VISITS") or 0), vn_number(report.value("MV-ASSIGNED") or 0),
          vn_number(report.value("MV-MONTHLY-N") or 0),
          _pct(report.value("MV-MONTHLY-N"), report.value("MV-ASSIGNED"))]])

    _heading(doc, _("III. THỰC HIỆN QUY ĐỊNH MỖI THÁNG DỰ SINH HOẠT ÍT NHẤT MỘT LẦN"))
    assigned, done = report.value("MV-ASSIGNED") or 0, report.value("MV-MONTHLY-N") or 0
    _body(doc, _("%(done)s/%(total)s cán bộ được phân công đã dự sinh hoạt ít nhất một lần (%(pct)s).") % {
        "done": vn_number(done), "total": vn_number(assigned), "pct": _pct(done, assigned)})
    if data.missing:
        _body(doc, _("Cán bộ chưa dự sinh hoạt trong tháng:"))
        _docx_table(doc, [_("Tháng"), _("Họ và tên"), _("Cấp"), _("Chức vụ, đơn vị công tác"), _("Tình trạng")], [
            [month, str(row.cadre), row.cadre.get_level_display(), row.cadre.position or row.cadre.unit.name,
             _("Không đạt") if row.failing else _("Chưa dự")] for month, row in data.missing])
    else:
        _body(doc, _("Không có cán bộ nào chưa dự sinh hoạt."))

    _heading(doc, _("IV. CHI, TỔ HỘI CHƯA CÓ CÁN BỘ DỰ SINH HOẠT"))
    if data.branches:
        _body(doc, _("Chi, tổ hội chưa có cán bộ dự sinh hoạt trong %(n)s tháng:") % {"n": watch.DEFAULT_MONTHS})
        _docx_table(doc, [_("Chi, tổ hội"), _("Thôn, ấp"), _("Lần dự gần nhất")], [
            [row.branch.name, row.branch.unit.name, f"{row.last_visit:%d/%m/%Y}" if row.last_visit else "—"]
            for row in data.branches])
    else:
        _body(doc, _("Mọi chi, tổ hội đều đã có cán bộ dự sinh hoạt."))

    _heading(doc, _("V. Ý KIẾN, KIẾN NGHỊ CỦA ĐOÀN VIÊN, HỘI VIÊN"))
    if not data.opinions:
        _body(doc, _("Không có ý kiến, kiến nghị nào được ghi nhận."))
    for commune, lines in data.opinions.items():
        p = _para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, 3)
        p.paragraph_format.first_line_indent = Mm(10)
        _run(p, commune, 14, italic=True, bold=True)
        for visit, line in lines:
            _body(doc, f"- {line} ({visit.branch.name}, {visit.date:%d/%m/%Y})")

    _signature(doc, "party")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

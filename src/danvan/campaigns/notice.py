"""The village board's notice of what a work collected (Law on Grassroots Democracy 10/2022/QH15,
art. 15): one content, printed from the browser (``campaigns/notice.html``, A4) or downloaded as
Word (``notice_docx``, A4, Times New Roman, the layout of ``indicators.exports``).

The board is a village's: the village asked for (``?thon=<key>``), else the work's own village; a
commune-wide work without a village asked for gets one notice for all its villages. The lines are
the public lines of ``disclosure`` (names only where the contributor agreed).
"""

import datetime as dt
import io
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from danvan.geo.choices import Level
from danvan.indicators.exports import _docx_table, _no_borders, _para, _run, _underline_short, a4_document
from danvan.indicators.narrative import vn_number

from .disclosure import Disclosure, VillageTotal
from .models import Work


def decision_text(decision: dict[str, Any]) -> str:
    """'ngày 10/01/2026: 96/120 hộ dự, 90 hộ tán thành (75,00%)'."""
    return _("ngày %(day)s: %(attending)s/%(households)s hộ dự, %(agreeing)s hộ tán thành (%(share)s%%)") % {
        "day": f"{decision['day']:%d/%m/%Y}", "attending": vn_number(decision["attending"]),
        "households": vn_number(decision["households"]), "agreeing": vn_number(decision["agreeing"]),
        "share": vn_number(decision["share"], 2)}


def _sentences(work: Work, heading: str, kind: str, place: str, financing: list[tuple[Any, int, Any]]) -> list[str]:
    about = [f"{heading} ({kind}" + (f", {work.get_build_display().lower()}" if work.build else "") + ")"]
    if work.house_kind:
        about[0] += " — " + _("hỗ trợ một hộ gia đình")
    about.append(_("địa bàn: %(place)s") % {"place": place})
    about.append(_("tổ chức thực hiện: %(who)s") % {"who": work.organizer()})
    if work.campaign_id:
        about.append(_("thuộc phong trào “%(name)s”") % {"name": work.campaign.name})
    state = _("trạng thái: %(state)s") % {"state": work.get_state_display().lower()}
    if work.handed_over:
        state += " " + _("(bàn giao ngày %(day)s)") % {"day": f"{work.handed_over:%d/%m/%Y}"}
    about.append(state)
    money = _("Tổng trị giá: %(value)s đồng") % {"value": vn_number(work.value_vnd)}
    if financing:
        money += ", " + _("gồm") + " " + "; ".join(f"{phrase} {vn_number(value)} {_('đồng')}"
                                                  for _label, value, phrase in financing)
    money += ". " + (_("Số đã chi: chưa công bố.") if work.spent_vnd is None else
                     _("Số đã chi: %(spent)s đồng.") % {"spent": vn_number(work.spent_vnd)})
    return ["; ".join(about) + ".", money]


def notice_context(context: dict[str, Any], wanted: str, today: dt.date) -> dict[str, Any]:
    """The notice's content added to a work's public context (``public_views``); 404 for a village
    that neither gave to the work nor is its place."""
    work: Work = context["work"]
    figures: Disclosure = context["disclosure"]
    wanted = wanted.strip() or (work.unit.key if work.unit.level == Level.VILLAGE else "")
    board_name, shown = "", figures.villages
    if wanted:
        board = figures.village(wanted)
        if board is None and wanted != work.unit.key:
            raise Http404(_("Thôn mã '%(key)s' không đóng góp cho công trình này.") % {"key": wanted})
        board_name, shown = (board.village, [board]) if board is not None else (work.unit.name, [])
    commune = context["commune"]
    return context | {
        "board_name": board_name, "board_key": wanted, "shown": shown,
        "board_title": (_("Ban Công tác Mặt trận %(village)s") % {"village": board_name} if board_name
                        else _("Ban Công tác Mặt trận các khu dân cư")),
        "front_title": _("Ủy ban MTTQ Việt Nam %(commune)s") % {"commune": commune.name},
        "day_line": _("%(place)s, ngày %(day)02d tháng %(month)02d năm %(year)s") % {
            "place": commune.name, "day": today.day, "month": today.month, "year": today.year},
        "subtitle": _("Kết quả vận động Nhân dân đóng góp xây dựng “%(name)s”") % {"name": context["heading"]},
        "sentences": _sentences(work, context["heading"], context["kind"], context["place"], context["financing"]),
        "village_rows": [(v, [decision_text(d) for d in v.decisions]) for v in figures.villages],
    }


INTRO = gettext_lazy("Thực hiện Luật Thực hiện dân chủ ở cơ sở (số 10/2022/QH15), Ban Công tác Mặt trận thông "
                     "báo công khai đến toàn thể Nhân dân kết quả đóng góp như sau:")
POSTED = gettext_lazy("Thông báo này được niêm yết tại nhà văn hóa, điểm sinh hoạt cộng đồng của thôn. Mọi ý "
                      "kiến xin gửi Ban Công tác Mặt trận, Trưởng thôn.")
CHOICE = gettext_lazy("Người đóng góp không đồng ý công khai tên được ghi là “Hộ gia đình” hoặc “Cá nhân”.")


def _amounts(item: Any) -> list[str]:
    get = item.get if isinstance(item, dict) else lambda name: getattr(item, name)
    return [vn_number(get("cash_vnd")), vn_number(get("labor_days")), vn_number(get("land_m2"))]


def _lines(village: VillageTotal) -> list[list[str]]:
    rows = [[str(n), line["name"], f"{line['day']:%d/%m/%Y}", *_amounts(line)]
            for n, line in enumerate(village.lines, start=1)]
    return [*rows, ["", _("Cộng"), "", *_amounts(village)]]


def notice_docx(notice: dict[str, Any]) -> bytes:
    """The notice as a Word file (A4, margins 20/20/30/15 mm, Times New Roman)."""
    doc = a4_document(13)

    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(left.paragraphs[0], notice["front_title"].upper(), 12)
    board = _para(left)
    _run(board, notice["board_title"].upper(), 12, bold=True)
    _underline_short(board)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, bold=True)
    motto = _para(right)
    _run(motto, _("Độc lập – Tự do – Hạnh phúc"), 13, bold=True)
    _underline_short(motto)
    _run(_para(right), notice["day_line"], 13, italic=True)

    title = _para(doc)
    title.paragraph_format.space_before = Pt(18)
    _run(title, _("THÔNG BÁO CÔNG KHAI"), 14, bold=True)
    _run(_para(doc, space_after=12), notice["subtitle"], 13, bold=True)

    def text(value: str, bold: bool = False, size: float = 13, italic: bool = False) -> None:
        paragraph = _para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY, 6)
        paragraph.paragraph_format.first_line_indent = Mm(10)
        _run(paragraph, value, size, bold=bold, italic=italic)

    text(str(INTRO))
    text(_("1. Công trình, phần việc"), bold=True)
    for sentence in notice["sentences"]:
        text(sentence)
    text(_("2. Quyết định của cuộc họp thôn và kết quả đóng góp theo thôn"), bold=True)
    figures: Disclosure = notice["disclosure"]
    _docx_table(doc, [_("Thôn, ấp, khu vực"), _("Cuộc họp thôn"), _("Tiền (đồng)"), _("Ngày công"),
                      _("Đất hiến (m²)")],
                [[v.village, "; ".join(texts) or "—", *_amounts(v)] for v, texts in notice["village_rows"]]
                + [[_("Cộng"), "", vn_number(figures.cash_vnd), vn_number(figures.labor_days),
                    vn_number(figures.land_m2)]])
    text(_("3. Danh sách đóng góp"), bold=True)
    for village in notice["shown"]:
        if len(notice["shown"]) > 1:
            text(village.village, bold=True)
        _docx_table(doc, [_("STT"), _("Người đóng góp"), _("Ngày"), _("Tiền (đồng)"), _("Ngày công"),
                          _("Đất hiến (m²)")], _lines(village))
    if not notice["shown"]:
        text(_("Chưa có đóng góp nào được ghi nhận."))
    text(str(CHOICE), size=11, italic=True)
    text(str(POSTED))

    doc.add_paragraph()
    signatures = doc.add_table(rows=1, cols=2)
    _no_borders(signatures)
    for cell, lines in zip(signatures.rows[0].cells, ((_("TRƯỞNG THÔN"),),
                                                      (_("TM. BAN CÔNG TÁC MẶT TRẬN"), _("TRƯỞNG BAN"))), strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], lines[0], 13, bold=True)
        for line in lines[1:]:
            _run(_para(cell), line, 13, bold=True)
        _run(_para(cell), _("(Ký, ghi rõ họ tên)"), 13, italic=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

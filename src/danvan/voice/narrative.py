"""The people's voice in the report narrative, in the seeds' words (001: "không có điểm nóng bức xúc
xảy ra"; 003: "tăng cường tiếp xúc, đối thoại trực tiếp với nhân dân"; "giám sát và phản biện xã hội").

``petitions``: received (the top fields), answered, on time, overdue (now, or at the period's end
for a period over), and the hot spots of the unit (``hotspots.hot_spots``). ``dialogues_and_oversight``:
dialogues by kind, the units short of the dialogue rules (``compliance.shortfalls``), then oversight
and social critique: sessions, recommendations sent, accepted, implemented. A part whose figure is
zero is left out. Registered by ``voice.indicators`` (``register_section``).
"""

import datetime as dt

from django.utils.translation import gettext as _

from danvan.indicators import builder
from danvan.indicators.builder import Report
from danvan.indicators.narrative import lower_first, vn_number

from .choices import DialogueKind, PetitionField, SessionKind

TOP_FIELDS = 3  # fields named in the sentence on petitions
SHORT_UNITS = 5  # units named in the sentence on dialogue rules


def _as_of(report: Report) -> dt.date:
    """The report's day for what is read now (hot spots, shortfalls): today, or the period's end if over."""
    return min(report.period.end, builder.today())


def _rows(report: Report, by: str, code: str) -> list[tuple[str, int]]:
    """(key, value) of a breakdown's rows with a value, largest first (ties: the breakdown's order)."""
    breakdown = report.breakdowns.get(by)
    if breakdown is None:
        return []
    rows = [(row.key, row.values[code].value) for row in breakdown.rows
            if code in row.values and row.values[code].value]
    return sorted(rows, key=lambda kv: -kv[1])


def _n(value: int, measure: str) -> str:
    return f"{vn_number(value)} {measure}"


def hot_spot_sentence(report: Report) -> str:
    """"Không có điểm nóng bức xúc xảy ra." or the hot spots of the report's unit."""
    from .hotspots import hot_spots  # reads the similarity index: only when a report is written
    from .models import Petition

    spots = hot_spots(Petition.objects.filter(unit_path__under=report.unit.path), _as_of(report))
    if not spots:
        return _("Không có điểm nóng bức xúc xảy ra.")
    return _("Có %(n)s điểm nóng cần tập trung giải quyết: %(spots)s.") % {
        "n": vn_number(len(spots)), "spots": "; ".join(s.label for s in spots)}


def petitions(report: Report) -> list[str]:
    """Petitions received (by field), answered, on time, overdue; the hot spots."""
    received = report.value("FB-RECEIVED") or 0
    answered = report.value("FB-ANSWERED") or 0
    overdue = report.value("FB-OVERDUE") or 0
    parts = []
    if received:
        text = _("Các cấp đã tiếp nhận %(n)s ý kiến, kiến nghị của Nhân dân") % {"n": vn_number(received)}
        labels = dict(PetitionField.choices)
        top = [_("%(field)s %(n)s") % {"field": lower_first(str(labels.get(key, key))), "n": vn_number(value)}
               for key, value in _rows(report, "fbfield", "FB-RECEIVED")[:TOP_FIELDS]]
        if top:
            text += _(" (nhiều nhất: %(fields)s)") % {"fields": "; ".join(top)}
        parts.append(text)
    if answered:
        text = _("đã trả lời, giải quyết %(n)s ý kiến, kiến nghị") % {"n": vn_number(answered)}
        ontime, rate = report.value("FB-ONTIME") or 0, report.value("FB-ONTIME-RATE")
        text += _(", trong đó %(n)s đúng hạn (đạt %(pct)s%%)") % {"n": vn_number(ontime), "pct": vn_number(rate, 1)}
        parts.append(text)
    if overdue:
        if report.period.end >= builder.today():
            text = _("hiện còn %(n)s ý kiến, kiến nghị quá hạn chưa được giải quyết")
        else:
            text = _("đến cuối kỳ còn %(n)s ý kiến, kiến nghị quá hạn chưa được giải quyết")
        parts.append(text % {"n": vn_number(overdue)})
    if not parts:
        return []
    first = "; ".join(parts) + "."
    return [first[0].upper() + first[1:] + " " + hot_spot_sentence(report)]


def _shortfall_sentence(report: Report) -> str:
    from .compliance import shortfalls

    short = shortfalls(report.unit, report.period.start, _as_of(report))
    if not short:
        return ""
    kinds = dict(DialogueKind.choices)
    named = [_("%(unit)s: %(kind)s %(held)s/%(required)s cuộc") % {
        "unit": s.unit.name, "kind": lower_first(str(kinds.get(s.rule.kind, s.rule.kind))), "held": vn_number(s.held),
        "required": vn_number(s.required)} for s in short[:SHORT_UNITS]]
    more = len(short) - len(named)
    text = _("%(n)s lượt đơn vị chưa tổ chức đủ số cuộc theo quy định (%(units)s") % {
        "n": vn_number(len(short)), "units": "; ".join(named)}
    if more > 0:
        text += _("; và %(n)s lượt khác") % {"n": vn_number(more)}
    return text + ")."


def dialogues_and_oversight(report: Report) -> list[str]:
    """Dialogues by kind and the units short of the rules; oversight and social critique."""
    out = []
    dialogues = report.value("DL-COUNT") or 0
    if dialogues:
        kinds = dict(DialogueKind.choices)
        by_kind = [_("%(kind)s %(n)s cuộc") % {"kind": lower_first(str(kinds.get(k, k))), "n": vn_number(v)}
                   for k, v in _rows(report, "dlkind", "DL-COUNT")]
        text = _("Người đứng đầu cấp ủy, chính quyền các cấp đã tiếp xúc, đối thoại trực tiếp với Nhân dân "
                 "%(n)s cuộc") % {"n": vn_number(dialogues)}
        if by_kind:
            text += f" ({'; '.join(by_kind)})"
        out.append(text + ".")
    short = _shortfall_sentence(report)
    if short:
        out = [f"{out[0]} {short}"] if out else [short[0].upper() + short[1:]]
    sessions = report.value("OV-COUNT") or 0
    parts = []
    if sessions:
        kinds = dict(SessionKind.choices)
        by_kind = [_("%(kind)s %(n)s cuộc") % {"kind": lower_first(str(kinds.get(k, k))), "n": vn_number(v)}
                   for k, v in _rows(report, "ovkind", "OV-COUNT")]
        text = _("Mặt trận Tổ quốc và các tổ chức chính trị - xã hội đã tổ chức %(n)s cuộc giám sát, phản biện xã hội"
                 ) % {"n": vn_number(sessions)}
        if by_kind:
            text += f" ({'; '.join(by_kind)})"
        parts.append(text)
    recs = report.value("OV-RECS") or 0
    if recs:
        parts.append(_("đã gửi %(n)s kiến nghị") % {"n": vn_number(recs)})
    accepted = report.value("OV-ACCEPTED") or 0
    if accepted:
        parts.append(_("%(n)s kiến nghị được tiếp thu") % {"n": vn_number(accepted)})
    implemented = report.value("OV-IMPLEMENTED") or 0
    if implemented:
        parts.append(_("%(n)s kiến nghị đã được thực hiện") % {"n": vn_number(implemented)})
    if parts:
        text = "; ".join(parts) + "."
        out.append(text[0].upper() + text[1:])
    return out


__all__ = ["dialogues_and_oversight", "hot_spot_sentence", "petitions"]

"""The registers' section of the report narrative, in the seeds' own style (seed 002).

"Toàn tỉnh hiện có 307.217 đoàn viên, hội viên sinh hoạt tại 2.090 chi đoàn, chi hội; tổng số hộ
có đoàn viên, hội viên là 161.135/196.898 hộ, chiếm tỷ lệ 81,84%." Registered by
``people.indicators`` (``register_section``); the generic sentences live in
``danvan.indicators.narrative``.
"""

from django.utils.translation import gettext as _

from danvan.indicators.builder import Report, area_phrase
from danvan.indicators.narrative import change_phrase, vn_number


def registers(report: Report) -> list[str]:
    """Members, branches and household coverage; regular attendance; members per organization; poverty."""
    area = area_phrase(report.unit)
    out: list[str] = []
    members, branches = report.value("MB-MEMBERS"), report.value("MB-BRANCHES")
    cover = report.result("MB-HH-COVER").current
    if members is not None:
        out.append(_(
            "%(area)s hiện có %(members)s đoàn viên, hội viên sinh hoạt tại %(branches)s chi đoàn, chi hội; "
            "tổng số hộ có đoàn viên, hội viên là %(num)s/%(den)s hộ, chiếm tỷ lệ %(pct)s%%."
        ) % {"area": area, "members": vn_number(members), "branches": vn_number(branches),
             "num": vn_number(cover.numerator), "den": vn_number(cover.denominator), "pct": vn_number(cover.value, 2)})
        regular = report.result("MV-REGULAR")
        sentence = _("Số đoàn viên, hội viên sinh hoạt thường xuyên là %(n)s người, chiếm tỷ lệ %(pct)s%%.") % {
            "n": vn_number(regular.current.numerator), "pct": vn_number(regular.current.value, 2)}
        change = change_phrase(members, report.result("MB-MEMBERS").year_earlier.value, _("người"))
        if change:
            sentence += " " + _("So với cùng kỳ năm trước, số đoàn viên, hội viên %(change)s.") % {"change": change}
        out.append(sentence)
    org = report.breakdowns.get("org")
    if org:
        parts = [f"{row.label} {vn_number(row.values['MB-MEMBERS'].value)}" for row in org.rows
                 if row.values.get("MB-MEMBERS") and row.values["MB-MEMBERS"].value]
        if parts:
            out.append(_("Trong đó: %(parts)s đoàn viên, hội viên.") % {"parts": "; ".join(parts)})
    poor, near = report.value("HH-POOR"), report.value("HH-NEAR-POOR")
    if poor is not None and (poor or near):
        out.append(_("Theo kết quả rà soát, %(area)s còn %(poor)s hộ nghèo và %(near)s hộ cận nghèo.") % {
            "area": area[0].lower() + area[1:], "poor": vn_number(poor), "near": vn_number(near)})
    return out

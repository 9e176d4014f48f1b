"""Branch-meeting visits in the report narrative, in seed 004's words:

"Cán bộ các cấp đã dự sinh hoạt 32.466 lượt (cấp tỉnh 823 lượt, cấp huyện 5.503 lượt, cấp xã
26.140 lượt); 95,2% cán bộ được phân công dự sinh hoạt ít nhất một lần mỗi tháng; 12 đoàn viên,
hội viên được kết nạp Đảng."

For a month the share is the rule's ("mỗi tháng"); for a longer period it is the share of the cadres
assigned at some time in the period who attended at least once in it ("trong kỳ"), as MV-MONTHLY
(MV-MONTHLY-N / MV-ASSIGNED-IN) means there. A part whose
figure is zero (or without data) is left out, the sentence too when all are. Registered by
``meetings.indicators`` (``register_section``).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.indicators.builder import Report
from danvan.indicators.narrative import vn_number

from .choices import CadreLevel

# "cấp huyện" in a sentence (the choice's label says "Cấp huyện (cũ)").
_LEVEL_WORDS = {CadreLevel.PROVINCE: gettext_lazy("cấp tỉnh"), CadreLevel.DISTRICT: gettext_lazy("cấp huyện"),
                CadreLevel.COMMUNE: gettext_lazy("cấp xã")}


def _by_level(report: Report) -> dict[str, int]:
    breakdown = report.breakdowns.get("cadrelevel")
    if breakdown is None:
        return {}
    return {row.key: row.values["MV-VISITS"].value for row in breakdown.rows
            if "MV-VISITS" in row.values and row.values["MV-VISITS"].value}


def visits_phrase(report: Report) -> str:
    """"đã dự sinh hoạt 32.466 lượt (cấp tỉnh 823 lượt, …)", or '' without visits."""
    total = report.value("MV-VISITS") or 0
    if not total:
        return ""
    by_level = _by_level(report)
    levels = [_("%(level)s %(n)s lượt") % {"level": _LEVEL_WORDS[level], "n": vn_number(by_level[level.value])}
              for level in CadreLevel if by_level.get(level.value)]
    text = _("đã dự sinh hoạt %(n)s lượt") % {"n": vn_number(total)}
    return f"{text} ({', '.join(levels)})" if levels else text


def monthly_phrase(report: Report) -> str:
    """"95,2% cán bộ được phân công dự sinh hoạt ít nhất một lần mỗi tháng", or ''."""
    share = report.value("MV-MONTHLY")
    if not share:
        return ""
    if report.period.kind == "month":
        text = _("%(pct)s%% cán bộ được phân công dự sinh hoạt ít nhất một lần mỗi tháng")
    else:
        text = _("%(pct)s%% cán bộ được phân công đã dự sinh hoạt ít nhất một lần trong kỳ")
    return text % {"pct": vn_number(share, 1)}


def meetings(report: Report) -> list[str]:
    """Visits by level, the ≥ 1 visit a month rule, Party admissions; meetings and attendance."""
    parts = []
    visits = visits_phrase(report)
    if visits:
        parts.append(_("Cán bộ các cấp %(visits)s") % {"visits": visits})
    monthly = monthly_phrase(report)
    if monthly:
        parts.append(monthly)
    party = report.value("MV-PARTY") or 0
    if party:
        parts.append(_("%(n)s đoàn viên, hội viên được kết nạp Đảng") % {"n": vn_number(party)})
    out = ["; ".join(parts) + "."] if parts else []
    held, rate = report.value("MV-HELD") or 0, report.value("MV-ATTEND-RATE")
    if held:
        text = _("Các chi, tổ hội đã tổ chức %(n)s buổi sinh hoạt") % {"n": vn_number(held)}
        if rate:
            text += _(", bình quân %(pct)s%% hội viên dự họp") % {"pct": vn_number(rate, 1)}
        out.append(text + ".")
    if out:
        out[0] = out[0][0].upper() + out[0][1:]
    return out


__all__ = ["meetings", "monthly_phrase", "visits_phrase"]

"""Drafting report text from the figures, in the seeds' own style (seed 002).

"Toàn tỉnh hiện có 307.217 đoàn viên, hội viên sinh hoạt tại 2.090 chi đoàn, chi hội; tổng số hộ
có đoàn viên, hội viên là 161.135/196.898 hộ, chiếm tỷ lệ 81,84%."
Numbers are written the Vietnamese way (1.234.567; 81,84) and large VND sums rounded as the
seeds do ("hơn 89 tỷ đồng", "gần 28 tỷ đồng").
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .builder import Report, area_phrase
from .catalog import registry


def vn_number(value: float | int | None, decimals: int = 0) -> str:
    """1234567 → "1.234.567"; 81.8412 with 2 decimals → "81,84"; None → "—"."""
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):,.{decimals}f}"
    return sign + text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vnd_phrase(amount: int | float) -> str:
    """A VND sum as the seeds write it: 89_400_000_000 → "hơn 89 tỷ đồng"; 27_800_000_000 →
    "gần 28 tỷ đồng"; 3_640_000_000 → "hơn 3,6 tỷ đồng"; small sums in full."""
    amount = int(amount)
    for size, word in ((10**9, _("tỷ")), (10**6, _("triệu"))):
        if abs(amount) >= size:
            exact = Decimal(amount) / size
            decimals = 1 if exact < 10 else 0
            rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
            if rounded == exact:
                qualifier = ""
            elif rounded < exact:
                qualifier = _("hơn") + " "
            else:
                qualifier = _("gần") + " "
            shown = vn_number(rounded, decimals if rounded != rounded.to_integral() else 0)
            return f"{qualifier}{shown} {word} {_('đồng')}"
    return f"{vn_number(amount)} {_('đồng')}"


def _change_phrase(current: int | None, before: int | None, measure: str) -> str:
    if current is None or before is None:
        return ""
    diff = current - before
    if diff == 0:
        return _("không thay đổi")
    word = _("tăng") if diff > 0 else _("giảm")
    text = f"{word} {vn_number(abs(diff))} {measure}"
    if before:
        text += " " + _("(%(pct)s%%)") % {"pct": vn_number(abs(diff) * 100 / before, 2)}
    return text


def paragraphs(report: Report) -> list[str]:
    """The narrative, one string per paragraph."""
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
        change = _change_phrase(members, report.result("MB-MEMBERS").year_earlier.value, _("người"))
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
    # Flows of other apps, once they have data.
    for result in report.results:
        ind = result.indicator
        if not result.has_data or ind.app == "people" or ind.is_ratio or not result.current.value:
            continue
        value = result.current.value
        shown = vnd_phrase(value) if str(ind.measure) == _("đồng") else f"{vn_number(value)} {ind.measure}"
        out.append(f"{ind.label}: {shown}.")
    missing = []
    for result in report.results:
        group = str(result.indicator.group)
        if not result.has_data and group not in missing:
            missing.append(group)
    if missing:
        out.append(_(
            "Các chỉ tiêu về %(groups)s chưa có dữ liệu trong hệ thống, chưa tổng hợp trong báo cáo này."
        ) % {"groups": "; ".join(g[0].lower() + g[1:] if not g.startswith("\"") else g for g in missing)})
    return out


def summary(report: Report) -> str:
    return _("Kết quả công tác dân vận, hoạt động của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội "
             "%(period)s") % {"period": report.period.label}


__all__ = ["paragraphs", "registry", "summary", "vn_number", "vnd_phrase"]

"""Drafting report text from the figures, in the seeds' own style (seed 002).

The narrative is a list of sections contributed by the apps (``catalog.register_section``): each
writes its paragraphs from the report, e.g. the registers' "Toàn tỉnh hiện có 307.217 đoàn viên,
hội viên sinh hoạt tại 2.090 chi đoàn, chi hội; …" (``people/narrative.py``). This module adds the
generic sentences: one per indicator with data that no section covers, and what is still
without data. Numbers are written the Vietnamese way (1.234.567; 81,84) and large VND sums
rounded as the seeds do ("hơn 89 tỷ đồng", "gần 28 tỷ đồng").
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from .builder import Report
from .catalog import registry


def vn_number(value: float | int | None, decimals: int = 0) -> str:
    """1234567 → "1.234.567"; 81.8412 with 2 decimals → "81,84"; None → "—"."""
    if value is None:
        return "—"
    if decimals == 0 and type(value) is int:  # most figures; the same text, without Decimal
        return f"{value:,}".replace(",", ".")
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):,.{decimals}f}"
    return sign + text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def figure_text(indicator: Any, value: Any) -> str:
    """A figure as the dashboard writes it: 1.234 or 81,84%; — without data."""
    return vn_number(value, 2) + "%" if indicator.is_ratio and value is not None else vn_number(value)


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


def approx_phrase(value: int | float | None, above: str = "", below: str = "") -> str:
    """A count rounded the way the seeds write it: "trên 1.000", "gần 50.000", or exact.

    The rule: below 1.000 the number is written exactly. From 1.000 up it is rounded half-up to
    two significant digits (1.047 → 1.000; 49.612 → 50.000; 12.340 → 12.000); when that changes
    the number, the rounded value is written after "trên" if the count is above it (just past a
    round number: "trên 1.000") or "gần" if below it (short of one: "gần 50.000"), else the exact
    number. ``above``/``below`` replace the words ("hơn" for sums of money, as ``vnd_phrase``
    writes "hơn 89 tỷ đồng"). Counts the seeds give exactly (1.021 thôn, 122 xã) are written with
    ``vn_number`` instead.
    """
    if value is None:
        return "—"
    number = Decimal(str(value)).to_integral_value(rounding=ROUND_HALF_UP)
    if abs(number) < 1000:
        return vn_number(number)
    step = Decimal(10) ** (len(str(int(abs(number)))) - 2)
    rounded = (number / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    if rounded == number:
        return vn_number(number)
    word = (above or _("trên")) if number > rounded else (below or _("gần"))
    return f"{word} {vn_number(rounded)}"


def change_phrase(current: int | None, before: int | None, measure: str) -> str:
    """"tăng 1.234 người (5,10%)", "giảm 3 hộ", "không thay đổi"; '' when a value is missing."""
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


def lower_first(text: str) -> str:
    """A label inside a sentence: its first letter in lower case ("Nhân dân" further on is kept)."""
    return text if not text or text.startswith("\"") else text[0].lower() + text[1:]


def missing_topics(report: Report) -> list[str]:
    """What has no data yet: a whole group by its name; in a group with some data, each indicator
    without data by its label (ratios follow their parts and are not named)."""
    by_group: dict[str, list[Any]] = {}
    for result in report.results:
        by_group.setdefault(str(result.indicator.group), []).append(result)
    missing: list[str] = []
    for group, results in by_group.items():
        empty = [r for r in results if not r.has_data]
        if len(empty) == len(results):
            missing.append(group)
        else:
            missing.extend(str(r.indicator.label) for r in empty if not r.indicator.is_ratio)
    return missing


def sections(report: Report) -> list[tuple[str, list[str]]]:
    """The narrative as (heading, paragraphs): the apps' sections in registration order, then the
    generic sentences (added to the last section, or under a generic heading when there is none)."""
    out = [(str(s.heading), s.write(report)) for s in registry.sections]
    out = [(heading, texts) for heading, texts in out if texts]
    generic: list[str] = []
    covered = registry.covered_codes()
    # Figures no section writes about (apps without a section of their own), once they have data.
    for result in report.results:
        ind = result.indicator
        if not result.has_data or ind.code in covered or ind.is_ratio or not result.current.value:
            continue
        value = result.current.value
        shown = vnd_phrase(value) if str(ind.measure) == _("đồng") else f"{vn_number(value)} {ind.measure}"
        generic.append(f"{ind.label}: {shown}.")
    missing = missing_topics(report)
    if missing:
        generic.append(_(
            "Các chỉ tiêu về %(groups)s chưa có dữ liệu trong hệ thống, chưa tổng hợp trong báo cáo này."
        ) % {"groups": "; ".join(lower_first(g) for g in missing)})
    if out:
        out[-1][1].extend(generic)
    elif generic:
        out.append((_("KẾT QUẢ THỰC HIỆN"), generic))
    return out


def paragraphs(report: Report) -> list[str]:
    """The narrative, one string per paragraph."""
    return [text for _heading, texts in sections(report) for text in texts]


def needed_breakdowns() -> list[str]:
    """The breakdowns the narrative's sections read (a report meant for the narrative builds them)."""
    return list(dict.fromkeys(b for s in registry.sections for b in s.needs))


def summary(report: Report) -> str:
    return _("Kết quả công tác dân vận, hoạt động của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội "
             "%(period)s") % {"period": report.period.label}


__all__ = ["approx_phrase", "change_phrase", "missing_topics", "needed_breakdowns", "paragraphs", "registry", "sections",
           "summary", "vn_number", "vnd_phrase"]

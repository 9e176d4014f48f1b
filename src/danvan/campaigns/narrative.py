"""Campaign results in the report narrative, one paragraph per group, in the seeds' own words.

- Works (seed 002): "Trong năm 2026, toàn tỉnh đã xây dựng, sửa chữa 4.413 căn nhà đại đoàn kết,
  nhà tình nghĩa, … trị giá hơn 89 tỷ đồng; tặng 48.403 suất học bổng trị giá gần 28 tỷ đồng; thực
  hiện 208.951 công trình, phần việc; giúp 7.097 đoàn viên, hội viên thoát nghèo." — the house
  kinds with houses in the period, in the order of ``HouseKind`` (other houses as ",…").
- Contributions (seeds 001, 003): "Nhân dân đóng góp hơn 3,6 tỷ đồng, 12.340 ngày công và hiến
  trên 26.000 m² đất." — money with ``vnd_phrase`` (always "tỷ"), land rounded as seed 001 does.
- Training and commendations: "Đã tổ chức 12 lớp tập huấn, bồi dưỡng cho 1.230 lượt học viên; 45
  tập thể, cá nhân được khen thưởng (3 bằng khen, 42 giấy khen)."

A paragraph whose figures are all zero (or without data) is left out. Registered by
``campaigns.indicators`` (``register_section``).
"""

from django.utils.translation import gettext as _

from danvan.indicators.builder import Report, area_phrase
from danvan.indicators.narrative import approx_phrase, vn_number, vnd_phrase

from .choices import CommendationForm, HouseKind


def _lower(text: str) -> str:
    return text[0].lower() + text[1:] if text else text


def _rows(report: Report, by: str, code: str) -> dict[str, int]:
    """Non-zero values of ``code`` per key of breakdown ``by``, when the report built it."""
    breakdown = report.breakdowns.get(by)
    if breakdown is None:
        return {}
    return {row.key: row.values[code].value for row in breakdown.rows
            if code in row.values and row.values[code].value}


def _priced(text: str, amount: int | None) -> str:
    return text + " " + _("trị giá %(vnd)s") % {"vnd": vnd_phrase(amount)} if amount else text


def _house_names(report: Report) -> str:
    """"nhà đại đoàn kết, nhà tình nghĩa" for the kinds with houses; other houses add ",…"."""
    by_kind = _rows(report, "housekind", "WK-HOUSE")
    names = [_lower(str(kind.label)) for kind in HouseKind if kind != HouseKind.OTHER and by_kind.get(kind.value)]
    if not names:
        return _("nhà")
    return ", ".join(names) + (",…" if by_kind.get(HouseKind.OTHER.value) else "")


def _works(report: Report) -> str:
    houses, scholarships = report.value("WK-HOUSE") or 0, report.value("WK-SCHOLAR") or 0
    works, exits = report.value("WK-WORKS") or 0, report.value("WK-POVERTY") or 0
    parts = []
    if houses:
        parts.append(_priced(_("xây dựng, sửa chữa %(n)s căn %(kinds)s") % {
            "n": vn_number(houses), "kinds": _house_names(report)}, report.value("WK-HOUSE-VND")))
    if scholarships:
        parts.append(_priced(_("tặng %(n)s suất học bổng") % {"n": vn_number(scholarships)},
                             report.value("WK-SCHOLAR-VND")))
    if works:
        parts.append(_priced(_("thực hiện %(n)s công trình, phần việc") % {"n": vn_number(works)},
                             report.value("WK-WORKS-VND")))
    if exits:
        parts.append(_("giúp %(n)s đoàn viên, hội viên thoát nghèo") % {"n": vn_number(exits)})
    if not parts:
        return ""
    return _("Trong %(period)s, %(area)s đã %(parts)s.") % {
        "period": _lower(report.period.label), "area": _lower(area_phrase(report.unit)), "parts": "; ".join(parts)}


def _and(items: list[str]) -> str:
    """"a, b và c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " " + _("và") + " " + items[-1]


def _contributions(report: Report) -> str:
    cash, labor, land = (report.value(c) or 0 for c in ("CT-CASH", "CT-LABOR", "CT-LAND"))
    given = []
    if cash:
        given.append(vnd_phrase(cash))
    if labor:
        given.append(_("%(n)s ngày công") % {"n": vn_number(labor)})
    if land:
        donated = _("hiến %(m2)s m² đất") % {"m2": approx_phrase(land)}
        text = _and([_("đóng góp %(given)s") % {"given": ", ".join(given)}, donated]) if given else donated
    elif given:
        text = _("đóng góp %(given)s") % {"given": _and(given)}
    else:
        return ""
    return _("Nhân dân %(text)s.") % {"text": text}


# Forms from the highest, as the reports list them ("3 bằng khen, 42 giấy khen").
_FORMS = (CommendationForm.FLAG, CommendationForm.MERIT, CommendationForm.CERTIFICATE, CommendationForm.OTHER)


def _form_name(form: CommendationForm) -> str:
    return _("hình thức khen thưởng khác") if form == CommendationForm.OTHER else _lower(str(form.label))


def _training_and_awards(report: Report) -> str:
    courses, trainees, awards = (report.value(c) or 0 for c in ("TR-COUNT", "TR-TRAINEES", "AW-COUNT"))
    parts = []
    if courses:
        text = _("tổ chức %(n)s lớp tập huấn, bồi dưỡng") % {"n": vn_number(courses)}
        if trainees:
            text += " " + _("cho %(n)s lượt học viên") % {"n": vn_number(trainees)}
        parts.append(text)
    if awards:
        text = _("%(n)s tập thể, cá nhân được khen thưởng") % {"n": vn_number(awards)}
        by_form = _rows(report, "awform", "AW-COUNT")
        forms = [f"{vn_number(by_form[f.value])} {_form_name(f)}" for f in _FORMS if by_form.get(f.value)]
        if forms:
            text += f" ({', '.join(forms)})"
        parts.append(text)
    if not parts:
        return ""
    sentence = "; ".join(parts) + "."
    if courses:
        return _("Đã %(text)s") % {"text": sentence}
    return _("Có %(text)s") % {"text": sentence}


def campaigns(report: Report) -> list[str]:
    """Works and poverty exits, the people's contributions, training and commendations."""
    return [text for text in (_works(report), _contributions(report), _training_and_awards(report)) if text]


__all__ = ["campaigns"]

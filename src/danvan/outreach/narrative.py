""""Ba cùng" in the report narrative, in seed 000's own words:

"… đã có trên 1.000 lượt cơ quan, đơn vị với gần 50.000 lượt cán bộ, đảng viên, chiến sỹ lực lượng
vũ trang tham gia các hoạt động "ba cùng" với Nhân dân tại 1.021 thôn của 122 xã …" — participations
rounded as the seed does (``approx_phrase``), villages and communes exact; then the kinds of work,
the share done with the people (the seed's yardstick) and the activities the formalism watch flags.
Registered by ``outreach.indicators``.
"""

from django.utils.translation import gettext as _

from danvan.indicators.builder import Report, area_phrase
from danvan.indicators.narrative import approx_phrase, vn_number

from .models import ActivityKind
from .watch import flagged_activities


def _lower(text: str) -> str:
    return text[0].lower() + text[1:] if text else text


def outreach(report: Report) -> list[str]:
    """The seed's sentence, the kinds of work, the yardstick and the formalism watch."""
    agencies = report.value("BC-AGENCY")
    if not agencies:
        return []
    out = [_(
        "Trong %(period)s, %(area)s đã có %(agencies)s lượt cơ quan, đơn vị với %(cadres)s lượt cán bộ, đảng viên, "
        "chiến sỹ lực lượng vũ trang tham gia các hoạt động \"ba cùng\" với Nhân dân tại %(villages)s thôn, ấp "
        "của %(communes)s xã, phường."
    ) % {"period": _lower(report.period.label), "area": _lower(area_phrase(report.unit)),
         "agencies": approx_phrase(agencies), "cadres": approx_phrase(report.value("BC-CADRE")),
         "villages": vn_number(report.value("BC-VILLAGE")), "communes": vn_number(report.value("BC-COMMUNE"))}]
    kinds = _kinds(report)
    if kinds:
        out.append(_("Các hoạt động thiết thực như: %(kinds)s.") % {"kinds": "; ".join(kinds)})
    ratio = report.result("BC-WITHPEOPLE").current
    if ratio.denominator:
        out.append(_(
            "Lấy \"làm cùng dân\" làm thước đo: %(num)s/%(den)s hoạt động làm cùng Nhân dân, chiếm tỷ lệ %(pct)s%%; "
            "có %(residents)s lượt người dân cùng tham gia."
        ) % {"num": vn_number(ratio.numerator), "den": vn_number(ratio.denominator),
             "pct": vn_number(ratio.value, 2), "residents": vn_number(report.value("BC-RESIDENTS"))})
    flagged = flagged_count(report)
    if flagged:
        out.append(_(
            "Còn %(n)s hoạt động mang tính hình thức (ít người dân tham gia hoặc chưa ghi tình hình thực tế "
            "của thôn, ấp), cần khắc phục."
        ) % {"n": vn_number(flagged)})
    return out


def _kinds(report: Report) -> list[str]:
    """"xây dựng hạ tầng nông thôn (12 hoạt động)", … from the category breakdown, when it was built."""
    breakdown = report.breakdowns.get("category")
    if breakdown is None:
        return []
    labels = dict(ActivityKind.choices)
    parts = []
    for row in breakdown.rows:
        figure = row.values.get("BC-KIND")
        if row.key in labels and figure is not None and figure.value:
            parts.append(f"{_lower(str(labels[row.key]))} ({vn_number(figure.value)} {_('hoạt động')})")
    return parts


def flagged_count(report: Report) -> int:
    """Activities of the report's unit and period the formalism watch flags.

    The report's unit is one the user may see whole (current units; activities have no
    organization kind), so no further scope applies; legacy units are not counted here.
    """
    from .models import Activity

    if report.unit.is_legacy:
        return 0
    activities = Activity.objects.filter(unit_path__under=report.unit.path,
                                         date__gte=report.period.start, date__lte=report.period.end)
    return flagged_activities(activities).count()

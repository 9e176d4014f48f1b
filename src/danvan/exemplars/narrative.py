"""The "Dân vận khéo" section of the report narrative, in the seeds' style (seeds 001 and 003).

"Toàn tỉnh có 2.391 mô hình, điển hình "Dân vận khéo" (2.300 tập thể, 91 cá nhân), trong đó lĩnh
vực kinh tế 1.020 (42,66%), …; đã nhân rộng 120 mô hình từ 45 mô hình gốc; … 37 mô hình cần củng
cố." Registered by ``exemplars.indicators`` (``register_section``).
"""

from django.utils.translation import gettext as _

from danvan.indicators.builder import Report, area_phrase
from danvan.indicators.narrative import vn_number

from .choices import Field, State

# A field whose share is under half of an even share (25%) makes the registration "uneven".
UNEVEN_BELOW = 12.5


def _field_parts(report: Report) -> tuple[list[str], list[str]]:
    """"kinh tế 1.020 (42,66%)" per field with models, and the fields registered too little."""
    from .indicators import EX_FIELDS, SHARES

    parts, low = [], []
    for field in Field:
        count, share = report.value(EX_FIELDS[field]), report.result(SHARES[field]).current.value
        name = str(field.label).lower()
        if count:
            parts.append(f"{name} {vn_number(count)} ({vn_number(share, 2)}%)")
        if share is not None and share < UNEVEN_BELOW:
            low.append(f"{name} ({vn_number(share, 2)}%)")
    return parts, low


def _state_phrase(report: Report) -> str:
    rows = report.breakdowns.get("exstate")
    if rows is None:
        return ""
    by_state = {row.key: row.values["EX-STATE"].value for row in rows.rows if "EX-STATE" in row.values}
    typical, commended = by_state.get(State.TYPICAL) or 0, by_state.get(State.COMMENDED) or 0
    recognized = (by_state.get(State.RECOGNIZED_COMMUNE) or 0) + (by_state.get(State.RECOGNIZED_PROVINCE) or 0)
    return _("%(recognized)s mô hình đang được công nhận, %(typical)s mô hình tiêu biểu, %(commended)s mô hình "
             "được khen thưởng") % {"recognized": vn_number(recognized), "typical": vn_number(typical),
                                     "commended": vn_number(commended)}


def exemplars(report: Report) -> list[str]:
    """Models by owner and field, new registrations, replication, recognition and the weak ones."""
    total = report.value("EX-COUNT")
    if total is None or not (total or report.value("EX-REGISTERED")):
        return []
    individual = report.value("EX-INDIVIDUAL") or 0
    parts, low = _field_parts(report)
    sentence = _("%(area)s có %(total)s mô hình, điển hình \"Dân vận khéo\" (%(collective)s tập thể, "
                 "%(individual)s cá nhân)") % {"area": area_phrase(report.unit), "total": vn_number(total),
                                             "collective": vn_number(total - individual),
                                             "individual": vn_number(individual)}
    if parts:
        sentence += ", " + _("trong đó lĩnh vực %(parts)s") % {"parts": "; ".join(parts)}
    sentence += "; " + _("trong kỳ đăng ký mới %(new)s mô hình.") % {"new": vn_number(report.value("EX-REGISTERED"))}
    out = [sentence]
    replicated, origins = report.value("EX-REPLICATED") or 0, report.value("EX-ORIGINS") or 0
    second = _("Đã nhân rộng %(replicated)s mô hình từ %(origins)s mô hình gốc") % {
        "replicated": vn_number(replicated), "origins": vn_number(origins)}
    states = _state_phrase(report)
    out.append(second + (f"; {states}" if states else "") + ".")
    weak = report.value("EX-WEAK") or 0
    if weak:
        out.append(_("Qua sơ kết, đánh giá, còn %(weak)s mô hình chưa thật sự phát huy hiệu quả, cần củng cố.")
                   % {"weak": vn_number(weak)})
    if low and total:
        out.append(_("Việc đăng ký mô hình theo lĩnh vực chưa được đồng đều: %(low)s.") % {"low": "; ".join(low)})
    return out


__all__ = ["exemplars"]

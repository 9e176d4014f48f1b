"""The rules danvan ships, from Vietnamese law and Party rules (../shared/LEGAL.md), installed as
data at the country unit ("VN") so an administrator can correct them and a province can add its
own below. Installed after ``migrate`` once the country unit exists (``danvan geo load``), and by
the demo; installing again adds only the rules still missing (matched by their key fields).

The law amending the Laws on Citizen Reception, Complaints and Denunciations (passed 10/12/2025)
takes effect on 1 July 2026. Whether it changes these numbers was not confirmed when this was
written, so every statutory rule ends on 30 June 2026 and is re-issued from 1 July 2026 with the
same count, citing the amending law: an administrator corrects the successor's days when the
text is checked, and cases received before keep the old count (``deadlines.py``).
"""

import datetime as dt
from typing import Any

from .choices import Channel, DayCount, DialogueKind, DialoguePeriod, PetitionKind, Stage

CHANGE_DAY = dt.date(2026, 7, 1)
BEFORE_CHANGE = CHANGE_DAY - dt.timedelta(days=1)
AMENDING_LAW = "Luật sửa đổi, bổ sung một số điều của Luật Tiếp công dân, Luật Khiếu nại, Luật Tố cáo (10/12/2025)"
UNCONFIRMED = " — số ngày giữ như trước, cần đối chiếu văn bản"

K, S, W, C = PetitionKind, Stage, DayCount.WORKING, DayCount.CALENDAR

# (stage, kind, channel, complex, days, count, source) — valid until 30/6/2026, then re-issued.
STATUTORY: tuple[tuple[str, str, str, bool | None, int, str, str], ...] = (
    (S.ACCEPT, "", "", None, 10, W, "Quy định 11-QĐi/TW (2019): báo cho người gửi đơn được thụ lý hay chuyển đi"),
    (S.ACCEPT, K.COMPLAINT, "", None, 10, W, "Luật Khiếu nại 2011, Điều 27"),
    (S.ANSWER, K.COMPLAINT, "", None, 30, C, "Luật Khiếu nại 2011, Điều 28"),
    (S.ANSWER, K.COMPLAINT, "", True, 45, C, "Luật Khiếu nại 2011, Điều 28 (vụ việc phức tạp)"),
    (S.ACCEPT, K.DENUNCIATION, "", None, 5, W, "Luật Tố cáo 2018, Điều 29"),
    (S.ANSWER, K.DENUNCIATION, "", None, 30, C, "Luật Tố cáo 2018, Điều 30"),
    (S.ANSWER, K.DENUNCIATION, "", True, 60, C, "Luật Tố cáo 2018, Điều 30 (gia hạn một lần, vụ việc phức tạp)"),
    (S.NOTIFY, K.DENUNCIATION, "", None, 7, C, "Luật Tố cáo 2018, Điều 44.3: báo kết quả cho Mặt trận đã chuyển đơn"),
    (S.ANSWER, "", Channel.VOTERS, None, 60, C, "Quy định 33/2017 sửa đổi bởi 30/2020: trả lời kiến nghị cử tri"),
)
# Not fixed by a law: a default every site should set from its own working rules.
LOCAL_DEFAULTS: tuple[tuple[str, str, str, bool | None, int, str, str], ...] = (
    (S.ANSWER, "", "", None, 30, C, "Mặc định của danvan (chưa có quy định chung): sửa theo quy chế của địa phương"),
)

# (kind, level, times, period, valid_from, valid_to, source)
DIALOGUE_RULES: tuple[tuple[str, int, int, str, dt.date, dt.date | None, str], ...] = (
    (DialogueKind.RECEPTION, 1, 1, DialoguePeriod.MONTH, dt.date(2019, 2, 18), dt.date(2025, 11, 22),
     "Quy định 11-QĐi/TW ngày 18/2/2019"),
    (DialogueKind.RECEPTION, 3, 1, DialoguePeriod.MONTH, dt.date(2019, 2, 18), dt.date(2025, 11, 22),
     "Quy định 11-QĐi/TW ngày 18/2/2019"),
    (DialogueKind.RECEPTION, 1, 1, DialoguePeriod.MONTH, dt.date(2025, 11, 23), None,
     "Quy định 11-QĐi/TW sửa đổi theo Kết luận 215-KL/TW ngày 23/11/2025"),
    (DialogueKind.RECEPTION, 3, 2, DialoguePeriod.MONTH, dt.date(2025, 11, 23), None,
     "Quy định 11-QĐi/TW sửa đổi theo Kết luận 215-KL/TW ngày 23/11/2025"),
    (DialogueKind.CONFERENCE, 3, 1, DialoguePeriod.YEAR, dt.date(2025, 7, 1), None,
     "Luật Tổ chức chính quyền địa phương 2025, Điều 43: hội nghị đối thoại cấp xã"),
)


def deadline_rows() -> list[dict[str, Any]]:
    """Every shipped deadline rule as field values (without the unit)."""
    rows = []
    for stage, kind, channel, complex_, days, count, source in STATUTORY:
        base = {"stage": stage, "kind": kind, "channel": channel, "complex": complex_, "days": days, "count": count}
        rows.append(base | {"valid_from": dt.date(2012, 7, 1), "valid_to": BEFORE_CHANGE, "source": source})
        rows.append(base | {"valid_from": CHANGE_DAY, "valid_to": None,
                            "source": f"{AMENDING_LAW}{UNCONFIRMED}; trước đó: {source}"[:300]})
    for stage, kind, channel, complex_, days, count, source in LOCAL_DEFAULTS:
        rows.append({"stage": stage, "kind": kind, "channel": channel, "complex": complex_, "days": days,
                     "count": count, "valid_from": dt.date(2012, 7, 1), "valid_to": None, "source": source})
    return rows


def install(unit: Any) -> int:
    """Add the shipped rules still missing at ``unit`` (the country); the number added."""
    from .models import DeadlineRule, DialogueRule

    added = 0
    for row in deadline_rows():
        key = {k: row[k] for k in ("stage", "kind", "channel", "complex", "valid_from")}
        _, created = DeadlineRule.objects.get_or_create(unit=unit, **key, defaults=row)
        added += created
    for kind, level, times, period, valid_from, valid_to, source in DIALOGUE_RULES:
        _, created = DialogueRule.objects.get_or_create(
            unit=unit, kind=kind, level=level, valid_from=valid_from,
            defaults={"times": times, "period": period, "valid_to": valid_to, "source": source})
        added += created
    return added


def install_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """``post_migrate``: install the rules once the country unit exists."""
    from danvan.geo.models import AdminUnit

    from .models import DeadlineRule

    country = AdminUnit.objects.using(using).filter(key="VN").first()
    if country is not None and not DeadlineRule.objects.using(using).filter(unit=country).exists():
        install(country)

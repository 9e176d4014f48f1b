"""A small "Dân vận khéo" scenario in Thành phố Cần Thơ (92) with exact figures for 2026.

e1  economy, collective, Women's Union A, village A1, registered 10/01/2026, moved through the whole
    lifecycle to commended (01/09/2026) and then replicated (01/10/2026)
e2  society, individual, police (agency name only), commune A, registered 01/05/2025, reviewed
    "to be consolidated" on 01/03/2026
e3  economy, replica of e1 in village A2, registered 01/04/2026
e4  defence, Women's Union B, village B1, registered 01/02/2026, launched, stopped 01/05/2026
e5  economy, replica of e1 in village B1, registered 05/05/2026
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from danvan.core.context import actor
from danvan.core.workflow import transition

from ..choices import Field, OrgKind, OwnerType, ReviewResult, State
from ..models import Exemplar


@dataclass
class Scenario:
    cast: Any
    e1: Exemplar
    e2: Exemplar
    e3: Exemplar
    e4: Exemplar
    e5: Exemplar


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def move(user: Any, obj: Exemplar, target: str, day: str, note: str = "", **values: Any) -> None:
    transition(user, obj, target, d(day), note, values)


def build(cast: Any) -> Scenario:
    editor, specialist, editor_b = cast.editor_a, cast.specialist, cast.editor_b
    with actor(editor):
        e1 = cast.make_exemplar("Dân vận khéo trong xây dựng nông thôn mới")
        for target, day in ((State.LAUNCHED, "2026-02-01"), (State.IMPLEMENTING, "2026-02-15")):
            move(editor, e1, target, day)
        move(editor, e1, State.REVIEWED, "2026-06-30", review_result=ReviewResult.GOOD)
        move(editor, e1, State.RECOGNIZED_COMMUNE, "2026-07-10")
        for target, day in ((State.RECOGNIZED_PROVINCE, "2026-08-01"), (State.TYPICAL, "2026-08-15"),
                            (State.COMMENDED, "2026-09-01")):
            move(specialist, e1, target, day)
        e2 = cast.make_exemplar("Tổ tuần tra nhân dân khu vực 1", field=Field.SOCIETY, organization=None,
                                agency_name="Công an phường Ninh Kiều", org_kind=OrgKind.POLICE,
                                owner_type=OwnerType.INDIVIDUAL, unit=cast.commune_a, registered=d("2025-05-01"))
        move(editor, e2, State.LAUNCHED, "2025-06-01")
        move(editor, e2, State.IMPLEMENTING, "2025-07-01")
        move(editor, e2, State.REVIEWED, "2026-03-01", review_result=ReviewResult.CONSOLIDATE)
        e3 = cast.make_exemplar("Khu dân cư kiểu mẫu ấp Ông Tà", unit=cast.village_a2, origin=e1,
                                registered=d("2026-04-01"))
        move(specialist, e1, State.REPLICATED, "2026-10-01")
    with actor(editor_b):
        e4 = cast.make_exemplar("Dân vận khéo giữ gìn an ninh trật tự", field=Field.DEFENCE, unit=cast.village_b1,
                                organization=cast.org_women_b, registered=d("2026-02-01"))
        move(editor_b, e4, State.LAUNCHED, "2026-02-10")
        move(editor_b, e4, State.STOPPED, "2026-05-01", "Ban chủ nhiệm giải thể")
        e5 = cast.make_exemplar("Khu dân cư kiểu mẫu khu vực Bình Thường", unit=cast.village_b1,
                                organization=cast.org_women_b, origin=e1, registered=d("2026-05-05"))
    return Scenario(cast, e1, e2, e3, e4, e5)

"""This app's part of the test fixtures (``danvan.testing``): makers of bodies, petitions,
dialogues and oversight sessions on the cast.

The cast gets no rows of its own; tests call ``cast.make_petition(...)`` and friends, and
``cast.install_voice_rules()`` for the shipped deadline and dialogue rules (at the country unit).
Defaults: a petition by letter about a road in village A1, received 2 March 2026, not yet routed
(``make_body`` gives commune A's People's Committee).
"""

import datetime as dt
from functools import partial
from typing import Any

from danvan.geo.models import AdminUnit

from . import law
from .choices import BodyKind, Channel, DialogueKind, PetitionField, PetitionKind, SessionKind
from .models import Body, Dialogue, OversightSession, Petition, Recommendation


def install_voice_rules(cast: Any) -> int:
    return law.install(AdminUnit.objects.get(key="VN"))


def make_body(cast: Any, name: str = "UBND phường An Hòa", **values: Any) -> Body:
    defaults: dict[str, Any] = {"unit": cast.commune_a, "kind": BodyKind.GOVERNMENT}
    return Body.objects.create(name=name, **(defaults | values))


def make_petition(cast: Any, **values: Any) -> Petition:
    defaults: dict[str, Any] = {
        "unit": cast.village_a1, "kind": PetitionKind.PETITION, "channel": Channel.LETTER,
        "field": PetitionField.INFRASTRUCTURE, "title": "Đường liên ấp A1 xuống cấp", "received": dt.date(2026, 3, 2),
        "text": "Đề nghị sửa chữa đoạn đường liên ấp bị sụt lún, đi lại khó khăn mùa mưa.",
        "name": "Nguyễn Văn Dân", "contact": "0900000001",
    }
    return Petition.objects.create(**(defaults | values))


def make_dialogue(cast: Any, **values: Any) -> Dialogue:
    defaults: dict[str, Any] = {"unit": cast.commune_a, "kind": DialogueKind.RECEPTION, "date": dt.date(2026, 3, 5),
                                "host": "Bí thư Đảng ủy phường", "participants": 12}
    return Dialogue.objects.create(**(defaults | values))


def make_session(cast: Any, **values: Any) -> OversightSession:
    defaults: dict[str, Any] = {"unit": cast.commune_a, "kind": SessionKind.OVERSIGHT,
                                "subject": "Giám sát việc chi trả trợ cấp xã hội",
                                "target": "UBND phường An Hòa", "lead": "Ủy ban MTTQ Việt Nam phường",
                                "start": dt.date(2026, 3, 10)}
    return OversightSession.objects.create(**(defaults | values))


def make_recommendation(cast: Any, session: OversightSession | None = None, **values: Any) -> Recommendation:
    session = session or make_session(cast)
    defaults: dict[str, Any] = {"text": "Công khai danh sách đối tượng hưởng trợ cấp tại nhà văn hóa ấp.",
                                "sent_on": session.start + dt.timedelta(days=5)}
    return Recommendation.objects.create(session=session, **(defaults | values))


def extend_cast(cast: Any) -> None:
    cast.install_voice_rules = partial(install_voice_rules, cast)
    cast.make_body = partial(make_body, cast)
    cast.make_petition = partial(make_petition, cast)
    cast.make_dialogue = partial(make_dialogue, cast)
    cast.make_session = partial(make_session, cast)
    cast.make_recommendation = partial(make_recommendation, cast)


# ---------------------------------------------------------------- the import walker's cases

PETITION_HEADER = ["Mã tra cứu", "Ngày tiếp nhận", "Loại", "Kênh tiếp nhận", "Lĩnh vực", "Thôn, ấp hoặc xã", "Tóm tắt",
                   "Nội dung", "Họ tên người gửi", "Điện thoại/thư điện tử", "Địa chỉ", "Không nêu danh tính",
                   "Cơ quan chịu trách nhiệm", "Vụ việc phức tạp"]


def import_cases(cast: Any) -> dict[str, Any]:
    """The import walker's case (tests/test_import_scope.py) for petitions: a petition has no
    organization kind; an existing one is updated by its tracking code."""
    from danvan.testing import ImportCase

    def village(place: str) -> Any:
        return cast.village_a1 if place == "a" else cast.village_b1

    def petition_row(place: str, kind: str, n: int, code: str = "") -> list[str]:
        return [code, "02/03/2026", "Kiến nghị", "Đơn, thư", "Giao thông, hạ tầng, điện, nước", village(place).key,
                f"Kiến nghị thử {n}", f"Nội dung kiến nghị thử {n}.", f"Người gửi thử {n}", "0900000000", "",
                "không", "", "không"]

    def existing_petition(place: str, kind: str) -> list[str]:
        petition = make_petition(cast, unit=village(place), title="Kiến nghị đã có")
        return petition_row("a", kind, 0, code=petition.code)

    return {"petitions": ImportCase(PETITION_HEADER, petition_row, has_org_kind=False, models=(Petition,),
                                    existing=existing_petition)}

"""Demo data of "Dân vận khéo" (``core.demo`` hook): a few hundred models and exemplars in the demo
communes, in every lifecycle state with their dated history, replications (some origins replicated
in several places) and a few commended or typical ones published with a story. Written through
``core.bulk`` so the fact ledger follows; deterministic (every draw from ``ctx.rng``).

Realistic on purpose: fields are registered unevenly (seed 001), some reviews find a model "to be
consolidated" (seed 003), and most models never get past commune recognition.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from danvan.core import bulk
from danvan.core.demo import DemoContext
from danvan.core.text import NameKeys
from danvan.people.models import Organization

from .choices import ExemplarKind, Field, OrgKind, OwnerType, ReviewResult, State
from .models import Exemplar, ExemplarStateChange

S = State
NAMES: dict[str, tuple[str, ...]] = {
    Field.ECONOMY: ("Dân vận khéo trong xây dựng nông thôn mới", "Tổ hợp tác trồng rau an toàn",
                    "Nuôi lươn không bùn giúp hội viên thoát nghèo", "Tổ tiết kiệm vay vốn xoay vòng",
                    "Chuyển đổi số trong tiêu thụ nông sản", "Cánh đồng lớn lúa giảm phát thải",
                    "Hỗ trợ sinh kế cho hộ cận nghèo"),
    Field.SOCIETY: ("Khu dân cư kiểu mẫu", "Tuyến đường hoa nông thôn mới", "Phân loại rác thải tại nguồn",
                    "Mái ấm tình thương cho hộ nghèo", "Hiến đất làm đường giao thông nông thôn",
                    "Tủ sách cộng đồng", "Gia đình 5 không 3 sạch"),
    Field.DEFENCE: ("Camera phòng, chống tội phạm", "Tổ tuần tra nhân dân", "Hộ gia đình an toàn phòng cháy chữa cháy",
                    "Khu dân cư tự quản về an ninh trật tự", "Dân vận khéo giữ gìn an ninh trật tự"),
    Field.POLITICS: ("Dân vận khéo trong cải cách hành chính", "Tiếp dân, đối thoại định kỳ tại ấp",
                     "Chi bộ ấp gắn bó với dân", "Cán bộ phường gần dân, sát dân", "Bộ phận một cửa thân thiện"),
}
FIELD_WEIGHTS = (42, 33, 15, 10)  # uneven on purpose (seed 001)
INDIVIDUALS = ("ông Nguyễn Văn Tư", "bà Lê Thị Hai", "ông Trần Văn Ba", "bà Huỳnh Thị Năm", "ông Thạch Sô Phol")
AGENCIES = {OrgKind.POLICE: "Công an {c}", OrgKind.ARMY: "Ban Chỉ huy Quân sự {c}", OrgKind.AGENCY: "Ủy ban nhân dân {c}"}
STOP_REASONS = ("Chủ nhiệm mô hình chuyển công tác, chưa có người thay", "Không còn nguồn kinh phí duy trì",
                "Sáp nhập vào mô hình chung của phường sau sắp xếp đơn vị hành chính")
# How far a model got: the last state of its path, with weights (most stay at commune level).
PATH = (S.REGISTERED, S.LAUNCHED, S.IMPLEMENTING, S.REVIEWED, S.RECOGNIZED_COMMUNE, S.RECOGNIZED_PROVINCE,
        S.TYPICAL, S.COMMENDED)
REACH_WEIGHTS = (8, 8, 20, 22, 20, 9, 7, 6)
SCOPE = ("unit", "unit_path", "province", "commune")
EXEMPLAR_FIELDS = ("name", "name_folded", "name_sort", "kind", "owner_type", "organization", "agency_name",
                   "org_kind", "field", "situation", "goals", "method", "target", "participants", "resources",
                   "labor_days", "budget", "starts", "review_due", "outputs", "sustainability", "registered", "state",
                   "review_result", "origin", "public", "public_title", "public_story", *SCOPE, "created", "updated")
CHANGE_FIELDS = ("exemplar", "from_state", "to_state", "day", "note", "review_result", "at")


@dataclass
class Plan:
    """One demo model before it is written: its values and its moves."""

    name: str
    field: str
    unit: Any
    org: tuple[int | None, str, str]  # organization id, its kind, or the agency's name
    registered: dt.date
    owner: str = OwnerType.COLLECTIVE
    origin: "Plan | None" = None
    moves: list[tuple[str, str, dt.date, str, str]] = field(default_factory=list)  # from, to, day, note, result
    public: bool = False
    pk: int = 0

    @property
    def state(self) -> str:
        return self.moves[-1][1] if self.moves else S.REGISTERED

    @property
    def last_day(self) -> dt.date:
        return self.moves[-1][2] if self.moves else self.registered

    def move(self, target: str, day: dt.date, note: str = "", result: str = "") -> None:
        self.moves.append((self.state, target, day, note, result))


def _after(rng: random.Random, day: dt.date, today: dt.date, low: int = 15, high: int = 120) -> dt.date | None:
    """A day some weeks after ``day``, or None when it would fall after ``today``."""
    later = day + dt.timedelta(days=rng.randint(low, high))
    return later if later <= today else None


def _lifecycle(rng: random.Random, plan: Plan, today: dt.date) -> None:
    """Moves along the path to a drawn state (as far as the dates allow), a weak review or a stop."""
    reach = PATH.index(rng.choices(PATH, REACH_WEIGHTS)[0])
    for target in PATH[1:reach + 1]:
        day = _after(rng, plan.last_day, today)
        if day is None:
            return
        if target == S.REVIEWED:
            weak = rng.random() < 0.22
            plan.move(target, day, result=ReviewResult.CONSOLIDATE if weak else ReviewResult.GOOD)
            if weak:
                return
        elif target == S.RECOGNIZED_PROVINCE and plan.state == S.REVIEWED and rng.random() < 0.5:
            plan.move(S.RECOGNIZED_COMMUNE, day)  # most go through the commune first
            again = _after(rng, day, today)
            if again is None:
                return
            plan.move(target, again)
        elif target != S.RECOGNIZED_COMMUNE or reach < PATH.index(S.RECOGNIZED_PROVINCE) or rng.random() < 0.5:
            plan.move(target, day)
    if plan.state != S.COMMENDED and rng.random() < 0.08:
        day = _after(rng, plan.last_day, today, 30, 300)
        if day is not None:
            plan.move(S.STOPPED, day, rng.choice(STOP_REASONS))


def _organizations(ctx: DemoContext) -> dict[int, list[tuple[int, str, str]]]:
    """Commune pk → its organizations (id, kind, name), from the registers."""
    found: dict[int, list[tuple[int, str, str]]] = {}
    rows = Organization.objects.filter(commune__in=[c.pk for c in ctx.communes]).values_list(
        "commune_id", "id", "kind", "name")
    for commune, pk, kind, name in rows:
        found.setdefault(commune, []).append((pk, kind, name))
    return found


def _registrant(rng: random.Random, orgs: list[tuple[int, str, str]], commune: Any) -> tuple[int | None, str, str]:
    if orgs and rng.random() < 0.75:
        pk, kind, _name = rng.choice(orgs)
        return pk, kind, ""
    kind = rng.choice(list(AGENCIES))
    return None, kind, AGENCIES[kind].format(c=commune.name)


def _plans(ctx: DemoContext) -> list[Plan]:
    orgs = _organizations(ctx)
    today = ctx.reference_date
    plans: list[Plan] = []
    for commune in ctx.communes:
        rng = ctx.rng(f"exemplars/{commune.key}")
        villages = ctx.villages.get(commune.pk, [])
        for _n in range(rng.randint(2, 4)):
            chosen = rng.choices(list(NAMES), FIELD_WEIGHTS)[0]
            unit = rng.choice(villages) if villages and rng.random() < 0.7 else commune
            plan = Plan(f"{rng.choice(NAMES[chosen])} {unit.name}", chosen, unit,
                        _registrant(rng, orgs.get(commune.pk, []), commune),
                        today - dt.timedelta(days=rng.randint(20, 3 * 365)))
            if rng.random() < 0.12:
                plan.owner = OwnerType.INDIVIDUAL
                plan.name = f"Điển hình {rng.choice(NAMES[chosen]).lower()} - {rng.choice(INDIVIDUALS)}"
            _lifecycle(rng, plan, today)
            plans.append(plan)
    return plans


def _replicate(ctx: DemoContext, plans: list[Plan]) -> list[Plan]:
    """Replicas of recognized models elsewhere (a few origins in several places); origins replicated."""
    rng = ctx.rng("exemplars/replication")
    today = ctx.reference_date
    origins = [p for p in plans if p.state in (S.TYPICAL, S.COMMENDED, S.RECOGNIZED_PROVINCE)]
    replicas = []
    for origin in origins:
        for _n in range(rng.choice((0, 1, 1, 2, 3, 5))):
            commune = rng.choice(ctx.communes)
            villages = ctx.villages.get(commune.pk) or [commune]
            day = _after(rng, origin.last_day if origin.moves else origin.registered, today, 10, 200)
            if day is None:
                continue
            unit = rng.choice(villages)
            replica = Plan(f"{origin.name.split(' - ')[0]} (nhân rộng tại {unit.name})", origin.field, unit,
                           (None, OrgKind.FRONT, f"Ủy ban MTTQ {commune.name}"), day, origin=origin)
            _lifecycle(rng, replica, today)
            replicas.append(replica)
        first = min((r.registered for r in replicas if r.origin is origin), default=None)
        if first and origin.state in (S.TYPICAL, S.COMMENDED) and rng.random() < 0.6:
            day = _after(rng, max(first, origin.last_day), today, 5, 60)
            if day is not None:
                origin.move(S.REPLICATED, day)
    return replicas


STORY = ("Từ thực tế {place}, {who} đã vận động Nhân dân cùng bàn, cùng làm: bà con góp {days} ngày công, "
         "tự nguyện đóng góp kinh phí và hiến đất. Mô hình được nhiều nơi học tập, nhân rộng, góp phần xây dựng "
         "khối đại đoàn kết toàn dân tộc ở khu dân cư.")


def _publish(ctx: DemoContext, plans: list[Plan]) -> None:
    rng = ctx.rng("exemplars/public")
    for plan in plans:
        if plan.state in (S.TYPICAL, S.COMMENDED, S.REPLICATED) and rng.random() < 0.4:
            plan.public = True


def _row(plan: Plan, keys: NameKeys, rng: random.Random, now: Any) -> tuple[Any, ...]:
    org_pk, kind, agency = plan.org
    unit = plan.unit
    individual = plan.owner == OwnerType.INDIVIDUAL
    review = next((m[4] for m in reversed(plan.moves) if m[1] == S.REVIEWED), "")
    title = plan.name.split(" - ")[0] if individual and plan.public else ""
    story = STORY.format(place=unit.name, who="điển hình" if individual else "tổ chức đăng ký",
                         days=rng.randint(50, 900)) if plan.public else ""
    labor = rng.randint(20, 2000)
    return (plan.name, *keys(plan.name), ExemplarKind.EXEMPLAR if individual or rng.random() < 0.3 else
            ExemplarKind.MODEL, plan.owner, org_pk, agency, kind, plan.field,
            f"Thực trạng tại {unit.name} cần được khắc phục.", "Nâng cao đời sống, đồng thuận của Nhân dân.",
            "Vận động Nhân dân cùng bàn, cùng làm, cùng kiểm tra.", f"{unit.name}; hộ dân trên địa bàn",
            "Chủ trì: tổ chức đăng ký; phối hợp: Ban công tác Mặt trận, chi hội đoàn thể",
            "Nhân dân đóng góp, xã hội hóa", labor, labor * rng.choice((150_000, 200_000, 250_000)),
            plan.registered + dt.timedelta(days=20), plan.registered + dt.timedelta(days=365),
            "Biên bản ra mắt, báo cáo sơ kết, hình ảnh", "Duy trì qua quy ước, hương ước của khu dân cư",
            plan.registered, plan.state, review, plan.origin.pk if plan.origin else None, plan.public, title, story,
            unit.pk, unit.path, unit.province_id, unit.commune_id, now, now)


def build(ctx: DemoContext) -> dict[str, int]:
    """A few hundred models across the demo communes, their histories and replications."""
    plans = _plans(ctx)
    replicas = _replicate(ctx, plans)
    _publish(ctx, plans)
    keys, now, rng = NameKeys(), bulk.now(), ctx.rng("exemplars/rows")
    exemplars = bulk.BulkWriter(Exemplar, EXEMPLAR_FIELDS)
    changes = bulk.BulkWriter(ExemplarStateChange, CHANGE_FIELDS)
    for plan in plans + replicas:  # origins first: a replica points at an id already given
        plan.pk = exemplars.add(_row(plan, keys, rng, now))
        for source, target, day, note, result in plan.moves:
            changes.add((plan.pk, source, target, day, note, result, now))
    with bulk.batch():
        exemplars.flush()
        changes.flush()
    return {"exemplars": exemplars.created, "exemplar moves": changes.created,
            "exemplar replicas": len(replicas)}


def _mine(ctx: DemoContext) -> Q:
    return Q(commune__in=[c.pk for c in ctx.communes])


def is_built(ctx: DemoContext) -> bool:
    return Exemplar.objects.filter(_mine(ctx)).exists()


def reset(ctx: DemoContext) -> dict[str, int]:
    """Delete the demo's exemplars of ``ctx``'s communes and their history (raw deletes: the demo's
    own reset drops the facts of their villages)."""
    mine = Exemplar.objects.filter(_mine(ctx))
    moves = ExemplarStateChange.objects.filter(exemplar__in=mine)
    deleted = {"exemplar moves": moves._raw_delete(moves.db)}
    replicas = Exemplar.objects.filter(_mine(ctx), origin__isnull=False)
    count = replicas._raw_delete(replicas.db)  # replicas first: the origin link is protected
    deleted["exemplars"] = count + mine._raw_delete(mine.db)
    return deleted

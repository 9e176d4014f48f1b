"""Demo data of "ba cùng" (``core.demo`` hook): agencies' plans in the demo villages, their tasks
and the activities logged, written through ``core.bulk`` so the fact ledger follows.

Realistic on purpose: several agencies in the same village, plans running across the turn of the
year (a plan from October 2025 to March 2026), most work done with the people but some plans mostly
guidance, and a share of activities the formalism watch flags (few residents, no situation note).
Deterministic: every draw comes from ``ctx.rng``.
"""

import datetime as dt
import random
from typing import Any

from django.db.models import Q

from danvan.core import bulk
from danvan.core.demo import DemoContext
from danvan.core.text import NameKeys

from .models import Activity, ActivityKind, Mode, Plan, PlanTask, WatchRule

PROVINCE_AGENCIES = (
    "Sở Nông nghiệp và Môi trường", "Sở Y tế", "Sở Xây dựng", "Sở Tài chính", "Sở Giáo dục và Đào tạo",
    "Sở Văn hóa, Thể thao và Du lịch", "Bộ Chỉ huy Quân sự thành phố", "Công an thành phố",
    "Ban Tuyên giáo và Dân vận Thành ủy", "Ủy ban MTTQ Việt Nam thành phố", "Thành đoàn",
    "Hội Liên hiệp Phụ nữ thành phố", "Hội Nông dân thành phố", "Hội Cựu chiến binh thành phố",
    "Liên đoàn Lao động thành phố", "Ngân hàng Chính sách xã hội chi nhánh Cần Thơ", "Công ty Điện lực Cần Thơ",
    "Báo Cần Thơ", "Trường Đại học Cần Thơ", "Bộ đội Biên phòng thành phố",
)
COMMUNE_AGENCIES = ("Ủy ban nhân dân {c}", "Công an {c}", "Ban Chỉ huy Quân sự {c}", "Đoàn Thanh niên {c}",
                    "Trạm Y tế {c}")
# Per kind: (task or activity title, unit of the result, quantity range, VND per unit).
WORK: dict[str, list[tuple[str, str, tuple[int, int], int]]] = {
    ActivityKind.INFRASTRUCTURE: [("Bê tông hóa đường nội ấp", "m", (80, 600), 450_000),
                                  ("Sửa cầu, cống giao thông nông thôn", "công trình", (1, 2), 60_000_000),
                                  ("Lắp đèn đường thắp sáng đường quê", "bóng", (10, 60), 1_200_000)],
    ActivityKind.ENVIRONMENT: [("Ra quân vệ sinh môi trường, khơi thông cống rãnh", "m", (200, 2_000), 0),
                               ("Thu gom, xử lý rác thải", "tấn", (1, 8), 500_000),
                               ("Trồng hoa, cây xanh tạo cảnh quan", "cây", (50, 800), 60_000)],
    ActivityKind.HOUSING: [("Xóa nhà tạm, nhà dột nát cho hộ nghèo", "căn", (1, 3), 60_000_000),
                           ("Sửa chữa nhà cho hộ gia đình chính sách", "căn", (1, 2), 30_000_000)],
    ActivityKind.PRODUCTION: [("Hướng dẫn mô hình trồng lúa giảm phát thải", "hộ", (5, 40), 0),
                              ("Chuyển giao kỹ thuật nuôi lươn không bùn", "hộ", (3, 20), 2_000_000),
                              ("Hỗ trợ cây giống, con giống cho hộ cận nghèo", "hộ", (3, 15), 3_000_000)],
    ActivityKind.DISEASE: [("Phun hóa chất, diệt lăng quăng phòng sốt xuất huyết", "hộ", (50, 400), 20_000),
                           ("Tuyên truyền phòng, chống dịch bệnh trên gia súc", "hộ", (30, 200), 0)],
    ActivityKind.OTHER: [("Tổ chức ngày hội Đại đoàn kết toàn dân tộc", "buổi", (1, 1), 15_000_000),
                         ("Trao quà cho hộ nghèo, gia đình chính sách", "suất", (10, 60), 500_000)],
}
KINDS = list(WORK)
KIND_WEIGHTS = (30, 26, 10, 16, 12, 6)
SITUATIONS = (
    "Đường nội ấp lầy lội vào mùa mưa, học sinh đi lại khó khăn.",
    "Rác thải sinh hoạt đổ ven kênh, nhiều hộ chưa phân loại rác tại nguồn.",
    "Còn hộ nghèo ở nhà tạm, dột nát.",
    "Nhiều hộ trồng lúa năng suất thấp, cần chuyển đổi mô hình sản xuất.",
    "Số ca sốt xuất huyết tăng so với cùng kỳ.",
    "Tuyến đường chưa có đèn chiếu sáng, tình hình an ninh trật tự phức tạp.",
)
SCOPE = ("unit", "unit_path", "province", "commune")
PLAN_FIELDS = ("code", "agency", "name_folded", "name_sort", "start", "end", "situation", *SCOPE, "created",
               "updated")
TASK_FIELDS = ("plan", "description", "kind", "mode", "planned_quantity", *SCOPE, "created", "updated")
ACTIVITY_FIELDS = ("code", "title", "name_folded", "name_sort", "date", "plan", "kind", "mode", "lead_agency",
                   "partner_agencies", "agency_count", "cadres", "party_members", "soldiers", "residents", "quantity",
                   "quantity_unit", "value_vnd", "labor_days", "situation_note", *SCOPE, "created", "updated")


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _period(rng: random.Random, today: dt.date, cross: bool = False) -> tuple[dt.date, dt.date]:
    """A plan's period: most within this year; one in four (and ``cross``) from the autumn before
    into spring, across the turn of the year."""
    if cross or rng.random() < 0.25:
        start = dt.date(today.year - 1, rng.choice((9, 10, 11)), 1)
        return start, dt.date(today.year, rng.choice((2, 3, 4)), 28)
    start = dt.date(today.year, rng.randint(1, min(8, today.month)), 1)
    return start, min(dt.date(today.year, 12, 31), start + dt.timedelta(days=rng.choice((90, 120, 180))))


class _Writers:
    """The three bulk writers and the rows' shared values."""

    def __init__(self) -> None:
        self.plans = bulk.BulkWriter(Plan, PLAN_FIELDS)
        self.tasks = bulk.BulkWriter(PlanTask, TASK_FIELDS)
        self.activities = bulk.BulkWriter(Activity, ACTIVITY_FIELDS)
        self.keys = NameKeys()
        self.now = bulk.now()

    def flush(self) -> None:
        with bulk.batch():
            for writer in (self.plans, self.tasks, self.activities):
                writer.flush()


def _place(village: Any) -> tuple[Any, ...]:
    return (village.pk, village.path, village.province_id, village.commune_id)


def _activity(w: _Writers, rng: random.Random, code: str, village: Any, day: dt.date, plan: int | None,
              kind: str, mode: str, lead: str, partners: list[str]) -> None:
    title, measure, (low, high), price = rng.choice(WORK[kind])
    quantity = rng.randint(low, high)
    soldiers = rng.randint(8, 40) if "Quân sự" in lead or "Biên phòng" in lead else 0
    cadres, party = rng.randint(3, 25), rng.randint(2, 15)
    formal = rng.random() < 0.14  # the watch's catch: a handful of residents, nothing written down
    residents = rng.randint(2, 9) if formal else rng.randint(12, 120)
    note = "" if formal and rng.random() < 0.6 or rng.random() < 0.05 else rng.choice(SITUATIONS)
    w.activities.add((code, title, *w.keys(title), day, plan, kind, mode, lead, "; ".join(partners),
                      1 + len(partners), cadres, party, soldiers, residents, quantity, measure, quantity * price,
                      residents + cadres + party + soldiers, note, *_place(village), w.now, w.now))


def _plans_in_village(w: _Writers, ctx: DemoContext, commune: Any, village: Any, counter: list[int]) -> int:
    """One to three agencies' plans in a village, their tasks and activities; the activity count."""
    rng = ctx.rng(f"outreach/{village.key}")
    locals_ = [name.format(c=commune.name) for name in COMMUNE_AGENCIES]
    logged = 0
    for agency in rng.sample(PROVINCE_AGENCIES, rng.choice((1, 1, 2, 2, 3))):
        counter[0] += 1
        start, end = _period(rng, ctx.reference_date, cross=counter[0] == 1)
        code = f"KH-{village.key}-{counter[0]}"
        guidance_heavy = rng.random() < 0.2
        situation = "" if rng.random() < 0.1 else rng.choice(SITUATIONS)
        plan = w.plans.add((code, agency, *w.keys(agency), start, end, situation, *_place(village), w.now, w.now))
        tasks = []
        for _n in range(rng.randint(2, 4)):
            kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
            mode = Mode.GUIDANCE if guidance_heavy or rng.random() < 0.3 else Mode.WITH_PEOPLE
            title, _measure, (low, high), _price = rng.choice(WORK[kind])
            w.tasks.add((plan, title, kind, mode, rng.randint(low, high), *_place(village), w.now, w.now))
            tasks.append((kind, mode))
        last = min(end, ctx.reference_date)
        for n in range(rng.randint(2, 4) if start <= last else 0):
            kind, mode = rng.choice(tasks)
            partners = rng.sample(locals_, rng.choice((0, 1, 1, 2)))
            _activity(w, rng, f"{code}-{n + 1}", village, _day(rng, start, last), plan, kind, mode, agency, partners)
            logged += 1
    if rng.random() < 0.3:  # a commune's own activity, without a plan
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        day = _day(rng, dt.date(ctx.reference_date.year, 1, 1), ctx.reference_date)
        _activity(w, rng, f"HD-{village.key}-TU", village, day, None, kind, Mode.WITH_PEOPLE, locals_[0], [])
        logged += 1
    return logged


def build(ctx: DemoContext) -> dict[str, int]:
    """Plans and activities in most communes (a third of each one's villages, at least one)."""
    w = _Writers()
    counter, logged = [0], 0  # plans numbered across the build
    for index, commune in enumerate(ctx.communes):
        villages = ctx.villages.get(commune.pk, [])
        rng = ctx.rng(f"outreach/{commune.key}")
        if not villages or (index and rng.random() < 0.12):
            continue
        for village in rng.sample(villages, max(1, len(villages) // 3)):
            logged += _plans_in_village(w, ctx, commune, village, counter)
        if w.activities.pending >= 5000:
            w.flush()
    w.flush()
    rules = [(p,) for p in ctx.provinces if not WatchRule.objects.filter(unit=p).exists()]
    if rules:  # the thresholds as data: the demo province states the defaults
        bulk.write(WatchRule, ("min_residents", "min_with_people", "require_situation", *SCOPE, "created",
                               "updated"),
                   new_rows=[(10, 50, True, p.pk, p.path, p.province_id, p.commune_id, w.now, w.now)
                             for (p,) in rules])
    return {"outreach plans": w.plans.created, "outreach tasks": w.tasks.created, "outreach activities": logged}


def _mine(ctx: DemoContext) -> Q:
    return Q(commune__in=[c.pk for c in ctx.communes])


def is_built(ctx: DemoContext) -> bool:
    return Plan.objects.filter(_mine(ctx)).exists()


def reset(ctx: DemoContext) -> dict[str, int]:
    """Delete the demo's outreach rows of ``ctx``'s communes (raw deletes: the facts of their villages
    are dropped by the demo's own reset, ``ledger.forget_villages``)."""
    activities = Activity.objects.filter(_mine(ctx))
    through = Activity.named_cadres.through.objects.filter(activity__in=activities)
    through._raw_delete(through.db)
    deleted = {"outreach activities": activities._raw_delete(activities.db)}
    tasks = PlanTask.objects.filter(_mine(ctx))
    deleted["outreach tasks"] = tasks._raw_delete(tasks.db)
    plans = Plan.objects.filter(_mine(ctx))
    deleted["outreach plans"] = plans._raw_delete(plans.db)
    return deleted

"""Demo data of the branch-meeting visits (``core.demo`` hook), in the shape of seed 004 (Trà Vinh:
823 visits by the province's cadres, 5.503 by the districts', 26.140 by the communes' over three
years, "mỗi tháng dự sinh hoạt ít nhất một lần").

- Visit rules of the province: one visit a month for province and commune cadres from 2023, and
  for the former districts' cadres until 30 June 2025.
- A few communes of the province run the programme (the demo commune first, so the "canbo" login
  has a cluster). The cadres are people of the registers (``is_cadre``): in each such commune two
  cadres of the former district attended its branches until 30 June 2025 and up to six of the
  commune's attend the branches of 2–5 villages; a cadre of the province committee (one per five
  such communes, drawn from the cadres left over) attends the branches of one or two of them.
- Every branch of the province's communes has a schedule (most a day of the month, some "the
  second Sunday"); the programme's branches have a few moved or cancelled meetings, and their
  meetings held for most scheduled days (a few missed).
- Three years of visits (November 2023 to October 2026): most cadres attend at least once a month,
  a minority miss months, a few visits are reported as not attended with the reason.
- A published plan of the province for October 2026, solved by the rotation planner
  (``planner.plan_period``: one visit per assignment in force on a meeting day of its cluster); the
  plan's visits held up to a week before the reference date are reported, but the field login's,
  so its phone has visits to report.

Written through ``core.bulk`` (the fact ledger follows); deterministic (every draw from ``ctx.rng``;
the cadres' calendar tokens alone are random, being secrets).
"""

import calendar
import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet

from danvan.accounts.models import User
from danvan.core import bulk
from danvan.core.demo import DemoContext
from danvan.core.text import NameKeys
from danvan.people.models import Branch, Membership, Organization, Person

from .choices import CadreLevel, OrgKind, PlanState, ScheduleKind
from .models import (
    Assignment,
    Cadre,
    Meeting,
    Plan,
    PlannedVisit,
    Schedule,
    ScheduleException,
    Visit,
    VisitRule,
    _calendar_token,
)
from .planner import plan_period
from .schedule import months, regular_days

START = dt.date(2023, 11, 1)  # three years of visits up to the reference date
RULES_FROM = dt.date(2023, 1, 1)
DISTRICTS_END = dt.date(2025, 6, 30)  # the districts were abolished on 1 July 2025
PROGRAMME_COMMUNES = 5  # communes whose cadres, meetings and visits are generated
COMMUNE_CADRES = 6  # at most, per commune, among the registers' cadres
DISTRICT_CADRES = 2  # per commune of the programme
COMMUNES_PER_PROVINCE_CADRE = 5
FIELD_LOGIN = "canbo"  # the demo's field cadre (demo/accounts.py), linked to a cadre of the demo commune
DEMO_COMMUNE = "31135"
PLANNER_SECONDS = 10.0  # the planner's limit for a plan (the demo's month is solved well within it)

SCOPE = ("unit", "unit_path", "province", "commune")
STAMPS = ("created", "updated")
RULE_FIELDS = ("level", "visits", "period", "rotate", "valid_from", "valid_to", "source", *SCOPE, *STAMPS)
CADRE_FIELDS = ("person", "level", "organization", "position", "account", "calendar_token", *SCOPE, *STAMPS)
ASSIGNMENT_FIELDS = ("cadre", "committee", "start", "end", *SCOPE, *STAMPS)
AREA_FIELDS = ("assignment", "adminunit")
SCHEDULE_FIELDS = ("branch", "kind", "day", "week", "weekday", "time", "org_kind", *SCOPE, *STAMPS)
EXCEPTION_FIELDS = ("schedule", "date", "moved_to", "reason", "org_kind", *SCOPE, *STAMPS)
MEETING_FIELDS = ("branch", "date", "attendance", "members", "content", "topics", "opinions", "party_admissions",
                  "org_kind", *SCOPE, *STAMPS)
PLAN_FIELDS = ("start", "end", "state", "solved_at", "report", *SCOPE, *STAMPS)
VISIT_FIELDS = ("assignment", "cadre", "cadre_level", "branch", "planned", "date", "attended", "absence_reason",
                "attendance", "content", "on_schedule", "well_prepared", "members_spoke", "minutes_kept", "opinions",
                "org_kind", *SCOPE, *STAMPS)

TOPICS = (
    "Phòng, chống lừa đảo qua mạng", "Chuyển đổi số, dịch vụ công trực tuyến", "Bảo hiểm y tế, bảo hiểm xã hội tự nguyện",
    "Phòng, chống sốt xuất huyết", "Giữ gìn vệ sinh môi trường, phân loại rác tại nguồn", "An toàn giao thông",
    "Phòng, chống ma túy trong thanh thiếu niên", "Chuyển đổi cây trồng, vật nuôi thích ứng hạn, mặn",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Xây dựng gia đình văn hóa",
    "Sắp xếp đơn vị hành chính, chính quyền địa phương hai cấp", "Phòng, chống bạo lực gia đình",
)
CONTENT = ("Đánh giá kết quả hoạt động tháng, triển khai nhiệm vụ tháng tới; sinh hoạt chuyên đề: {topic}.")
OPINIONS = (
    "Đề nghị sửa chữa tuyến đường nội ấp bị sạt lở.", "Đề nghị hỗ trợ vốn vay chăn nuôi cho hội viên khó khăn.",
    "Đề nghị lắp thêm đèn chiếu sáng ở đoạn đường ven kênh.", "Phản ánh tình trạng xả rác xuống kênh rạch.",
    "Đề nghị hướng dẫn thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất.",
    "Đề nghị mở lớp tập huấn kỹ thuật trồng lúa chất lượng cao.",
    "Kiến nghị kiểm tra giá thu mua nông sản của thương lái.", "Đề nghị nạo vét kênh nội đồng trước mùa khô.",
    "Đề nghị hỗ trợ thẻ bảo hiểm y tế cho hộ cận nghèo.", "Phản ánh tiếng ồn của cơ sở xay xát ban đêm.",
)
ABSENCE = ("Trùng lịch họp đột xuất của cơ quan", "Đi công tác ngoài địa phương", "Ốm, nghỉ theo chế độ",
           "Chi hội dời ngày họp, không kịp báo")
MOVED = ("Trùng lịch họp dân của phường, xã", "Mưa lớn, triều cường", "Trùng ngày lễ, Tết")
CANCELLED = ("Hoãn do mưa bão", "Gộp với buổi sinh hoạt tháng sau")
COMMUNE_POSITIONS = ("Phó Chủ tịch Ủy ban MTTQ", "Chủ tịch Hội Nông dân", "Chủ tịch Hội Liên hiệp Phụ nữ",
                     "Chủ tịch Hội Cựu chiến binh", "Bí thư Đoàn Thanh niên", "Đảng ủy viên, Trưởng khối dân vận")
PROVINCE_POSITIONS = ("Phó Trưởng Ban Dân vận", "Ủy viên Ban Thường vụ, Chủ tịch Hội Nông dân",
                      "Trưởng phòng Ban Dân vận")
DISTRICT_POSITIONS = ("Phó Trưởng Ban Dân vận Huyện ủy (cũ)", "Huyện ủy viên (cũ)",
                      "Phó Chủ tịch Ủy ban MTTQ huyện (cũ)")
ORG_OF_POSITION = {0: OrgKind.FRONT, 1: OrgKind.FARMERS, 2: OrgKind.WOMEN, 3: OrgKind.VETERANS, 4: OrgKind.YOUTH}


HOURS = tuple(connection.ops.adapt_timefield_value(dt.time(h, m)) for h, m in ((7, 30), (8, 0), (14, 0), (19, 0),
                                                                              (19, 30)))


def _place(unit: Any) -> tuple[Any, ...]:
    return unit.pk, unit.path, unit.province_id, unit.commune_id


def _committee(unit: Any) -> str:
    """The assigning committee of a province (a city's is the Thành ủy) or a commune."""
    if unit.level == 1:
        return "Ban Thường vụ Thành ủy" if unit.name.startswith("Thành phố") else "Ban Thường vụ Tỉnh ủy"
    return f"Ban Thường vụ Đảng ủy {unit.name}"


@dataclass
class BranchRef:
    pk: int
    village: Any
    org_kind: str
    members: int


@dataclass
class Slot:
    """A meeting held: the day, and what a visitor reports from it."""

    branch: BranchRef
    date: dt.date
    regular: bool
    attendance: int
    content: str


@dataclass
class AssignmentRef:
    pk: int
    cadre: int
    level: str
    unit: Any
    start: dt.date
    end: dt.date | None
    branches: list[BranchRef]
    regular: bool  # attends every month (most) or misses some (a minority)


@dataclass
class Writers:
    rules: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(VisitRule, RULE_FIELDS))
    cadres: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Cadre, CADRE_FIELDS))
    assignments: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Assignment, ASSIGNMENT_FIELDS))
    areas: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Assignment.areas.through, AREA_FIELDS))
    schedules: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Schedule, SCHEDULE_FIELDS))
    exceptions: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(ScheduleException, EXCEPTION_FIELDS))
    meetings: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Meeting, MEETING_FIELDS))
    plans: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Plan, PLAN_FIELDS))
    visits: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Visit, VISIT_FIELDS))
    keys: NameKeys = field(default_factory=NameKeys)
    now: Any = field(default_factory=bulk.now)

    def flush(self) -> None:
        """Cadres and assignments first, in a batch of their own: a visit's MV-MONTHLY-N fact is
        placed in its cadre's unit, whose placement the ledger makes when it writes the cadre's facts."""
        for writers in ((self.rules, self.cadres, self.assignments, self.areas),
                        (self.schedules, self.exceptions, self.meetings, self.plans, self.visits)):
            with bulk.batch():
                for writer in writers:
                    writer.flush()


def programme_communes(ctx: DemoContext) -> list[Any]:
    """The communes whose cadres attend branch meetings in the demo: the demo commune (if built)
    and a drawn few of the others, in key order."""
    communes = sorted(ctx.communes, key=lambda c: c.key)
    first = [c for c in communes if c.key == DEMO_COMMUNE]
    others = [c for c in communes if c.key != DEMO_COMMUNE]
    rng = ctx.rng("meetings/communes")
    picked = first + rng.sample(others, max(0, min(len(others), PROGRAMME_COMMUNES - len(first))))
    return sorted(picked, key=lambda c: c.key)


class Builder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx, self.w, self.today = ctx, Writers(), ctx.reference_date
        self.communes = programme_communes(ctx)
        self.village = {v.pk: v for v in ctx.all_villages()}
        self.orgs: dict[int, dict[str, int]] = defaultdict(dict)
        for pk, unit, kind in (Organization.objects.filter(Q(unit__in=[c.pk for c in ctx.communes])
                                                           | Q(unit__in=ctx.provinces))
                               .order_by("id").values_list("id", "unit_id", "kind")):
            self.orgs[unit].setdefault(kind, pk)
        self.slots: dict[int, dict[tuple[int, int], list[Slot]]] = defaultdict(lambda: defaultdict(list))
        self.branches: dict[int, list[BranchRef]] = defaultdict(list)  # village pk → branches
        self.assignments: list[AssignmentRef] = []
        self.visited: Counter[tuple[int, int]] = Counter()  # (assignment, branch) → visits
        self.spare: dict[int, list[int]] = defaultdict(list)  # province pk → its registers' cadres not drawn
        self.field_cadre: int | None = None

    # -- people and cadres
    def cadre(self, person: int, level: str, unit: Any, kind: str, position: str, org_unit: Any) -> int:
        org = self.orgs.get(org_unit.pk, {}).get(kind)
        return self.w.cadres.add((person, level, org, position, None, _calendar_token(), *_place(unit),
                                  self.w.now, self.w.now))

    def assign(self, cadre: int, level: str, unit: Any, start: dt.date, end: dt.date | None, areas: list[Any],
               regular: bool) -> AssignmentRef:
        pk = self.w.assignments.add((cadre, _committee(unit) if level != CadreLevel.DISTRICT
                                     else "Ban Thường vụ Huyện ủy (cũ)", start, end, *_place(unit),
                                     self.w.now, self.w.now))
        branches: list[BranchRef] = []
        for area in areas:
            self.w.areas.add((pk, area.pk))
            villages = [area] if area.level == 4 else self.ctx.villages.get(area.pk, [])
            branches += [b for v in villages for b in self.branches[v.pk]]
        ref = AssignmentRef(pk, cadre, level, unit, start, end, branches, regular)
        self.assignments.append(ref)
        return ref

    # -- rules
    def rules(self, province: Any) -> None:
        if VisitRule.objects.filter(unit=province).exists():
            return
        source = "Kế hoạch của Ban Thường vụ về cán bộ dự sinh hoạt chi hội"
        for level, valid_to in ((CadreLevel.PROVINCE, None), (CadreLevel.DISTRICT, DISTRICTS_END),
                                (CadreLevel.COMMUNE, None)):
            self.w.rules.add((level, 1, "month", True, RULES_FROM, valid_to, source, *_place(province),
                              self.w.now, self.w.now))

    # -- schedules, exceptions, meetings
    def read_branches(self) -> None:
        """The branches of ``ctx``'s communes by commune (in id order), the registers' cadres and
        the current members of the branches of the programme's communes (three queries)."""
        self.commune_branches: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for pk, commune, village, org_kind in (Branch.objects.filter(commune__in=_communes(self.ctx),
                                                                     dissolved__isnull=True)
                                               .order_by("id").values_list("id", "commune_id", "unit_id", "org_kind")):
            self.commune_branches[commune].append((pk, village, org_kind))
        self.cadres_of: dict[int, list[int]] = defaultdict(list)  # commune pk → the registers' cadres
        for pk, commune in (Person.objects.filter(commune__in=[c.pk for c in self.communes], is_cadre=True)
                            .order_by("id").values_list("id", "commune_id")):
            self.cadres_of[commune].append(pk)
        self.members: dict[int, int] = dict(
            Membership.objects.filter(commune__in=[c.pk for c in self.communes], left__isnull=True)
            .values_list("branch").annotate(n=Count("id")).values_list("branch", "n"))

    def schedules(self, rng: random.Random, commune: Any, in_programme: bool) -> None:
        branches = self.commune_branches.get(commune.pk, [])
        members = self.members
        for pk, village_pk, org_kind in branches:
            village = self.village.get(village_pk)
            if village is None:
                continue
            draw = rng.random()
            if draw < 0.75:
                spec = Schedule(kind=ScheduleKind.DAY_OF_MONTH, day=rng.randint(5, 25))
            else:  # the second Sunday, or a weekday of the last week
                spec = Schedule(kind=ScheduleKind.NTH_WEEKDAY, week=2 if draw < 0.93 else -1,
                                weekday=6 if draw < 0.93 else rng.randint(0, 5))
            hour = HOURS[rng.randrange(len(HOURS))]
            schedule = self.w.schedules.add((pk, spec.kind, spec.day, spec.week, spec.weekday, hour, org_kind,
                                             *_place(village), self.w.now, self.w.now))
            if not in_programme:
                continue
            branch = BranchRef(pk, village, org_kind, members.get(pk) or rng.randint(18, 45))
            self.branches[village.pk].append(branch)
            self.meetings(rng, branch, schedule, spec)

    def meetings(self, rng: random.Random, branch: BranchRef, schedule: int, spec: Schedule) -> None:
        place = (*_place(branch.village), self.w.now, self.w.now)
        for day in regular_days(spec, START, self.today):
            actual, regular = day, True
            if rng.random() < 0.03:  # moved a few days, or cancelled
                moved = rng.random() < 0.7
                last = dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
                actual = min(day + dt.timedelta(days=rng.randint(2, 6)), last, self.today) if moved else None
                if actual == day:
                    actual = None
                self.w.exceptions.add((schedule, day, actual, rng.choice(MOVED if actual else CANCELLED),
                                       branch.org_kind, *place))
                regular = False
            if actual is None or rng.random() < 0.04:  # cancelled, or simply not held
                continue
            topic = rng.choice(TOPICS)
            content = CONTENT.format(topic=topic[0].lower() + topic[1:])
            attendance = max(1, round(branch.members * rng.uniform(0.55, 0.92)))
            opinions = "\n".join(rng.sample(OPINIONS, rng.randint(1, 2))) if rng.random() < 0.3 else ""
            admissions = 1 if rng.random() < 0.015 else 0
            self.w.meetings.add((branch.pk, actual, attendance, branch.members, content, topic, opinions, admissions,
                                 branch.org_kind, *place))
            self.slots[branch.pk][(actual.year, actual.month)].append(
                Slot(branch, actual, regular, attendance, content))

    # -- cadres and assignments of a commune of the programme
    def commune_cadres(self, rng: random.Random, commune: Any) -> None:
        villages = self.ctx.villages.get(commune.pk, [])
        if not villages:
            return
        people = self.cadres_of.get(commune.pk, [])
        drawn = rng.sample(people, len(people))  # the former districts', the commune's, spares for the province
        districts = sorted(drawn[:DISTRICT_CADRES])
        size = max(0, min(COMMUNE_CADRES, len(drawn) - DISTRICT_CADRES - 1))
        chosen = sorted(drawn[DISTRICT_CADRES:DISTRICT_CADRES + size])
        self.spare[commune.province_id] += drawn[DISTRICT_CADRES + size:]
        order = rng.sample(villages, len(villages))
        for index, person in enumerate(chosen):
            position = index % len(COMMUNE_POSITIONS)
            cadre = self.cadre(person, CadreLevel.COMMUNE, commune, ORG_OF_POSITION.get(position, OrgKind.FRONT),
                               COMMUNE_POSITIONS[position], commune)
            size = min(len(villages), rng.randint(2, 5))
            areas = [order[(index * 2 + k) % len(order)] for k in range(size)]  # neighbours overlap, all covered
            regular = rng.random() < 0.8
            if commune.key == DEMO_COMMUNE and self.field_cadre is None:
                self.field_cadre, regular = cadre, True
            if rng.random() < 0.2 and len(villages) > size:  # re-assigned after the merger of communes
                self.assign(cadre, CadreLevel.COMMUNE, commune, START, DISTRICTS_END, areas, regular)
                later = [order[(index * 2 + size + k) % len(order)] for k in range(size)]
                self.assign(cadre, CadreLevel.COMMUNE, commune, DISTRICTS_END + dt.timedelta(days=1), None, later,
                            regular)
            else:
                self.assign(cadre, CadreLevel.COMMUNE, commune, START, None, areas, regular)
        for index, person in enumerate(districts):
            cadre = self.cadre(person, CadreLevel.DISTRICT, commune, OrgKind.FRONT,
                               DISTRICT_POSITIONS[index % len(DISTRICT_POSITIONS)], commune)
            self.assign(cadre, CadreLevel.DISTRICT, commune, START, DISTRICTS_END, [commune], rng.random() < 0.85)

    def province_cadres(self, rng: random.Random, province: Any) -> None:
        communes = [c for c in self.communes if c.province_id == province.pk]
        if not communes or Cadre.objects.filter(unit=province).exists():
            return
        spare = sorted(self.spare[province.pk])  # a person is a cadre once: of their own province
        count = min(len(spare), -(-len(communes) // COMMUNES_PER_PROVINCE_CADRE))
        for index, person in enumerate(sorted(rng.sample(spare, count))):
            position = PROVINCE_POSITIONS[index % len(PROVINCE_POSITIONS)]
            kind = OrgKind.FARMERS if "Nông dân" in position else OrgKind.FRONT
            cadre = self.cadre(person, CadreLevel.PROVINCE, province, kind, position, province)
            mine = communes[index::count]
            areas = sorted(rng.sample(mine, min(len(mine), rng.randint(1, 2))), key=lambda c: c.key)
            self.assign(cadre, CadreLevel.PROVINCE, province, START, None, areas, True)

    # -- visits
    def pick(self, rng: random.Random, ref: AssignmentRef, year: int, month: int,
             taken: set[int]) -> Slot | None:
        """A meeting of the cluster that month, least visited branch first (the rotation)."""
        slots = [s for b in ref.branches if b.pk not in taken for s in self.slots[b.pk].get((year, month), ())
                 if ref.start <= s.date <= (ref.end or self.today)]
        if not slots:
            return None
        fewest = min(self.visited[(ref.pk, s.branch.pk)] for s in slots)
        return rng.choice([s for s in slots if self.visited[(ref.pk, s.branch.pk)] == fewest])

    def visit(self, rng: random.Random, ref: AssignmentRef, slot: Slot, planned: int | None = None,
              writer: bulk.BulkWriter | None = None) -> None:
        self.visited[(ref.pk, slot.branch.pk)] += 1
        attended = rng.random() >= 0.03
        opinions = "\n".join(rng.sample(OPINIONS, rng.randint(1, 2))) if attended and rng.random() < 0.25 else ""
        (writer or self.w.visits).add((
            ref.pk, ref.cadre, ref.level, slot.branch.pk, planned, slot.date, attended,
            "" if attended else rng.choice(ABSENCE), slot.attendance if attended else None,
            slot.content if attended else "", slot.regular, rng.random() >= 0.1, rng.random() >= 0.12,
            rng.random() >= 0.05, opinions, slot.branch.org_kind, *_place(slot.branch.village),
            self.w.now, self.w.now))

    def history(self, index: int, ref: AssignmentRef, until: dt.date) -> None:
        """The visits of the months before the plan's: one a month (two now and then; the former
        districts' cadres more often), a minority missing some months."""
        rng = self.ctx.rng(f"meetings/visits/{ref.unit.key}/{index}")
        second = 0.35 if ref.level == CadreLevel.DISTRICT else 0.1
        for year, month in months(ref.start, min(ref.end or until, until)):
            if not ref.regular and rng.random() < 0.35:  # a minority misses months
                continue
            taken: set[int] = set()
            for _ in range(1 + (rng.random() < second)):
                slot = self.pick(rng, ref, year, month, taken)
                if slot is None:
                    break
                taken.add(slot.branch.pk)
                self.visit(rng, ref, slot)

    def plan(self, province: Any, start: dt.date) -> int:
        """The province's published plan of ``start``'s month (its visits are the planner's)."""
        end = dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        return self.w.plans.add((start, end, PlanState.PUBLISHED, None, "{}", *_place(province),
                                 self.w.now, self.w.now))

    def solve_and_report(self, plans: list[int]) -> tuple[int, int]:
        """Run the rotation planner on the written plans (``planner.plan_period``: one visit per
        assignment in force, on a meeting day of a branch of its cluster, rotating), then report the
        planned visits held up to a week before the reference date (not the field login's, so its
        phone shows visits to report). Returns (planned visits, visits reported)."""
        by_pk = {ref.pk: ref for ref in self.assignments}
        writer = bulk.BulkWriter(Visit, VISIT_FIELDS)
        planned = 0
        for plan in Plan.objects.filter(pk__in=plans).select_related("unit").order_by("id"):
            plan_period(plan, time_limit=PLANNER_SECONDS, workers=1)
            rng = self.ctx.rng(f"meetings/plan/{plan.unit.key}/{plan.start}")
            rows = plan.visits.order_by("date", "assignment_id", "branch_id").values_list(
                "id", "assignment_id", "branch_id", "date")
            for pk, assignment, branch, day in rows:
                planned += 1
                ref = by_pk.get(assignment)
                slot = next((s for s in self.slots[branch].get((day.year, day.month), ()) if s.date == day), None)
                if ref is None or slot is None or ref.cadre == self.field_cadre:
                    continue
                if day <= self.today - dt.timedelta(days=7):
                    self.visit(rng, ref, slot, pk, writer)
        with bulk.batch():
            writer.flush()
        return planned, writer.created

    def link_login(self) -> bool:
        """The demo's field-cadre login ("canbo", made by ``danvan demo`` before the apps' data) files
        the visits of a cadre of the demo commune; without that login nothing is linked."""
        user = User.objects.filter(username=FIELD_LOGIN).first()
        if self.field_cadre is None or user is None:
            return False
        Cadre.objects.filter(account=user).update(account=None)
        return bool(Cadre.objects.filter(pk=self.field_cadre).update(account=user))


def build(ctx: DemoContext) -> dict[str, int]:
    builder = Builder(ctx)
    w = builder.w
    programme = {c.pk for c in builder.communes}
    builder.read_branches()
    for province in ctx.provinces:
        builder.rules(province)
    for commune in sorted(ctx.communes, key=lambda c: c.key):
        builder.schedules(ctx.rng(f"meetings/schedules/{commune.key}"), commune, commune.pk in programme)
    for commune in builder.communes:
        builder.commune_cadres(ctx.rng(f"meetings/cadres/{commune.key}"), commune)
    for province in ctx.provinces:
        builder.province_cadres(ctx.rng(f"meetings/province/{province.key}"), province)
    month = builder.today.replace(day=1)
    for index, ref in enumerate(builder.assignments):
        builder.history(index, ref, month - dt.timedelta(days=1))
    plans = [builder.plan(province, month) for province in ctx.provinces]
    w.flush()
    planned, reported = builder.solve_and_report(plans)
    linked = builder.link_login()
    return {"visit rules": w.rules.created, "cadres": w.cadres.created,
            "assignments": w.assignments.created, "schedules": w.schedules.created,
            "schedule exceptions": w.exceptions.created, "meetings": w.meetings.created, "plans": w.plans.created,
            "planned visits": planned, "visits": w.visits.created + reported, "field logins linked": int(linked)}


# ---------------------------------------------------------------- is_built and reset


def _communes(ctx: DemoContext) -> list[int]:
    return [c.pk for c in ctx.communes]


def is_built(ctx: DemoContext) -> bool:
    return Schedule.objects.filter(commune__in=_communes(ctx)).exists()


def reset(ctx: DemoContext) -> dict[str, int]:
    """Delete this app's rows of ``ctx``'s communes, and the province's own (rules, cadres, plans)
    when no other commune of the province keeps any. Raw deletes, dependents first; each table's
    deleted ids are announced as changed (``bulk_written``), so the ledger drops their facts."""
    communes = _communes(ctx)
    provinces = [p.pk for p in ctx.provinces]
    others = Schedule.objects.filter(province__in=provinces).exclude(commune__in=communes).exists()
    units = Q(commune__in=communes) | (Q(unit__in=provinces) if not others else Q(pk__in=[]))
    cadres = Cadre.objects.filter(units)
    assignments = Assignment.objects.filter(units | Q(cadre__in=cadres))
    plans = Plan.objects.filter(units)
    in_communes = Q(commune__in=communes)
    steps: list[tuple[str, QuerySet]] = [
        ("visits", Visit.objects.filter(in_communes | Q(cadre__in=cadres) | Q(assignment__in=assignments))),
        ("planned visits", PlannedVisit.objects.filter(in_communes | Q(plan__in=plans) | Q(assignment__in=assignments))),
        ("plans", plans),
        ("meetings", Meeting.objects.filter(in_communes)),
        ("schedule exceptions", ScheduleException.objects.filter(in_communes)),
        ("schedules", Schedule.objects.filter(in_communes)),
        ("", Assignment.areas.through.objects.filter(assignment__in=assignments)),
        ("assignments", assignments),
        ("cadres", cadres),
        ("visit rules", VisitRule.objects.filter(units)),
    ]
    deleted: dict[str, int] = {}
    with bulk.batch():
        for name, queryset in steps:
            ids = list(queryset.values_list("id", flat=True))
            count = queryset._raw_delete(queryset.db) if ids else 0
            if ids and name:
                bulk.bulk_written.send(sender=queryset.model, first_id=min(ids), last_id=max(ids), updated_ids=[])
            if name:
                deleted[name] = count
    return deleted

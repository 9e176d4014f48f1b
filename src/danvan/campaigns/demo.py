"""Demo data of campaigns (``core.demo`` hook): the province's movements and drives and some of its
communes', the works of the villages in 2025 and 2026 (houses of every kind for households of the
register, scholarships, roads, bridges, alleys, lighting, cultural houses, waste collection), the
people's contributions with the village decisions behind them, help out of poverty with the 2026
review, training courses and commendations.

Realistic on purpose: most works are handed over, some run across the turn of the year, a few are
planned; a work's financing adds up to its value and its people's share is what the village
collected; about half the households agree to be named on the public page; most helped households
leave poverty in the 2026 review, a few do not, and a few 2025 exits fall back.

Written through ``core.bulk`` (the fact ledger follows); deterministic (every draw from
``ctx.rng``, per commune, so a subset of communes gets the works, contributions, help, courses
and commendations it gets in the full build; the province's own courses and commendations name
people of the communes built with them).
The registers have poverty reviews for 2024 and 2025 only: the 2026 reviews of the helped
households are added here, and ``reset`` deletes exactly those.
"""

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, Q, QuerySet

from danvan.core import bulk
from danvan.core.demo import DemoContext
from danvan.core.text import NameKeys
from danvan.exemplars.models import Exemplar
from danvan.geo.choices import UnitKind
from danvan.people.choices import PovertyStatus
from danvan.people.models import Household, HouseholdPoverty, Membership, Organization

from . import demo_data as data
from .choices import (
    Build,
    CampaignKind,
    CommendationForm,
    ContributorType,
    HouseKind,
    IssuerLevel,
    OrgKind,
    RecipientType,
    WorkKind,
    WorkState,
)
from .models import (
    Campaign,
    Commendation,
    Contribution,
    PovertyHelp,
    Trainee,
    TrainingCourse,
    VillageDecision,
    Work,
)

MILLION = 1_000_000
REVIEW_YEAR = 2026  # the review the registers do not have yet: added for the helped households
POOR = (PovertyStatus.POOR, PovertyStatus.NEAR_POOR)
FIRST_DAY = dt.date(2025, 1, 6)  # works are handed over from here to the reference date
SCOPE = ("unit", "unit_path", "province", "commune")
STAMPS = ("created", "updated")
ORGANIZED = ("organization", "agency_name", "org_kind")
CAMPAIGN_FIELDS = ("code", "name", "name_folded", "name_sort", "kind", "start", "end", "fields", "description",
                   *ORGANIZED, *SCOPE, *STAMPS)
WORK_FIELDS = ("code", "name", "name_folded", "name_sort", "kind", "house_kind", "build", "quantity", "campaign",
               "beneficiary", "state", "started", "handed_over", "value_vnd", "budget_vnd", "organizations_vnd",
               "people_vnd", "sponsors_vnd", "spent_vnd", "description", "public", *ORGANIZED, *SCOPE, *STAMPS)
DECISION_FIELDS = ("work", "campaign", "day", "subject", "households", "attending", "agreeing", "org_kind", *SCOPE,
                   *STAMPS)
CONTRIBUTION_FIELDS = ("work", "campaign", "day", "contributor_type", "household", "person", "collective_name",
                       "show_name", "cash_vnd", "labor_days", "land_m2", "decision", "note", "org_kind", *SCOPE,
                       *STAMPS)
HELP_FIELDS = ("household", "member", "year", "help", "value_vnd", *ORGANIZED, *SCOPE, *STAMPS)
REVIEW_FIELDS = ("household", "year", "status", "province")
COURSE_FIELDS = ("code", "name", "name_folded", "name_sort", "start", "end", "trainee_count", *ORGANIZED, *SCOPE,
                 *STAMPS)
TRAINEE_FIELDS = ("course", "person", "org_kind", *SCOPE, *STAMPS)
COMMENDATION_FIELDS = ("form", "issuer_level", "issuer", "decision_no", "day", "recipient_type", "collective_name",
                       "person", "campaign", "exemplar", "year", "reason", "org_kind", *SCOPE, *STAMPS)
RECOGNIZED = ("recognized_commune", "recognized_province", "typical", "commended", "replicated")


def _place(unit: Any) -> tuple[Any, ...]:
    return unit.pk, unit.path, unit.province_id, unit.commune_id


def _day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, max(0, (high - low).days)))


def _round(value: float, step: int = 100_000) -> int:
    return max(step, int(round(value / step)) * step)


def _ordered(rng: random.Random, weighted: Iterable[tuple[str, int]]) -> list[str]:
    """The options in a drawn order: each next one picked by weight among those left."""
    left, order = list(weighted), []
    while left:
        pick = rng.choices(range(len(left)), [w for _o, w in left])[0]
        order.append(left.pop(pick)[0])
    return order


def _lower(name: str) -> str:
    """'Phường Ninh Kiều' → 'phường Ninh Kiều' (after a noun, as the press writes it)."""
    head, _, rest = name.partition(" ")
    return f"{head.lower()} {rest}" if rest and head in ("Xã", "Phường", "Ấp", "Khu", "Khóm", "Thôn", "Tổ", "Đặc",
                                                        "Bản", "Thành", "Tỉnh") else name


# ---------------------------------------------------------------- what the registers hold


@dataclass
class Registers:
    """What the demo reads from the registers of ``ctx``'s communes (a few set-based queries)."""

    orgs: dict[int, dict[str, int]]  # province or commune pk → organization kind → organization id
    households: dict[int, list[int]]  # village pk → household ids
    village_of: dict[int, int]  # household id → village pk
    reviews: dict[int, dict[int, str]]  # household id → year → status (households ever poor or near-poor)
    heads: dict[int, str]  # household id → head's name (of those households)
    members: dict[int, list[tuple[int, int, str]]]  # household id → its current members (person, organization, kind)
    leaders: dict[int, dict[str, int]]  # village pk → kind → a member of the village's branch (its head, here)
    exemplars: dict[int, list[tuple[int, str, str, int]]]  # commune pk → recognized (id, name, kind, unit pk)
    poor_in: dict[int, list[int]] = field(default_factory=dict)  # village pk → households ever poor, by id

    def __post_init__(self) -> None:
        poor_in: dict[int, list[int]] = defaultdict(list)
        for household in sorted(self.reviews):
            if household in self.village_of:
                poor_in[self.village_of[household]].append(household)
        self.poor_in = poor_in

    @classmethod
    def read(cls, ctx: DemoContext) -> "Registers":
        ids = [c.pk for c in ctx.communes]
        orgs: dict[int, dict[str, int]] = defaultdict(dict)
        for pk, unit, kind in (Organization.objects.filter(Q(unit__in=ids) | Q(unit__in=ctx.provinces))
                               .order_by("id").values_list("id", "unit_id", "kind")):
            orgs[unit].setdefault(kind, pk)
        households: dict[int, list[int]] = defaultdict(list)
        village_of: dict[int, int] = {}
        for pk, unit in Household.objects.filter(commune__in=ids).order_by("id").values_list("id", "unit_id"):
            households[unit].append(pk)
            village_of[pk] = unit
        poor = HouseholdPoverty.objects.filter(household__commune__in=ids, status__in=POOR).values("household_id")
        reviews: dict[int, dict[int, str]] = defaultdict(dict)
        for household, year, status in HouseholdPoverty.objects.filter(household__in=poor).values_list(
                "household_id", "year", "status"):
            reviews[household][year] = status
        heads = dict(Household.objects.filter(id__in=poor).values_list("id", "head_name"))
        members: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for household, person, org, kind in (Membership.objects.filter(person__household__in=poor, left__isnull=True)
                                             .order_by("id").values_list("person__household_id", "person_id",
                                                                         "branch__organization_id", "org_kind")):
            members[household].append((person, org, kind))
        leaders: dict[int, dict[str, int]] = defaultdict(dict)
        for unit, kind, person in (Membership.objects.filter(commune__in=ids, left__isnull=True)
                                   .values("unit_id", "org_kind").annotate(first=Min("person_id"))
                                   .order_by("unit_id", "org_kind").values_list("unit_id", "org_kind", "first")):
            leaders[unit][kind] = person
        exemplars: dict[int, list[tuple[int, str, str, int]]] = defaultdict(list)
        for pk, commune, name, kind, unit in (Exemplar.objects.filter(commune__in=ids, state__in=RECOGNIZED)
                                              .order_by("id").values_list("id", "commune_id", "name", "org_kind",
                                                                          "unit_id")):
            exemplars[commune].append((pk, name, kind, unit))
        return cls(orgs, households, village_of, reviews, heads, members, leaders, exemplars)


# ---------------------------------------------------------------- the writers


@dataclass
class Writers:
    """One bulk writer per table, and what the rows share."""

    campaigns: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Campaign, CAMPAIGN_FIELDS))
    works: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Work, WORK_FIELDS))
    decisions: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(VillageDecision, DECISION_FIELDS))
    contributions: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Contribution, CONTRIBUTION_FIELDS))
    helps: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(PovertyHelp, HELP_FIELDS))
    reviews: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(HouseholdPoverty, REVIEW_FIELDS))
    courses: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(TrainingCourse, COURSE_FIELDS))
    trainees: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Trainee, TRAINEE_FIELDS))
    commendations: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Commendation,
                                                                                    COMMENDATION_FIELDS))
    keys: NameKeys = field(default_factory=NameKeys)
    now: Any = field(default_factory=bulk.now)

    def all(self) -> list[bulk.BulkWriter]:
        return [self.campaigns, self.works, self.decisions, self.contributions, self.helps, self.reviews,
                self.courses, self.trainees, self.commendations]

    def flush(self) -> None:
        with bulk.batch():
            for writer in self.all():
                writer.flush()


@dataclass
class CampaignRef:
    pk: int
    kind: str
    org_kind: str
    start: dt.date
    end: dt.date | None
    name: str
    work_kinds: tuple[str, ...] = ()

    def fits(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Builder:
    """Builds the rows of ``ctx``'s provinces (once) and communes into ``Writers``."""

    def __init__(self, ctx: DemoContext, regs: Registers) -> None:
        self.ctx, self.regs, self.w = ctx, regs, Writers()
        self.today = ctx.reference_date
        self.province_campaigns: dict[int, dict[str, CampaignRef]] = {}
        self.beneficiaries: set[int] = set()
        self.houses = 0
        self.public = 0

    # -- organizations
    def organizer(self, unit_pk: int, kind: str, agency: str = "") -> tuple[int | None, str, str]:
        """(organization id, agency name, organization kind) for a record of ``kind`` in a unit."""
        org = self.regs.orgs.get(unit_pk, {}).get(kind)
        if org is not None:
            return org, "", kind
        return None, agency or str(OrgKind(kind).label), kind

    # -- campaigns
    def campaign(self, code: str, unit: Any, kind: str, org_kind: str, name: str, start: dt.date,
                 end: dt.date | None, fields: str, work_kinds: tuple[str, ...] = ()) -> CampaignRef:
        org, agency, org_kind = self.organizer(unit.pk, org_kind)
        pk = self.w.campaigns.add((code, name, *self.w.keys(name), kind, start, end, fields, data.CAMPAIGN_TEXT,
                                   org, agency, org_kind, *_place(unit), self.w.now, self.w.now))
        return CampaignRef(pk, kind, org_kind, start, end, name, work_kinds)

    def province(self, province: Any) -> None:
        """The province's campaigns (reused when built before), courses and commendations."""
        existing = {c.code: c for c in Campaign.objects.filter(unit=province)}
        refs: dict[str, CampaignRef] = {}
        for suffix, org_kind, kind, name, start, end, fields in data.PROVINCE_CAMPAIGNS:
            code = f"PT-{province.code}-{suffix}"
            if code in existing:
                c = existing[code]
                refs[suffix] = CampaignRef(c.pk, c.kind, c.org_kind, c.start, c.end, c.name)
            else:
                refs[suffix] = self.campaign(code, province, kind, org_kind, name, start, end, fields)
        self.province_campaigns[province.pk] = refs
        if existing:
            return  # the province's own rows were built with its first communes
        rng = self.ctx.rng(f"campaigns/province/{province.key}")
        self.province_courses(rng, province)
        self.province_commendations(rng, province, refs)

    # -- works
    def schedule(self, rng: random.Random, days: tuple[int, int],
                 under_way: bool = False) -> tuple[str, dt.date | None, dt.date | None]:
        """(state, started, handed over): most handed over in 2025–2026, one in ten across the turn
        of the year, some in progress (``under_way``: this one), a few planned."""
        draw = 0.85 if under_way else rng.random()
        length = dt.timedelta(days=rng.randint(*days))
        if draw < 0.1:  # started in the autumn of 2025, handed over in 2026
            started = _day(rng, dt.date(2025, 10, 1), dt.date(2025, 12, 20))
            return WorkState.HANDED_OVER, started, max(started + length, _day(rng, dt.date(2026, 1, 5),
                                                                             dt.date(2026, 4, 30)))
        if draw < 0.8:
            handed = _day(rng, FIRST_DAY, self.today - dt.timedelta(days=3))
            return WorkState.HANDED_OVER, handed - length, handed
        if draw < 0.92:
            return WorkState.IN_PROGRESS, _day(rng, dt.date(2026, 3, 1), self.today - dt.timedelta(days=5)), None
        return WorkState.PLANNED, None, None

    def pick_campaign(self, rng: random.Random, options: Iterable[str], commune_campaign: CampaignRef | None,
                      province_pk: int, kind: str, day: dt.date) -> CampaignRef | None:
        """The first option (in the drawn order) whose campaign runs on ``day``; None for ""."""
        for suffix in options:
            if suffix == "":
                return None
            if suffix == "C":
                ref = commune_campaign if commune_campaign and kind in commune_campaign.work_kinds else None
            else:
                ref = self.province_campaigns[province_pk].get(suffix)
            if ref is not None and ref.fits(day):
                return ref
        return None

    def work(self, code: str, name: str, unit: Any, kind: str, *, org: tuple[int | None, str, str],
             campaign: CampaignRef | None, state: str, started: dt.date | None, handed: dt.date | None,
             financing: tuple[int, int, int, int], house_kind: str = "", build: str = "", quantity: int = 1,
             beneficiary: int | None = None, spent: int | None = None, description: str = "",
             public: bool = False) -> int:
        budget, orgs, people, sponsors = financing
        value = budget + orgs + people + sponsors
        self.public += public
        return self.w.works.add((code, name, *self.w.keys(name), kind, house_kind, build, quantity,
                                 campaign.pk if campaign else None, beneficiary, state, started, handed, value, budget,
                                 orgs, people, sponsors, spent, description, public, *org, *_place(unit),
                                 self.w.now, self.w.now))

    def contribute(self, rng: random.Random, target: tuple[int | None, int | None, str], unit: Any, day: dt.date,
                   who: str, *, household: int | None = None, person: int | None = None, collective: str = "",
                   show: bool = False, cash: int = 0, labor: int = 0, land: int = 0,
                   decision: int | None = None) -> None:
        work, campaign, org_kind = target
        note = rng.choice(data.CONTRIBUTION_NOTES) if who == ContributorType.HOUSEHOLD else ""
        self.w.contributions.add((work, campaign, day, who, household, person, collective, show, cash, labor, land,
                                  decision, note, org_kind, *_place(unit), self.w.now, self.w.now))

    @staticmethod
    def finance(rng: random.Random, value: int, people: int, sponsors: int,
                budget_share: tuple[float, float]) -> tuple[int, int, int, int]:
        """(budget, organizations, people, sponsors) adding up to ``value`` (raised to what was given
        when the people and sponsors gave more than the estimate)."""
        if people + sponsors > value:
            value = -(-(people + sponsors) // MILLION) * MILLION
        rest = value - people - sponsors
        budget = min(rest, _round(rest * rng.uniform(*budget_share), MILLION)) if rest >= MILLION else 0
        return budget, rest - budget, people, sponsors

    def houses_of(self, rng: random.Random, commune: Any, villages: list[Any], campaign: CampaignRef | None) -> None:
        """Houses of every kind for households of the commune, poor or near-poor in 2025 first."""
        by_pk = {v.pk: v for v in villages}
        candidates = sorted(h for v in villages for h in self.regs.poor_in.get(v.pk, ())
                            if self.regs.reviews[h].get(2025) in POOR and h not in self.beneficiaries)
        veterans = [h for h in candidates if any(k == OrgKind.VETERANS for _, _, k in self.regs.members.get(h, ()))]
        kinds = list(HouseKind)
        rng.shuffle(kinds)
        kinds += rng.choices(list(data.HOUSE_WEIGHTS), list(data.HOUSE_WEIGHTS.values()), k=rng.randint(0, 5))
        for n, house_kind in enumerate(kinds, 1):
            pool = [h for h in (veterans if house_kind == HouseKind.COMRADESHIP else []) + candidates
                    if h not in self.beneficiaries]
            if not pool:
                return
            household = rng.choice(pool[:60])
            self.beneficiaries.add(household)
            village = by_pk[self.regs.village_of[household]]
            prefix, org_kind, agency, options = data.HOUSES[house_kind]
            build = Build.NEW if rng.random() < 0.72 else Build.REPAIR
            name = f"{prefix} hộ {self.regs.heads[household]}" + (" (sửa chữa)" if build == Build.REPAIR else "")
            state, started, handed = self.schedule(rng, (35, 100))
            ref = self.pick_campaign(rng, options, campaign, commune.province_id, WorkKind.HOUSE,
                                     started or self.today)
            org = self.organizer(commune.pk, org_kind, agency.format(c=_lower(commune.name)))
            code = f"CT-{commune.code}-N{n:02d}"
            value = rng.choice(data.HOUSE_VALUES_M[build]) * MILLION
            people = sponsors = 0
            gifts: list[tuple[Any, ...]] = []
            if state != WorkState.PLANNED:
                end = handed or self.today
                for neighbour in rng.sample(self.regs.households[village.pk],
                                            min(rng.randint(1, 3), len(self.regs.households[village.pk]))):
                    if neighbour == household:
                        continue
                    cash = _round(rng.uniform(0.2, 2) * MILLION) if rng.random() < 0.5 else 0
                    people += cash
                    gifts.append((ContributorType.HOUSEHOLD, dict(household=neighbour, show=rng.random() < 0.5,
                                                                  cash=cash, labor=rng.randint(2, 10))))
                if rng.random() < 0.4:
                    cash = rng.randint(5, 30) * MILLION
                    sponsors += cash
                    gifts.append((ContributorType.COLLECTIVE, dict(
                        collective=rng.choice(data.COLLECTIVES).format(v=_lower(village.name), c=_lower(commune.name)),
                        cash=cash)))
            financing = self.finance(rng, value, people, sponsors, (0.0, 0.5))
            spent = sum(financing) if state == WorkState.HANDED_OVER else (
                _round(sum(financing) * rng.uniform(0.3, 0.8)) if state == WorkState.IN_PROGRESS else None)
            pk = self.work(code, name, village, WorkKind.HOUSE, org=org, campaign=ref, state=state, started=started,
                           handed=handed, financing=financing, house_kind=house_kind, build=build,
                           beneficiary=household, spent=spent)
            self.houses += 1
            target = (pk, ref.pk if ref else None, org[2])
            for who, values in gifts:
                self.contribute(rng, target, village, _day(rng, started or self.today, end), who, **values)

    def infrastructure(self, rng: random.Random, commune: Any, villages: list[Any],
                       campaign: CampaignRef | None) -> None:
        """Roads, bridges, alleys, lighting, cultural houses, waste collection and other works: at
        least one of each kind in the commune, decided and paid for by the villages."""
        kinds = [k for k in data.INFRA]
        kinds += rng.choices(kinds, (30, 8, 25, 15, 3, 12, 7), k=rng.randint(2, 6))
        first_public, under_way = True, rng.randrange(len(kinds))  # one work under way in every commune
        for n, kind in enumerate(kinds, 1):
            names, (low, high), share, days = data.INFRA[kind]
            index = rng.randrange(len(villages))
            places = [villages[index]]
            if len(villages) > 1 and kind in (WorkKind.ROAD, WorkKind.BRIDGE, WorkKind.CULTURAL_HOUSE) \
                    and rng.random() < 0.3:
                places.append(villages[(index + 1) % len(villages)])  # a road between two hamlets
            village = places[0]
            if village.kind != UnitKind.HAMLET:  # no field roads or monkey bridges in a ward's quarter
                names = tuple(n for n in names if not any(w in n for w in data.RURAL_WORDS)) or names
            name = rng.choice(names).format(v=_lower(village.name), canal=rng.choice(data.CANALS),
                                            n=rng.randint(*{WorkKind.ROAD: (350, 2500), WorkKind.ALLEY: (1, 60),
                                                            WorkKind.LIGHTING: (20, 120)}.get(kind, (4, 80))))
            state, started, handed = self.schedule(rng, days, n - 1 == under_way)
            options = _ordered(rng, data.WORK_CAMPAIGNS[kind])
            ref = self.pick_campaign(rng, options, campaign, commune.province_id, kind, started or self.today)
            org = self.organizer(commune.pk, ref.org_kind if ref else data.FREE_ORGANIZER[kind])
            value = rng.randint(low, high) * MILLION
            pk = self.w.works.new_id()
            target = (pk, ref.pk if ref else None, org[2])
            people, sponsors = self.village_gifts(rng, commune, places, kind, value, share, target, state, started,
                                                  handed, name)
            if state == WorkState.PLANNED:
                people = _round(value * rng.uniform(*share), MILLION)
            budget_share = (0.5, 0.9) if kind in (WorkKind.ROAD, WorkKind.BRIDGE, WorkKind.CULTURAL_HOUSE) else (0, 0.6)
            financing = self.finance(rng, value, people, sponsors, budget_share)
            total = sum(financing)
            spent = {WorkState.HANDED_OVER: total if rng.random() < 0.85 else total - rng.randint(1, 20) * 100_000,
                     WorkState.IN_PROGRESS: _round(total * rng.uniform(0.3, 0.8))}.get(state)
            public = state != WorkState.PLANNED and (first_public or rng.random() < 0.2)
            first_public = first_public and not public
            self.w.works.add_row((pk, f"CT-{commune.code}-{n:03d}", name, *self.w.keys(name), kind, "",
                                  Build.REPAIR if name.startswith(("Sửa", "Nâng")) else Build.NEW, 1,
                                  target[1], None, state, started, handed, total, *financing, spent, "", public,
                                  *org, *_place(village), self.w.now, self.w.now))
            self.public += public

    def village_gifts(self, rng: random.Random, commune: Any, places: list[Any], kind: str, value: int,
                      share: tuple[float, float], target: tuple[int | None, int | None, str], state: str,
                      started: dt.date | None, handed: dt.date | None, name: str) -> tuple[int, int]:
        """Each village's meeting, its households', leaders' and businesses' contributions and its
        anonymous total; (people's cash, sponsors' cash)."""
        people = sponsors = 0
        decide = rng.random() < (0.6 if state == WorkState.PLANNED else 0.9)
        for village in places:
            count = len(self.regs.households.get(village.pk, ()))
            decision = None
            meeting = (started or self.today) - dt.timedelta(days=rng.randint(10, 45))
            if decide and count:
                attending = rng.randint(-(-count // 2), max(-(-count // 2), round(count * 0.9)))
                agreeing = rng.randint(round(attending * 0.8), attending)
                subject = data.DECISION_SUBJECTS[kind].format(w=name)
                decision = self.w.decisions.add((target[0], None, meeting, subject[:300], count, attending, agreeing,
                                                 target[2], *_place(village), self.w.now, self.w.now))
            if state == WorkState.PLANNED:
                continue
            first, last = meeting + dt.timedelta(days=3), handed or self.today
            land_kinds = (WorkKind.ROAD, WorkKind.ALLEY)
            households = self.regs.households.get(village.pk, [])
            for household in rng.sample(households, min(len(households), rng.randint(3, 10))):
                cash = _round(rng.uniform(0.2, 5) * MILLION) if rng.random() < 0.7 else 0
                labor = rng.randint(1, 12) if rng.random() < 0.6 else 0
                land = rng.randint(*((20, 400) if kind == WorkKind.ROAD else (5, 80))) \
                    if kind in land_kinds and rng.random() < 0.35 else 0
                if not (cash or labor or land):
                    cash = 500_000
                people += cash
                self.contribute(rng, target, village, _day(rng, first, last), ContributorType.HOUSEHOLD,
                                household=household, show=rng.random() < 0.5, cash=cash, labor=labor, land=land,
                                decision=decision)
            leader = self.regs.leaders.get(village.pk, {}).get(OrgKind.FRONT)
            if leader and rng.random() < 0.3:
                cash = rng.randint(1, 10) * MILLION
                people += cash
                self.contribute(rng, target, village, _day(rng, first, last), ContributorType.PERSON,
                                person=leader, show=rng.random() < 0.6, cash=cash, decision=decision)
            anonymous = _round(value * rng.uniform(*share) / len(places))
            labor = rng.randint(20, 400) if kind not in (WorkKind.LIGHTING, WorkKind.WASTE) else 0
            people += anonymous
            self.contribute(rng, target, village, _day(rng, first, last), ContributorType.ANONYMOUS,
                            cash=anonymous, labor=labor, decision=decision)
            for _n in range(rng.choice((0, 0, 1, 1, 2))):
                cash = rng.randint(5, 50) * MILLION
                sponsors += cash
                self.contribute(rng, target, village, _day(rng, first, last), ContributorType.COLLECTIVE,
                                collective=rng.choice(data.COLLECTIVES).format(v=_lower(village.name),
                                                                              c=_lower(commune.name)),
                                show=True, cash=cash)
        return people, sponsors

    def scholarships(self, rng: random.Random, commune: Any, campaign: CampaignRef | None) -> None:
        """Batches of scholarships at the start of a school year, before Tết or at the year's end."""
        for n in range(1, rng.randint(2, 3) + 1):  # one batch a year at least
            year = (2025, 2026, rng.choice((2025, 2026)))[n - 1]
            low, high = rng.choice((((1, 15), (1, 25)), ((5, 25), (6, 5)), ((8, 28), (9, 10))))
            handed = _day(rng, dt.date(year, *low), dt.date(year, *high))
            school = handed.year if handed.month >= 8 else handed.year - 1
            name = rng.choice(data.SCHOLARSHIPS).format(c=_lower(commune.name)) + f" năm học {school}–{school + 1}"
            options = _ordered(rng, data.WORK_CAMPAIGNS[WorkKind.SCHOLARSHIP])
            ref = self.pick_campaign(rng, options, campaign, commune.province_id, WorkKind.SCHOLARSHIP, handed)
            org = self.organizer(commune.pk, ref.org_kind if ref else data.FREE_ORGANIZER[WorkKind.SCHOLARSHIP])
            quantity = rng.randint(5, 50)
            value = quantity * rng.choice((500_000, 800_000, 1_000_000, 1_500_000, 2_000_000))
            organizations = _round(value * rng.uniform(0.3, 0.7))
            financing = (0, organizations, 0, value - organizations)
            self.work(f"CT-{commune.code}-HB{n}", name, commune, WorkKind.SCHOLARSHIP, org=org, campaign=ref,
                      state=WorkState.HANDED_OVER, started=handed, handed=handed, financing=financing,
                      quantity=quantity, spent=value, description=f"Trao {quantity} suất học bổng cho học sinh "
                                                                  "có hoàn cảnh khó khăn, vượt khó học giỏi.")

    def poor_days(self, rng: random.Random, commune: Any, villages: list[Any], ref: CampaignRef | None) -> None:
        """Gifts to "Ngày vì người nghèo" in its peak month (17 October – 18 November) of 2025 and 2026."""
        if ref is None:
            return
        target = (None, ref.pk, ref.org_kind)
        for low, high in ((dt.date(2025, 10, 17), dt.date(2025, 11, 18)), (dt.date(2026, 10, 17), self.today)):
            for village in rng.sample(villages, min(len(villages), rng.randint(1, 3))):
                self.contribute(rng, target, village, _day(rng, low, high), ContributorType.ANONYMOUS,
                                cash=rng.randint(20, 200) * 100_000)
                households = self.regs.households.get(village.pk, [])
                for household in rng.sample(households, min(len(households), rng.randint(0, 2))):
                    self.contribute(rng, target, village, _day(rng, low, high), ContributorType.HOUSEHOLD,
                                    household=household, show=rng.random() < 0.5, cash=_round(rng.uniform(0.2, 2) * MILLION))
            village = rng.choice(villages)
            self.contribute(rng, target, village, _day(rng, low, high), ContributorType.COLLECTIVE,
                            collective=rng.choice(data.COLLECTIVES).format(v=_lower(village.name),
                                                                          c=_lower(commune.name)),
                            show=True, cash=rng.randint(5, 50) * MILLION)

    # -- help out of poverty
    def poverty(self, rng: random.Random, villages: list[Any]) -> None:
        """Members' households poor or near-poor in 2025 helped in 2026 (most leave poverty in the
        2026 review, a few do not), and 2024 households helped out in 2025 (a few fall back)."""
        by_pk = {v.pk: v for v in villages}
        households = sorted(h for v in villages for h in self.regs.poor_in.get(v.pk, ()) if self.regs.members.get(h))
        first = {2025: True, 2026: True}
        for household in households:
            years = self.regs.reviews[household]
            if REVIEW_YEAR in years:
                continue  # reviewed already: not the demo's to write
            if years.get(2025) in POOR:
                year, chance = 2026, 0.25
            elif years.get(2024) in POOR and years.get(2025) == PovertyStatus.NONE:
                year, chance = 2025, 0.4
            else:
                continue
            lead = first[year]
            if not (lead or rng.random() < chance):
                continue
            first[year] = False
            person, org, kind = rng.choice(self.regs.members[household])
            what, (low, high) = rng.choice(data.HELP.get(kind, data.HELP[OrgKind.FRONT]))
            value = rng.randint(low, high) * MILLION
            village = by_pk[self.regs.village_of[household]]
            self.w.helps.add((household, person, year, what, value, org, "", kind, *_place(village),
                              self.w.now, self.w.now))
            if year == REVIEW_YEAR:  # the commune's first helped household leaves poverty
                status = PovertyStatus.NONE if lead or rng.random() < 0.85 else years[2025]
            elif not lead and rng.random() < 0.06:
                status = PovertyStatus.NEAR_POOR  # the 2025 exit undone by the next review
            else:
                continue
            self.w.reviews.add((household, REVIEW_YEAR, status, village.province_id))

    # -- training
    def course(self, rng: random.Random, code: str, unit: Any, org: tuple[int | None, str, str], topic: str,
               start: dt.date, count: int, named: list[int]) -> None:
        end = start + dt.timedelta(days=rng.randint(0, 2))
        pk = self.w.courses.add((code, topic, *self.w.keys(topic), start, end, 0 if named else count, *org,
                                 *_place(unit), self.w.now, self.w.now))
        for person in dict.fromkeys(named):
            self.w.trainees.add((pk, person, org[2], *_place(unit), self.w.now, self.w.now))

    def year_days(self, rng: random.Random, year: int) -> dt.date:
        return _day(rng, dt.date(year, 3, 1), min(dt.date(year, 11, 30), self.today - dt.timedelta(days=7)))

    def province_courses(self, rng: random.Random, province: Any) -> None:
        """The province's courses of 2025 and 2026; two of them name their trainees (the villages'
        Front working committee heads of the demo communes)."""
        heads = [self.regs.leaders[v.pk][OrgKind.FRONT] for v in self.ctx.all_villages()
                 if OrgKind.FRONT in self.regs.leaders.get(v.pk, {})]
        n = 0
        for year in (2025, 2026):
            for index, (kind, agency, topic) in enumerate(data.PROVINCE_COURSES):
                if index and rng.random() < 0.35:
                    continue
                n += 1
                named = rng.sample(heads, min(len(heads), 40)) if index == 0 else []
                self.course(rng, f"TH-{province.code}-{year}-{n:02d}", province, self.organizer(province.pk, kind, agency),
                            topic, self.year_days(rng, year), rng.randint(60, 250), named)

    def commune_courses(self, rng: random.Random, commune: Any, villages: list[Any]) -> None:
        """One to three courses of the commune's organizations; some name their trainees (a member of
        each village's branch)."""
        for n, (kind, topic) in enumerate(rng.sample(data.COMMUNE_COURSES, rng.randint(1, 3)), 1):
            named = [self.regs.leaders[v.pk][kind] for v in villages if kind in self.regs.leaders.get(v.pk, {})]
            if n > 1 and rng.random() < 0.6:
                named = []
            self.course(rng, f"TH-{commune.code}-{n}", commune, self.organizer(commune.pk, kind), topic,
                        self.year_days(rng, rng.choice((2025, 2026))), rng.randint(20, 80), named)

    # -- commendations
    def commend(self, rng: random.Random, level: str, issuer: tuple[str, tuple[str, ...], str], form: str,
                recipient: tuple[str, int | None, Any, str], reason: tuple[str, Any], commune: Any = None) -> None:
        """One commendation; ``recipient`` is (collective name, person, unit, organization kind) and
        ``reason`` ("campaign", CampaignRef) or ("exemplar", (id, name, …)) or ("year", year)."""
        name, number_pattern = issuer[0].format(c=_lower(commune.name) if commune else ""), issuer[2]
        what, about = reason
        campaign = about.pk if what == "campaign" else None
        exemplar = about[0] if what == "exemplar" else None
        year = about if what == "year" else None
        if year:
            day = _day(rng, dt.date(year + 1, 1, 10), dt.date(year + 1, 3, 31))
        else:
            day = _day(rng, FIRST_DAY, self.today - dt.timedelta(days=2))
        text = data.REASONS[what].format(campaign=f"{CampaignKind(about.kind).label.lower()} \"{about.name}\"" if campaign else "",
                                         exemplar=about[1] if exemplar else "", year=year)
        if form == CommendationForm.OTHER:
            text = f"{data.OTHER_FORMS.get(issuer[0], '')}: {text}".lstrip(": ")
        collective, person, unit, org_kind = recipient
        self.w.commendations.add((
            form, level, name, number_pattern.format(n=rng.randint(12, 2480)), day,
            RecipientType.PERSON if person else RecipientType.COLLECTIVE, collective, person, campaign, exemplar,
            year, text[:300], org_kind, *_place(unit), self.w.now, self.w.now))

    def province_commendations(self, rng: random.Random, province: Any, refs: dict[str, CampaignRef]) -> None:
        """Every province and central issuer's forms, to the province's organizations and to members
        of the demo communes; for a campaign or a year's work."""
        people = [(v, kind, person) for v in self.ctx.all_villages()
                  for kind, person in sorted(self.regs.leaders.get(v.pk, {}).items())]
        for level in (IssuerLevel.PROVINCE, IssuerLevel.CENTRAL):
            for issuer in data.ISSUERS[level]:
                for form in issuer[1]:
                    for _n in range(rng.randint(1, 2)):
                        kind = rng.choice(list(data.PROVINCE_RECIPIENTS))
                        if people and (form == CommendationForm.OTHER or rng.random() < 0.4):  # medals: persons
                            village, kind, person = rng.choice(people)
                            recipient = ("", person, village, kind)
                        else:
                            recipient = (data.PROVINCE_RECIPIENTS[kind], None, province, kind)
                        campaigns = [r for r in refs.values() if r.org_kind == kind] or list(refs.values())
                        reason = ("campaign", rng.choice(campaigns)) if rng.random() < 0.5 else (
                            "year", rng.choice((2024, 2025)))
                        self.commend(rng, level, issuer, form, recipient, reason)

    def commune_commendations(self, rng: random.Random, commune: Any, villages: list[Any],
                              campaigns: list[CampaignRef]) -> None:
        """Two to four commendations in the commune (one at least from the commune itself, for a
        recognized "Dân vận khéo" model of the commune if it has one), for a campaign, such a model
        or a year's work."""
        exemplars = self.regs.exemplars.get(commune.pk, [])
        for n in range(rng.randint(2, 4)):
            level = IssuerLevel.COMMUNE if n == 0 else rng.choices(list(IssuerLevel), (1, 3, 6))[0]
            issuer = rng.choice(data.ISSUERS[level])
            form = rng.choice(issuer[1])
            village = rng.choice(villages)
            leaders = self.regs.leaders.get(village.pk, {})
            draw = rng.random()
            if exemplars and (n == 0 or draw < 0.2):  # a recognized model is commended in its commune
                exemplar = rng.choice(exemplars)
                reason: tuple[str, Any] = ("exemplar", exemplar)
                kind = exemplar[2] if exemplar[2] in data.PROVINCE_RECIPIENTS else OrgKind.FRONT
            elif draw < 0.6:
                ref = rng.choice(campaigns)
                reason, kind = ("campaign", ref), ref.org_kind
            else:
                reason, kind = ("year", rng.choice((2024, 2025))), rng.choice(list(data.PROVINCE_RECIPIENTS))
            if leaders.get(kind) and rng.random() < 0.35:
                recipient: tuple[str, int | None, Any, str] = ("", leaders[kind], village, kind)
            else:
                template = rng.choice(data.COLLECTIVE_RECIPIENTS)
                unit = village if "{v}" in template else commune
                recipient = (template.format(v=_lower(village.name), c=_lower(commune.name)), None, unit, kind)
            self.commend(rng, level, issuer, form, recipient, reason, commune)

    # -- a commune
    def commune(self, commune: Any) -> None:
        villages = self.ctx.villages.get(commune.pk) or []
        if not villages:
            return
        rng = self.ctx.rng(f"campaigns/{commune.key}")
        refs = self.province_campaigns[commune.province_id]
        local = None
        if rng.random() < 0.4:
            fitting = [c for c in data.COMMUNE_CAMPAIGNS if commune.kind != UnitKind.WARD
                       or not any(w in c[2] for w in data.RURAL_WORDS)]
            org_kind, kind, name, start, end, fields, work_kinds = rng.choice(fitting)
            local = self.campaign(f"PT-{commune.code}-1", commune, kind, org_kind, name.format(c=_lower(commune.name)),
                                  start, end, fields, work_kinds)
        self.houses_of(rng, commune, villages, local)
        self.infrastructure(rng, commune, villages, local)
        self.scholarships(rng, commune, local)
        self.poor_days(rng, commune, villages, refs.get("VNN"))
        self.poverty(rng, villages)
        self.commune_courses(rng, commune, villages)
        self.commune_commendations(rng, commune, villages, [*refs.values(), *([local] if local else [])])


def build(ctx: DemoContext) -> dict[str, int]:
    """Campaigns, works, contributions, poverty help, courses and commendations of ``ctx``'s units."""
    builder = Builder(ctx, Registers.read(ctx))
    for province in ctx.provinces:
        builder.province(province)
    for commune in ctx.communes:
        builder.commune(commune)
    w = builder.w
    w.flush()
    return {"campaigns": w.campaigns.created, "works": w.works.created, "houses": builder.houses,
            "public works": builder.public, "village decisions": w.decisions.created,
            "contributions": w.contributions.created, "poverty help": w.helps.created,
            "poverty reviews 2026": w.reviews.created, "training courses": w.courses.created,
            "trainees": w.trainees.created, "commendations": w.commendations.created}


# ---------------------------------------------------------------- is_built and reset


def _communes(ctx: DemoContext) -> list[int]:
    return [c.pk for c in ctx.communes]


def is_built(ctx: DemoContext) -> bool:
    return Work.objects.filter(commune__in=_communes(ctx)).exists()


def _delete(queryset: QuerySet) -> int:
    """Raw-delete ``queryset`` and tell the fact ledger: the deleted ids' range is announced as
    changed (``bulk_written``), so their facts are rewritten from nothing, that is dropped (rows
    left in the range are rewritten as they are)."""
    gone = list(queryset.values_list("id", flat=True))
    if not gone:
        return 0
    count = queryset._raw_delete(queryset.db)
    bulk.bulk_written.send(sender=queryset.model, first_id=min(gone), last_id=max(gone), updated_ids=[])
    return count


def reset(ctx: DemoContext) -> dict[str, int]:
    """Delete this app's rows of ``ctx``'s communes, the 2026 reviews the demo added for the helped
    households, and the province's own rows when no other commune of the province keeps any."""
    communes = _communes(ctx)
    provinces = [p.pk for p in ctx.provinces]
    others = Work.objects.filter(province__in=provinces).exclude(commune__in=communes).exists()
    units = Q(commune__in=communes) | (Q(unit__in=provinces) if not others else Q(pk__in=[]))
    campaigns = Campaign.objects.filter(units)
    works = Work.objects.filter(Q(commune__in=communes) | Q(campaign__in=campaigns))
    courses = TrainingCourse.objects.filter(units)
    in_communes = Q(commune__in=communes)
    helps = PovertyHelp.objects.filter(in_communes)
    deleted: dict[str, int] = {}
    with bulk.batch():
        reviews = HouseholdPoverty.objects.filter(year=REVIEW_YEAR, household__in=helps.values("household_id"))
        households = sorted(reviews.values_list("household_id", flat=True))
        deleted["poverty reviews 2026"] = reviews._raw_delete(reviews.db)
        # The households' facts (HH-POVERTY) follow their reviews: announce them as changed.
        bulk.bulk_written.send(sender=Household, first_id=None, last_id=None, updated_ids=households)
        deleted["contributions"] = _delete(Contribution.objects.filter(in_communes | Q(work__in=works)
                                                                       | Q(campaign__in=campaigns)))
        deleted["village decisions"] = _delete(VillageDecision.objects.filter(in_communes | Q(work__in=works)
                                                                             | Q(campaign__in=campaigns)))
        deleted["poverty help"] = _delete(helps)
        deleted["trainees"] = _delete(Trainee.objects.filter(Q(course__in=courses) | Q(person__commune__in=communes)))
        deleted["training courses"] = _delete(courses)
        deleted["commendations"] = _delete(Commendation.objects.filter(
            units | Q(campaign__in=campaigns) | Q(person__commune__in=communes) | Q(exemplar__commune__in=communes)))
        deleted["works"] = _delete(works)
        deleted["campaigns"] = _delete(campaigns)
    return deleted

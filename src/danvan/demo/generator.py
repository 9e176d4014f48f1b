"""The demo province and benchmark data, generated deterministically and bulk-loaded.

Same seed, same data: every commune and every village draws from its own ``random.Random``
seeded with the seed and the unit's key, so a subset of communes (the tests) gets exactly the
rows it would get inside the full build.

What is built, for each commune of the chosen provinces:
- 15–25 villages (level 4, key ``<commune>.<NN>``). Each village is given as ``legacy_parent``
  one of the legacy communes that the current commune succeeded (the predecessors are dealt out
  in blocks, in key order), so records roll up to the old communes, districts and provinces.
  The village's kind and name follow that legacy commune: hamlets ("Ấp Phú Lợi") in former
  communes; "Khu vực 3" in former wards and townships of the old Cần Thơ, "Khóm 3" in those of
  other Mekong provinces, "Tổ dân phố 3" / "Thôn …" in the North.
- Organizations: the Front, Women's Union, Youth Union, Farmers' and Veterans' Associations at
  province level and in every commune. Member organizations sit under the Front of the same level
  (Constitution art. 9 as amended in June 2025); a commune's Front sits under the province's Front.
- One branch of each of the five in every village (ban công tác Mặt trận, chi hội, chi đoàn).
- Households (about 82% with at least one registered member, 1–3 of them), people with
  realistic names, sexes, birth years by organization and ethnicity by area; memberships with
  joining dates (most before the 1 July 2025 reform), a few with leaving dates, about 65.7%
  attending regularly (seed 004); poverty status for 2024 and 2025.

Rows are written with ``danvan.core.bulk.BulkWriter`` (the imports' write path) in commune-aligned
chunks (memory stays bounded for the national profile); ``bulk_written`` is sent per chunk and model
inside one ``bulk.batch()``, all in one transaction.
"""

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from danvan.core import audit, bulk
from danvan.core.bulk import BulkWriter
from danvan.core.demo import DemoContext, build_apps, reset_apps
from danvan.core.models import ChangeAction
from danvan.core.text import NameKeys
from danvan.geo.choices import Level, UnitKind
from danvan.geo.models import AdminUnit, UnitSuccession
from danvan.people.choices import MASS_ORG_KINDS, BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex
from danvan.people.models import Branch, Household, HouseholdPoverty, Membership, Organization, Person

from . import names

DEMO_PROVINCE = "92"  # Thành phố Cần Thơ (with the former Hậu Giang and Sóc Trăng since 1 July 2025)
DEMO_COMMUNE = "31135"  # Phường Ninh Kiều: the commune of the demo's commune-level users
REFERENCE_DATE = dt.date(2026, 10, 31)  # "today" of the generated data: fixed, for determinism
REFORM_DATE = dt.date(2025, 7, 1)
POVERTY_YEARS = (2024, 2025)

# Per organization kind: code prefix, name prefix, branch kind, branch name prefix, branch code suffix.
ORG_STYLE: dict[str, tuple[str, str, str, str, str]] = {
    OrgKind.FRONT: ("MT", "Ủy ban Mặt trận Tổ quốc Việt Nam", BranchKind.BAN_CONG_TAC, "Ban công tác Mặt trận", "MT"),
    OrgKind.WOMEN: ("HPN", "Hội Liên hiệp Phụ nữ", BranchKind.CHI_HOI, "Chi hội Phụ nữ", "PN"),
    OrgKind.YOUTH: ("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", BranchKind.CHI_DOAN, "Chi đoàn", "TN"),
    OrgKind.FARMERS: ("HND", "Hội Nông dân", BranchKind.CHI_HOI, "Chi hội Nông dân", "ND"),
    OrgKind.VETERANS: ("CCB", "Hội Cựu chiến binh", BranchKind.CHI_HOI, "Chi hội Cựu chiến binh", "CCB"),
}
# Primary organization of a household's first registered member, and of the others (often children).
_FIRST_ORG = names.Weighted([(OrgKind.WOMEN, 33), (OrgKind.FARMERS, 32), (OrgKind.YOUTH, 20), (OrgKind.VETERANS, 15)])
_OTHER_ORG = names.Weighted([(OrgKind.WOMEN, 30), (OrgKind.FARMERS, 18), (OrgKind.YOUTH, 45), (OrgKind.VETERANS, 7)])
# Share of men by organization kind, and birth-year ranges.
_MALE_SHARE = {OrgKind.WOMEN: 0.0, OrgKind.FARMERS: 0.62, OrgKind.YOUTH: 0.5, OrgKind.VETERANS: 0.93}
_BIRTH_YEARS = {
    OrgKind.WOMEN: (1952, 2007), OrgKind.FARMERS: (1948, 2000), OrgKind.YOUTH: (1996, 2010),
    OrgKind.VETERANS: (1940, 1975),
}
_URBAN_KINDS = {UnitKind.WARD, UnitKind.TOWNSHIP, UnitKind.URBAN_DISTRICT}
# Seed 004: 65,7% of members attend regularly; Front committee members (85%) lift the total to about that.
REGULAR_SHARE = 0.647
FRONT_COMMITTEE = (5, 9)  # members of a village's Front working committee
SECOND_MEMBERSHIP = 0.04  # people who also belong to a second organization
LEFT_SHARE = 0.03


@dataclass(frozen=True)
class DemoSpec:
    """What to generate. The defaults are the demo: Thành phố Cần Thơ at full size."""

    provinces: tuple[str, ...] = (DEMO_PROVINCE,)
    communes: tuple[str, ...] = ()  # only these commune keys (tests); empty: every commune
    villages_per_commune: tuple[int, int] = (15, 25)
    households: int = 200_000
    members: int = 300_000  # memberships
    coverage: float = 0.82  # share of households with at least one registered member
    seed: int = 2025
    chunk_rows: int = 60_000


@dataclass
class BuildResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0  # wall time of the whole build
    insert_seconds: float = 0.0  # of which: INSERT statements of the streamed registers
    signal_seconds: float = 0.0  # of which: bulk_written receivers (fact ledger)
    signal_by_model: dict[str, float] = field(default_factory=dict)


class DemoExists(Exception):
    """The target communes already have villages (a build was done before)."""


def lower_kind(unit_name: str) -> str:
    """'Phường Ninh Kiều' → 'phường Ninh Kiều' (to follow an organization's name)."""
    for prefix in ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ", "Ấp ", "Khu vực ", "Khóm ", "Thôn ",
                   "Tổ dân phố ", "Bản "):
        if unit_name.startswith(prefix):
            return prefix.lower() + unit_name[len(prefix):]
    return unit_name


def vn(number: int) -> str:
    """1234567 → '1.234.567' (Vietnamese thousands separator)."""
    return f"{number:,}".replace(",", ".")


def is_built(province_key: str = DEMO_PROVINCE) -> bool:
    """Whether the demo province's organizations exist (the marker of a finished build)."""
    return Organization.objects.filter(code=f"{ORG_STYLE[OrgKind.FRONT][0]}-{province_key}").exists()


# ---------------------------------------------------------------- villages and organizations

def _village_plan(commune: AdminUnit, preds: list[AdminUnit], spec: DemoSpec) -> list[AdminUnit]:
    rng = random.Random(f"{spec.seed}/{commune.key}/villages")
    count = rng.randint(*spec.villages_per_commune)
    south = int(commune.path.split("/")[1]) >= 75 if commune.path.split("/")[1].isdigit() else True
    used: set[str] = set()
    numbers: dict[str, int] = {}
    villages = []
    for index in range(count):
        legacy = preds[index * len(preds) // count] if preds else None
        legacy_kind = legacy.kind if legacy else commune.kind
        legacy_province = legacy.path.split("/")[1] if legacy else ""
        if legacy_kind in _URBAN_KINDS:
            if not south:
                prefix, kind = "Tổ dân phố", UnitKind.RESIDENTIAL_GROUP
            elif legacy_province == "L92":
                prefix, kind = "Khu vực", UnitKind.RESIDENTIAL_GROUP
            else:
                prefix, kind = "Khóm", UnitKind.KHOM
            numbers[prefix] = numbers.get(prefix, 0) + 1
            name = f"{prefix} {numbers[prefix]}"
        else:
            prefix, kind = ("Ấp", UnitKind.HAMLET) if south else ("Thôn", UnitKind.VILLAGE)
            khmer = names.ETHNIC_SHARES.get(legacy_province, names.DEFAULT_SHARES)[0]
            draw = rng.random()
            if draw < 0.2:
                numbers[prefix] = numbers.get(prefix, 0) + 1
                name = f"{prefix} {numbers[prefix]}"
            else:
                pool = (names.KHMER_HAMLET_NAMES if draw < 0.2 + khmer else
                        names.HAMLET_NAMES if south else names.NORTH_VILLAGE_NAMES)
                name = f"{prefix} {rng.choice(pool)}"
                while name in used:
                    name = f"{prefix} {rng.choice(names.HAMLET_NAMES)}"
        used.add(name)
        code = f"{index + 1:02d}"
        villages.append(AdminUnit(
            key=f"{commune.code}.{code}", code=code, name=name, kind=kind, level=Level.VILLAGE,
            parent=commune, legacy_parent=legacy,
        ))
    return villages


# Time spent in bulk_written receivers (the fact ledger) per model, for the build's report.
SIGNAL_SECONDS: dict[str, float] = {}


def _send(writer: BulkWriter) -> None:
    """Announce what ``writer`` wrote (one ``bulk_written``), timing the receivers."""
    started = time.perf_counter()
    writer.notify()
    name = writer.model._meta.model_name
    SIGNAL_SECONDS[name] = SIGNAL_SECONDS.get(name, 0.0) + time.perf_counter() - started


def _ledger_batch() -> Any:
    return bulk.batch()


@contextmanager
def _build_batch() -> Iterator[None]:
    """``_ledger_batch`` around a whole build; the ledger's pass at its end is timed as "batch"."""
    with _ledger_batch():
        yield
        started = time.perf_counter()
    SIGNAL_SECONDS["batch"] = SIGNAL_SECONDS.get("batch", 0.0) + time.perf_counter() - started


VILLAGE_FIELDS = ["key", "code", "name", "name_folded", "name_sort", "kind", "level", "parent", "path", "province",
                  "commune", "is_legacy", "legacy_parent"]
ORG_FIELDS = ["code", "name", "name_folded", "name_sort", "kind", "level", "parent", "unit", "unit_path", "province",
              "commune", "created", "updated"]


def _create_villages(communes: list[AdminUnit], spec: DemoSpec) -> dict[int, list[AdminUnit]]:
    preds: dict[int, list[AdminUnit]] = {c.pk: [] for c in communes}
    links = UnitSuccession.objects.filter(current__in=communes, legacy__level=Level.COMMUNE).select_related("legacy")
    for link in links:
        preds[link.current_id].append(link.legacy)
    villages: dict[int, list[AdminUnit]] = {}
    writer = BulkWriter(AdminUnit, VILLAGE_FIELDS)
    for commune in communes:
        plan = _village_plan(commune, sorted(preds[commune.pk], key=lambda u: u.key), spec)
        for village in plan:
            village.fill_derived()
            village.pk = writer.add((village.key, village.code, village.name, village.name_folded, village.name_sort,
                                     village.kind, village.level, village.parent_id, village.path, village.province_id,
                                     village.commune_id, False, village.legacy_parent_id))
            village._state.adding, village._state.db = False, connection.alias
        villages[commune.pk] = plan
    writer.write()
    _send(writer)
    return villages


def _org(unit: AdminUnit, kind: str, level: str, parent: Organization | None, now: dt.datetime) -> Organization:
    code, prefix = ORG_STYLE[kind][0], ORG_STYLE[kind][1]
    org = Organization(code=f"{code}-{unit.code}", name=f"{prefix} {lower_kind(unit.name)}", kind=kind,
                       level=level, unit=unit, parent=parent, created=now, valid_from=None)
    org.place()
    return org


def _bulk_orgs(orgs: list[Organization]) -> list[Organization]:
    stamp = connection.ops.adapt_datetimefield_value(orgs[0].created) if orgs else None
    writer = BulkWriter(Organization, ORG_FIELDS)
    for org in orgs:
        org.pk = writer.add((org.code, org.name, org.name_folded, org.name_sort, org.kind, org.level, org.parent_id,
                             org.unit_id, org.unit_path, org.province_id, org.commune_id, stamp, stamp))
        org._state.adding, org._state.db = False, connection.alias
    writer.write()
    _send(writer)
    return orgs


def _create_organizations(provinces: list[AdminUnit], communes: list[AdminUnit],
                          now: dt.datetime) -> dict[int, dict[str, int]]:
    """Returns, per commune id, the organization id of each mass-organization kind."""
    # Province organizations are reused when present (a build of some communes after others).
    existing = {o.code: o for o in Organization.objects.filter(unit__in=provinces, level=OrgLevel.PROVINCE)}
    fronts = {o.unit_id: o for o in existing.values() if o.kind == OrgKind.FRONT}
    fronts |= {o.unit_id: o for o in _bulk_orgs(
        [_org(p, OrgKind.FRONT, OrgLevel.PROVINCE, None, now) for p in provinces if p.pk not in fronts])}
    second = [org for p in provinces for kind in MASS_ORG_KINDS if kind != OrgKind.FRONT
              if (org := _org(p, kind, OrgLevel.PROVINCE, fronts[p.pk], now)).code not in existing]
    second += [_org(c, OrgKind.FRONT, OrgLevel.COMMUNE, fronts[c.province_id], now) for c in communes]
    commune_fronts = {o.unit_id: o for o in _bulk_orgs(second) if o.kind == OrgKind.FRONT}
    members = _bulk_orgs([_org(c, kind, OrgLevel.COMMUNE, commune_fronts[c.pk], now) for c in communes
                          for kind in MASS_ORG_KINDS if kind != OrgKind.FRONT])
    by_commune: dict[int, dict[str, int]] = {c.pk: {OrgKind.FRONT: commune_fronts[c.pk].pk} for c in communes}
    for org in members:
        by_commune[org.unit_id][org.kind] = org.pk
    return by_commune


# ---------------------------------------------------------------- the registers, streamed

BRANCH_FIELDS = ["id", "code", "name", "kind", "organization", "org_kind", "founded", "name_folded", "name_sort",
                 "unit", "unit_path", "province", "commune", "created", "updated"]
HOUSEHOLD_FIELDS = ["id", "code", "head_name", "size", "address", "name_folded", "name_sort",
                    "unit", "unit_path", "province", "commune", "created", "updated"]
POVERTY_FIELDS = ["id", "household", "year", "status", "province"]
PERSON_FIELDS = ["id", "code", "full_name", "sex", "birth_year", "ethnicity", "phone", "household", "is_cadre",
                 "name_folded", "name_sort", "unit", "unit_path", "province", "commune", "created", "updated"]
MEMBERSHIP_FIELDS = ["id", "person", "branch", "org_kind", "joined", "left", "attends_regularly",
                     "unit", "unit_path", "province", "commune", "created", "updated"]
_IS_CADRE = PERSON_FIELDS.index("is_cadre")
_BIRTH = PERSON_FIELDS.index("birth_year")

STREAMED: list[tuple[type[models.Model], list[str]]] = [
    (Branch, BRANCH_FIELDS), (Household, HOUSEHOLD_FIELDS), (HouseholdPoverty, POVERTY_FIELDS),
    (Person, PERSON_FIELDS), (Membership, MEMBERSHIP_FIELDS),
]


def _date_between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    if high <= low:
        return low
    return dt.date.fromordinal(rng.randint(low.toordinal(), high.toordinal()))


_POVERTY_NEXT = {  # 2024 status → cumulative thresholds for 2025 (poor, near-poor)
    PovertyStatus.POOR: (0.55, 0.82),
    PovertyStatus.NEAR_POOR: (0.05, 0.62),
    PovertyStatus.NONE: (0.006, 0.02),
}


class Streamer:
    """Generates villages' registers into the writers' queues and flushes them per chunk."""

    def __init__(self, spec: DemoSpec, village_count: int, stamp: Any) -> None:
        self.spec = spec
        self.stamp = stamp
        self.keys = NameKeys()
        # One writer per streamed model (locks its table and counts ids from MAX(id) + 1); rows are
        # queued as lists with their id first, so a row can still be edited before the flush.
        self.writers = {model: BulkWriter(model, fields[1:]) for model, fields in STREAMED}
        self.buffers: dict[type[models.Model], list[Any]] = {model: w.new for model, w in self.writers.items()}
        self.insert_seconds = 0.0
        self.households_per_village = spec.households / max(village_count, 1)
        front_members = sum(FRONT_COMMITTEE) / 2 * village_count
        people = max(spec.members - front_members, 0) / (1 + SECOND_MEMBERSHIP / 2)  # about half qualify
        per_covered = people / max(spec.households, 1) / spec.coverage
        self.extra_member_p = min(max((per_covered - 1) / 2, 0.0), 1.0)  # k = 1 + Binomial(2, p)

    @property
    def counts(self) -> dict[str, int]:
        return {model._meta.model_name: w.created for model, w in self.writers.items()}

    def _id(self, model: type[models.Model]) -> int:
        return self.writers[model].new_id()

    def pending(self) -> int:
        return sum(w.pending for w in self.writers.values())

    def flush(self) -> None:
        started = time.perf_counter()
        for writer in self.writers.values():
            writer.write()
        self.insert_seconds += time.perf_counter() - started
        started, before = time.perf_counter(), sum(SIGNAL_SECONDS.values())
        with _ledger_batch():  # the ledger rewrites each fact source once per chunk, at the end
            for writer in self.writers.values():
                _send(writer)
            sent = sum(SIGNAL_SECONDS.values()) - before
        SIGNAL_SECONDS["batch"] = SIGNAL_SECONDS.get("batch", 0.0) + time.perf_counter() - started - sent

    def village(self, village: AdminUnit, commune_id: int, province_id: int, orgs: dict[str, int]) -> None:
        spec, keys, stamp = self.spec, self.keys, self.stamp
        rng = random.Random(f"{spec.seed}/{village.key}")
        place = [village.pk, village.path, province_id, commune_id, stamp, stamp]
        vname = lower_kind(village.name)
        branches: dict[str, int] = {}
        for kind in MASS_ORG_KINDS:
            _, _, branch_kind, prefix, suffix = ORG_STYLE[kind]
            name = f"{prefix} {vname}"
            branch_id = self._id(Branch)
            branches[kind] = branch_id
            founded = dt.date(rng.randint(1976, 2015), rng.randint(1, 12), rng.randint(1, 28))
            self.buffers[Branch].append(
                [branch_id, f"CH-{village.key}-{suffix}", name, branch_kind, orgs[kind], kind, founded,
                 *keys(name), *place])

        legacy_province = village.legacy_parent.path.split("/")[1] if village.legacy_parent_id else ""
        shares = names.ETHNIC_SHARES.get(legacy_province, names.DEFAULT_SHARES)
        count = max(1, round(self.households_per_village * rng.uniform(0.7, 1.3)))
        people: list[list[Any]] = []
        memberships = self.buffers[Membership]
        households, poverty, persons = self.buffers[Household], self.buffers[HouseholdPoverty], self.buffers[Person]
        ref_year = REFERENCE_DATE.year
        p_extra = self.extra_member_p
        for number in range(1, count + 1):
            household_id = self._id(Household)
            ethnic = names.ethnicity(rng, shares)
            family = names.family_name(rng, ethnic)
            if rng.random() < spec.coverage:
                k = 1 + (rng.random() < p_extra) + (rng.random() < p_extra)
            else:
                k = 0
            head = ""
            for j in range(k):
                org_kind = (_FIRST_ORG if j == 0 else _OTHER_ORG).pick(rng)
                male = rng.random() < _MALE_SHARE[org_kind]
                birth = rng.randint(*_BIRTH_YEARS[org_kind])
                person_family = family if j == 0 or rng.random() < 0.6 else names.family_name(rng, ethnic)
                name = names.full_name(rng, person_family, male, birth, ethnic)
                if j == 0 and birth <= 1998:
                    head = name
                person_id = self._id(Person)
                row = [person_id, f"CN-{village.key}-{len(people) + 1:04d}", name,
                       Sex.MALE if male else Sex.FEMALE, birth, ethnic,
                       names.phone(rng) if rng.random() < (0.55 if birth <= 2008 else 0.2) else "",
                       household_id, rng.random() < 0.015, *keys(name), *place]
                people.append(row)
                self._membership(rng, memberships, person_id, branches, org_kind, birth, place)
                if rng.random() < SECOND_MEMBERSHIP:
                    second = {OrgKind.WOMEN: OrgKind.FARMERS, OrgKind.VETERANS: OrgKind.FARMERS,
                              OrgKind.FARMERS: OrgKind.VETERANS if male and birth <= 1975 else None,
                              OrgKind.YOUTH: None}[org_kind]
                    if second is not None and (second != OrgKind.FARMERS or birth <= ref_year - 18):
                        self._membership(rng, memberships, person_id, branches, second, birth, place)
            if not head:
                head = names.full_name(rng, family, rng.random() < 0.7, rng.randint(1950, 1995), ethnic)
            size = max(k, 1) + rng.randint(0, 3)
            households.append([household_id, f"HO-{village.key}-{number:04d}", head, size,
                               f"Tổ {rng.randint(1, 12)}, {vname}", *keys(head), *place])
            draw = rng.random()
            status = (PovertyStatus.POOR if draw < 0.03 else PovertyStatus.NEAR_POOR if draw < 0.07
                      else PovertyStatus.NONE)
            poverty.append([self._id(HouseholdPoverty), household_id, POVERTY_YEARS[0], status, province_id])
            poor, near = _POVERTY_NEXT[status]
            draw = rng.random()
            status = PovertyStatus.POOR if draw < poor else PovertyStatus.NEAR_POOR if draw < near else PovertyStatus.NONE
            poverty.append([self._id(HouseholdPoverty), household_id, POVERTY_YEARS[1], status, province_id])

        # The village's Front working committee, drawn from its adults; its head is a cadre.
        adults = [row for row in people if row[_BIRTH] <= ref_year - 25]
        committee = rng.sample(adults, min(len(adults), rng.randint(*FRONT_COMMITTEE)))
        for index, row in enumerate(committee):
            if index == 0:
                row[_IS_CADRE] = True
            self._membership(rng, memberships, row[0], branches, OrgKind.FRONT, row[_BIRTH], place, regular=0.85)
        persons.extend(people)

    def _membership(self, rng: random.Random, rows: list[list[Any]], person_id: int, branches: dict[str, int],
                    kind: str, birth: int, place: list[Any], regular: float = REGULAR_SHARE) -> None:
        earliest = dt.date(max(birth + (16 if kind == OrgKind.YOUTH else 18), 1990), 1, 1)
        joined = _date_between(rng, earliest, REFERENCE_DATE)
        left = _date_between(rng, max(joined, dt.date(2024, 1, 1)), REFERENCE_DATE) if rng.random() < LEFT_SHARE else None
        rows.append([self._id(Membership), person_id, branches[kind], kind, joined, left,
                     rng.random() < regular, *place])


# ---------------------------------------------------------------- entry points

def target_communes(spec: DemoSpec) -> tuple[list[AdminUnit], list[AdminUnit]]:
    provinces = list(AdminUnit.objects.current().filter(level=Level.PROVINCE, key__in=spec.provinces).order_by("key"))
    missing = set(spec.provinces) - {p.key for p in provinces}
    if missing:
        raise ValueError(f"Không có tỉnh mã {', '.join(sorted(missing))}: hãy chạy 'danvan geo load' trước.")
    communes = AdminUnit.objects.current().filter(level=Level.COMMUNE, parent__in=provinces)
    if spec.communes:
        communes = communes.filter(key__in=spec.communes)
    return provinces, list(communes.order_by("key"))


def build(spec: DemoSpec = DemoSpec(), progress: Callable[[str], None] = lambda message: None) -> BuildResult:
    """Generate and write everything ``spec`` describes, in one transaction."""
    started = time.perf_counter()
    SIGNAL_SECONDS.clear()
    result = BuildResult()
    # One pass of the fact ledger for the whole build, when the outer batch ends: every flush (the
    # registers' chunks, the apps' writers) joins it, so each running-total series is written once,
    # not once per chunk that touches it (a national build's chunks each touch most series).
    with transaction.atomic(), _build_batch():
        provinces, communes = target_communes(spec)
        if AdminUnit.objects.filter(parent__in=communes, level=Level.VILLAGE).exists():
            raise DemoExists("Các xã này đã có thôn, ấp (dữ liệu mẫu đã được tạo).")
        now = timezone.now()
        stamp = connection.ops.adapt_datetimefield_value(now)
        villages = _create_villages(communes, spec)
        village_count = sum(len(v) for v in villages.values())
        progress(f"{vn(village_count)} thôn, ấp / villages")
        orgs = _create_organizations(provinces, communes, now)
        progress(f"{vn(5 * (len(provinces) + len(communes)))} tổ chức / organizations")
        legacy = {u.pk: u for u in AdminUnit.objects.filter(
            pk__in={v.legacy_parent_id for vs in villages.values() for v in vs if v.legacy_parent_id})}
        streamer = Streamer(spec, village_count, stamp)
        for index, commune in enumerate(communes, 1):
            for village in villages[commune.pk]:
                if village.legacy_parent_id:
                    village.legacy_parent = legacy[village.legacy_parent_id]
                streamer.village(village, commune.pk, commune.province_id, orgs[commune.pk])
            if streamer.pending() >= spec.chunk_rows or index == len(communes):
                streamer.flush()
                members = streamer.counts["membership"]
                progress(f"{index}/{len(communes)} xã / communes · {vn(members)} hội viên / members")
        result.counts = {"villages": village_count, "organizations": 5 * (len(provinces) + len(communes)),
                         **{f"{name}s": n for name, n in streamer.counts.items()}}
        result.counts.update(build_apps(app_context(spec, progress, villages)))
        audit.record(ChangeAction.IMPORT, model=Person, unit_path=provinces[0].path if len(provinces) == 1 else "",
                     note="Dữ liệu mẫu: " + ", ".join(f"{k} {v}" for k, v in result.counts.items()))
        result.insert_seconds = streamer.insert_seconds
    if connection.vendor == "postgresql":
        # A bulk load leaves the planner without statistics until autovacuum gets to the tables (it
        # had not, an hour after the national profile's load: a member's save then hash-joined all
        # ten million memberships, 4.3 s instead of milliseconds).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.signal_seconds = sum(SIGNAL_SECONDS.values())
    result.signal_by_model = dict(SIGNAL_SECONDS)
    result.seconds = time.perf_counter() - started
    return result


def app_context(spec: DemoSpec, progress: Callable[[str], None] = lambda message: None,
                villages: dict[int, list[AdminUnit]] | None = None) -> DemoContext:
    """What the apps' demo modules build on (``core.demo``): the spec's units and its seed."""
    provinces, communes = target_communes(spec)
    if villages is None:
        villages = {c.pk: [] for c in communes}
        for village in AdminUnit.objects.filter(parent__in=communes, level=Level.VILLAGE).order_by("key"):
            villages[village.parent_id].append(village)
    return DemoContext(provinces=list(provinces), communes=communes, villages=villages,
                       reference_date=REFERENCE_DATE, seed=spec.seed, progress=progress)


def build_missing_apps(spec: DemoSpec = DemoSpec(), progress: Callable[[str], None] = lambda message: None
                       ) -> dict[str, int]:
    """On a demo built before some app existed: build just those apps' demo data."""
    with transaction.atomic():
        return build_apps(app_context(spec, progress), only_missing=True)


def _forget_facts(village_ids: list[int]) -> None:
    """Raw deletes send no signal: drop the fact ledger's rows and placements of the deleted villages."""
    try:
        from danvan.indicators.ledger import forget_villages
    except ImportError:  # the ledger is optional for this module
        return
    forget_villages(village_ids)  # the facts, their running totals and the placements


def reset(spec: DemoSpec = DemoSpec()) -> dict[str, int]:
    """Delete the generated registers, organizations and villages of ``spec``'s communes."""
    with transaction.atomic():
        deleted = reset_apps(app_context(spec))
        provinces, communes = target_communes(spec)
        paths = [c.path for c in communes] if spec.communes else [p.path for p in provinces]
        villages = AdminUnit.objects.filter(parent__in=communes, level=Level.VILLAGE)
        for model in (Membership, Person, Household, Branch, Organization):
            query = models.Q()
            for path in paths:
                query |= models.Q(unit_path__under=path)
            queryset = model.objects.filter(query)
            if model is Household:
                deleted["householdpovertys"] = HouseholdPoverty.objects.filter(household__in=queryset)._raw_delete(
                    HouseholdPoverty.objects.db)
            if model is Organization and not spec.communes:
                queryset = queryset.filter(code__in=[f"{ORG_STYLE[k][0]}-{u.code}" for u in (*provinces, *communes)
                                                     for k in MASS_ORG_KINDS])
            elif model is Organization:
                queryset = queryset.filter(unit__in=communes)
            if model is Organization:
                queryset.update(parent=None)
            deleted[f"{model._meta.model_name}s"] = queryset._raw_delete(queryset.db)
        from danvan.accounts.models import Grant

        Grant.objects.filter(unit__in=villages).delete()
        _forget_facts(list(villages.values_list("pk", flat=True)))
        deleted["villages"] = villages._raw_delete(villages.db)
    return deleted

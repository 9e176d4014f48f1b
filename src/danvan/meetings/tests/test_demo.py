"""The app's demo data (``core.demo`` hook) on a small register of the cast's communes: visits lie in
their assignment's areas and period, on days the branches met; visits by level have seed 004's
shape (province < district < commune); most cadres attend every month; the October 2026 plan
exists; the "canbo" login is linked to a cadre of the demo commune; reset removes everything and a
rebuild gives the same rows."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db.models import F, Q, Sum

from danvan.accounts.models import User
from danvan.core.demo import DemoContext
from danvan.indicators import ledger
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.periods import parse_period
from danvan.people.choices import BranchKind, OrgKind, OrgLevel, Sex
from danvan.people.models import Branch, Membership, Organization, Person
from danvan.testing import Cast, build_cast, make_village
from tests.module_data import built_once

from .. import demo
from ..choices import CadreLevel, PlanState
from ..indicators import CODES
from ..models import (
    Assignment,
    Cadre,
    Meeting,
    Plan,
    PlannedVisit,
    Schedule,
    ScheduleException,
    Visit,
    VisitRule,
)
from ..schedule import meeting_days, months

MODELS = (VisitRule, Cadre, Assignment, Schedule, ScheduleException, Meeting, Plan, PlannedVisit, Visit)
KINDS = (OrgKind.WOMEN, OrgKind.FARMERS, OrgKind.FRONT)
OCTOBER = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def registers(cast) -> DemoContext:
    """Organizations of the province and of communes A and B, three branches in each of four
    villages, six people a village (the first three cadres), each a member of a branch."""
    village_b2 = make_village(cast.commune_b, "02", "Khu vực Hai")
    villages = {cast.commune_a.pk: [cast.village_a1, cast.village_a2],
                cast.commune_b.pk: [cast.village_b1, village_b2]}
    orgs = {(cast.commune_a.pk, OrgKind.WOMEN): cast.org_women_a, (cast.commune_b.pk, OrgKind.WOMEN): cast.org_women_b}
    levels = {cast.province: OrgLevel.PROVINCE, cast.commune_a: OrgLevel.COMMUNE, cast.commune_b: OrgLevel.COMMUNE}
    missing = [(unit, kind) for unit in levels for kind in KINDS if (unit.pk, kind) not in orgs]
    orgs |= {(unit.pk, kind): Organization.objects.create(code=f"{kind}-{unit.code}", kind=kind, level=levels[unit],
                                                          name=f"{OrgKind(kind).label} {unit.name}", unit=unit)
             for unit, kind in missing}
    existing = {cast.village_a1.pk: cast.branch_a1, cast.village_b1.pk: cast.branch_b1}
    for commune, units in villages.items():
        for village in units:
            branches = [Branch.objects.create(code=f"CH-{village.key}-{kind}", name=f"Chi hội {village.name}",
                                              kind=BranchKind.CHI_HOI, organization=orgs[(commune, kind)], unit=village)
                        for kind in KINDS if not (kind == OrgKind.WOMEN and village.pk in existing)]
            branches += [existing[village.pk]] if village.pk in existing else []
            for n in range(6):
                person = Person.objects.create(code=f"CN-{village.key}-{n}", full_name=f"Trần Thị {n}", unit=village,
                                               sex=Sex.FEMALE, is_cadre=n < 3)
                Membership.objects.create(person=person, branch=branches[n % len(branches)])
    return DemoContext(provinces=[cast.province], communes=[cast.commune_a, cast.commune_b], villages=villages,
                       reference_date=dt.date(2026, 10, 31))


def snapshot() -> dict[str, list[tuple]]:
    return {
        "cadres": list(Cadre.objects.order_by("person__code").values_list(
            "person__code", "person__full_name", "level", "organization__code", "position", "unit__key",
            "account__username")),
        "assignments": sorted((a.cadre.person.code, a.start, a.end, a.committee,
                               tuple(sorted(a.areas.values_list("key", flat=True))))
                              for a in Assignment.objects.select_related("cadre__person")),
        "schedules": list(Schedule.objects.order_by("branch__code").values_list(
            "branch__code", "kind", "day", "week", "weekday", "time")),
        "exceptions": list(ScheduleException.objects.order_by("schedule__branch__code", "date").values_list(
            "schedule__branch__code", "date", "moved_to", "reason")),
        "meetings": list(Meeting.objects.order_by("branch__code", "date").values_list(
            "branch__code", "date", "attendance", "members", "topics", "opinions", "party_admissions")),
        "planned": list(PlannedVisit.objects.order_by("assignment__cadre__person__code", "date").values_list(
            "assignment__cadre__person__code", "branch__code", "date")),
        "visits": list(Visit.objects.order_by("cadre__person__code", "date", "branch__code").values_list(
            "cadre__person__code", "branch__code", "date", "attended", "absence_reason", "attendance",
            "on_schedule", "well_prepared", "members_spoke", "minutes_kept", "opinions", "planned__date")),
    }


def build() -> tuple[Cast, DemoContext, dict[str, int]]:
    cast = build_cast()
    ctx = registers(cast)
    User.objects.create_user("canbo")  # `danvan demo` makes its users (this one too) before the apps' data
    return cast, ctx, demo.build(ctx)


@pytest.fixture(scope="module")
def built_for_module(django_db_setup, django_db_blocker):
    """Built once; each test sees it in its own savepoint (tests/module_data.py)."""
    yield from built_once(django_db_blocker, build)


@pytest.fixture
def built(built_for_module, db):
    return built_for_module[1:]


@pytest.fixture
def cast(built_for_module, db) -> Cast:
    return built_for_module[0]


@pytest.mark.django_db
def test_counts_rules_and_placement(built, cast):
    ctx, counts = built
    assert demo.is_built(ctx)
    assert counts == {
        "visit rules": 3, "cadres": 11,
        "assignments": Assignment.objects.count(), "schedules": 12,
        "schedule exceptions": ScheduleException.objects.count(), "meetings": Meeting.objects.count(),
        "plans": 1, "planned visits": PlannedVisit.objects.count(), "visits": Visit.objects.count(),
        "field logins linked": 1}
    # The registers' cadres (six a commune): two of the former district and three of the commune
    # in each commune, one of the two left over for the province.
    assert Counter(Cadre.objects.values_list("level", flat=True)) == {
        CadreLevel.PROVINCE: 1, CadreLevel.DISTRICT: 4, CadreLevel.COMMUNE: 6}
    assert not Cadre.objects.exclude(person__is_cadre=True).exists()
    assert set(VisitRule.objects.values_list("level", "visits", "period", "valid_from", "valid_to")) == {
        (CadreLevel.PROVINCE, 1, "month", dt.date(2023, 1, 1), None),
        (CadreLevel.DISTRICT, 1, "month", dt.date(2023, 1, 1), dt.date(2025, 6, 30)),
        (CadreLevel.COMMUNE, 1, "month", dt.date(2023, 1, 1), None)}
    for model in MODELS:
        rows = model.objects.all()
        assert rows.exists(), model
        placed = rows.values_list("unit_path", "province_id", "commune_id", "unit__path", "unit__province_id",
                                  "unit__commune_id")
        assert all(row[:3] == row[3:] for row in placed), model
        for row in rows[:200]:
            row.full_clean()
    for model in (Schedule, Meeting, PlannedVisit, Visit):
        assert not model.objects.exclude(unit=F("branch__unit")).exists(), model
        assert not model.objects.exclude(org_kind=F("branch__org_kind")).exists(), model
    assert not Visit.objects.exclude(cadre_level=F("cadre__level")).exists()
    assert not Visit.objects.exclude(cadre=F("assignment__cadre")).exists()
    assert ledger.check() == (0, [])


@pytest.mark.django_db
def test_visits_lie_in_their_assignment_on_days_the_branch_met(built):
    schedules = Schedule.objects.all()
    days = meeting_days(schedules, dt.date(2023, 11, 1), dt.date(2026, 10, 31))
    held = defaultdict(set)
    for branch, day in Meeting.objects.values_list("branch_id", "date"):
        held[branch].add(day)
    assert all(held[branch] <= set(dates) for branch, dates in days.items())  # meetings on schedule days
    assert sum(len(d) for d in days.values()) > Meeting.objects.count()  # a few not held
    assert ScheduleException.objects.filter(moved_to__isnull=True).exists()
    assert ScheduleException.objects.filter(moved_to__isnull=False).exists()
    areas = defaultdict(set)
    for assignment, unit in Assignment.areas.through.objects.values_list("assignment_id", "adminunit_id"):
        areas[assignment].add(unit)
    for visit in Visit.objects.select_related("assignment", "branch"):
        a = visit.assignment
        assert visit.branch.unit_id in areas[a.pk] or visit.branch.commune_id in areas[a.pk], visit
        assert a.start <= visit.date and (a.end is None or visit.date <= a.end), visit
        assert visit.date in held[visit.branch_id], visit
    assert not Assignment.objects.filter(cadre__level=CadreLevel.DISTRICT).exclude(end=dt.date(2025, 6, 30)).exists()
    assert not Visit.objects.filter(cadre_level=CadreLevel.DISTRICT, date__gt=dt.date(2025, 6, 30)).exists()
    missed = Visit.objects.filter(attended=False)
    assert missed.exists() and not missed.filter(absence_reason="").exists()
    assert Visit.objects.exclude(opinions="").exists() and Meeting.objects.filter(party_admissions__gt=0).exists()


@pytest.mark.django_db
def test_visits_by_level_have_the_seed_shape_and_most_cadres_attend_monthly(built):
    by_level = Counter(Visit.objects.values_list("cadre_level", flat=True))
    assert 0 < by_level[CadreLevel.PROVINCE] < by_level[CadreLevel.DISTRICT] < by_level[CadreLevel.COMMUNE]
    every_month = 0
    assignments = Assignment.objects.all()
    for a in assignments:
        last = min(a.end or dt.date(2026, 9, 30), dt.date(2026, 9, 30))
        wanted = set(months(a.start, last))
        seen = {(d.year, d.month) for d in a.visits.values_list("date", flat=True)}
        every_month += wanted <= seen
    assert every_month >= 0.6 * assignments.count()
    assert every_month < assignments.count()  # a minority misses months


@pytest.mark.django_db
def test_every_indicator_has_data_for_the_province_in_2026(built):
    report = build_report(resolve_unit("92"), parse_period("2026"), None)
    assert {code: report.value(code) > 0 for code in CODES} == dict.fromkeys(CODES, True)
    visits = Visit.objects.filter(date__year=2026, attended=True)
    meetings = Meeting.objects.filter(date__year=2026)
    assert report.value("MV-VISITS") == visits.count()
    assert report.value("MV-HELD") == meetings.count()
    assert report.value("MV-PARTY") == meetings.aggregate(n=Sum("party_admissions"))["n"]
    assert report.value("MV-ASSIGNED") == Cadre.objects.filter(assignments__end__isnull=True).distinct().count()
    assert report.value("MV-MONTHLY-N") == visits.values("cadre").distinct().count()
    # The share's denominator: cadres assigned at some time in 2026 (not only at its end), so ≤ 100 %.
    in_year = Assignment.objects.filter(Q(end__isnull=True) | Q(end__gte=dt.date(2026, 1, 1)),
                                        start__lte=dt.date(2026, 12, 31)).values("cadre").distinct().count()
    assert report.value("MV-ASSIGNED-IN") == in_year
    assert report.value("MV-MONTHLY") == round(100 * report.value("MV-MONTHLY-N") / in_year, 2)
    assert report.value("MV-MONTHLY") <= 100


@pytest.mark.django_db
def test_the_october_plan_and_the_field_login(built, cast):
    plan = Plan.objects.get()
    assert (plan.unit, plan.start, plan.end, plan.state) == (cast.province, *OCTOBER, PlanState.PUBLISHED)
    assert (plan.report["status"], plan.report["unmet"], plan.report["problems"]) == ("OPTIMAL", [], [])
    in_force = Assignment.objects.filter(start__lte=OCTOBER[1], end__isnull=True)
    assert sorted(plan.visits.values_list("assignment_id", flat=True)) == sorted(in_force.values_list("pk", flat=True))
    days = meeting_days(Schedule.objects.all(), *OCTOBER)
    for planned in plan.visits.all():
        assert planned.date in days[planned.branch_id]
        assert planned.assignment.areas.filter(pk__in=(planned.branch.unit_id, planned.branch.commune_id)).exists()
    # The plan's visits up to a week before the reference date are reported (but the field login's).
    reported = Visit.objects.filter(planned__isnull=False)
    assert reported.exists() and not reported.exclude(date=F("planned__date")).exists()
    assert not reported.filter(date__gt=dt.date(2026, 10, 24)).exists()
    cadre = Cadre.objects.get(account__username="canbo")
    assert (cadre.unit, cadre.level) == (cast.commune_a, CadreLevel.COMMUNE)
    mine = PlannedVisit.objects.filter(assignment__cadre=cadre)
    assert mine.count() == 1 and not mine.filter(reports__isnull=False).exists()


@pytest.mark.django_db
def test_reset_removes_everything_it_built_and_a_rebuild_is_the_same(built):
    ctx, counts = built
    first = snapshot()
    deleted = demo.reset(ctx)
    assert deleted == {key: counts[key] for key in (
        "visits", "planned visits", "plans", "meetings", "schedule exceptions", "schedules", "assignments",
        "cadres", "visit rules")}
    assert not demo.is_built(ctx)
    assert not any(model.objects.exists() for model in MODELS)
    assert not Assignment.areas.through.objects.exists()
    assert Person.objects.count() == 24  # the registers stay
    assert User.objects.filter(username="canbo").exists()  # the login stays, as the demo's users do
    assert ledger.check() == (0, [])
    assert demo.build(ctx) == counts
    assert snapshot() == first

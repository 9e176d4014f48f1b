"""The app's demo data (``core.demo`` hook) on a small register of the cast's communes: every
WK-*, CT-*, TR-* and AW-* figure has data for the province in 2026, the rows pass the models' own
rules, financing adds up, houses go to poor households of their commune, help out of poverty comes
with the 2026 review, reset removes everything it built (the added reviews too), and a second
build gives the same rows."""

import datetime as dt
from collections import Counter

import pytest
from django.db.models import F, Q, Sum

from danvan.core.demo import DemoContext
from danvan.core.text import fold, sort_key
from danvan.exemplars import demo as exemplars_demo
from danvan.indicators import ledger
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.periods import parse_period
from danvan.people.choices import BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex
from danvan.people.models import Branch, Household, HouseholdPoverty, Membership, Organization, Person
from danvan.testing import build_cast, make_village
from tests.module_data import built_once

from .. import demo
from ..choices import CommendationForm, ContributorType, HouseKind, IssuerLevel, WorkKind, WorkState
from ..models import (
    Campaign,
    Commendation,
    Contribution,
    PovertyHelp,
    Trainee,
    TrainingCourse,
    VillageDecision,
    Work,
)

MODELS = (Campaign, Work, VillageDecision, Contribution, PovertyHelp, TrainingCourse, Trainee, Commendation)
CODES = ("WK-HOUSE", "WK-HOUSE-VND", "WK-SCHOLAR", "WK-SCHOLAR-VND", "WK-WORKS", "WK-WORKS-VND", "WK-POVERTY",
         "CT-CASH", "CT-LABOR", "CT-LAND", "TR-COUNT", "TR-TRAINEES", "AW-COUNT", "AW-LEVEL")
P, N, X = PovertyStatus.POOR, PovertyStatus.NEAR_POOR, PovertyStatus.NONE
# A village's households: their 2024 and 2025 reviews (poor in 2025: 0, 1, 4; out in 2025: 2, 3).
REVIEWS = ((P, P), (N, N), (P, X), (N, X), (X, P), (X, X), (X, X), (X, X))
KINDS = (OrgKind.WOMEN, OrgKind.FARMERS, OrgKind.VETERANS, OrgKind.YOUTH, OrgKind.FRONT)


def registers(cast) -> DemoContext:
    """Organizations of the province and of communes A and B, a branch of each kind in four
    villages, eight households a village (reviews as ``REVIEWS``) with one member each."""
    village_b2 = make_village(cast.commune_b, "02", "Khu vực Hai")
    villages = {cast.commune_a.pk: [cast.village_a1, cast.village_a2],
                cast.commune_b.pk: [cast.village_b1, village_b2]}
    orgs = {(cast.commune_a.pk, OrgKind.WOMEN): cast.org_women_a, (cast.commune_b.pk, OrgKind.WOMEN): cast.org_women_b}
    for unit, level in ((cast.province, OrgLevel.PROVINCE), (cast.commune_a, OrgLevel.COMMUNE),
                        (cast.commune_b, OrgLevel.COMMUNE)):
        for kind in KINDS:
            if (unit.pk, kind) not in orgs:
                orgs[(unit.pk, kind)] = Organization.objects.create(
                    code=f"{kind}-{unit.code}", name=f"{OrgKind(kind).label} {unit.name}", kind=kind, level=level,
                    unit=unit)
    for commune, units in villages.items():
        for village in units:
            branches = {kind: Branch.objects.create(code=f"CH-{village.key}-{kind}", name=f"Chi hội {village.name}",
                                                    kind=BranchKind.CHI_HOI, organization=orgs[(commune, kind)],
                                                    unit=village) for kind in KINDS}
            for n, (before, last) in enumerate(REVIEWS):
                household = Household.objects.create(code=f"HO-{village.key}-{n}", head_name=f"Lê Văn {n} {village.code}",
                                                     unit=village, size=4)
                HouseholdPoverty.objects.create(household=household, year=2024, status=before)
                HouseholdPoverty.objects.create(household=household, year=2025, status=last)
                person = Person.objects.create(code=f"CN-{village.key}-{n}", full_name=f"Trần Thị {n}", unit=village,
                                               sex=Sex.FEMALE, household=household, is_cadre=n == 0)
                Membership.objects.create(person=person, branch=branches[KINDS[n % len(KINDS)]])
    return DemoContext(provinces=[cast.province], communes=[cast.commune_a, cast.commune_b], villages=villages,
                       reference_date=dt.date(2026, 10, 31))


def snapshot() -> dict[str, list[tuple]]:
    return {
        "works": list(Work.objects.order_by("code").values_list(
            "code", "name", "kind", "house_kind", "state", "started", "handed_over", "value_vnd", "budget_vnd",
            "people_vnd", "beneficiary__code", "campaign__code", "public")),
        "contributions": list(Contribution.objects.order_by("work__code", "day", "unit__key", "cash_vnd", "labor_days")
                              .values_list("work__code", "campaign__code", "day", "contributor_type",
                                           "household__code", "show_name", "cash_vnd", "labor_days", "land_m2")),
        "helps": list(PovertyHelp.objects.order_by("household__code", "year").values_list(
            "household__code", "member__code", "year", "organization__code", "value_vnd")),
        "reviews": list(HouseholdPoverty.objects.filter(year=2026).order_by("household__code")
                        .values_list("household__code", "status")),
        "courses": list(TrainingCourse.objects.order_by("code").values_list("code", "start", "trainee_count")),
        "commendations": list(Commendation.objects.order_by("day", "issuer", "collective_name").values_list(
            "day", "form", "issuer_level", "issuer", "collective_name", "person__code", "campaign__code", "year")),
    }


def build() -> tuple[DemoContext, dict[str, int]]:
    ctx = registers(build_cast())
    exemplars_demo.build(ctx)  # the campaigns demo runs after the exemplars' (INSTALLED_APPS order)
    return ctx, demo.build(ctx)


@pytest.fixture(scope="module")
def built_for_module(django_db_setup, django_db_blocker):
    """Built once (~9 s on PostgreSQL); each test sees it in its own savepoint (tests/module_data.py)."""
    yield from built_once(django_db_blocker, build)


@pytest.fixture
def built(built_for_module, db):
    return built_for_module


@pytest.mark.django_db
def test_every_indicator_has_data_for_the_province_in_2026(built):
    ctx, counts = built
    assert demo.is_built(ctx)
    report = build_report(resolve_unit("92"), parse_period("2026"), None)
    assert {code: report.value(code) > 0 for code in CODES} == dict.fromkeys(CODES, True)
    # The works of the year are those handed over in it; each figure is the rows' sum.
    done = Work.objects.filter(state=WorkState.HANDED_OVER, handed_over__year=2026)
    houses = done.filter(kind=WorkKind.HOUSE)
    assert report.value("WK-HOUSE") == houses.count()
    assert report.value("WK-HOUSE-VND") == houses.aggregate(v=Sum("value_vnd"))["v"]
    assert report.value("WK-SCHOLAR") == done.filter(kind=WorkKind.SCHOLARSHIP).aggregate(v=Sum("quantity"))["v"]
    cash = Contribution.objects.filter(day__year=2026).aggregate(v=Sum("cash_vnd"), d=Sum("labor_days"),
                                                                 m=Sum("land_m2"))
    assert (report.value("CT-CASH"), report.value("CT-LABOR"), report.value("CT-LAND")) == (cash["v"], cash["d"],
                                                                                         cash["m"])
    assert report.value("AW-COUNT") == report.value("AW-LEVEL") == Commendation.objects.filter(day__year=2026).count()
    assert report.value("WK-POVERTY") == PovertyHelp.objects.filter(
        year=2026, household__poverty__year=2026, household__poverty__status=PovertyStatus.NONE).count()
    # WK-POVERTY has data in 2025 too: helped households that left poverty in the 2025 review.
    assert build_report(resolve_unit("92"), parse_period("2025"), None).value("WK-POVERTY") > 0
    assert counts == {
        "campaigns": Campaign.objects.count(), "works": Work.objects.count(), "houses": houses.model.objects.filter(
            kind=WorkKind.HOUSE).count(), "public works": Work.objects.filter(public=True).count(),
        "village decisions": VillageDecision.objects.count(), "contributions": Contribution.objects.count(),
        "poverty help": PovertyHelp.objects.count(),
        "poverty reviews 2026": HouseholdPoverty.objects.filter(year=2026).count(),
        "training courses": TrainingCourse.objects.count(), "trainees": Trainee.objects.count(),
        "commendations": Commendation.objects.count()}
    assert ledger.check() == (0, [])


@pytest.mark.django_db
def test_the_rows_pass_the_models_rules_and_are_placed(built):
    for model in MODELS:
        rows = model.objects.all()
        assert rows.exists(), model
        for row in rows:
            row.full_clean()
        assert not rows.exclude(unit_path=F("unit__path")).exists(), model
        assert not rows.exclude(province_id=F("unit__province_id")).exists(), model
    for model in (Campaign, Work, PovertyHelp, TrainingCourse):
        assert not model.objects.filter(organization__isnull=False).exclude(org_kind=F("organization__kind")).exists()
    for model, name in ((Campaign, "name"), (Work, "name"), (TrainingCourse, "name")):
        for row in model.objects.all():
            assert (row.name_folded, row.name_sort) == (fold(getattr(row, name)), sort_key(getattr(row, name)))
    # A contribution takes its work's campaign and organization kind; a trainee its course's unit.
    assert not Contribution.objects.filter(work__isnull=False).exclude(org_kind=F("work__org_kind")).exists()
    assert not Contribution.objects.filter(work__campaign__isnull=False).exclude(campaign=F("work__campaign")).exists()
    assert not Trainee.objects.exclude(unit=F("course__unit")).exists()
    assert Campaign.objects.filter(unit__level=1).count() == 6 and Campaign.objects.filter(
        name="Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh", organization__code="front-92").exists()


@pytest.mark.django_db
def test_works_financing_and_contributions(built):
    works = Work.objects.all()
    assert {k for k in works.values_list("kind", flat=True)} == set(WorkKind)
    assert set(works.filter(kind=WorkKind.HOUSE).values_list("house_kind", flat=True)) == set(HouseKind)
    assert set(works.values_list("state", flat=True)) == set(WorkState)
    assert works.filter(started__year=2025, handed_over__year=2026).exists()  # across the turn of the year
    assert works.filter(public=True).exists()
    for work in works:
        assert work.budget_vnd + work.organizations_vnd + work.people_vnd + work.sponsors_vnd == work.value_vnd > 0
        given = Contribution.objects.filter(work=work)
        people = given.exclude(contributor_type=ContributorType.COLLECTIVE).aggregate(v=Sum("cash_vnd"))["v"] or 0
        sponsors = given.filter(contributor_type=ContributorType.COLLECTIVE).aggregate(v=Sum("cash_vnd"))["v"] or 0
        if work.state == WorkState.PLANNED:
            assert not given.exists() and work.spent_vnd is None
        else:  # the people's share is what the villages gave
            assert (work.people_vnd, work.sponsors_vnd >= sponsors) == (people, True), work
            assert 0 < work.spent_vnd <= work.value_vnd
        if work.kind == WorkKind.SCHOLARSHIP:
            assert 5 <= work.quantity <= 50 and work.unit.level == 3
    for house in works.filter(kind=WorkKind.HOUSE):
        beneficiary = house.beneficiary
        assert beneficiary.commune_id == house.commune_id and beneficiary.unit_id == house.unit_id
        assert beneficiary.poverty.get(year=2025).status in (P, N)
    assert works.filter(kind=WorkKind.HOUSE).values("beneficiary").distinct().count() == works.filter(
        kind=WorkKind.HOUSE).count()
    # Contributions: every kind of contributor; land only to roads and alleys; about half named.
    given = Contribution.objects.all()
    assert set(given.values_list("contributor_type", flat=True)) == set(ContributorType)
    assert given.filter(land_m2__gt=0).exists() and given.filter(labor_days__gt=0).exists()
    assert not given.filter(land_m2__gt=0).exclude(work__kind__in=(WorkKind.ROAD, WorkKind.ALLEY)).exists()
    households = given.filter(contributor_type=ContributorType.HOUSEHOLD)
    assert 0.25 < households.filter(show_name=True).count() / households.count() < 0.75
    assert given.filter(work__isnull=True, campaign__code="PT-92-VNN").exists()
    assert given.filter(work__isnull=False).exclude(unit=F("work__unit")).exists()  # from a second village
    assert not given.exclude(unit__level=4).exists()
    assert not given.filter(work__isnull=False).exclude(commune=F("work__commune")).exists()
    assert not given.filter(day__gt=dt.date(2026, 10, 31)).exists()


@pytest.mark.django_db
def test_village_decisions_behind_most_contributions(built):
    decisions = VillageDecision.objects.all()
    assert decisions.exists()
    for decision in decisions:
        assert decision.households == Household.objects.filter(unit=decision.unit).count()
        assert decision.households / 2 <= decision.attending <= decision.households
        assert decision.attending * 0.8 - 1 <= decision.agreeing <= decision.attending
        assert decision.work.commune_id == decision.commune_id
    to_works = Contribution.objects.filter(work__isnull=False).exclude(contributor_type=ContributorType.COLLECTIVE)
    assert to_works.filter(decision__isnull=False).count() > to_works.count() / 2
    assert not Contribution.objects.filter(decision__isnull=False).exclude(decision__unit=F("unit")).exists()
    assert not Contribution.objects.filter(decision__isnull=False).exclude(decision__work=F("work")).exists()
    assert not Contribution.objects.filter(decision__isnull=False, day__lt=F("decision__day")).exists()


@pytest.mark.django_db
def test_poverty_help_and_the_added_reviews(built):
    helps = PovertyHelp.objects.all()
    assert set(helps.values_list("year", flat=True)) == {2025, 2026}
    for help_ in helps.select_related("household", "member", "organization"):
        status = dict(help_.household.poverty.values_list("year", "status"))
        assert help_.member.household_id == help_.household_id
        assert Membership.objects.filter(person=help_.member, branch__organization=help_.organization).exists()
        if help_.year == 2026:
            assert status[2025] in (P, N) and 2026 in status
        else:
            assert status[2024] in (P, N) and status[2025] == X
    # The 2026 reviews are the helped households' only: most of those helped in 2026 left poverty.
    reviewed = set(HouseholdPoverty.objects.filter(year=2026).values_list("household_id", flat=True))
    assert reviewed == set(helps.filter(Q(year=2026) | Q(household__poverty__year=2026))
                           .values_list("household_id", flat=True))
    exits = helps.filter(year=2026, household__poverty__year=2026, household__poverty__status=X).count()
    assert exits > helps.filter(year=2026).count() / 2
    # Each added review carries its household's province (the distribution key).
    added = HouseholdPoverty.objects.filter(year=2026).select_related("household")
    assert added and all(r.province_id == r.household.province_id is not None for r in added)


@pytest.mark.django_db
def test_training_and_commendations(built):
    courses = TrainingCourse.objects.all()
    assert set(courses.values_list("unit__level", flat=True)) == {1, 3}  # province and commune
    assert set(courses.values_list("start__year", flat=True)) == {2025, 2026}
    named = courses.filter(trainees__isnull=False).distinct()
    assert named.exists() and not named.exclude(trainee_count=0).exists()
    assert not courses.exclude(pk__in=named).filter(trainee_count=0).exists()
    assert not Trainee.objects.exclude(person__commune__in=[c.pk for c in built[0].communes]).exists()
    awards = Commendation.objects.all()
    assert {(f, lv) for f, lv in awards.values_list("form", "issuer_level")} >= {
        (CommendationForm.CERTIFICATE, IssuerLevel.COMMUNE), (CommendationForm.CERTIFICATE, IssuerLevel.PROVINCE),
        (CommendationForm.MERIT, IssuerLevel.PROVINCE), (CommendationForm.FLAG, IssuerLevel.PROVINCE),
        (CommendationForm.MERIT, IssuerLevel.CENTRAL), (CommendationForm.FLAG, IssuerLevel.CENTRAL),
        (CommendationForm.OTHER, IssuerLevel.CENTRAL)}
    assert set(awards.values_list("recipient_type", flat=True)) == {"collective", "person"}
    assert awards.filter(campaign__isnull=False).exists() and awards.filter(year__isnull=False).exists()
    assert awards.filter(exemplar__isnull=False).exists()
    assert Counter(awards.values_list("day__year", flat=True)).keys() <= {2025, 2026}


@pytest.mark.django_db
def test_reset_removes_everything_it_built_and_a_rebuild_is_the_same(built):
    ctx, counts = built
    first = snapshot()
    before = list(HouseholdPoverty.objects.filter(year__lt=2026).order_by("id").values_list("id", "status"))
    deleted = demo.reset(ctx)
    assert deleted == {"poverty reviews 2026": counts["poverty reviews 2026"],
                       "contributions": counts["contributions"], "village decisions": counts["village decisions"],
                       "poverty help": counts["poverty help"], "trainees": counts["trainees"],
                       "training courses": counts["training courses"], "commendations": counts["commendations"],
                       "works": counts["works"], "campaigns": counts["campaigns"]}
    assert not demo.is_built(ctx)
    assert not any(model.objects.exists() for model in MODELS)
    assert not HouseholdPoverty.objects.filter(year=2026).exists()
    assert list(HouseholdPoverty.objects.filter(year__lt=2026).order_by("id").values_list("id", "status")) == before
    report = build_report(resolve_unit("92"), parse_period("2026"), None)
    assert [report.value(code) for code in CODES] == [0] * len(CODES)
    assert ledger.check() == (0, [])
    assert demo.build(ctx) == counts
    assert snapshot() == first

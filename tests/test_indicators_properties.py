"""Property-based tests: the ledger always matches the records, and breakdowns add up."""

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.indicators import ledger
from danvan.indicators.builder import BREAKDOWNS, build_report, resolve_unit
from danvan.indicators.catalog import registry
from danvan.indicators.periods import parse_period
from danvan.people.choices import BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex
from danvan.people.models import Branch, Household, HouseholdPoverty, Membership, Organization, Person

_counter = itertools.count()
day = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2025, 12, 31))
op = st.one_of(
    st.tuples(st.just("member"), st.integers(0, 5), st.integers(0, 9), st.sampled_from(["male", "female"]),
              st.one_of(st.none(), st.integers(1950, 2008)), st.one_of(st.none(), day),
              st.one_of(st.none(), day), st.booleans()),
    st.tuples(st.just("household"), st.integers(0, 5)),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 9)),
    st.tuples(st.just("leave"), st.integers(0, 50), day),
    st.tuples(st.just("delete_membership"), st.integers(0, 50)),
    st.tuples(st.just("delete_person"), st.integers(0, 50)),
    st.tuples(st.just("delete_household"), st.integers(0, 50)),
    st.tuples(st.just("poverty"), st.integers(0, 50), st.integers(2022, 2025),
              st.sampled_from([s for s, _ in PovertyStatus.choices])),
    st.tuples(st.just("delete_poverty"), st.integers(0, 50)),
)


def _pick(qs, index):
    items = list(qs.order_by("id"))
    return items[index % len(items)] if items else None


def _apply(step, branches, villages):
    kind = step[0]
    if kind == "member":
        _, b, h, sex, birth, joined, left, regular = step
        branch = branches[b % len(branches)]
        household = _pick(Household.objects.all(), h) if h < 8 else None
        n = next(_counter)
        person = Person.objects.create(code=f"X{n}", full_name=f"Người {n}", sex=sex, birth_year=birth,
                                       household=household, unit=branch.unit)
        if joined and left and left < joined:
            joined, left = left, joined
        Membership.objects.create(person=person, branch=branch, joined=joined, left=left, attends_regularly=regular)
    elif kind == "household":
        n = next(_counter)
        Household.objects.create(code=f"H{n}", head_name=f"Hộ {n}", unit=villages[step[1] % len(villages)])
    elif kind == "move":
        person = _pick(Person.objects.all(), step[1])
        if person:
            person.household = _pick(Household.objects.all(), step[2]) if step[2] < 8 else None
            person.save()
    elif kind == "leave":
        m = _pick(Membership.objects.all(), step[1])
        if m:
            m.left = max(step[2], m.joined or step[2])
            m.save()
    elif kind in ("delete_membership", "delete_person", "delete_household", "delete_poverty"):
        model = {"delete_membership": Membership, "delete_person": Person, "delete_household": Household,
                 "delete_poverty": HouseholdPoverty}[kind]
        obj = _pick(model.objects.all(), step[1])
        if obj:
            obj.delete()
    elif kind == "poverty":
        household = _pick(Household.objects.all(), step[1])
        if household:
            HouseholdPoverty.objects.update_or_create(household=household, year=step[2],
                                                      defaults={"status": step[3]})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(op, min_size=1, max_size=12))
def test_ledger_matches_records_after_any_edits(cast, steps):
    villages = [cast.village_a1, cast.village_a2, cast.village_b1]
    org, _ = Organization.objects.get_or_create(
        code="DTN-31135", defaults={"name": "Đoàn phường", "kind": OrgKind.YOUTH, "level": OrgLevel.COMMUNE,
                                    "unit": cast.commune_a})
    youth, _ = Branch.objects.get_or_create(
        code="CD-A2", defaults={"name": "Chi đoàn A2", "kind": BranchKind.CHI_DOAN, "organization": org,
                                "unit": cast.village_a2})
    branches = [cast.branch_a1, cast.branch_b1, youth]
    for step in steps:
        _apply(step, branches, villages)
    total, diffs = ledger.check()
    assert total == 0, diffs

    report = build_report(resolve_unit("92"), parse_period("2024-12", "decree09"), list(BREAKDOWNS))
    for result in report.results:
        ind = result.indicator
        if not result.has_data or not ind.additive:
            continue
        for by, breakdown in report.breakdowns.items():
            if ind not in breakdown.columns:
                continue
            parts = sum(row.values[ind.code].value for row in breakdown.rows)
            assert parts == result.current.value, (ind.code, by)
    # Every child commune adds up to the province for the distinct household count too.
    child = report.breakdowns["child"]
    assert sum(r.values["MB-HH-MEMBER"].value for r in child.rows) == report.value("MB-HH-MEMBER")


def test_catalog_declares_every_domain_indicator():
    codes = set(registry.indicators)
    for code in ["MB-MEMBERS", "MB-BRANCHES", "MB-HH-COVER", "MV-REGULAR", "HH-POOR", "BC-AGENCY", "BC-VILLAGE",
                 "EX-COUNT", "CT-CASH", "CT-LABOR", "CT-LAND", "WK-HOUSE", "WK-SCHOLAR", "WK-WORKS", "WK-POVERTY",
                 "MV-VISITS", "MV-MONTHLY", "MV-PARTY", "FB-RECEIVED", "DL-COUNT", "OV-COUNT", "TR-COUNT",
                 "AW-COUNT"]:
        assert code in codes
    assert registry.sourced_codes() >= {"MB-MEMBERS", "MB-HH-COVER", "MV-REGULAR", "HH-POOR"}
    assert registry.sourced_codes() >= {"FB-RECEIVED", "FB-OVERDUE", "DL-COUNT", "OV-COUNT", "OV-ACCEPTED"}
    _ = Sex  # the registers' choices are what the breakdowns list

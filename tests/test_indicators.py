"""The fact ledger and the report builder on records with known totals.

The scenario (all in Thành phố Cần Thơ, 92):
- commune A 31135 (Ninh Kiều; all its predecessors lay in the former Cần Thơ city L92, district
  L916): village A1 with the women's branch: P1 (1990, household H1, since 2020), P2 (1960, H1,
  2019-05-01 → left 2024-06-30, inside 2024), P3 (no birth year, H2, joining date unknown, not
  regular); H3 in A1 has no member.
- commune B 31150 (An Bình): village B1, women's branch: P4 (joined 2024-12-15) and P5 (joined
  2024-12-14) of household H4 — the Decree 09 boundary.
- commune 31321 (Vị Thanh, formerly Hậu Giang L93, district L930): village HG1, youth branch, P6
  (2000, H5, joined 2023-03-01).
- commune 31120 (Cái Khế): village CK1 that lay in L31178 (Bùi Hữu Nghĩa, district L918, split
  in 2025) with P7 (1970, H6); village CK2 that lay in L31120 (district L916) with P8 (1955, H7,
  not regular). Both farmers' branches.
"""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from danvan.geo.models import AdminUnit
from danvan.indicators import ledger
from danvan.indicators.builder import build_report, reachable, resolve_unit
from danvan.indicators.catalog import registry
from danvan.indicators.models import Fact
from danvan.indicators.periods import parse_period
from danvan.people.choices import BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex
from danvan.people.models import Branch, Household, HouseholdPoverty, Membership, Organization, Person
from danvan.testing import make_village

D = dt.date


class Scenario:
    pass


def _branch(code: str, kind: str, village: AdminUnit) -> Branch:
    org = Organization.objects.create(code=f"ORG-{code}", name=f"Tổ chức {code}", kind=kind,
                                      level=OrgLevel.COMMUNE, unit=village.parent)
    return Branch.objects.create(code=code, name=f"Chi hội {code}", kind=BranchKind.CHI_HOI, organization=org,
                                 unit=village)


def _household(code: str, village: AdminUnit) -> Household:
    return Household.objects.create(code=code, head_name=f"Chủ hộ {code}", unit=village)


def _member(code: str, sex: str, birth: int | None, household: Household | None, branch: Branch,
            joined: dt.date | None, left: dt.date | None = None, regular: bool = True) -> Membership:
    person = Person.objects.create(code=code, full_name=f"Người {code}", sex=sex, birth_year=birth,
                                   household=household, unit=branch.unit)
    return Membership.objects.create(person=person, branch=branch, joined=joined, left=left,
                                     attends_regularly=regular)


@pytest.fixture
def sc(cast) -> Scenario:
    s = Scenario()
    s.cast = cast
    a1, b1 = cast.village_a1, cast.village_b1
    s.hg1 = make_village(AdminUnit.objects.get(key="31321"), "01", "Ấp Vị Thanh 1")
    cai_khe = AdminUnit.objects.get(key="31120")
    s.ck1 = make_village(cai_khe, "01", "Khu vực Bùi Hữu Nghĩa", legacy_parent=AdminUnit.objects.get(key="L31178"))
    s.ck2 = make_village(cai_khe, "02", "Khu vực Cái Khế", legacy_parent=AdminUnit.objects.get(key="L31120"))
    youth = _branch("CD-HG1", OrgKind.YOUTH, s.hg1)
    farmers1 = _branch("ND-CK1", OrgKind.FARMERS, s.ck1)
    farmers2 = _branch("ND-CK2", OrgKind.FARMERS, s.ck2)
    s.h = {code: _household(code, village) for code, village in
           [("H1", a1), ("H2", a1), ("H3", a1), ("H4", b1), ("H5", s.hg1), ("H6", s.ck1), ("H7", s.ck2)]}
    s.m = {
        "P1": _member("P1", Sex.FEMALE, 1990, s.h["H1"], cast.branch_a1, D(2020, 1, 1)),
        "P2": _member("P2", Sex.FEMALE, 1960, s.h["H1"], cast.branch_a1, D(2019, 5, 1), D(2024, 6, 30)),
        "P3": _member("P3", Sex.FEMALE, None, s.h["H2"], cast.branch_a1, None, regular=False),
        "P4": _member("P4", Sex.FEMALE, 1985, s.h["H4"], cast.branch_b1, D(2024, 12, 15)),
        "P5": _member("P5", Sex.FEMALE, 2000, s.h["H4"], cast.branch_b1, D(2024, 12, 14)),
        "P6": _member("P6", Sex.MALE, 2000, s.h["H5"], youth, D(2023, 3, 1)),
        "P7": _member("P7", Sex.MALE, 1970, s.h["H6"], farmers1, D(2018, 1, 1)),
        "P8": _member("P8", Sex.MALE, 1955, s.h["H7"], farmers2, D(2018, 1, 1), regular=False),
    }
    HouseholdPoverty.objects.create(household=s.h["H1"], year=2023, status=PovertyStatus.POOR)
    HouseholdPoverty.objects.create(household=s.h["H1"], year=2024, status=PovertyStatus.NEAR_POOR)
    HouseholdPoverty.objects.create(household=s.h["H3"], year=2024, status=PovertyStatus.POOR)
    HouseholdPoverty.objects.create(household=s.h["H2"], year=2022, status=PovertyStatus.NONE)
    return s


def report(key: str, period: str = "2024", mode: str = "calendar", by="child", user=None):
    return build_report(resolve_unit(key), parse_period(period, mode), by, user)


def test_members_at_every_level(sc):
    expected = {"VN": 7, "92": 7, "31135": 2, sc.cast.village_a1.key: 2, sc.cast.village_a2.key: 0,
                "31150": 2, "31321": 1, "31120": 2, sc.ck1.key: 1, sc.ck2.key: 1}
    for key, members in expected.items():
        assert report(key).value("MB-MEMBERS") == members, key


def test_membership_ending_inside_the_period_counts_before_not_after(sc):
    r = report("31135")
    assert r.value("MB-MEMBERS") == 2
    assert r.result("MB-MEMBERS").previous.value == 3  # 31/12/2023: P1, P2, P3
    # ``left`` is the first day no longer a member: on 29/06 P2 still counts, on 30/06 not.
    assert report("31135", "2024-01-01..2024-06-29").value("MB-MEMBERS") == 3
    assert report("31135", "2024H1").value("MB-MEMBERS") == 2


def test_decree09_boundary_14th_and_15th(sc):
    assert report("31150", "2024", "calendar").value("MB-MEMBERS") == 2
    assert report("31150", "2024", "decree09").value("MB-MEMBERS") == 1  # P4 joined 15/12 → 2025
    assert report("31150", "2025-01", "decree09").value("MB-MEMBERS") == 2
    assert report("31150", "2024-12", "decree09").value("MB-MEMBERS") == 1
    assert report("92", "2024", "decree09").value("MB-MEMBERS") == 6


def test_household_coverage_with_a_household_without_members(sc):
    r = report("92")
    cover = r.result("MB-HH-COVER")
    assert (cover.current.numerator, cover.current.denominator, cover.current.value) == (6, 7, 85.71)
    assert (cover.previous.numerator, cover.previous.value) == (5, 71.43)  # H4's members joined Dec 2024
    a = report("31135").result("MB-HH-COVER").current
    assert (a.numerator, a.denominator) == (2, 3)  # H3 has no member


def test_regular_attendance_ratio(sc):
    r = report("VN").result("MV-REGULAR").current
    assert (r.numerator, r.denominator, r.value) == (5, 7, 71.43)


def test_branches_and_poverty(sc):
    r = report("92")
    assert r.value("MB-BRANCHES") == 5
    assert r.value("HH-POOR") == 1 and r.value("HH-NEAR-POOR") == 1 and r.value("HH-POVERTY") == 3
    assert r.result("HH-POOR").previous.value == 1  # 2023: H1 poor
    assert r.result("HH-NEAR-POOR").previous.value == 0


def test_breakdowns_by_sex_age_org_poverty(sc):
    r = report("92", by=["sex", "age", "org", "poverty", "child"])

    def row(by, key, code="MB-MEMBERS"):
        return next(x for x in r.breakdowns[by].rows if x.key == key).values[code].value

    assert (row("sex", "female"), row("sex", "male")) == (4, 3)
    assert [row("age", k) for k in ("a30", "a45", "a60", "a61", "")] == [2, 2, 1, 1, 1]
    assert (row("org", "women"), row("org", "youth"), row("org", "farmers")) == (4, 1, 2)
    assert (row("poverty", "poor", "HH-POVERTY"), row("poverty", "near_poor", "HH-POVERTY")) == (1, 1)
    assert row("child", "31120") == 2 and row("child", "31135") == 2


def test_legacy_units_count_exactly_their_records(sc):
    assert report("L93").value("MB-MEMBERS") == 1  # the former Hậu Giang: P6
    assert report("L93").value("MB-HOUSEHOLDS") == 1
    assert report("L92").value("MB-MEMBERS") == 6
    assert report("L31178").value("MB-MEMBERS") == 1  # the split commune: only CK1
    assert report("L918").value("MB-MEMBERS") == 1
    assert report("L916").value("MB-MEMBERS") == 3  # A (P1, P3) and CK2 (P8)
    assert report("L31120").value("MB-MEMBERS") == 1
    hg = report("L93").breakdowns["child"]
    assert {row.key: row.values["MB-MEMBERS"].value for row in hg.rows}["L930"] == 1


def test_scope_rule_for_current_and_legacy_units(sc):
    c = sc.cast
    assert reachable(c.specialist, resolve_unit("L93"))
    assert not reachable(c.editor_a, resolve_unit("92"))
    assert not reachable(c.editor_a, resolve_unit("L93"))
    assert reachable(c.editor_a, resolve_unit("L92"))
    # Reachable, but only the user's own records count.
    assert report("L92", user=c.editor_a).value("MB-MEMBERS") == 2
    assert report("31135", user=c.editor_a).value("MB-MEMBERS") == 2


def test_facts_follow_edits_and_deletes(sc):
    p7 = sc.m["P7"].person
    p7.household = sc.h["H5"]
    p7.save()
    assert report("31120").result("MB-HH-COVER").current.numerator == 1  # H6 lost its only member
    sc.m["P1"].delete()
    assert report("31135").value("MB-MEMBERS") == 1
    sc.h["H4"].delete()
    assert report("31150").value("MB-HOUSEHOLDS") == 0
    HouseholdPoverty.objects.filter(household=sc.h["H3"]).delete()
    assert report("92").value("HH-POOR") == 0
    total, diffs = ledger.check()
    assert total == 0, diffs


def test_check_finds_a_missed_change_and_rebuild_repairs_it(sc):
    Membership.objects.filter(pk=sc.m["P6"].pk).update(left=D(2024, 1, 1))  # no signal
    total, diffs = ledger.check()
    assert total > 0 and {d.row["ref"] for d in diffs} >= {sc.m["P6"].pk}
    ledger.rebuild()
    assert ledger.check()[0] == 0
    assert report("L93").value("MB-MEMBERS") == 0
    assert Fact.objects.filter(indicator="MB-MEMBERS").count() == 10  # 8 starts, P2's and P6's ends


def test_report_command_json(sc, tmp_path, monkeypatch):
    monkeypatch.delitem(registry.sources, "petition")  # FB-* without a source report "chưa có dữ liệu"
    out = tmp_path / "r.json"
    call_command("report", "--unit", "92", "--period", "2024", "--by", "child", "--format", "json", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    members = next(i for i in data["indicators"] if i["code"] == "MB-MEMBERS")
    assert members["value"] == 7 and members["previous"] == 6
    cover = next(i for i in data["indicators"] if i["code"] == "MB-HH-COVER")
    assert (cover["numerator"], cover["denominator"], cover["value"]) == (6, 7, 85.71)
    assert next(i for i in data["indicators"] if i["code"] == "FB-RECEIVED")["has_data"] is False


def test_facts_command_check_exit_codes(sc):
    call_command("facts", "check")
    Membership.objects.filter(pk=sc.m["P6"].pk).update(joined=D(2020, 1, 1))
    with pytest.raises(SystemExit) as exc:
        call_command("facts", "check", stdout=io.StringIO())
    assert exc.value.code == 1


# Every kind of breakdown the totals answer: child units, the province series (organization kind, sex,
# age from birth years) and the series' own columns (category; poverty through base filters).
BY = ["child", "org", "sex", "age", "category"]


@pytest.mark.parametrize("mode", ["calendar", "decree09"])
def test_running_totals_answer_exactly_like_the_facts(sc, mode, monkeypatch):
    from danvan.indicators import builder

    c = sc.cast
    users = [None, c.admin, c.specialist, c.editor_a, c.viewer_a, c.women_only_a]
    used = 0
    legacy_district = AdminUnit.objects.get(key="L31178").parent.key
    for key in ("VN", "92", "31135", "31120", sc.ck1.key, "L93", "L92", legacy_district, "L31178"):
        for period in ("2024", "2024-12", "2024Q4", "2025H1", "2024-9M", "2019", "2024-01-05..2024-02-10", "2040"):
            for user in users:
                unit = resolve_unit(key)
                if user is not None and not builder.reachable(user, unit):
                    continue
                p = parse_period(period, mode)
                used += builder._total_sums(unit, user, ["MB-MEMBERS"], [p], None) is not None
                fast = build_report(unit, p, BY, user).as_json()
                monkeypatch.setattr(builder, "USE_TOTALS", False)
                plain = build_report(unit, p, BY, user).as_json()
                monkeypatch.setattr(builder, "USE_TOTALS", True)
                assert fast == plain, (key, period, getattr(user, "username", None))
    assert used > 20  # the totals did answer most of these


def test_check_finds_a_wrong_running_total_and_rebuild_repairs_it(sc):
    from danvan.indicators.models import FactTotal

    end = D(2024, 12, 31)
    on_end = {"indicator": "MB-MEMBERS", "day__lte": end, "next_day__gt": end}  # the rows holding on that day
    assert FactTotal.objects.filter(grain=1, **on_end).get().value == 7
    FactTotal.objects.filter(grain=2, **on_end).update(value=99)
    total, diffs = ledger.check()
    assert total > 0 and {d.side for d in diffs} >= {"totals", "totals-expected"}
    ledger.rebuild()
    assert ledger.check()[0] == 0
    assert report("92").value("MB-MEMBERS") == 7


@pytest.mark.parametrize("batched", [True, False])
def test_bulk_writes_keep_facts_and_totals_exact(db, batched, monkeypatch):
    import contextlib

    from danvan.demo import generator
    from danvan.indicators import builder

    if not batched:  # one rewrite per bulk_written signal, as a writer without ledger.bulk_batch() does
        monkeypatch.setattr(generator, "_ledger_batch", contextlib.nullcontext)
    spec = generator.DemoSpec(communes=("31135", "31150"), villages_per_commune=(2, 3), households=90,
                              members=140, chunk_rows=70)
    generator.build(spec)
    assert ledger.check() == (0, [])
    fast = report("92", "2025", by=["child"]).as_json()
    monkeypatch.setattr(builder, "USE_TOTALS", False)
    assert report("92", "2025", by=["child"]).as_json() == fast
    assert fast["indicators"][0]["value"] > 0
    generator.reset(spec)
    assert ledger.check() == (0, [])

"""The import walker: every registered import kind checks scope through ``core.scope.Scope``.

For each kind of ``core.imports.specs()`` and two editors — a commune-wide editor
(``cast.editor_a``) and one limited to the Women's Union (``cast.women_only_a``), both of commune A:

- a file with one row outside the editor's unit is rejected whole: nothing is written and the
  message names that row and a column;
- a file with one row of another organization kind (kinds that have one) is rejected whole for
  the kind-limited editor, and accepted for the commune-wide editor;
- a file updating an existing record the editor may not write (in another commune; of another
  organization kind) is rejected whole, although the row's new values are allowed.

The walker iterates ``specs()``, so a new import kind is covered as soon as it is registered: it
fails until the kind has a ``Case`` below, or is listed in ``NOT_EXERCISED`` with a reason.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from danvan.core.imports import ImportFailed, run_import, specs
from danvan.geo.models import AdminUnit
from danvan.people.choices import BranchKind, OrgKind, OrgLevel
from danvan.people.models import Branch, Household, HouseholdPoverty, Membership, Organization, Person
from danvan.testing import Cast

WOMEN, YOUTH = str(OrgKind.WOMEN), str(OrgKind.YOUTH)
EDITORS = ["editor_a", "women_only_a"]

# Import kinds the walker cannot exercise, with the reason (none today).
NOT_EXERCISED: dict[str, str] = {}


# ---------------------------------------------------------------- the world the files refer to


@dataclass
class World:
    cast: Cast
    orgs: dict[tuple[str, str], Organization]  # (place, kind) → organization
    branches: dict[tuple[str, str], Branch]  # (place, kind) → branch in the place's first village

    def commune(self, place: str) -> AdminUnit:
        return self.cast.commune_a if place == "a" else self.cast.commune_b

    def village(self, place: str) -> AdminUnit:
        return self.cast.village_a1 if place == "a" else self.cast.village_b1


@pytest.fixture
def world(cast: Cast) -> World:
    orgs = {("a", WOMEN): cast.org_women_a, ("b", WOMEN): cast.org_women_b}
    branches = {("a", WOMEN): cast.branch_a1, ("b", WOMEN): cast.branch_b1}
    for place, commune, village in (("a", cast.commune_a, cast.village_a1), ("b", cast.commune_b, cast.village_b1)):
        orgs[(place, YOUTH)] = Organization.objects.create(
            code=f"DTN-{commune.code}", name=f"Đoàn Thanh niên {commune.name}", kind=OrgKind.YOUTH,
            level=OrgLevel.COMMUNE, unit=commune)
        branches[(place, YOUTH)] = Branch.objects.create(
            code=f"CH-{village.key}-TN", name=f"Chi đoàn {village.name}", kind=BranchKind.CHI_DOAN,
            organization=orgs[(place, YOUTH)], unit=village)
    return World(cast, orgs, branches)


# ---------------------------------------------------------------- one case per import kind


@dataclass
class Case:
    """How to write a row of one import kind.

    ``row(world, place, kind, n)``: a new record in commune ``place`` ("a" or "b") of organization
    kind ``kind``. ``existing(world, place, kind)``: create a record there and return a row that
    updates it with values the editors may write (commune A, Women's Union); ``None`` when the
    kind's natural key includes its unit (the existing record is then always where the row is,
    so the new-values check covers it) — ``why_no_existing`` says so.
    """

    header: list[str]
    row: Callable[[World, str, str, int], list[str]]
    has_org_kind: bool
    existing: Callable[[World, str, str], list[str]] | None = None
    why_no_existing: str = ""


def _village_row(w: World, place: str, kind: str, n: int) -> list[str]:
    return [w.commune(place).code, f"7{n}", f"Ấp thử {n}", "Ấp"]


def _organization_row(w: World, place: str, kind: str, n: int) -> list[str]:
    return [f"TEST-{place}-{kind}-{n}", f"Tổ chức thử {n}", kind, "commune", w.commune(place).key]


def _existing_organization(w: World, place: str, kind: str) -> list[str]:
    org = Organization.objects.create(code=f"OLD-{place}-{kind}", name="Tổ chức cũ", kind=kind,
                                      level=OrgLevel.COMMUNE, unit=w.commune(place))
    return [org.code, "Tên mới", WOMEN, "commune", w.cast.commune_a.key]


def _branch_row(w: World, place: str, kind: str, n: int) -> list[str]:
    return [f"CHT-{place}-{kind}-{n}", f"Chi hội thử {n}", "chi_hoi", w.orgs[(place, kind)].code,
            w.village(place).key]


def _existing_branch(w: World, place: str, kind: str) -> list[str]:
    branch = Branch.objects.create(code=f"OLD-CH-{place}-{kind}", name="Chi hội cũ", kind=BranchKind.CHI_HOI,
                                   organization=w.orgs[(place, kind)], unit=w.village(place))
    return [branch.code, "Tên mới", "chi_hoi", w.cast.org_women_a.code, w.cast.village_a1.key]


def _household_row(w: World, place: str, kind: str, n: int) -> list[str]:
    return [w.village(place).key, f"HT{n}", f"Chủ hộ thử {n}", "3", "", "2025", "Hộ nghèo"]


def _member_row(w: World, place: str, kind: str, n: int) -> list[str]:
    return [f"PT-{place}-{kind}-{n}", f"Người thử {n}", "Nữ", "1985", "", "", w.branches[(place, kind)].code, "",
            "01/03/2020", "", "có", "không"]


def _existing_member(w: World, place: str, kind: str) -> list[str]:
    person = Person.objects.create(code=f"OLD-P-{place}-{kind}", full_name="Người cũ", sex="female",
                                   unit=w.village(place))
    Membership.objects.create(person=person, branch=w.branches[(place, kind)])
    # The row adds a Women's Union membership in commune A and rewrites the person.
    return [person.code, "Tên mới", "Nữ", "1985", "", "", w.cast.branch_a1.code, "", "01/03/2020", "", "có", "không"]


CASES: dict[str, Case] = {
    "villages": Case(
        ["Mã xã", "Mã thôn", "Tên thôn", "Loại"], _village_row, has_org_kind=False,
        why_no_existing="a village is keyed by its commune and code: the village it updates is in the row's commune"),
    "organizations": Case(
        ["Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Cấp", "Mã đơn vị"], _organization_row, has_org_kind=True,
        existing=_existing_organization),
    "branches": Case(
        ["Mã chi hội", "Tên chi hội", "Loại", "Mã tổ chức", "Mã thôn"], _branch_row, has_org_kind=True,
        existing=_existing_branch),
    "households": Case(
        ["Mã thôn", "Mã hộ", "Chủ hộ", "Số nhân khẩu", "Địa chỉ", "Năm rà soát", "Tình trạng nghèo"], _household_row,
        has_org_kind=False,
        why_no_existing="a household is keyed by its village and code: the household it updates is in the row's village"),
    "members": Case(
        ["Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Số điện thoại", "Mã chi hội", "Mã hộ",
         "Ngày vào", "Ngày ra", "Sinh hoạt thường xuyên", "Là cán bộ"], _member_row, has_org_kind=True,
        existing=_existing_member),
}


def case_for(kind: str) -> Case:
    if kind in NOT_EXERCISED:
        pytest.skip(f"{kind}: {NOT_EXERCISED[kind]}")
    if kind not in CASES:
        pytest.fail(f"new import kind '{kind}': add a Case to tests/test_import_scope.py "
                    "(or list it in NOT_EXERCISED with the reason it cannot be exercised)")
    return CASES[kind]


# ---------------------------------------------------------------- helpers


def csv_file(rows: list[list[str]]) -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def snapshot() -> dict[str, list[Any]]:
    """Every row of every table an import writes."""
    return {
        "villages": list(AdminUnit.objects.filter(level=4).order_by("pk").values_list()),
        **{model.__name__: list(model.objects.order_by("pk").values_list())
           for model in (Organization, Branch, Household, HouseholdPoverty, Person, Membership)},
    }


def rejected(kind: str, rows: list[list[str]], user: Any) -> list[str]:
    before = snapshot()
    with pytest.raises(ImportFailed) as failure:
        run_import(kind, csv_file(rows), f"{kind}.csv", user)
    assert snapshot() == before, "a rejected file must leave the database unchanged"
    return failure.value.errors


def assert_names_row_and_column(errors: list[str], row: int, kind: str) -> None:
    labels = [c.label for c in specs()[kind].columns]
    assert errors, "expected an error"
    for error in errors:
        assert error.startswith(f"Dòng {row}, cột '"), error
        assert any(error.startswith(f"Dòng {row}, cột '{label}': ") for label in labels), error


# ---------------------------------------------------------------- the walker


def test_every_import_kind_is_walked():
    kinds = set(specs())
    unlisted = kinds - set(CASES) - set(NOT_EXERCISED)
    assert not unlisted, f"import kinds without a Case or a reason in NOT_EXERCISED: {sorted(unlisted)}"
    assert all(reason for reason in NOT_EXERCISED.values())
    assert all(case.existing or case.why_no_existing for case in CASES.values())
    assert kinds >= {"villages", "organizations", "branches", "households", "members"}


@pytest.mark.parametrize("editor", EDITORS)
@pytest.mark.parametrize("kind", sorted(specs()))
def test_one_row_outside_the_unit_rejects_the_whole_file(world, kind, editor):
    case = case_for(kind)
    rows = [case.header, case.row(world, "a", WOMEN, 1), case.row(world, "b", WOMEN, 2)]
    errors = rejected(kind, rows, getattr(world.cast, editor))
    assert_names_row_and_column(errors, 3, kind)


@pytest.mark.parametrize("editor", EDITORS)
@pytest.mark.parametrize("kind", sorted(specs()))
def test_one_row_of_another_organization_kind(world, kind, editor):
    case = case_for(kind)
    if not case.has_org_kind:
        pytest.skip(f"{kind} records have no organization kind (shared by every organization)")
    rows = [case.header, case.row(world, "a", WOMEN, 1), case.row(world, "a", YOUTH, 2)]
    user = getattr(world.cast, editor)
    if editor == "women_only_a":
        errors = rejected(kind, rows, user)
        assert_names_row_and_column(errors, 3, kind)
    else:  # the commune-wide editor writes every kind: the same file is accepted
        result = run_import(kind, csv_file(rows), f"{kind}.csv", user)
        assert result.created == 2


@pytest.mark.parametrize("editor", EDITORS)
@pytest.mark.parametrize("kind", sorted(specs()))
def test_a_row_updating_a_record_the_editor_may_not_write(world, kind, editor):
    case = case_for(kind)
    if case.existing is None:
        pytest.skip(f"{kind}: {case.why_no_existing}")
    # The commune-wide editor meets a record of commune B, the Women's Union editor a Youth Union
    # record of her own commune; the row's new values (commune A, Women's Union) are allowed.
    place, kind_ = ("b", WOMEN) if editor == "editor_a" else ("a", YOUTH)
    if editor == "women_only_a" and not case.has_org_kind:
        pytest.skip(f"{kind} records have no organization kind")
    update = case.existing(world, place, kind_)
    rows = [case.header, case.row(world, "a", WOMEN, 1), update]
    errors = rejected(kind, rows, getattr(world.cast, editor))
    assert_names_row_and_column(errors, 3, kind)
    # The same row is fine for someone who may write the record (the row itself is valid).
    result = run_import(kind, csv_file(rows), f"{kind}.csv", world.cast.specialist)
    assert result.rows == 2


# ---------------------------------------------------------------- the reported defects


def test_the_womens_union_editor_cannot_import_a_youth_union_organization(world):
    rows = [CASES["organizations"].header, ["DTN-MOI", "Đoàn Thanh niên mới", "Đoàn Thanh niên", "Cấp xã", "31135"]]
    errors = rejected("organizations", rows, world.cast.women_only_a)
    assert errors == ["Dòng 2, cột 'Loại tổ chức': bạn không được nhập dữ liệu của loại tổ chức 'Đoàn Thanh niên'"]


def test_the_womens_union_editor_cannot_move_a_youth_branch_and_its_members(world):
    youth = world.branches[("a", YOUTH)]
    person = Person.objects.create(code="DV1", full_name="Đoàn viên Một", sex="male", unit=youth.unit)
    Membership.objects.create(person=person, branch=youth)
    rows = [CASES["branches"].header, [youth.code, youth.name, "chi_doan", world.cast.org_women_a.code,
                                       youth.unit.key]]
    errors = rejected("branches", rows, world.cast.women_only_a)
    assert errors == [f"Dòng 2, cột 'Mã chi hội': mã '{youth.code}' đã được dùng cho một bản ghi ngoài phạm vi "
                      "của bạn (đơn vị hoặc loại tổ chức khác)"]
    youth.refresh_from_db()
    assert youth.organization == world.orgs[("a", YOUTH)] and youth.org_kind == YOUTH
    assert Membership.objects.get(person=person).org_kind == YOUTH


def test_a_branch_moved_by_a_commune_editor_takes_its_members_along(world):
    from danvan.indicators import ledger

    youth = world.branches[("a", YOUTH)]
    person = Person.objects.create(code="DV1", full_name="Đoàn viên Một", sex="male", unit=youth.unit)
    membership = Membership.objects.create(person=person, branch=youth)
    rows = [CASES["branches"].header, [youth.code, youth.name, "chi_hoi", world.cast.org_women_a.code,
                                       world.cast.village_a2.key]]
    result = run_import("branches", csv_file(rows), "chi-hoi.csv", world.cast.editor_a)
    assert result.updated == 1
    membership.refresh_from_db()
    assert (membership.org_kind, membership.unit_id) == (WOMEN, world.cast.village_a2.id)
    assert membership.unit_path == world.cast.village_a2.path
    assert ledger.check() == (0, [])


def test_a_member_row_in_a_branch_of_another_kind_is_unknown_to_the_kind_limited_editor(world):
    rows = [CASES["members"].header, _member_row(world, "a", YOUTH, 1)]
    errors = rejected("members", rows, world.cast.women_only_a)
    youth = world.branches[("a", YOUTH)].code
    assert errors == [f"Dòng 2, cột 'Mã chi hội': Chi hội '{youth}' không tồn tại hoặc nằm ngoài phạm vi của bạn"]


def test_a_person_of_the_womens_union_and_another_kind_may_be_updated_by_the_womens_editor(world):
    """A person shared with another organization is hers too: one writable membership suffices."""
    person = Person.objects.create(code="P-CHUNG", full_name="Người chung", sex="female", unit=world.cast.village_a1)
    Membership.objects.create(person=person, branch=world.branches[("a", YOUTH)])
    Membership.objects.create(person=person, branch=world.cast.branch_a1)
    row = [person.code, "Tên mới", "Nữ", "1985", "", "", world.cast.branch_a1.code, "", "01/03/2020", "", "có", "không"]
    result = run_import("members", csv_file([CASES["members"].header, row]), "hv.csv", world.cast.women_only_a)
    assert result.updated == 1
    assert Person.objects.get(code="P-CHUNG").full_name == "Tên mới"


def test_an_organization_whose_kind_changes_takes_its_branches_and_members_along(world):
    from danvan.indicators import ledger

    org = world.orgs[("a", YOUTH)]
    youth = world.branches[("a", YOUTH)]
    person = Person.objects.create(code="DV1", full_name="Đoàn viên Một", sex="male", unit=youth.unit)
    Membership.objects.create(person=person, branch=youth)
    rows = [CASES["organizations"].header, [org.code, org.name, "farmers", "commune", world.cast.commune_a.key]]
    assert run_import("organizations", csv_file(rows), "tc.csv", world.cast.editor_a).updated == 1
    youth.refresh_from_db()
    assert youth.org_kind == "farmers"
    assert Membership.objects.get(person=person).org_kind == "farmers"
    assert ledger.check() == (0, [])

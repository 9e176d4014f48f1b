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
fails until the kind's app gives its cases (``import_cases(cast)`` in ``<app>/testing.py``), or the
kind is listed in ``NOT_EXERCISED`` with a reason.
"""

import csv
import io
from typing import Any

import pytest

from danvan.core.imports import ImportFailed, run_import, specs
from danvan.people.models import Membership, Person
from danvan.people.testing import MEMBER_HEADER, WOMEN, YOUTH, ImportWorld, import_world, member_row
from danvan.testing import Cast, ImportCase, import_cases

EDITORS = ["editor_a", "women_only_a"]

# Import kinds the walker cannot exercise, with the reason (none today).
NOT_EXERCISED: dict[str, str] = {}


@pytest.fixture
def world(cast: Cast) -> ImportWorld:
    return import_world(cast)


@pytest.fixture
def cases(cast: Cast) -> dict[str, ImportCase]:
    return import_cases(cast)


def case_for(cases: dict[str, ImportCase], kind: str) -> ImportCase:
    if kind in NOT_EXERCISED:
        pytest.skip(f"{kind}: {NOT_EXERCISED[kind]}")
    if kind not in cases:
        pytest.fail(f"new import kind '{kind}': give its app an import_cases(cast) in <app>/testing.py "
                    "(or list it in NOT_EXERCISED with the reason it cannot be exercised)")
    return cases[kind]


# ---------------------------------------------------------------- helpers


def csv_file(rows: list[list[str]]) -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def snapshot(models: tuple[type, ...]) -> dict[str, list[Any]]:
    """Every row of every table an import writes."""
    return {model.__name__: list(model._default_manager.order_by("pk").values_list()) for model in models}


def rejected(kind: str, rows: list[list[str]], user: Any, models: tuple[type, ...] = ()) -> list[str]:
    tables = models or (Person, Membership)
    before = snapshot(tables)
    with pytest.raises(ImportFailed) as failure:
        run_import(kind, csv_file(rows), f"{kind}.csv", user)
    assert snapshot(tables) == before, "a rejected file must leave the database unchanged"
    return failure.value.errors


def assert_names_row_and_column(errors: list[str], row: int, kind: str) -> None:
    labels = [c.label for c in specs()[kind].columns]
    assert errors, "expected an error"
    for error in errors:
        assert error.startswith(f"Dòng {row}, cột '"), error
        assert any(error.startswith(f"Dòng {row}, cột '{label}': ") for label in labels), error


# ---------------------------------------------------------------- the walker


def test_every_import_kind_is_walked(cases):
    kinds = set(specs())
    unlisted = kinds - set(cases) - set(NOT_EXERCISED)
    assert not unlisted, f"import kinds without a case (<app>/testing.py) or a reason in NOT_EXERCISED: {sorted(unlisted)}"
    assert all(reason for reason in NOT_EXERCISED.values())
    assert all(case.existing or case.why_no_existing for case in cases.values())
    assert all(case.models for case in cases.values())
    assert kinds >= {"villages", "organizations", "branches", "households", "members"}


@pytest.mark.parametrize("editor", EDITORS)
@pytest.mark.parametrize("kind", sorted(specs()))
def test_one_row_outside_the_unit_rejects_the_whole_file(cast, cases, kind, editor):
    case = case_for(cases, kind)
    rows = [case.header, case.row("a", WOMEN, 1), case.row("b", WOMEN, 2)]
    errors = rejected(kind, rows, getattr(cast, editor), case.models)
    assert_names_row_and_column(errors, 3, kind)


@pytest.mark.parametrize("editor", EDITORS)
@pytest.mark.parametrize("kind", sorted(specs()))
def test_one_row_of_another_organization_kind(cast, cases, kind, editor):
    case = case_for(cases, kind)
    if not case.has_org_kind:
        pytest.skip(f"{kind} records have no organization kind (shared by every organization)")
    rows = [case.header, case.row("a", WOMEN, 1), case.row("a", YOUTH, 2)]
    user = getattr(cast, editor)
    if editor == "women_only_a":
        errors = rejected(kind, rows, user, case.models)
        assert_names_row_and_column(errors, 3, kind)
    else:  # the commune-wide editor writes every kind: the same file is accepted
        result = run_import(kind, csv_file(rows), f"{kind}.csv", user)
        assert result.created == 2


@pytest.mark.parametrize("editor", EDITORS)
@pytest.mark.parametrize("kind", sorted(specs()))
def test_a_row_updating_a_record_the_editor_may_not_write(cast, cases, kind, editor):
    case = case_for(cases, kind)
    if case.existing is None:
        pytest.skip(f"{kind}: {case.why_no_existing}")
    # The commune-wide editor meets a record of commune B, the Women's Union editor a Youth Union
    # record of her own commune; the row's new values (commune A, Women's Union) are allowed.
    place, kind_ = ("b", WOMEN) if editor == "editor_a" else ("a", YOUTH)
    if editor == "women_only_a" and not case.has_org_kind:
        pytest.skip(f"{kind} records have no organization kind")
    update = case.existing(place, kind_)
    rows = [case.header, case.row("a", WOMEN, 1), update]
    errors = rejected(kind, rows, getattr(cast, editor), case.models)
    assert_names_row_and_column(errors, 3, kind)
    # The same row is fine for someone who may write the record (the row itself is valid).
    result = run_import(kind, csv_file(rows), f"{kind}.csv", cast.specialist)
    assert result.rows == 2


# ---------------------------------------------------------------- the reported defects


def test_the_womens_union_editor_cannot_import_a_youth_union_organization(world, cases):
    rows = [cases["organizations"].header, ["DTN-MOI", "Đoàn Thanh niên mới", "Đoàn Thanh niên", "Cấp xã", "31135"]]
    errors = rejected("organizations", rows, world.cast.women_only_a, cases["organizations"].models)
    assert errors == ["Dòng 2, cột 'Loại tổ chức': bạn không được nhập dữ liệu của loại tổ chức 'Đoàn Thanh niên'"]


def test_the_womens_union_editor_cannot_move_a_youth_branch_and_its_members(world, cases):
    youth = world.branches[("a", YOUTH)]
    person = Person.objects.create(code="DV1", full_name="Đoàn viên Một", sex="male", unit=youth.unit)
    Membership.objects.create(person=person, branch=youth)
    rows = [cases["branches"].header, [youth.code, youth.name, "chi_doan", world.cast.org_women_a.code,
                                       youth.unit.key]]
    errors = rejected("branches", rows, world.cast.women_only_a, cases["branches"].models)
    assert errors == [f"Dòng 2, cột 'Mã chi hội': mã '{youth.code}' đã được dùng cho một bản ghi ngoài phạm vi "
                      "của bạn (đơn vị hoặc loại tổ chức khác)"]
    youth.refresh_from_db()
    assert youth.organization == world.orgs[("a", YOUTH)] and youth.org_kind == YOUTH
    assert Membership.objects.get(person=person).org_kind == YOUTH


def test_a_branch_moved_by_a_commune_editor_takes_its_members_along(world, cases):
    from danvan.indicators import ledger

    youth = world.branches[("a", YOUTH)]
    person = Person.objects.create(code="DV1", full_name="Đoàn viên Một", sex="male", unit=youth.unit)
    membership = Membership.objects.create(person=person, branch=youth)
    rows = [cases["branches"].header, [youth.code, youth.name, "chi_hoi", world.cast.org_women_a.code,
                                       world.cast.village_a2.key]]
    result = run_import("branches", csv_file(rows), "chi-hoi.csv", world.cast.editor_a)
    assert result.updated == 1
    membership.refresh_from_db()
    assert (membership.org_kind, membership.unit_id) == (WOMEN, world.cast.village_a2.id)
    assert membership.unit_path == world.cast.village_a2.path
    assert ledger.check() == (0, [])


def test_a_member_row_in_a_branch_of_another_kind_is_unknown_to_the_kind_limited_editor(world):
    rows = [MEMBER_HEADER, member_row(world, "a", YOUTH, 1)]
    errors = rejected("members", rows, world.cast.women_only_a)
    youth = world.branches[("a", YOUTH)].code
    assert errors == [f"Dòng 2, cột 'Mã chi hội': Chi hội '{youth}' không tồn tại hoặc nằm ngoài phạm vi của bạn"]


def test_a_person_of_the_womens_union_and_another_kind_may_be_updated_by_the_womens_editor(world):
    """A person shared with another organization is hers too: one writable membership suffices."""
    person = Person.objects.create(code="P-CHUNG", full_name="Người chung", sex="female", unit=world.cast.village_a1)
    Membership.objects.create(person=person, branch=world.branches[("a", YOUTH)])
    Membership.objects.create(person=person, branch=world.cast.branch_a1)
    row = [person.code, "Tên mới", "Nữ", "1985", "", "", world.cast.branch_a1.code, "", "01/03/2020", "", "có", "không"]
    result = run_import("members", csv_file([MEMBER_HEADER, row]), "hv.csv", world.cast.women_only_a)
    assert result.updated == 1
    assert Person.objects.get(code="P-CHUNG").full_name == "Tên mới"


def test_an_organization_whose_kind_changes_takes_its_branches_and_members_along(world, cases):
    from danvan.indicators import ledger

    org = world.orgs[("a", YOUTH)]
    youth = world.branches[("a", YOUTH)]
    person = Person.objects.create(code="DV1", full_name="Đoàn viên Một", sex="male", unit=youth.unit)
    Membership.objects.create(person=person, branch=youth)
    rows = [cases["organizations"].header, [org.code, org.name, "farmers", "commune", world.cast.commune_a.key]]
    assert run_import("organizations", csv_file(rows), "tc.csv", world.cast.editor_a).updated == 1
    youth.refresh_from_db()
    assert youth.org_kind == "farmers"
    assert Membership.objects.get(person=person).org_kind == "farmers"
    assert ledger.check() == (0, [])

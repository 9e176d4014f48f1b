"""core.bulk: the one set-based write path (lock, ids, insert, update, sequence, one notification)
that every import and the demo use; no bulk import fires a per-row ledger refresh."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models.signals import post_save

from danvan.core import bulk, imports
from danvan.core.imports import run_import
from danvan.geo.models import AdminUnit
from danvan.indicators import ledger
from danvan.indicators.models import FactTotal
from danvan.people.models import Household, HouseholdPoverty, Organization

SRC = Path(__file__).resolve().parent.parent / "src" / "danvan"
ORG_FIELDS = ("code", "name", "name_folded", "name_sort", "kind", "level", "unit", "unit_path", "province",
              "commune", "created", "updated")


def csv_file(rows: list[list]) -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


class Signals:
    """Records every bulk_written and every post_save sent while it is active."""

    def __init__(self) -> None:
        self.bulk: list[tuple[str, int | None, int | None, list[int]]] = []
        self.saves: list[str] = []

    def _bulk(self, sender, first_id=None, last_id=None, updated_ids=(), **kwargs):
        self.bulk.append((sender.__name__, first_id, last_id, sorted(updated_ids)))

    def _save(self, sender, **kwargs):
        if sender.__name__ != "ChangeRecord":  # the import's one audit record
            self.saves.append(sender.__name__)

    def __enter__(self) -> "Signals":
        bulk.bulk_written.connect(self._bulk, dispatch_uid="test-bulk")
        post_save.connect(self._save, dispatch_uid="test-save")
        return self

    def __exit__(self, *exc) -> None:
        bulk.bulk_written.disconnect(dispatch_uid="test-bulk")
        post_save.disconnect(dispatch_uid="test-save")


@pytest.fixture
def no_row_refresh(monkeypatch):
    """Fail on the ledger's per-record path (the ORM signals' records_changed)."""
    def refuse(*args, **kwargs):
        raise AssertionError("a bulk import must not refresh the ledger per record")

    monkeypatch.setattr(ledger, "records_changed", refuse)


def org_row(cast, code: str, name: str, now) -> tuple:
    unit = cast.commune_a
    return (code, name, name.lower(), name.lower(), "women", "commune", unit.id, unit.path, unit.province_id,
            unit.commune_id, now, now)


# ---------------------------------------------------------------- the writer


def test_write_allocates_inserts_updates_syncs_and_notifies_once(cast):
    now = bulk.now()
    with Signals() as signals:
        ids = bulk.write(Organization, ORG_FIELDS,
                         new_rows=[org_row(cast, "T1", "Một", now), org_row(cast, "T2", "Hai", now)],
                         changed_rows=[(cast.org_women_a.pk, org_row(cast, "HPN-31135", "Tên mới", now))])
    assert ids == [ids[0], ids[0] + 1] and ids[0] > cast.org_women_b.pk
    assert dict(Organization.objects.filter(pk__in=ids).values_list("code", "id")) == {"T1": ids[0], "T2": ids[1]}
    assert Organization.objects.get(pk=cast.org_women_a.pk).name == "Tên mới"
    assert signals.bulk == [("Organization", ids[0], ids[1], [cast.org_women_a.pk])]
    assert signals.saves == []
    # The sequence moved past the explicit ids: the ORM's next insert does not collide.
    later = Organization.objects.create(code="T3", name="Ba", kind="women", level="commune", unit=cast.commune_a)
    assert later.pk > ids[1]


def test_a_writer_hands_out_ids_before_writing_and_flushes_per_chunk(cast):
    now = bulk.now()
    with Signals() as signals:
        writer = bulk.BulkWriter(Organization, ORG_FIELDS)
        first = writer.new_id()
        writer.add_row((first, *org_row(cast, "W1", "Một", now)))
        second = writer.add(org_row(cast, "W2", "Hai", now))
        assert second == first + 1 and writer.pending == 2
        writer.flush()
        third = writer.add(org_row(cast, "W3", "Ba", now))
        writer.flush()
        writer.flush()  # nothing queued: nothing sent
    assert third == second + 1 and writer.created == 3
    assert signals.bulk == [("Organization", first, second, []), ("Organization", third, third, [])]


def test_upsert_updates_existing_keys_inserts_the_others_and_skips_unchanged(cast):
    h1 = Household.objects.create(code="H1", head_name="Một", unit=cast.village_a1)
    h2 = Household.objects.create(code="H2", head_name="Hai", unit=cast.village_a1)
    kept = HouseholdPoverty.objects.create(household=h1, year=2024, status="poor")
    with Signals() as signals:
        assert bulk.upsert(HouseholdPoverty, ("household", "year"), ("status",),
                           [(h1.pk, 2024, "near_poor"), (h1.pk, 2025, "none"), (h2.pk, 2025, "poor")]) == (2, 1)
        assert bulk.upsert(HouseholdPoverty, ("household", "year"), ("status",), [(h1.pk, 2024, "near_poor")]) == (0, 0)
    assert sorted(HouseholdPoverty.objects.values_list("household_id", "year", "status")) == [
        (h1.pk, 2024, "near_poor"), (h1.pk, 2025, "none"), (h2.pk, 2025, "poor")]
    assert HouseholdPoverty.objects.get(household=h1, year=2024).pk == kept.pk  # updated in place
    assert len(signals.bulk) == 1 and signals.bulk[0][3] == [kept.pk] and signals.saves == []
    assert ledger.check() == (0, [])


# ---------------------------------------------------------------- imports use it, set-based


def household_rows(cast, count: int, status: str = "Hộ nghèo") -> list[list]:
    header = ["Mã thôn", "Mã hộ", "Chủ hộ", "Số nhân khẩu", "Địa chỉ", "Năm rà soát", "Tình trạng nghèo"]
    villages = [cast.village_a1.key, cast.village_a2.key]
    return [header, *([villages[i % 2], f"H{i:05d}", f"Nguyễn Văn {i}", 1 + i % 6, "", 2025, status]
                      for i in range(count))]


def test_households_with_poverty_are_written_set_based(cast, no_row_refresh, monkeypatch):
    passes = []
    rewrite = ledger.bulk_changed
    monkeypatch.setattr(ledger, "bulk_changed", lambda changes: passes.append(len(changes)) or rewrite(changes))
    with Signals() as signals:
        result = run_import("households", csv_file(household_rows(cast, 10_500)), "ho.csv", cast.editor_a)
    assert result.created == 10_500 and HouseholdPoverty.objects.filter(status="poor").count() == 10_500
    # One notification per chunk and model, no per-row save; the ledger rewrites once for the file.
    chunks = -(-10_500 // imports.CHUNK_SIZE)
    assert chunks > 1 and [s[0] for s in signals.bulk] == ["Household", "HouseholdPoverty"] * chunks
    assert signals.saves == [] and passes == [2 * chunks]
    assert ledger.check() == (0, [])
    with Signals() as signals:  # the same households, their 2025 status revised
        result = run_import("households", csv_file(household_rows(cast, 10_500, "Hộ cận nghèo")), "ho.csv",
                            cast.editor_a)
    assert result.updated == 10_500 and HouseholdPoverty.objects.count() == 10_500
    assert HouseholdPoverty.objects.filter(status="near_poor").count() == 10_500
    assert [s[0] for s in signals.bulk] == ["Household", "HouseholdPoverty"] * chunks and signals.saves == []
    assert ledger.check() == (0, [])


def test_organizations_are_written_set_based_with_parents_in_the_same_file(cast, no_row_refresh):
    rows = [["Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Cấp", "Mã đơn vị", "Mã tổ chức cấp trên"],
            ["MT-31135", "Ủy ban MTTQ phường Ninh Kiều", "front", "commune", "31135", ""],
            ["HPN-31135", "Hội LHPN phường Ninh Kiều (mới)", "women", "commune", "31135", "MT-31135"],
            ["DTN-31135", "Đoàn Thanh niên phường Ninh Kiều", "youth", "commune", "31135", "MT-31135"]]
    with Signals() as signals:
        result = run_import("organizations", csv_file(rows), "tc.csv", cast.editor_a)
    assert (result.created, result.updated) == (2, 1)
    front = Organization.objects.get(code="MT-31135")
    assert front.unit_path == cast.commune_a.path and front.name_folded == "uy ban mttq phuong ninh kieu"
    assert set(Organization.objects.filter(parent=front).values_list("code", flat=True)) == {"HPN-31135", "DTN-31135"}
    assert Organization.objects.get(code="HPN-31135").name == "Hội LHPN phường Ninh Kiều (mới)"
    assert signals.saves == [] and [s[0] for s in signals.bulk] == ["Organization"]


def test_an_organization_cannot_be_its_own_parent(cast):
    rows = [["Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Cấp", "Mã đơn vị", "Mã tổ chức cấp trên"],
            ["X-1", "Tổ chức", "women", "commune", "31135", "X-1"]]
    with pytest.raises(Exception) as failure:
        run_import("organizations", csv_file(rows), "tc.csv", cast.editor_a)
    assert failure.value.errors == ["Dòng 2, cột 'Mã tổ chức cấp trên': tổ chức không thể trực thuộc chính nó"]


def test_villages_are_written_set_based_and_only_a_moved_village_is_replaced(cast, no_row_refresh):
    legacy = list(cast.commune_a.predecessors.values_list("legacy__code", flat=True))
    assert legacy
    header = ["Mã xã", "Mã thôn", "Tên thôn", "Loại", "Mã xã cũ"]
    rows = [header, [cast.commune_a.code, "01", "Khu vực Đặng Thị Ánh", "Ấp", legacy[0]],  # moved to a legacy commune
            [cast.commune_a.code, "02", "Ấp Ông Tà (mới)", "Ấp", ""],  # renamed only
            [cast.commune_a.code, "60", "Ấp 60", "Khóm", ""]]  # new
    with Signals() as signals:
        result = run_import("villages", csv_file(rows), "thon.csv", cast.editor_a)
    assert (result.created, result.updated) == (1, 2)
    assert signals.saves == ["AdminUnit"]  # the moved village's "unit edited" signal, once
    assert [s[0] for s in signals.bulk] == ["AdminUnit"]
    new = AdminUnit.objects.get(key=f"{cast.commune_a.code}.60")
    assert (new.parent, new.commune_id, new.province_id) == (cast.commune_a, cast.commune_a.pk, cast.province.pk)
    assert new.path == f"{cast.commune_a.path}{new.key}/" and new.name_sort
    assert AdminUnit.objects.get(pk=cast.village_a2.pk).name == "Ấp Ông Tà (mới)"
    assert AdminUnit.objects.get(pk=cast.village_a1.pk).legacy_parent.code == legacy[0]


def test_the_ledger_matches_the_registers_after_every_kind_of_import(cast):
    """facts check stays clean: imports of every kind, then updates of the same records."""
    branch_rows = [["Mã chi hội", "Tên chi hội", "Loại", "Mã tổ chức", "Mã thôn", "Ngày thành lập"],
                   ["CH-A2", "Chi hội A2", "chi_hoi", cast.org_women_a.code, cast.village_a2.key, "01/01/2010"]]
    member_header = ["Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh", "Mã chi hội", "Mã hộ", "Ngày vào", "Ngày ra"]
    for round_ in range(2):
        run_import("households", csv_file(household_rows(cast, 40, ["Hộ nghèo", "Không nghèo"][round_])), "h.csv",
                   cast.editor_a)
        run_import("branches", csv_file(branch_rows), "b.csv", cast.editor_a)
        members = [member_header, *([f"P{i}", f"Trần Thị {i}", "Nữ", 1980 + i, [cast.branch_a1.code, "CH-A2"][i % 2],
                                     f"H{i:05d}" if i % 2 == round_ else "", "01/02/2021",
                                     "01/02/2025" if round_ and i % 3 == 0 else ""] for i in range(30))]
        run_import("members", csv_file(members), "m.csv", cast.editor_a)
    assert ledger.check() == (0, [])
    call_command("facts", "check")  # exits non-zero on any difference


def test_an_import_into_an_empty_ledger_makes_the_totals_in_one_pass(cast, monkeypatch):
    """Empty running totals: the import writes its facts, then one fresh totals insert (no merge
    per fact source); with totals present, the next import merges. The ledger agrees after each."""
    FactTotal.objects.all().delete()  # the cast's facts stay: the fresh pass sums every fact
    passes: list[bool] = []
    apply = ledger.apply_totals
    monkeypatch.setattr(ledger, "apply_totals",
                        lambda *args, fresh=False, **kwargs: passes.append(fresh) or apply(*args, fresh=fresh, **kwargs))
    run_import("households", csv_file(household_rows(cast, 80)), "h.csv", cast.editor_a)
    assert passes == [True]
    assert ledger.check_totals()[0] == 0
    passes.clear()
    run_import("households", csv_file(household_rows(cast, 80, "Không nghèo")), "h.csv", cast.editor_a)
    assert passes and not any(passes)  # 80 updates: the set-based merge, not a saved form's path
    assert ledger.check() == (0, [])


def test_imports_and_the_demo_write_only_through_core_bulk():
    """One bulk-write path: no import module nor the demo generator inserts, updates or saves
    rows another way (ORM saves, bulk_create, update_or_create, raw executemany/COPY)."""
    files = [*SRC.glob("*/imports.py"), SRC / "demo" / "generator.py"]
    assert len(files) >= 3
    forbidden = re.compile(r"\.save\(|bulk_create\(|update_or_create\(|get_or_create\(|executemany\(|\.copy\(|"
                           r"\.objects\.create\(")
    for path in files:
        found = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if forbidden.search(line)]
        assert not found, f"{path.relative_to(SRC)}: {found}"


def test_the_bench_raw_limit_writes_the_rows_the_pipeline_writes(cast, tmp_path):
    """``bench import`` compares the pipeline with a plain insert of the same rows: the same values."""
    from danvan.demo import bench_import
    from danvan.people.models import Membership, Person

    members, households = tmp_path / "m.csv", tmp_path / "h.csv"
    bench_import._write_csv(members, 4, [cast.branch_a1.code, cast.branch_b1.code])
    bench_import._write_households(households, 4, [cast.village_a1.key])
    tables = [
        (Person, "code", ("code", "full_name", "name_folded", "name_sort", "sex", "birth_year", "ethnicity", "phone",
                          "household_id", "is_cadre", "unit_id", "unit_path", "province_id", "commune_id")),
        (Membership, "person__code", ("person__code", "branch_id", "org_kind", "joined", "left", "attends_regularly",
                                      "unit_id", "unit_path", "province_id", "commune_id")),
        (Household, "code", ("code", "head_name", "name_folded", "name_sort", "size", "address", "unit_id",
                             "unit_path", "province_id", "commune_id")),
        (HouseholdPoverty, "household__code", ("household__code", "year", "status", "province_id")),
    ]

    def stored() -> list[list[tuple]]:
        return [list(model.objects.order_by(order).values_list(*fields)) for model, order, fields in tables]

    bench_import._raw_members(members)
    bench_import._raw_households(households)
    raw = stored()
    for model, _order, _fields in reversed(tables):
        model.objects.all().delete()
    for kind, path in (("members", members), ("households", households)):
        with path.open("rb") as stream:
            run_import(kind, stream, path.name, None)
    assert stored() == raw and all(len(rows) == 4 for rows in raw)

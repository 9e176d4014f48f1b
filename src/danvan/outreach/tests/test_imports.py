"""Activity logs from CSV and XLSX through the one pipeline: all or nothing, Vietnamese messages,
and an export that imports back unchanged."""

import csv
import datetime as dt
import io

import pytest
import xlsxwriter
from django.test import Client

from danvan.core.imports import ImportFailed, run_import
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.periods import parse_period
from danvan.outreach.models import Activity
from danvan.outreach.testing import ACTIVITY_HEADER

HEADER = [*ACTIVITY_HEADER, "Cơ quan, đơn vị phối hợp", "Số chiến sỹ", "Khối lượng", "Đơn vị tính",
          "Giá trị (đồng)", "Ngày công", "Mã kế hoạch"]


def csv_bytes(rows: list[list[str]]) -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def xlsx_bytes(rows: list[list[str]], sheet: str = "Hoạt động ba cùng") -> io.BytesIO:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    page = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            page.write_string(r, c, value)
    book.close()
    buffer.seek(0)
    return buffer


def good_rows(cast) -> list[list[str]]:
    return [
        HEADER,
        ["HD-N1", "05/05/2026", cast.village_a1.key, "Trồng 200 cây sao", "Vệ sinh môi trường, thu gom rác thải, "
         "trồng hoa, cây xanh", "Làm cùng dân", "Sở Tài chính", "8", "35", "Ấp thiếu cây xanh", "Đoàn phường; Hội CCB",
         "0", "200", "cây", "12000000", "40", cast.plan_a1.code],
        ["HD-N2", "2026-05-06", cast.village_a2.key, "Hướng dẫn nuôi gà", "production", "guidance", "Hội Nông dân",
         "2", "6", "", "", "4", "", "", "", "", ""],
    ]


def test_a_good_file_is_written_and_counted(cast):
    result = run_import("activities", csv_bytes(good_rows(cast)), "hoat-dong.csv", cast.editor_a)
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    first = Activity.objects.get(code="HD-N1")
    assert (first.agency_count, first.cadres, first.residents, first.value_vnd) == (3, 8, 35, 12_000_000)
    assert first.plan == cast.plan_a1 and first.date == dt.date(2026, 5, 5) and first.name_folded == "trong 200 cay sao"
    assert first.unit_path == cast.village_a1.path and first.commune_id == cast.commune_a.pk
    report = build_report(resolve_unit("92"), parse_period("2026-05"), None)
    # Facts follow the bulk write: 3 + 1 agencies, 8 + 2 + 4 participants, 2 villages.
    assert (report.value("BC-AGENCY"), report.value("BC-CADRE"), report.value("BC-VILLAGE")) == (4, 14, 2)
    assert report.value("BC-WITHPEOPLE-N") == 1


def test_xlsx_is_read_the_same(cast):
    result = run_import("activities", xlsx_bytes(good_rows(cast)), "hoat-dong.xlsx", cast.editor_a)
    assert result.created == 2 and Activity.objects.get(code="HD-N2").mode == "guidance"


def test_a_bad_file_names_every_row_and_column_and_writes_nothing(cast):
    rows = good_rows(cast)
    rows[2][1] = "31/02/2026"
    rows.append(["HD-N3", "07/05/2026", "99999.99", "Sai thôn", "Việc khác", "Làm cùng dân", "Sở", "", "", "",
                 "", "", "", "", "", "", ""])
    rows.append(["HD-N1", "07/05/2026", cast.village_a1.key, "Trùng mã", "lam nha", "Làm cùng dân", "Sở", "x",
                 "", "", "", "", "", "", "", "", cast.plan_a1.code])
    rows.append(["HD-N5", "08/05/2026", cast.village_a2.key, "Khác thôn kế hoạch", "other", "with_people", "Sở", "",
                 "", "", "", "", "", "", "", "", cast.plan_a1.code])
    before = Activity.objects.count()
    with pytest.raises(ImportFailed) as failure:
        run_import("activities", csv_bytes(rows), "hoat-dong.csv", cast.editor_a)
    assert Activity.objects.count() == before
    errors = failure.value.errors
    assert "Dòng 3, cột 'Ngày thực hiện': '31/02/2026' không phải là ngày (dd/mm/yyyy)" in errors
    assert "Dòng 4, cột 'Mã thôn': Thôn '99999.99' không tồn tại hoặc nằm ngoài phạm vi của bạn" in errors
    assert any(e.startswith("Dòng 5, cột 'Loại việc': 'lam nha' không thuộc danh mục") for e in errors)
    assert "Dòng 5, cột 'Số cán bộ, công chức': 'x' không phải là số nguyên" in errors
    assert (f"Dòng 6, cột 'Mã kế hoạch': kế hoạch '{cast.plan_a1.code}' ở thôn khác, không phải thôn "
            f"'{cast.village_a2.key}'") in errors


def test_a_repeated_code_and_a_missing_column(cast):
    rows = good_rows(cast)
    rows[2][0] = "HD-N1"
    with pytest.raises(ImportFailed) as failure:
        run_import("activities", csv_bytes(rows), "hoat-dong.csv", cast.editor_a)
    assert failure.value.errors == ["Dòng 3, cột 'Mã hoạt động': mã 'HD-N1' trùng với dòng 2"]
    with pytest.raises(ImportFailed, match="Thiếu cột bắt buộc: 'Cách làm'"):
        run_import("activities", csv_bytes([[c for c in HEADER if c != "Cách làm"]]), "x.csv", cast.editor_a)


def test_the_export_imports_back_unchanged(cast, client: Client):
    run_import("activities", csv_bytes(good_rows(cast)), "hoat-dong.csv", cast.editor_a)
    before = list(Activity.objects.order_by("code").values_list(
        "code", "date", "unit", "title", "kind", "mode", "lead_agency", "partner_agencies", "agency_count", "cadres",
        "party_members", "soldiers", "residents", "quantity", "quantity_unit", "value_vnd", "labor_days",
        "situation_note", "plan"))
    client.force_login(cast.editor_a)
    exported = b"".join(client.get("/data/export/activities/", {"format": "csv"}).streaming_content)
    assert "HD-N1" in exported.decode("utf-8-sig") and "HD-A1" in exported.decode("utf-8-sig")
    again = run_import("activities", io.BytesIO(exported), "hoat-dong.csv", cast.editor_a)
    assert (again.created, again.updated) == (0, 3)
    after = list(Activity.objects.order_by("code").values_list(
        "code", "date", "unit", "title", "kind", "mode", "lead_agency", "partner_agencies", "agency_count", "cadres",
        "party_members", "soldiers", "residents", "quantity", "quantity_unit", "value_vnd", "labor_days",
        "situation_note", "plan"))
    assert after == before

"""The import pipeline: every bad input is rejected with a message naming what is wrong, and
nothing is written; a valid file is written whole; an export imports back unchanged."""

import csv
import io
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from danvan.core.imports import ImportFailed, run_import
from danvan.core.models import ChangeRecord
from danvan.geo.models import AdminUnit
from danvan.people.models import Branch, Household, HouseholdPoverty, Membership, Person

MEMBER_HEADER = ["Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Số điện thoại", "Mã chi hội",
                 "Mã hộ", "Ngày vào", "Ngày ra", "Sinh hoạt thường xuyên", "Là cán bộ"]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    content = buffer.getvalue()
    if encoding == "cp1258":
        return io.BytesIO(b"".join(_cp1258(ch) for ch in content))
    return io.BytesIO(content.encode(encoding))


def _cp1258(ch: str) -> bytes:
    """Windows' Vietnamese code page: precomposed vowels (â, ơ, …) plus a combining tone mark."""
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        return (base + tones).encode("cp1258")


def xlsx_bytes(rows: list[list], sheet: str = "Hội viên", setup=None) -> io.BytesIO:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if setup:
        setup(ws)
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    return data


def member_rows(cast, count: int = 3) -> list[list[str]]:
    rows = [list(MEMBER_HEADER)]
    for i in range(count):
        rows.append([f"P{i}", f"Nguyễn Thị Hoa {i}", "Nữ", "1985", "Kinh", "0912345678", cast.branch_a1.code, "",
                     "01/03/2020", "", "có", "không"])
    return rows


def counts() -> tuple[int, int, int, int]:
    return Person.objects.count(), Membership.objects.count(), Household.objects.count(), AdminUnit.objects.count()


def rejected(cast, kind: str, data: io.BytesIO, filename: str, user=None) -> list[str]:
    before = counts()
    with pytest.raises(ImportFailed) as failure:
        run_import(kind, data, filename, user)
    assert counts() == before, "a rejected file must leave the database unchanged"
    return failure.value.errors


# ---------------------------------------------------------------- valid files


def test_it_imports_members_from_csv(cast):
    result = run_import("members", csv_bytes(member_rows(cast)), "hoi-vien.csv", cast.editor_a)
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    person = Person.objects.get(code="P1")
    assert person.full_name == "Nguyễn Thị Hoa 1"
    assert person.name_folded == "nguyen thi hoa 1"
    assert person.unit_id == cast.village_a1.id and person.unit_path == cast.village_a1.path
    membership = person.memberships.get()
    assert membership.branch == cast.branch_a1 and membership.org_kind == "women"
    assert str(membership.joined) == "2020-03-01" and membership.attends_regularly is True
    assert ChangeRecord.objects.filter(action="import", username="").count() == 0


def test_it_imports_members_from_xlsx_with_numbers_and_dates_as_cells(cast):
    import datetime as dt

    rows = member_rows(cast, 3)
    rows[1][3] = 1985  # a number cell, as Excel stores it
    rows[2][8] = dt.datetime(2021, 5, 17)  # a date cell (a serial number with a date format)
    rows[3][1] = "Lê Thị <Bé> & Em"  # characters XML escapes
    result = run_import("members", xlsx_bytes(rows), "hoi-vien.xlsx", cast.editor_a)
    assert result.created == 3
    assert Person.objects.get(code="P0").birth_year == 1985
    assert str(Membership.objects.get(person__code="P1").joined) == "2021-05-17"
    assert Person.objects.get(code="P2").full_name == "Lê Thị <Bé> & Em"


def test_it_reads_shared_strings_and_skips_blank_rows_keeping_row_numbers(cast):
    rows = member_rows(cast, 2)
    rows.insert(2, [None] * len(MEMBER_HEADER))  # a blank row 3
    rows[3][3] = "19x5"
    data = xlsx_bytes(rows)  # openpyxl writes text as shared strings
    errors = rejected(cast, "members", data, "a.xlsx")
    assert errors == ["Dòng 4, cột 'Năm sinh': '19x5' không phải là năm"]


def test_a_second_import_of_the_same_file_updates_instead_of_duplicating(cast):
    run_import("members", csv_bytes(member_rows(cast)), "a.csv", cast.editor_a)
    rows = member_rows(cast)
    rows[1][1] = "Nguyễn Thị Hoa Mới"
    result = run_import("members", csv_bytes(rows), "a.csv", cast.editor_a)
    assert (result.created, result.updated) == (0, 3)
    assert Person.objects.count() == 3
    assert Person.objects.get(code="P0").full_name == "Nguyễn Thị Hoa Mới"


def test_one_person_in_two_branches_is_one_person(cast):
    from danvan.people.choices import BranchKind
    from danvan.testing import make_village

    second = Branch.objects.create(code="CH2", name="Chi hội 2", kind=BranchKind.CHI_HOI,
                                   organization=cast.org_women_a, unit=make_village(cast.commune_a, "09", "Ấp 9"))
    rows = member_rows(cast, 1) + [["P0", "Nguyễn Thị Hoa 0", "Nữ", "1985", "", "", second.code, "", "", "", "", ""]]
    run_import("members", csv_bytes(rows), "a.csv", cast.editor_a)
    assert Person.objects.count() == 1
    assert Membership.objects.filter(person__code="P0").count() == 2


def test_dry_run_writes_nothing(cast):
    before = counts()
    result = run_import("members", csv_bytes(member_rows(cast)), "a.csv", cast.editor_a, dry_run=True, preview_rows=2)
    assert result.rows == 3 and len(result.preview) == 2
    assert counts() == before


def test_households_with_poverty_and_members_linked_to_them(cast):
    households = [["Mã thôn", "Mã hộ", "Chủ hộ", "Số nhân khẩu", "Địa chỉ", "Năm rà soát", "Tình trạng nghèo"],
                  [cast.village_a1.key, "H1", "Đặng Thị Ánh", "4", "", "2025", "Hộ nghèo"],
                  [cast.village_a1.key, "H2", "Lê Văn Tám", "2", "", "", ""]]
    run_import("households", csv_bytes(households), "ho.csv", cast.editor_a)
    h1 = Household.objects.get(code="H1")
    review = HouseholdPoverty.objects.get(household=h1)
    assert review.status == "poor"
    assert review.province_id == h1.province_id == cast.village_a1.province_id is not None
    rows = member_rows(cast, 1)
    rows[1][7] = "H1"
    run_import("members", csv_bytes(rows), "hv.csv", cast.editor_a)
    assert Person.objects.get(code="P0").household == h1


def test_a_review_saved_one_by_one_carries_its_household_province(cast):
    run_import("households", csv_bytes([["Mã thôn", "Mã hộ", "Chủ hộ", "Số nhân khẩu"],
                                        [cast.village_a1.key, "H1", "Đặng Thị Ánh", "4"]]), "ho.csv", cast.editor_a)
    review = HouseholdPoverty.objects.create(household_id=Household.objects.get(code="H1").pk, year=2026, status="none")
    assert review.province_id == cast.village_a1.province_id is not None


def test_villages_import_with_legacy_commune(cast):
    legacy = cast.commune_a.predecessors.first().legacy
    rows = [["Mã xã", "Mã thôn", "Tên thôn", "Loại", "Mã xã cũ"],
            [cast.commune_a.code, "50", "Khu vực 50", "Khóm", legacy.code]]
    run_import("villages", csv_bytes(rows), "thon.csv", cast.editor_a)
    village = AdminUnit.objects.get(key=f"{cast.commune_a.code}.50")
    assert village.parent == cast.commune_a and village.legacy_parent == legacy
    assert village.path == f"{cast.commune_a.path}{village.key}/"


def test_command_imports_and_reports(cast, tmp_path: Path):
    path = tmp_path / "hv.csv"
    path.write_bytes(csv_bytes(member_rows(cast)).getvalue())
    out = io.StringIO()
    call_command("import", "members", str(path), stdout=out, stderr=io.StringIO())
    assert "3 mới" in out.getvalue()
    assert Person.objects.count() == 3


# ---------------------------------------------------------------- bad input


def test_a_malformed_year_names_row_and_column(cast):
    rows = member_rows(cast)
    rows[2][3] = "19x5"
    errors = rejected(cast, "members", csv_bytes(rows), "a.csv", cast.editor_a)
    assert errors == ["Dòng 3, cột 'Năm sinh': '19x5' không phải là năm"]


def test_every_bad_row_is_reported_not_only_the_first(cast):
    rows = member_rows(cast, 6000)  # more than one chunk
    rows[10][2] = "Không rõ"
    rows[5500][6] = "CH-KHONG-CO"
    rows[5990][8] = "31/02/2020"
    errors = rejected(cast, "members", csv_bytes(rows), "a.csv", cast.editor_a)
    assert len(errors) == 3
    assert errors[0].startswith("Dòng 11, cột 'Giới tính': 'Không rõ' không thuộc danh mục")
    assert errors[1] == "Dòng 5501, cột 'Mã chi hội': Chi hội 'CH-KHONG-CO' không tồn tại hoặc nằm ngoài phạm vi của bạn"
    assert errors[2] == "Dòng 5991, cột 'Ngày vào': '31/02/2020' không phải là ngày (dd/mm/yyyy)"


def test_required_cell_left_empty(cast):
    rows = member_rows(cast)
    rows[1][1] = ""
    assert rejected(cast, "members", csv_bytes(rows), "a.csv", cast.editor_a) == [
        "Dòng 2, cột 'Họ và tên': không được để trống"]


def test_duplicate_rows_are_rejected(cast):
    rows = member_rows(cast, 2)
    rows.append(list(rows[1]))
    errors = rejected(cast, "members", csv_bytes(rows), "a.csv", cast.editor_a)
    assert errors == [f"Dòng 4, cột 'Mã chi hội': người 'P0' ở chi hội '{cast.branch_a1.code}' trùng với dòng 2"]


def test_duplicate_across_chunks_is_rejected(cast):
    rows = member_rows(cast, 5200)
    rows.append(list(rows[1]))
    errors = rejected(cast, "members", csv_bytes(rows), "a.csv", cast.editor_a)
    assert len(errors) == 1 and errors[0].startswith("Dòng 5202, cột 'Mã chi hội': người 'P0'")


def test_a_branch_of_another_commune_is_unknown_to_the_editor(cast):
    rows = member_rows(cast, 1)
    rows[1][6] = cast.branch_b1.code
    errors = rejected(cast, "members", csv_bytes(rows), "a.csv", cast.editor_a)
    assert errors == [f"Dòng 2, cột 'Mã chi hội': Chi hội '{cast.branch_b1.code}' không tồn tại hoặc nằm ngoài phạm vi của bạn"]


def test_missing_and_renamed_headers(cast):
    rows = member_rows(cast)
    rows[0][1] = "Ho ten day du"  # renamed
    del rows[0][6]  # "Mã chi hội" missing
    for row in rows[1:]:
        del row[6]
    errors = rejected(cast, "members", csv_bytes(rows), "a.csv", cast.editor_a)
    assert errors[0] == "Cột 'Ho ten day du' (cột B) không có trong mẫu 'Hội viên'."
    assert errors[1] == "Thiếu cột bắt buộc: 'Họ và tên', 'Mã chi hội'."
    assert errors[2].startswith("Các cột hợp lệ:")


def test_headers_match_without_accents_or_case(cast):
    rows = member_rows(cast, 1)
    rows[0] = ["ma ca nhan", "HO VA TEN", "gioi tinh", "nam sinh", "dan toc", "so dien thoai", "ma chi hoi", "ma ho",
               "ngay vao", "ngay ra", "sinh hoat thuong xuyen", "la can bo"]
    assert run_import("members", csv_bytes(rows), "a.csv", cast.editor_a).created == 1


def test_empty_files(cast):
    assert rejected(cast, "members", io.BytesIO(b""), "a.csv") == ["Tệp trống: không có dòng tiêu đề."]
    assert rejected(cast, "members", csv_bytes([MEMBER_HEADER]), "a.csv") == [
        "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."]
    assert rejected(cast, "members", io.BytesIO(b""), "a.xlsx") == ["Tệp trống."]


def test_non_utf8_csv(cast):
    data = csv_bytes(member_rows(cast), encoding="cp1258")
    assert rejected(cast, "members", data, "a.csv") == [
        "Tệp CSV không phải mã hóa UTF-8. Hãy lưu lại tệp với bảng mã UTF-8."]


def test_wrong_sheet(cast):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    workbook.create_sheet("Tong hop")
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    assert rejected(cast, "members", data, "a.xlsx") == [
        "Không tìm thấy trang tính 'Hội viên'. Tệp có các trang: Sheet1, Tong hop."]


def test_merged_cells(cast):
    data = xlsx_bytes(member_rows(cast), setup=lambda ws: ws.merge_cells("B3:C3"))
    errors = rejected(cast, "members", data, "a.xlsx")
    assert errors == ["Trang tính 'Hội viên' có ô gộp (B3:C3). Hãy bỏ gộp ô: mỗi ô một giá trị."]


def test_formula_without_stored_value(cast):
    rows = member_rows(cast)
    rows[2][3] = "=1980+5"  # openpyxl stores the formula, no computed value
    errors = rejected(cast, "members", xlsx_bytes(rows), "a.xlsx")
    assert errors[0].startswith("Ô D3 chứa công thức nhưng không có giá trị đã tính.")


def test_not_a_spreadsheet(cast):
    assert rejected(cast, "members", io.BytesIO(b"PK\x03\x04garbage"), "a.xlsx")[0].startswith("Không đọc được tệp XLSX")
    assert rejected(cast, "members", io.BytesIO(b"x"), "a.pdf") == ["Chỉ nhận tệp .csv hoặc .xlsx (tệp đã gửi: a.pdf)."]


def test_viewer_cannot_import(cast):
    assert rejected(cast, "members", csv_bytes(member_rows(cast)), "a.csv", cast.viewer_a) == [
        "Vai trò của bạn không được nhập dữ liệu."]


def test_command_rejects_with_non_zero_exit(cast, tmp_path: Path):
    rows = member_rows(cast)
    rows[2][3] = "19x5"
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(rows).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError, match="không ghi dòng nào"):
        call_command("import", "members", str(path), stdout=io.StringIO(), stderr=err)
    assert "Dòng 3, cột 'Năm sinh': '19x5' không phải là năm" in err.getvalue()
    assert Person.objects.count() == 0


# ---------------------------------------------------------------- web pages and exports


def test_upload_page_previews_then_confirms(cast, client):
    client.force_login(cast.editor_a)
    url = reverse("data:import", args=["members"])
    upload = csv_bytes(member_rows(cast))
    upload.name = "hv.csv"
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert "Xác nhận nhập" in response.content.decode()
    assert Person.objects.count() == 0
    response = client.post(url, {"confirm": "1"})
    assert "Đã nhập tệp hv.csv: 3 dòng, 3 mới, 0 cập nhật." in response.content.decode()
    assert Person.objects.count() == 3


def test_upload_page_shows_every_error(cast, client):
    client.force_login(cast.editor_a)
    rows = member_rows(cast)
    rows[2][3] = "19x5"
    upload = csv_bytes(rows)
    upload.name = "hv.csv"
    response = client.post(reverse("data:import", args=["members"]), {"file": upload})
    body = response.content.decode()
    assert "Dòng 3, cột &#x27;Năm sinh&#x27;: &#x27;19x5&#x27; không phải là năm" in body
    assert Person.objects.count() == 0


@override_settings(IMPORT_MAX_UPLOAD_MB=1)
def test_upload_over_the_size_limit_is_refused(cast, client):
    client.force_login(cast.editor_a)
    upload = io.BytesIO(b"a," * (600 * 1024))
    upload.name = "big.csv"
    response = client.post(reverse("data:import", args=["members"]), {"file": upload})
    assert "vượt giới hạn 1 MB" in response.content.decode()
    assert Person.objects.count() == 0


def test_viewer_gets_403_on_the_upload_page(cast, client):
    client.force_login(cast.viewer_a)
    assert client.get(reverse("data:import", args=["members"])).status_code == 403


def test_template_downloads_have_the_headers(cast, client):
    client.force_login(cast.viewer_a)
    response = client.get(reverse("data:template", args=["members", "csv"]))
    assert response.content.decode("utf-8-sig").splitlines()[0].split(",") == MEMBER_HEADER
    response = client.get(reverse("data:template", args=["members", "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["Hội viên"][1]] == MEMBER_HEADER
    assert "Hướng dẫn" in workbook.sheetnames


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(cast, client, fmt):
    run_import("members", csv_bytes(member_rows(cast)), "a.csv", cast.editor_a)
    client.force_login(cast.specialist)
    response = client.get(reverse("data:export", args=["members"]), {"format": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    snapshot = sorted(Person.objects.values_list("code", "full_name", "sex", "birth_year", "phone", "unit_id"))
    members = sorted(Membership.objects.values_list("person__code", "branch_id", "joined", "left", "attends_regularly"))
    result = run_import("members", io.BytesIO(content), f"export.{fmt}", cast.specialist)
    assert (result.created, result.updated) == (0, 3)
    assert sorted(Person.objects.values_list("code", "full_name", "sex", "birth_year", "phone", "unit_id")) == snapshot
    assert sorted(Membership.objects.values_list(
        "person__code", "branch_id", "joined", "left", "attends_regularly")) == members
    assert ChangeRecord.objects.filter(action="export", user=cast.specialist).exists()


def test_export_leaves_out_personal_data_for_roles_without_the_right(cast, client):
    run_import("members", csv_bytes(member_rows(cast)), "a.csv", cast.editor_a)
    client.force_login(cast.editor_a)  # may see personal data, may not export it
    response = client.get(reverse("data:export", args=["members"]), {"format": "csv"})
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert "Họ và tên" in header and "Năm sinh" not in header and "Số điện thoại" not in header
    record = ChangeRecord.objects.get(action="export", user=cast.editor_a)
    assert "không có dữ liệu cá nhân" in record.note


def test_export_is_limited_to_scope_and_filter(cast, client):
    run_import("members", csv_bytes(member_rows(cast, 2)), "a.csv", cast.editor_a)
    rows = member_rows(cast, 1)
    rows[1][0], rows[1][6] = "PB", cast.branch_b1.code
    run_import("members", csv_bytes(rows), "b.csv", cast.editor_b)
    client.force_login(cast.editor_b)
    response = client.get(reverse("data:export", args=["members"]), {"format": "csv"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("PB,")


def test_import_formats_doc_is_current(monkeypatch):
    from danvan.core import imports
    from danvan.core.imports import formats_markdown

    # The product's kinds only: the recipe's example app (tests/example_app) is installed for tests.
    product = {kind: spec for kind, spec in imports.specs().items() if spec.__module__.startswith("danvan.")}
    monkeypatch.setattr(imports, "_REGISTRY", product)
    doc = Path(__file__).resolve().parent.parent / "docs" / "import-formats.md"
    assert doc.read_text(encoding="utf-8") == formats_markdown(), "run: danvan import --formats > docs/import-formats.md"


# ---------------------------------------------------------------- dates in the future, household size


def test_a_birth_year_in_the_future_is_rejected(cast):
    from django.utils import timezone

    rows = member_rows(cast, 2)
    this_year = timezone.localdate().year
    rows[1][3] = str(this_year)  # this year is fine (a baby)
    rows[2][3] = str(this_year + 1)
    errors = rejected(cast, "members", csv_bytes(rows), "a.csv", cast.editor_a)
    assert errors == [f"Dòng 3, cột 'Năm sinh': '{this_year + 1}' là năm trong tương lai"]


def test_a_joining_date_after_today_is_rejected(cast):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    rows = member_rows(cast, 2)
    rows[1][8] = today.strftime("%d/%m/%Y")
    rows[2][8] = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    errors = rejected(cast, "members", csv_bytes(rows), "a.csv", cast.editor_a)
    assert errors == [f"Dòng 3, cột 'Ngày vào': '{rows[2][8]}' là ngày trong tương lai"]


@pytest.mark.parametrize("size", ["0", "51"])
def test_a_household_size_outside_1_to_50_is_rejected(cast, size):
    rows = [["Mã thôn", "Mã hộ", "Chủ hộ", "Số nhân khẩu"], [cast.village_a1.key, "H1", "Lê Văn Tám", "50"],
            [cast.village_a1.key, "H2", "Lê Văn Chín", size]]
    errors = rejected(cast, "households", csv_bytes(rows), "ho.csv", cast.editor_a)
    assert errors == [f"Dòng 3, cột 'Số nhân khẩu': '{size}' phải từ 1 đến 50"]


def test_the_model_and_the_api_agree_on_household_size(cast, client):
    from django.core.exceptions import ValidationError

    from danvan.accounts.models import ApiToken

    household = Household(code="H1", head_name="Lê Văn Tám", size=51, unit=cast.village_a1)
    with pytest.raises(ValidationError) as failure:
        household.full_clean()
    assert "size" in failure.value.message_dict
    household.size = 50
    household.full_clean()
    _, token = ApiToken.issue(cast.editor_a, name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for size, status in ((51, 422), (50, 201)):
        response = client.post("/api/v1/households", {"code": f"H{size}", "head_name": "Lê Văn Tám", "size": size,
                                                       "unit": cast.village_a1.key},
                                content_type="application/json", **headers)
        assert response.status_code == status, response.content


# ---------------------------------------------------------------- CSV injection


FORMULA_NAME = '=HYPERLINK("http://x","a")'


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_neutralize_formulas_and_import_them_back_exactly(cast, client, fmt):
    rows = member_rows(cast, 3)
    rows[1][1] = FORMULA_NAME
    rows[2][1], rows[2][5] = "-Lê Văn Tám", "+84912345678"
    run_import("members", csv_bytes(rows), "a.csv", cast.editor_a)
    assert Person.objects.get(code="P0").full_name == FORMULA_NAME
    # A name that really starts with a quote (saved by a form: a file's leading quote is read as
    # the spreadsheet's text marker) gets a second one, and keeps the first on the way back.
    Person.objects.filter(code="P2").update(full_name="'=đã có dấu nháy")
    client.force_login(cast.specialist)
    response = client.get(reverse("data:export", args=["members"]), {"format": fmt})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        names = {line[0]: line[1] for line in lines[1:]}
        phones = {line[0]: line[5] for line in lines[1:]}
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Hội viên"]
        names = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}
        phones = {r[0]: r[5] for r in sheet.iter_rows(min_row=2, values_only=True)}
        assert isinstance(sheet["D2"].value, int)  # numbers stay numbers
    assert names == {"P0": "'" + FORMULA_NAME, "P1": "'-Lê Văn Tám", "P2": "''=đã có dấu nháy"}
    assert phones["P1"] == "'+84912345678"
    snapshot = sorted(Person.objects.values_list("code", "full_name", "phone"))
    result = run_import("members", io.BytesIO(content), f"export.{fmt}", cast.specialist)
    assert result.updated == 3
    assert sorted(Person.objects.values_list("code", "full_name", "phone")) == snapshot
    assert Person.objects.get(code="P0").full_name == FORMULA_NAME


def test_write_csv_and_write_xlsx_neutralize_text_only():
    from danvan.core.imports import Column, neutralize, unneutralize, write_csv, write_xlsx

    columns = [Column("a", "A"), Column("b", "B"), Column("c", "C")]
    rows = [["=1+1", -5, "-5"], ["@SUM(A1)", 2.5, "\tx"], ["bình thường", None, "'quoted"]]
    out = io.StringIO()
    write_csv(columns, rows, out)
    assert list(csv.reader(io.StringIO(out.getvalue())))[1:] == [
        ["'=1+1", "-5", "'-5"], ["'@SUM(A1)", "2.5", "'\tx"], ["bình thường", "", "'quoted"]]
    data = io.BytesIO()
    write_xlsx(columns, rows, data, "Trang")
    sheet = openpyxl.load_workbook(io.BytesIO(data.getvalue()))["Trang"]
    assert [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        ["'=1+1", -5, "'-5"], ["'@SUM(A1)", 2.5, "'\tx"], ["bình thường", None, "'quoted"]]
    for text in ["=x", "+x", "-x", "@x", "\tx", "\rx", "'=x", "''-x", "'x", "x", "", "'", "''"]:
        assert unneutralize(neutralize(text)) == text


# ---------------------------------------------------------------- XLSX from other writers


DATA = Path(__file__).resolve().parent / "data"


def test_an_xlsx_with_namespace_prefixes_and_other_attribute_orders_imports(cast):
    """tests/data/members-prefixed.xlsx (made by tests/data/make_prefixed_xlsx.py) is spelled as
    .NET's OpenXML SDK writes: <x:row>, <x:c t="s" r="A1">, inline and shared strings, a date."""
    with (DATA / "members-prefixed.xlsx").open("rb") as stream:
        result = run_import("members", stream, "members-prefixed.xlsx", cast.editor_a)
    assert result.created == 3
    people = {p.code: p for p in Person.objects.all()}
    assert people["PX1"].full_name == "Trần Thị <Bé> & Em"
    assert (people["PX1"].birth_year, people["PX1"].phone, people["PX1"].is_cadre) == (1985, "0912345678", False)
    assert people["PX2"].full_name == "Nguyễn Văn Hải" and people["PX2"].sex == "male"
    assert people["PX3"].full_name == "Lê Văn Tám" and people["PX3"].ethnicity == "Kinh"
    joined = dict(Membership.objects.values_list("person__code", "joined"))
    assert (str(joined["PX1"]), str(joined["PX2"]), joined["PX3"]) == ("2020-03-01", "2021-01-01", None)
    regular = dict(Membership.objects.values_list("person__code", "attends_regularly"))
    assert regular == {"PX1": True, "PX2": False, "PX3": True}


def test_the_prefixed_test_file_is_what_its_script_writes(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_prefixed_xlsx", DATA / "make_prefixed_xlsx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path / "out.xlsx")
    module.main()
    assert (tmp_path / "out.xlsx").read_bytes() == (DATA / "members-prefixed.xlsx").read_bytes()


def test_an_xlsx_saved_by_libreoffice_imports(cast):
    """tests/data/members-libreoffice.xlsx was converted from CSV by LibreOffice Calc (its
    make_libreoffice_xlsx.py): LibreOffice's attribute order, styles, dates and numbers."""
    with (DATA / "members-libreoffice.xlsx").open("rb") as stream:
        result = run_import("members", stream, "members-libreoffice.xlsx", cast.editor_a)
    assert result.created == 3
    rows = sorted(Membership.objects.values_list("person__code", "person__full_name", "person__birth_year",
                                                 "joined", "left", "attends_regularly", "person__is_cadre"))
    assert [(c, n, y, str(j), str(lf), a, k) for c, n, y, j, lf, a, k in rows] == [
        ("LO1", "Đặng Thị Ánh", 1985, "2020-03-01", "None", True, False),
        ("LO2", "Trương Văn Bình", 1990, "2021-12-31", "2024-06-30", False, True),
        ("LO3", "Lê Thị <Bé> & Em", 2001, "None", "None", True, False),
    ]


def test_the_xlsx_reader_reads_what_openpyxl_reads_in_both_files():
    from danvan.core.xlsx import Workbook

    for name in ("members-prefixed.xlsx", "members-libreoffice.xlsx"):
        ours = Workbook((DATA / name).open("rb"))
        sheet = ours.sheet_names[0]
        mine = [row for row in ours.rows(sheet, []) if row]
        reference = openpyxl.load_workbook(DATA / name).active
        for cells, expected in zip(mine, reference.iter_rows(values_only=True), strict=True):
            texts = ["" if v is None else v.date().isoformat() if hasattr(v, "date") else
                     ("1" if v is True else "0" if v is False else str(v)) for v in expected]
            assert cells == texts[:len(cells)] and not any(texts[len(cells):]), name

"""Works, contributions, trainees and commendations from CSV and XLSX through the one pipeline:
the model's rules and the user's scope per row, all or nothing, Vietnamese messages naming row and
column, and exports that import back unchanged."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client

from danvan.campaigns.models import Commendation, Contribution, Trainee, VillageDecision, Work
from danvan.core.imports import ImportFailed, export_rows, run_import, specs
from danvan.core.text import fold, sort_key
from danvan.indicators import ledger
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.periods import parse_period
from danvan.people.models import Household, Person

pytestmark = pytest.mark.django_db

WORK_HEADER = ["Mã công trình", "Tên công trình, phần việc", "Loại", "Loại nhà", "Xây mới/sửa chữa", "Số lượng",
               "Mã thôn, xã", "Mã tổ chức", "Cơ quan, đơn vị", "Loại tổ chức", "Mã phong trào", "Mã hộ được hỗ trợ",
               "Trạng thái", "Khởi công", "Bàn giao", "Tổng trị giá (đồng)", "Ngân sách nhà nước (đồng)",
               "Các tổ chức, quỹ (đồng)", "Nhân dân đóng góp (đồng)", "Nhà hảo tâm, doanh nghiệp tài trợ (đồng)",
               "Công khai"]
CONTRIBUTION_HEADER = ["Mã công trình", "Mã phong trào", "Mã thôn", "Ngày đóng góp", "Người đóng góp", "Mã hộ",
                       "Mã cá nhân", "Tên tập thể, doanh nghiệp", "Đồng ý công khai tên", "Tiền (đồng)", "Ngày công",
                       "Đất hiến (m²)", "Ghi chú"]


def csv_bytes(rows: list[list[object]]) -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def xlsx_bytes(rows: list[list[object]], sheet: str) -> io.BytesIO:
    book = openpyxl.Workbook()
    page = book.active
    page.title = sheet
    for row in rows:
        page.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def figures(period: str, *codes: str) -> tuple[int, ...]:
    """The province's figures of ``period`` (the fact ledger, as the reports read it)."""
    report = build_report(resolve_unit("92"), parse_period(period), None)
    return tuple(report.value(code) for code in codes)


@pytest.fixture
def hoa(cast) -> Household:
    return Household.objects.create(code="H001", head_name="Lê Thị Hoa", size=4, unit=cast.village_a1)


@pytest.fixture
def campaign(cast):
    return cast.make_campaign(code="PT-NTM")


def work_rows(cast) -> list[list[object]]:
    return [
        WORK_HEADER,
        ["CT-N1", "Nhà đại đoàn kết hộ bà Lê Thị Hoa", "Nhà ở", "nha dai doan ket", "Xây mới", "", cast.village_a1.key,
         cast.org_women_a.code, "", "", "PT-NTM", "H001", "Đã bàn giao", "20/01/2026", "15/03/2026", "60000000", "0",
         "40000000", "5000000", "15000000", "có"],
        ["CT-N2", "Học bổng Thắp sáng ước mơ", "hoc bong", "", "", "25", cast.commune_a.key, "", "Công ty Điện lực",
         "Mặt trận Tổ quốc", "", "", "Dự kiến", "", "", "25000000", "", "", "", "25000000", "không"],
        ["CT-N3", "Bê tông hóa đường nội ấp", "road", "", "Sửa chữa", "", cast.village_a2.key, cast.org_women_a.code,
         "", "", "", "", "Đang thực hiện", "2026-04-01", "", "350000000", "200000000", "", "150000000", "", ""],
    ]


def assert_works_written(cast, hoa, campaign) -> None:
    house = Work.objects.get(code="CT-N1")
    assert (house.kind, house.house_kind, house.build, house.quantity, house.state) == (
        "house", "great_unity", "new", 1, "handed_over")
    assert (house.started, house.handed_over) == (dt.date(2026, 1, 20), dt.date(2026, 3, 15))
    assert (house.value_vnd, house.budget_vnd, house.organizations_vnd, house.people_vnd, house.sponsors_vnd) == (
        60_000_000, 0, 40_000_000, 5_000_000, 15_000_000)
    assert (house.beneficiary, house.campaign, house.organization, house.public) == (
        hoa, campaign, cast.org_women_a, True)
    assert (house.org_kind, house.unit_path, house.commune_id, house.province_id) == (
        "women", cast.village_a1.path, cast.commune_a.pk, cast.province.pk)
    assert house.name_folded == "nha dai doan ket ho ba le thi hoa"
    assert house.name_sort == sort_key("Nhà đại đoàn kết hộ bà Lê Thị Hoa")
    scholarships = Work.objects.get(code="CT-N2")
    assert (scholarships.kind, scholarships.quantity, scholarships.organization, scholarships.agency_name) == (
        "scholarship", 25, None, "Công ty Điện lực")
    assert (scholarships.org_kind, scholarships.unit_path, scholarships.state, scholarships.sponsors_vnd) == (
        "front", cast.commune_a.path, "planned", 25_000_000)
    road = Work.objects.get(code="CT-N3")
    assert (road.kind, road.build, road.state, road.started, road.handed_over, road.people_vnd, road.public) == (
        "road", "repair", "in_progress", dt.date(2026, 4, 1), None, 150_000_000, False)


def test_a_works_file_creates_the_works(cast, hoa, campaign):
    result = run_import("works", csv_bytes(work_rows(cast)), "cong-trinh.csv", cast.editor_a)
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    assert_works_written(cast, hoa, campaign)
    # The facts follow the bulk write: the house handed over counts, the planned and running works not yet.
    assert figures("2026", "WK-HOUSE", "WK-HOUSE-VND", "WK-SCHOLAR", "WK-WORKS") == (1, 60_000_000, 0, 0)
    rows = work_rows(cast)
    rows[2][12:15] = ["Đã bàn giao", "", "01/06/2026"]
    assert run_import("works", csv_bytes(rows), "cong-trinh.csv", cast.editor_a).updated == 3
    assert figures("2026", "WK-SCHOLAR", "WK-SCHOLAR-VND") == (25, 25_000_000)
    assert ledger.check() == (0, [])


def test_an_xlsx_works_file_with_numbers_and_dates_is_read_the_same(cast, hoa, campaign):
    rows = work_rows(cast)
    for row in rows[1:]:
        for index in (13, 14):  # real Excel dates
            if row[index]:
                text = str(row[index])
                row[index] = (dt.date.fromisoformat(text) if "-" in text
                              else dt.datetime.strptime(text, "%d/%m/%Y").date())
        for index in range(15, 20):  # real numbers
            row[index] = int(row[index]) if row[index] else None
    result = run_import("works", xlsx_bytes(rows, "Công trình"), "cong-trinh.xlsx", cast.editor_a)
    assert (result.rows, result.created) == (3, 3)
    assert_works_written(cast, hoa, campaign)


def test_a_kind_limited_editor_cannot_import_a_work_of_the_front(cast, hoa, campaign):
    """CT-N2 has no organization: its kind is the Front's, which the Women's Union editor may not write."""
    rows = work_rows(cast)
    rows[2][9] = ""
    with pytest.raises(ImportFailed) as failure:
        run_import("works", csv_bytes(rows[:3]), "cong-trinh.csv", cast.women_only_a)
    assert failure.value.errors == [
        "Dòng 3, cột 'Loại tổ chức': bạn không được nhập dữ liệu của loại tổ chức 'Mặt trận Tổ quốc'"]
    assert not Work.objects.exists()


def test_a_works_file_with_bad_rows_is_rejected_whole_with_every_reason(cast, hoa, campaign):
    rows = work_rows(cast)
    rows.append(["CT-N4", "Nhà tạm", "Nhà tạm bợ", "", "", "", cast.village_a1.key, cast.org_women_a.code, "", "",
                 "", "", "", "", "", "", "", "", "", "", ""])
    rows.append(["CT-N5", "Nhà tình nghĩa", "Nhà ở", "Nhà tình nghĩa", "", "", cast.village_a1.key,
                 cast.org_women_a.code, "", "", "", "H999", "Đã bàn giao", "", "", "50000000", "30000000", "", "", "",
                 ""])
    rows.append(["CT-N6", "Đường ở xã khác", "Đường giao thông", "", "", "", cast.village_b1.key, "", "Xã B", "",
                 "", "", "", "", "", "", "", "", "", "", ""])
    rows.append(["CT-N7", "Đèn đường", "Thắp sáng đường quê, đèn chiếu sáng", "", "", "", cast.village_a2.key,
                 cast.org_women_a.code, "", "", "", "", "Đã bàn giao", "", "", "90000000", "30000000", "", "", "",
                 ""])
    rows.append(["CT-N1", "Trùng mã", "Cầu", "", "", "", cast.village_a1.key, cast.org_women_a.code, "", "", "", "",
                 "", "", "", "", "", "", "", "", ""])
    with pytest.raises(ImportFailed) as failure:
        run_import("works", csv_bytes(rows), "cong-trinh.csv", cast.editor_a)
    errors = failure.value.errors
    assert errors[0].startswith("Dòng 5, cột 'Loại': 'Nhà tạm bợ' không thuộc danh mục (Nhà ở, Học bổng, ")
    assert errors[1:] == [
        "Dòng 6, cột 'Mã hộ được hỗ trợ': Hộ 'H999' không tồn tại hoặc nằm ngoài phạm vi của bạn",
        f"Dòng 7, cột 'Mã thôn, xã': Đơn vị '{cast.village_b1.key}' không tồn tại hoặc nằm ngoài phạm vi của bạn",
        "Dòng 8, cột 'Bàn giao': Công trình đã bàn giao cần ngày bàn giao.",
        "Dòng 8, cột 'Tổng trị giá (đồng)': Tổng các nguồn kinh phí (30.000.000 đồng) phải bằng tổng trị giá.",
        "Dòng 9, cột 'Mã công trình': trùng với dòng 2",
    ]
    assert not Work.objects.exists()


def test_a_work_outside_the_editors_commune_cannot_be_updated(cast):
    other = cast.make_work(code="CT-B1", unit=cast.village_b1, organization=cast.org_women_b)
    rows = work_rows(cast)[:2]
    rows[1][0], rows[1][10], rows[1][11] = other.code, "", ""
    with pytest.raises(ImportFailed) as failure:
        run_import("works", csv_bytes(rows), "cong-trinh.csv", cast.editor_a)
    assert failure.value.errors == [
        "Dòng 2, cột 'Mã công trình': đã có bản ghi này ngoài phạm vi của bạn (đơn vị hoặc loại tổ chức khác); "
        "không được cập nhật"]
    other.refresh_from_db()
    assert (other.unit, other.name) == (cast.village_b1, "Nhà đại đoàn kết hộ bà Lê Thị Hoa")


def test_a_column_left_out_keeps_what_the_work_holds(cast):
    work = cast.make_work(code="CT-A1", public=True, description="Nhà cấp 4, 60 m²", spent_vnd=58_000_000)
    rows = [["Mã công trình", "Tên công trình, phần việc", "Loại", "Loại nhà", "Mã thôn, xã", "Mã tổ chức",
             "Tổng trị giá (đồng)", "Nhân dân đóng góp (đồng)"],
            ["CT-A1", "Nhà đại đoàn kết hộ bà Lê Thị Hoa (bàn giao)", "Nhà ở", "Nhà đại đoàn kết", cast.village_a1.key,
             cast.org_women_a.code, "62000000", "62000000"]]
    result = run_import("works", csv_bytes(rows), "cong-trinh.csv", cast.editor_a)
    assert (result.created, result.updated) == (0, 1)
    work.refresh_from_db()
    assert (work.name, work.value_vnd, work.people_vnd, work.handed_over, work.state) == (
        "Nhà đại đoàn kết hộ bà Lê Thị Hoa (bàn giao)", 62_000_000, 62_000_000, dt.date(2026, 3, 15), "handed_over")
    assert (work.public, work.description, work.spent_vnd) == (True, "Nhà cấp 4, 60 m²", 58_000_000)
    assert work.name_folded == fold(work.name)


# ---------------------------------------------------------------- contributions


@pytest.fixture
def road(cast):
    return cast.make_work(code="CT-DUONG", name="Đường nội ấp", kind="road", value_vnd=0)


def test_a_contributions_file_in_cash_labor_days_and_land(cast, hoa, road, campaign):
    tam = Person.objects.create(code="CN-TAM", full_name="Trần Văn Tâm", sex="male", unit=cast.village_a1)
    rows = [
        CONTRIBUTION_HEADER,
        [road.code, "", cast.village_a1.key, "01/02/2026", "Hộ gia đình", "H001", "", "", "có", "", "12", "", ""],
        [road.code, "", cast.village_a1.key, "02/02/2026", "Cá nhân", "", "CN-TAM", "", "không", "", "", "350",
         "Hiến đất mở rộng đường"],
        [road.code, "", cast.village_a2.key, "03/02/2026", "Tong dong gop cua thon (khong ghi ten)", "", "", "",
         "", "3600000", "40", "", ""],
        ["", "PT-NTM", cast.village_a2.key, "04/02/2026", "collective", "", "", "Công ty TNHH Hòa Bình", "có",
         "20000000", "", "", ""],
    ]
    result = run_import("contributions", csv_bytes(rows), "dong-gop.csv", cast.women_only_a)
    assert (result.rows, result.created, result.updated) == (4, 4, 0)
    by_day = {c.day.day: c for c in Contribution.objects.select_related("work", "campaign")}
    household = by_day[1]
    assert (household.household, household.labor_days, household.cash_vnd, household.show_name) == (hoa, 12, 0, True)
    assert (household.unit, household.unit_path, household.org_kind, household.campaign) == (
        cast.village_a1, cast.village_a1.path, "women", None)
    land = by_day[2]
    assert (land.person, land.land_m2, land.labor_days, land.note, land.show_name) == (
        tam, 350, 0, "Hiến đất mở rộng đường", False)
    village = by_day[3]
    assert (village.contributor_type, village.cash_vnd, village.labor_days, village.unit_id) == (
        "anonymous", 3_600_000, 40, cast.village_a2.pk)
    company = by_day[4]
    assert (company.work, company.campaign, company.collective_name, company.cash_vnd, company.commune_id) == (
        None, campaign, "Công ty TNHH Hòa Bình", 20_000_000, cast.commune_a.pk)
    assert figures("2026-02", "CT-CASH", "CT-LABOR", "CT-LAND") == (23_600_000, 52, 350)
    # The same file again updates the four contributions (their key: work or campaign, village, contributor, day).
    rows[2][11] = "400"
    again = run_import("contributions", csv_bytes(rows), "dong-gop.csv", cast.women_only_a)
    assert (again.created, again.updated) == (0, 4)
    assert Contribution.objects.count() == 4
    assert figures("2026-02", "CT-CASH", "CT-LABOR", "CT-LAND") == (23_600_000, 52, 400)
    assert ledger.check() == (0, [])


def test_a_contributions_file_with_a_bad_row_writes_nothing(cast, hoa, road):
    rows = [
        CONTRIBUTION_HEADER,
        [road.code, "", cast.village_a1.key, "01/02/2026", "Hộ gia đình", "H001", "", "", "", "500000", "", "", ""],
        [road.code, "", cast.village_a1.key, "01/02/2026", "Hộ gia đình", "H002", "", "", "", "500000", "", "", ""],
        [road.code, "", cast.village_a1.key, "05/02/2026", "Hộ gia đình", "H001", "", "", "", "", "", "", ""],
        [road.code, "", cast.village_a1.key, "06/02/2026", "Hộ nghèo", "H001", "", "", "", "100", "", "", ""],
        [road.code, "", cast.village_b1.key, "06/02/2026", "Tổng đóng góp của thôn (không ghi tên)", "", "", "", "",
         "100", "", "", ""],
        [road.code, "", cast.village_a1.key, "07/02/2026", "Tập thể, doanh nghiệp", "", "", "", "", "100", "", "", ""],
        [road.code, "", cast.village_a1.key, "01/02/2026", "Hộ gia đình", "H001", "", "", "", "700000", "", "", ""],
    ]
    with pytest.raises(ImportFailed) as failure:
        run_import("contributions", csv_bytes(rows), "dong-gop.csv", cast.editor_a)
    errors = failure.value.errors
    assert errors[0] == (f"Dòng 3, cột 'Mã hộ': hộ 'H002' không có ở thôn '{cast.village_a1.key}' hoặc nằm ngoài "
                         "phạm vi của bạn")
    assert errors[1] == "Dòng 4, cột 'Tiền (đồng)': Cần ghi số tiền, ngày công hoặc diện tích đất đóng góp."
    assert errors[2].startswith("Dòng 5, cột 'Người đóng góp': 'Hộ nghèo' không thuộc danh mục (Hộ gia đình, ")
    assert errors[3:] == [
        f"Dòng 6, cột 'Mã thôn': Thôn '{cast.village_b1.key}' không tồn tại hoặc nằm ngoài phạm vi của bạn",
        "Dòng 7, cột 'Tên tập thể, doanh nghiệp': Cần ghi tên tập thể, doanh nghiệp đóng góp.",
        "Dòng 8, cột 'Người đóng góp': trùng với dòng 2",
    ]
    assert not Contribution.objects.exists()


def test_a_contribution_names_the_village_decision_by_its_meeting_day(cast, hoa, road):
    decision = VillageDecision.objects.create(
        work=road, unit=cast.village_a1, day=dt.date(2026, 1, 20), subject="Góp tiền, ngày công làm đường",
        households=120, attending=100, agreeing=92)
    header = [*CONTRIBUTION_HEADER, "Ngày họp thôn"]
    rows = [header,
            [road.code, "", cast.village_a1.key, "01/02/2026", "Hộ gia đình", "H001", "", "", "", "500000", "", "",
             "", "20/01/2026"]]
    assert run_import("contributions", csv_bytes(rows), "dong-gop.csv", cast.editor_a).created == 1
    assert Contribution.objects.get().decision == decision
    rows[1][13] = "21/01/2026"
    with pytest.raises(ImportFailed) as failure:
        run_import("contributions", csv_bytes(rows), "dong-gop.csv", cast.editor_a)
    assert failure.value.errors == [
        f"Dòng 2, cột 'Ngày họp thôn': thôn '{cast.village_a1.key}' không có (hoặc có nhiều) quyết định họp ngày "
        "21/01/2026 về công trình, phong trào này"]
    # Without the column the contribution keeps its decision; a blank cell removes it.
    assert run_import("contributions", csv_bytes([CONTRIBUTION_HEADER, rows[1][:13]]), "dong-gop.csv",
                      cast.editor_a).updated == 1
    assert Contribution.objects.get().decision == decision
    rows[1][13] = ""
    assert run_import("contributions", csv_bytes(rows), "dong-gop.csv", cast.editor_a).updated == 1
    assert Contribution.objects.get().decision is None


# ---------------------------------------------------------------- trainees


def test_a_trainees_file_names_persons_by_code(cast):
    course = cast.make_course(code="TH-DV-2026", trainee_count=0)
    lan = Person.objects.create(code="CB-LAN", full_name="Nguyễn Thị Lan", sex="female", unit=cast.village_a1)
    minh = Person.objects.create(code="CB-MINH", full_name="Phạm Văn Minh", sex="male", unit=cast.village_a2)
    outsider = Person.objects.create(code="CB-B", full_name="Người xã B", sex="male", unit=cast.village_b1)
    header = ["Mã lớp", "Mã cá nhân", "Họ và tên"]
    rows = [header, ["TH-DV-2026", "CB-LAN", "Nguyễn Thị  Lan"], ["TH-DV-2026", "CB-MINH", ""]]
    result = run_import("trainees", csv_bytes(rows), "hoc-vien.csv", cast.women_only_a)
    assert (result.created, result.updated) == (2, 0)
    trainees = list(Trainee.objects.order_by("person__code").values_list(
        "course", "person", "org_kind", "unit", "unit_path", "commune"))
    assert trainees == [(course.pk, lan.pk, "women", cast.commune_a.pk, cast.commune_a.path, cast.commune_a.pk),
                        (course.pk, minh.pk, "women", cast.commune_a.pk, cast.commune_a.path, cast.commune_a.pk)]
    bad = [header, ["TH-DV-2026", "CB-LAN", "Nguyễn Thị Lan"], ["TH-DV-2026", "CB-MINH", "Phạm Minh"],
           ["TH-DV-2026", outsider.code, ""], ["TH-KHAC", "CB-LAN", ""], ["TH-DV-2026", "CB-LAN", ""]]
    with pytest.raises(ImportFailed) as failure:
        run_import("trainees", csv_bytes(bad), "hoc-vien.csv", cast.editor_a)
    assert failure.value.errors == [
        "Dòng 3, cột 'Họ và tên': khác họ tên của cá nhân 'CB-MINH': 'Phạm Văn Minh'",
        "Dòng 4, cột 'Mã cá nhân': Cá nhân 'CB-B' không tồn tại hoặc nằm ngoài phạm vi của bạn",
        "Dòng 5, cột 'Mã lớp': Lớp 'TH-KHAC' không tồn tại hoặc nằm ngoài phạm vi của bạn",
        "Dòng 6, cột 'Mã cá nhân': trùng với dòng 2",
    ]
    assert Trainee.objects.count() == 2
    assert figures("2026", "TR-COUNT", "TR-TRAINEES") == (1, 2)
    assert ledger.check() == (0, [])


# ---------------------------------------------------------------- commendations

COMMENDATION_HEADER = ["Hình thức", "Cấp khen", "Cơ quan khen thưởng", "Số quyết định", "Ngày khen thưởng",
                       "Đối tượng", "Tên tập thể", "Mã cá nhân", "Mã đơn vị", "Loại tổ chức", "Mã phong trào",
                       "Thành tích năm", "Thành tích"]


def test_a_commendations_file(cast, campaign):
    lan = Person.objects.create(code="CB-LAN", full_name="Nguyễn Thị Lan", sex="female", unit=cast.village_a1)
    rows = [
        COMMENDATION_HEADER,
        ["Giấy khen", "Cấp tỉnh", "Ban Dân vận Thành ủy", "125-QĐ/BDVTU", "19/05/2026", "Tập thể",
         "Hội LHPN phường Ninh Kiều", "", cast.commune_a.key, "Hội Liên hiệp Phụ nữ", "PT-NTM", "", ""],
        ["bang khen", "Trung ương", "Ban Dân vận Trung ương", "88-QĐ/BDVTW", "2026-06-01", "Cá nhân", "", "CB-LAN",
         cast.village_a1.key, "women", "", "2025", "Điển hình \"Dân vận khéo\""],
    ]
    result = run_import("commendations", csv_bytes(rows), "khen-thuong.csv", cast.women_only_a)
    assert (result.created, result.updated) == (2, 0)
    assert figures("2026", "AW-COUNT", "AW-LEVEL") == (2, 2)
    certificate = Commendation.objects.get(decision_no="125-QĐ/BDVTU")
    assert (certificate.form, certificate.issuer_level, certificate.recipient_type, certificate.campaign) == (
        "certificate", "province", "collective", campaign)
    assert (certificate.org_kind, certificate.unit_path, certificate.day) == (
        "women", cast.commune_a.path, dt.date(2026, 5, 19))
    merit = Commendation.objects.get(decision_no="88-QĐ/BDVTW")
    assert (merit.form, merit.issuer_level, merit.person, merit.year, merit.reason, merit.commune_id) == (
        "merit", "central", lan, 2025, "Điển hình \"Dân vận khéo\"", cast.commune_a.pk)
    # The same decision, form and recipient update the commendation; a commendation needs its reason.
    rows[1][2] = "Ban Dân vận Thành ủy Cần Thơ"
    rows[2][11] = rows[2][12] = ""
    with pytest.raises(ImportFailed) as failure:
        run_import("commendations", csv_bytes(rows), "khen-thuong.csv", cast.women_only_a)
    assert failure.value.errors == [
        "Dòng 3, cột 'Thành tích': Cần ghi thành tích: phong trào, mô hình, năm công tác hoặc nội dung."]
    assert run_import("commendations", csv_bytes(rows[:2]), "khen-thuong.csv", cast.women_only_a).updated == 1
    certificate.refresh_from_db()
    assert certificate.issuer == "Ban Dân vận Thành ủy Cần Thơ" and Commendation.objects.count() == 2


# ---------------------------------------------------------------- exports


def snapshot() -> dict[str, list[tuple]]:
    fields = {
        Work: [f.attname for f in Work._meta.concrete_fields if f.attname not in {"created", "updated"}],
        Contribution: [f.attname for f in Contribution._meta.concrete_fields if f.attname not in {"created", "updated"}],
        Trainee: [f.attname for f in Trainee._meta.concrete_fields if f.attname not in {"created", "updated"}],
        Commendation: [f.attname for f in Commendation._meta.concrete_fields
                       if f.attname not in {"created", "updated"}],
    }
    return {model.__name__: list(model.objects.order_by("pk").values_list(*names)) for model, names in fields.items()}


def test_every_export_imports_back_unchanged(cast, hoa, campaign, client: Client):
    lan = Person.objects.create(code="CB-LAN", full_name="Nguyễn Thị Lan", sex="female", unit=cast.village_a1)
    house = cast.make_work(code="CT-NHA", beneficiary=hoa, campaign=campaign, people_vnd=10_000_000,
                           organizations_vnd=50_000_000, public=True, description="=1+1 không phải công thức")
    road = cast.make_work(code="CT-DUONG", name="Đường nội ấp", kind="road", unit=cast.commune_a, organization=None,
                          agency_name="UBND phường", org_kind="front", state="planned", handed_over=None,
                          value_vnd=0, spent_vnd=0)
    cast.make_contribution(house, household=hoa, contributor_type="household", cash_vnd=2_000_000, show_name=True)
    cast.make_contribution(road, person=lan, contributor_type="person", cash_vnd=0, land_m2=120)
    cast.make_contribution(road, unit=cast.village_a2, labor_days=30, campaign=campaign)  # the road is in none
    cast.make_contribution(None, campaign=campaign, contributor_type="collective", collective_name="Công ty A")
    course = cast.make_course(code="TH-1")
    Trainee.objects.create(course=course, person=lan)
    cast.make_commendation(campaign=campaign)
    cast.make_commendation(recipient_type="person", person=lan, collective_name="", form="merit", unit=cast.village_a1,
                           decision_no="7/QĐ", org_kind="women", reason="Vận động hiến đất")
    before = snapshot()
    client.force_login(cast.specialist)
    for kind, count in (("works", 2), ("contributions", 4), ("trainees", 1), ("commendations", 2)):
        exported = b"".join(client.get(f"/data/export/{kind}/", {"format": "csv"}).streaming_content)
        again = run_import(kind, io.BytesIO(exported), f"{kind}.csv", cast.specialist)
        assert (kind, again.created, again.updated) == (kind, 0, count)
    assert snapshot() == before


def test_the_export_follows_the_spec_columns(cast, hoa):
    cast.make_work(code="CT-NHA", beneficiary=hoa)
    columns, rows = export_rows("works", Work.objects.all(), cast.specialist)
    assert [c.label for c in columns] == [c.label for c in specs()["works"].columns]
    row = dict(zip([c.key for c in columns], next(rows), strict=True))
    assert (row["kind"], row["house_kind"], row["unit"], row["beneficiary"], row["state"], row["handed_over"]) == (
        "Nhà ở", "Nhà đại đoàn kết", cast.village_a1.key, "H001", "Đã bàn giao", "15/03/2026")
    assert (row["organization"], row["org_kind"], row["value_vnd"], row["spent_vnd"], row["public"]) == (
        cast.org_women_a.code, "Hội Liên hiệp Phụ nữ", 60_000_000, None, "không")


def test_the_templates_have_the_columns(cast, client: Client):
    client.force_login(cast.editor_a)
    for kind in ("works", "contributions", "trainees", "commendations"):
        response = client.get(f"/data/template/{kind}.csv")
        header = response.content.decode("utf-8-sig").splitlines()[0]
        assert header == ",".join(f'"{c.label}"' if "," in c.label else c.label for c in specs()[kind].columns)


def test_the_queries_of_an_import_do_not_grow_with_its_rows(cast, hoa, campaign, road):
    """Related records are read once per chunk and rows written set-based: no query per row."""
    from django.db import connection

    def works(n: int, prefix: str) -> list[list[object]]:
        return [WORK_HEADER] + [
            [f"{prefix}{i}", f"Nhà {i}", "Nhà ở", "Nhà nhân ái", "Sửa chữa", "", cast.village_a1.key,
             cast.org_women_a.code, "", "", "PT-NTM", "H001", "Đang thực hiện", "", "", "1000", "", "", "1000", "", ""]
            for i in range(n)]

    def contributions(n: int, day: int) -> list[list[object]]:
        return [CONTRIBUTION_HEADER] + [
            [road.code, "", cast.village_a1.key, f"{day:02d}/02/2026", "Tập thể, doanh nghiệp", "", "", f"Tổ {i}",
             "", "1000", "", "", ""] for i in range(n)]

    def count(execute, sql, params, many, context):  # noqa: ANN001 — Django's execute wrapper
        counts[-1] += 1
        return execute(sql, params, many, context)

    counts: list[int] = []
    # The first import of a kind warms the caches (content types, the user's scope); then 60 rows
    # and 120 rows cost the same queries.
    for kind, rows in (("works", works(60, "A")), ("works", works(60, "B")), ("works", works(120, "C")),
                       ("contributions", contributions(60, 1)), ("contributions", contributions(60, 2)),
                       ("contributions", contributions(120, 3))):
        counts.append(0)
        with connection.execute_wrapper(count):
            run_import(kind, csv_bytes(rows), f"{kind}.csv", cast.editor_a)
    assert counts[1] == counts[2] and counts[4] == counts[5]
    assert Work.objects.filter(beneficiary=hoa).count() == 240 and Contribution.objects.count() == 240


def test_the_import_page_checks_then_writes_a_works_file(cast, hoa, campaign, client: Client):
    client.force_login(cast.editor_a)
    upload = csv_bytes(work_rows(cast))
    upload.name = "cong-trinh.csv"
    checked = client.post("/data/import/works/", {"file": upload})
    assert checked.status_code == 200 and "CT-N1" in checked.content.decode()
    assert not Work.objects.exists()  # the check is a dry run
    done = client.post("/data/import/works/", {"confirm": "1"})
    assert done.status_code == 200
    assert sorted(Work.objects.values_list("code", flat=True)) == ["CT-N1", "CT-N2", "CT-N3"]
    bad = csv_bytes([WORK_HEADER, ["CT-X", "Cầu", "Cầu", "", "", "", cast.village_b1.key, "", "Xã B", "", "", "",
                                   "", "", "", "", "", "", "", "", ""]])
    bad.name = "cong-trinh.csv"
    refused = client.post("/data/import/works/", {"file": bad}).content.decode()
    assert (f"Dòng 2, cột &#x27;Mã thôn, xã&#x27;: Đơn vị &#x27;{cast.village_b1.key}&#x27; không tồn tại hoặc nằm "
            "ngoài phạm vi của bạn") in refused

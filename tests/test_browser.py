"""End to end, in headless Debian Chromium: what a person does with danvan, against a real server.

The server (``danvan serve``) runs on its own database with a small deterministic demo (see
``browser_support``); these tests never use pytest-django's database. Each test saves a
screenshot under ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import csv
import io
import os
import re
from typing import Any

import pytest

from danvan.demo.accounts import DEMO_PASSWORD

from .browser_support import (
    CHROMIUM,
    COMMUNE_A,
    COMMUNE_B,
    PROVINCE,
    ROOT,
    LiveServer,
    screenshot,
    vn_int,
)

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
# Generous waits: CI machines are small and shared (expect() returns as soon as the page matches).
expect.set_options(timeout=15_000)

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian chromium at /usr/bin/chromium for the browser tests")
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)


PROVINCE_USER = "tinh"  # province specialist of Thành phố Cần Thơ
COMMUNE_USER = "xa"  # commune editor of Phường Ninh Kiều (commune A)


# ---------------------------------------------------------------- fixtures


def log_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def logged_in(new_page: Any, username: str) -> Any:
    page = new_page()
    log_in(page, username)
    expect(page.get_by_text("Phạm vi của bạn")).to_be_visible()
    return page


def result_count(page: Any) -> int:
    """The "N kết quả" line above a register table."""
    text = page.locator("#object-table .result-count").inner_text()
    match = re.search(r"([\d.]+)\s+kết quả", text)
    assert match, text
    return vn_int(match.group(1))


def members_count(page: Any) -> int:
    page.goto("/registers/members/")
    expect(page.locator("#object-table .result-count")).to_contain_text("kết quả")
    return result_count(page)


def pick(page: Any, field: str, query: str, value: str) -> None:
    """Type into a search picker and choose the result whose value is ``value``."""
    page.locator(f"input[name='{field}_search']").fill(query)
    option = page.locator(f"input[name='{field}_search'] ~ .picker-results button[data-value='{value}']")
    option.click()
    expect(page.locator(f"input[type=hidden][name='{field}']")).to_have_value(value)


# ---------------------------------------------------------------- 1. log in


def test_it_logs_in_and_shows_the_users_scope(new_page, server):
    page = new_page()
    log_in(page, PROVINCE_USER, "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    screenshot(page, "01-login-wrong-password")

    log_in(page, PROVINCE_USER)
    expect(page).to_have_url(server.url + "/")
    scope = page.locator("article", has_text="Phạm vi của bạn")
    expect(scope.locator("tbody tr")).to_have_count(1)
    row = scope.locator("tbody tr").first
    expect(row.locator("td").nth(0)).to_have_text("Chuyên viên cấp tỉnh")
    expect(row.locator("td").nth(1)).to_have_text(server.facts["commune_names"][PROVINCE])
    expect(row.locator("td").nth(2)).to_have_text("Tất cả")
    expect(scope).to_contain_text("Bạn được xem và cập nhật dữ liệu trong phạm vi trên.")
    expect(page.locator("header summary", has_text=PROVINCE_USER)).to_be_visible()
    screenshot(page, "01-home-province-specialist")


def test_the_menu_fits_a_desktop_and_a_phone(new_page, server):
    page = logged_in(new_page, PROVINCE_USER)
    wide, small = page.locator(".site-header .menu-wide"), page.locator(".site-header details.menu-small")
    # The wide header groups each app's entries (one line however many apps): the registers' dropdown.
    expect(wide.get_by_role("link", name="Hội viên")).to_be_hidden()
    wide.locator("summary", has_text="Hội viên, hộ gia đình").click()
    expect(wide.get_by_role("link", name="Hội viên")).to_be_visible()
    expect(wide.get_by_role("link", name="Đơn vị hành chính")).to_be_visible()  # an app of one entry: a link
    screenshot(page, "01-home-menu-group")
    expect(small).to_be_hidden()
    page.set_viewport_size({"width": 390, "height": 844})
    expect(wide).to_be_hidden()
    small.locator("summary").click()
    expect(small.get_by_role("link", name="Hội viên")).to_be_visible()
    screenshot(page, "01-home-phone-menu")


# ---------------------------------------------------------------- 2. search without accents


def test_it_finds_a_member_by_unaccented_name(new_page, server):
    person = server.facts["person"]
    assert person["folded"] != person["name"].lower()  # the name really has diacritics
    page = logged_in(new_page, PROVINCE_USER)
    page.goto("/registers/members/")
    total = result_count(page)
    page.get_by_text("Tìm kiếm và lọc").click()
    search = page.locator("form input[name=q]")
    search.fill(person["folded"])
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q="))
    links = page.locator("#object-table tbody td a", has_text=person["name"])
    expect(links.first).to_be_visible()
    found = result_count(page)
    assert 1 <= found < total
    # Every row is that person (their name is unique in the demo subset).
    names = page.locator("#object-table tbody tr td:first-child").all_inner_texts()
    assert names and all(name.strip() == person["name"] for name in names), names
    screenshot(page, "02-member-search-unaccented")


# ---------------------------------------------------------------- 3. create a household


def test_it_creates_a_household_with_its_history(new_page, server):
    village = server.facts["village_a"]
    page = logged_in(new_page, COMMUNE_USER)
    page.goto("/registers/households/")
    page.get_by_role("button", name="Thêm mới").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm hộ gia đình")
    page.get_by_label("Mã hộ").fill("HO-E2E-0001")
    page.get_by_label("Chủ hộ").fill("Lê Thị Ngọc Hằng")
    page.get_by_label("Số nhân khẩu").fill("4")
    page.get_by_label("Địa chỉ").fill("Số 12, đường Hai Bà Trưng")
    pick(page, "unit", village["name"].lower(), village["key"])
    page.get_by_role("button", name="Lưu").click()

    expect(page).to_have_url(re.compile(r"/registers/households/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lê Thị Ngọc Hằng (HO-E2E-0001)")
    expect(page.get_by_role("status")).to_contain_text("Đã lưu")
    fields = page.locator("table.fields")
    expect(fields.locator("tr", has_text="Thôn, ấp").locator("td")).to_have_text(village["name"])
    expect(fields.locator("tr", has_text="Số nhân khẩu").locator("td")).to_have_text("4")
    history = page.locator("#history details").first
    expect(history.locator("summary")).to_contain_text("Tạo mới")
    expect(history.locator("summary")).to_contain_text(COMMUNE_USER)
    expect(history.locator("tr", has_text="Chủ hộ").locator("td.after")).to_have_text("Lê Thị Ngọc Hằng")
    screenshot(page, "03-household-created")


# ---------------------------------------------------------------- 4. import members


MEMBER_HEADER = ("Mã cá nhân,Họ và tên,Giới tính,Năm sinh,Dân tộc,Số điện thoại,Mã chi hội,Mã hộ,Ngày vào,"
                 "Ngày ra,Sinh hoạt thường xuyên,Là cán bộ")


def members_csv(*rows: str) -> bytes:
    return ("\n".join([MEMBER_HEADER, *rows]) + "\n").encode("utf-8")


def test_it_rejects_a_bad_members_file_then_imports_a_good_one(new_page, server):
    branch = f"CH-{COMMUNE_A}.01-PN"  # the women's union branch of commune A's first village
    page = logged_in(new_page, COMMUNE_USER)
    lists = page.context.new_page()  # a second tab, same login: the members list, to count
    before = members_count(lists)

    page.goto("/data/import/members/")
    bad = members_csv(
        f",Trần Thị Mỹ Duyên,Nữ,1990,Kinh,,{branch},,01/03/2020,,có,không",
        f",Phạm Thị Kim Oanh,Nữ,19x5,Kinh,,{branch},,05/06/2021,,có,không",
    )
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "hoi-vien-loi.csv", "mimeType": "text/csv", "buffer": bad}])
    page.get_by_role("button", name="Kiểm tra tệp").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Tệp hoi-vien-loi.csv bị từ chối — không dòng nào được ghi.")
    expect(errors.locator("li").first).to_have_text("Dòng 3, cột 'Năm sinh': '19x5' không phải là năm")
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)
    screenshot(page, "04-import-rejected")
    assert members_count(lists) == before  # nothing written

    page.goto("/data/import/members/")
    good = members_csv(
        f",Trần Thị Mỹ Duyên,Nữ,1990,Kinh,,{branch},,01/03/2020,,có,không",
        f",Phạm Thị Kim Oanh,Nữ,1985,Kinh,,{branch},,05/06/2021,,không,không",
    )
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "hoi-vien.csv", "mimeType": "text/csv", "buffer": good}])
    page.get_by_role("button", name="Kiểm tra tệp").click()
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("Tệp hoi-vien.csv hợp lệ: 2 dòng (2 mới, 0 cập nhật)")
    expect(preview.locator("tbody tr")).to_have_count(2)
    expect(preview.locator("tbody")).to_contain_text("Phạm Thị Kim Oanh")
    screenshot(page, "04-import-preview")
    assert members_count(lists) == before  # a preview writes nothing either

    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator("#import-done")).to_contain_text("Đã nhập tệp hoi-vien.csv: 2 dòng, 2 mới, 0 cập nhật.")
    screenshot(page, "04-import-done")
    assert members_count(lists) == before + 2
    lists.get_by_text("Tìm kiếm và lọc").click()
    lists.locator("form input[name=q]").fill("pham thi kim oanh")
    lists.locator("form input[name=q]").press("Enter")
    expect(lists.locator("#object-table tbody")).to_contain_text("Phạm Thị Kim Oanh")


# ---------------------------------------------------------------- 5. export a filtered list


EXPORT_HEADER = MEMBER_HEADER.split(",")


def test_it_exports_one_communes_members_to_xlsx_and_csv(new_page, server, tmp_path):
    import openpyxl

    page = logged_in(new_page, PROVINCE_USER)
    page.goto("/registers/members/")
    page.get_by_text("Tìm kiếm và lọc").click()
    commune = server.facts["commune_names"][COMMUNE_B]
    pick(page, "unit", commune.lower(), COMMUNE_B)
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(rf"[?&]unit={COMMUNE_B}"))
    expect(page.locator("#object-table .result-count")).to_have_text(
        re.compile(rf"^{server.facts['members_b']:,} kết quả$".replace(",", ".")))
    screenshot(page, "05-members-of-one-commune")

    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất XLSX").click()
    xlsx = tmp_path / info.value.suggested_filename
    info.value.save_as(xlsx)
    assert xlsx.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(xlsx, read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Hội viên"
    assert rows[0] == EXPORT_HEADER
    check_one_commune(rows[0], rows[1:], server)

    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất CSV").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".csv"
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert table[0] == EXPORT_HEADER
    check_one_commune(table[0], table[1:], server)
    assert sorted(r[table[0].index("Họ và tên")] for r in table[1:]) == sorted(
        r[rows[0].index("Họ và tên")] for r in rows[1:])


def check_one_commune(header: list[str], rows: list[list[Any]], server: LiveServer) -> None:
    assert len(rows) == server.facts["members_b"] > 0
    branch = header.index("Mã chi hội")
    assert all(str(r[branch]).startswith(f"CH-{COMMUNE_B}.") for r in rows), {r[branch] for r in rows}
    assert all(r[header.index("Họ và tên")] for r in rows)


# ---------------------------------------------------------------- 6. dashboard drill-down


INDICATOR = "MB-MEMBERS"


def table_figures(page: Any) -> tuple[dict[str, int], int]:
    """The child rows' and the total's MB-MEMBERS, as the page shows them (Vietnamese numbers)."""
    table = page.locator("table.dashboard-table")
    children = {}
    for cell in table.locator(f"tbody td[data-indicator='{INDICATOR}']").all():
        children[cell.get_attribute("data-unit")] = vn_int(cell.inner_text())
    total = vn_int(table.locator(f"tfoot [data-indicator='{INDICATOR}']").inner_text())
    return children, total


def headline(page: Any) -> int:
    return vn_int(page.locator(f".indicator-card[data-indicator='{INDICATOR}'] .indicator-value").inner_text())


def test_the_dashboard_drills_down_and_adds_up(new_page, server):
    page = logged_in(new_page, PROVINCE_USER)
    dashboard = page.locator(f"#dashboard[data-unit='{PROVINCE}']")
    expect(dashboard).to_be_visible()  # the home page loads the province's panel
    # Then each registered panel loads into its place (htmx), the places replaced by the panels.
    expect(dashboard.locator("[data-panel-slot]")).to_have_count(0)
    expect(dashboard.locator("[data-panel='signoff']")).to_be_visible()
    communes, province_total = table_figures(page)
    assert len(communes) > 3  # every commune of the province is a row, most without data here
    assert sum(communes.values()) == province_total == headline(page) > 0
    assert communes[COMMUNE_A] > 0 and communes[COMMUNE_B] > 0
    screenshot(page, "06-dashboard-province")

    page.locator(f"a.drill[data-unit-link='{COMMUNE_A}']").click()
    expect(page.locator(f"#dashboard[data-unit='{COMMUNE_A}']")).to_be_visible()
    expect(page.locator(".dashboard-crumbs")).to_contain_text(server.facts["commune_names"][PROVINCE])
    villages, commune_total = table_figures(page)
    # Its villages, and a row ("") for records placed at the commune itself (courses, commendations).
    assert villages and all(key.startswith(f"{COMMUNE_A}.") or key == "" for key in villages), sorted(villages)
    assert sum(villages.values()) == commune_total == headline(page) == communes[COMMUNE_A]
    screenshot(page, "06-dashboard-commune")

    village = max((key for key in villages if key), key=lambda key: villages[key])
    page.locator(f"a.drill[data-unit-link='{village}']").click()
    expect(page.locator(f"#dashboard[data-unit='{village}']")).to_be_visible()
    assert headline(page) == villages[village] > 0
    screenshot(page, "06-dashboard-village")

    # The figure links to the records behind it: that village's current members.
    page.locator(f".indicator-card[data-indicator='{INDICATOR}'] .indicator-value a").click()
    expect(page).to_have_url(re.compile(rf"/registers/members/\?.*unit={re.escape(village)}"))
    expect(page.locator("#object-table .result-count")).to_contain_text("kết quả")
    assert result_count(page) == villages[village]
    screenshot(page, "06-dashboard-village-records")


# ---------------------------------------------------------------- 7. scope


def test_it_hides_another_communes_household(new_page, server):
    household = server.facts["household_b"]
    page = logged_in(new_page, COMMUNE_USER)
    response = page.goto(f"/registers/households/{household['id']}/")
    assert response.status == 404
    body = page.locator("body")
    expect(body).not_to_contain_text(household["head"])
    expect(body).not_to_contain_text(household["code"])
    screenshot(page, "07-other-commune-404")
    # The province specialist, whose scope covers both communes, does see it.
    page = logged_in(new_page, PROVINCE_USER)
    response = page.goto(f"/registers/households/{household['id']}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{household['head']} ({household['code']})")


# ---------------------------------------------------------------- README screenshot


def test_readme_screenshot_of_the_members_list(new_page, server):
    """Saved under test-artifacts; with DANVAN_README_SCREENSHOT=1 also as docs/screenshot.png."""
    page = logged_in(new_page, PROVINCE_USER)
    page.goto("/registers/members/")
    expect(page.locator("#object-table tbody tr")).to_have_count(50)  # one full page
    expect(page.get_by_role("heading", level=1)).to_have_text("Hội viên")
    expect(page.locator("#object-table thead")).to_contain_text("Sinh hoạt thường xuyên")
    path = screenshot(page, "08-members-list", full_page=False)
    assert path.stat().st_size > 10_000
    if os.environ.get("DANVAN_README_SCREENSHOT"):
        target = ROOT / "docs" / "screenshot.png"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(path.read_bytes())

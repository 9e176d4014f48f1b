"""The acceptance test of sign-off and locking, end to end in headless Chromium on the demo: the
commune's editor submits the month of one of her activities, the province approves it, her edit
of that activity is refused with the lock message, the province unlocks it with a reason, and the
same edit goes through."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.browser_support import CHROMIUM, LiveServer, screenshot

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=15_000)
if not CHROMIUM.exists():
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)

PASSWORD = "danvan-demo"  # noqa: S105 — the demo users' password (danvan.demo.accounts)
LOCKED = re.compile(r"đã được .+ phê duyệt và khóa ngày \d{2}/\d{2}/\d{4}: không thể thêm, sửa hoặc xóa dữ liệu")


def login(new_page: Any, username: str) -> Any:
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Phạm vi của bạn")).to_be_visible()
    return page


def edit_residents(page: Any, pk: int, value: int) -> None:
    page.goto(reverse("outreach:activity_edit", args=[pk]))
    page.get_by_label("Số người dân cùng tham gia").fill(str(value))
    page.get_by_role("button", name="Lưu").click()


def move(page: Any, url: str, label: str, reason: str = "") -> None:
    page.goto(url)
    page.get_by_role("button", name=label).click()
    if reason:
        page.get_by_label("Ghi chú, lý do").fill(reason)
    page.get_by_role("button", name="Xác nhận").click()


def test_a_submitted_and_approved_month_is_locked_until_the_province_unlocks_it(
        new_page: Any, server: LiveServer) -> None:
    editor = login(new_page, "xa")  # the demo's editor of Phường Ninh Kiều
    editor.goto(reverse("outreach:activity_list") + "?sort=date")  # her oldest activity: a month long over
    first = editor.locator("#object-table tbody tr").first
    day, month, year = re.search(r"(\d{2})/(\d{2})/(\d{4})", first.inner_text()).groups()  # type: ignore[union-attr]
    first.get_by_role("link").first.click()
    pk = int(re.search(r"/(\d+)/?$", editor.url.split("?")[0]).group(1))  # type: ignore[union-attr]
    period = f"{year}-{month}"

    editor.goto(reverse("signoff:signoff_submit"))
    editor.get_by_label("Kỳ").fill(period)
    editor.get_by_role("button", name="Gửi ký duyệt").click()
    expect(editor.locator("[data-state]")).to_have_text("Đã gửi, chờ phê duyệt")
    signoff_url = editor.url

    province = login(new_page, "tinh")
    move(province, signoff_url, "Phê duyệt và khóa số liệu")
    expect(province.locator("[data-state]")).to_have_text("Đã phê duyệt, khóa số liệu")

    edit_residents(editor, pk, 321)
    expect(editor.get_by_text(LOCKED)).to_be_visible()
    expect(editor.get_by_text(LOCKED)).to_contain_text(f"Kỳ Tháng {int(month)} năm {year}")
    screenshot(editor, "signoff-locked-edit")

    move(province, signoff_url, "Mở khóa", reason="Phường đề nghị sửa số người dân tham gia")
    expect(province.locator("[data-state]")).to_have_text("Đã mở khóa")
    expect(province.locator('[data-change="unlocked"]')).to_contain_text("Phường đề nghị sửa số người dân tham gia")

    edit_residents(editor, pk, 321)
    expect(editor).to_have_url(re.compile(rf"/{pk}/?$"))
    expect(editor.get_by_text("321").first).to_be_visible()
    assert day  # the activity's day lies in the month signed off

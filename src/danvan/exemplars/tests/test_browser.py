"""End to end in headless Chromium (``tests.browser_support``'s live server): a commune editor
registers a model and moves it through review, a province specialist recognizes and commends it,
the editor publishes it, and anyone finds it on the public page without logging in."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser_support import CHROMIUM, COMMUNE_A, screenshot

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=15_000)
if not CHROMIUM.exists():
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)

PASSWORD = "danvan-demo"  # noqa: S105 — the demo users' password (danvan.demo.accounts)
NAME = "Tuyến đường hoa Ninh Kiều E2E"
STORY = "Bà con khu vực tự nguyện góp 350 ngày công trồng 2 km đường hoa, giữ đường sạch mỗi sáng thứ bảy."


def page_for(new_page: Any, username: str | None) -> Any:
    page = new_page()
    if username:
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_text("Phạm vi của bạn")).to_be_visible()
    return page


def move(page: Any, label: str, **fields: str) -> None:
    """Click a lifecycle move on the detail page, fill its form and confirm."""
    page.get_by_role("button", name=label).click()
    expect(page.get_by_role("heading", name=label)).to_be_visible()
    for field, value in fields.items():
        page.get_by_label(field).select_option(value)
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("#lifecycle")).to_be_visible()


def test_register_review_commend_publish(new_page: Any) -> None:
    editor = page_for(new_page, "xa")
    editor.goto("/exemplars/exemplars/add/")
    editor.get_by_label("Tên mô hình, điển hình").fill(NAME)
    editor.get_by_label("Lĩnh vực").select_option("society")
    editor.locator("input[name='unit_search']").fill("Ninh Kiều")
    editor.locator(f"input[name='unit_search'] ~ .picker-results button[data-value='{COMMUNE_A}']").click()
    editor.get_by_label("Cơ quan, đơn vị đăng ký").fill("Ủy ban nhân dân phường Ninh Kiều")
    editor.get_by_label("Ngày đăng ký").fill("2026-03-02")
    editor.get_by_role("button", name="Lưu").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text(NAME)
    detail = editor.url
    for label in ("Ra mắt", "Triển khai thực hiện"):
        move(editor, label)
    move(editor, "Sơ kết, đánh giá", **{"Kết quả sơ kết": "good"})
    move(editor, "Công nhận cấp xã")
    expect(editor.locator("[data-state]")).to_have_text("Được công nhận cấp xã")
    expect(editor.get_by_role("button", name="Công nhận tiêu biểu")).to_have_count(0)  # a province move

    specialist = page_for(new_page, "tinh")
    specialist.goto(detail)
    move(specialist, "Công nhận tiêu biểu")
    move(specialist, "Khen thưởng")
    expect(specialist.locator("[data-state]")).to_have_text("Được khen thưởng")
    screenshot(specialist, "exemplars-commended")

    public = page_for(new_page, None)
    public.goto(f"/cong-khai/{COMMUNE_A}/")
    expect(public.get_by_text(NAME)).to_have_count(0)  # not published yet

    editor.goto(detail)
    editor.get_by_role("button", name="Sửa").click()
    editor.get_by_label("Công khai", exact=True).check()
    editor.get_by_label("Câu chuyện công khai").fill(STORY)
    editor.get_by_role("button", name="Lưu").click()
    expect(editor).to_have_url(re.compile(r"/exemplars/exemplars/\d+/$"))

    public = page_for(new_page, None)  # a new visitor (the first one's browser keeps its copy a while)
    public.goto(f"/cong-khai/{COMMUNE_A}/")
    section = public.locator("#exemplars")
    expect(section.get_by_text(NAME)).to_be_visible()
    expect(section.get_by_text(STORY)).to_be_visible()
    expect(public.get_by_text("Phạm vi của bạn")).to_have_count(0)
    screenshot(public, "exemplars-public-page")

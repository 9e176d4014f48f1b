"""The acceptance test of the public intake, end to end in headless Chromium
(``tests.browser_support``'s live server): a citizen files a petition on the public page without
logging in and gets a tracking code; an editor of the commune writes the answer, publishes it and
moves the case to "Đã trả lời"; the citizen enters the code and reads the answer — and the
commune's public page, cached before, now lists it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.browser_support import CHROMIUM, COMMUNE_A, LiveServer, screenshot

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=15_000)
if not CHROMIUM.exists():
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)

PASSWORD = "danvan-demo"  # noqa: S105 — the demo users' password (danvan.demo.accounts)
TITLE = "Cống thoát nước hẻm 7 bị nghẹt (E2E công khai)"
TEXT = "Cống thoát nước đầu hẻm 7 bị nghẹt, mưa xuống nước ngập vào nhà dân, đề nghị nạo vét."
ANSWER = "Phường đã nạo vét cống hẻm 7 ngày 20/11; sẽ thay nắp cống trong tháng 12."
TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_a_citizen_files_a_petition_and_reads_the_answer_with_the_code(new_page: Any, server: LiveServer) -> None:
    citizen = new_page()
    citizen.goto(f"/cong-khai/{COMMUNE_A}/")  # the commune's public page links to the form (and is now cached)
    citizen.get_by_role("button", name="Gửi kiến nghị, phản ánh").click()
    expect(citizen.get_by_role("heading", level=1)).to_contain_text("Gửi kiến nghị, phản ánh đến")
    citizen.get_by_label("Thôn, ấp, khu vực, tổ dân phố").select_option(server.facts["village_a"]["key"])
    citizen.get_by_label("Lĩnh vực").select_option("infrastructure")
    citizen.get_by_label("Tóm tắt nội dung").fill(TITLE)
    citizen.get_by_label("Nội dung kiến nghị, phản ánh").fill(TEXT)
    citizen.get_by_label("Họ và tên").fill("Võ Thị Hồng Nhung")
    citizen.get_by_label("Điện thoại hoặc thư điện tử").fill("0939123456")
    citizen.get_by_label("Địa chỉ").fill("25 hẻm 7")
    citizen.get_by_label("Tài liệu kèm theo").set_input_files(
        {"name": "anh-cong.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF})
    citizen.get_by_label("Tôi đồng ý").check()
    citizen.get_by_role("button", name="Gửi kiến nghị").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Đã nhận kiến nghị của bạn")
    code = citizen.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"KN-[2-9A-HJKMNP-Z]{10}", code), code
    screenshot(citizen, "voice-public-receipt")

    editor = new_page()
    editor.goto("/accounts/login/")
    editor.get_by_label("Tên đăng nhập").fill("xa")  # the demo's editor of commune A
    editor.get_by_label("Mật khẩu").fill(PASSWORD)
    editor.get_by_role("button", name="Đăng nhập").click()
    expect(editor.get_by_text("Phạm vi của bạn")).to_be_visible()
    editor.goto(reverse("voice:petition_list"))
    editor.get_by_role("link", name=re.compile(re.escape(TITLE))).first.click()
    expect(editor.get_by_text(code).first).to_be_visible()
    pk = int(re.search(r"/(\d+)/?$", editor.url.split("?")[0]).group(1))  # type: ignore[union-attr]

    editor.goto(reverse("voice:petition_edit", args=[pk]))
    editor.get_by_label("Nội dung trả lời", exact=True).fill(ANSWER)
    editor.get_by_label("Công khai câu trả lời").check()
    editor.get_by_role("button", name="Lưu").click()
    expect(editor.get_by_text(ANSWER).first).to_be_visible()

    editor.goto(reverse("voice:petition_move", args=[pk]) + "?to=answered")
    expect(editor.get_by_role("heading", name="Trả lời")).to_be_visible()
    editor.get_by_role("button", name="Xác nhận").click()
    expect(editor.get_by_text("Đã trả lời").first).to_be_visible()
    assert editor.url.split("?")[0].rstrip("/").endswith(str(pk))

    citizen.goto("/cong-khai/voice/tra-cuu/")
    citizen.get_by_label("Mã tra cứu").fill(code.lower().replace("-", " "))  # as a citizen may type it
    citizen.get_by_role("button", name="Tra cứu").click()
    expect(citizen.locator("#case [data-code]")).to_have_text(code)
    expect(citizen.locator("#case [data-state]")).to_have_text("Đã trả lời")
    expect(citizen.locator("#answer")).to_have_text(ANSWER)
    expect(citizen.get_by_text("Võ Thị Hồng Nhung")).to_have_count(0)  # never the petitioner's data
    screenshot(citizen, "voice-public-answer")

    citizen.goto(f"/cong-khai/{COMMUNE_A}/")  # cached before the answer: the new answer shows anyway
    expect(citizen.get_by_text(ANSWER)).to_be_visible()

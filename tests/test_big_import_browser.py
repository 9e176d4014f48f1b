"""Acceptance: a big members CSV imported through the page as a background job, in Chromium.

The file (``DANVAN_BIG_IMPORT_ROWS`` rows, default 300,000; the same member rows as ``danvan bench
import``) is uploaded to the import page of a real ``danvan serve`` (which runs the jobs' worker as
its child); the job page shows the progress, is reloaded midway and still shows it, and ends with
the counts. The time from the click to the counts is printed (``-s``) and saved beside the
screenshots.
"""

from __future__ import annotations

import csv
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from danvan.demo.accounts import DEMO_PASSWORD
from danvan.demo.bench_import import HEADER, _rows

from .browser_support import ARTIFACTS, CHROMIUM, COMMUNE_A, LiveServer, live_server, screenshot

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian chromium at /usr/bin/chromium for the browser tests")
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)

ROWS = int(os.environ.get("DANVAN_BIG_IMPORT_ROWS", "300000"))
COMMUNE_USER = "xa"  # the demo's commune editor of commune A
BRANCH = f"CH-{COMMUNE_A}.01-PN"  # the women's union branch of commune A's first village


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    """The shared live server, with an upload limit that lets the big file through."""
    saved = os.environ.get("IMPORT_MAX_UPLOAD_MB")
    os.environ["IMPORT_MAX_UPLOAD_MB"] = "2000"
    try:
        with live_server() as live:
            yield live
    finally:
        if saved is None:
            os.environ.pop("IMPORT_MAX_UPLOAD_MB", None)
        else:
            os.environ["IMPORT_MAX_UPLOAD_MB"] = saved


def big_members_csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(_rows(rows, [BRANCH]))
    return path


def counted(page: Any) -> int:
    return int(re.sub(r"\D", "", page.locator("#job-count").inner_text().split("/")[0]) or 0)


def test_a_big_import_runs_as_a_job_whose_progress_survives_a_reload(new_page, tmp_path):
    big = big_members_csv(tmp_path / "hoi-vien-lon.csv", ROWS)
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(COMMUNE_USER)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto("/data/import/members/")
    page.locator("input[type=file]").set_input_files(str(big))
    started = time.perf_counter()
    page.get_by_role("button", name="Nhập trong nền (tệp lớn)").click()
    page.wait_for_url(re.compile(r"/data/jobs/\d+/$"))
    uploaded = time.perf_counter() - started

    # The page polls its status: the count moves while the job runs.
    page.wait_for_function(
        "() => document.getElementById('job-state').textContent === 'Đang chạy'"
        " && parseInt(document.getElementById('job-count').textContent.split('/')[0].replace(/\\D/g, '')) > 0",
        timeout=600_000, polling=200)
    before = counted(page)
    assert before > 0
    screenshot(page, "jobs-01-progress")

    page.reload()  # the job's state is in the database: the page picks it up again
    result = page.locator("#job-result")
    if not result.count():
        expect(page.locator("#job-state")).to_have_text("Đang chạy")
        assert counted(page) >= before
        expect(page.locator("#job-bar")).to_be_visible()
        screenshot(page, "jobs-02-after-reload")

    shown = f"{ROWS:,}".replace(",", ".")  # Vietnamese thousands separator
    expect(result).to_contain_text(f"Đã nhập tệp hoi-vien-lon.csv: {shown} dòng, {shown} mới, 0 cập nhật.",
                                   timeout=3_600_000)
    seconds = time.perf_counter() - started
    screenshot(page, "jobs-03-done")
    expect(page.locator("#job-preview tbody tr")).to_have_count(20)  # the file's first rows
    line = f"{ROWS} rows: uploaded in {uploaded:.1f} s, imported in {seconds:.1f} s ({ROWS / seconds:,.0f} rows/s)"
    print(line)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / "big-import.txt").open("a", encoding="utf-8") as out:
        out.write(line + "\n")

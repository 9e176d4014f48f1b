"""End to end in headless Chromium on a phone-sized screen: a cadre opens "my visits" online (the
service worker installs and the pages are cached), the phone goes offline, the cadre files a
report — the page says it is queued — and when the phone is back online the page sends it; the
server holds exactly one visit, even when the same queued report is sent again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser_support import CHROMIUM, COMMUNE_A, ROOT, LiveServer, is_postgres, screenshot

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=15_000)
if not CHROMIUM.exists():
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)

PHONE = {"width": 390, "height": 844}
USERNAME, PASSWORD = "canbo-e2e", "mat-khau-can-bo-e2e-2026"
CONTENT = "Sinh hoạt chuyên đề phòng chống lừa đảo qua mạng (E2E ngoại tuyến)"
MARK = "@@facts@@"

# Runs inside `python -m danvan shell` on the live server's database: a commune-A cadre with a
# read-only login, assigned to the village of a demo branch, with a published plan's visit today.
SETUP_SCRIPT = f"""
import calendar, datetime as dt, json
from django.utils import timezone
from danvan.accounts.choices import Role
from danvan.accounts.models import Grant, User
from danvan.core.context import actor
from danvan.geo.models import AdminUnit
from danvan.meetings.choices import CadreLevel, PlanState
from danvan.meetings.models import Assignment, Cadre, Plan, PlannedVisit
from danvan.people.models import Branch, Person

commune = AdminUnit.objects.get(key={COMMUNE_A!r})
branch = Branch.objects.filter(unit__parent=commune, dissolved__isnull=True).order_by("code").first()
today = timezone.localdate()
with actor(None, source="command"):
    user = User.objects.create_user(username={USERNAME!r}, password={PASSWORD!r})
    Grant.objects.create(user=user, role=Role.FIELD_CADRE, unit=commune)
    person = Person.objects.create(code="CB-E2E-0001", full_name="Nguyễn Thị Mai", sex="female", unit=commune,
                                   is_cadre=True)
    cadre = Cadre.objects.create(person=person, unit=commune, level=CadreLevel.COMMUNE, account=user)
    assignment = Assignment.objects.create(cadre=cadre, unit=commune, committee="Ban Thường vụ Đảng ủy phường",
                                           start=dt.date(today.year, 1, 1))
    assignment.areas.set([branch.unit])
    last = calendar.monthrange(today.year, today.month)[1]
    plan = Plan.objects.create(unit=commune, start=today.replace(day=1), end=today.replace(day=last),
                               state=PlanState.PUBLISHED)
    planned = PlannedVisit.objects.create(plan=plan, assignment=assignment, branch=branch, date=today)
print({MARK!r} + json.dumps({{"planned": planned.pk, "branch": branch.name}}, ensure_ascii=False))
"""

COUNT_SCRIPT = f"""
import json
from danvan.meetings.models import Visit
visits = Visit.objects.filter(content={CONTENT!r})
print({MARK!r} + json.dumps({{"count": visits.count(), "keys": sorted(v.idempotency_key for v in visits),
                             "attendance": [v.attendance for v in visits],
                             "well_prepared": [v.well_prepared for v in visits]}}))
"""


def on_server(server: LiveServer, script: str) -> dict[str, Any]:
    """Run ``script`` in ``danvan shell`` on the live server's database; the JSON it prints after MARK."""
    env = dict(os.environ, DANVAN_HOME=str(server.home), LOG_LEVEL="WARNING")
    for name in ("DEBUG", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    database = os.environ.get("DATABASE_URL", "")
    if is_postgres(database):
        env["DATABASE_URL"] = urlsplit(database)._replace(path=f"/{server.database}", fragment="").geturl()
    else:
        env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "danvan", "shell", "-c", script], env=env, cwd=ROOT,  # noqa: S603
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith(MARK))
    return json.loads(line.removeprefix(MARK))


def test_a_report_filed_offline_is_sent_once_back_online(new_page: Any, server: LiveServer) -> None:
    facts = on_server(server, SETUP_SCRIPT)
    page = new_page()
    page.set_viewport_size(PHONE)
    context = page.context
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(USERNAME)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto("/meetings/my/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch dự sinh hoạt của tôi")
    page.wait_for_function("document.body.dataset.swReady === 'yes' && document.body.dataset.cached === 'yes'")
    page.get_by_role("link", name=facts["branch"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo dự sinh hoạt")
    page.wait_for_function("navigator.serviceWorker.controller !== null && document.body.dataset.cached === 'yes'")
    # and the page itself is in the cache (a busy machine may still be writing it)
    page.wait_for_function("caches.open('danvan-meetings-v1').then((c) => c.match(location.pathname + "
                           "location.search, {ignoreVary: true})).then((hit) => !!hit)")

    context.set_offline(True)
    page.reload()  # the service worker answers from its cache
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo dự sinh hoạt")
    expect(page.get_by_text("Đang không có mạng")).to_be_visible()
    page.get_by_label("Số hội viên dự họp").fill("27")
    page.get_by_label("Nội dung buổi sinh hoạt").fill(CONTENT)
    page.get_by_label("Nội dung chuẩn bị chu đáo").uncheck()
    page.get_by_label("Ý kiến, kiến nghị của hội viên").fill("Đề nghị lắp đèn đường hẻm 5")
    page.get_by_role("button", name="Gửi báo cáo").click()
    queued = page.locator("#sync-list li[data-state=queued]")
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text("Đang chờ gửi (chưa có mạng)")
    item = page.evaluate("() => window.danvanMeetings.queue()[0]")
    assert on_server(server, COUNT_SCRIPT)["count"] == 0

    context.set_offline(False)
    sent = page.locator("#sync-list li[data-state=sent]")
    expect(sent).to_have_count(1)
    expect(sent).to_contain_text("Đã gửi báo cáo.")
    assert page.evaluate("() => window.danvanMeetings.queue().length") == 0
    assert on_server(server, COUNT_SCRIPT) == {"count": 1, "keys": [item["key"]], "attendance": [27],
                                               "well_prepared": [False]}
    screenshot(page, "meetings-phone-report")

    # The same queued report sent again, twice at once: still one visit.
    page.evaluate("(item) => { window.danvanMeetings.enqueue(item); return window.danvanMeetings.sync(); }", item)
    statuses = page.evaluate("""(item) => Promise.all([1, 2].map(() => fetch(document.body.dataset.sync, {
        method: "POST", headers: {"Content-Type": "application/json",
        "X-CSRFToken": document.querySelector("meta[name=csrf-token]").content}, body: JSON.stringify(item.body)})
        .then((response) => response.status)))""", item)
    assert statuses == [200, 200]
    expect(sent).to_have_count(1)
    assert on_server(server, COUNT_SCRIPT)["count"] == 1

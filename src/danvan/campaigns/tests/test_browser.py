"""End to end in headless Chromium (``tests.browser_support``'s live server): a visitor without login
opens the public page of a work the people of two villages gave to, and sees what each village gave
and who gave it — the name of the household that agreed to be named, "Hộ gia đình" for the one that
did not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.browser_support import CHROMIUM, COMMUNE_A, ROOT, LiveServer, is_postgres, screenshot

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=15_000)
if not CHROMIUM.exists():
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)

NAME = "Bê tông hóa hẻm liên khu vực E2E"

# Runs inside `python -m danvan shell` on the live server's database: a public alley of commune A
# with gifts from two of its villages (real demo households), and what the test needs to know.
SETUP_SCRIPT = f"""
import datetime as dt, json, os
from danvan.campaigns.choices import ContributorType, WorkKind, WorkState
from danvan.campaigns.models import Contribution, Work
from danvan.core.context import actor
from danvan.geo.models import AdminUnit
from danvan.people.models import Household

commune = AdminUnit.objects.get(key={COMMUNE_A!r})
first, second = AdminUnit.objects.filter(parent=commune).order_by("key")[:2]
heads = list(Household.objects.filter(unit=first).order_by("code"))
agreed = heads[0]
refused = next(h for h in heads[1:] if agreed.head_name not in h.head_name and h.head_name not in agreed.head_name)
day = dt.date(2026, 2, 1)
with actor(None, source="command"):
    work = Work.objects.create(code="CT-E2E-HEM", name={NAME!r}, kind=WorkKind.ALLEY, unit=commune,
                               agency_name="Ban Thường trực Ủy ban MTTQ Việt Nam phường",
                               state=WorkState.IN_PROGRESS, started=dt.date(2026, 1, 15), value_vnd=120_000_000,
                               budget_vnd=100_000_000, people_vnd=20_000_000, public=True)
    gift = dict(work=work, day=day, contributor_type=ContributorType.HOUSEHOLD)
    Contribution.objects.create(unit=first, household=agreed, show_name=True, cash_vnd=2_000_000, **gift)
    Contribution.objects.create(unit=first, household=refused, show_name=False, cash_vnd=1_500_000, labor_days=4,
                                **gift)
    Contribution.objects.create(work=work, unit=second, day=day, contributor_type=ContributorType.ANONYMOUS,
                                cash_vnd=6_500_000, labor_days=30, land_m2=25)
facts = {{"work": work.pk, "agreed": agreed.head_name, "refused": refused.head_name,
          "first": {{"key": first.key, "name": first.name}}, "second": {{"key": second.key, "name": second.name}}}}
with open(os.environ["DANVAN_E2E_FACTS"], "w", encoding="utf-8") as out:
    json.dump(facts, out, ensure_ascii=False)
"""


def run_on_server(server: LiveServer, script: str) -> dict[str, Any]:
    """Run ``script`` in ``danvan shell`` on the live server's database; return the JSON it writes."""
    facts = server.home / "campaigns-facts.json"
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(DANVAN_HOME=str(server.home), DANVAN_E2E_FACTS=str(facts), LOG_LEVEL="WARNING")
    url = os.environ.get("DATABASE_URL", "")
    if is_postgres(url):
        parts = urlsplit(url)
        env["DATABASE_URL"] = urlunsplit((parts.scheme, parts.netloc, f"/{server.database}", parts.query, ""))
    else:
        env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "danvan", "shell", "-c", script], env=env, cwd=ROOT,  # noqa: S603
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(facts.read_text(encoding="utf-8"))


def test_the_public_page_shows_each_village_and_only_agreed_names(new_page: Any, server: LiveServer) -> None:
    facts = run_on_server(server, SETUP_SCRIPT)
    first, second = facts["first"], facts["second"]
    page = new_page()
    page.goto(f"/cong-khai/{COMMUNE_A}/")
    section = page.locator("#campaigns")
    section.get_by_role("link", name=NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.get_by_text("Phạm vi của bạn")).to_have_count(0)  # no login

    villages = page.locator("table.public-villages")
    one = villages.locator(f"tr[data-village='{first['key']}']")
    expect(one.locator("td").nth(0)).to_have_text(first["name"])
    expect(one.locator("td[data-cash]")).to_have_text("3.500.000")
    expect(one.locator("td[data-labor]")).to_have_text("4")
    two = villages.locator(f"tr[data-village='{second['key']}']")
    expect(two.locator("td").nth(0)).to_have_text(second["name"])
    expect(two.locator("td[data-cash]")).to_have_text("6.500.000")
    expect(two.locator("td[data-labor]")).to_have_text("30")
    expect(two.locator("td[data-land]")).to_have_text("25")
    expect(villages.locator("tr[data-village='total'] th[data-cash]")).to_have_text("10.000.000")

    lines = page.locator(f"[data-village-lines='{first['key']}']")
    lines.locator("summary").click()
    expect(lines.get_by_role("cell", name=f"Hộ ông/bà {facts['agreed']}")).to_be_visible()
    expect(lines.get_by_role("cell", name="Hộ gia đình", exact=True)).to_be_visible()
    expect(page.get_by_text(facts["refused"])).to_have_count(0)
    assert facts["refused"] not in page.content()
    screenshot(page, "campaigns-public-work")

    page.get_by_role("link", name="Thông báo công khai (bản in)").click()
    expect(page.get_by_role("heading", name="THÔNG BÁO CÔNG KHAI")).to_be_visible()
    expect(page.get_by_role("button", name="In thông báo").first).to_be_visible()
    expect(page.locator("[data-board]")).to_have_text("Ban Công tác Mặt trận các khu dân cư")
    assert facts["refused"] not in page.content()
    screenshot(page, "campaigns-notice")

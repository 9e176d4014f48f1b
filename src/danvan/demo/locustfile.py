"""Locust users of ``danvan bench http``: the served province demo as its users use it.

Commune editors (``xa``, ``phunu``: Phường Ninh Kiều) search and filter the registers, open records,
read the API and write outreach activities through it (create, then PATCH with ``If-Match``); the
province specialist (``tinh``) opens the dashboard with its breakdowns (and, as htmx does, its
panels), the report API and an XLSX export. Every user logs in through the real form (CSRF included). Requests are named by kind
(``name=``), so the statistics group e.g. every household detail page together. Each response is
checked: an unexpected status or page counts as a failure.

Run by ``danvan bench http``; by hand: ``locust -f src/danvan/demo/locustfile.py --host http://127.0.0.1:8000``.
"""

import datetime as dt
import os
import random
import re
import uuid
from typing import Any

import django
from locust import HttpUser, between, task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
django.setup()  # the demo's constants live beside its models; nothing here reads the database

from danvan.demo.accounts import DEMO_PASSWORD  # noqa: E402
from danvan.demo.generator import DEMO_COMMUNE, DEMO_PROVINCE  # noqa: E402

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# What htmx loads into a page once it is shown: the home page's dashboard, the dashboard's panels.
LOADED = re.compile(r'<div(?: class="dashboard-panel-slot" data-panel-slot="([\w-]+)")? hx-get="([^"]+)" hx-trigger="load"')
SEARCH_WORDS = ("nguyen", "tran", "le thi", "pham", "hoang", "van", "ngoc", "thanh")
PERIOD = "2026"


class DemoUser(HttpUser):
    """A logged-in demo user; subclasses name the login."""

    abstract = True
    username = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.login()

    def login(self) -> None:
        with self.client.get("/accounts/login/", name="login form", catch_response=True) as page:
            found = CSRF_INPUT.search(page.text or "")
            if found is None:
                page.failure("no CSRF token on the login page")
                return
        with self.client.post("/accounts/login/", name="login POST", allow_redirects=False, catch_response=True,
                              data={"username": self.username, "password": DEMO_PASSWORD,
                                    "csrfmiddlewaretoken": found.group(1)},
                              headers={"Referer": f"{self.host}/accounts/login/"}) as answer:
            if answer.status_code != 302:
                answer.failure(f"login of {self.username!r} answered {answer.status_code}, not a redirect")

    @task(1)
    def login_again(self) -> None:
        """Log out and in again, so logins stay in the steady-state mix."""
        with self.client.post("/accounts/logout/", name="logout POST", allow_redirects=False,
                              headers=self.api_write_headers(), catch_response=True) as answer:
            if answer.status_code not in (200, 302):
                answer.failure(f"HTTP {answer.status_code}")
        self.login()

    def page(self, url: str, name: str, expect: str = "") -> Any:
        """GET an HTML page; fails unless 200 and (when given) ``expect`` is in it."""
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} {response.error or ''}")
            elif expect and expect not in response.text:
                response.failure(f"{expect!r} missing")
            return response

    def page_as_shown(self, url: str, name: str) -> None:
        """GET a page, then what the browser's htmx loads into it (each named by kind), as a user sees it."""
        pending = [(url, name)]
        while pending:
            url, name = pending.pop(0)
            response = self.page(url, name)
            for panel, loaded in LOADED.findall(response.text or ""):
                pending.append((loaded.replace("&amp;", "&"), f"panel {panel}" if panel else "dashboard fragment"))

    def api_get(self, url: str, name: str) -> dict[str, Any]:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.error or response.text[:200]}")
                return {}
            return response.json()

    def api_ids(self, resource: str, query: str = "") -> list[int]:
        data = self.api_get(f"/api/v1/{resource}?limit=50{query}", f"API list {resource}")
        return [item["id"] for item in data.get("items", [])]

    def api_write_headers(self, **more: str) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": f"{self.host}/", **more}


class CommuneEditor(DemoUser):
    """A commune's Front cadre: registers, records, API reads and outreach writes in the own commune."""

    weight = 3
    username = "xa"

    def on_start(self) -> None:
        super().on_start()
        households = self.api_get(f"/api/v1/households?limit=50&unit={DEMO_COMMUNE}", "API list households")
        items = households.get("items") or [{"id": 0, "unit": DEMO_COMMUNE}]
        self.households = [item["id"] for item in items]
        self.village = items[0]["unit"]  # an activity is done in a village
        self.people = self.api_ids("people", f"&unit={DEMO_COMMUNE}") or [0]
        self.activity: dict[str, Any] | None = None

    @task(2)
    def home(self) -> None:
        self.page_as_shown("/", "home /")

    @task(3)
    def members_search(self) -> None:
        word = random.choice(SEARCH_WORDS)  # noqa: S311 — not cryptography
        self.page(f"/registers/members/?q={word}&unit={DEMO_COMMUNE}", "members ?q= search")

    @task(2)
    def members_filter(self) -> None:
        sex = random.choice(("male", "female"))  # noqa: S311
        self.page(f"/registers/members/?sex={sex}&active=true&unit={DEMO_COMMUNE}", "members ?sex=&active= filter")

    @task(3)
    def households_list(self) -> None:
        poverty = random.choice(("poor", "near_poor", ""))  # noqa: S311
        self.page(f"/registers/households/?poverty={poverty}&unit={DEMO_COMMUNE}", "households ?poverty= filter")

    @task(2)
    def people_search(self) -> None:
        self.page(f"/registers/people/?q={random.choice(SEARCH_WORDS)}", "people ?q= search")  # noqa: S311

    @task(3)
    def household_detail(self) -> None:
        self.page(f"/registers/households/{random.choice(self.households)}/", "household detail")  # noqa: S311

    @task(2)
    def person_detail(self) -> None:
        self.page(f"/registers/people/{random.choice(self.people)}/", "person detail")  # noqa: S311

    @task(2)
    def api_households(self) -> None:
        word = random.choice(SEARCH_WORDS)  # noqa: S311
        self.api_get(f"/api/v1/households?unit={DEMO_COMMUNE}&q={word}&limit=20", "API households ?q=")

    @task(1)
    def api_person(self) -> None:
        self.api_get(f"/api/v1/people/{random.choice(self.people)}", "API person detail")  # noqa: S311

    @task(1)
    def activities_list(self) -> None:
        self.page("/outreach/activities/", "activities list")

    @task(2)
    def api_write_activity(self) -> None:
        """Create this user's activity once, then change it with the version it read (If-Match)."""
        if self.activity is None:
            body = {"code": f"BENCH-{uuid.uuid4().hex[:12].upper()}", "title": "Thăm hỏi hộ nghèo (đo tải)",
                    "date": dt.date.today().isoformat(), "kind": "other", "mode": "with_people",
                    "lead_agency": "Ủy ban MTTQ phường", "unit": self.village, "residents": 1}
            with self.client.post("/api/v1/outreach-activities", json=body, name="API activity create",
                                  headers=self.api_write_headers(), catch_response=True) as response:
                if response.status_code != 201:
                    response.failure(f"HTTP {response.status_code}: {response.text[:300]}")
                    return
                self.activity = response.json()
            return
        with self.client.patch(f"/api/v1/outreach-activities/{self.activity['id']}", name="API activity PATCH",
                               json={"residents": self.activity["residents"] + 1},
                               headers=self.api_write_headers(**{"If-Match": f'"{self.activity["version"]}"'}),
                               catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:300]}")
                self.activity = None
                return
            self.activity = response.json()


class ProvinceSpecialist(DemoUser):
    """The province's specialist: the dashboard with its breakdowns, the report API, exports."""

    weight = 1
    username = "tinh"

    @task(3)
    def home(self) -> None:
        self.page_as_shown("/", "home /")

    @task(3)
    def dashboard(self) -> None:
        self.page_as_shown(f"/reports/?unit={DEMO_PROVINCE}&period={PERIOD}", f"dashboard ?unit={DEMO_PROVINCE}")

    @task(2)
    def dashboard_commune(self) -> None:
        self.page_as_shown(f"/reports/?unit={DEMO_COMMUNE}&period={PERIOD}", "dashboard ?unit=<commune>")

    @task(3)
    def api_report(self) -> None:
        by = random.choice(("child", "sex", "org", "age", "poverty"))  # noqa: S311
        self.api_get(f"/api/v1/report?unit={DEMO_PROVINCE}&period={PERIOD}&by={by}", "API report ?by=")

    @task(1)
    def households_search(self) -> None:
        word = random.choice(SEARCH_WORDS)  # noqa: S311
        self.page(f"/registers/households/?q={word}&unit={DEMO_PROVINCE}", "households ?q= search (province)")

    @task(1)
    def export_xlsx(self) -> None:
        with self.client.get(f"/reports/export/?unit={DEMO_PROVINCE}&period={PERIOD}&format=xlsx",
                             name="report export XLSX", catch_response=True) as response:
            if response.status_code != 200 or not response.content.startswith(b"PK"):
                response.failure(f"HTTP {response.status_code}, not an XLSX file")

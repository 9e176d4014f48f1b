"""Harness of the browser tests: a real danvan server on its own database, and headless Chromium.

The server is prepared the way an operator would: ``python -m danvan migrate``, ``geo load``, a
small deterministic demo (three communes of Thành phố Cần Thơ) and the demo users, then
``python -m danvan serve`` on a free port. Nothing here touches pytest-django's test database.

Database: a fresh ``DANVAN_HOME`` (SQLite) in a temporary folder; when ``DATABASE_URL`` points at
PostgreSQL, a separate database ``<name>_e2e_<pid>_<n>`` on the same server, dropped at the end.
The preparation runs once per test process, into a template; each server starts on its own copy
(SQLite: the home folder, the database through SQLite's backup API; PostgreSQL: ``CREATE DATABASE
... TEMPLATE``), so every test module still sees the freshly prepared demo.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

# The demo subset: commune A is the demo's commune-level users' own (Phường Ninh Kiều), B is another
# commune of the same province (the outsider's), C only makes the province's table less trivial.
COMMUNE_A = "31135"  # Phường Ninh Kiều
COMMUNE_B = "31150"  # Phường An Bình
COMMUNE_C = "31147"  # Phường Tân An
PROVINCE = "92"  # Thành phố Cần Thơ

# Runs inside `python -m danvan shell`: builds the demo subset and writes what the tests need to
# know about it (real names and ids) as JSON to the path in $DANVAN_E2E_FACTS.
SETUP_SCRIPT = f"""
import json, os
from danvan.core.context import actor
from danvan.core.text import fold
from danvan.demo.generator import DemoSpec, build
from danvan.demo.accounts import ensure_demo_users
from danvan.geo.models import AdminUnit
from danvan.people.models import Household, Membership, Person

spec = DemoSpec(communes=({COMMUNE_A!r}, {COMMUNE_B!r}, {COMMUNE_C!r}), villages_per_commune=(3, 4),
                households=180, members=270)
with actor(None, source="command"):
    result = build(spec)
    ensure_demo_users()
# A member of commune A whose name has diacritics and whose folded name is unique.
people = list(Person.objects.filter(commune__key={COMMUNE_A!r}, memberships__isnull=False)
              .distinct().order_by("code"))
folded = {{}}
for p in people:
    folded.setdefault(p.name_folded, []).append(p)
person = next(p for p in people if p.full_name != fold(p.full_name) and " " in p.full_name
              and len(folded[p.name_folded]) == 1 and not p.full_name.isascii())
village_a = AdminUnit.objects.filter(parent__key={COMMUNE_A!r}).order_by("key").first()
household_b = Household.objects.filter(commune__key={COMMUNE_B!r}).order_by("code").first()
facts = {{
    "counts": result.counts,
    "person": {{"name": person.full_name, "folded": person.name_folded, "code": person.code}},
    "village_a": {{"key": village_a.key, "name": village_a.name}},
    "household_b": {{"id": household_b.pk, "code": household_b.code, "head": household_b.head_name}},
    "members_b": Membership.objects.filter(commune__key={COMMUNE_B!r}).count(),
    "commune_names": {{u.key: u.name for u in AdminUnit.objects.filter(
        key__in=[{COMMUNE_A!r}, {COMMUNE_B!r}, {COMMUNE_C!r}, {PROVINCE!r}])}},
}}
with open(os.environ["DANVAN_E2E_FACTS"], "w", encoding="utf-8") as out:
    json.dump(facts, out, ensure_ascii=False)
"""


@dataclass
class LiveServer:
    url: str
    facts: dict[str, Any]
    home: Path
    database: str  # "sqlite" or the PostgreSQL database name
    setup_seconds: float


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(args[:4])}\n")
        out.flush()
        done = subprocess.run(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,  # noqa: S603
                              timeout=300, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[1:4])} failed ({done.returncode}); see {log}:\n"
                           + log.read_text(encoding="utf-8")[-3000:])


# ---------------------------------------------------------------- PostgreSQL


def _pg_admin_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.replace("postgres://", "postgresql://"), parts.netloc, "/postgres",
                       parts.query, ""))


_databases = itertools.count(1)


@contextmanager
def separate_postgres_database(url: str, label: str = "e2e", template: str = "") -> Iterator[str]:
    """A fresh database next to the one ``url`` names (a new name each call, so two may be open at
    once), a copy of the database ``template`` if given; yields its URL, drops it afterwards."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    base = parts.path.lstrip("/") or "danvan"
    name = f"{base}_{label}_{os.getpid()}_{next(_databases)}"[:63]
    admin = _pg_admin_url(url)
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(create)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


# ---------------------------------------------------------------- the server


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"danvan serve exited with {process.returncode}:\n"
                               + log.read_text(encoding="utf-8")[-3000:])
        try:
            with urllib.request.urlopen(url + "/accounts/login/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling a starting process: nothing to auto-wait on
    raise RuntimeError(f"danvan serve did not answer within {timeout} s; see {log}")


def _server_env(home: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(DANVAN_HOME=str(home), DANVAN_E2E_FACTS=str(home / "facts.json"), PYTHONUNBUFFERED="1",
               LOG_LEVEL="WARNING")
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


_template: dict[str, Any] = {}  # this process's prepared home and database (see _prepared)
_template_cleanup = ExitStack()


def _prepared(url: str, log: Path) -> tuple[Path, str]:
    """The home folder and database (PostgreSQL: its name, SQLite: "") prepared once in this process:
    migrated, the units loaded, the demo built, the static files collected. Kept until ``discard_prepared()``."""
    if not _template:
        home = Path(tempfile.mkdtemp(prefix="danvan-e2e-template-"))
        _template_cleanup.callback(shutil.rmtree, home, ignore_errors=True)
        database_url = (_template_cleanup.enter_context(separate_postgres_database(url, "e2etpl"))
                        if is_postgres(url) else "")
        env = _server_env(home, database_url)
        python = [sys.executable, "-m", "danvan"]
        _run([*python, "migrate", "--no-input", "-v", "0"], env, log)
        _run([*python, "geo", "load"], env, log)
        _run([*python, "shell", "-c", SETUP_SCRIPT], env, log)
        _run([*python, "collectstatic", "--no-input", "-v", "0"], env, log)  # else each server's first start
        _template.update(home=home, database=urlsplit(database_url).path.lstrip("/") if database_url else "")
    return _template["home"], _template["database"]


def discard_prepared() -> None:
    """Drop the prepared database and folder (at the end of the test session)."""
    _template.clear()
    _template_cleanup.close()


def _copy_home(source: Path, target: Path) -> None:
    """The prepared home folder (media, facts.json, SQLite database) into ``target``."""
    shutil.copytree(source, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("danvan.sqlite3", "danvan.sqlite3-*"))
    if (source / "danvan.sqlite3").exists():
        with closing(sqlite3.connect(source / "danvan.sqlite3")) as origin, \
                closing(sqlite3.connect(target / "danvan.sqlite3")) as copy:
            origin.backup(copy)


@contextmanager
def live_server() -> Iterator[LiveServer]:
    """Serve a copy of the prepared database (the small demo); stop and clean up afterwards."""
    started = time.perf_counter()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "e2e-server.log"
    log.write_text("", encoding="utf-8")
    url = os.environ.get("DATABASE_URL", "")
    template_home, template_database = _prepared(url, log)
    home = Path(tempfile.mkdtemp(prefix="danvan-e2e-"))
    _copy_home(template_home, home)
    with (separate_postgres_database(url, template=template_database) if is_postgres(url)
          else _sqlite()) as database_url:
        env = _server_env(home, database_url)
        python = [sys.executable, "-m", "danvan"]
        facts = json.loads((home / "facts.json").read_text(encoding="utf-8"))
        port = free_port()
        with log.open("a", encoding="utf-8") as out:
            process = subprocess.Popen(  # noqa: S603
                [*python, "serve", "--host", "127.0.0.1", "--port", str(port), "--threads", "4"],
                env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process, log)
            yield LiveServer(url=base, facts=facts, home=home,
                             database=urlsplit(database_url).path.lstrip("/") if database_url else "sqlite",
                             setup_seconds=time.perf_counter() - started)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    shutil.rmtree(home, ignore_errors=True)


@contextmanager
def _sqlite() -> Iterator[str]:
    yield ""  # no DATABASE_URL: the settings put SQLite under DANVAN_HOME


# ---------------------------------------------------------------- page helpers


def vn_int(text: str) -> int:
    """'1.234' → 1234 (Vietnamese thousands separator); '—' or '' → 0."""
    digits = text.strip().replace(".", "").replace("\u00a0", "").replace(" ", "")
    return int(digits) if digits.lstrip("-").isdigit() else 0


def screenshot(page: Any, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path

"""``danvan import`` and ``danvan facts rebuild`` killed with SIGKILL leave a consistent database.

Each command runs as a real process on its own database — a copy of the test database (schema
and national units; SQLite: a file made with the online backup API, PostgreSQL: a database
created from it as a template) — prepared the way ``danvan bench import`` prepares its own (200
villages, 1,000 branches through the import pipeline). The process is killed with ``kill -9`` at a
random moment (seeded) of its run; afterwards the database holds all of the file's rows or none,
and ``danvan facts check`` finds the ledger in agreement with the records. No assertion depends on
timing: where the kill lands only changes which of "all" or "none" is seen.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from danvan.demo.bench_import import HEADER, _rows

ROWS = 3000  # one import chunk, its ledger rewrite and its commit
KILLS = 2  # kill moments per command, seeded, each between 30 % and 100 % of a complete run
SEED = 11
TIMEOUT = 300  # bound of every wait; never reached unless something hangs

# The test database itself is only copied (pytest-django sets a database up for marked tests only).
pytestmark = pytest.mark.django_db


@dataclass
class Database:
    home: Path
    url: str
    env: dict[str, str]

    def danvan(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 — our own console script
            [sys.executable, "-m", "danvan", *args], env=self.env, cwd=self.home, capture_output=True,
            text=True, timeout=TIMEOUT, check=False,
        )

    def count(self, table: str) -> int:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=TIMEOUT) as conn:
                return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
        import psycopg

        with psycopg.connect(self.url) as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608

    def tables(self) -> set[str]:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=TIMEOUT) as conn:
                return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        import psycopg

        with psycopg.connect(self.url) as conn:
            return {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


@contextmanager
def _copy_of_test_database(home: Path) -> Iterator[str]:
    """The test database (schema and units) copied for the subprocesses; yields its DATABASE_URL."""
    from django.db import connection

    if connection.vendor == "sqlite":
        path = home / "danvan.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        yield f"sqlite:///{path}"
        return
    import psycopg
    from psycopg import sql

    settings = connection.settings_dict
    source, name = settings["NAME"], f"{settings['NAME']}_crash_{os.getpid()}"[:63]
    server = {"host": settings["HOST"] or "localhost", "port": settings["PORT"] or 5432,
              "user": settings["USER"], "password": settings["PASSWORD"] or None}
    connection.close()  # a template must have no other session
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(source)))
    auth = server["user"] + (f":{server['password']}" if server["password"] else "")
    try:
        yield f"postgresql://{auth}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def database(tmp_path_factory, django_db_setup, django_db_blocker) -> Iterator[Database]:
    from danvan.geo.services import load_units

    home = tmp_path_factory.mktemp("crash-safety")
    with django_db_blocker.unblock():
        load_units()  # idempotent: back if a transactional test flushed them
        with _copy_of_test_database(home) as url:
            env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
            env |= {"DANVAN_HOME": str(home), "DATABASE_URL": url}
            db = Database(home, url, env)
            done = db.danvan("bench", "import", "--phase", "prepare", "--file", str(home / "branches.json"))
            assert done.returncode == 0, done.stderr[-3000:]
            yield db


def _members_file(db: Database, name: str, prefix: str) -> Path:
    """``ROWS`` new members (person + membership each), the bench generator's rows with own codes."""
    codes = json.loads((db.home / "branches.json").read_text())["branches"]
    path = db.home / f"{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i, row in enumerate(_rows(ROWS, codes)):
            row[0] = f"{prefix}{i:06d}"
            writer.writerow(row)
    return path


def _run(db: Database, args: list[str], kill_after: float | None) -> tuple[int, float]:
    """Run ``danvan *args``; SIGKILL it ``kill_after`` seconds after its start if still running.

    Returns the exit code (-9 when killed) and the seconds it ran. Its output goes to ``run.log``.
    """
    started = time.monotonic()
    log = (db.home / "run.log").open("w", encoding="utf-8")
    with log:
        process = subprocess.Popen(  # noqa: S603 — our own console script
            [sys.executable, "-m", "danvan", *args], env=db.env, cwd=db.home, stdout=log, stderr=log,
        )
        try:
            if kill_after is not None:
                try:
                    process.wait(timeout=kill_after)
                except subprocess.TimeoutExpired:
                    os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    return process.returncode, time.monotonic() - started


def _assert_ledger_agrees(db: Database, when: str) -> None:
    done = db.danvan("facts", "check")
    assert done.returncode == 0, f"{when}: {done.stdout[-3000:]}{done.stderr[-3000:]}"


def test_a_killed_import_writes_all_of_the_file_or_nothing(database):
    db = database
    rng = random.Random(SEED)
    # A complete run first: the file's rows all arrive, and its duration spreads the kills below.
    before = db.count("people_person")
    code, seconds = _run(db, ["import", "members", str(_members_file(db, "full", "KF"))], None)
    assert code == 0, (db.home / "run.log").read_text()[-3000:]
    assert db.count("people_person") == before + ROWS
    outcomes = []
    for round_ in range(KILLS):
        path = _members_file(db, f"round{round_}", f"K{round_}")
        persons, memberships = db.count("people_person"), db.count("people_membership")
        code, _ = _run(db, ["import", "members", str(path)], kill_after=rng.uniform(0.3, 1.0) * seconds)
        # The pipeline reports its rows once the chunk and its facts are written, before the commit.
        written = "dòng" in (db.home / "run.log").read_text(encoding="utf-8")
        added = (db.count("people_person") - persons, db.count("people_membership") - memberships)
        assert added in {(0, 0), (ROWS, ROWS)}, f"round {round_} (exit {code}): {added} rows written"
        if code == 0:
            assert added == (ROWS, ROWS)
        _assert_ledger_agrees(db, f"after import round {round_} (exit {code})")
        outcomes.append(f"{code}{' after the rows were written' if written and code else ''}")
    print(f"import kills: exit codes {outcomes} (-9: killed)")


def test_a_killed_rebuild_leaves_the_ledger_intact(database):
    db = database
    rng = random.Random(SEED + 1)
    code, seconds = _run(db, ["facts", "rebuild", "--no-progress"], None)
    assert code == 0, (db.home / "run.log").read_text()[-3000:]
    facts = db.count("indicators_fact")
    persons = db.count("people_person")
    outcomes = []
    for round_ in range(KILLS):
        code, _ = _run(db, ["facts", "rebuild", "--no-progress"], kill_after=rng.uniform(0.3, 1.0) * seconds)
        assert db.count("people_person") == persons
        assert db.count("indicators_fact") == facts, f"round {round_} (exit {code})"
        _assert_ledger_agrees(db, f"after rebuild round {round_} (exit {code})")
        outcomes.append(code)
    # A write while a killed rebuild's leftovers are there, then a complete rebuild: still agreeing.
    code, _ = _run(db, ["import", "members", str(_members_file(db, "after", "KA"))], None)
    assert code == 0, (db.home / "run.log").read_text()[-3000:]
    code, _ = _run(db, ["facts", "rebuild", "--no-progress"], None)
    assert code == 0, (db.home / "run.log").read_text()[-3000:]
    _assert_ledger_agrees(db, "after a complete rebuild")
    from danvan.indicators.ledger import DIRTY_TABLE, STAGING_TABLE

    assert not {DIRTY_TABLE, STAGING_TABLE} & db.tables()
    print(f"rebuild kills: exit codes {outcomes} (-9: killed)")

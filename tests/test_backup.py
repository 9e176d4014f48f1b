"""``danvan backup`` then ``danvan restore`` into an empty database gives the same tables and report figures.

The commands run as an operator runs them: ``python -m danvan`` subprocesses on their own databases, never
pytest-django's test database (whose data lives in an uncommitted transaction no ``pg_dump`` could see).
The engine follows ``DATABASE_URL`` as the suite does: SQLite in a fresh ``DANVAN_HOME`` each, or two
fresh PostgreSQL databases next to the suite's (dropped afterwards).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from danvan.core.backup import BackupError, unpacked

from .browser_support import ROOT, is_postgres, separate_postgres_database

EVIDENCE = "evidence/ảnh-kiểm-tra.txt"

# A small deterministic demo (records in every app) and one uploaded file of our own.
SETUP = f"""
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from danvan.core.context import actor
from danvan.demo.accounts import ensure_demo_users
from danvan.demo.generator import DemoSpec, build
with actor(None, source="command"):
    build(DemoSpec(communes=("31135", "31150"), villages_per_commune=(2, 3), households=60, members=90))
ensure_demo_users()
default_storage.save({EVIDENCE!r}, ContentFile("nội dung minh chứng".encode()))
"""

# Every table's rows and the province's reports (this year and last, every breakdown) as JSON.
SNAPSHOT = """
import json, os
from django.db import connection
from danvan.indicators.builder import BREAKDOWNS, build_report, resolve_unit
from danvan.indicators.periods import current_year, parse_period
with connection.cursor() as cursor:
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute("SELECT COUNT(*) FROM " + connection.ops.quote_name(table))
        counts[table] = cursor.fetchone()[0]
year = current_year()
periods = [year, parse_period(str(year.start.year - 1)), parse_period(f"{year.start.year}-{year.end.month:02d}")]
unit = resolve_unit("92")
reports = {p.code: build_report(unit, p, list(BREAKDOWNS)).as_json() for p in periods}
with open(os.environ["DANVAN_SNAPSHOT"], "w", encoding="utf-8") as out:
    json.dump({"counts": counts, "reports": reports}, out, ensure_ascii=False, sort_keys=True)
"""


@dataclass
class Site:
    env: dict[str, str]
    home: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "danvan", *args], env=self.env, cwd=ROOT,  # noqa: S603
                              capture_output=True, text=True, timeout=600, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"danvan {' '.join(args[:2])} failed ({done.returncode}):\n"
                                 f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
        return done

    def snapshot(self) -> dict[str, Any]:
        path = self.home / "snapshot.json"
        self.run("shell", "-c", SNAPSHOT)
        return json.loads(path.read_text(encoding="utf-8"))


@contextmanager
def site() -> Iterator[Site]:
    """A fresh, empty database and DANVAN_HOME (its own media folder)."""
    with tempfile.TemporaryDirectory(prefix="danvan-backup-test-") as tmp:
        home = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE",
                                                                 "DANVAN_MEDIA_ROOT"}}
        env.update(DANVAN_HOME=str(home), DANVAN_SNAPSHOT=str(home / "snapshot.json"), LOG_LEVEL="WARNING")
        url = os.environ.get("DATABASE_URL", "")
        with separate_postgres_database(url, "backup") if is_postgres(url) else nullcontext("") as database_url:
            if database_url:
                env["DATABASE_URL"] = database_url
            else:
                env.pop("DATABASE_URL", None)
            yield Site(env, home)


@dataclass
class Backed:
    source: Site
    archive: Path
    snapshot: dict[str, Any]
    stack: ExitStack


@pytest.fixture(scope="module")
def backed() -> Iterator[Backed]:
    """A site with data in every app, its snapshot and its backup archive."""
    with ExitStack() as stack:
        source = stack.enter_context(site())
        source.run("migrate", "--no-input", "-v", "0")
        source.run("geo", "load")
        source.run("shell", "-c", SETUP)
        archive = source.home / "backup.tar.gz"
        done = source.run("backup", "--output", str(archive))
        assert "Đã sao lưu" in done.stdout
        yield Backed(source, archive, source.snapshot(), stack)


def test_restore_into_an_empty_database_gives_the_same_tables_and_report_figures(backed: Backed) -> None:
    with site() as target:
        done = target.run("restore", str(backed.archive))
        assert "Sổ dữ kiện khớp với dữ liệu gốc." in done.stdout
        restored = target.snapshot()
        assert restored["counts"] == backed.snapshot["counts"]
        assert restored["reports"] == backed.snapshot["reports"]
        assert (target.home / "media" / EVIDENCE).read_text(encoding="utf-8") == "nội dung minh chứng"
    counts = backed.snapshot["counts"]
    assert counts["people_membership"] > 0 and counts["voice_petition"] > 0 and counts["indicators_fact"] > 0
    # The comparison is not between two empty reports.
    figures = [i["value"] for r in backed.snapshot["reports"].values() for i in r["indicators"]]
    assert any(isinstance(v, int | float) and v > 0 for v in figures)


def test_restore_refuses_a_database_in_use_unless_forced(backed: Backed) -> None:
    done = backed.source.run("restore", str(backed.archive), check=False)
    assert done.returncode != 0
    assert "Cơ sở dữ liệu đang có dữ liệu" in done.stderr and "--force" in done.stderr
    done = backed.source.run("restore", "--force", str(backed.archive))
    assert "Sổ dữ kiện khớp với dữ liệu gốc." in done.stdout
    assert backed.source.snapshot() == backed.snapshot


def _repack(archive: Path, target: Path, change: Any) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(folder, filter="data")
        change(folder)
        with tarfile.open(target, "w:gz") as tar:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    tar.add(path, path.relative_to(folder).as_posix())
    return target


def test_a_changed_file_in_the_archive_is_refused_before_anything_is_touched(backed: Backed,
                                                                              tmp_path: Path) -> None:
    tampered = _repack(backed.archive, tmp_path / "tampered.tar.gz",
                       lambda folder: (folder / "media" / EVIDENCE).write_text("sửa", encoding="utf-8"))
    with pytest.raises(BackupError, match="Tổng kiểm SHA-256 của 'media/evidence/ảnh-kiểm-tra.txt' không khớp"):
        with unpacked(tampered):
            pass
    missing = _repack(backed.archive, tmp_path / "missing.tar.gz",
                      lambda folder: (folder / "media" / EVIDENCE).unlink())
    with pytest.raises(BackupError, match="thiếu 1 tệp đã kê khai"):
        with unpacked(missing):
            pass
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(BackupError, match="không phải bản sao lưu danvan"):
        with unpacked(junk):
            pass
    # Through the command, on an empty site: a clear error, nothing restored.
    with site() as target:
        done = target.run("restore", str(tampered), check=False)
        assert done.returncode != 0 and "không khớp" in done.stderr
        assert not (target.home / "media").exists()


def test_the_manifest_describes_the_archive(backed: Backed) -> None:
    with unpacked(backed.archive) as (manifest, folder):
        assert manifest["engine"] == ("postgresql" if is_postgres(os.environ.get("DATABASE_URL", "")) else "sqlite")
        assert manifest["counts"] == backed.snapshot["counts"]
        assert ["people", "0001_initial"] in manifest["migrations"]
        assert set(manifest["checksums"]) == {manifest["database"], f"media/{EVIDENCE}"} | {
            p.relative_to(folder).as_posix() for p in (folder / "media").rglob("*") if p.is_file()}

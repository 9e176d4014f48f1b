"""Backup and restore: one ``tar.gz`` archive holding the database, the uploaded files and a manifest.

Archive layout::

    manifest.json        danvan version, time, engine, applied migrations, rows per table, SHA-256 of each member
    database.sqlite3     SQLite: a copy made with SQLite's online backup API (consistent while the server runs)
    database.dump        PostgreSQL: ``pg_dump --format=custom``, taken in the snapshot the row counts were read in
    media/…              the files under ``MEDIA_ROOT`` (evidence photos and documents)

``restore_archive`` checks the manifest and every checksum before it touches anything, refuses a database
already in use (a user account or an audit entry) unless forced, puts the database back (SQLite: the online
backup API in the other direction; PostgreSQL: ``pg_restore --clean --if-exists --no-owner`` in one
transaction), compares every table's row count with the manifest, and copies the files back. The caller
(``danvan restore``) then migrates an older archive forward and runs ``danvan facts check``.

The PostgreSQL client tools must be at least as new as the server (``pg_dump`` refuses an older one) and
``pg_restore`` at least as new as the ``pg_dump`` that wrote the archive; both are checked first, with a
clear message. ``settings.PG_BIN_DIR`` (optional) names the folder of the tools when they are not on PATH.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction

import danvan

FORMAT = 1  # of the archive; bumped when the layout changes
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Vietnamese)."""


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    tables: int = 0
    rows: int = 0
    files: int = 0
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- helpers


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    """Rows in each table, read with ``cursor`` (so inside its snapshot)."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [name for (name,) in rows]


def _applied_migrations(cursor: Any) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [list(row) for row in cursor.fetchall()]


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại '{vendor}' (chỉ SQLite và PostgreSQL).")
    return vendor


def in_use() -> dict[str, int]:
    """What makes the database someone's: its user accounts and audit entries (empty dict: not in use)."""
    from danvan.core.models import ChangeRecord

    tables = set(connection.introspection.table_names())
    found = {}
    for model in (get_user_model(), ChangeRecord):
        if model._meta.db_table in tables and (count := model._default_manager.count()):
            found[model._meta.db_table] = count
    return found


# ---------------------------------------------------------------- PostgreSQL tools


def _pg_tool(name: str) -> str:
    folder = getattr(settings, "PG_BIN_DIR", "") or os.environ.get("PG_BIN_DIR", "")
    path = shutil.which(name, path=folder or None)
    if not path:
        raise BackupError(f"Không tìm thấy chương trình '{name}'. Cài gói postgresql-client cùng phiên bản "
                          f"với máy chủ PostgreSQL (hoặc đặt PG_BIN_DIR là thư mục chứa nó).")
    return path


def pg_tool_major(name: str) -> int:
    """The major version of a PostgreSQL client tool (``pg_dump (PostgreSQL) 15.20`` → 15)."""
    out = subprocess.run([_pg_tool(name), "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    if not match:
        raise BackupError(f"Không đọc được phiên bản của {name}: {out.strip()}")
    return int(match.group(1))


def _pg_env() -> dict[str, str]:
    """The connection settings as libpq's variables (the password never on a command line)."""
    db = connection.settings_dict
    env = dict(os.environ)
    pairs = {"PGDATABASE": db.get("NAME"), "PGUSER": db.get("USER"), "PGPASSWORD": db.get("PASSWORD"),
             "PGHOST": db.get("HOST"), "PGPORT": str(db.get("PORT") or "")}
    options = db.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                             ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY")):
        pairs[variable] = options.get(option)
    env.update({k: str(v) for k, v in pairs.items() if v})
    return env


def _run(args: list[str], what: str) -> None:
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} thất bại (mã {done.returncode}):\n{done.stderr.strip()[-3000:]}")


def _server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


# ---------------------------------------------------------------- backup


def _dump_sqlite(target: Path) -> dict[str, Any]:
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        info = {"counts": table_counts(cursor, _sqlite_tables(copy)), "migrations": _applied_migrations(cursor)}
    copy.close()
    return info


def _dump_postgresql(target: Path) -> dict[str, Any]:
    dump_major, server_major = pg_tool_major("pg_dump"), _server_major()
    if dump_major < server_major:
        raise BackupError(f"pg_dump phiên bản {dump_major} cũ hơn máy chủ PostgreSQL {server_major}: cài "
                          f"postgresql-client-{server_major} (pg_dump phải cùng hoặc mới hơn máy chủ).")
    # The counts and the dump read one snapshot: exported here, handed to pg_dump while this transaction lives.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        info = {"counts": table_counts(cursor, tables), "migrations": _applied_migrations(cursor),
                "pg_dump_major": dump_major, "server_major": server_major}
        _run([_pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
             "pg_dump")
    return info


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def create_backup(output: Path) -> dict[str, Any]:
    """Write the archive to ``output``; its manifest."""
    engine = _engine()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="danvan-backup-", dir=output.parent) as tmp:
        database = Path(tmp) / DATABASE_MEMBER[engine]
        info = _dump_sqlite(database) if engine == "sqlite" else _dump_postgresql(database)
        checksums = {database.name: sha256(database)}
        files = list(_media_files(media_root))
        for path in files:
            checksums[f"{MEDIA}/{path.relative_to(media_root).as_posix()}"] = sha256(path)
        manifest = {
            "format": FORMAT, "danvan": danvan.__version__,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": engine, "database": database.name, **info, "checksums": checksums,
        }
        manifest_path = Path(tmp) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = output.with_name(output.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, MANIFEST)
            archive.add(database, database.name)
            for path in files:
                archive.add(path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
        partial.replace(output)  # never a half-written archive under the final name
    return manifest


# ---------------------------------------------------------------- restore


@contextmanager
def unpacked(archive_path: Path) -> Iterator[tuple[dict[str, Any], Path]]:
    """The archive's manifest and the folder it was unpacked into, every checksum verified."""
    if not archive_path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu '{archive_path}'.")
    with tempfile.TemporaryDirectory(prefix="danvan-restore-") as tmp:
        folder = Path(tmp)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                archive.extractall(folder, filter="data")  # refuses absolute paths, '..' and links out
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"Tệp '{archive_path}' không phải bản sao lưu danvan đọc được ({exc}).") from exc
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BackupError(f"Bản sao lưu thiếu hoặc hỏng tệp kê khai {MANIFEST}.") from exc
        if manifest.get("format") != FORMAT or manifest.get("engine") not in DATABASE_MEMBER:
            raise BackupError(f"Tệp kê khai không đúng định dạng sao lưu {FORMAT} của danvan.")
        checksums: dict[str, str] = manifest.get("checksums") or {}
        if manifest.get("database") not in checksums:
            raise BackupError("Tệp kê khai không ghi tổng kiểm của cơ sở dữ liệu.")
        present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
        if missing := sorted(set(checksums) - present):
            raise BackupError(f"Bản sao lưu thiếu {len(missing)} tệp đã kê khai, ví dụ '{missing[0]}'.")
        if extra := sorted(present - set(checksums)):
            raise BackupError(f"Bản sao lưu có tệp không kê khai: '{extra[0]}'.")
        for name, expected in checksums.items():
            if sha256(folder / name) != expected:
                raise BackupError(f"Tổng kiểm SHA-256 của '{name}' không khớp: bản sao lưu đã bị hỏng hoặc sửa.")
        yield manifest, folder


def _restore_sqlite(source: Path) -> None:
    connection.close()
    connection.ensure_connection()
    with sqlite3.connect(source) as archived:
        archived.backup(connection.connection)
    archived.close()
    connection.close()  # the next query opens the restored file afresh


def _restore_postgresql(source: Path, manifest: dict[str, Any]) -> None:
    restore_major = pg_tool_major("pg_restore")
    if restore_major < manifest.get("pg_dump_major", 0):
        raise BackupError(f"pg_restore phiên bản {restore_major} cũ hơn pg_dump {manifest['pg_dump_major']} "
                          f"đã tạo bản sao lưu: cài postgresql-client-{manifest['pg_dump_major']} trở lên.")
    connection.close()
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}",
          str(source)], "pg_restore")


def _check_migrations(manifest: dict[str, Any]) -> None:
    """Refuse an archive made by a newer danvan (migrations this code does not have)."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest.get("migrations", []) if (app, name) not in known]
    if unknown:
        raise BackupError(f"Bản sao lưu được tạo bởi danvan {manifest.get('danvan')} mới hơn phiên bản đang "
                          f"chạy ({danvan.__version__}): thiếu {len(unknown)} bước chuyển đổi, ví dụ "
                          f"{unknown[0]}. Cập nhật danvan trước khi khôi phục.")


def restore_archive(archive_path: Path, *, force: bool = False) -> RestoreResult:
    """Put the archive's database and files back; see the module docstring for the checks."""
    engine = _engine()
    with unpacked(archive_path) as (manifest, folder):
        if manifest["engine"] != engine:
            raise BackupError(f"Bản sao lưu là của {manifest['engine']}, cơ sở dữ liệu đang dùng là {engine}: "
                              f"không khôi phục chéo được (dùng 'danvan dumpdata'/'loaddata' để chuyển).")
        _check_migrations(manifest)
        if not force and (used := in_use()):
            held = ", ".join(f"{table}: {count}" for table, count in used.items())
            raise BackupError(f"Cơ sở dữ liệu đang có dữ liệu ({held}): khôi phục sẽ xóa hết. Khôi phục vào "
                              f"một cơ sở dữ liệu trống, hoặc thêm --force nếu chắc chắn muốn ghi đè.")
        database = folder / manifest["database"]
        if engine == "sqlite":
            _restore_sqlite(database)
        else:
            _restore_postgresql(database, manifest)
        with connection.cursor() as cursor:
            counts = table_counts(cursor, list(manifest["counts"]))
        wrong = {t: (n, counts.get(t)) for t, n in manifest["counts"].items() if counts.get(t) != n}
        if wrong:
            table, (expected, found) = next(iter(wrong.items()))
            raise BackupError(f"Sau khôi phục, {len(wrong)} bảng có số dòng khác tệp kê khai, ví dụ {table}: "
                              f"{found} thay vì {expected}.")
        result = RestoreResult(manifest, tables=len(counts), rows=sum(counts.values()))
        media_root = Path(settings.MEDIA_ROOT)
        source = folder / MEDIA
        for path in _media_files(source):
            target = media_root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            result.files += 1
    return result

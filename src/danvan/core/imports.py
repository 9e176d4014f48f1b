"""The one pipeline for tabular imports and exports (CSV and XLSX).

A domain app declares an :class:`ImportSpec`: its columns (header, parser, whether required or
personal) and how a chunk of validated rows is written. The pipeline does the rest, the same
way for every kind:

1. read the file (CSV: strict UTF-8, sniffed delimiter; XLSX: core.xlsx, streaming, the named sheet,
   no merged cells, no formula without a stored value), streaming row by row;
2. match headers (by Vietnamese label or English key, accent- and case-insensitive), rejecting
   missing required columns and unknown (renamed) ones;
3. parse and check every row, collecting every error as "Dòng 17, cột 'Năm sinh': …";
4. write valid chunks inside ONE transaction; if any error was found anywhere the transaction
   is rolled back, so a file is written whole or not at all. ``dry_run`` always rolls back.

Exports use the same column declarations, so an exported file imports back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from . import audit, bulk, locks
from .models import ChangeAction
from .scope import Scope
from .text import fold
from .xlsx import column_letters

MAX_ERRORS = 200
CHUNK_SIZE = 10_000


# ---------------------------------------------------------------- errors


class CellError(ValueError):
    """A value that cannot be read; the pipeline adds the row and column."""


class ImportFailed(Exception):
    """The file was rejected; ``errors`` are complete Vietnamese sentences."""

    def __init__(self, errors: list[str], total_errors: int | None = None) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors
        self.total_errors = total_errors if total_errors is not None else len(errors)


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    dry_run: bool = False
    preview: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------- parsers


def text(max_length: int = 200) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError(_("dài quá %(n)s ký tự") % {"n": max_length})
        return value

    return parse


CODE_RE = re.compile(r"^[0-9A-Za-z._-]+$")
_CODE = re.compile(r"[0-9A-Za-z._-]{1,40}").fullmatch  # one call per cell: length and characters


def code(value: str) -> str:
    if _CODE(value) is None:
        raise CellError(_("'%(value)s' không phải là mã hợp lệ (chữ không dấu, chữ số và . _ -)") % {"value": value})
    return value


def integer(minimum: int = 0, maximum: int = 10**9) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise CellError(_("'%(value)s' không phải là số nguyên") % {"value": value}) from None
        if not minimum <= number <= maximum:
            raise CellError(
                _("'%(value)s' phải từ %(min)s đến %(max)s") % {"value": value, "min": minimum, "max": maximum}
            )
        return number

    return parse


def year(value: str) -> int:
    if len(value) != 4 or not value.isdigit():
        raise CellError(_("'%(value)s' không phải là năm") % {"value": value})
    number = int(value)
    if not 1900 <= number <= 2100:
        raise CellError(_("'%(value)s' không phải là năm hợp lệ (1900–2100)") % {"value": value})
    return number


_today: tuple[int, dt.date] = (0, dt.date.min)


def today() -> dt.date:
    """Today's local date, computed once per second (``timezone.localdate`` costs microseconds,
    and a million-row file asks for every cell)."""
    global _today
    second = int(time.time())
    if _today[0] != second:
        _today = (second, timezone.localdate())
    return _today[1]


def past_year(value: str) -> int:
    """A year that has begun (a birth year): not after the current year."""
    number = year(value)
    if number > today().year:
        raise CellError(_("'%(value)s' là năm trong tương lai") % {"value": value})
    return number


def date(value: str) -> dt.date:
    parts = value.split("/")
    if len(parts) == 3 and len(parts[2]) == 4:  # the common dd/mm/yyyy, without strptime's cost
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise CellError(_("'%(value)s' không phải là ngày (dd/mm/yyyy)") % {"value": value}) from None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CellError(_("'%(value)s' không phải là ngày (dd/mm/yyyy)") % {"value": value})


def past_date(value: str) -> dt.date:
    """A date not after today (a joining date)."""
    day = date(value)
    if day > today():
        raise CellError(_("'%(value)s' là ngày trong tương lai") % {"value": value})
    return day


_TRUE = {"1", "x", "co", "true", "yes", "dung"}
_FALSE = {"0", "khong", "false", "no", "sai"}


_BOOL_EXACT = {"có": True, "không": False, "1": True, "0": False, "x": True, "Có": True, "Không": False}


def boolean(value: str) -> bool:
    exact = _BOOL_EXACT.get(value)
    if exact is not None:
        return exact
    folded = fold(value)
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(_("'%(value)s' phải là 'có' hoặc 'không'") % {"value": value})


def choice(choices: type[models.TextChoices], allowed: Sequence[str] | None = None) -> Callable[[str], str]:
    """Accepts the stored key or the label in any UI language (Vietnamese, English), accent-insensitive.

    The labels of every language are read here, not only the active one's: specs are declared on
    first use, possibly inside a request in English, and a file must import the same either way.
    """
    keys = [c for c in choices.values if allowed is None or c in allowed]
    lookup: dict[str, str] = {fold(key): key for key in keys}
    exact = {key: key for key in keys}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for key in keys:
                label = str(choices(key).label)
                exact.setdefault(label, key)
                lookup.setdefault(fold(label), key)

    def parse(value: str) -> str:
        found = exact.get(value) or lookup.get(fold(value))
        if found is None:
            labels = ", ".join(str(choices(k).label) for k in keys)
            raise CellError(_("'%(value)s' không thuộc danh mục (%(labels)s)") % {"value": value, "labels": labels})
        return found

    return parse


def format_bool(value: bool) -> str:
    return _("có") if value else _("không")


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


# ---------------------------------------------------------------- declarations


@dataclass(frozen=True)
class Column:
    """One column of an import/export file."""

    key: str
    label: str
    parse: Callable[[str], Any] = text()
    required: bool = True
    help: str = ""
    personal: bool = False
    # Whether the header must be present; personal columns may be left out of a file.
    header_required: bool | None = None

    @property
    def must_have_header(self) -> bool:
        if self.header_required is not None:
            return self.header_required
        return self.required and not self.personal


@dataclass
class Row:
    number: int
    values: dict[str, Any]


class ImportSpec:
    """What a domain app declares for one kind of file."""

    kind: ClassVar[str]
    label: ClassVar[str]
    sheet_name: ClassVar[str]
    columns: ClassVar[list[Column]]
    model: ClassVar[type[models.Model]]

    # The model whose (filtered) list an export starts from, when not ``model``.
    export_model: ClassVar[type[models.Model] | None] = None

    def __init__(self, user: Any = None) -> None:
        self.user = user
        # No user: a command run without --user, which may write everything.
        self.scope: Scope | None = Scope.of(user) if user is not None else None
        self.created = 0
        self.updated = 0
        self.present_keys: set[str] = set()

    @classmethod
    def list_model(cls) -> type[models.Model]:
        return cls.export_model or cls.model

    # -- import
    def begin(self) -> None:
        """Load lookups (scope applied) before the first row."""

    def check_chunk(self, rows: list[Row], report: Callable[[Row, str, str], None]) -> list[Row]:
        """Cross-field and database checks of a chunk; returns the rows that passed."""
        return rows

    def write_chunk(self, rows: list[Row]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """After the last chunk, still inside the transaction."""

    # -- export
    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def export_columns(self, include_personal: bool) -> list[Column]:
        return [c for c in self.columns if include_personal or not c.personal]

    # -- scope, through the one Scope object (core.scope)
    def flush(self, writer: bulk.BulkWriter) -> None:
        """Write a chunk's queued rows (``core.bulk``) and count them as created or updated."""
        created, updated = writer.created, writer.updated
        writer.flush()
        self.created += writer.created - created
        self.updated += writer.updated - updated

    def sees(self, path: str, org_kind: str = "") -> bool:
        """Whether the importing user sees a record at ``path`` (of ``org_kind``, '' for none)."""
        return self.scope is None or self.scope.sees(path, org_kind)

    def may_write(self, path: str, org_kind: str = "") -> bool:
        """Whether the importing user may create or change a record at ``path`` of ``org_kind``.

        Every import asks this twice per row: for the row's new values and, when the row updates
        a record, for that record as it is now (its current unit and organization kind).
        """
        return self.scope is None or self.scope.may_write(path, org_kind)


_REGISTRY: dict[str, type[ImportSpec]] = {}


def register(spec: type[ImportSpec]) -> type[ImportSpec]:
    _REGISTRY[spec.kind] = spec
    return spec


def specs() -> dict[str, type[ImportSpec]]:
    if not _REGISTRY:
        autodiscover_modules("imports")
    return dict(_REGISTRY)


def get_spec(kind: str) -> type[ImportSpec]:
    available = specs()
    if kind not in available:
        raise ImportFailed(
            [_("Không có loại dữ liệu '%(kind)s'; chọn một trong: %(kinds)s") % {"kind": kind, "kinds": ", ".join(available)}]
        )
    return available[kind]


# ---------------------------------------------------------------- readers


def _read_csv(stream: IO[bytes]) -> Iterator[list[str]]:
    wrapper = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    try:
        first = wrapper.readline()
    except UnicodeDecodeError:
        raise ImportFailed([_("Tệp CSV không phải mã hóa UTF-8. Hãy lưu lại tệp với bảng mã UTF-8.")]) from None
    if not first.strip():
        raise ImportFailed([_("Tệp trống: không có dòng tiêu đề.")])
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(_chain_first(first, wrapper), delimiter=delimiter)
    try:
        strip = str.strip
        for row in reader:
            yield list(map(strip, row))
    except UnicodeDecodeError:
        raise ImportFailed([_("Tệp CSV không phải mã hóa UTF-8. Hãy lưu lại tệp với bảng mã UTF-8.")]) from None
    except csv.Error as exc:
        raise ImportFailed([_("Tệp CSV bị lỗi định dạng ở dòng %(line)s: %(error)s") % {
            "line": reader.line_num, "error": exc}]) from None


def _chain_first(first: str, rest: IO[str]) -> Iterator[str]:
    yield first
    yield from rest


def _read_xlsx(stream: IO[bytes], sheet_name: str, label: str) -> Iterator[list[str]]:
    from .xlsx import Workbook, XlsxError

    if not stream.read(4):
        raise ImportFailed([_("Tệp trống.")])
    stream.seek(0)
    try:
        workbook = Workbook(stream)
    except XlsxError as exc:
        raise ImportFailed([_("Không đọc được tệp XLSX: %(error)s") % {"error": exc}]) from None
    names = workbook.sheet_names
    wanted = [n for n in names if fold(n) in {fold(sheet_name), fold(label)}]
    if wanted:
        name = wanted[0]
    elif len(names) == 1:
        name = names[0]
    else:
        raise ImportFailed([
            _("Không tìm thấy trang tính '%(sheet)s'. Tệp có các trang: %(names)s.")
            % {"sheet": sheet_name, "names": ", ".join(names)}
        ])
    merged = workbook.merged_ranges(name)
    if merged:
        raise ImportFailed([
            _("Trang tính '%(sheet)s' có ô gộp (%(ranges)s). Hãy bỏ gộp ô: mỗi ô một giá trị.")
            % {"sheet": name, "ranges": ", ".join(merged[:5])}
        ])
    formulas: list[str] = []
    for cells in workbook.rows(name, formulas):
        if formulas:
            raise ImportFailed([
                _("Ô %(cells)s chứa công thức nhưng không có giá trị đã tính. Hãy mở tệp trong Excel, "
                  "lưu lại (hoặc dán giá trị) rồi nhập lại.") % {"cells": ", ".join(formulas[:10])}
            ])
        yield cells


def read_table(source: IO[bytes], filename: str, spec: type[ImportSpec]) -> Iterator[list[str]]:
    """Rows of cells as text, the header first, blank rows kept (as empty lists) for numbering."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return _read_csv(source)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(source, spec.sheet_name, spec.label)
    raise ImportFailed([_("Chỉ nhận tệp .csv hoặc .xlsx (tệp đã gửi: %(name)s).") % {"name": filename}])


# ---------------------------------------------------------------- pipeline


def match_headers(header: list[str], spec: type[ImportSpec]) -> dict[str, int]:
    """Column key → position, or ImportFailed naming every missing, unknown or repeated header."""
    by_name: dict[str, Column] = {}
    for column in spec.columns:
        by_name[fold(column.key)] = column
        by_name[fold(column.label)] = column
    positions: dict[str, int] = {}
    errors: list[str] = []
    for index, raw in enumerate(header):
        if not raw.strip():
            continue
        column = by_name.get(fold(raw.replace("*", "")))
        if column is None:
            errors.append(
                _("Cột '%(header)s' (cột %(letter)s) không có trong mẫu '%(kind)s'.")
                % {"header": raw, "letter": column_letters(index), "kind": spec.label}
            )
        elif column.key in positions:
            errors.append(_("Cột '%(header)s' bị lặp lại.") % {"header": column.label})
        else:
            positions[column.key] = index
    missing = [c.label for c in spec.columns if c.must_have_header and c.key not in positions]
    if missing:
        errors.append(_("Thiếu cột bắt buộc: %(columns)s.") % {"columns": ", ".join(f"'{m}'" for m in missing)})
    if errors:
        valid = ", ".join(f"'{c.label}'" for c in spec.columns)
        errors.append(_("Các cột hợp lệ: %(columns)s.") % {"columns": valid})
        raise ImportFailed(errors)
    return positions


def run_import(
    kind: str,
    source: IO[bytes],
    filename: str,
    user: Any = None,
    *,
    dry_run: bool = False,
    preview_rows: int = 0,
    progress: Callable[[int], None] | None = None,
    max_errors: int = MAX_ERRORS,
    audit_payload: dict[str, Any] | None = None,
) -> ImportResult:
    """Import a whole file or nothing. Raises :class:`ImportFailed` with every error found.

    ``progress(rows)`` is called after each chunk; ``max_errors`` error sentences are kept (all are
    counted); ``audit_payload`` (a background job's id) is stored on the file's audit entry with
    its counts.
    """
    spec_class = get_spec(kind)
    if user is not None and not user.can_write():
        raise ImportFailed([_("Vai trò của bạn không được nhập dữ liệu.")])
    rows_iter = read_table(source, filename, spec_class)
    header: list[str] | None = None
    header_row = 0
    for cells in rows_iter:
        header_row += 1
        if any(cells):
            header = cells
            break
    if header is None:
        raise ImportFailed([_("Tệp trống: không có dòng tiêu đề.")])
    positions = match_headers(header, spec_class)
    # Per column of the file: (key, position, parser, required, label), looked up once, not per row.
    present = [(c.key, positions[c.key], c.parse, c.required, c.label) for c in spec_class.columns if c.key in positions]
    width = max(positions.values()) + 1
    absent = dict.fromkeys(c.key for c in spec_class.columns if c.key not in positions)

    errors: list[tuple[int, int, str]] = []
    error_count = 0
    result = ImportResult(kind=kind, dry_run=dry_run)

    def report(row: Row | int, label: str, message: str) -> None:
        nonlocal error_count
        error_count += 1
        if len(errors) < max_errors:
            number = row.number if isinstance(row, Row) else row
            errors.append((number, error_count, _("Dòng %(row)s, cột '%(column)s': %(message)s") % {
                "row": number, "column": label, "message": message}))

    # One transaction, and one batch of derived-data rewrites for the whole file: the fact ledger
    # collects every chunk's ``bulk_written`` and rewrites each source once, after the last chunk
    # (the period-lock check still runs on every chunk's signals); a rejected file rewrites nothing.
    with _import_pragmas(), transaction.atomic():
        with bulk.batch():
            spec = spec_class(user)
            spec.present_keys = set(positions)
            spec.begin()
            chunk: list[Row] = []

            def flush() -> None:
                # Rows are checked against what earlier chunks wrote, so a dry run writes too and
                # rolls back at the end: its verdict is the real import's verdict.
                passed = spec.check_chunk(chunk, report)
                if not error_count:
                    try:
                        spec.write_chunk(passed)
                    except locks.PeriodLocked as locked:  # a row dated in a signed-off period
                        raise ImportFailed([_("Dòng %(first)s–%(last)s: %(message)s") % {
                            "first": chunk[0].number, "last": chunk[-1].number,
                            "message": " ".join(locked.messages)}]) from locked
                    if len(result.preview) < preview_rows:
                        result.preview.extend(
                            {c.label: r.values.get(c.key) for c in spec_class.columns}
                            for r in passed[: preview_rows - len(result.preview)]
                        )
                chunk.clear()

            number = header_row
            for number, cells in enumerate(rows_iter, start=header_row + 1):
                if not any(cells):
                    continue
                if len(cells) < width:
                    cells = cells + [""] * (width - len(cells))
                values: dict[str, Any] = dict(absent)
                ok = True
                for key, index, parse, required, label in present:
                    raw = cells[index]
                    if raw[:1] == "'":
                        raw = unneutralize(raw)
                    if not raw:
                        if required:
                            report(number, label, _("không được để trống"))
                            ok = False
                        values[key] = None
                        continue
                    try:
                        values[key] = parse(raw)
                    except CellError as exc:
                        report(number, label, str(exc))
                        ok = False
                result.rows += 1
                if ok:
                    chunk.append(Row(number, values))
                if len(chunk) >= CHUNK_SIZE:
                    flush()
                    if progress:
                        progress(result.rows)
            if chunk:
                flush()
            if result.rows == 0:
                raise ImportFailed([_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")])
            if error_count:
                # Cell errors are found while reading, cross-row ones per chunk: show them in file order.
                raise ImportFailed([message for _n, _seq, message in sorted(errors)], error_count)
            spec.finish()
        result.created, result.updated = spec.created, spec.updated
        if not dry_run:
            audit.record(
                ChangeAction.IMPORT, model=spec_class.model,
                note=_("Nhập tệp %(file)s (%(kind)s): %(rows)s dòng, %(created)s mới, %(updated)s cập nhật") % {
                    "file": filename, "kind": spec_class.label, "rows": result.rows,
                    "created": spec.created, "updated": spec.updated},
                unit_path=_common_scope(user),
                payload={**(audit_payload or {}), "rows": result.rows, "created": spec.created,
                         "updated": spec.updated},
            )
        else:
            transaction.set_rollback(True)
    return result


# SQLite's page cache for an import (the connection's default is 64 MB): fewer index pages re-read
# from the OS while a large file is inserted, within the import's 500 MB memory budget.
IMPORT_CACHE_KIB = 128_000


@contextmanager
def _import_pragmas() -> Iterator[None]:
    """A larger page cache on SQLite for the import's transaction, restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _common_scope(user: Any) -> str:
    if user is None or user.is_system_admin:
        return ""
    grants = user.grants_cached()
    return grants[0].unit.path if len(grants) == 1 else ""


# ---------------------------------------------------------------- export


def export_rows(kind: str, queryset: models.QuerySet, user: Any) -> tuple[list[Column], Iterator[list[Any]]]:
    """Header columns and row values for a filtered, scoped queryset."""
    spec = get_spec(kind)(user)
    include_personal = user is None or user.exports_personal_data()
    columns = spec.export_columns(include_personal)
    keys = [c.key for c in columns]

    def rows() -> Iterator[list[Any]]:
        for record in spec.export_queryset(queryset):
            data = dict(zip([c.key for c in spec.columns], record, strict=True))
            yield [data[k] for k in keys]

    return columns, rows()


# A text cell beginning with one of these is run as a formula by spreadsheets (OWASP "CSV
# injection"): exports prefix it with a single quote, imports take that quote off again.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
_QUOTE_OR_TRIGGER = FORMULA_TRIGGERS | {"'"}


def neutralize(value: Any) -> Any:
    """``value`` safe for a spreadsheet cell: text starting like a formula gets a leading ``'``.

    Text that already starts with quotes before such a character gets one more, so
    :func:`unneutralize` gives back every string exactly. Numbers are left alone (a negative
    number is a number, not a formula).
    """
    if isinstance(value, str) and value[:1] in _QUOTE_OR_TRIGGER and value.lstrip("'")[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def unneutralize(raw: str) -> str:
    """The imported cell without the quote :func:`neutralize` added."""
    if raw[:1] == "'" and raw.lstrip("'")[:1] in FORMULA_TRIGGERS:
        return raw[1:]
    return raw


def csv_cells(row: Sequence[Any]) -> list[Any]:
    """One exported CSV row: empty cells for None, formula-like text neutralized."""
    return ["" if v is None else neutralize(v) for v in row]


def write_csv(columns: list[Column], rows: Iterable[Sequence[Any]], stream: IO[str]) -> None:
    writer = csv.writer(stream)
    writer.writerow([c.label for c in columns])
    for row in rows:
        writer.writerow(csv_cells(row))


def write_xlsx(columns: list[Column], rows: Iterable[Sequence[Any]], stream: IO[bytes], sheet_name: str) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(stream, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet(sheet_name[:31])
    bold = workbook.add_format({"bold": True})
    text_format = workbook.add_format({"num_format": "@"})
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.label, bold)
        sheet.set_column(index, index, max(12, len(column.label) + 2), text_format)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, neutralize(str(value)))
    workbook.close()


# ---------------------------------------------------------------- documentation


def formats_markdown() -> str:
    """docs/import-formats.md, generated from the column declarations (a test keeps it current)."""
    lines = [
        "# Import formats",
        "",
        "Generated from the column declarations (`danvan import --formats > docs/import-formats.md`);",
        "a test fails when this file and the code disagree.",
        "",
        "Every kind is imported the same way: `danvan import KIND FILE [--dry-run] [--user NAME]` or the page",
        "*Nhập dữ liệu*. Files are CSV (UTF-8, comma, semicolon or tab separated; a BOM is fine) or XLSX",
        "(the sheet named below, or the only sheet). The first non-empty row holds the headers: the",
        "Vietnamese label or the English key, in any order, accents and case ignored. A file is checked",
        "whole and written in one transaction, or not at all; every error names its row and column.",
        "Rejected: unknown or out-of-scope codes, duplicate rows, missing required or unknown headers, a",
        "missing sheet, an empty file, non-UTF-8 CSV, merged cells, formulas without a stored value, files",
        "over the upload limit (`IMPORT_MAX_UPLOAD_MB`, web only). Rows whose code already exists update",
        "that record, so a file exported from danvan imports back unchanged. Dates are `dd/mm/yyyy`",
        "(or `yyyy-mm-dd`); yes/no cells take `có`/`không` (or 1/0, x). A row is checked against the",
        "importing user's scope twice: its new values (unit, organization kind) and the record it would",
        "update, as stored. Exported text cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage",
        "return get a leading `'` (so a spreadsheet does not run them as formulas); imports take that",
        "quote off again. XLSX files from Excel, LibreOffice and .NET writers (`x:`-prefixed XML) are read.",
        "",
        "Personal data (marked *personal*) follows Law 91/2025/QH15 and Decree 356/2025/NĐ-CP: such",
        "columns may be left out of a file (existing values are kept), and exports include them only",
        "for roles allowed to export personal data (sensitive data: ethnicity, only for admins and",
        "province specialists without an organization-kind limit; each such export is logged).",
    ]
    for spec in specs().values():
        lines += ["", f"## {spec.label} — `{spec.kind}`", "", f"Sheet: `{spec.sheet_name}`.", "",
                  "| column | key | required | notes |", "|---|---|---|---|"]
        for column in spec.columns:
            required = "yes" if column.required else ("personal" if column.personal else "no")
            lines.append(f"| {column.label} | `{column.key}` | {required} | {column.help} |")
    return "\n".join(lines) + "\n"

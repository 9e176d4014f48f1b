"""A streaming XLSX reader: rows of cell text in bounded memory, for imports of any size.

python-calamine and openpyxl's read-only mode were measured on a 1,000,000-row member file:
calamine reads fast but holds the whole sheet (1.8 GB peak), openpyxl streams but reads about
6,500 rows/s. This reader decompresses the sheet in chunks and scans it with regular expressions,
so memory stays at the shared-string table plus one chunk, at several times openpyxl's speed.

It reports what an import must reject: merged cells and formulas without a stored value.

Writers differ in how they spell the same XML: openpyxl and Excel use SpreadsheetML as the default
namespace (``<row>``, ``<c r="A1" t="s">``), .NET's OpenXML SDK binds it to a prefix (``<x:row>``,
``<x:c>``, ``<x:v>``), LibreOffice and others order attributes differently (``<c t="s" r="A1">``)
or leave out a cell's ``r``. The prefix is found from the part's namespace declarations and taken
off (a bytes replace per chunk, at C speed), so the fast patterns below see one spelling; a row
whose cells do not match the fast pattern is read by a slower, order-free one.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO

CHUNK = 1 << 20

_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR = re.compile(rb'\b(r|t|s)="([^"]*)"')
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_TEXT = re.compile(rb"<t\b[^>]*>(.*?)</t>|<t\b[^>]*/>", re.S)
_MERGE_ANY = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*\bref="([^"]+)"')
_SHEET = re.compile(r"<sheet\b([^>]*)>")
_REL = re.compile(r"<(?:[\w.-]+:)?Relationship\b([^>]*)>")
_XF = re.compile(r"<xf\b([^>]*)", re.S)
_NUMFMT = re.compile(r"<numFmt\b([^>]*)>")
# One match per cell: column letters, the other attributes, a formula, <v> or <is> content.
_FAST_CELL = re.compile(
    rb'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(<f\b[^>]*?(?:/>|>.*?</f>))?(?:<v>(.*?)</v>|<is>(.*?)</is>)?.*?</c>)', re.S
)
_CELL_ATTR = re.compile(rb"""(?:^|\s)(r|t|s)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FORMULA = re.compile(rb"<f\b")
_INLINE = re.compile(rb"<is>(.*?)</is>", re.S)
_PHONETIC = re.compile(rb"<rPh\b.*?</rPh>", re.S)
# The namespace of SpreadsheetML's elements (transitional and strict), bound to a prefix or not.
_MAIN_PREFIX = re.compile(
    rb'xmlns:([A-Za-z_][\w.-]*)\s*=\s*["\'](?:http://schemas\.openxmlformats\.org/spreadsheetml/2006/main|'
    rb'http://purl\.oclc\.org/ooxml/spreadsheetml/main)["\']'
)
_STYLE = re.compile(rb'\bs="(\d+)"')
_COLUMNS: dict[bytes, int] = {}
_BUILTIN_DATES = set(range(14, 23)) | {27, 30, 36, 45, 46, 47, 50, 57}


class XlsxError(ValueError):
    """The file is not a readable workbook."""


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _split_ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    return int(digits or 0), column_index(letters.upper())


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return html.unescape(text) if "&" in text else text


def _attr(attrs: str, name: str) -> str | None:
    """One attribute's value (either quote) from an element's attribute text."""
    found = re.search(r"(?:^|\s)" + re.escape(name) + r"""\s*=\s*(?:"([^"]*)"|'([^']*)')""", attrs)
    if found is None:
        return None
    return html.unescape(found.group(1) if found.group(1) is not None else found.group(2))


def main_prefix(head: bytes) -> bytes:
    """The prefix a part binds SpreadsheetML's namespace to (``b"x"``), or ``b""`` for none."""
    found = _MAIN_PREFIX.search(head)
    return found.group(1) if found else b""


def unprefix(data: bytes, prefix: bytes) -> bytes:
    """``data`` with SpreadsheetML's prefix taken off its element names (``<x:c>`` → ``<c>``)."""
    if not prefix:
        return data
    return data.replace(b"<" + prefix + b":", b"<").replace(b"</" + prefix + b":", b"</")


def _unprefix_text(text: str) -> str:
    return unprefix(text.encode("utf-8"), main_prefix(text.encode("utf-8"))).decode("utf-8")


class Workbook:
    def __init__(self, source: IO[bytes]) -> None:
        try:
            self.zip = zipfile.ZipFile(source)
            workbook = _unprefix_text(self.zip.read("xl/workbook.xml").decode("utf-8"))
        except (zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError) as exc:
            raise XlsxError(str(exc) or exc.__class__.__name__) from None
        rels = self._read("xl/_rels/workbook.xml.rels")
        targets = {}
        for attrs in _REL.findall(rels):
            rid, target = _attr(attrs, "Id"), _attr(attrs, "Target")
            if rid is not None and target is not None:
                targets[rid] = target
        self.sheets: dict[str, str] = {}
        for attrs in _SHEET.findall(workbook):
            name = _attr(attrs, "name")
            rid = re.search(r"""\s[\w.-]+:id\s*=\s*["']([^"']*)["']""", attrs)  # r:id, whatever the prefix
            if name is None or rid is None:
                continue
            target = targets.get(rid.group(1), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            self.sheets[name] = path
        self.date1904 = bool(re.search(r'date1904="(1|true)"', workbook))
        self._strings: list[str] | None = None
        self._date_styles: set[int] | None = None

    def _read(self, name: str) -> str:
        try:
            return self.zip.read(name).decode("utf-8")
        except KeyError:
            return ""

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def shared_strings(self) -> list[str]:
        if self._strings is None:
            strings: list[str] = []
            if "xl/sharedStrings.xml" in self.zip.namelist():
                with self.zip.open("xl/sharedStrings.xml") as stream:
                    for item in _stream_elements(stream, b"si"):
                        if b"<rPh" in item:  # phonetic guides are not the cell's text
                            item = _PHONETIC.sub(b"", item)
                        strings.append("".join(_unescape(m.group(1) or b"") for m in _TEXT.finditer(item)))
            self._strings = strings
        return self._strings

    def date_styles(self) -> set[int]:
        """Indexes of cell formats that show numbers as dates."""
        if self._date_styles is None:
            styles = _unprefix_text(self._read("xl/styles.xml"))
            custom: dict[int, str] = {}
            for attrs in _NUMFMT.findall(styles):
                fmt_id, fmt_code = _attr(attrs, "numFmtId"), _attr(attrs, "formatCode")
                if fmt_id is not None and fmt_id.isdigit() and fmt_code is not None:
                    custom[int(fmt_id)] = fmt_code
            dates: set[int] = set()
            xfs_part = styles.split("<cellXfs", 1)[1].split("</cellXfs>", 1)[0] if "<cellXfs" in styles else ""
            for index, attrs in enumerate(_XF.findall(xfs_part)):
                found = re.search(r'numFmtId="(\d+)"', attrs)
                fmt = int(found.group(1)) if found else 0
                code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", custom.get(fmt, "")).lower()
                if fmt in _BUILTIN_DATES or (code and re.search(r"[dy]|m{1,4}(?![^;]*s)", code) and "0" not in code):
                    dates.add(index)
            self._date_styles = dates
        return self._date_styles

    def rows(self, name: str, problems: list[str]) -> Iterator[list[str]]:
        """Cell texts row by row (blank lists for empty rows, so numbering matches the sheet).

        Formulas without a stored value and merged cells are appended to ``problems`` (merged
        ranges are listed at the end of a sheet, so they are known only once it was read).
        """
        strings = self.shared_strings()
        dates = self.date_styles()
        expected = 1
        with self.zip.open(self.sheets[name]) as stream:
            for chunk in _stream_rows(stream):
                for m in _ROW.finditer(chunk):
                    number_match = _ROW_NUMBER.search(m.group(1))
                    number = int(number_match.group(1)) if number_match else expected
                    while expected < number:
                        yield []
                        expected += 1
                    expected = number + 1
                    yield self._cells(m.group(2) or b"", number, strings, dates, problems)

    def _cells(self, body: bytes, number: int, strings: list[str], dates: set[int],
               problems: list[str]) -> list[str]:
        matches = _FAST_CELL.findall(body)
        if len(matches) != body.count(b"<c ") + body.count(b"<c>"):
            matches = _slow_cells(body)  # other attribute order or quotes, or cells without r
        cells: list[str] = []
        for letters, attrs, formula, value, inline in matches:
            if letters:
                index = _COLUMNS.get(letters)
                if index is None:
                    index = _COLUMNS[letters] = column_index(letters.decode())
            else:  # no reference: the cell after the previous one
                index = len(cells)
                letters = column_letters(index).encode()
            if index > len(cells):
                cells.extend([""] * (index - len(cells)))
            if inline:
                if inline.startswith(b"<t>") and inline.count(b"<t") == 1:
                    text = _unescape(inline[3:-4])
                else:
                    text = "".join(_unescape(t.group(1) or b"") for t in _TEXT.finditer(inline))
            elif not value:
                if formula:
                    problems.append(f"{letters.decode()}{number}")
                text = ""
            elif b't="s"' in attrs:
                text = strings[int(value)]
            elif b't="' not in attrs or b't="n"' in attrs:
                style = _STYLE.search(attrs) if dates else None
                text = self._number(value.decode(), bool(style) and int(style.group(1)) in dates)
            elif b't="b"' in attrs:
                text = "1" if value.strip() == b"1" else "0"
            elif b't="d"' in attrs:  # an ISO 8601 date (strict files, some writers)
                raw = value.decode().strip()
                text = raw[:10] if raw[10:].strip("T0:.Z") == "" else raw.replace("T", " ")
            else:  # str (a formula's text), e (an error such as #N/A)
                text = _unescape(value)
            cells.append(text.strip())
        return cells

    def _number(self, raw: str, is_date: bool) -> str:
        number = float(raw)
        if is_date:
            base = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
            moment = base + dt.timedelta(days=number)
            return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(sep=" ")
        return str(int(number)) if number.is_integer() else raw

    def merged_ranges(self, name: str) -> list[str]:
        """Merged ranges of a sheet (listed after its rows; one decompressing pass, no parsing)."""
        found: set[str] = set()
        carry = b""
        with self.zip.open(self.sheets[name]) as stream:
            while piece := stream.read(CHUNK):
                data = carry + piece
                if b"mergeCell" in data:
                    found.update(r.decode() for r in _MERGE_ANY.findall(data))
                carry = data[-256:]
        return sorted(found, key=lambda r: _split_ref(r.split(":")[0]))


def column_letters(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA" (a spreadsheet column's letters)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _slow_cells(body: bytes) -> list[tuple[bytes, bytes, bytes, bytes, bytes]]:
    """The cells of one row as the fast pattern gives them — (column letters, attributes, formula,
    value, inline text) — whatever the attribute order or quotes; letters are empty without ``r``."""
    cells = []
    for cell in _CELL.finditer(body):
        attrs: dict[bytes, bytes] = {}
        for key, double, single in _CELL_ATTR.findall(cell.group(1)):
            attrs[key] = double if double or not single else single
        ref = attrs.pop(b"r", b"")
        letters = bytes(ch for ch in ref.upper() if 65 <= ch <= 90)
        rest = b"".join(b' %s="%s"' % (k, v) for k, v in attrs.items())
        inner = cell.group(2) or b""
        value = _VALUE.search(inner)
        inline = _INLINE.search(inner)
        formula = b"<f" if _FORMULA.search(inner) else b""
        cells.append((letters, rest, formula, value.group(1) if value else b"", inline.group(1) if inline else b""))
    return cells


def _stream_rows(stream: IO[bytes]) -> Iterator[bytes]:
    """Decompressed sheet data cut at row boundaries, SpreadsheetML's prefix (if any) taken off."""
    buffer = b""
    prefix: bytes | None = None
    end = b"</row>"
    while piece := stream.read(CHUNK):
        buffer += piece
        if prefix is None:
            prefix = main_prefix(buffer[:CHUNK])
            end = b"</" + prefix + b":row>" if prefix else b"</row>"
        cut = buffer.rfind(end)
        if cut < 0:
            continue
        cut += len(end)
        yield unprefix(buffer[:cut], prefix)
        buffer = buffer[cut:]
    if buffer:
        yield unprefix(buffer, prefix or b"")


def _stream_elements(stream: IO[bytes], name: bytes) -> Iterator[bytes]:
    """The contents of every ``<name>`` element (prefix taken off; ``b""`` for ``<name/>``), in order."""
    buffer = b""
    pattern: re.Pattern[bytes] | None = None
    prefix = b""
    while piece := stream.read(CHUNK):
        buffer += piece
        if pattern is None:
            prefix = main_prefix(buffer[:CHUNK])
            qualified = re.escape(prefix + b":" + name if prefix else name)
            pattern = re.compile(rb"<" + qualified + rb"(?:\s[^>]*?)?(?:/>|>(.*?)</" + qualified + rb">)", re.S)
        position = 0
        for match in pattern.finditer(buffer):
            yield unprefix(match.group(1) or b"", prefix)
            position = match.end()
        buffer = buffer[position:]

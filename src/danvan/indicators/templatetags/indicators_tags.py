"""Template filters for report figures in Vietnamese format, and the dashboard table's body."""

from html import escape
from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import get_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from danvan.indicators.narrative import figure_text, vn_number

register = template.Library()


@register.filter
def vn(value: Any) -> str:
    """1234567 → 1.234.567; None → —."""
    return vn_number(value)


@register.filter
def pct(value: Any) -> str:
    """81.84 → 81,84%; None → —."""
    return "—" if value is None else vn_number(value, 2) + "%"


@register.filter
def figure(value: Any, is_ratio: bool) -> str:
    return pct(value) if is_ratio else vn_number(value)


@register.filter
def signed(value: Any, is_ratio: bool = False) -> str:
    """+1.234 / −12 / ±0; ratios in percentage points."""
    if value is None:
        return ""
    text = vn_number(abs(value), 2 if is_ratio else 0)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{text}" + (" " + gettext("điểm %") if is_ratio else "")


@register.filter
def has_public_page(unit: Any) -> bool:
    """Whether a unit has a public page (a current province or commune)."""
    return not unit.is_legacy and unit.level in (1, 3)  # geo.choices.Level.PROVINCE, COMMUNE


def _localized(value: Any, separator: str) -> str:
    """``localize(value)`` as the template writes it, escaped; integers (most cells) without its
    per-call lookups (``separator``: the locale's thousands separator, escaped, or '' to use it)."""
    if type(value) is int:
        if -1000 < value < 1000:
            return str(value)
        if separator:
            return f"{value:,}".replace(",", separator)
    return escape(str(localize(value)))


def _separator() -> str:
    """The thousands separator ``_localized`` writes integers with (escaped); '' to leave it to ``localize``."""
    if not settings.USE_THOUSAND_SEPARATOR or get_format("NUMBER_GROUPING") != 3:
        return ""
    return escape(get_format("THOUSAND_SEPARATOR"))


class _Column:
    """One table column's fixed parts, escaped once per table (three thousand cells a page)."""

    def __init__(self, indicator: Any, link: tuple[str, str]) -> None:
        self.code = indicator.code
        self.is_ratio = indicator.is_ratio
        head, whole = link  # ``views.column_links``
        self.linked = bool(whole)
        self.head = _url_attribute(head)
        self.bare = _url_attribute(whole)
        self.opening = f' class="figure" data-indicator="{escape(self.code)}" data-unit="'


def _columns(columns: list[Any], links: list[tuple[str, str]]) -> list[_Column]:
    return [_Column(indicator, link) for indicator, link in zip(columns, links, strict=True)]


def _cells(cell: str, columns: list[_Column], values: dict[str, Any], tail: str | None, key: str,
           separator: str) -> str:
    """One row's figure cells (``<td>`` or ``<th>``), linked to their register lists (``tail``: the
    row's unit query, ``views.link_query``; None: no links)."""
    out = []
    dotted = separator == "."  # the locale writes integers as ``vn_number`` does
    tail = None if tail is None else _url_attribute(tail)
    for column in columns:
        value = values[column.code].value
        if dotted and type(value) is int and not column.is_ratio:
            shown = text = f"{value:,}".replace(",", ".")  # vn_number, inline: most cells
        else:
            shown = "" if value is None else _localized(value, separator)
            # Digits, separators, "%" and "—" only: nothing to escape.
            text = figure_text(column, value)
        if tail is None or not column.linked:
            out.append(f'<{cell}{column.opening}{key}" data-value="{shown}">{text}</{cell}>')
        else:
            href = column.head + tail if tail else column.bare
            out.append(f'<{cell}{column.opening}{key}" data-value="{shown}"><a href="{href}">{text}</a></{cell}>')
    return "".join(out)


def _url_attribute(url: str) -> str:
    """A list URL (``reverse`` and ``urlencode``: no quote, ``<`` or ``>`` left) escaped for a
    double-quoted attribute: its ``&``. Anything else goes through ``escape``."""
    if '"' in url or "<" in url or ">" in url:
        return escape(url)
    return url.replace("&", "&amp;")


@register.simple_tag
def dashboard_rows(rows: list[dict[str, Any]], columns: list[Any], links: list[tuple[str, str]],
                   query: str) -> SafeString:
    """The drill-down table's rows (``views._context``: each row's figures and list URLs), written in
    Python: a province's hundred communes by some thirty columns are three thousand cells, which the
    template engine took about 100 ms to render, more than building the report. Every value is
    escaped here."""
    separator = _separator()
    fixed = _columns(columns, links)
    drill = escape(reverse("indicators:dashboard") + "?unit=")
    tail = "&amp;" + escape(query)
    out = []
    for r in rows:
        row = r["row"]
        key, label = escape(str(row.key)), escape(str(row.label))
        name = f'<a class="drill" href="{drill}{key}{tail}" data-unit-link="{key}">{label}</a>' if r["drill"] else label
        cells = _cells("td", fixed, row.values, r["link_query"], key, separator)
        out.append(f'<tr class="dashboard-row" data-unit="{key}"><td class="unit-cell">{name}</td>{cells}</tr>')
    return mark_safe("\n".join(out))  # noqa: S308 -- every value above is escaped


@register.simple_tag
def dashboard_total(total: dict[str, Any], columns: list[Any], links: list[tuple[str, str]]) -> SafeString:
    """The table's total row: the unit's own figures, as ``dashboard_rows`` writes a row's."""
    key = escape(str(total["unit"].key))
    cells = _cells("th", _columns(columns, links), total["values"], total["link_query"], key, _separator())
    return mark_safe(cells)  # noqa: S308 -- escaped in _cells

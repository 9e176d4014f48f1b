"""Template helpers for the generic tables and detail pages."""

import datetime as dt
from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from danvan.web.generic import Column, resolve

register = template.Library()


@register.simple_tag
def cell(obj: Any, column: Column) -> str:
    """The column's value for ``obj``, formatted the Vietnamese way (1.234.567; 21/11/2026)."""
    value = resolve(obj, column.attr)
    if value is None or value == "":
        return "—"
    if column.choices is not None:
        return str(dict(column.choices.choices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if column.fmt == "raw":
        return str(value)
    if isinstance(value, dt.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


@register.simple_tag
def sort_param(column: Column, current: str) -> str:
    """The ``sort`` value a header link sets: ascending first, then toggles."""
    return f"-{column.sort}" if current == column.sort else column.sort


@register.filter
def sort_state(column: Column, current: str) -> str:
    if current == column.sort:
        return "ascending"
    if current == f"-{column.sort}":
        return "descending"
    return ""

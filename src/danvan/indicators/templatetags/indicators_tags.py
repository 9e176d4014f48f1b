"""Template filters for report figures in Vietnamese format."""

from typing import Any

from django import template
from django.utils.translation import gettext

from danvan.indicators.narrative import vn_number

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

"""The sign-off register, declared once (``core.registry``): list (unit, period, state filters),
detail with history and moves; read-only forms (sign-offs change only through their moves)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from danvan.core.registry import Column, Declaration, declare, register_shortcut

from . import views
from .api import SIGNOFF
from .filters import SignOffFilter
from .models import SignOff, SignOffState


def signoff_b(cast: Any) -> SignOff:
    """A sign-off of commune B (outside ``cast.editor_a``'s scope), for the scope walkers."""
    return SignOff.objects.get_or_create(
        unit=cast.commune_b, period="2026-01",
        defaults={"start": "2026-01-01", "end": "2026-01-31", "state": SignOffState.SUBMITTED,
                  "submitted_on": "2026-02-02"})[0]


declare(Declaration(
    model=SignOff, slug="signoffs", related=("unit",),
    columns=(
        Column(_("Đơn vị"), "unit.name", sort="unit", link=True),
        Column(_("Kỳ"), "period_label", sort="period"),
        Column(_("Trạng thái"), "get_state_display", sort="state"),
        Column(_("Ngày gửi"), "submitted_on", sort="submitted_on"),
        Column(_("Ngày phê duyệt"), "approved_on"),
    ),
    sort_fields={"unit": ("unit_path", "-start"), "period": ("-start", "unit_path"),
                 "state": ("state", "-start"), "submitted_on": ("-submitted_on",)},
    default_sort="period", search_fields=("unit__name_folded",),
    filterset=SignOffFilter,
    fields=(
        Column(_("Đơn vị"), "unit.name"),
        Column(_("Kỳ"), "period_label"),
        Column(_("Từ ngày"), "start"),
        Column(_("Đến ngày"), "end"),
        Column(_("Trạng thái"), "get_state_display"),
        Column(_("Ngày gửi"), "submitted_on"),
        Column(_("Ngày phê duyệt"), "approved_on"),
    ),
    detail_template="signoff/signoff_detail.html", detail_context=views.signoff_context,
    deletable=False, api=SIGNOFF,
    menu_label=_("Ký duyệt số liệu"), menu_order=95,
    out_of_scope=signoff_b,
))

register_shortcut(_("Gửi ký duyệt số liệu"), "signoff:signoff_submit",
                  visible=lambda user: views.submit_units(user).exists())

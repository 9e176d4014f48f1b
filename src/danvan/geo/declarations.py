"""Administrative units as a declared model: the tree pages are geo's own views (a unit is
browsed, not listed), the rest — menu, picker URL names, API, scope coverage — is derived."""

from django.utils.translation import gettext_lazy as _

from danvan.core.registry import Declaration, declare

from . import views
from .api import UNIT
from .models import AdminUnit

declare(Declaration(
    model=AdminUnit, slug="", url_stem="unit", lookup="key", deletable=False,
    api=UNIT,
    views={"list": views.UnitListView, "detail": views.UnitDetailView, "search": views.unit_search},
    search_fields=("name_folded", "key"),
    menu_label=_("Đơn vị hành chính"), menu_order=10,
    out_of_scope=lambda cast: cast.village_b1,
))

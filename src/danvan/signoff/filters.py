"""Filters of the sign-off list (unit subtree, period, state); the API list reuses them."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from danvan.geo.filters import ScopedFilterSet
from danvan.web.filters import SearchFilter, choice

from .models import SignOff, SignOffState


class SignOffFilter(ScopedFilterSet):
    q = SearchFilter(fields=("unit__name_folded",), label=_("Tên đơn vị"))
    period = filters.CharFilter(field_name="period", lookup_expr="iexact", label=_("Kỳ"))
    state = choice(SignOffState.choices, _("Trạng thái"))

    class Meta:
        model = SignOff
        fields = ["q", "unit", "period", "state"]

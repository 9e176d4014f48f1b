"""Filters of the exemplar list (the export and the API list reuse them)."""

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.geo.filters import ScopedFilterSet
from danvan.web.filters import YES_NO, SearchFilter, choice, yes_no

from .choices import ExemplarKind, Field, OrgKind, OwnerType, ReviewResult, State
from .models import Exemplar


class ExemplarFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded",), label=_("Tên mô hình"))
    field = choice(Field.choices, _("Lĩnh vực"))
    kind = choice(ExemplarKind.choices, _("Loại"))
    owner_type = choice(OwnerType.choices, _("Chủ thể"))
    state = choice(State.choices, _("Trạng thái"))
    review_result = choice(ReviewResult.choices, _("Kết quả sơ kết"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    public = yes_no(_("Công khai"), "public")
    active = filters.ChoiceFilter(choices=YES_NO, label=_("Chưa dừng thực hiện"), method="filter_active",
                                  empty_label=_("Tất cả"))
    replica = filters.ChoiceFilter(choices=YES_NO, label=_("Là mô hình nhân rộng"), method="filter_replica",
                                   empty_label=_("Tất cả"))
    origin = filters.NumberFilter(field_name="origin_id", widget=forms.HiddenInput)

    class Meta:
        model = Exemplar
        fields = ["q", "unit", "field", "kind", "owner_type", "state", "review_result", "org_kind", "public",
                  "active", "replica", "origin"]

    def filter_active(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "true":
            return queryset.exclude(state=State.STOPPED)
        return queryset.filter(state=State.STOPPED) if value == "false" else queryset

    def filter_replica(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value not in ("true", "false"):
            return queryset
        return queryset.filter(origin__isnull=value == "false")

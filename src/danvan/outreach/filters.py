"""Filters of the outreach lists (declared in declarations.py; the export and the API list reuse them)."""

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.geo.filters import ScopedFilterSet
from danvan.web.filters import YES_NO, SearchFilter, choice

from . import watch
from .models import Activity, ActivityKind, Mode, Plan, PlanTask, WatchRule


class FlaggedFilter(filters.ChoiceFilter):
    """"Bị cảnh báo": records the formalism watch flags (or, with "Không", those it does not)."""

    def __init__(self, select: object, **kwargs: object) -> None:
        self.select = select
        super().__init__(choices=YES_NO, label=_("Bị cảnh báo hình thức"), empty_label=_("Tất cả"), **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if value not in ("true", "false"):
            return qs
        flagged = self.select(qs.model.objects.all()).values("pk")
        return qs.filter(pk__in=flagged) if value == "true" else qs.exclude(pk__in=flagged)


class PlanFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded", "code"), label=_("Cơ quan, mã kế hoạch"))
    flagged = FlaggedFilter(watch.flagged_plans)
    active_on = filters.DateFilter(label=_("Đang thực hiện vào ngày"), method="filter_active",
                                   widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Plan
        fields = ["q", "unit", "flagged", "active_on"]

    def filter_active(self, qs: QuerySet, name: str, value: object) -> QuerySet:
        return qs.filter(start__lte=value, end__gte=value) if value else qs


class PlanTaskFilter(ScopedFilterSet):
    q = SearchFilter(fields=("plan__name_folded", "plan__code"), label=_("Cơ quan, mã kế hoạch"))
    kind = choice(ActivityKind.choices, _("Loại việc"))
    mode = choice(Mode.choices, _("Cách làm"))
    plan = filters.NumberFilter(field_name="plan_id", widget=forms.HiddenInput)

    class Meta:
        model = PlanTask
        fields = ["q", "unit", "kind", "mode", "plan"]


class ActivityFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded", "code"), label=_("Nội dung, mã hoạt động"))
    kind = choice(ActivityKind.choices, _("Loại việc"))
    mode = choice(Mode.choices, _("Cách làm"))
    flagged = FlaggedFilter(watch.flagged_activities)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("Từ ngày"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Đến ngày"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    plan = filters.NumberFilter(field_name="plan_id", widget=forms.HiddenInput)

    class Meta:
        model = Activity
        fields = ["q", "unit", "kind", "mode", "flagged", "date_from", "date_to", "plan"]


class WatchRuleFilter(ScopedFilterSet):
    q = SearchFilter(fields=("unit__name_folded",), label=_("Đơn vị"))

    class Meta:
        model = WatchRule
        fields = ["q", "unit"]

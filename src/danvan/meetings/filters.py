"""Filters of the meetings lists (declared in declarations.py; the export and the API list reuse them).

The filter names are a contract: the indicators link report cells to lists with them (``level``,
``attended``, ``month``, ``year``, ``cadre``, ``branch`` on visits; ``month``, ``year``, ``branch`` on
meetings; ``level``, ``has_account`` on cadres; ``active_on``, ``level`` on assignments).
"""

import datetime as dt
from typing import Any

import django_filters as filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.geo.filters import ScopedFilterSet
from danvan.web.filters import YES_NO, SearchFilter, choice, yes_no

from .choices import CadreLevel, OrgKind, RulePeriod
from .models import Assignment, Cadre, Meeting, Schedule, ScheduleException, Visit, VisitRule

MIN_YEAR, MAX_YEAR = 2000, 2100
MONTH_PATTERN = r"^(20\d\d|2100)-(0[1-9]|1[0-2])$"


class MonthFilter(filters.CharFilter):
    """A month ``YYYY-MM`` of a date field; any other value is refused with a Vietnamese message."""

    def __init__(self, field_name: str, label: Any) -> None:
        super().__init__(field_name=field_name, label=label, max_length=7,
                         validators=[RegexValidator(MONTH_PATTERN, _("Tháng ghi theo dạng NNNN-TT, ví dụ 2026-03."))],
                         widget=forms.TextInput(attrs={"type": "month"}))

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        year, month = (int(part) for part in value.split("-"))
        return qs.filter(**{f"{self.field_name}__year": year, f"{self.field_name}__month": month})


class YearFilter(filters.NumberFilter):
    """A year (2000–2100) of a date field."""

    field_class = forms.IntegerField

    def __init__(self, field_name: str, label: Any) -> None:
        super().__init__(field_name=field_name, label=label, min_value=MIN_YEAR, max_value=MAX_YEAR)


def active_on(qs: QuerySet, day: dt.date) -> QuerySet:
    """Assignments valid on ``day``: started on or before it, not ended before it."""
    return qs.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)


def _id_filter(field_name: str) -> filters.NumberFilter:
    return filters.NumberFilter(field_name=field_name, widget=forms.HiddenInput)


class VisitRuleFilter(ScopedFilterSet):
    q = SearchFilter(fields=("source",), label=_("Căn cứ"))
    level = choice(CadreLevel.choices, _("Cấp cán bộ"))
    period = choice(RulePeriod.choices, _("Trong"))

    class Meta:
        model = VisitRule
        fields = ["q", "unit", "level", "period"]


class CadreFilter(ScopedFilterSet):
    q = SearchFilter(fields=("person__name_folded", "person__code", "position"), label=_("Tên, mã cán bộ, chức vụ"))
    level = choice(CadreLevel.choices, _("Cấp"))
    has_account = filters.ChoiceFilter(choices=YES_NO, label=_("Có tài khoản đăng nhập"), method="filter_account",
                                       empty_label=_("Tất cả"))

    class Meta:
        model = Cadre
        fields = ["q", "unit", "level", "has_account"]

    def filter_account(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if value in ("true", "false"):
            return qs.filter(account__isnull=value == "false")
        return qs


class AssignmentFilter(ScopedFilterSet):
    q = SearchFilter(fields=("cadre__person__name_folded", "committee"), label=_("Tên cán bộ, cấp ủy phân công"))
    level = choice(CadreLevel.choices, _("Cấp cán bộ"), field_name="cadre__level")
    active_on = filters.DateFilter(label=_("Còn hiệu lực ngày"), method="filter_active",
                                   widget=forms.DateInput(attrs={"type": "date"}))
    cadre = _id_filter("cadre_id")

    class Meta:
        model = Assignment
        fields = ["q", "unit", "level", "active_on", "cadre"]

    def filter_active(self, qs: QuerySet, name: str, value: dt.date | None) -> QuerySet:
        return qs if value is None else active_on(qs, value)


class ScheduleFilter(ScopedFilterSet):
    q = SearchFilter(fields=("branch__name", "branch__code"), label=_("Tên, mã chi hội"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    branch = _id_filter("branch_id")

    class Meta:
        model = Schedule
        fields = ["q", "unit", "org_kind", "branch"]


class ScheduleExceptionFilter(ScopedFilterSet):
    q = SearchFilter(fields=("schedule__branch__name", "reason"), label=_("Chi hội, lý do"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    month = MonthFilter("date", _("Tháng (NNNN-TT)"))
    schedule = _id_filter("schedule_id")

    class Meta:
        model = ScheduleException
        fields = ["q", "unit", "org_kind", "month", "schedule"]


class MeetingFilter(ScopedFilterSet):
    q = SearchFilter(fields=("branch__name", "topics"), label=_("Chi hội, chuyên đề"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    month = MonthFilter("date", _("Tháng (NNNN-TT)"))
    year = YearFilter("date__year", _("Năm"))
    branch = _id_filter("branch_id")

    class Meta:
        model = Meeting
        fields = ["q", "unit", "org_kind", "month", "year", "branch"]


class VisitFilter(ScopedFilterSet):
    q = SearchFilter(fields=("cadre__person__name_folded", "branch__name"), label=_("Tên cán bộ, chi hội"))
    level = choice(CadreLevel.choices, _("Cấp cán bộ"), field_name="cadre_level")
    attended = yes_no(_("Đã dự"), "attended")
    org_kind = choice(OrgKind.choices, _("Loại tổ chức của chi hội"))
    month = MonthFilter("date", _("Tháng (NNNN-TT)"))
    year = YearFilter("date__year", _("Năm"))
    cadre = _id_filter("cadre_id")
    branch = _id_filter("branch_id")

    class Meta:
        model = Visit
        fields = ["q", "unit", "level", "attended", "org_kind", "month", "year", "cadre", "branch"]

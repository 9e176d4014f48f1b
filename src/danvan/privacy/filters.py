"""Filters of the personal-data registers (the export and the API list reuse them). ``overdue``
is the overdue list of requests and breaches."""

import django_filters as filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.geo.filters import ScopedFilterSet
from danvan.web.filters import YES_NO, SearchFilter, choice, yes_no

from .choices import OPEN_REQUEST_STATES, BasisKind, BasisSource, RequestKind, RequestState
from .models import Breach, DataRequest, LegalBasis


def overdue_filter(label: object) -> filters.ChoiceFilter:
    return filters.ChoiceFilter(choices=YES_NO, label=label, method="filter_overdue", empty_label=_("Tất cả"))


class LegalBasisFilter(ScopedFilterSet):
    q = SearchFilter(fields=("person__name_folded", "person__code"), label=_("Tên, mã cá nhân"))
    kind = choice(BasisKind.choices, _("Căn cứ xử lý"))
    source = choice(BasisSource.choices, _("Nguồn, chứng cứ"))
    active = filters.ChoiceFilter(choices=YES_NO, label=_("Còn hiệu lực"), method="filter_active",
                                  empty_label=_("Tất cả"))
    person = filters.NumberFilter(field_name="person_id", widget=forms.HiddenInput)

    class Meta:
        model = LegalBasis
        fields = ["q", "unit", "kind", "source", "active", "person"]

    def filter_active(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value not in ("true", "false"):
            return queryset
        return queryset.filter(withdrawn_on__isnull=value == "true")


def overdue_requests(today: object = None) -> Q:
    """Open requests past their (extended) due day, or unacknowledged past the acknowledgement day."""
    today = today or timezone.localdate()
    late = Q(extended_to__isnull=True, due__lt=today) | Q(extended_to__lt=today)
    return Q(state__in=OPEN_REQUEST_STATES) & (late | Q(state=RequestState.RECEIVED, acknowledge_by__lt=today))


class DataRequestFilter(ScopedFilterSet):
    q = SearchFilter(fields=("requester", "person__name_folded"), label=_("Người yêu cầu"))
    kind = choice(RequestKind.choices, _("Loại yêu cầu"))
    state = choice(RequestState.choices, _("Trạng thái"))
    overdue = overdue_filter(_("Quá hạn"))

    class Meta:
        model = DataRequest
        fields = ["q", "unit", "kind", "state", "overdue"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "true":
            return queryset.filter(overdue_requests())
        return queryset.exclude(overdue_requests()) if value == "false" else queryset


def overdue_breaches(now: object = None) -> Q:
    """Not notified 72 hours after discovery, or notified late (``notify_deadline`` is stored)."""
    now = now or timezone.now()
    return Q(notified_at__isnull=True, notify_deadline__lt=now) | Q(notified_at__gt=F("notify_deadline"))


class BreachFilter(ScopedFilterSet):
    q = SearchFilter(fields=("title",), label=_("Tóm tắt"))
    sensitive = yes_no(_("Có dữ liệu nhạy cảm"), "sensitive")
    notified = filters.ChoiceFilter(choices=YES_NO, label=_("Đã thông báo"), method="filter_notified",
                                    empty_label=_("Tất cả"))
    overdue = overdue_filter(_("Quá hạn 72 giờ"))

    class Meta:
        model = Breach
        fields = ["q", "unit", "sensitive", "notified", "overdue"]

    def filter_notified(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value not in ("true", "false"):
            return queryset
        return queryset.filter(notified_at__isnull=value == "false")

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "true":
            return queryset.filter(overdue_breaches())
        return queryset.exclude(overdue_breaches()) if value == "false" else queryset

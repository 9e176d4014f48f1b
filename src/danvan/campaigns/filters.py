"""Filters of the campaigns lists (declared in declarations.py; the export and the API list reuse them).

The filter names are a contract: the indicators link report cells to lists with them (``kind``,
``house_kind``, ``state``, ``org_kind``, ``campaign``, ``handed_over_year``, ``public`` on works;
``work``, ``campaign``, ``contributor_type``, ``org_kind``, ``year``, ``has_cash``, ``has_labor``,
``has_land`` on contributions; ``year``, ``org_kind``, ``exited`` on poverty help; ``form``,
``issuer_level``, ``recipient_type``, ``org_kind``, ``year`` on commendations).
"""

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.geo.filters import ScopedFilterSet
from danvan.people.choices import PovertyStatus
from danvan.people.models import HouseholdPoverty
from danvan.web.filters import YES_NO, SearchFilter, choice, yes_no

from .choices import (
    CampaignKind,
    CommendationForm,
    ContributorType,
    HouseKind,
    IssuerLevel,
    OrgKind,
    RecipientType,
    WorkKind,
    WorkState,
)
from .models import (
    Campaign,
    Commendation,
    Contribution,
    PovertyHelp,
    Trainee,
    TrainingCourse,
    VillageDecision,
    Work,
)

MIN_YEAR, MAX_YEAR = 2000, 2100
POOR = (PovertyStatus.POOR, PovertyStatus.NEAR_POOR)


class YearFilter(filters.NumberFilter):
    """A year (2000–2100) of a date field (``day__year``) or a year field; other values are refused."""

    field_class = forms.IntegerField

    def __init__(self, field_name: str, label: Any) -> None:
        super().__init__(field_name=field_name, label=label, min_value=MIN_YEAR, max_value=MAX_YEAR)


class PositiveFilter(filters.ChoiceFilter):
    """"Có" (the amount is above 0) / "Không" (it is 0) / "Tất cả"."""

    def __init__(self, field_name: str, label: Any) -> None:
        super().__init__(choices=YES_NO, label=label, field_name=field_name, empty_label=_("Tất cả"))

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if value == "true":
            return qs.filter(**{f"{self.field_name}__gt": 0})
        return qs.filter(**{self.field_name: 0}) if value == "false" else qs


def _reviews(years_back: int, statuses: Any) -> Exists:
    return Exists(HouseholdPoverty.objects.filter(
        household_id=OuterRef("household_id"), year=OuterRef("year") + years_back, status__in=statuses))


def exited() -> Q:
    """Poverty help whose household's reviews show the exit in its year: poor or near-poor in the
    review of ``year - 1``, not poor in the review of ``year``, and not poor again in the review of
    ``year + 1`` when there is one (an exit undone by the next review does not count)."""
    return _reviews(-1, POOR) & _reviews(0, [PovertyStatus.NONE]) & ~_reviews(1, POOR)


def _id_filter(field_name: str) -> filters.NumberFilter:
    return filters.NumberFilter(field_name=field_name, widget=forms.HiddenInput)


class CampaignFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded", "code"), label=_("Tên, mã phong trào"))
    kind = choice(CampaignKind.choices, _("Loại"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))

    class Meta:
        model = Campaign
        fields = ["q", "unit", "kind", "org_kind"]


class WorkFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded", "code"), label=_("Tên, mã công trình"))
    kind = choice(WorkKind.choices, _("Loại"))
    house_kind = choice(HouseKind.choices, _("Loại nhà"))
    state = choice(WorkState.choices, _("Trạng thái"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    handed_over_year = YearFilter("handed_over__year", _("Năm bàn giao"))
    public = yes_no(_("Công khai"), "public")
    campaign = _id_filter("campaign_id")

    class Meta:
        model = Work
        fields = ["q", "unit", "kind", "house_kind", "state", "org_kind", "handed_over_year", "public", "campaign"]


class VillageDecisionFilter(ScopedFilterSet):
    q = SearchFilter(fields=("subject",), label=_("Nội dung quyết định"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    year = YearFilter("day__year", _("Năm họp"))
    work = _id_filter("work_id")
    campaign = _id_filter("campaign_id")

    class Meta:
        model = VillageDecision
        fields = ["q", "unit", "org_kind", "year", "work", "campaign"]


class ContributionFilter(ScopedFilterSet):
    q = SearchFilter(fields=("collective_name", "note"), label=_("Tên tập thể, ghi chú"))
    contributor_type = choice(ContributorType.choices, _("Người đóng góp"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    year = YearFilter("day__year", _("Năm đóng góp"))
    has_cash = PositiveFilter("cash_vnd", _("Có đóng góp tiền"))
    has_labor = PositiveFilter("labor_days", _("Có đóng góp ngày công"))
    has_land = PositiveFilter("land_m2", _("Có hiến đất"))
    work = _id_filter("work_id")
    campaign = _id_filter("campaign_id")

    class Meta:
        model = Contribution
        fields = ["q", "unit", "contributor_type", "org_kind", "year", "has_cash", "has_labor", "has_land", "work",
                  "campaign"]


class PovertyHelpFilter(ScopedFilterSet):
    q = SearchFilter(fields=("household__name_folded", "household__code"), label=_("Chủ hộ, mã hộ"))
    year = YearFilter("year", _("Năm thoát nghèo"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    exited = filters.ChoiceFilter(choices=YES_NO, label=_("Đã thoát nghèo theo rà soát"), method="filter_exited",
                                  empty_label=_("Tất cả"))

    class Meta:
        model = PovertyHelp
        fields = ["q", "unit", "year", "org_kind", "exited"]

    def filter_exited(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if value == "true":
            return qs.filter(exited())
        return qs.exclude(exited()) if value == "false" else qs


class TrainingCourseFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded", "code"), label=_("Chủ đề, mã lớp"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    year = YearFilter("start__year", _("Năm mở lớp"))

    class Meta:
        model = TrainingCourse
        fields = ["q", "unit", "org_kind", "year"]


class TraineeFilter(ScopedFilterSet):
    q = SearchFilter(fields=("person__name_folded", "person__code"), label=_("Tên học viên"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    course = _id_filter("course_id")

    class Meta:
        model = Trainee
        fields = ["q", "unit", "org_kind", "course"]


class CommendationFilter(ScopedFilterSet):
    q = SearchFilter(fields=("collective_name", "person__name_folded", "issuer", "decision_no"),
                     label=_("Tập thể, cá nhân, cơ quan khen"))
    form = choice(CommendationForm.choices, _("Hình thức"))
    issuer_level = choice(IssuerLevel.choices, _("Cấp khen"))
    recipient_type = choice(RecipientType.choices, _("Đối tượng"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    year = YearFilter("day__year", _("Năm khen thưởng"))
    campaign = _id_filter("campaign_id")

    class Meta:
        model = Commendation
        fields = ["q", "unit", "form", "issuer_level", "recipient_type", "org_kind", "year", "campaign"]

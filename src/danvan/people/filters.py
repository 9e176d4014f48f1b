"""Filters of the register lists (declared in declarations.py; the export and the API list reuse them)."""

import django_filters as filters
from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from danvan.geo.filters import ScopedFilterSet
from danvan.web.filters import SearchFilter, choice, yes_no

from .choices import BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex
from .models import Branch, Household, HouseholdPoverty, Membership, Organization, Person


class OrganizationFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded", "code"))
    kind = choice(OrgKind.choices, _("Loại tổ chức"))
    level = choice(OrgLevel.choices, _("Cấp"))

    class Meta:
        model = Organization
        fields = ["q", "unit", "kind", "level"]


class BranchFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded", "code"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    kind = choice(BranchKind.choices, _("Loại chi hội"))
    organization = filters.NumberFilter(field_name="organization_id", widget=forms.HiddenInput)

    class Meta:
        model = Branch
        fields = ["q", "unit", "org_kind", "kind", "organization"]


class PersonFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded", "code"))
    sex = choice(Sex.choices, _("Giới tính"))
    is_cadre = yes_no(_("Là cán bộ"), "is_cadre")
    household = filters.NumberFilter(field_name="household_id", widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = ["q", "unit", "sex", "is_cadre", "household"]


class MembershipFilter(ScopedFilterSet):
    q = SearchFilter(fields=("person__name_folded",), label=_("Tên hội viên"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))
    attends_regularly = yes_no(_("Sinh hoạt thường xuyên"), "attends_regularly")
    active = yes_no(_("Đang sinh hoạt (chưa ra)"), "left__isnull")
    sex = choice(Sex.choices, _("Giới tính"), field_name="person__sex")
    branch = filters.NumberFilter(field_name="branch_id", widget=forms.HiddenInput)
    person = filters.NumberFilter(field_name="person_id", widget=forms.HiddenInput)

    class Meta:
        model = Membership
        fields = ["q", "unit", "org_kind", "attends_regularly", "active", "sex", "branch", "person"]


def latest_poverty() -> Subquery:
    """The household's status in its most recent review year."""
    return Subquery(
        HouseholdPoverty.objects.filter(household=OuterRef("pk")).order_by("-year").values("status")[:1]
    )


class HouseholdFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded", "code"), label=_("Chủ hộ, mã hộ"))
    poverty = filters.ChoiceFilter(
        choices=PovertyStatus.choices, label=_("Tình trạng nghèo (năm gần nhất)"), method="filter_poverty",
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = Household
        fields = ["q", "unit", "poverty"]

    def filter_poverty(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        return qs.alias(latest_status=latest_poverty()).filter(latest_status=value)

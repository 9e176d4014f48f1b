"""Filters of the register lists, reused by the exports so a file holds exactly the filtered list.

Usage everywhere: ``FS(request.GET, queryset=Model.objects.visible_to(user), request=request).qs``.
"""

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from danvan.core.text import fold
from danvan.geo.models import AdminUnit
from danvan.web.forms import SearchPicker

from .choices import BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex
from .models import Branch, Household, HouseholdPoverty, Membership, Organization, Person

YES_NO = [("true", _("Có")), ("false", _("Không"))]


class UnitKeyField(forms.CharField):
    """A unit key typed or chosen with the unit picker; shows the unit's name when it exists."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", SearchPicker("geo:unit_search"))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if value:
            unit = AdminUnit.objects.filter(key=value).only("name", "key").first()
            if unit is not None:
                self.widget.labels[str(value)] = f"{unit.name} ({unit.key})"
        return value


class UnitFilter(filters.CharFilter):
    """Records in the subtree of a unit the user may see (by unit key)."""

    field_class = UnitKeyField

    def __init__(self, path_field: str = "unit_path", **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Đơn vị"))
        self.path_field = path_field
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        user = getattr(self.parent.request, "user", None)
        unit = AdminUnit.objects.visible_to(user).filter(key=value.strip()).only("path").first()
        if unit is None:
            return qs.none()
        return qs.filter(**{f"{self.path_field}__startswith": unit.path})


class SearchFilter(filters.CharFilter):
    """Accent-insensitive text search on a stored folded name: "dang thi anh" finds "Đặng Thị Ánh"."""

    def __init__(self, fields: tuple[str, ...] = ("name_folded",), **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Tìm kiếm"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search", "placeholder": _("Tên, mã… (không cần dấu)")}))
        self.search_fields = fields
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        folded = fold(value or "")
        if not folded:
            return qs
        condition = None
        for name in self.search_fields:
            term = folded if name.endswith("folded") else value.strip()
            q = Q(**{f"{name}__contains": term})
            condition = q if condition is None else condition | q
        return qs.filter(condition)


def choice(choices: Any, label: Any, field_name: str | None = None) -> filters.ChoiceFilter:
    return filters.ChoiceFilter(choices=choices, label=label, field_name=field_name, empty_label=_("Tất cả"))


class YesNoFilter(filters.ChoiceFilter):
    """"Có" / "Không" / "Tất cả" on a boolean field."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("Tất cả"))
        super().__init__(choices=YES_NO, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if value not in ("true", "false"):
            return qs
        return qs.filter(**{self.field_name: value == "true"})


def yes_no(label: Any, field_name: str) -> YesNoFilter:
    return YesNoFilter(label=label, field_name=field_name)


class ScopedFilterSet(filters.FilterSet):
    q = SearchFilter()
    unit = UnitFilter()


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


FILTERSETS: dict[str, type[filters.FilterSet]] = {
    "organizations": OrganizationFilter,
    "branches": BranchFilter,
    "people": PersonFilter,
    "members": MembershipFilter,
    "households": HouseholdFilter,
}

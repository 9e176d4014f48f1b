"""The registers of this app, each declared once: the platform derives pages, menu, picker, export
filter, API and scope-test coverage from these (``core.registry``)."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.accounts.choices import sees_sensitive_data
from danvan.core.registry import Column, Declaration, Picker, declare

from . import views
from .api import BRANCH, HOUSEHOLD, MEMBERSHIP, ORGANIZATION, PERSON, log_sensitive_access
from .choices import PovertyStatus, Sex
from .filters import (
    BranchFilter,
    HouseholdFilter,
    MembershipFilter,
    OrganizationFilter,
    PersonFilter,
    latest_poverty,
)
from .forms import BranchForm, HouseholdForm, MembershipForm, OrganizationForm, PersonForm
from .models import Branch, Household, HouseholdPoverty, Membership, Organization, Person

UNIT = Column(_("Đơn vị"), "unit.name", sort="unit")
CREATED = Column(_("Tạo lúc"), "created")
UPDATED = Column(_("Cập nhật lúc"), "updated")


def _coded(obj: Any) -> str:
    return f"{obj} ({obj.code})"


# ---------------------------------------------------------------- out-of-scope instances (scope tests)
# ``cast`` is the test cast (danvan.testing): commune B and its village B1 lie outside editor_a's scope.
def person_b(cast: Any) -> Person:
    return Person.objects.get_or_create(
        code="NGOAI-P1",
        defaults={"unit": cast.village_b1, "full_name": "Phạm Thị Ngoại Phạm", "sex": Sex.FEMALE,
                  "birth_year": 1970, "phone": "0909000111"},
    )[0]


def _household_b(cast: Any) -> Household:
    household, created = Household.objects.get_or_create(
        code="NGOAI-H1", unit=cast.village_b1, defaults={"head_name": "Võ Văn Ngoại Phạm", "size": 3}
    )
    if created:
        HouseholdPoverty.objects.create(household=household, year=2025, status=PovertyStatus.POOR)
    return household


def _membership_b(cast: Any) -> Membership:
    return Membership.objects.get_or_create(person=person_b(cast), branch=cast.branch_b1)[0]


# What apps above ``people`` add to a person's page, each ``(request, person) → context`` (the
# privacy app: the person's legal bases and data-subject requests).
PERSON_PAGE_EXTRAS: list[Callable[[Any, Person], dict[str, Any]]] = []


def _person_context(request: Any, obj: Person) -> dict[str, Any]:
    """The person's page: memberships, what other apps add, and its view logged when it shows
    sensitive data (Law 91/2025/QH15)."""
    if request.user.sees_personal_data() and sees_sensitive_data(request.user):
        log_sensitive_access(request.user, obj, _("trang chi tiết"))
    context = views.person_context(request, obj)
    for extra in PERSON_PAGE_EXTRAS:
        context |= extra(request, obj)
    return context


# ---------------------------------------------------------------- organizations
declare(Declaration(
    model=Organization, slug="organizations", related=("unit", "parent"),
    api=ORGANIZATION,
    columns=(
        Column(_("Tên tổ chức"), "name", sort="name", link=True),
        Column(_("Mã"), "code", sort="code", fmt="raw"),
        Column(_("Loại"), "get_kind_display", sort="kind"),
        Column(_("Cấp"), "get_level_display"),
        UNIT,
        Column(_("Trực thuộc"), "parent.name"),
    ),
    sort_fields={"name": ("name_sort",), "code": ("code",), "kind": ("kind", "name_sort"),
                 "unit": ("unit_path", "name_sort")},
    filterset=OrganizationFilter, search_fields=("name_folded", "code"),
    fields=(
        Column(_("Mã"), "code", fmt="raw"),
        Column(_("Loại tổ chức"), "get_kind_display"),
        Column(_("Cấp"), "get_level_display"),
        UNIT,
        Column(_("Trực thuộc"), "parent.name"),
        Column(_("Hoạt động từ"), "valid_from"),
        Column(_("Hoạt động đến"), "valid_to"),
        CREATED,
        UPDATED,
    ),
    detail_template="people/organization_detail.html", detail_context=views.organization_context,
    form=OrganizationForm, picker=Picker(label=_coded), import_kind="organizations",
    menu_label=pgettext_lazy("plural", "Tổ chức"), menu_order=20,
    out_of_scope=lambda cast: cast.org_women_b,
))

# ---------------------------------------------------------------- branches
declare(Declaration(
    model=Branch, slug="branches", related=("unit", "organization"),
    api=BRANCH,
    columns=(
        Column(_("Tên chi hội"), "name", sort="name", link=True),
        Column(_("Mã"), "code", sort="code", fmt="raw"),
        Column(_("Loại"), "get_kind_display"),
        Column(_("Tổ chức"), "organization.name"),
        Column(_("Thôn, ấp"), "unit.name", sort="unit"),
        Column(_("Thành lập"), "founded", sort="founded"),
    ),
    sort_fields={"name": ("name_sort",), "code": ("code",), "unit": ("unit_path", "name_sort"),
                 "founded": ("founded",)},
    filterset=BranchFilter, search_fields=("name_folded", "code"),
    fields=(
        Column(_("Mã"), "code", fmt="raw"),
        Column(_("Loại"), "get_kind_display"),
        Column(_("Tổ chức"), "organization.name"),
        Column(_("Loại tổ chức"), "get_org_kind_display"),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Thành lập"), "founded"),
        Column(_("Giải thể"), "dissolved"),
        CREATED,
        UPDATED,
    ),
    detail_template="people/branch_detail.html", detail_context=views.branch_context,
    form=BranchForm, picker=Picker(label=_coded), import_kind="branches",
    menu_label=pgettext_lazy("plural", "Chi hội"), menu_order=30,
    out_of_scope=lambda cast: cast.branch_b1,
))

# ---------------------------------------------------------------- people
declare(Declaration(
    model=Person, slug="people", related=("unit", "household"),
    api=PERSON,
    columns=(
        Column(_("Họ và tên"), "full_name", sort="name", link=True),
        Column(_("Mã"), "code", sort="code", fmt="raw"),
        Column(_("Giới tính"), "get_sex_display", sort="sex"),
        Column(_("Năm sinh"), "birth_year", sort="birth_year", fmt="raw", personal=True),
        Column(_("Thôn, ấp"), "unit.name", sort="unit"),
        Column(_("Hộ gia đình"), "household.code", fmt="raw"),
        Column(_("Cán bộ"), "is_cadre"),
    ),
    sort_fields={"name": ("name_sort",), "code": ("code",), "sex": ("sex", "name_sort"),
                 "unit": ("unit_path", "name_sort"), "birth_year": ("birth_year",)},
    filterset=PersonFilter, search_fields=("name_folded", "code"),
    fields=(
        Column(_("Mã"), "code", fmt="raw"),
        Column(_("Giới tính"), "get_sex_display"),
        Column(_("Năm sinh"), "birth_year", fmt="raw", personal=True),
        Column(_("Dân tộc"), "ethnicity", personal=sees_sensitive_data),
        Column(_("Là đảng viên"), "party_member", personal=sees_sensitive_data),
        Column(_("Số điện thoại"), "phone", fmt="raw", personal=True),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Hộ gia đình"), "household"),
        Column(_("Là cán bộ"), "is_cadre"),
        CREATED,
        UPDATED,
    ),
    detail_template="people/person_detail.html", detail_context=_person_context,
    form=PersonForm, picker=Picker(label=_coded),
    menu_label=pgettext_lazy("plural", "Cá nhân"), menu_order=40,
    out_of_scope=person_b,
))

# ---------------------------------------------------------------- memberships
declare(Declaration(
    model=Membership, slug="members", related=("person", "branch", "branch__unit"),
    api=MEMBERSHIP,
    columns=(
        Column(_("Hội viên"), "person.full_name", sort="name", link=True),
        Column(_("Chi hội"), "branch.name"),
        Column(_("Loại tổ chức"), "get_org_kind_display", sort="org_kind"),
        Column(_("Thôn, ấp"), "branch.unit.name", sort="unit"),
        Column(_("Ngày vào"), "joined", sort="joined"),
        Column(_("Ngày ra"), "left", sort="left"),
        Column(_("Sinh hoạt thường xuyên"), "attends_regularly"),
    ),
    # Village, then member name: served by the unit_path index with a small per-village sort;
    # a province-wide sort by name needs a full sort of the joined rows (about a second at 300,000).
    default_sort="unit",
    sort_fields={"name": ("person__name_sort",), "org_kind": ("org_kind",),
                 "unit": ("unit_path", "person__name_sort"), "joined": ("joined",), "left": ("left",)},
    filterset=MembershipFilter, search_fields=("person__name_folded",),
    fields=(
        Column(_("Hội viên"), "person.full_name"),
        Column(_("Chi hội"), "branch.name"),
        Column(_("Loại tổ chức"), "get_org_kind_display"),
        Column(_("Thôn, ấp"), "branch.unit.name"),
        Column(_("Ngày vào"), "joined"),
        Column(_("Ngày ra"), "left"),
        Column(_("Sinh hoạt thường xuyên"), "attends_regularly"),
        CREATED,
        UPDATED,
    ),
    form=MembershipForm, initial_from_query=("person", "branch"), import_kind="members",
    menu_label=pgettext_lazy("plural", "Hội viên"), menu_order=50,
    out_of_scope=_membership_b,
))

# ---------------------------------------------------------------- households
declare(Declaration(
    model=Household, slug="households", related=("unit",),
    api=HOUSEHOLD,
    queryset=lambda qs: qs.annotate(latest_poverty=latest_poverty()),
    columns=(
        Column(_("Chủ hộ"), "head_name", sort="name", link=True),
        Column(_("Mã hộ"), "code", sort="code", fmt="raw"),
        Column(_("Thôn, ấp"), "unit.name", sort="unit"),
        Column(_("Số nhân khẩu"), "size", sort="size"),
        Column(_("Tình trạng nghèo"), "latest_poverty", choices=PovertyStatus),
    ),
    sort_fields={"name": ("name_sort",), "code": ("code",), "unit": ("unit_path", "name_sort"), "size": ("size",)},
    filterset=HouseholdFilter, search_fields=("name_folded", "code"),
    fields=(
        Column(_("Mã hộ"), "code", fmt="raw"),
        Column(_("Chủ hộ"), "head_name"),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Địa chỉ"), "address"),
        Column(_("Số nhân khẩu"), "size"),
        CREATED,
        UPDATED,
    ),
    detail_template="people/household_detail.html", detail_context=views.household_context,
    form=HouseholdForm, after_save=views.save_household_poverty, picker=Picker(),
    import_kind="households",
    menu_label=pgettext_lazy("plural", "Hộ gia đình"), menu_order=60,
    out_of_scope=_household_b,
))

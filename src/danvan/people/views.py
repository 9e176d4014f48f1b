"""Register pages: each view declares only its model, columns, filters and form."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from danvan.core import audit
from danvan.core.services import save_record
from danvan.core.text import fold
from danvan.web.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .choices import PovertyStatus
from .filters import (
    BranchFilter,
    HouseholdFilter,
    MembershipFilter,
    OrganizationFilter,
    PersonFilter,
    latest_poverty,
)
from .forms import BranchForm, HouseholdForm, MembershipForm, OrganizationForm, PersonForm
from .models import Branch, Household, Membership, Organization, Person

SEARCH_LIMIT = 20

UNIT = Column(_("Đơn vị"), "unit.name", sort="unit")
CREATED = Column(_("Tạo lúc"), "created")
UPDATED = Column(_("Cập nhật lúc"), "updated")


# ---------------------------------------------------------------- organizations
class OrganizationMixin:
    model = Organization
    related = ("unit", "parent")


class OrganizationListView(OrganizationMixin, ObjectListView):
    filterset = OrganizationFilter
    export_kind = "organizations"
    columns = (
        Column(_("Tên tổ chức"), "name", sort="name", link=True),
        Column(_("Mã"), "code", sort="code", fmt="raw"),
        Column(_("Loại"), "get_kind_display", sort="kind"),
        Column(_("Cấp"), "get_level_display"),
        UNIT,
        Column(_("Trực thuộc"), "parent.name"),
    )
    sort_fields = {"name": ("name_sort",), "code": ("code",), "kind": ("kind", "name_sort"), "unit": ("unit_path", "name_sort")}


ORGANIZATION_FIELDS = (
    Column(_("Mã"), "code", fmt="raw"),
    Column(_("Loại tổ chức"), "get_kind_display"),
    Column(_("Cấp"), "get_level_display"),
    UNIT,
    Column(_("Trực thuộc"), "parent.name"),
    Column(_("Hoạt động từ"), "valid_from"),
    Column(_("Hoạt động đến"), "valid_to"),
    CREATED,
    UPDATED,
)


class OrganizationDetailView(OrganizationMixin, ObjectDetailView):
    fields = ORGANIZATION_FIELDS
    template_name = "people/organization_detail.html"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        branches = Branch.objects.visible_to(request.user).filter(organization=obj).select_related("unit")
        return {
            "branches": branches.order_by("name_sort")[:100],
            "branch_count": branches.count(),
            "children": Organization.objects.visible_to(request.user).filter(parent=obj).order_by("name_sort"),
        }


class OrganizationEditView(OrganizationMixin, ObjectEditView):
    form_class = OrganizationForm


class OrganizationDeleteView(OrganizationMixin, ObjectDeleteView):
    pass


# ---------------------------------------------------------------- branches
class BranchMixin:
    model = Branch
    related = ("unit", "organization")


class BranchListView(BranchMixin, ObjectListView):
    filterset = BranchFilter
    export_kind = "branches"
    columns = (
        Column(_("Tên chi hội"), "name", sort="name", link=True),
        Column(_("Mã"), "code", sort="code", fmt="raw"),
        Column(_("Loại"), "get_kind_display"),
        Column(_("Tổ chức"), "organization.name"),
        Column(_("Thôn, ấp"), "unit.name", sort="unit"),
        Column(_("Thành lập"), "founded", sort="founded"),
    )
    sort_fields = {"name": ("name_sort",), "code": ("code",), "unit": ("unit_path", "name_sort"), "founded": ("founded",)}


class BranchDetailView(BranchMixin, ObjectDetailView):
    template_name = "people/branch_detail.html"
    fields = (
        Column(_("Mã"), "code", fmt="raw"),
        Column(_("Loại"), "get_kind_display"),
        Column(_("Tổ chức"), "organization.name"),
        Column(_("Loại tổ chức"), "get_org_kind_display"),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Thành lập"), "founded"),
        Column(_("Giải thể"), "dissolved"),
        CREATED,
        UPDATED,
    )

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        members = Membership.objects.visible_to(request.user).filter(branch=obj)
        counts = members.aggregate(
            total=Count("pk"),
            active=Count("pk", filter=Q(left__isnull=True)),
            regular=Count("pk", filter=Q(left__isnull=True, attends_regularly=True)),
        )
        return {"member_counts": counts}


class BranchEditView(BranchMixin, ObjectEditView):
    form_class = BranchForm


class BranchDeleteView(BranchMixin, ObjectDeleteView):
    pass


# ---------------------------------------------------------------- people
class PersonMixin:
    model = Person
    related = ("unit", "household")


class PersonListView(PersonMixin, ObjectListView):
    filterset = PersonFilter
    export_kind = "people"
    columns = (
        Column(_("Họ và tên"), "full_name", sort="name", link=True),
        Column(_("Mã"), "code", sort="code", fmt="raw"),
        Column(_("Giới tính"), "get_sex_display", sort="sex"),
        Column(_("Năm sinh"), "birth_year", sort="birth_year", fmt="raw", personal=True),
        Column(_("Thôn, ấp"), "unit.name", sort="unit"),
        Column(_("Hộ gia đình"), "household.code", fmt="raw"),
        Column(_("Cán bộ"), "is_cadre"),
    )
    sort_fields = {
        "name": ("name_sort",), "code": ("code",), "sex": ("sex", "name_sort"), "unit": ("unit_path", "name_sort"),
        "birth_year": ("birth_year",),
    }


class PersonDetailView(PersonMixin, ObjectDetailView):
    template_name = "people/person_detail.html"
    fields = (
        Column(_("Mã"), "code", fmt="raw"),
        Column(_("Giới tính"), "get_sex_display"),
        Column(_("Năm sinh"), "birth_year", fmt="raw", personal=True),
        Column(_("Dân tộc"), "ethnicity", personal=True),
        Column(_("Số điện thoại"), "phone", fmt="raw", personal=True),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Hộ gia đình"), "household"),
        Column(_("Là cán bộ"), "is_cadre"),
        CREATED,
        UPDATED,
    )

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        memberships = (
            Membership.objects.visible_to(request.user).filter(person=obj)
            .select_related("branch", "branch__unit").order_by("-joined")
        )
        return {"memberships": memberships}


class PersonEditView(PersonMixin, ObjectEditView):
    form_class = PersonForm


class PersonDeleteView(PersonMixin, ObjectDeleteView):
    pass


# ---------------------------------------------------------------- memberships
class MembershipMixin:
    model = Membership
    related = ("person", "branch", "branch__unit")


class MembershipListView(MembershipMixin, ObjectListView):
    filterset = MembershipFilter
    export_kind = "members"
    # Village, then member name: served by the unit_path index with a small per-village sort;
    # a province-wide sort by name needs a full sort of the joined rows (about a second at 300,000).
    default_sort = "unit"
    columns = (
        Column(_("Hội viên"), "person.full_name", sort="name", link=True),
        Column(_("Chi hội"), "branch.name"),
        Column(_("Loại tổ chức"), "get_org_kind_display", sort="org_kind"),
        Column(_("Thôn, ấp"), "branch.unit.name", sort="unit"),
        Column(_("Ngày vào"), "joined", sort="joined"),
        Column(_("Ngày ra"), "left", sort="left"),
        Column(_("Sinh hoạt thường xuyên"), "attends_regularly"),
    )
    sort_fields = {
        "name": ("person__name_sort",), "org_kind": ("org_kind",), "unit": ("unit_path", "person__name_sort"),
        "joined": ("joined",), "left": ("left",),
    }


class MembershipDetailView(MembershipMixin, ObjectDetailView):
    fields = (
        Column(_("Hội viên"), "person.full_name"),
        Column(_("Chi hội"), "branch.name"),
        Column(_("Loại tổ chức"), "get_org_kind_display"),
        Column(_("Thôn, ấp"), "branch.unit.name"),
        Column(_("Ngày vào"), "joined"),
        Column(_("Ngày ra"), "left"),
        Column(_("Sinh hoạt thường xuyên"), "attends_regularly"),
        CREATED,
        UPDATED,
    )


class MembershipEditView(MembershipMixin, ObjectEditView):
    form_class = MembershipForm

    def get_form(self, request: HttpRequest, obj: Any) -> Any:
        form = super().get_form(request, obj)
        # "Add a member" from a person's or a branch's page arrives with the choice made.
        if request.method == "GET" and not obj.pk:
            for name in ("person", "branch"):
                if request.GET.get(name, "").isdigit():
                    form.initial[name] = request.GET[name]
        return form


class MembershipDeleteView(MembershipMixin, ObjectDeleteView):
    pass


# ---------------------------------------------------------------- households
class HouseholdMixin:
    model = Household
    related = ("unit",)


class HouseholdListView(HouseholdMixin, ObjectListView):
    filterset = HouseholdFilter
    export_kind = "households"
    columns = (
        Column(_("Chủ hộ"), "head_name", sort="name", link=True),
        Column(_("Mã hộ"), "code", sort="code", fmt="raw"),
        Column(_("Thôn, ấp"), "unit.name", sort="unit"),
        Column(_("Số nhân khẩu"), "size", sort="size"),
        Column(_("Tình trạng nghèo"), "latest_poverty", choices=PovertyStatus),
    )
    sort_fields = {"name": ("name_sort",), "code": ("code",), "unit": ("unit_path", "name_sort"), "size": ("size",)}

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).annotate(latest_poverty=latest_poverty())


class HouseholdDetailView(HouseholdMixin, ObjectDetailView):
    template_name = "people/household_detail.html"
    fields = (
        Column(_("Mã hộ"), "code", fmt="raw"),
        Column(_("Chủ hộ"), "head_name"),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Địa chỉ"), "address"),
        Column(_("Số nhân khẩu"), "size"),
        CREATED,
        UPDATED,
    )

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {
            "poverty": obj.poverty.all(),
            "residents": Person.objects.visible_to(request.user).filter(household=obj).order_by("name_sort"),
        }


class HouseholdEditView(HouseholdMixin, ObjectEditView):
    form_class = HouseholdForm

    def after_save(self, request: HttpRequest, obj: Any, form: Any) -> None:
        record = form.poverty_record(obj)
        if record is not None:
            save_record(request.user, record, before=audit.snapshot(record) if record.pk else None)


class HouseholdDeleteView(HouseholdMixin, ObjectDeleteView):
    pass


# ---------------------------------------------------------------- pickers (htmx)
def _picker(request: HttpRequest, queryset: Any, label: Any, detail: Any) -> HttpResponse:
    query = fold(request.GET.get("q") or request.GET.get(f"{request.GET.get('field', '')}_search", ""))
    items = []
    if query:
        rows = queryset.filter(name_folded__contains=query).order_by("name_sort")[:SEARCH_LIMIT]
        items = [{"value": row.pk, "label": label(row), "detail": detail(row)} for row in rows]
    return render(request, "web/picker_results.html", {"items": items, "query": query})


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    queryset = Person.objects.visible_to(request.user).select_related("unit")
    return _picker(request, queryset, lambda p: f"{p.full_name} ({p.code})", lambda p: p.unit.name)


@login_required
def branch_search(request: HttpRequest) -> HttpResponse:
    queryset = Branch.objects.visible_to(request.user).select_related("unit")
    return _picker(request, queryset, lambda b: f"{b.name} ({b.code})", lambda b: b.unit.name)


@login_required
def household_search(request: HttpRequest) -> HttpResponse:
    queryset = Household.objects.visible_to(request.user).select_related("unit")
    return _picker(request, queryset, str, lambda h: h.unit.name)

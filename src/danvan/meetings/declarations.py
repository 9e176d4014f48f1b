"""The meetings registers, declared once (``core.registry``): the platform derives their pages, menu
entries, pickers, export filters, API and scope-test coverage from these."""

import datetime as dt
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.registry import Column, Declaration, Picker, declare, register_shortcut
from danvan.people.choices import Sex
from danvan.people.models import Person

from . import views
from .api import ASSIGNMENT, CADRE, MEETING, SCHEDULE, SCHEDULE_EXCEPTION, VISIT, VISIT_RULE
from .choices import CadreLevel, ScheduleKind
from .filters import (
    AssignmentFilter,
    CadreFilter,
    MeetingFilter,
    ScheduleExceptionFilter,
    ScheduleFilter,
    VisitFilter,
    VisitRuleFilter,
)
from .forms import (
    AssignmentForm,
    CadreForm,
    MeetingForm,
    ScheduleExceptionForm,
    ScheduleForm,
    VisitForm,
    VisitRuleForm,
)
from .models import Assignment, Cadre, Meeting, Schedule, ScheduleException, Visit, VisitRule

UNIT = Column(_("Đơn vị"), "unit.name", sort="unit")
VILLAGE = Column(_("Thôn, ấp"), "unit.name", sort="unit")
BRANCH = Column(_("Chi hội"), "branch", sort="branch")
ORG_KIND = Column(_("Loại tổ chức"), "get_org_kind_display")
CREATED = Column(_("Tạo lúc"), "created")
UPDATED = Column(_("Cập nhật lúc"), "updated")
BRANCH_SORT = ("branch__name", "id")


# ---------------------------------------------------------------- out-of-scope instances (scope tests)
# ``cast`` is the test cast (danvan.testing): commune B and its village B1 lie outside editor_a's scope.
def rule_b(cast: Any) -> VisitRule:
    return VisitRule.objects.get_or_create(
        unit=cast.commune_b, level=CadreLevel.COMMUNE, valid_from=dt.date(2026, 1, 1),
        defaults={"visits": 2, "source": "Quy định ngoài phạm vi An Bình"})[0]


def cadre_b(cast: Any) -> Cadre:
    person = Person.objects.get_or_create(code="NGOAI-CB1", defaults={
        "unit": cast.commune_b, "full_name": "Lý Văn Ngoại Phạm", "sex": Sex.MALE, "is_cadre": True})[0]
    return Cadre.objects.get_or_create(person=person, defaults={
        "unit": cast.commune_b, "level": CadreLevel.COMMUNE, "organization": cast.org_women_b})[0]


def assignment_b(cast: Any) -> Assignment:
    assignment, created = Assignment.objects.get_or_create(
        cadre=cadre_b(cast), start=dt.date(2026, 1, 1),
        defaults={"unit": cast.commune_b, "committee": "Đảng ủy phường An Bình"})
    if created:
        assignment.areas.set([cast.village_b1])
    return assignment


def schedule_b(cast: Any) -> Schedule:
    return Schedule.objects.get_or_create(branch=cast.branch_b1, defaults={"kind": ScheduleKind.DAY_OF_MONTH,
                                                                           "day": 15})[0]


def schedule_exception_b(cast: Any) -> ScheduleException:
    return ScheduleException.objects.get_or_create(schedule=schedule_b(cast), date=dt.date(2026, 3, 15),
                                                   defaults={"reason": "Ngoài phạm vi An Bình"})[0]


def meeting_b(cast: Any) -> Meeting:
    return Meeting.objects.get_or_create(branch=cast.branch_b1, date=dt.date(2026, 3, 15),
                                         defaults={"attendance": 20, "content": "Ngoài phạm vi An Bình"})[0]


def visit_b(cast: Any) -> Visit:
    assignment = assignment_b(cast)
    return Visit.objects.get_or_create(cadre=assignment.cadre, branch=cast.branch_b1, date=dt.date(2026, 3, 15),
                                       defaults={"assignment": assignment, "attendance": 20})[0]


def _cadre_detail(obj: Cadre) -> str:
    return f"{obj.get_level_display()} — {obj.unit.name}"


# ---------------------------------------------------------------- rules
declare(Declaration(
    model=VisitRule, slug="visit-rules", related=("unit",), api=VISIT_RULE,
    columns=(
        Column(_("Quy định"), "__str__", link=True),
        UNIT,
        Column(_("Cấp cán bộ"), "get_level_display", sort="level"),
        Column(_("Áp dụng từ"), "valid_from", sort="valid_from"),
        Column(_("Áp dụng đến"), "valid_to"),
        Column(_("Căn cứ"), "source"),
    ),
    default_sort="unit",
    sort_fields={"unit": ("unit_path", "level"), "level": ("level", "unit_path"), "valid_from": ("valid_from",)},
    filterset=VisitRuleFilter, search_fields=("source",),
    fields=(
        UNIT,
        Column(_("Cấp cán bộ"), "get_level_display"),
        Column(_("Số lần dự sinh hoạt tối thiểu"), "visits"),
        Column(_("Trong"), "get_period_display"),
        Column(_("Xoay vòng giữa các chi hội"), "rotate"),
        Column(_("Áp dụng từ"), "valid_from"),
        Column(_("Áp dụng đến"), "valid_to"),
        Column(_("Căn cứ"), "source"),
        CREATED, UPDATED,
    ),
    form=VisitRuleForm,
    menu_label=_("Quy định dự sinh hoạt"), menu_order=90,
    out_of_scope=rule_b,
))

# ---------------------------------------------------------------- cadres
declare(Declaration(
    model=Cadre, slug="cadres", related=("unit", "person", "organization"), api=CADRE,
    queryset=lambda qs: qs.annotate(has_login=ExpressionWrapper(Q(account__isnull=False), output_field=BooleanField())),
    columns=(
        Column(_("Họ và tên"), "person.full_name", sort="name", link=True),
        Column(_("Cấp"), "get_level_display", sort="level"),
        Column(_("Tổ chức"), "organization"),
        Column(_("Chức vụ, đơn vị công tác"), "position"),
        UNIT,
        Column(_("Có tài khoản đăng nhập"), "has_login"),
    ),
    default_sort="name",
    sort_fields={"name": ("person__name_sort", "id"), "level": ("level", "person__name_sort"),
                 "unit": ("unit_path", "person__name_sort")},
    filterset=CadreFilter, search_fields=("person__name_folded", "person__code"),
    fields=(
        Column(_("Mã cá nhân"), "person.code", fmt="raw"),
        Column(_("Cấp"), "get_level_display"),
        Column(_("Tổ chức"), "organization"),
        Column(_("Chức vụ, đơn vị công tác"), "position"),
        Column(_("Cấp ủy quản lý"), "unit.name"),
        Column(_("Tài khoản đăng nhập"), "account"),
        CREATED, UPDATED,
    ),
    detail_template="meetings/cadre_detail.html", detail_context=views.cadre_context,
    form=CadreForm, picker=Picker(detail=_cadre_detail, related=("unit", "person"),
                                  search="person__name_folded", order=("person__name_sort", "id")),
    menu_label=_("Cán bộ dự sinh hoạt"), menu_order=91,
    out_of_scope=cadre_b,
))

# ---------------------------------------------------------------- assignments
declare(Declaration(
    model=Assignment, slug="assignments", related=("unit", "cadre", "cadre__person"), api=ASSIGNMENT,
    queryset=lambda qs: qs.prefetch_related("areas"),
    columns=(
        Column(_("Cán bộ"), "cadre", sort="cadre", link=True),
        Column(_("Cấp cán bộ"), "cadre.get_level_display"),
        Column(_("Cấp ủy phân công"), "committee"),
        Column(_("Địa bàn phụ trách"), "area_names"),
        Column(_("Từ ngày"), "start", sort="start"),
        Column(_("Đến ngày"), "end"),
    ),
    default_sort="-start",
    sort_fields={"cadre": ("cadre__person__name_sort", "id"), "start": ("start", "id"),
                 "unit": ("unit_path", "start")},
    filterset=AssignmentFilter, search_fields=("cadre__person__name_folded", "committee"),
    fields=(
        Column(_("Cán bộ"), "cadre"),
        Column(_("Cấp ủy phân công"), "committee"),
        Column(_("Đơn vị"), "unit.name"),
        Column(_("Từ ngày"), "start"),
        Column(_("Đến ngày"), "end"),
        Column(_("Quy định áp dụng"), "rule"),
        CREATED, UPDATED,
    ),
    detail_template="meetings/assignment_detail.html", detail_context=views.assignment_context,
    form=AssignmentForm, after_save=views.save_areas, initial_from_query=("cadre",), picker=Picker(related=("unit", "cadre__person"), search="cadre__person__name_folded",
                         order=("cadre__person__name_sort", "-start", "id")),
    menu_label=_("Phân công dự sinh hoạt"), menu_order=92,
    out_of_scope=assignment_b,
))

# ---------------------------------------------------------------- schedules
declare(Declaration(
    model=Schedule, slug="schedules", related=("unit", "branch"), api=SCHEDULE,
    columns=(
        Column(_("Chi hội"), "branch", sort="branch", link=True),
        VILLAGE,
        Column(_("Cách tính ngày"), "get_kind_display"),
        Column(_("Ngày trong tháng"), "day"),
        Column(_("Tuần thứ"), "week"),
        Column(_("Thứ"), "get_weekday_display"),
        Column(_("Giờ họp"), "time"),
    ),
    default_sort="unit",
    sort_fields={"branch": BRANCH_SORT, "unit": ("unit_path", "branch__name")},
    filterset=ScheduleFilter, search_fields=("branch__name", "branch__code"),
    fields=(
        Column(_("Chi hội"), "branch"),
        Column(_("Thôn, ấp"), "unit.name"),
        ORG_KIND,
        Column(_("Cách tính ngày"), "get_kind_display"),
        Column(_("Ngày trong tháng"), "day"),
        Column(_("Tuần thứ"), "week"),
        Column(_("Thứ"), "get_weekday_display"),
        Column(_("Giờ họp"), "time"),
        CREATED, UPDATED,
    ),
    detail_template="meetings/schedule_detail.html", detail_context=views.schedule_context,
    form=ScheduleForm, initial_from_query=("branch",),
    menu_label=pgettext_lazy("plural", "Lịch sinh hoạt chi hội"), menu_order=93,
    out_of_scope=schedule_b,
))

# ---------------------------------------------------------------- schedule exceptions
declare(Declaration(
    model=ScheduleException, slug="schedule-exceptions", related=("unit", "schedule", "schedule__branch"),
    api=SCHEDULE_EXCEPTION,
    columns=(
        Column(_("Chi hội"), "schedule.branch", sort="branch", link=True),
        VILLAGE,
        Column(_("Ngày theo lịch"), "date", sort="date"),
        Column(_("Dời sang ngày"), "moved_to"),
        Column(_("Lý do"), "reason"),
    ),
    default_sort="-date",
    sort_fields={"branch": ("schedule__branch__name", "date"), "unit": ("unit_path", "date"), "date": ("date",)},
    filterset=ScheduleExceptionFilter, search_fields=("schedule__branch__name", "reason"),
    fields=(
        Column(_("Chi hội"), "schedule.branch"),
        Column(_("Ngày theo lịch"), "date"),
        Column(_("Dời sang ngày"), "moved_to"),
        Column(_("Lý do"), "reason"),
        ORG_KIND, CREATED, UPDATED,
    ),
    form=ScheduleExceptionForm, initial_from_query=("schedule",),
    menu_label=_("Thay đổi lịch sinh hoạt"), menu_order=94,
    out_of_scope=schedule_exception_b,
))

# ---------------------------------------------------------------- meetings held
declare(Declaration(
    model=Meeting, slug="meetings", related=("unit", "branch"), api=MEETING,
    columns=(
        Column(_("Chi hội"), "branch", sort="branch", link=True),
        VILLAGE,
        Column(_("Ngày họp"), "date", sort="date"),
        Column(_("Số hội viên dự họp"), "attendance", sort="attendance"),
        Column(_("Tổng số hội viên"), "members"),
        Column(_("Chuyên đề"), "topics"),
    ),
    default_sort="-date",
    sort_fields={"branch": ("branch__name", "date"), "unit": ("unit_path", "date"), "date": ("date",),
                 "attendance": ("attendance",)},
    filterset=MeetingFilter, search_fields=("branch__name", "topics"),
    fields=(
        Column(_("Chi hội"), "branch"),
        Column(_("Thôn, ấp"), "unit.name"),
        ORG_KIND,
        Column(_("Ngày họp"), "date"),
        Column(_("Số hội viên dự họp"), "attendance"),
        Column(_("Tổng số hội viên của chi hội"), "members"),
        Column(_("Nội dung sinh hoạt"), "content"),
        Column(_("Chuyên đề"), "topics"),
        Column(_("Hội viên được kết nạp Đảng"), "party_admissions"),
        CREATED, UPDATED,
    ),
    detail_template="meetings/meeting_detail.html", detail_context=views.meeting_context,
    form=MeetingForm, initial_from_query=("branch",),
    menu_label=pgettext_lazy("plural", "Buổi sinh hoạt chi hội"), menu_order=95,
    out_of_scope=meeting_b,
))

# ---------------------------------------------------------------- visits (reports of the cadres)
declare(Declaration(
    model=Visit, slug="visits", related=("unit", "branch", "cadre", "cadre__person"), api=VISIT,
    columns=(
        Column(_("Cán bộ"), "cadre", sort="cadre", link=True),
        Column(_("Cấp cán bộ"), "get_cadre_level_display", sort="level"),
        BRANCH,
        VILLAGE,
        Column(_("Ngày dự"), "date", sort="date"),
        Column(_("Đã dự"), "attended"),
        Column(_("Số hội viên dự họp"), "attendance"),
    ),
    default_sort="-date",
    sort_fields={"cadre": ("cadre__person__name_sort", "date"), "level": ("cadre_level", "date"),
                 "branch": ("branch__name", "date"), "unit": ("unit_path", "date"), "date": ("date", "id")},
    filterset=VisitFilter, search_fields=("cadre__person__name_folded", "branch__name"),
    fields=(
        Column(_("Cán bộ"), "cadre"),
        Column(_("Cấp cán bộ"), "get_cadre_level_display"),
        Column(_("Phân công"), "assignment"),
        Column(_("Chi hội"), "branch"),
        Column(_("Thôn, ấp"), "unit.name"),
        ORG_KIND,
        Column(_("Ngày dự"), "date"),
        Column(_("Đã dự"), "attended"),
        Column(_("Lý do không dự"), "absence_reason"),
        Column(_("Số hội viên dự họp"), "attendance"),
        Column(_("Nội dung buổi sinh hoạt"), "content"),
        Column(_("Họp đúng lịch"), "on_schedule"),
        Column(_("Nội dung chuẩn bị chu đáo"), "well_prepared"),
        Column(_("Hội viên phát biểu, đóng góp ý kiến"), "members_spoke"),
        Column(_("Có ghi biên bản"), "minutes_kept"),
        CREATED, UPDATED,
    ),
    detail_template="meetings/visit_detail.html", detail_context=views.visit_context,
    form=VisitForm, initial_from_query=("cadre", "assignment", "branch"),
    menu_label=pgettext_lazy("plural", "Lượt dự sinh hoạt"), menu_order=97,
    out_of_scope=visit_b,
))

# A field cadre finds their phone page from the home page.
register_shortcut(_("Lịch dự sinh hoạt của tôi"), "meetings:my_visits",
                  lambda user: user.is_authenticated and Cadre.objects.filter(account=user).exists())

from . import plan_declarations  # noqa: E402, F401 — plans and planned visits

"""The campaigns records, each declared once: the platform derives their pages, menu entries, pickers,
export filters, API and scope-test coverage from these (``core.registry``)."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.registry import Column, Declaration, Picker, declare
from danvan.people.choices import Sex
from danvan.people.models import Household, Person

from . import views
from .api import CAMPAIGN, COMMENDATION, CONTRIBUTION, COURSE, DECISION, POVERTY_HELP, TRAINEE, WORK
from .choices import CommendationForm, ContributorType, IssuerLevel, RecipientType, WorkKind
from .filters import (
    CampaignFilter,
    CommendationFilter,
    ContributionFilter,
    PovertyHelpFilter,
    TraineeFilter,
    TrainingCourseFilter,
    VillageDecisionFilter,
    WorkFilter,
)
from .forms import (
    CampaignForm,
    CommendationRecordForm,
    ContributionForm,
    PovertyHelpForm,
    TraineeForm,
    TrainingCourseForm,
    VillageDecisionForm,
    WorkForm,
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
    WorkEvidence,
)

UNIT = Column(_("Đơn vị"), "unit.name", sort="unit")
VILLAGE = Column(_("Thôn, ấp"), "unit.name", sort="unit")
ORGANIZER = Column(_("Tổ chức, đơn vị"), "organizer")
ORG_KIND = Column(_("Loại tổ chức"), "get_org_kind_display")
CREATED = Column(_("Tạo lúc"), "created")
UPDATED = Column(_("Cập nhật lúc"), "updated")


def _coded(obj: Any) -> str:
    return f"{obj} ({obj.code})"


# ---------------------------------------------------------------- out-of-scope instances (scope tests)
# ``cast`` is the test cast (danvan.testing): commune B and its village B1 lie outside editor_a's scope.
def campaign_b(cast: Any) -> Campaign:
    return Campaign.objects.get_or_create(
        code="NGOAI-PT1", defaults={"name": "Phong trào ngoài phạm vi An Bình", "unit": cast.commune_b,
                                    "organization": cast.org_women_b, "start": dt.date(2026, 1, 5)})[0]


def work_b(cast: Any) -> Work:
    return Work.objects.get_or_create(
        code="NGOAI-CT1", defaults={"name": "Đường ngoài phạm vi An Bình", "unit": cast.village_b1,
                                    "organization": cast.org_women_b, "kind": WorkKind.ROAD, "public": False,
                                    "campaign": campaign_b(cast), "value_vnd": 90_000_000})[0]


def decision_b(cast: Any) -> VillageDecision:
    return VillageDecision.objects.get_or_create(
        subject="Họp dân ngoài phạm vi An Bình", defaults={"unit": cast.village_b1, "work": work_b(cast),
                                                            "day": dt.date(2026, 1, 10), "households": 80,
                                                            "attending": 60, "agreeing": 55})[0]


def contribution_b(cast: Any) -> Contribution:
    return Contribution.objects.get_or_create(
        note="Đóng góp ngoài phạm vi An Bình", defaults={"work": work_b(cast), "unit": cast.village_b1,
                                                          "day": dt.date(2026, 2, 1), "cash_vnd": 3_000_000,
                                                          "contributor_type": ContributorType.ANONYMOUS})[0]


def _household_b(cast: Any) -> Household:
    return Household.objects.get_or_create(code="NGOAI-GN1", unit=cast.village_b1,
                                           defaults={"head_name": "Lâm Văn Ngoại Phạm", "size": 4})[0]


def _person_b(cast: Any) -> Person:
    return Person.objects.get_or_create(code="NGOAI-HV1", defaults={
        "unit": cast.village_b1, "full_name": "Huỳnh Thị Ngoại Phạm", "sex": Sex.FEMALE})[0]


def poverty_help_b(cast: Any) -> PovertyHelp:
    return PovertyHelp.objects.get_or_create(
        household=_household_b(cast), year=2026, organization=cast.org_women_b,
        defaults={"help": "Hỗ trợ vốn ngoài phạm vi An Bình"})[0]


def course_b(cast: Any) -> TrainingCourse:
    return TrainingCourse.objects.get_or_create(
        code="NGOAI-TH1", defaults={"name": "Lớp tập huấn ngoài phạm vi An Bình", "unit": cast.commune_b,
                                    "organization": cast.org_women_b, "start": dt.date(2026, 4, 2),
                                    "end": dt.date(2026, 4, 3), "trainee_count": 30})[0]


def trainee_b(cast: Any) -> Trainee:
    return Trainee.objects.get_or_create(course=course_b(cast), person=_person_b(cast))[0]


def commendation_b(cast: Any) -> Commendation:
    return Commendation.objects.get_or_create(
        decision_no="NGOAI-KT1", defaults={
            "unit": cast.commune_b, "form": CommendationForm.MERIT, "issuer_level": IssuerLevel.PROVINCE,
            "issuer": "Ủy ban nhân dân thành phố", "day": dt.date(2026, 5, 19),
            "recipient_type": RecipientType.COLLECTIVE, "collective_name": "Tập thể ngoài phạm vi An Bình",
            "year": 2025})[0]


# ---------------------------------------------------------------- campaigns
declare(Declaration(
    model=Campaign, slug="campaigns", related=("unit", "organization"), api=CAMPAIGN,
    columns=(
        Column(_("Tên phong trào, cuộc vận động"), "name", sort="name", link=True),
        Column(_("Mã"), "code", sort="code", fmt="raw"),
        Column(_("Loại"), "get_kind_display", sort="kind"),
        ORGANIZER,
        UNIT,
        Column(_("Phát động ngày"), "start", sort="start"),
        Column(_("Kết thúc"), "end"),
    ),
    default_sort="-start",
    sort_fields={"name": ("name_sort",), "code": ("code",), "kind": ("kind", "name_sort"),
                 "unit": ("unit_path", "name_sort"), "start": ("start",)},
    filterset=CampaignFilter, search_fields=("name_folded", "code"),
    fields=(
        Column(_("Mã"), "code", fmt="raw"),
        Column(_("Loại"), "get_kind_display"),
        ORGANIZER, ORG_KIND, UNIT,
        Column(_("Phát động ngày"), "start"),
        Column(_("Kết thúc"), "end"),
        Column(_("Lĩnh vực"), "fields"),
        Column(_("Nội dung"), "description"),
        CREATED, UPDATED,
    ),
    detail_template="campaigns/campaign_detail.html", detail_context=views.campaign_context,
    form=CampaignForm, picker=Picker(label=_coded),
    menu_label=pgettext_lazy("plural", "Phong trào, cuộc vận động"), menu_order=80,
    out_of_scope=campaign_b,
))

# ---------------------------------------------------------------- works
declare(Declaration(
    model=Work, slug="works", related=("unit", "organization", "campaign"), api=WORK,
    columns=(
        Column(_("Tên công trình, phần việc"), "name", sort="name", link=True),
        Column(_("Mã"), "code", sort="code", fmt="raw"),
        Column(_("Loại"), "get_kind_display", sort="kind"),
        Column(_("Loại nhà"), "get_house_kind_display"),
        UNIT,
        Column(_("Trạng thái"), "get_state_display", sort="state"),
        Column(_("Bàn giao"), "handed_over", sort="handed_over"),
        Column(_("Trị giá (đồng)"), "value_vnd", sort="value"),
    ),
    default_sort="-handed_over",
    sort_fields={"name": ("name_sort",), "code": ("code",), "kind": ("kind", "name_sort"),
                 "unit": ("unit_path", "name_sort"), "state": ("state", "name_sort"),
                 "handed_over": ("handed_over",), "value": ("value_vnd",)},
    filterset=WorkFilter, search_fields=("name_folded", "code"),
    fields=(
        Column(_("Mã"), "code", fmt="raw"),
        Column(_("Loại"), "get_kind_display"),
        Column(_("Loại nhà"), "get_house_kind_display"),
        Column(_("Xây mới hay sửa chữa"), "get_build_display"),
        Column(_("Số lượng"), "quantity"),
        Column(_("Thuộc phong trào"), "campaign"),
        Column(_("Nơi thực hiện"), "unit.name"),
        Column(_("Hộ được hỗ trợ"), "beneficiary"),
        ORGANIZER, ORG_KIND,
        Column(_("Trạng thái"), "get_state_display"),
        Column(_("Khởi công"), "started"),
        Column(_("Bàn giao"), "handed_over"),
        Column(_("Tổng trị giá (đồng)"), "value_vnd"),
        Column(_("Công khai"), "public"),
        Column(_("Mô tả"), "description"),
        CREATED, UPDATED,
    ),
    detail_template="campaigns/work_detail.html", detail_context=views.work_context,
    form=WorkForm, initial_from_query=("campaign", "beneficiary"), picker=Picker(label=_coded),
    import_kind="works", evidence=WorkEvidence,
    menu_label=pgettext_lazy("plural", "Công trình, phần việc"), menu_order=81,
    out_of_scope=work_b,
))

# ---------------------------------------------------------------- village decisions
declare(Declaration(
    model=VillageDecision, slug="village-decisions", related=("unit", "work", "campaign"), api=DECISION,
    columns=(
        Column(_("Nội dung quyết định"), "subject", sort="subject", link=True),
        Column(_("Ngày họp"), "day", sort="day"),
        VILLAGE,
        Column(_("Công trình"), "work"),
        Column(_("Số hộ của thôn"), "households"),
        Column(_("Số hộ dự họp"), "attending"),
        Column(_("Số hộ tán thành"), "agreeing"),
        Column(_("Tỷ lệ tán thành (%)"), "agreeing_share"),
    ),
    default_sort="-day",
    sort_fields={"subject": ("subject",), "day": ("day",), "unit": ("unit_path", "day")},
    filterset=VillageDecisionFilter, search_fields=("subject",),
    fields=(
        Column(_("Ngày họp"), "day"),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Công trình"), "work"),
        Column(_("Phong trào"), "campaign"),
        Column(_("Số hộ của thôn"), "households"),
        Column(_("Số hộ dự họp"), "attending"),
        Column(_("Số hộ tán thành"), "agreeing"),
        ORG_KIND, CREATED, UPDATED,
    ),
    detail_template="campaigns/villagedecision_detail.html", detail_context=views.decision_context,
    form=VillageDecisionForm, initial_from_query=("work", "campaign"),
    menu_label=_("Quyết định của cuộc họp thôn"), menu_order=82,
    out_of_scope=decision_b,
))

# ---------------------------------------------------------------- contributions
declare(Declaration(
    model=Contribution, slug="contributions", related=("unit", "work", "household", "person"), api=CONTRIBUTION,
    columns=(
        Column(_("Người đóng góp"), "contributor", link=True),
        Column(_("Loại"), "get_contributor_type_display", sort="type"),
        Column(_("Công trình"), "work"),
        VILLAGE,
        Column(_("Ngày"), "day", sort="day"),
        Column(_("Tiền (đồng)"), "cash_vnd", sort="cash"),
        Column(_("Ngày công"), "labor_days", sort="labor"),
        Column(_("Đất hiến (m²)"), "land_m2", sort="land"),
    ),
    default_sort="-day",
    sort_fields={"type": ("contributor_type", "day"), "unit": ("unit_path", "day"), "day": ("day",),
                 "cash": ("cash_vnd",), "labor": ("labor_days",), "land": ("land_m2",)},
    filterset=ContributionFilter, search_fields=("collective_name", "note"),
    fields=(
        Column(_("Công trình"), "work"),
        Column(_("Phong trào"), "campaign"),
        Column(_("Ngày đóng góp"), "day"),
        Column(_("Người đóng góp"), "get_contributor_type_display"),
        Column(_("Tên"), "contributor"),
        Column(_("Đồng ý công khai tên"), "show_name"),
        Column(_("Tên trên bảng công khai"), "public_name"),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Tiền (đồng)"), "cash_vnd"),
        Column(_("Ngày công"), "labor_days"),
        Column(_("Đất hiến (m²)"), "land_m2"),
        Column(_("Theo quyết định họp thôn"), "decision"),
        Column(_("Ghi chú"), "note"),
        ORG_KIND, CREATED, UPDATED,
    ),
    form=ContributionForm, initial_from_query=("work", "campaign", "decision", "household", "person"),
    import_kind="contributions",
    menu_label=pgettext_lazy("plural", "Đóng góp của Nhân dân"), menu_order=83,
    out_of_scope=contribution_b,
))

# ---------------------------------------------------------------- poverty help
declare(Declaration(
    model=PovertyHelp, slug="poverty-help", related=("unit", "household", "organization"), api=POVERTY_HELP,
    columns=(
        Column(_("Hộ được giúp"), "household", link=True),
        VILLAGE,
        Column(_("Năm thoát nghèo"), "year", sort="year", fmt="raw"),
        ORGANIZER,
        Column(_("Trị giá hỗ trợ (đồng)"), "value_vnd", sort="value"),
    ),
    default_sort="-year",
    sort_fields={"unit": ("unit_path", "year"), "year": ("year",), "value": ("value_vnd",)},
    filterset=PovertyHelpFilter, search_fields=("household__name_folded", "household__code"),
    fields=(
        Column(_("Hộ được giúp"), "household"),
        Column(_("Đoàn viên, hội viên"), "member"),
        Column(_("Thôn, ấp"), "unit.name"),
        Column(_("Năm thoát nghèo (kỳ rà soát)"), "year", fmt="raw"),
        Column(_("Nội dung giúp đỡ"), "help"),
        Column(_("Trị giá hỗ trợ (đồng)"), "value_vnd"),
        ORGANIZER, ORG_KIND, CREATED, UPDATED,
    ),
    detail_template="campaigns/povertyhelp_detail.html", detail_context=views.poverty_help_context,
    form=PovertyHelpForm, initial_from_query=("household",),
    menu_label=_("Giúp hộ thoát nghèo"), menu_order=84,
    out_of_scope=poverty_help_b,
))

# ---------------------------------------------------------------- training courses
declare(Declaration(
    model=TrainingCourse, slug="training-courses", related=("unit", "organization"), api=COURSE,
    columns=(
        Column(_("Chủ đề, tên lớp"), "name", sort="name", link=True),
        Column(_("Mã"), "code", sort="code", fmt="raw"),
        ORGANIZER,
        UNIT,
        Column(_("Từ ngày"), "start", sort="start"),
        Column(_("Đến ngày"), "end"),
        Column(_("Số học viên"), "trainee_count"),
    ),
    default_sort="-start",
    sort_fields={"name": ("name_sort",), "code": ("code",), "unit": ("unit_path", "name_sort"), "start": ("start",)},
    filterset=TrainingCourseFilter, search_fields=("name_folded", "code"),
    fields=(
        Column(_("Mã"), "code", fmt="raw"),
        ORGANIZER, ORG_KIND, UNIT,
        Column(_("Từ ngày"), "start"),
        Column(_("Đến ngày"), "end"),
        Column(_("Số học viên"), "trainee_count"),
        CREATED, UPDATED,
    ),
    detail_template="campaigns/trainingcourse_detail.html", detail_context=views.course_context,
    form=TrainingCourseForm, picker=Picker(label=_coded),
    menu_label=pgettext_lazy("plural", "Lớp tập huấn, bồi dưỡng"), menu_order=85,
    out_of_scope=course_b,
))

# ---------------------------------------------------------------- trainees (shown on the course's page)
declare(Declaration(
    model=Trainee, slug="trainees", related=("unit", "course", "person"), api=TRAINEE,
    columns=(
        Column(_("Học viên"), "person", link=True),
        Column(_("Lớp"), "course", sort="course"),
        UNIT,
    ),
    default_sort="course",
    sort_fields={"course": ("course__start", "course_id"), "unit": ("unit_path", "course_id")},
    filterset=TraineeFilter, search_fields=("person__name_folded", "person__code"),
    fields=(
        Column(_("Học viên"), "person"),
        Column(_("Lớp"), "course"),
        UNIT, ORG_KIND, CREATED,
    ),
    form=TraineeForm, initial_from_query=("course", "person"),
    import_kind="trainees",
    out_of_scope=trainee_b,
))

# ---------------------------------------------------------------- commendations
declare(Declaration(
    model=Commendation, slug="commendations", related=("unit", "person", "campaign"), api=COMMENDATION,
    columns=(
        Column(_("Tập thể, cá nhân được khen"), "recipient", link=True),
        Column(_("Hình thức"), "get_form_display", sort="form"),
        Column(_("Cấp khen"), "get_issuer_level_display", sort="level"),
        Column(_("Cơ quan khen thưởng"), "issuer"),
        Column(_("Ngày"), "day", sort="day"),
        UNIT,
    ),
    default_sort="-day",
    sort_fields={"form": ("form", "day"), "level": ("issuer_level", "day"), "day": ("day",),
                 "unit": ("unit_path", "day")},
    filterset=CommendationFilter, search_fields=("collective_name", "person__name_folded", "issuer", "decision_no"),
    fields=(
        Column(_("Hình thức"), "get_form_display"),
        Column(_("Cấp khen"), "get_issuer_level_display"),
        Column(_("Cơ quan khen thưởng"), "issuer"),
        Column(_("Số quyết định"), "decision_no", fmt="raw"),
        Column(_("Ngày khen thưởng"), "day"),
        Column(_("Đối tượng"), "get_recipient_type_display"),
        Column(_("Tập thể, cá nhân được khen"), "recipient"),
        UNIT,
        Column(_("Trong phong trào"), "campaign"),
        Column(_("Mô hình \"Dân vận khéo\""), "exemplar"),
        Column(_("Thành tích năm"), "year", fmt="raw"),
        Column(_("Thành tích"), "reason"),
        ORG_KIND, CREATED, UPDATED,
    ),
    form=CommendationRecordForm, initial_from_query=("campaign", "exemplar", "person"),
    import_kind="commendations",
    menu_label=_("Khen thưởng"), menu_order=86,
    out_of_scope=commendation_b,
))

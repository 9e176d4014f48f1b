"""Cadres attending village branch meetings (seed 004): the rules (visits per month or year, set
per province and level), the cadres and the clusters they are assigned to, each branch's meeting
schedule and the meetings held, the monthly plans the rotation planner proposes, and the visits
the cadres report from their phones.

A visit is placed in the branch's village and carries the branch's organization kind, so the
Women's Union sees the visits to its branches; a cadre, an assignment and a plan are placed in the
unit of the committee that assigns (province or commune).
"""

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.models import ScopedModel
from danvan.geo.choices import Level

from .choices import CadreLevel, OrgKind, PlanState, RulePeriod, ScheduleKind, Weekday


def _calendar_token() -> str:
    return secrets.token_urlsafe(24)


class VisitRule(ScopedModel):
    """How often a cadre of a level must attend branch meetings, for the unit's subtree, from a date
    (seed 004: at least once a month; Kon Tum 776-QĐ/TU: province twice a year, commune six times).
    The nearest rule above an assignment that is valid on a day applies."""

    level = models.CharField(_("cấp cán bộ"), max_length=10, choices=CadreLevel.choices)
    visits = models.PositiveSmallIntegerField(_("số lần dự sinh hoạt tối thiểu"), default=1,
                                              validators=[MinValueValidator(1), MaxValueValidator(100)])
    period = models.CharField(_("trong"), max_length=10, choices=RulePeriod.choices, default=RulePeriod.MONTH)
    rotate = models.BooleanField(_("xoay vòng giữa các chi hội"), default=True,
                                 help_text=_("Mỗi chi hội trong địa bàn được dự trước khi chi hội nào được dự lần hai."))
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=200, blank=True, help_text=_("Ví dụ: Quy định 776-QĐ/TU."))

    class Meta:
        verbose_name = _("quy định dự sinh hoạt")
        verbose_name_plural = _("quy định dự sinh hoạt")
        ordering = ["unit_path", "level", "-valid_from"]

    def __str__(self) -> str:
        return str(_("%(level)s: %(visits)s lần %(period)s") % {
            "level": self.get_level_display(), "visits": self.visits, "period": self.get_period_display()})

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực không được trước ngày áp dụng.")})


class Cadre(ScopedModel):
    """A cadre of the registers (``people.Person``) who attends branch meetings: level,
    organization or agency, position, and the login that files their visits from a phone."""

    person = models.OneToOneField("people.Person", verbose_name=_("cán bộ"), on_delete=models.PROTECT,
                                  related_name="+")
    level = models.CharField(_("cấp"), max_length=10, choices=CadreLevel.choices)
    organization = models.ForeignKey("people.Organization", verbose_name=_("tổ chức"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=200, blank=True)
    account = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản đăng nhập"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="meetings_cadre")
    calendar_token = models.CharField(max_length=64, unique=True, default=_calendar_token, editable=False)

    class Meta:
        verbose_name = _("cán bộ dự sinh hoạt")
        verbose_name_plural = _("cán bộ dự sinh hoạt")
        ordering = ["unit_path", "id"]

    def __str__(self) -> str:
        return str(self.person)

    def clean(self) -> None:
        if self.unit_id and self.unit.level == Level.VILLAGE:
            raise ValidationError({"unit": _("Cán bộ thuộc cấp tỉnh hoặc cấp xã.")})


class Assignment(ScopedModel):
    """A committee assigns a cadre to a cluster of communes or villages for a period. Its unit is the
    assigning committee's; its ``areas`` are the communes or villages whose branches it covers."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="assignments")
    committee = models.CharField(_("cấp ủy phân công"), max_length=200, help_text=_("Ví dụ: Ban Thường vụ Tỉnh ủy."))
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    areas = models.ManyToManyField("geo.AdminUnit", verbose_name=_("địa bàn phụ trách"), related_name="+",
                                   help_text=_("Các xã, phường hoặc thôn, ấp mà cán bộ phụ trách."))
    rule = models.ForeignKey(VisitRule, verbose_name=_("quy định áp dụng"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+",
                             help_text=_("Để trống: quy định gần nhất của cấp cán bộ."))

    class Meta:
        verbose_name = _("phân công dự sinh hoạt")
        verbose_name_plural = _("phân công dự sinh hoạt")
        ordering = ["-start", "id"]

    def __str__(self) -> str:
        return str(_("%(cadre)s từ %(start)s") % {"cadre": self.cadre, "start": f"{self.start:%d/%m/%Y}"})

    def area_names(self) -> str:
        """The areas' names, comma-separated (lists prefetch ``areas``)."""
        return ", ".join(area.name for area in sorted(self.areas.all(), key=lambda area: area.path))

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Ngày kết thúc không được trước ngày bắt đầu.")})


class Schedule(ScopedModel):
    """When a branch meets: a fixed day of the month (the 10th) or the n-th weekday ("second
    Sunday"; week -1 is the last), with dated exceptions. Placed in the branch's village."""

    branch = models.OneToOneField("people.Branch", verbose_name=_("chi hội"), on_delete=models.CASCADE,
                                  related_name="meeting_schedule")
    kind = models.CharField(_("cách tính ngày"), max_length=15, choices=ScheduleKind.choices,
                            default=ScheduleKind.DAY_OF_MONTH)
    day = models.PositiveSmallIntegerField(_("ngày trong tháng"), null=True, blank=True,
                                           validators=[MinValueValidator(1), MaxValueValidator(31)])
    week = models.SmallIntegerField(_("tuần thứ"), null=True, blank=True,
                                    validators=[MinValueValidator(-1), MaxValueValidator(5)],
                                    help_text=_("1 đến 5; -1 là tuần cuối tháng."))
    weekday = models.PositiveSmallIntegerField(_("thứ"), null=True, blank=True, choices=Weekday.choices)
    time = models.TimeField(_("giờ họp"), null=True, blank=True)
    org_kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrgKind.choices, editable=False)

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("lịch sinh hoạt")
        verbose_name_plural = _("lịch sinh hoạt")
        ordering = ["unit_path", "id"]

    def __str__(self) -> str:
        return str(_("Lịch sinh hoạt %(branch)s") % {"branch": self.branch})

    def place(self) -> None:
        self.unit_id = self.branch.unit_id
        super().place()
        self.org_kind = self.branch.org_kind

    def clean(self) -> None:
        if self.kind == ScheduleKind.DAY_OF_MONTH and not self.day:
            raise ValidationError({"day": _("Cần chọn ngày họp trong tháng.")})
        if self.kind == ScheduleKind.NTH_WEEKDAY and (self.week in (None, 0) or self.weekday is None):
            raise ValidationError({"week": _("Cần chọn tuần thứ mấy (1–5 hoặc -1) và thứ trong tuần.")})


class ScheduleException(ScopedModel):
    """A scheduled meeting moved to another day, or cancelled (``moved_to`` empty)."""

    schedule = models.ForeignKey(Schedule, verbose_name=_("lịch"), on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("ngày theo lịch"))
    moved_to = models.DateField(_("dời sang ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=200, blank=True)
    org_kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrgKind.choices, editable=False)

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("thay đổi lịch sinh hoạt")
        verbose_name_plural = _("thay đổi lịch sinh hoạt")
        ordering = ["schedule", "date"]
        constraints = [models.UniqueConstraint(fields=["schedule", "date"], name="meetings_exception_unique")]

    def __str__(self) -> str:
        return f"{self.schedule.branch} {self.date:%d/%m/%Y}"

    def place(self) -> None:
        self.unit_id = self.schedule.unit_id
        super().place()
        self.org_kind = self.schedule.org_kind


class Meeting(ScopedModel):
    """A branch meeting held: date, attendance, content and topics, the members' opinions raised,
    members admitted to the Party since the last meeting. Placed in the branch's village."""

    branch = models.ForeignKey("people.Branch", verbose_name=_("chi hội"), on_delete=models.CASCADE,
                               related_name="meetings")
    date = models.DateField(_("ngày họp"))
    lock_date_field = "date"  # signed-off periods lock it (danvan.signoff)
    attendance = models.PositiveIntegerField(_("số hội viên dự họp"), null=True, blank=True,
                                             validators=[MaxValueValidator(100_000)])
    members = models.PositiveIntegerField(_("tổng số hội viên của chi hội"), null=True, blank=True,
                                          validators=[MaxValueValidator(100_000)])
    content = models.TextField(_("nội dung sinh hoạt"), blank=True)
    topics = models.CharField(_("chuyên đề"), max_length=300, blank=True)
    opinions = models.TextField(_("ý kiến, kiến nghị của hội viên"), blank=True,
                                help_text=_("Mỗi ý kiến một dòng."))
    party_admissions = models.PositiveSmallIntegerField(_("hội viên được kết nạp Đảng"), default=0,
                                                        validators=[MaxValueValidator(1000)])
    org_kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrgKind.choices, editable=False)

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("buổi sinh hoạt")
        verbose_name_plural = pgettext_lazy("plural", "buổi sinh hoạt")
        ordering = ["-date", "id"]
        constraints = [models.UniqueConstraint(fields=["branch", "date"], name="meetings_meeting_unique")]

    def __str__(self) -> str:
        return f"{self.branch} {self.date:%d/%m/%Y}"

    def place(self) -> None:
        self.unit_id = self.branch.unit_id
        super().place()
        self.org_kind = self.branch.org_kind

    def clean(self) -> None:
        if self.attendance is not None and self.members is not None and self.attendance > self.members:
            raise ValidationError({"attendance": _("Số hội viên dự họp không được lớn hơn tổng số hội viên.")})


class Plan(ScopedModel):
    """A month's or quarter's plan of visits for the assignments of a unit, proposed by the rotation
    planner (``planner.py``); ``report`` keeps what the solver could not satisfy and why."""

    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    solved_at = models.DateTimeField(_("lập lúc"), null=True, blank=True)
    report = models.JSONField(_("kết quả lập kế hoạch"), default=dict, blank=True)

    class Meta:
        verbose_name = _("kế hoạch dự sinh hoạt")
        verbose_name_plural = _("kế hoạch dự sinh hoạt")
        ordering = ["-start", "id"]

    def __str__(self) -> str:
        return str(_("Kế hoạch %(unit)s %(start)s–%(end)s") % {
            "unit": self.unit.name, "start": f"{self.start:%d/%m/%Y}", "end": f"{self.end:%d/%m/%Y}"})

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Ngày kết thúc không được trước ngày bắt đầu.")})


class PlannedVisit(ScopedModel):
    """One proposed visit: a cadre (through an assignment) at a branch's meeting on a day. A planner
    may pin it (kept by the next re-plan) or exclude it (the solver must not choose it)."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="visits")
    assignment = models.ForeignKey(Assignment, verbose_name=_("phân công"), on_delete=models.CASCADE,
                                   related_name="planned_visits")
    branch = models.ForeignKey("people.Branch", verbose_name=_("chi hội"), on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("ngày"))
    pinned = models.BooleanField(_("giữ cố định"), default=False)
    excluded = models.BooleanField(_("loại trừ"), default=False)
    org_kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrgKind.choices, editable=False)

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("lượt dự kiến")
        verbose_name_plural = _("lượt dự kiến")
        ordering = ["date", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "assignment", "branch", "date"],
                                               name="meetings_plannedvisit_unique")]

    def __str__(self) -> str:
        return f"{self.assignment.cadre} — {self.branch} {self.date:%d/%m/%Y}"

    def place(self) -> None:
        self.unit_id = self.branch.unit_id
        super().place()
        self.org_kind = self.branch.org_kind


class Visit(ScopedModel):
    """A cadre's report of one visit to a branch meeting (MV-VISITS): attended or not (why), the
    attendance, the content, the branch's quality checklist and the members' opinions raised.
    ``idempotency_key`` makes a report sent twice from a phone that was offline land once."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("phân công"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="visits")
    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="visits")
    cadre_level = models.CharField(_("cấp cán bộ"), max_length=10, choices=CadreLevel.choices, editable=False)
    branch = models.ForeignKey("people.Branch", verbose_name=_("chi hội"), on_delete=models.PROTECT, related_name="+")
    planned = models.ForeignKey(PlannedVisit, verbose_name=_("theo kế hoạch"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="reports")
    date = models.DateField(_("ngày dự"))
    lock_date_field = "date"  # signed-off periods lock it (danvan.signoff)
    attended = models.BooleanField(_("đã dự"), default=True)
    absence_reason = models.CharField(_("lý do không dự"), max_length=300, blank=True)
    attendance = models.PositiveIntegerField(_("số hội viên dự họp"), null=True, blank=True,
                                             validators=[MaxValueValidator(100_000)])
    content = models.TextField(_("nội dung buổi sinh hoạt"), blank=True)
    on_schedule = models.BooleanField(_("họp đúng lịch"), default=True)
    well_prepared = models.BooleanField(_("nội dung chuẩn bị chu đáo"), default=True)
    members_spoke = models.BooleanField(_("hội viên phát biểu, đóng góp ý kiến"), default=True)
    minutes_kept = models.BooleanField(_("có ghi biên bản"), default=True)
    opinions = models.TextField(_("ý kiến, kiến nghị của hội viên"), blank=True, help_text=_("Mỗi ý kiến một dòng."))
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    org_kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrgKind.choices, editable=False)

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("lượt dự sinh hoạt")
        verbose_name_plural = pgettext_lazy("plural", "lượt dự sinh hoạt")
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["cadre", "date"], name="meetings_visit_cadre_idx")]

    def __str__(self) -> str:
        return f"{self.cadre} — {self.branch} {self.date:%d/%m/%Y}"

    def place(self) -> None:
        self.unit_id = self.branch.unit_id
        super().place()
        self.org_kind = self.branch.org_kind
        self.cadre_level = self.cadre.level

    def opinion_lines(self) -> list[str]:
        return [line.strip() for line in self.opinions.splitlines() if line.strip()]

    def written_by(self, user: Any) -> bool:
        """A cadre files reports of their own visits, to branches of the areas they are assigned to,
        without a write role (``core.services``); checked for the record as stored and as changed."""
        if not user.pk or self.cadre_id is None or self.cadre.account_id != user.pk or not self.branch_id:
            return False
        places = [self.branch.unit_id, self.branch.commune_id]
        return Assignment.objects.filter(cadre_id=self.cadre_id, areas__in=places).exists()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.attended and not self.absence_reason.strip():
            errors["absence_reason"] = _("Không dự thì cần ghi lý do.")
        if self.assignment_id and self.cadre_id and self.assignment.cadre_id != self.cadre_id:
            errors["assignment"] = _("Phân công không phải của cán bộ này.")
        if errors:
            raise ValidationError(errors)

""""Ba cùng" with the people (seed 000): agencies' plans in a village, their tasks, the activities
logged, and the thresholds of the formalism watch.

A plan says which village's situation it answers and which tasks are done *with* the people and
which are only guidance ("phải xác định rõ việc nào làm cùng dân, việc nào tuyên truyền, hướng
dẫn"); an activity records one day's work: who came (agencies, cadres, Party members, soldiers),
how many residents took part and what was done. Plans and activities carry no organization kind:
agencies, the armed forces and the organizations work side by side, so the records are shared by
everyone with the village in scope (like households).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.evidence import Evidence
from danvan.core.models import NamedMixin, ScopedModel, code_validator
from danvan.geo.choices import Level


class ActivityKind(models.TextChoices):
    """What the work is (seed 000's list)."""

    INFRASTRUCTURE = "infrastructure", _("Xây dựng hạ tầng nông thôn")
    ENVIRONMENT = "environment", _("Vệ sinh môi trường, thu gom rác thải, trồng hoa, cây xanh")
    HOUSING = "housing", _("Xóa nhà tạm, dột nát cho hộ nghèo")
    PRODUCTION = "production", _("Mô hình sản xuất")
    DISEASE = "disease", _("Phòng, chống dịch bệnh")
    OTHER = "other", _("Việc khác")


class Mode(models.TextChoices):
    """The yardstick of seed 000: work done with the people, or guidance for them to do it."""

    WITH_PEOPLE = "with_people", _("Làm cùng dân")
    GUIDANCE = "guidance", _("Tuyên truyền, hướng dẫn")


def _village_only(unit: object, what: str) -> None:
    if unit is not None and getattr(unit, "level", None) != Level.VILLAGE:
        raise ValidationError({"unit": _("%(what)s phải ở một thôn, ấp, tổ dân phố.") % {"what": what}})


class Plan(NamedMixin, ScopedModel):
    """An agency's "ba cùng" plan in one village for a period, answering the village's situation."""

    code = models.CharField(_("mã kế hoạch"), max_length=40, unique=True, validators=[code_validator])
    agency = models.CharField(_("cơ quan, đơn vị"), max_length=200)
    organization = models.ForeignKey(
        "people.Organization", verbose_name=_("tổ chức"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    situation = models.TextField(_("tình hình thực tế của thôn"), blank=True,
                                 help_text=_("Kế hoạch xuất phát từ tình hình nào của thôn, ấp?"))

    name_source = "agency"

    class Meta:
        verbose_name = _("kế hoạch \"ba cùng\"")
        verbose_name_plural = pgettext_lazy("plural", "kế hoạch \"ba cùng\"")
        ordering = ["-start", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                              name="outreach_plan_period")]

    def __str__(self) -> str:
        return f"{self.agency} ({self.code})"

    def clean(self) -> None:
        _village_only(self.unit if self.unit_id else None, _("Kế hoạch"))
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Ngày kết thúc không được trước ngày bắt đầu.")})


class PlanTask(ScopedModel):
    """One task of a plan, marked with the people or guidance; its unit is the plan's village."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    description = models.CharField(_("nội dung công việc"), max_length=300)
    kind = models.CharField(_("loại việc"), max_length=20, choices=ActivityKind.choices)
    mode = models.CharField(_("cách làm"), max_length=20, choices=Mode.choices)
    planned_quantity = models.PositiveIntegerField(_("số lượng dự kiến"), default=1,
                                                   validators=[MaxValueValidator(10**9)])

    class Meta:
        verbose_name = _("nhiệm vụ của kế hoạch")
        verbose_name_plural = _("nhiệm vụ của kế hoạch")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.description

    def place(self) -> None:
        self.unit = self.plan.unit
        super().place()


class Activity(NamedMixin, ScopedModel):
    """One "ba cùng" activity in a village: who took part, how many residents, what was done."""

    code = models.CharField(_("mã hoạt động"), max_length=40, unique=True, validators=[code_validator])
    title = models.CharField(_("nội dung hoạt động"), max_length=200)
    date = models.DateField(_("ngày thực hiện"))
    lock_date_field = "date"  # signed-off periods lock it (danvan.signoff)
    plan = models.ForeignKey(Plan, verbose_name=_("theo kế hoạch"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="activities")
    kind = models.CharField(_("loại việc"), max_length=20, choices=ActivityKind.choices)
    mode = models.CharField(_("cách làm"), max_length=20, choices=Mode.choices)
    lead_agency = models.CharField(_("cơ quan, đơn vị chủ trì"), max_length=200)
    organization = models.ForeignKey(
        "people.Organization", verbose_name=_("tổ chức chủ trì"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    partner_agencies = models.TextField(
        _("cơ quan, đơn vị phối hợp"), blank=True, help_text=_("Mỗi cơ quan một dòng (hoặc cách nhau bằng dấu ;)."))
    agency_count = models.PositiveIntegerField(
        _("số lượt cơ quan, đơn vị"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("Cả đơn vị chủ trì; không ít hơn số cơ quan đã ghi tên."))
    cadres = models.PositiveIntegerField(_("số cán bộ, công chức"), default=0, validators=[MaxValueValidator(100_000)])
    party_members = models.PositiveIntegerField(_("số đảng viên"), default=0, validators=[MaxValueValidator(100_000)])
    soldiers = models.PositiveIntegerField(_("số chiến sỹ lực lượng vũ trang"), default=0,
                                           validators=[MaxValueValidator(100_000)])
    named_cadres = models.ManyToManyField("people.Person", verbose_name=_("cán bộ tham gia (ghi tên)"), blank=True,
                                          related_name="+")
    residents = models.PositiveIntegerField(_("số người dân cùng tham gia"), default=0,
                                            validators=[MaxValueValidator(1_000_000)])
    quantity = models.PositiveIntegerField(_("khối lượng kết quả"), null=True, blank=True,
                                           validators=[MaxValueValidator(10**9)])
    quantity_unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    value_vnd = models.PositiveBigIntegerField(_("giá trị (đồng)"), default=0, validators=[MaxValueValidator(10**15)])
    labor_days = models.PositiveIntegerField(_("ngày công"), default=0, validators=[MaxValueValidator(10**7)])
    situation_note = models.TextField(_("ghi chú tình hình"), blank=True,
                                      help_text=_("Tình hình thôn, ấp và ý kiến của người dân sau hoạt động."))

    name_source = "title"

    class Meta:
        verbose_name = _("hoạt động \"ba cùng\"")
        verbose_name_plural = pgettext_lazy("plural", "hoạt động \"ba cùng\"")
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["date"], name="outreach_activity_date_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def participants(self) -> int:
        """Cadres, Party members and soldiers taking part (each person counted once)."""
        return self.cadres + self.party_members + self.soldiers

    def partner_names(self) -> list[str]:
        return partner_names(self.partner_agencies)

    def place(self) -> None:
        super().place()
        self.agency_count = max(self.agency_count or 1, 1 + len(self.partner_names()))

    def clean(self) -> None:
        _village_only(self.unit if self.unit_id else None, _("Hoạt động"))
        if self.plan_id and self.unit_id and self.plan.unit_id != self.unit_id:
            raise ValidationError({"plan": _("Kế hoạch phải ở cùng thôn, ấp với hoạt động.")})


class ActivityEvidence(Evidence):
    """A photo or document of an activity (``core.evidence``): the declaration's ``evidence=`` serves it."""

    parent_field = "activity"
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = _("ảnh, tài liệu của hoạt động")
        verbose_name_plural = _("ảnh, tài liệu của hoạt động")


def partner_names(text: str) -> list[str]:
    """Partner agencies written one per line or separated by ';'."""
    return [name.strip() for line in (text or "").splitlines() for name in line.split(";") if name.strip()]


class WatchRule(ScopedModel):
    """Thresholds of the formalism watch for a unit's subtree (the nearest rule above a record wins).

    Without any rule the defaults apply: at least 10 residents per activity, at least half of a
    plan's tasks (and of an agency's activities) done with the people, a situation written.
    """

    min_residents = models.PositiveIntegerField(_("số người dân tối thiểu mỗi hoạt động"), default=10,
                                                validators=[MaxValueValidator(100_000)])
    min_with_people = models.PositiveSmallIntegerField(
        _("tỷ lệ làm cùng dân tối thiểu (%)"), default=50, validators=[MaxValueValidator(100)])
    require_situation = models.BooleanField(_("bắt buộc ghi tình hình thực tế"), default=True)

    class Meta:
        verbose_name = _("ngưỡng cảnh báo hình thức")
        verbose_name_plural = _("ngưỡng cảnh báo hình thức")
        ordering = ["unit_path"]
        constraints = [models.UniqueConstraint(fields=["unit"], name="outreach_watchrule_unit_unique")]

    def __str__(self) -> str:
        return str(_("Ngưỡng cảnh báo của %(unit)s") % {"unit": self.unit.name})

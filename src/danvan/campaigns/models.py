"""Campaigns and what they produce: works (houses, scholarships, roads, …), the people's
contributions to them with the village decision behind them, help out of poverty, training
courses and commendations.

Every record carries the organizing organization's kind (``scope_org_kind_field``): a Women's
Union editor records the union's works and the contributions to them. A contribution takes its
work's (or campaign's) kind; a record with no organization takes the kind chosen in its form
(the Front by default: most works are the Front's).

Amounts are whole numbers: VND, labor-days and m² (the seeds never give fractions).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.evidence import Evidence
from danvan.core.models import NamedMixin, ScopedModel, code_validator
from danvan.geo.choices import Level

from .choices import (
    Build,
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

MAX_VND = 10**15
MAX_LABOR_DAYS = 10**8
MAX_LAND_M2 = 10**9
MAX_QUANTITY = 10**7


def _vnd(label: Any, **kwargs: Any) -> models.PositiveBigIntegerField:
    return models.PositiveBigIntegerField(label, validators=[MaxValueValidator(MAX_VND)], **kwargs)


def _org_kind_field() -> models.CharField:
    return models.CharField(_("loại tổ chức"), max_length=20, choices=OrgKind.choices, default=OrgKind.FRONT,
                            help_text=_("Lấy theo tổ chức, nếu có."))


class OrganizedMixin(models.Model):
    """An organization of the registers, or an agency named instead; its kind scopes the record."""

    organization = models.ForeignKey("people.Organization", verbose_name=_("tổ chức"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    agency_name = models.CharField(_("cơ quan, đơn vị"), max_length=200, blank=True,
                                   help_text=_("Khi cơ quan, đơn vị không có trong danh sách tổ chức."))
    org_kind = _org_kind_field()

    scope_org_kind_field = "org_kind"

    class Meta:
        abstract = True

    def organizer(self) -> str:
        return self.organization.name if self.organization_id else self.agency_name

    def take_org_kind(self) -> None:
        if self.organization_id:
            self.org_kind = self.organization.kind


class Campaign(NamedMixin, OrganizedMixin, ScopedModel):
    """An emulation movement or drive (phong trào thi đua, cuộc vận động), launched by an
    organization at the level of its unit (province or commune); works and contributions come
    under it."""

    code = models.CharField(_("mã phong trào"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("tên phong trào, cuộc vận động"), max_length=200)
    kind = models.CharField(_("loại"), max_length=10, choices=CampaignKind.choices, default=CampaignKind.MOVEMENT)
    start = models.DateField(_("phát động ngày"))
    end = models.DateField(_("kết thúc"), null=True, blank=True)
    fields = models.CharField(_("lĩnh vực"), max_length=300, blank=True,
                              help_text=_("Ví dụ: nông thôn mới, an sinh xã hội, môi trường."))
    description = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("phong trào, cuộc vận động")
        verbose_name_plural = pgettext_lazy("plural", "phong trào, cuộc vận động")
        ordering = ["-start", "name_sort", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", kwargs={"pk": self.pk})

    def place(self) -> None:
        super().place()
        self.take_org_kind()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.unit_id and self.unit.level not in (Level.COUNTRY, Level.PROVINCE, Level.COMMUNE):
            errors["unit"] = _("Phong trào được phát động ở cấp tỉnh hoặc cấp xã.")
        if not self.organization_id and not self.agency_name.strip():
            errors["organization"] = _("Cần chọn tổ chức phát động hoặc ghi tên cơ quan, đơn vị.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Ngày kết thúc không được trước ngày phát động.")
        if errors:
            raise ValidationError(errors)


class Work(NamedMixin, OrganizedMixin, ScopedModel):
    """A work or task (công trình, phần việc) in a commune or village: a house for a household, a
    batch of scholarships, a road, a bridge, … It counts in the period it is handed over."""

    code = models.CharField(_("mã công trình"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("tên công trình, phần việc"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=WorkKind.choices)
    house_kind = models.CharField(_("loại nhà"), max_length=20, choices=HouseKind.choices, blank=True)
    build = models.CharField(_("xây mới hay sửa chữa"), max_length=10, choices=Build.choices, blank=True)
    quantity = models.PositiveIntegerField(
        _("số lượng"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
        help_text=_("Số suất học bổng, số phần việc; một căn nhà là một công trình."))
    campaign = models.ForeignKey(Campaign, verbose_name=_("thuộc phong trào"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="works")
    beneficiary = models.ForeignKey("people.Household", verbose_name=_("hộ được hỗ trợ"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("trạng thái"), max_length=12, choices=WorkState.choices, default=WorkState.PLANNED)
    started = models.DateField(_("khởi công"), null=True, blank=True)
    handed_over = models.DateField(_("bàn giao"), null=True, blank=True)
    lock_date_field = "handed_over"  # signed-off periods lock it (danvan.signoff)
    value_vnd = _vnd(_("tổng trị giá (đồng)"), default=0)
    budget_vnd = _vnd(_("ngân sách nhà nước (đồng)"), default=0)
    organizations_vnd = _vnd(_("các tổ chức, quỹ (đồng)"), default=0)
    people_vnd = _vnd(_("Nhân dân đóng góp (đồng)"), default=0)
    sponsors_vnd = _vnd(_("nhà hảo tâm, doanh nghiệp tài trợ (đồng)"), default=0)
    spent_vnd = _vnd(_("đã chi (đồng)"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    public = models.BooleanField(_("công khai"), default=False,
                                 help_text=_("Trang công khai của công trình: số đã thu, đã chi, theo thôn."))

    class Meta:
        verbose_name = _("công trình, phần việc")
        verbose_name_plural = pgettext_lazy("plural", "công trình, phần việc")
        ordering = ["-handed_over", "-started", "id"]
        indexes = [models.Index(fields=["org_kind", "unit_path"], name="campaigns_work_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:work_detail", kwargs={"pk": self.pk})

    def place(self) -> None:
        super().place()
        self.take_org_kind()

    def is_public(self) -> bool:
        return self.public

    def financed(self) -> int:
        return self.budget_vnd + self.organizations_vnd + self.people_vnd + self.sponsors_vnd

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.unit_id and self.unit.level not in (Level.COMMUNE, Level.VILLAGE):
            errors["unit"] = _("Công trình phải ở một xã, phường hoặc thôn, ấp.")
        if not self.organization_id and not self.agency_name.strip():
            errors["organization"] = _("Cần chọn tổ chức thực hiện hoặc ghi tên cơ quan, đơn vị.")
        if self.kind == WorkKind.HOUSE and not self.house_kind:
            errors["house_kind"] = _("Cần chọn loại nhà (đại đoàn kết, tình nghĩa, …).")
        if self.kind != WorkKind.HOUSE and self.house_kind:
            errors["house_kind"] = _("Chỉ công trình nhà ở mới có loại nhà.")
        if self.kind == WorkKind.HOUSE and self.quantity != 1:
            errors["quantity"] = _("Mỗi căn nhà ghi thành một công trình (số lượng 1).")
        if self.state == WorkState.HANDED_OVER and not self.handed_over:
            errors["handed_over"] = _("Công trình đã bàn giao cần ngày bàn giao.")
        if self.handed_over and self.state != WorkState.HANDED_OVER:
            errors["state"] = _("Đã có ngày bàn giao thì trạng thái phải là \"Đã bàn giao\".")
        if self.started and self.handed_over and self.handed_over < self.started:
            errors["handed_over"] = _("Ngày bàn giao không được trước ngày khởi công.")
        financed = self.financed()
        if financed and financed != self.value_vnd:
            errors["value_vnd"] = _("Tổng các nguồn kinh phí (%(financed)s đồng) phải bằng tổng trị giá.") % {
                "financed": f"{financed:,}".replace(",", ".")}
        if self.beneficiary_id and self.unit_id and self.unit.commune_id \
                and self.beneficiary.commune_id != self.unit.commune_id:
            errors["beneficiary"] = _("Hộ được hỗ trợ phải ở cùng xã, phường với công trình.")
        if errors:
            raise ValidationError(errors)


class VillageDecision(ScopedModel):
    """What a village meeting decided about contributions to a work or campaign (Law on Grassroots
    Democracy 10/2022/QH15, art. 15): date, households, attendance and the share agreeing."""

    work = models.ForeignKey(Work, verbose_name=_("công trình"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="decisions")
    campaign = models.ForeignKey(Campaign, verbose_name=_("phong trào"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="decisions")
    day = models.DateField(_("ngày họp"))
    lock_date_field = "day"  # signed-off periods lock it (danvan.signoff)
    subject = models.CharField(_("nội dung quyết định"), max_length=300)
    households = models.PositiveIntegerField(_("số hộ của thôn"), validators=[MinValueValidator(1),
                                                                            MaxValueValidator(100_000)])
    attending = models.PositiveIntegerField(_("số hộ dự họp"), validators=[MaxValueValidator(100_000)])
    agreeing = models.PositiveIntegerField(_("số hộ tán thành"), validators=[MaxValueValidator(100_000)])
    org_kind = _org_kind_field()

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("quyết định của cuộc họp thôn")
        verbose_name_plural = _("quyết định của cuộc họp thôn")
        ordering = ["-day", "id"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.day:%d/%m/%Y})"

    def place(self) -> None:
        super().place()
        target = self.work or self.campaign
        if target is not None:
            self.org_kind = target.org_kind

    @property
    def agreeing_share(self) -> float:
        """Households agreeing, in percent of the village's households."""
        return round(100 * self.agreeing / self.households, 2) if self.households else 0.0

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.unit_id and self.unit.level != Level.VILLAGE:
            errors["unit"] = _("Cuộc họp phải là của một thôn, ấp, tổ dân phố.")
        if not self.work_id and not self.campaign_id:
            errors["work"] = _("Cần chọn công trình hoặc phong trào mà cuộc họp quyết định.")
        if self.attending is not None and self.households is not None and self.attending > self.households:
            errors["attending"] = _("Số hộ dự họp không được lớn hơn số hộ của thôn.")
        if self.agreeing is not None and self.attending is not None and self.agreeing > self.attending:
            errors["agreeing"] = _("Số hộ tán thành không được lớn hơn số hộ dự họp.")
        if errors:
            raise ValidationError(errors)


class Contribution(ScopedModel):
    """What the people gave: cash, labor-days, land — by a household or person of the registers,
    a collective, or an anonymous total for a village — to a work or a campaign.

    ``show_name`` is the contributor's consent to be named on the public page; without it the
    page says "Hộ gia đình" (or "Cá nhân") only. The unit is the contributor's village.
    """

    work = models.ForeignKey(Work, verbose_name=_("công trình"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="contributions")
    campaign = models.ForeignKey(Campaign, verbose_name=_("phong trào"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="contributions")
    day = models.DateField(_("ngày đóng góp"))
    lock_date_field = "day"  # signed-off periods lock it (danvan.signoff)
    contributor_type = models.CharField(_("người đóng góp"), max_length=12, choices=ContributorType.choices)
    household = models.ForeignKey("people.Household", verbose_name=_("hộ gia đình"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", verbose_name=_("cá nhân"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    collective_name = models.CharField(_("tên tập thể, doanh nghiệp"), max_length=200, blank=True)
    show_name = models.BooleanField(_("đồng ý công khai tên"), default=False,
                                    help_text=_("Người đóng góp đồng ý hiện tên trên bảng công khai."))
    cash_vnd = _vnd(_("tiền (đồng)"), default=0)
    labor_days = models.PositiveIntegerField(_("ngày công"), default=0, validators=[MaxValueValidator(MAX_LABOR_DAYS)])
    land_m2 = models.PositiveIntegerField(_("đất hiến (m²)"), default=0, validators=[MaxValueValidator(MAX_LAND_M2)])
    decision = models.ForeignKey(VillageDecision, verbose_name=_("theo quyết định họp thôn"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="contributions")
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    org_kind = _org_kind_field()

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("đóng góp của Nhân dân")
        verbose_name_plural = pgettext_lazy("plural", "đóng góp của Nhân dân")
        ordering = ["-day", "id"]
        indexes = [models.Index(fields=["work", "unit"], name="campaigns_contrib_work_idx")]

    def __str__(self) -> str:
        return f"{self.contributor()} — {self.day:%d/%m/%Y}"

    def place(self) -> None:
        if self.household_id and self.contributor_type == ContributorType.HOUSEHOLD:
            self.unit_id = self.household.unit_id
        elif self.person_id and self.contributor_type == ContributorType.PERSON and self.person.unit_id:
            self.unit_id = self.person.unit_id
        super().place()
        if self.work_id and not self.campaign_id:
            self.campaign_id = self.work.campaign_id
        target = self.work or self.campaign
        if target is not None:
            self.org_kind = target.org_kind

    def contributor(self) -> str:
        """The contributor's name as the registers know it (never for the public page)."""
        if self.contributor_type == ContributorType.HOUSEHOLD and self.household_id:
            return self.household.head_name
        if self.contributor_type == ContributorType.PERSON and self.person_id:
            return self.person.full_name
        if self.contributor_type == ContributorType.COLLECTIVE:
            return self.collective_name
        return str(ContributorType.ANONYMOUS.label)

    def public_name(self) -> str:
        """What the public page and the village board's notice show."""
        if self.contributor_type == ContributorType.COLLECTIVE:
            return self.collective_name
        if self.contributor_type == ContributorType.ANONYMOUS:
            return str(_("Nhân dân trong thôn"))
        if self.show_name:
            if self.contributor_type == ContributorType.HOUSEHOLD and self.household_id:
                return str(_("Hộ ông/bà %(name)s") % {"name": self.household.head_name})
            if self.person_id:
                return self.person.full_name
        return str(ContributorType(self.contributor_type).label)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.work_id and not self.campaign_id:
            errors["work"] = _("Cần chọn công trình hoặc phong trào được đóng góp.")
        if not (self.cash_vnd or self.labor_days or self.land_m2):
            errors["cash_vnd"] = _("Cần ghi số tiền, ngày công hoặc diện tích đất đóng góp.")
        kind = self.contributor_type
        if kind == ContributorType.HOUSEHOLD and not self.household_id:
            errors["household"] = _("Cần chọn hộ gia đình đóng góp.")
        if kind == ContributorType.PERSON and not self.person_id:
            errors["person"] = _("Cần chọn cá nhân đóng góp.")
        if kind == ContributorType.COLLECTIVE and not self.collective_name.strip():
            errors["collective_name"] = _("Cần ghi tên tập thể, doanh nghiệp đóng góp.")
        if kind != ContributorType.HOUSEHOLD and self.household_id:
            errors["household"] = _("Chỉ đóng góp của hộ gia đình mới chọn hộ.")
        if kind != ContributorType.PERSON and self.person_id:
            errors["person"] = _("Chỉ đóng góp của cá nhân mới chọn cá nhân.")
        if self.unit_id and self.unit.level != Level.VILLAGE:
            errors["unit"] = _("Đóng góp được ghi theo thôn, ấp, tổ dân phố của người đóng góp.")
        if self.work_id and self.campaign_id and self.work.campaign_id not in (None, self.campaign_id):
            errors["campaign"] = _("Công trình thuộc phong trào khác.")
        if self.work_id and self.unit_id and self.work.commune_id and self.unit.commune_id != self.work.commune_id:
            errors["unit"] = _("Người đóng góp phải ở cùng xã, phường với công trình.")
        if self.decision_id and self.unit_id and self.decision.unit_id != self.unit_id:
            errors["decision"] = _("Quyết định phải là của cuộc họp thôn nơi người đóng góp sinh sống.")
        if errors:
            raise ValidationError(errors)


class PovertyHelp(OrganizedMixin, ScopedModel):
    """An organization's help to a member's household to leave poverty.

    The exit itself is read from the household's annual reviews (``people.HouseholdPoverty``): the
    household left poverty in ``year`` when the review of ``year - 1`` found it poor or near-poor
    and the review of ``year`` did not. An exit undone by the next review (poor again) does not
    count. WK-POVERTY counts the helped households that exited.
    """

    household = models.ForeignKey("people.Household", verbose_name=_("hộ được giúp"), on_delete=models.PROTECT,
                                  related_name="+")
    member = models.ForeignKey("people.Person", verbose_name=_("đoàn viên, hội viên"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm thoát nghèo (kỳ rà soát)"),
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    help = models.TextField(_("nội dung giúp đỡ"))
    value_vnd = _vnd(_("trị giá hỗ trợ (đồng)"), default=0)

    class Meta:
        verbose_name = _("giúp hộ thoát nghèo")
        verbose_name_plural = _("giúp hộ thoát nghèo")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["household", "year", "organization"],
                                               name="campaigns_povertyhelp_unique")]

    def __str__(self) -> str:
        return f"{self.household} ({self.year})"

    def place(self) -> None:
        self.unit_id = self.household.unit_id
        super().place()
        self.take_org_kind()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.organization_id and not self.agency_name.strip():
            errors["organization"] = _("Cần chọn tổ chức giúp đỡ hoặc ghi tên cơ quan, đơn vị.")
        if self.member_id and self.household_id and self.member.household_id != self.household_id:
            errors["member"] = _("Đoàn viên, hội viên phải thuộc hộ được giúp.")
        if errors:
            raise ValidationError(errors)


class TrainingCourse(NamedMixin, OrganizedMixin, ScopedModel):
    """A training course for cadres (lớp tập huấn, bồi dưỡng) held by an organization at the level
    of its unit. Trainees are counted, or named (``Trainee``), or both."""

    code = models.CharField(_("mã lớp"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("chủ đề, tên lớp"), max_length=200)
    start = models.DateField(_("từ ngày"))
    lock_date_field = "start"  # signed-off periods lock it (danvan.signoff)
    end = models.DateField(_("đến ngày"))
    trainee_count = models.PositiveIntegerField(_("số học viên"), default=0, validators=[MaxValueValidator(100_000)],
                                                help_text=_("Để 0 nếu ghi tên từng học viên."))

    class Meta:
        verbose_name = _("lớp tập huấn, bồi dưỡng")
        verbose_name_plural = pgettext_lazy("plural", "lớp tập huấn, bồi dưỡng")
        ordering = ["-start", "id"]

    def __str__(self) -> str:
        return self.name

    def place(self) -> None:
        super().place()
        self.take_org_kind()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.unit_id and self.unit.level == Level.VILLAGE:
            errors["unit"] = _("Lớp tập huấn do cấp tỉnh hoặc cấp xã tổ chức.")
        if not self.organization_id and not self.agency_name.strip():
            errors["organization"] = _("Cần chọn tổ chức mở lớp hoặc ghi tên cơ quan, đơn vị.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        if errors:
            raise ValidationError(errors)


class Trainee(ScopedModel):
    """A named trainee of a course (a person of the registers); placed in the course's unit."""

    course = models.ForeignKey(TrainingCourse, verbose_name=_("lớp"), on_delete=models.CASCADE,
                               related_name="trainees")
    person = models.ForeignKey("people.Person", verbose_name=_("học viên"), on_delete=models.PROTECT,
                               related_name="+")
    org_kind = _org_kind_field()

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        ordering = ["course", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="campaigns_trainee_unique")]

    def __str__(self) -> str:
        return f"{self.person} — {self.course}"

    def place(self) -> None:
        self.unit_id = self.course.unit_id
        super().place()
        self.org_kind = self.course.org_kind


class Commendation(ScopedModel):
    """A commendation (giấy khen, bằng khen, cờ thi đua, …) issued at a level to a collective or a
    person, for a campaign, a "Dân vận khéo" model, or a year's work."""

    form = models.CharField(_("hình thức"), max_length=12, choices=CommendationForm.choices)
    issuer_level = models.CharField(_("cấp khen"), max_length=10, choices=IssuerLevel.choices)
    issuer = models.CharField(_("cơ quan khen thưởng"), max_length=200)
    decision_no = models.CharField(_("số quyết định"), max_length=60, blank=True)
    day = models.DateField(_("ngày khen thưởng"))
    lock_date_field = "day"  # signed-off periods lock it (danvan.signoff)
    recipient_type = models.CharField(_("đối tượng"), max_length=12, choices=RecipientType.choices)
    collective_name = models.CharField(_("tên tập thể"), max_length=200, blank=True)
    person = models.ForeignKey("people.Person", verbose_name=_("cá nhân"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, verbose_name=_("trong phong trào"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="commendations")
    exemplar = models.ForeignKey("exemplars.Exemplar", verbose_name=_("mô hình \"Dân vận khéo\""), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    year = models.PositiveSmallIntegerField(_("thành tích năm"), null=True, blank=True,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    reason = models.CharField(_("thành tích"), max_length=300, blank=True)
    org_kind = _org_kind_field()

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-day", "id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.recipient()}"

    def recipient(self) -> str:
        return self.person.full_name if self.person_id else self.collective_name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.recipient_type == RecipientType.PERSON and not self.person_id:
            errors["person"] = _("Cần chọn cá nhân được khen thưởng.")
        if self.recipient_type == RecipientType.COLLECTIVE and not self.collective_name.strip():
            errors["collective_name"] = _("Cần ghi tên tập thể được khen thưởng.")
        if self.recipient_type == RecipientType.COLLECTIVE and self.person_id:
            errors["person"] = _("Khen thưởng tập thể không chọn cá nhân.")
        if not (self.campaign_id or self.exemplar_id or self.year or self.reason.strip()):
            errors["reason"] = _("Cần ghi thành tích: phong trào, mô hình, năm công tác hoặc nội dung.")
        if errors:
            raise ValidationError(errors)


class WorkEvidence(Evidence):
    """A photo or document of a work (``core.evidence``): before, during, the handover."""

    parent_field = "work"
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = _("ảnh, tài liệu của công trình")
        verbose_name_plural = _("ảnh, tài liệu của công trình")

"""Registers: organizations, their village branches, people, memberships and households."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.models import NamedMixin, ScopedModel, code_validator
from danvan.geo.choices import Level

from .choices import BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex


class Organization(NamedMixin, ScopedModel):
    """The Front, a member organization, the commission or an agency at one level in one unit."""

    code = models.CharField(_("mã tổ chức"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("tên tổ chức"), max_length=200)
    kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrgKind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=OrgLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)

    scope_org_kind_field = "kind"

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = pgettext_lazy("plural", "tổ chức")
        ordering = ["name_sort"]

    def __str__(self) -> str:
        return self.name


class Branch(NamedMixin, ScopedModel):
    """An organization's cell in one village: chi hội, chi đoàn, tổ hội, ban công tác Mặt trận."""

    code = models.CharField(_("mã chi hội"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("tên chi hội"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=BranchKind.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="branches"
    )
    org_kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrgKind.choices, editable=False)
    founded = models.DateField(_("thành lập"), null=True, blank=True)
    dissolved = models.DateField(_("giải thể"), null=True, blank=True)

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("chi hội, chi đoàn")
        verbose_name_plural = pgettext_lazy("plural", "chi hội, chi đoàn")
        ordering = ["name_sort"]
        indexes = [models.Index(fields=["org_kind", "unit_path"], name="people_branch_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def place(self) -> None:
        super().place()
        self.org_kind = self.organization.kind

    def clean(self) -> None:
        if self.unit_id and self.unit.level != Level.VILLAGE:
            raise ValidationError({"unit": _("Chi hội phải thuộc một thôn, ấp, tổ dân phố.")})


class Household(NamedMixin, ScopedModel):
    """A household in a village."""

    code = models.CharField(_("mã hộ"), max_length=40, validators=[code_validator])
    head_name = models.CharField(_("chủ hộ"), max_length=120)
    size = models.PositiveSmallIntegerField(
        _("số nhân khẩu"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    address = models.CharField(_("địa chỉ"), max_length=200, blank=True)

    name_source = "head_name"

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = pgettext_lazy("plural", "hộ gia đình")
        ordering = ["name_sort", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="people_household_code_unique")]

    def __str__(self) -> str:
        return f"{self.head_name} ({self.code})"

    def clean(self) -> None:
        if self.unit_id and self.unit.level != Level.VILLAGE:
            raise ValidationError({"unit": _("Hộ gia đình phải thuộc một thôn, ấp, tổ dân phố.")})


class HouseholdPoverty(models.Model):
    """A household's poverty status in one review year (rà soát hộ nghèo)."""

    # No index of its own: the unique (household, year) index serves every lookup by household.
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="poverty", db_index=False)
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField(_("tình trạng"), max_length=10, choices=PovertyStatus.choices)
    # The household's province (a distribution key, as ``ScopedModel.province``): set by ``save``
    # and by every bulk writer; not indexed, no database constraint.
    province = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+", editable=False,
        db_index=False, db_constraint=False,
    )

    # Scope and history follow the household.
    scope_parent = "household"

    class Meta:
        verbose_name = _("tình trạng nghèo")
        verbose_name_plural = _("tình trạng nghèo")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["household", "year"], name="people_poverty_year_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_status_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.province_id is None and self.household_id is not None:
            household = self._state.fields_cache.get("household")
            self.province_id = household.province_id if household is not None else (
                Household.objects.filter(pk=self.household_id).values_list("province_id", flat=True).first())
        super().save(*args, **kwargs)


class Person(NamedMixin, ScopedModel):
    """A person: a member, a cadre, or both. Phone, birth year and ethnicity are personal data."""

    code = models.CharField(_("mã cá nhân"), max_length=40, unique=True, validators=[code_validator])
    full_name = models.CharField(_("họ và tên"), max_length=120)
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    ethnicity = models.CharField(_("dân tộc"), max_length=40, blank=True)
    phone = models.CharField(
        _("số điện thoại"), max_length=15, blank=True,
        validators=[RegexValidator(r"^\+?[0-9 .]{8,15}$", _("Số điện thoại không hợp lệ."))],
    )
    household = models.ForeignKey(
        Household, verbose_name=_("hộ gia đình"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="residents",
    )
    is_cadre = models.BooleanField(_("là cán bộ"), default=False)
    # Sensitive personal data (Law 91/2025/QH15): Party membership is treated like ethnicity.
    party_member = models.BooleanField(_("là đảng viên"), default=False, db_default=False)

    name_source = "full_name"
    PERSONAL_FIELDS = ("birth_year", "ethnicity", "phone", "party_member")
    # Sensitive personal data (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): role-gated, access logged.
    SENSITIVE_FIELDS = ("ethnicity", "party_member")

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = pgettext_lazy("plural", "cá nhân")
        ordering = ["name_sort", "id"]

    def __str__(self) -> str:
        return self.full_name


class Membership(ScopedModel):
    """A person's membership of one branch, from joining to leaving."""

    # Indexed by the (person, branch) unique constraint; a second index would only slow imports.
    person = models.ForeignKey(
        Person, verbose_name=_("hội viên"), on_delete=models.CASCADE, related_name="memberships", db_index=False
    )
    branch = models.ForeignKey(Branch, verbose_name=_("chi hội"), on_delete=models.PROTECT, related_name="memberships")
    org_kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrgKind.choices, editable=False)
    joined = models.DateField(_("ngày vào"), null=True, blank=True)
    left = models.DateField(_("ngày ra"), null=True, blank=True)
    attends_regularly = models.BooleanField(_("sinh hoạt thường xuyên"), default=True)

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("hội viên")
        verbose_name_plural = pgettext_lazy("plural", "hội viên")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "branch"], name="people_membership_unique"),
        ]
        indexes = [models.Index(fields=["org_kind", "unit_path"], name="people_member_kind_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.branch}"

    def place(self) -> None:
        self.unit = self.branch.unit
        super().place()
        self.org_kind = self.branch.org_kind

    def clean(self) -> None:
        if self.joined and self.left and self.left < self.joined:
            raise ValidationError({"left": _("Ngày ra không được trước ngày vào.")})

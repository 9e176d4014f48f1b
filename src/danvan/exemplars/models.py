"""The "Dân vận khéo" register: models (mô hình) and exemplars (điển hình), with their dated
lifecycle (``lifecycle.py``), the model each one replicates, and photos and documents as evidence."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.evidence import Evidence
from danvan.core.models import NamedMixin, ScopedModel
from danvan.core.workflow import StateChange
from danvan.geo.choices import Level

from .choices import PUBLIC_STATES, ExemplarKind, Field, OrgKind, OwnerType, ReviewResult, State

MAX_LABOR_DAYS = 10_000_000
MAX_VND = 10**15


class Exemplar(NamedMixin, ScopedModel):
    """A registered "Dân vận khéo" model or exemplar, applied in a commune or a village.

    Its content follows the registration form practice uses (situation and reason, goals and
    criteria, how, where and for whom, who leads and takes part, resources, timeline, verifiable
    outputs, sustainability). ``state`` changes only through ``core.workflow.transition``.
    """

    name = models.CharField(_("tên mô hình, điển hình"), max_length=200)
    kind = models.CharField(_("loại"), max_length=10, choices=ExemplarKind.choices, default=ExemplarKind.MODEL)
    owner_type = models.CharField(_("chủ thể"), max_length=10, choices=OwnerType.choices,
                                  default=OwnerType.COLLECTIVE)
    person = models.ForeignKey("people.Person", verbose_name=_("cá nhân điển hình"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey("people.Organization", verbose_name=_("tổ chức đăng ký"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    agency_name = models.CharField(_("cơ quan, đơn vị đăng ký"), max_length=200, blank=True,
                                   help_text=_("Khi đơn vị đăng ký không có trong danh sách tổ chức."))
    org_kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrgKind.choices, default=OrgKind.AGENCY,
                                help_text=_("Lấy theo tổ chức đăng ký, nếu có."))
    field = models.CharField(_("lĩnh vực"), max_length=10, choices=Field.choices)
    # -- the registration content
    situation = models.TextField(_("thực trạng, lý do xây dựng"), blank=True)
    goals = models.TextField(_("mục tiêu, tiêu chí"), blank=True)
    method = models.TextField(_("nội dung, cách thức thực hiện"), blank=True)
    target = models.TextField(_("địa bàn, đối tượng"), blank=True)
    participants = models.TextField(_("chủ trì, phối hợp, tham gia"), blank=True)
    resources = models.TextField(_("nguồn lực (kinh phí, cơ sở vật chất, xã hội hóa)"), blank=True)
    labor_days = models.PositiveIntegerField(_("ngày công"), null=True, blank=True,
                                             validators=[MaxValueValidator(MAX_LABOR_DAYS)])
    budget = models.PositiveBigIntegerField(_("kinh phí (đồng)"), null=True, blank=True,
                                            validators=[MaxValueValidator(MAX_VND)])
    starts = models.DateField(_("bắt đầu thực hiện"), null=True, blank=True)
    review_due = models.DateField(_("thời điểm sơ kết, đánh giá"), null=True, blank=True)
    outputs = models.TextField(_("sản phẩm, kết quả kiểm chứng được"), blank=True)
    sustainability = models.TextField(_("khả năng duy trì, nhân rộng"), blank=True)
    # -- lifecycle
    registered = models.DateField(_("ngày đăng ký"))
    # Changed only by ``core.workflow.transition`` (forms and the API leave them out); editable so
    # that the audit trail records them.
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.REGISTERED)
    review_result = models.CharField(_("kết quả sơ kết"), max_length=12, choices=ReviewResult.choices, blank=True)
    origin = models.ForeignKey("self", verbose_name=_("nhân rộng từ mô hình"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="replicas")
    # -- the public page
    public = models.BooleanField(_("công khai"), default=False,
                                 help_text=_("Hiện trên trang công khai khi đã tiêu biểu hoặc được khen thưởng."))
    public_title = models.CharField(_("tiêu đề công khai"), max_length=200, blank=True,
                                    help_text=_("Bắt buộc với điển hình cá nhân: trang công khai không hiện tên, "
                                                "thông tin cá nhân."))
    public_story = models.TextField(_("câu chuyện công khai"), blank=True)

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("mô hình, điển hình")
        verbose_name_plural = pgettext_lazy("plural", "mô hình, điển hình")
        ordering = ["name_sort", "id"]
        indexes = [models.Index(fields=["org_kind", "unit_path"], name="exemplars_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exemplars:exemplar_detail", kwargs={"pk": self.pk})

    def place(self) -> None:
        super().place()
        if self.organization_id:
            self.org_kind = self.organization.kind

    def registrant(self) -> str:
        """The registering organization, or the agency named instead."""
        return self.organization.name if self.organization_id else self.agency_name

    def is_public(self) -> bool:
        """Shown on the public page: marked public by an editor and at least typical or commended."""
        return self.public and self.state in PUBLIC_STATES

    def public_heading(self) -> str:
        """What the public page calls it: the editor's public title (an individual's name never)."""
        return self.public_title or ("" if self.owner_type == OwnerType.INDIVIDUAL else self.name)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.unit_id and self.unit.level not in (Level.COMMUNE, Level.VILLAGE):
            errors["unit"] = _("Mô hình phải gắn với một xã, phường hoặc thôn, ấp nơi thực hiện.")
        if not self.organization_id and not self.agency_name.strip():
            errors["organization"] = _("Cần chọn tổ chức đăng ký hoặc ghi tên cơ quan, đơn vị đăng ký.")
        if self.person_id and self.owner_type != OwnerType.INDIVIDUAL:
            errors["person"] = _("Chỉ điển hình cá nhân mới gắn với một cá nhân.")
        if self.public and not self.public_story.strip():
            errors["public_story"] = _("Cần viết câu chuyện công khai trước khi đánh dấu công khai.")
        if self.public and self.owner_type == OwnerType.INDIVIDUAL and not self.public_title.strip():
            errors["public_title"] = _("Điển hình cá nhân cần tiêu đề công khai (không nêu thông tin cá nhân).")
        if self.origin_id:
            self._clean_origin(errors)
        if self.pk and self.registered:
            first = self.state_changes.order_by("day").values_list("day", flat=True).first()
            if first and first < self.registered:
                errors["registered"] = _("Ngày đăng ký không được sau ngày chuyển trạng thái đầu tiên (%(day)s).") % {
                    "day": f"{first:%d/%m/%Y}"}
        if errors:
            raise ValidationError(errors)

    def _clean_origin(self, errors: dict[str, Any]) -> None:
        seen, current = {self.pk}, self.origin
        while current is not None:
            if current.pk in seen:
                errors["origin"] = _("Mô hình không thể nhân rộng từ chính nó hoặc từ bản nhân rộng của nó.")
                return
            seen.add(current.pk)
            current = current.origin

    def lineage(self) -> list["Exemplar"]:
        """The models it descends from, nearest first."""
        out, current = [], self.origin
        while current is not None and current not in out:
            out.append(current)
            current = current.origin
        return out


class ExemplarStateChange(StateChange):
    """One dated move of an exemplar's lifecycle (its history)."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="state_changes")
    review_result = models.CharField(_("kết quả sơ kết"), max_length=12, choices=ReviewResult.choices, blank=True)

    scope_parent = "exemplar"

    class Meta(StateChange.Meta):
        verbose_name = _("bước chuyển trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")

    def from_label(self) -> str:
        return str(State(self.from_state).label) if self.from_state in State.values else self.from_state

    def to_label(self) -> str:
        return str(State(self.to_state).label) if self.to_state in State.values else self.to_state


class ExemplarEvidence(Evidence):
    """A photo or document of an exemplar (``core.evidence``): the declaration's ``evidence=`` serves it."""

    parent_field = "exemplar"
    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = _("ảnh, tài liệu của mô hình")
        verbose_name_plural = _("ảnh, tài liệu của mô hình")

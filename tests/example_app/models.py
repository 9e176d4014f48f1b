"""One register model: a notice posted in a village by one organization."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.choices import OrgKind
from danvan.core.evidence import Evidence
from danvan.core.models import NamedMixin, ScopedModel, code_validator


class Notice(NamedMixin, ScopedModel):
    """A notice (thông báo) of an organization in a village."""

    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("tiêu đề"), max_length=200)
    org_kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrgKind.choices)
    posted = models.DateField(_("ngày đăng"), null=True, blank=True)

    scope_org_kind_field = "org_kind"

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["name_sort"]

    def __str__(self) -> str:
        return self.name


class NoticeEvidence(Evidence):
    """A photo or document of a notice (``core.evidence``): the declaration's ``evidence=`` does the rest."""

    parent_field = "notice"
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = _("ảnh, tài liệu của thông báo")

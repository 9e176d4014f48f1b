"""The personal-data registers (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): each person's legal
bases for processing (consents with their proof and withdrawal), data-subject requests with their
deadlines and lifecycle (``lifecycle.py``), and the breach register with its 72-hour clock."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.models import ScopedModel
from danvan.core.workflow import StateChange

from . import deadlines
from .choices import OPEN_REQUEST_STATES, BasisKind, BasisSource, RequestKind, RequestState

DEFAULT_AUTHORITY = "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05), Bộ Công an"


class LegalBasis(ScopedModel):
    """One legal basis on which a person's data is processed: a consent (with its proof), or
    another basis the law names. A consent is never by default and may be withdrawn."""

    person = models.ForeignKey("people.Person", verbose_name=_("cá nhân"), on_delete=models.CASCADE,
                               related_name="legal_bases")
    kind = models.CharField(_("căn cứ xử lý"), max_length=20, choices=BasisKind.choices, default=BasisKind.CONSENT)
    purpose = models.CharField(_("mục đích xử lý"), max_length=200,
                               help_text=_("Ví dụ: quản lý hội viên, liên hệ sinh hoạt chi hội."))
    given_on = models.DateField(_("ngày đồng ý / ngày có căn cứ"))
    source = models.CharField(_("nguồn, chứng cứ"), max_length=10, choices=BasisSource.choices,
                              default=BasisSource.PAPER)
    reference = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    withdrawn_on = models.DateField(_("ngày rút lại"), null=True, blank=True)

    class Meta:
        verbose_name = _("căn cứ xử lý dữ liệu")
        verbose_name_plural = pgettext_lazy("plural", "căn cứ xử lý dữ liệu")
        ordering = ["-given_on", "id"]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("privacy:legalbasis_detail", kwargs={"pk": self.pk})

    def place(self) -> None:
        self.unit = self.person.unit
        super().place()

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        today = timezone.localdate()
        if self.given_on and self.given_on > today:
            errors["given_on"] = _("Ngày đồng ý không được sau hôm nay.")
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            errors["withdrawn_on"] = _("Ngày rút lại không được trước ngày đồng ý.")
        if self.withdrawn_on and self.kind != BasisKind.CONSENT:
            errors["withdrawn_on"] = _("Chỉ sự đồng ý mới được rút lại.")
        if errors:
            raise ValidationError(errors)


class DataRequest(ScopedModel):
    """A data subject's request (access, correction, deletion, …) and its clock: acknowledged within
    2 working days, done within 15 days (20 with third parties), one extension of ≤ 15 days.

    ``state`` changes only through ``core.workflow.transition`` (``lifecycle.py``)."""

    person = models.ForeignKey("people.Person", verbose_name=_("chủ thể dữ liệu"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="data_requests",
                               help_text=_("Để trống nếu người yêu cầu không có trong danh sách."))
    requester = models.CharField(_("người yêu cầu"), max_length=120,
                                 help_text=_("Chủ thể dữ liệu hoặc người đại diện hợp pháp."))
    kind = models.CharField(_("loại yêu cầu"), max_length=12, choices=RequestKind.choices)
    details = models.TextField(_("nội dung yêu cầu"), blank=True)
    received_on = models.DateField(_("ngày tiếp nhận"))
    third_parties = models.BooleanField(_("cần bên thứ ba thực hiện"), default=False,
                                        help_text=_("Thời hạn 20 ngày thay vì 15 ngày."))
    acknowledge_by = models.DateField(_("hạn xác nhận"), editable=False)
    due = models.DateField(_("hạn giải quyết"), editable=False)
    # Set by the lifecycle's moves (forms and the API leave them out); editable so the audit records them.
    state = models.CharField(_("trạng thái"), max_length=20, choices=RequestState.choices,
                             default=RequestState.RECEIVED)
    acknowledged_on = models.DateField(_("ngày xác nhận"), null=True, blank=True)
    extended_to = models.DateField(_("gia hạn đến"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    outcome = models.TextField(_("kết quả giải quyết"), blank=True)

    class Meta:
        verbose_name = _("yêu cầu của chủ thể dữ liệu")
        verbose_name_plural = pgettext_lazy("plural", "yêu cầu của chủ thể dữ liệu")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:  # no personal data: page titles and the audit trail show it
        received = f"{self.received_on:%d/%m/%Y}" if self.received_on else ""
        return f"{self.get_kind_display()} · {received}"

    def get_absolute_url(self) -> str:
        return reverse("privacy:datarequest_detail", kwargs={"pk": self.pk})

    def set_deadlines(self) -> None:
        """The clock, from the day received and whether third parties must act."""
        if self.received_on:
            self.acknowledge_by = deadlines.acknowledge_by(self.received_on)
            self.due = deadlines.due_on(self.received_on, self.third_parties)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_deadlines()
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_REQUEST_STATES

    @property
    def current_due(self) -> dt.date:
        return self.extended_to or self.due

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Open past its (extended) due day, or still unacknowledged past the acknowledgement day."""
        today = today or timezone.localdate()
        if not self.is_open:
            return False
        late_ack = self.state == RequestState.RECEIVED and today > self.acknowledge_by
        return late_ack or today > self.current_due

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = _("Ngày tiếp nhận không được sau hôm nay.")
        if self.pk and self.received_on:
            first = self.state_changes.order_by("day").values_list("day", flat=True).first()
            if first and first < self.received_on:
                errors["received_on"] = _("Ngày tiếp nhận không được sau ngày xử lý đầu tiên (%(day)s).") % {
                    "day": f"{first:%d/%m/%Y}"}
        if errors:
            raise ValidationError(errors)


class DataRequestStateChange(StateChange):
    """One dated move of a data-subject request (its history)."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="state_changes")
    extended_to = models.DateField(_("gia hạn đến"), null=True, blank=True)

    scope_parent = "request"

    class Meta(StateChange.Meta):
        verbose_name = _("bước xử lý yêu cầu")
        verbose_name_plural = _("lịch sử xử lý yêu cầu")

    def from_label(self) -> str:
        return str(RequestState(self.from_state).label) if self.from_state in RequestState.values else self.from_state

    def to_label(self) -> str:
        return str(RequestState(self.to_state).label) if self.to_state in RequestState.values else self.to_state


class Breach(ScopedModel):
    """A personal-data breach and its notification to the data-protection agency within 72 hours
    of discovery (Law 91/2025/QH15 art. 23.1)."""

    title = models.CharField(_("tóm tắt"), max_length=200)
    discovered_at = models.DateTimeField(_("phát hiện lúc"))
    notify_deadline = models.DateTimeField(_("hạn thông báo (72 giờ)"), editable=False)
    notified_at = models.DateTimeField(_("đã thông báo lúc"), null=True, blank=True)
    authority = models.CharField(_("cơ quan được thông báo"), max_length=200, default=DEFAULT_AUTHORITY)
    description = models.TextField(_("diễn biến"), blank=True)
    data_kinds = models.TextField(_("loại dữ liệu bị ảnh hưởng"), blank=True)
    sensitive = models.BooleanField(_("có dữ liệu nhạy cảm"), default=False)
    people_affected = models.PositiveIntegerField(_("số người bị ảnh hưởng"), null=True, blank=True)
    measures = models.TextField(_("biện pháp khắc phục"), blank=True)

    class Meta:
        verbose_name = _("vi phạm dữ liệu cá nhân")
        verbose_name_plural = pgettext_lazy("plural", "vi phạm dữ liệu cá nhân")
        ordering = ["-discovered_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("privacy:breach_detail", kwargs={"pk": self.pk})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.discovered_at:
            self.notify_deadline = deadlines.notify_deadline(self.discovered_at)
        super().save(*args, **kwargs)

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        """Not notified and past the 72 hours, or notified late."""
        deadline = deadlines.notify_deadline(self.discovered_at)
        if self.notified_at is not None:
            return self.notified_at > deadline
        return (now or timezone.now()) > deadline

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        now = timezone.now()
        if self.discovered_at and self.discovered_at > now:
            errors["discovered_at"] = _("Thời điểm phát hiện không được sau hiện tại.")
        if self.notified_at and self.notified_at > now:
            errors["notified_at"] = _("Thời điểm thông báo không được sau hiện tại.")
        if self.notified_at and self.discovered_at and self.notified_at < self.discovered_at:
            errors["notified_at"] = _("Thời điểm thông báo không được trước khi phát hiện.")
        if errors:
            raise ValidationError(errors)

"""The people's voice: petitions (kiến nghị, phản ánh, khiếu nại, tố cáo) with their routing,
deadlines and answers; receptions and dialogues with the commitments made there; oversight and
social-critique sessions with their recommendations followed to implementation.

Deadlines come from rules stored as data (``DeadlineRule``, ``DayOff``; see ``deadlines.py``):
a petition keeps the due dates its rules gave it on the day it was received (``due_*``, derived
on save, never typed), so a rule changed later does not move an old case. "Overdue" is never
stored: it is a due date before today while the case is open.

A petition is placed in its village (or commune, when no village is known); a body, a rule, a
dialogue and a session in the unit of the committee or organization that holds them.
"""

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.evidence import Evidence
from danvan.core.models import NamedMixin, ScopedModel
from danvan.core.workflow import StateChange
from danvan.geo.choices import Level

from .choices import (
    ANONYMOUS_KINDS,
    OPEN_STATES,
    BodyKind,
    Channel,
    DayCount,
    DialogueKind,
    DialoguePeriod,
    PetitionField,
    PetitionKind,
    PetitionState,
    RecommendationState,
    SessionKind,
    Stage,
)

# No 0/O, 1/I/L: a code read over the phone is typed back right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31**10 ≈ 8·10^14: not guessable under the public page's rate limit


def new_tracking_code() -> str:
    """``KN-`` and ten unambiguous characters, e.g. ``KN-7X3F9QPA2M``."""
    return "KN-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def sender_name(sender: Any) -> str:
    """How a petition's sender (the first, or a joined ``Petitioner``) is named: anonymous ones as such."""
    if sender.anonymous:
        return str(_("(không nêu danh tính)"))
    return sender.name or (sender.person.full_name if sender.person_id else "")


def _after(start: Any, end: Any, field: str, message: Any) -> None:
    if start and end and end < start:
        raise ValidationError({field: message})


# ---------------------------------------------------------------- bodies and rules
class Body(NamedMixin, ScopedModel):
    """A body petitions are routed to (an organization or agency at a unit: "UBND xã Mỹ Khánh",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy"); ``email`` receives its daily digest."""

    name = models.CharField(_("tên cơ quan, tổ chức"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=BodyKind.choices, default=BodyKind.GOVERNMENT)
    email = models.EmailField(_("thư điện tử nhận bản tin hằng ngày"), blank=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan tiếp nhận, giải quyết")
        verbose_name_plural = _("cơ quan tiếp nhận, giải quyết")
        ordering = ["unit_path", "name_sort"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.unit_id and self.unit.level == Level.VILLAGE:
            raise ValidationError({"unit": _("Cơ quan thuộc cấp tỉnh hoặc cấp xã.")})


class DeadlineRule(ScopedModel):
    """How many (calendar or working) days a stage of a petition may take, for a kind and a
    channel (empty: any), valid from a date. The nearest rule above the petition's place that is
    valid on the day the stage starts applies; the most specific wins (``deadlines.py``)."""

    stage = models.CharField(_("bước"), max_length=10, choices=Stage.choices)
    kind = models.CharField(_("loại đơn"), max_length=15, choices=PetitionKind.choices, blank=True,
                            help_text=_("Để trống: mọi loại."))
    channel = models.CharField(_("kênh tiếp nhận"), max_length=15, choices=Channel.choices, blank=True,
                               help_text=_("Để trống: mọi kênh."))
    complex = models.BooleanField(_("vụ việc phức tạp"), null=True, blank=True,
                                  help_text=_("Để trống: mọi vụ việc."))
    days = models.PositiveSmallIntegerField(_("số ngày"), validators=[MinValueValidator(1), MaxValueValidator(365)])
    count = models.CharField(_("cách tính"), max_length=10, choices=DayCount.choices, default=DayCount.CALENDAR)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=300, blank=True,
                              help_text=_("Ví dụ: Luật Khiếu nại 2011, Điều 27."))

    class Meta:
        verbose_name = _("quy định thời hạn")
        verbose_name_plural = _("quy định thời hạn")
        ordering = ["unit_path", "stage", "kind", "channel", "-valid_from"]

    def __str__(self) -> str:
        return str(_("%(stage)s: %(days)s %(count)s") % {
            "stage": self.get_stage_display(), "days": self.days, "count": self.get_count_display()})

    def clean(self) -> None:
        _after(self.valid_from, self.valid_to, "valid_to", _("Ngày hết hiệu lực không được trước ngày áp dụng."))


class DayOff(ScopedModel):
    """A day the site adds to the public holidays (a province's own day off), or a weekend day
    worked in exchange for a bridge day (``working``)."""

    date = models.DateField(_("ngày"))
    name = models.CharField(_("lý do"), max_length=200)
    working = models.BooleanField(_("là ngày làm việc bù"), default=False,
                                  help_text=_("Đánh dấu khi một ngày thứ Bảy, Chủ nhật phải đi làm bù."))

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["-date", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "date"], name="voice_dayoff_unique")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


# ---------------------------------------------------------------- dialogues (before petitions: issues raised there)
class Dialogue(ScopedModel):
    """A reception of citizens by the head of the Party committee, a direct dialogue, the commune's
    dialogue conference or a voters' meeting: who hosted, who came, the written notice sent after.
    The issues raised are petitions (``Petition.dialogue``); the commitments made, ``Commitment``."""

    kind = models.CharField(_("hình thức"), max_length=15, choices=DialogueKind.choices)
    date = models.DateField(_("ngày"))
    lock_date_field = "date"  # signed-off periods lock it (danvan.signoff)
    host = models.CharField(_("người chủ trì"), max_length=200, help_text=_("Ví dụ: Bí thư Đảng ủy xã Nguyễn Văn A."))
    place_name = models.CharField(_("địa điểm"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("số người dự"), default=0, validators=[MaxValueValidator(1_000_000)])
    participant_notes = models.TextField(_("thành phần tham dự"), blank=True)
    summary = models.TextField(_("nội dung, kết quả"), blank=True)
    notice_on = models.DateField(_("ngày gửi thông báo kết luận"), null=True, blank=True)
    notice = models.TextField(_("thông báo kết luận"), blank=True)

    class Meta:
        verbose_name = _("cuộc tiếp dân, đối thoại")
        verbose_name_plural = pgettext_lazy("plural", "cuộc tiếp dân, đối thoại")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y} — {self.unit.name}"

    def get_absolute_url(self) -> str:
        return reverse("voice:dialogue_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.unit_id and self.unit.level == Level.VILLAGE:
            raise ValidationError({"unit": _("Tiếp dân, đối thoại do cấp tỉnh hoặc cấp xã tổ chức.")})
        _after(self.date, self.notice_on, "notice_on", _("Thông báo không được gửi trước ngày đối thoại."))


class Commitment(ScopedModel):
    """A commitment made at a dialogue: what, who answers for it, by when, and when it was done."""

    dialogue = models.ForeignKey(Dialogue, verbose_name=_("cuộc đối thoại"), on_delete=models.CASCADE,
                                 related_name="commitments")
    text = models.TextField(_("nội dung cam kết"))
    owner = models.ForeignKey(Body, verbose_name=_("cơ quan chịu trách nhiệm"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="commitments")
    owner_name = models.CharField(_("người chịu trách nhiệm"), max_length=200, blank=True)
    due = models.DateField(_("hạn thực hiện"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    result = models.TextField(_("kết quả thực hiện"), blank=True)

    class Meta:
        verbose_name = _("cam kết tại đối thoại")
        verbose_name_plural = _("cam kết tại đối thoại")
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("voice:commitment_detail", kwargs={"pk": self.pk})

    def place(self) -> None:
        self.unit_id = self.dialogue.unit_id
        super().place()

    def clean(self) -> None:
        _after(self.dialogue.date if self.dialogue_id else None, self.due, "due",
               _("Hạn thực hiện không được trước ngày đối thoại."))


class DialogueRule(ScopedModel):
    """How often units of a level must hold a kind of dialogue (QĐ 11-QĐi/TW as amended by
    KL 215-KL/TW: the head of the Party committee receives citizens at least 1 day a month at
    province level, 2 at commune level; the commune dialogue conference at least once a year)."""

    kind = models.CharField(_("hình thức"), max_length=15, choices=DialogueKind.choices)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=[(Level.PROVINCE, Level.PROVINCE.label),
                                                                (Level.COMMUNE, Level.COMMUNE.label)])
    times = models.PositiveSmallIntegerField(_("số lần tối thiểu"), default=1,
                                             validators=[MinValueValidator(1), MaxValueValidator(100)])
    period = models.CharField(_("trong"), max_length=10, choices=DialoguePeriod.choices, default=DialoguePeriod.MONTH)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("quy định tiếp dân, đối thoại")
        verbose_name_plural = _("quy định tiếp dân, đối thoại")
        ordering = ["unit_path", "kind", "level", "-valid_from"]

    def __str__(self) -> str:
        return str(_("%(kind)s, %(level)s: %(times)s lần %(period)s") % {
            "kind": self.get_kind_display(), "level": self.get_level_display(), "times": self.times,
            "period": self.get_period_display()})

    def clean(self) -> None:
        _after(self.valid_from, self.valid_to, "valid_to", _("Ngày hết hiệu lực không được trước ngày áp dụng."))


# ---------------------------------------------------------------- petitions
class ConsolidatedReply(ScopedModel):
    """One written answer to a round of petitions (voters' petitions are answered in one document
    per round): linking a petition to it answers the petition on its date."""

    body = models.ForeignKey(Body, verbose_name=_("cơ quan trả lời"), on_delete=models.PROTECT, related_name="replies")
    title = models.CharField(_("tiêu đề"), max_length=300, help_text=_("Ví dụ: Trả lời kiến nghị cử tri trước kỳ họp."))
    date = models.DateField(_("ngày trả lời"))
    text = models.TextField(_("nội dung trả lời"))
    public = models.BooleanField(_("công khai"), default=True,
                                 help_text=_("Người gửi xem được câu trả lời bằng mã tra cứu; trang công khai liệt kê."))

    class Meta:
        verbose_name = _("văn bản trả lời tổng hợp")
        verbose_name_plural = _("văn bản trả lời tổng hợp")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("voice:reply_detail", kwargs={"pk": self.pk})


class Petition(ScopedModel):
    """A petition, feedback, complaint or denunciation: what, from whom, through which channel, about
    which field; routed to a responsible body; moved through its states (``lifecycle.py``);
    answered alone or in a consolidated reply. Duplicates merged into one case keep every
    petitioner (``Petitioner``)."""

    code = models.CharField(_("mã tra cứu"), max_length=20, unique=True, default=new_tracking_code, editable=False)
    kind = models.CharField(_("loại"), max_length=15, choices=PetitionKind.choices, default=PetitionKind.PETITION)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=15, choices=Channel.choices, default=Channel.DIRECT)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=PetitionField.choices, default=PetitionField.OTHER)
    title = models.CharField(_("tóm tắt"), max_length=300)
    text = models.TextField(_("nội dung"))
    complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    received = models.DateField(_("ngày tiếp nhận"))
    # the petitioner who filed it (more may join when duplicates are merged)
    person = models.ForeignKey("people.Person", verbose_name=_("người gửi (trong danh sách)"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("họ tên người gửi"), max_length=200, blank=True)
    contact = models.CharField(_("điện thoại, thư điện tử"), max_length=200, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    anonymous = models.BooleanField(_("không nêu danh tính"), default=False)
    # routing and state
    body = models.ForeignKey(Body, verbose_name=_("cơ quan chịu trách nhiệm"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="petitions")
    state = models.CharField(_("trạng thái"), max_length=12, choices=PetitionState.choices, default=PetitionState.RECEIVED,
                             editable=False)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True, editable=False)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True, editable=False)
    resolved_on = models.DateField(_("ngày giải quyết xong"), null=True, blank=True, editable=False)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answer_public = models.BooleanField(_("công khai câu trả lời"), default=False,
                                       help_text=_("Người gửi xem được bằng mã tra cứu; trang công khai của xã liệt kê."))
    reply = models.ForeignKey(ConsolidatedReply, verbose_name=_("văn bản trả lời tổng hợp"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="petitions")
    # where it came from
    visit = models.ForeignKey("meetings.Visit", verbose_name=_("lượt dự sinh hoạt"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    dialogue = models.ForeignKey(Dialogue, verbose_name=_("cuộc tiếp dân, đối thoại"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="petitions")
    merged_into = models.ForeignKey("self", verbose_name=_("gộp vào vụ việc"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="merged", editable=False)
    # due dates derived from the rules on save (``deadlines.py``); never typed
    due_accept = models.DateField(_("hạn thụ lý"), null=True, blank=True, editable=False)
    due_answer = models.DateField(_("hạn trả lời, giải quyết"), null=True, blank=True, editable=False)
    due_notify = models.DateField(_("hạn báo kết quả cho Mặt trận"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ý kiến, kiến nghị")
        verbose_name_plural = pgettext_lazy("plural", "ý kiến, kiến nghị")
        ordering = ["-received", "-id"]
        indexes = [models.Index(fields=["state", "due_answer"], name="voice_petition_due_idx")]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("voice:petition_detail", kwargs={"pk": self.pk})

    def place(self) -> None:
        super().place()
        from .deadlines import fill_due_dates  # the rules' resolver reads this model's rules

        fill_due_dates(self)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def running_due_field(self) -> str:
        """The due date running now: to accept while the case waits (when a rule gives one), then to
        answer; "" when closed (``escalation.RUNNING_DUE`` is the same in SQL)."""
        if not self.is_open:
            return ""
        if self.state in (PetitionState.RECEIVED, PetitionState.CLASSIFIED) and self.due_accept:
            return "due_accept"
        return "due_answer"

    def due(self) -> Any:
        """The deadline running now (None when closed)."""
        name = self.running_due_field()
        return getattr(self, name) if name else None

    def petitioner_names(self) -> list[str]:
        """Everyone who sent this case, the first petitioner first (anonymous ones as such)."""
        return [sender_name(self)] + [sender_name(p) for p in self.petitioners.all()]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.anonymous and self.kind not in ANONYMOUS_KINDS:
            errors["anonymous"] = _("Khiếu nại, tố cáo phải ghi rõ họ tên, địa chỉ người gửi.")
        if not self.anonymous and not (self.name.strip() or self.person_id):
            errors["name"] = _("Cần họ tên người gửi, chọn người trong danh sách, hoặc đánh dấu không nêu danh tính.")
        if self.answer_public and not self.answer.strip() and not self.reply_id:
            errors["answer_public"] = _("Chưa có nội dung trả lời để công khai.")
        if errors:
            raise ValidationError(errors)


class Petitioner(ScopedModel):
    """Another sender of the same case: joined when a duplicate was merged into it, or added."""

    petition = models.ForeignKey(Petition, verbose_name=_("vụ việc"), on_delete=models.CASCADE,
                                 related_name="petitioners")
    person = models.ForeignKey("people.Person", verbose_name=_("người gửi (trong danh sách)"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("họ tên"), max_length=200, blank=True)
    contact = models.CharField(_("điện thoại, thư điện tử"), max_length=200, blank=True)
    anonymous = models.BooleanField(_("không nêu danh tính"), default=False)
    from_code = models.CharField(_("từ đơn"), max_length=20, blank=True,
                                 help_text=_("Mã tra cứu của đơn đã gộp vào vụ việc này."))

    class Meta:
        verbose_name = _("người gửi")
        verbose_name_plural = _("người gửi")
        ordering = ["petition", "id"]

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self) -> str:
        return sender_name(self)

    def place(self) -> None:
        self.unit_id = self.petition.unit_id
        super().place()


class Referral(ScopedModel):
    """One step of a petition's routing: from which body to which, when and why. The petition's
    ``body`` is the last referral's; a wrong routing is re-sent without losing the history."""

    petition = models.ForeignKey(Petition, verbose_name=_("vụ việc"), on_delete=models.CASCADE,
                                 related_name="referrals")
    date = models.DateField(_("ngày chuyển"))
    from_body = models.ForeignKey(Body, verbose_name=_("từ cơ quan"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    to_body = models.ForeignKey(Body, verbose_name=_("đến cơ quan"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lượt chuyển đơn")
        verbose_name_plural = _("lượt chuyển đơn")
        ordering = ["petition", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} → {self.to_body}"

    def place(self) -> None:
        self.unit_id = self.petition.unit_id
        super().place()


class PetitionChange(StateChange):
    """One dated move of a petition (its history)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="state_changes")

    scope_parent = "petition"

    class Meta(StateChange.Meta):
        verbose_name = _("bước xử lý đơn")
        verbose_name_plural = _("bước xử lý đơn")


class PetitionAttachment(Evidence):
    """A scan, photo or document attached to a petition (``core.evidence``)."""

    parent_field = "petition"
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = _("tài liệu kèm theo đơn")
        verbose_name_plural = _("tài liệu kèm theo đơn")


# ---------------------------------------------------------------- oversight and social critique
class OversightSession(ScopedModel):
    """An oversight (giám sát) or social-critique (phản biện xã hội) session of the Front or a
    member organization: its subject, the body supervised or the draft criticized, members, dates."""

    kind = models.CharField(_("hình thức"), max_length=10, choices=SessionKind.choices, default=SessionKind.OVERSIGHT)
    subject = models.CharField(_("nội dung giám sát, phản biện"), max_length=300)
    target = models.CharField(_("đối tượng được giám sát, dự thảo được phản biện"), max_length=300)
    lead = models.CharField(_("cơ quan chủ trì"), max_length=200, help_text=_("Ví dụ: Ủy ban MTTQ Việt Nam xã."))
    members = models.TextField(_("thành phần đoàn"), blank=True)
    start = models.DateField(_("từ ngày"))
    lock_date_field = "start"  # signed-off periods lock it (danvan.signoff)
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)

    class Meta:
        verbose_name = _("cuộc giám sát, phản biện")
        verbose_name_plural = pgettext_lazy("plural", "cuộc giám sát, phản biện")
        ordering = ["-start", "id"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("voice:oversightsession_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        _after(self.start, self.end, "end", _("Ngày kết thúc không được trước ngày bắt đầu."))


class Recommendation(ScopedModel):
    """A recommendation of a session, followed: sent → answered → accepted / partly / not accepted
    → implemented (with evidence) → re-checked (``lifecycle.py``)."""

    session = models.ForeignKey(OversightSession, verbose_name=_("cuộc giám sát, phản biện"),
                                on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("nội dung kiến nghị"))
    body = models.ForeignKey(Body, verbose_name=_("gửi cơ quan"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="recommendations")
    sent_on = models.DateField(_("ngày gửi"))
    answer_due = models.DateField(_("hạn trả lời"), null=True, blank=True)
    state = models.CharField(_("trạng thái"), max_length=15, choices=RecommendationState.choices,
                             default=RecommendationState.SENT, editable=False)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True, editable=False)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    implemented_on = models.DateField(_("ngày thực hiện xong"), null=True, blank=True, editable=False)
    rechecked_on = models.DateField(_("ngày kiểm tra lại"), null=True, blank=True, editable=False)
    recheck_note = models.TextField(_("kết quả kiểm tra lại"), blank=True)

    class Meta:
        verbose_name = _("kiến nghị sau giám sát, phản biện")
        verbose_name_plural = _("kiến nghị sau giám sát, phản biện")
        ordering = ["-sent_on", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("voice:recommendation_detail", kwargs={"pk": self.pk})

    def place(self) -> None:
        self.unit_id = self.session.unit_id
        super().place()

    def clean(self) -> None:
        _after(self.session.start if self.session_id else None, self.sent_on, "sent_on",
               _("Ngày gửi kiến nghị không được trước ngày bắt đầu giám sát."))
        _after(self.sent_on, self.answer_due, "answer_due", _("Hạn trả lời không được trước ngày gửi."))


class RecommendationChange(StateChange):
    """One dated move of a recommendation (its history)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="state_changes")

    scope_parent = "recommendation"

    class Meta(StateChange.Meta):
        verbose_name = _("bước theo dõi kiến nghị")
        verbose_name_plural = _("bước theo dõi kiến nghị")


class RecommendationEvidence(Evidence):
    """Proof that a recommendation was implemented (``core.evidence``)."""

    parent_field = "recommendation"
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Evidence.Meta):
        verbose_name = _("minh chứng thực hiện kiến nghị")
        verbose_name_plural = _("minh chứng thực hiện kiến nghị")

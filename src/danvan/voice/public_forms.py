"""The public forms (no login): a citizen's petition and the tracking-code lookup.

The petition form holds only what a citizen may say: it has no field for the state, the body, the
answer or the unit (the commune comes from the address, a village only among that commune's), so
extra fields POSTed are ignored. An attachment is checked by its bytes (``core.evidence``): JPEG,
PNG or PDF only, at most ``MAX_ATTACHMENT_MB``. A hidden field catches robots (honeypot).
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from danvan.core.evidence import Checked, check_upload
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from .choices import ANONYMOUS_KINDS, PetitionField, PetitionKind

MAX_ATTACHMENT_MB = 5
ALLOWED_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF"}
CODE_BODY = re.compile(r"^[0-9A-Z]{10}$")


def normalize_code(raw: str) -> str:
    """``kn 7x3f-9qpa 2m`` → ``KN-7X3F9QPA2M`` (case, spaces and dashes tolerated); "" when not a code."""
    compact = re.sub(r"[\s\-_.]+", "", raw or "").upper()
    if len(compact) == 12 and compact.startswith("KN"):
        compact = compact[2:]
    return f"KN-{compact}" if CODE_BODY.match(compact) else ""


class PublicPetitionForm(forms.Form):
    """A citizen's petition to a commune (``views.submit`` places it and records it)."""

    village = forms.ModelChoiceField(
        label=_("Thôn, ấp, khu vực, tổ dân phố"), queryset=AdminUnit.objects.none(), to_field_name="key",
        required=False, empty_label=_("(không rõ / cả xã)"),
        error_messages={"invalid_choice": _("Thôn, ấp đã chọn không thuộc xã, phường này.")})
    kind = forms.ChoiceField(label=_("Loại"), choices=PetitionKind.choices, initial=PetitionKind.PETITION)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=PetitionField.choices, initial=PetitionField.OTHER)
    title = forms.CharField(label=_("Tóm tắt nội dung"), max_length=300)
    text = forms.CharField(label=_("Nội dung kiến nghị, phản ánh"), max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    contact = forms.CharField(label=_("Điện thoại hoặc thư điện tử"), max_length=200, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    anonymous = forms.BooleanField(label=_("Không nêu danh tính"), required=False,
                                   help_text=_("Chỉ dành cho kiến nghị, phản ánh; khiếu nại, tố cáo phải ghi rõ "
                                               "họ tên, địa chỉ."))
    attachment = forms.FileField(label=_("Tài liệu kèm theo (không bắt buộc)"), required=False,
                                 help_text=_("Ảnh JPEG, PNG hoặc tệp PDF, tối đa %(mb)s MB.") % {
                                     "mb": MAX_ATTACHMENT_MB})
    consent = forms.BooleanField(
        label=_("Tôi đồng ý cho cơ quan tiếp nhận xử lý thông tin cá nhân nêu trên để giải quyết kiến nghị này."),
        error_messages={"required": _("Cần đồng ý việc xử lý thông tin cá nhân để gửi kiến nghị.")})
    website = forms.CharField(label=_("Để trống ô này"), required=False)  # the honeypot: hidden from people

    def __init__(self, *args: Any, commune: AdminUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commune = commune
        self.fields["village"].queryset = AdminUnit.objects.current().filter(
            parent=commune, level=Level.VILLAGE).order_by("name_sort")
        self.checked: Checked | None = None

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Không gửi được biểu mẫu này."))
        return ""

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        limit = MAX_ATTACHMENT_MB * 1024 * 1024
        if (upload.size or 0) > limit:
            raise ValidationError(_("Tệp '%(name)s' nặng %(size)s, quá giới hạn %(limit)s.") % {
                "name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
        checked = check_upload(upload)  # by its bytes, whatever its name says
        if checked.content_type not in ALLOWED_TYPES:
            raise ValidationError(_("Tệp '%(name)s' không phải ảnh JPEG, PNG hay tệp PDF.") % {"name": upload.name})
        self.checked = checked
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        anonymous, kind = data.get("anonymous"), data.get("kind")
        if anonymous and kind and kind not in ANONYMOUS_KINDS:
            self.add_error("anonymous", _("Khiếu nại, tố cáo phải ghi rõ họ tên, địa chỉ người gửi."))
        elif not anonymous and not (data.get("name") or "").strip():
            self.add_error("name", _("Cần ghi họ tên người gửi, hoặc đánh dấu không nêu danh tính "
                                     "(chỉ với kiến nghị, phản ánh)."))
        if kind and kind not in ANONYMOUS_KINDS and not (data.get("address") or "").strip():
            self.add_error("address", _("Khiếu nại, tố cáo phải ghi rõ địa chỉ người gửi."))
        return data


class TrackForm(forms.Form):
    """The tracking code a citizen got on submitting."""

    code = forms.CharField(label=_("Mã tra cứu"), max_length=40,
                           widget=forms.TextInput(attrs={"placeholder": "KN-XXXXXXXXXX", "autocomplete": "off"}))

    def clean_code(self) -> str:
        return normalize_code(self.cleaned_data["code"])

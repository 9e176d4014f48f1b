"""Choices of the personal-data registers (Law 91/2025/QH15, Decree 356/2025/NĐ-CP).

Class names are unique across apps: the API's OpenAPI document names enums by their class.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BasisKind(models.TextChoices):
    """Why a person's data may be processed."""

    CONSENT = "consent", _("Sự đồng ý của chủ thể dữ liệu")
    CONTRACT = "contract", _("Thực hiện hợp đồng, thỏa thuận")
    LEGAL_OBLIGATION = "legal_obligation", _("Nghĩa vụ theo quy định của pháp luật")
    PUBLIC_TASK = "public_task", _("Nhiệm vụ theo điều lệ, nhiệm vụ công")
    VITAL_INTEREST = "vital_interest", _("Bảo vệ tính mạng, sức khỏe")
    EMERGENCY = "emergency", _("Tình trạng khẩn cấp")


class BasisSource(models.TextChoices):
    """Where the proof of the basis (a consent) comes from."""

    PAPER = "paper", _("Phiếu giấy có chữ ký")
    APP = "app", _("Ứng dụng, biểu mẫu điện tử")
    IMPORT = "import", _("Nhập từ tệp")
    MEETING = "meeting", _("Biên bản hội nghị")
    OTHER = "other", _("Khác")


class RequestKind(models.TextChoices):
    """What a data subject asks (Law 91/2025/QH15, rights of the data subject)."""

    ACCESS = "access", _("Xem, cung cấp dữ liệu")
    CORRECTION = "correction", _("Chỉnh sửa dữ liệu")
    DELETION = "deletion", _("Xóa dữ liệu")
    RESTRICTION = "restriction", _("Hạn chế xử lý")
    WITHDRAWAL = "withdrawal", _("Rút lại sự đồng ý")
    OBJECTION = "objection", _("Phản đối xử lý")


class RequestState(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ACKNOWLEDGED = "acknowledged", _("Đã xác nhận, đang xử lý")
    EXTENDED = "extended", _("Đã gia hạn")
    COMPLETED = "completed", _("Đã hoàn thành")
    REFUSED = "refused", _("Từ chối")


OPEN_REQUEST_STATES = (RequestState.RECEIVED, RequestState.ACKNOWLEDGED, RequestState.EXTENDED)

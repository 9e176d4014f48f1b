"""The voice app's choices: stable English keys, Vietnamese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PetitionKind(models.TextChoices):
    PETITION = "petition", _("Kiến nghị")
    FEEDBACK = "feedback", _("Phản ánh")
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")


# A complaint and a denunciation name who makes them (Law on Complaints art. 8, Law on
# Denunciations art. 23); a petition or a feedback may come without a name.
ANONYMOUS_KINDS = frozenset({PetitionKind.PETITION, PetitionKind.FEEDBACK})


class Channel(models.TextChoices):
    MEETING = "meeting", _("Sinh hoạt chi, tổ hội")
    DIALOGUE = "dialogue", _("Tiếp công dân, đối thoại")
    VOTERS = "voters", _("Tiếp xúc cử tri")
    OVERSIGHT = "oversight", _("Giám sát, phản biện xã hội")
    DIRECT = "direct", _("Trực tiếp")
    LETTER = "letter", _("Đơn, thư")
    PHONE = "phone", _("Điện thoại")
    WEB = "web", _("Cổng tiếp nhận trực tuyến")


class PetitionField(models.TextChoices):
    LAND = "land", _("Đất đai, bồi thường, giải phóng mặt bằng")
    ENVIRONMENT = "environment", _("Môi trường")
    INFRASTRUCTURE = "infrastructure", _("Giao thông, hạ tầng, điện, nước")
    SOCIAL = "social", _("Chính sách xã hội, an sinh")
    HEALTH_EDUCATION = "health_education", _("Y tế, giáo dục")
    SECURITY = "security", _("An ninh, trật tự")
    ADMINISTRATION = "administration", _("Thủ tục hành chính, cán bộ")
    ECONOMY = "economy", _("Sản xuất, kinh tế, giá cả")
    OTHER = "other", _("Lĩnh vực khác")


class PetitionState(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")
    CLASSIFIED = "classified", _("Đã phân loại")
    FORWARDED = "forwarded", _("Đã chuyển cơ quan có thẩm quyền")
    ACCEPTED = "accepted", _("Đã thụ lý")
    ANSWERED = "answered", _("Đã trả lời")
    RESOLVED = "resolved", _("Đã giải quyết xong")
    WITHDRAWN = "withdrawn", _("Rút đơn")
    REJECTED = "rejected", _("Không thụ lý")
    MERGED = "merged", _("Đã gộp vào vụ việc khác")


# Still waiting for an answer: the deadlines run and the case may go overdue.
OPEN_STATES = (PetitionState.RECEIVED, PetitionState.CLASSIFIED, PetitionState.FORWARDED, PetitionState.ACCEPTED)
# Closed without an answer; need a reason.
REASON_STATES = (PetitionState.WITHDRAWN, PetitionState.REJECTED)


class Stage(models.TextChoices):
    """What a deadline is for, and the day its count starts."""

    ACCEPT = "accept", _("Thụ lý, báo cho người gửi (tính từ ngày tiếp nhận)")
    ANSWER = "answer", _("Trả lời, giải quyết (tính từ ngày thụ lý)")
    NOTIFY = "notify", _("Báo kết quả cho Mặt trận (tính từ ngày giải quyết)")


class DayCount(models.TextChoices):
    CALENDAR = "calendar", pgettext_lazy("day count", "ngày")
    WORKING = "working", _("ngày làm việc")


class BodyKind(models.TextChoices):
    PARTY = "party", _("Cấp ủy Đảng")
    GOVERNMENT = "government", _("Ủy ban nhân dân")
    FRONT = "front", _("Mặt trận Tổ quốc")
    ORGANIZATION = "organization", _("Tổ chức chính trị - xã hội")
    AGENCY = "agency", _("Cơ quan chuyên môn")
    OTHER = "other", _("Cơ quan, đơn vị khác")


class DialogueKind(models.TextChoices):
    RECEPTION = "reception", _("Bí thư cấp ủy tiếp công dân")
    DIALOGUE = "dialogue", _("Đối thoại trực tiếp với Nhân dân")
    CONFERENCE = "conference", _("Hội nghị đối thoại cấp xã")
    VOTERS = "voters", _("Tiếp xúc cử tri")


class DialoguePeriod(models.TextChoices):
    MONTH = "month", _("mỗi tháng")
    YEAR = "year", _("mỗi năm")


class SessionKind(models.TextChoices):
    OVERSIGHT = "oversight", _("Giám sát")
    CRITIQUE = "critique", _("Phản biện xã hội")


class RecommendationState(models.TextChoices):
    SENT = "sent", _("Đã gửi")
    ANSWERED = "answered", _("Đã có trả lời")
    ACCEPTED = "accepted", _("Được tiếp thu")
    PARTLY = "partly", _("Tiếp thu một phần")
    NOT_ACCEPTED = "not_accepted", _("Không tiếp thu")
    IMPLEMENTED = "implemented", _("Đã thực hiện")
    RECHECKED = "rechecked", _("Đã kiểm tra lại")


ACCEPTED_STATES = (RecommendationState.ACCEPTED, RecommendationState.PARTLY, RecommendationState.IMPLEMENTED,
                   RecommendationState.RECHECKED)

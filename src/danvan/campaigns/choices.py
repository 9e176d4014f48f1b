"""Choices of campaigns, works, contributions, training and commendations (stable English keys)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.choices import OrgKind

__all__ = ["Build", "CampaignKind", "CommendationForm", "ContributorType", "HouseKind", "IssuerLevel", "OrgKind",
           "RecipientType", "WorkKind", "WorkState"]


class CampaignKind(models.TextChoices):
    MOVEMENT = "movement", _("Phong trào thi đua")
    DRIVE = "drive", _("Cuộc vận động")


class WorkKind(models.TextChoices):
    """What a work (công trình, phần việc) is. Houses and scholarships have indicators of their own."""

    HOUSE = "house", _("Nhà ở")
    SCHOLARSHIP = "scholarship", _("Học bổng")
    ROAD = "road", _("Đường giao thông")
    BRIDGE = "bridge", _("Cầu")
    ALLEY = "alley", _("Hẻm, ngõ")
    LIGHTING = "lighting", _("Thắp sáng đường quê, đèn chiếu sáng")
    CULTURAL_HOUSE = "cultural_house", _("Nhà văn hóa")
    WASTE = "waste", _("Thu gom, xử lý rác thải")
    OTHER = "other", _("Công trình, phần việc khác")


class HouseKind(models.TextChoices):
    GREAT_UNITY = "great_unity", _("Nhà đại đoàn kết")
    GRATITUDE = "gratitude", _("Nhà tình nghĩa")
    COMRADESHIP = "comradeship", _("Nhà nghĩa tình đồng đội")
    UNION_SHELTER = "union_shelter", _("Mái ấm công đoàn")
    HUMANE = "humane", _("Nhà nhân ái")
    OTHER = "other", _("Nhà khác")


class Build(models.TextChoices):
    NEW = "new", _("Xây mới")
    REPAIR = "repair", _("Sửa chữa")


class WorkState(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    HANDED_OVER = "handed_over", _("Đã bàn giao")


class ContributorType(models.TextChoices):
    HOUSEHOLD = "household", _("Hộ gia đình")
    PERSON = "person", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể, doanh nghiệp")
    ANONYMOUS = "anonymous", _("Tổng đóng góp của thôn (không ghi tên)")


class CommendationForm(models.TextChoices):
    CERTIFICATE = "certificate", _("Giấy khen")
    MERIT = "merit", _("Bằng khen")
    FLAG = "flag", _("Cờ thi đua")
    OTHER = "other", _("Hình thức khác")


class IssuerLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class RecipientType(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    PERSON = "person", _("Cá nhân")

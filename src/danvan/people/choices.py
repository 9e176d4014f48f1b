from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    FRONT = "front", _("Mặt trận Tổ quốc")
    WOMEN = "women", _("Hội Liên hiệp Phụ nữ")
    YOUTH = "youth", _("Đoàn Thanh niên")
    FARMERS = "farmers", _("Hội Nông dân")
    VETERANS = "veterans", _("Hội Cựu chiến binh")
    LABOR = "labor", _("Công đoàn")
    COMMISSION = "commission", _("Ban Dân vận / Tuyên giáo và Dân vận")
    AGENCY = "agency", _("Cơ quan nhà nước")
    ARMY = "army", _("Quân đội")
    POLICE = "police", _("Công an")
    OTHER = "other", _("Khác")


# The organizations that have member branches in villages (the Front and its member organizations).
MASS_ORG_KINDS = [OrgKind.FRONT, OrgKind.WOMEN, OrgKind.YOUTH, OrgKind.FARMERS, OrgKind.VETERANS]


class OrgLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
    VILLAGE = "village", _("Thôn, tổ dân phố")


class BranchKind(models.TextChoices):
    CHI_HOI = "chi_hoi", _("Chi hội")
    CHI_DOAN = "chi_doan", _("Chi đoàn")
    TO_HOI = "to_hoi", _("Tổ hội")
    BAN_CONG_TAC = "ban_cong_tac", _("Ban công tác Mặt trận")
    CONG_DOAN = "to_cong_doan", _("Tổ công đoàn")


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class PovertyStatus(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    NONE = "none", _("Không nghèo")

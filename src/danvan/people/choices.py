from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.choices import MASS_ORG_KINDS, OrgKind

__all__ = ["MASS_ORG_KINDS", "BranchKind", "OrgKind", "OrgLevel", "PovertyStatus", "Sex"]


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

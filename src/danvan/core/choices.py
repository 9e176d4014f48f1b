"""Choices every app shares: the kinds of organization a grant, a record or a report may be limited to."""

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

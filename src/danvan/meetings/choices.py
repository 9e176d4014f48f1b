"""Choices of the branch-meeting visits: cadre levels, rule periods, schedule kinds, plan states."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.choices import OrgKind

__all__ = ["CadreLevel", "OrgKind", "PlanState", "RulePeriod", "ScheduleKind", "Weekday"]


class CadreLevel(models.TextChoices):
    """The visiting cadre's level (seed 004 counts visits by province, district and commune)."""

    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (cũ)")
    COMMUNE = "commune", _("Cấp xã")


class RulePeriod(models.TextChoices):
    MONTH = "month", _("mỗi tháng")
    YEAR = "year", _("mỗi năm")


class ScheduleKind(models.TextChoices):
    DAY_OF_MONTH = "day_of_month", _("Ngày cố định trong tháng")
    NTH_WEEKDAY = "nth_weekday", _("Thứ trong tuần thứ n của tháng")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
    SATURDAY = 5, _("Thứ Bảy")
    SUNDAY = 6, _("Chủ nhật")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã ban hành")

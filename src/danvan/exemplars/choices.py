"""Choices of the "Dân vận khéo" register: kind, owner, field, lifecycle state and review result."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.choices import OrgKind

__all__ = ["ExemplarKind", "Field", "OrgKind", "OwnerType", "ReviewResult", "State"]


class ExemplarKind(models.TextChoices):
    MODEL = "model", _("Mô hình")
    EXEMPLAR = "exemplar", _("Điển hình")


class OwnerType(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class Field(models.TextChoices):
    """The four fields of the "Dân vận khéo" movement."""

    ECONOMY = "economy", _("Kinh tế")
    SOCIETY = "society", _("Văn hóa - xã hội")
    DEFENCE = "defence", _("Quốc phòng - an ninh")
    POLITICS = "politics", _("Xây dựng hệ thống chính trị")


class State(models.TextChoices):
    REGISTERED = "registered", _("Đã đăng ký")
    LAUNCHED = "launched", _("Đã ra mắt")
    IMPLEMENTING = "implementing", _("Đang thực hiện")
    REVIEWED = "reviewed", _("Đã sơ kết, đánh giá")
    RECOGNIZED_COMMUNE = "recognized_commune", _("Được công nhận cấp xã")
    RECOGNIZED_PROVINCE = "recognized_province", _("Được công nhận cấp tỉnh")
    TYPICAL = "typical", _("Tiêu biểu")
    COMMENDED = "commended", _("Được khen thưởng")
    REPLICATED = "replicated", _("Đã nhân rộng")
    STOPPED = "stopped", _("Dừng thực hiện")


class ReviewResult(models.TextChoices):
    GOOD = "good", _("Hiệu quả")
    CONSOLIDATE = "consolidate", _("Cần củng cố")


# States a model shows on the public page (when an editor marks it public).
PUBLIC_STATES = (State.TYPICAL, State.COMMENDED, State.REPLICATED)

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """Depth in the unit tree. Legacy districts sit between province and commune."""

    COUNTRY = 0, _("Toàn quốc")
    PROVINCE = 1, _("Cấp tỉnh")
    DISTRICT = 2, _("Cấp huyện (cũ)")
    COMMUNE = 3, _("Cấp xã")
    VILLAGE = 4, _("Thôn, ấp, tổ dân phố")


class UnitKind(models.TextChoices):
    COUNTRY = "country", _("Toàn quốc")
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho", _("Thành phố")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    DISTRICT = "huyen", _("Huyện")
    URBAN_DISTRICT = "quan", _("Quận")
    TOWN = "thi_xa", _("Thị xã")
    PROVINCIAL_CITY = "thanh_pho_thuoc_tinh", _("Thành phố thuộc tỉnh")
    VILLAGE = "thon", _("Thôn")
    HAMLET = "ap", _("Ấp")
    KHOM = "khom", _("Khóm")
    BAN = "ban", _("Bản")
    RESIDENTIAL_GROUP = "to_dan_pho", _("Tổ dân phố")
    OTHER_VILLAGE = "khac", _("Khác")


VILLAGE_KINDS = [
    UnitKind.VILLAGE,
    UnitKind.HAMLET,
    UnitKind.KHOM,
    UnitKind.BAN,
    UnitKind.RESIDENTIAL_GROUP,
    UnitKind.OTHER_VILLAGE,
]

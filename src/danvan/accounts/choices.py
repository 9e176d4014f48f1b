from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    PROVINCE = "province_specialist", _("Chuyên viên cấp tỉnh")
    COMMUNE_EDITOR = "commune_editor", _("Cán bộ nhập liệu cấp xã")
    FIELD_CADRE = "field_cadre", _("Cán bộ được phân công")
    VIEWER = "viewer", _("Người xem")


# What each role may do. Personal data (phone, birth year, ethnicity) follows Decree 13/2023/NĐ-CP:
# only roles that work with people's records see it, and fewer may take it out in an export.
WRITE_ROLES = {Role.ADMIN, Role.PROVINCE, Role.COMMUNE_EDITOR}
PERSONAL_DATA_ROLES = {Role.ADMIN, Role.PROVINCE, Role.COMMUNE_EDITOR}
PERSONAL_EXPORT_ROLES = {Role.ADMIN, Role.PROVINCE}
IMPORT_ROLES = {Role.ADMIN, Role.PROVINCE, Role.COMMUNE_EDITOR}

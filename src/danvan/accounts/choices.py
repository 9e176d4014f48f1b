from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    PROVINCE = "province_specialist", _("Chuyên viên cấp tỉnh")
    COMMUNE_EDITOR = "commune_editor", _("Cán bộ nhập liệu cấp xã")
    FIELD_CADRE = "field_cadre", _("Cán bộ được phân công")
    VIEWER = "viewer", _("Người xem")


# What each role may do. Personal data (phone, birth year, ethnicity, Party membership) follows Law
# 91/2025/QH15 on personal data protection and Decree 356/2025/NĐ-CP: only roles that work with
# people's records see it, and fewer may take it out in an export.
WRITE_ROLES = {Role.ADMIN, Role.PROVINCE, Role.COMMUNE_EDITOR}
PERSONAL_DATA_ROLES = {Role.ADMIN, Role.PROVINCE, Role.COMMUNE_EDITOR}
PERSONAL_EXPORT_ROLES = {Role.ADMIN, Role.PROVINCE}
IMPORT_ROLES = {Role.ADMIN, Role.PROVINCE, Role.COMMUNE_EDITOR}

# Sensitive personal data (ethnic origin, Party membership: Law 91/2025/QH15 art. 2, Decree
# 356/2025/NĐ-CP) is narrower still. Admins and province specialists see it. A commune editor sees
# it only through a grant that is not narrowed to one organization kind: the Front's commune office
# keeps the people register and records ethnicity from the member's own form (it must see what it
# enters and corrects on a data-subject request), whereas a Women's or Youth Union editor needs only
# her members' basic data. Viewers and field cadres never see it. Every view is logged
# (``ChangeAction.ACCESS``), and only admins and province specialists may export it.
SENSITIVE_DATA_ROLES = {Role.ADMIN, Role.PROVINCE, Role.COMMUNE_EDITOR}
SENSITIVE_EXPORT_ROLES = {Role.ADMIN, Role.PROVINCE}


def _sensitive_grant(user: Any, roles: set[Role]) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(g.role in roles and not g.org_kind for g in user.grants_cached())


def sees_sensitive_data(user: Any) -> bool:
    """Whether ``user`` may see sensitive personal data (a grant of ``SENSITIVE_DATA_ROLES`` not
    narrowed to one organization kind)."""
    return _sensitive_grant(user, SENSITIVE_DATA_ROLES)


def exports_sensitive_data(user: Any) -> bool:
    """Whether ``user`` may take sensitive personal data out in an export file."""
    return _sensitive_grant(user, SENSITIVE_EXPORT_ROLES)

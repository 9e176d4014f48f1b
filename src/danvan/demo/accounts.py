"""The demo's users: one per role, each with a scope in the demo province."""

from dataclasses import dataclass

from django.db import transaction

from danvan.accounts.choices import Role
from danvan.accounts.models import Grant, User
from danvan.core import audit
from danvan.core.models import ChangeAction
from danvan.geo.models import AdminUnit
from danvan.people.choices import OrgKind

from .generator import DEMO_COMMUNE, DEMO_PROVINCE

DEMO_PASSWORD = "danvan-demo"  # noqa: S105 — printed by `danvan demo` on purpose


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit_key: str
    org_kind: str = ""
    full_name: str = ""


DEMO_LOGINS = [
    DemoLogin("admin", Role.ADMIN, "VN", full_name="Quản trị hệ thống"),
    DemoLogin("tinh", Role.PROVINCE, DEMO_PROVINCE, full_name="Chuyên viên Ban Dân vận thành phố"),
    DemoLogin("xa", Role.COMMUNE_EDITOR, DEMO_COMMUNE, full_name="Cán bộ Mặt trận phường"),
    DemoLogin("canbo", Role.FIELD_CADRE, DEMO_COMMUNE, full_name="Cán bộ được phân công dự sinh hoạt"),
    DemoLogin("xem", Role.VIEWER, DEMO_PROVINCE, full_name="Lãnh đạo (chỉ xem)"),
    DemoLogin("phunu", Role.COMMUNE_EDITOR, DEMO_COMMUNE, OrgKind.WOMEN, full_name="Cán bộ Hội Phụ nữ phường"),
]


def ensure_demo_users(password: str = DEMO_PASSWORD) -> list[tuple[DemoLogin, AdminUnit, bool]]:
    """Create the demo users that are missing; returns (login, unit, created) for each."""
    result = []
    with transaction.atomic():
        for login in DEMO_LOGINS:
            unit = AdminUnit.objects.get(key=login.unit_key)
            user = User.objects.filter(username=login.username).first()
            created = user is None
            if user is None:
                user = User(username=login.username, first_name=login.full_name)
                user.set_password(password)
                user.save()
                audit.record(ChangeAction.CREATE, user, unit_path=unit.path,
                             after={"username": login.username, "role": login.role, "unit": unit.key,
                                    "org_kind": login.org_kind})
            Grant.objects.get_or_create(user=user, role=login.role, unit=unit, org_kind=login.org_kind)
            result.append((login, unit, created))
    return result

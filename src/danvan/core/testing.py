"""Test helpers shared by every app's tests: a small cast of units and users.

The cast (healthchecks' hc/test.py idea): a province specialist of Thành phố Cần Thơ, an editor
of commune A, an editor of commune B (the outsider for A's records), a viewer of commune A,
and an admin. Villages A1, A2 lie in commune A, B1 in commune B.
"""

from dataclasses import dataclass
from typing import Any

from danvan.accounts.choices import Role
from danvan.accounts.models import Grant, User
from danvan.geo.choices import Level, UnitKind
from danvan.geo.models import AdminUnit
from danvan.people.choices import BranchKind, OrgKind, OrgLevel
from danvan.people.models import Branch, Organization

PASSWORD = "mat-khau-thu-nghiem-2026"  # noqa: S105 — test fixture


@dataclass
class Cast:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    village_a1: AdminUnit
    village_a2: AdminUnit
    village_b1: AdminUnit
    org_women_a: Organization
    org_women_b: Organization
    branch_a1: Branch
    branch_b1: Branch
    admin: User
    specialist: User
    editor_a: User
    editor_b: User
    viewer_a: User
    women_only_a: User
    nobody: User


def make_village(commune: AdminUnit, code: str, name: str, legacy_parent: AdminUnit | None = None) -> AdminUnit:
    return AdminUnit.objects.create(
        key=f"{commune.code}.{code}", code=code, name=name, kind=UnitKind.HAMLET, level=Level.VILLAGE,
        parent=commune, legacy_parent=legacy_parent,
    )


def make_user(username: str, role: str | None = None, unit: AdminUnit | None = None, org_kind: str = "",
              **extra: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if role and unit:
        Grant.objects.create(user=user, role=role, unit=unit, org_kind=org_kind)
    return user


def build_cast() -> Cast:
    """Needs the national units loaded (the test session loads them once)."""
    province = AdminUnit.objects.get(key="92")
    commune_a = AdminUnit.objects.get(key="31135")  # Phường Ninh Kiều
    commune_b = AdminUnit.objects.get(key="31150")  # Phường An Bình
    village_a1 = make_village(commune_a, "01", "Khu vực Đặng Thị Ánh")
    village_a2 = make_village(commune_a, "02", "Ấp Ông Tà")
    village_b1 = make_village(commune_b, "01", "Khu vực Bình Thường")
    org_women_a = Organization.objects.create(
        code="HPN-31135", name="Hội LHPN phường Ninh Kiều", kind=OrgKind.WOMEN, level=OrgLevel.COMMUNE, unit=commune_a
    )
    org_women_b = Organization.objects.create(
        code="HPN-31150", name="Hội LHPN phường An Bình", kind=OrgKind.WOMEN, level=OrgLevel.COMMUNE, unit=commune_b
    )
    branch_a1 = Branch.objects.create(
        code="CH-31135.01-PN", name="Chi hội Phụ nữ khu vực Đặng Thị Ánh", kind=BranchKind.CHI_HOI,
        organization=org_women_a, unit=village_a1,
    )
    branch_b1 = Branch.objects.create(
        code="CH-31150.01-PN", name="Chi hội Phụ nữ khu vực Bình Thường", kind=BranchKind.CHI_HOI,
        organization=org_women_b, unit=village_b1,
    )
    return Cast(
        province=province, commune_a=commune_a, commune_b=commune_b,
        village_a1=village_a1, village_a2=village_a2, village_b1=village_b1,
        org_women_a=org_women_a, org_women_b=org_women_b, branch_a1=branch_a1, branch_b1=branch_b1,
        admin=make_user("admin", Role.ADMIN, AdminUnit.objects.get(key="VN")),
        specialist=make_user("chuyenvien", Role.PROVINCE, province),
        editor_a=make_user("bientap_a", Role.COMMUNE_EDITOR, commune_a),
        editor_b=make_user("bientap_b", Role.COMMUNE_EDITOR, commune_b),
        viewer_a=make_user("xem_a", Role.VIEWER, commune_a),
        women_only_a=make_user("phunu_a", Role.COMMUNE_EDITOR, commune_a, org_kind=OrgKind.WOMEN),
        nobody=make_user("khongquyen"),
    )

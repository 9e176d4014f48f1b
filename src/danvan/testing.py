"""Test helpers shared by every app's tests: a small cast of units and users.

The cast (healthchecks' hc/test.py idea): a province specialist of Thành phố Cần Thơ, an editor
of commune A, an editor of commune B (the outsider for A's records), a viewer of commune A, a
Women's Union editor of commune A (a grant narrowed to one organization kind), and an admin.
Villages A1, A2 lie in commune A, B1 in commune B.

Apps add their own members to the cast in ``<app>/testing.py`` (``extend_cast(cast)``), found
through ``INSTALLED_APPS``, so a new app's fixtures live in its folder. This module sits beside
the apps, not in ``core``: it builds users and units, and ``core`` imports no app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from danvan.accounts.choices import Role
from danvan.accounts.models import Grant, User
from danvan.core.choices import OrgKind
from danvan.geo.choices import Level, UnitKind
from danvan.geo.models import AdminUnit

PASSWORD = "mat-khau-thu-nghiem-2026"  # noqa: S105 — test fixture


@dataclass
class Cast:
    province: AdminUnit
    commune_a: AdminUnit
    commune_b: AdminUnit
    village_a1: AdminUnit
    village_a2: AdminUnit
    village_b1: AdminUnit
    admin: User
    specialist: User
    editor_a: User
    editor_b: User
    viewer_a: User
    women_only_a: User
    nobody: User

    def __getattr__(self, name: str) -> Any:
        # Members added by apps (``extend_cast``) are plain attributes; a missing one is a typo.
        raise AttributeError(f"the test cast has no '{name}'; apps add members in <app>/testing.py")


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
    cast = Cast(
        province=province, commune_a=commune_a, commune_b=commune_b,
        village_a1=village_a1, village_a2=village_a2, village_b1=village_b1,
        admin=make_user("admin", Role.ADMIN, AdminUnit.objects.get(key="VN")),
        specialist=make_user("chuyenvien", Role.PROVINCE, province),
        editor_a=make_user("bientap_a", Role.COMMUNE_EDITOR, commune_a),
        editor_b=make_user("bientap_b", Role.COMMUNE_EDITOR, commune_b),
        viewer_a=make_user("xem_a", Role.VIEWER, commune_a),
        women_only_a=make_user("phunu_a", Role.COMMUNE_EDITOR, commune_a, org_kind=OrgKind.WOMEN),
        nobody=make_user("khongquyen"),
    )
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "testing"):
            extend = getattr(import_module(f"{config.name}.testing"), "extend_cast", None)
            if extend is not None:
                extend(cast)
    return cast


@dataclass
class ImportCase:
    """How the import walker (tests/test_import_scope.py) writes rows of one import kind.

    ``row(place, kind, n)``: a new record in commune ``place`` ("a" or "b") of organization kind
    ``kind``. ``existing(place, kind)``: create a record there and return a row updating it with
    values the cast's commune-A Women's Union editor may write; ``None`` when the kind's natural key
    includes its unit (the updated record is then where the row is) — ``why_no_existing`` says so.
    ``models``: the tables the import writes, compared before and after a rejected file.
    """

    header: list[str]
    row: Callable[[str, str, int], list[str]]
    has_org_kind: bool
    models: tuple[type, ...] = ()
    existing: Callable[[str, str], list[str]] | None = None
    why_no_existing: str = ""


def import_cases(cast: Cast) -> dict[str, ImportCase]:
    """Every installed app's import cases (``<app>/testing.py``: ``import_cases(cast)``)."""
    cases: dict[str, ImportCase] = {}
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "testing"):
            provide = getattr(import_module(f"{config.name}.testing"), "import_cases", None)
            if provide is not None:
                cases.update(provide(cast))
    return cases


TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def evidence_for(model: type[Any], parent: Any, name: str = "bien-ban.pdf", public: bool = False) -> Any:
    """One stored document attached to ``parent`` (a ``core.evidence.Evidence`` model), bypassing the checks."""
    from django.core.files.base import ContentFile

    item = model(**{model.parent_field: parent}, original_name=name, kind="document",
                 content_type="application/pdf", size=len(TINY_PDF), public=public)
    item.file.save(name, ContentFile(TINY_PDF), save=False)
    item.save()
    return item

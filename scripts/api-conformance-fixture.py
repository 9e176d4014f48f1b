"""A small data set for scripts/api-conformance.sh, run with ``danvan shell`` (stdin).

One commune editor (``conformance``) of Phường Ninh Kiều (31135) and a few records of every kind
there — the ones the OpenAPI examples refer to (``HPN-31135``, ``CH-31135.01-PN``, villages
``31135.01`` and ``31135.02``) among them — and the same in Phường An Bình (31150), outside the
editor's scope.
"""

import secrets

from danvan.accounts.choices import Role
from danvan.accounts.models import Grant, User
from danvan.core.context import actor
from danvan.geo.choices import Level, UnitKind
from danvan.geo.models import AdminUnit
from danvan.people.choices import BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex
from danvan.people.models import Branch, Household, HouseholdPoverty, Membership, Organization, Person


def village(commune: AdminUnit, code: str, name: str) -> AdminUnit:
    return AdminUnit.objects.create(key=f"{commune.code}.{code}", code=code, name=name, kind=UnitKind.HAMLET,
                                    level=Level.VILLAGE, parent=commune)


def fill(commune: AdminUnit) -> None:
    key = commune.key
    villages = [village(commune, "01", "Ấp Một"), village(commune, "02", "Khu vực Hai")]
    women = Organization.objects.create(code=f"HPN-{key}", name=f"Hội Phụ nữ {commune.name}", kind=OrgKind.WOMEN,
                                        level=OrgLevel.COMMUNE, unit=commune)
    farmers = Organization.objects.create(code=f"HND-{key}", name=f"Hội Nông dân {commune.name}",
                                          kind=OrgKind.FARMERS, level=OrgLevel.COMMUNE, unit=commune)
    for i, place in enumerate(villages, start=1):
        household = Household.objects.create(code=f"H-{place.key}-{i}", head_name=f"Nguyễn Văn Hộ {i}",
                                             size=i + 2, address=f"Số {i}", unit=place)
        HouseholdPoverty.objects.create(household=household, year=2025, status=PovertyStatus.NEAR_POOR)
        for org, suffix in ((women, "PN"), (farmers, "ND")):
            branch = Branch.objects.create(code=f"CH-{place.key}-{suffix}", name=f"Chi hội {suffix} {place.name}",
                                           kind=BranchKind.CHI_HOI, organization=org, unit=place)
            person = Person.objects.create(code=f"P-{place.key}-{suffix}", full_name=f"Trần Thị Người {i}",
                                           sex=Sex.FEMALE, birth_year=1980 + i, ethnicity="Kinh",
                                           phone="0901234567", household=household, unit=place)
            Membership.objects.create(person=person, branch=branch, joined="2020-01-01")


with actor(None, source="command"):
    fill(AdminUnit.objects.get(key="31135"))
    fill(AdminUnit.objects.get(key="31150"))
    user = User.objects.create_user(username="conformance", password=secrets.token_urlsafe())
    Grant.objects.create(user=user, role=Role.COMMUNE_EDITOR, unit=AdminUnit.objects.get(key="31135"))
print("fixture ready")

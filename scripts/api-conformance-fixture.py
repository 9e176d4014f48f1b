"""A small data set for scripts/api-conformance.sh, run with ``danvan shell`` (stdin).

One commune editor (``conformance``) of Phường Ninh Kiều (31135) and a few records of every kind
there, plus some in Phường An Bình (31150), outside the editor's scope.
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


def fill(commune: AdminUnit, tag: str) -> None:
    villages = [village(commune, "01", f"Ấp Một {tag}"), village(commune, "02", f"Khu vực Hai {tag}")]
    women = Organization.objects.create(code=f"HPN-{tag}", name=f"Hội Phụ nữ {tag}", kind=OrgKind.WOMEN,
                                        level=OrgLevel.COMMUNE, unit=commune)
    youth = Organization.objects.create(code=f"DTN-{tag}", name=f"Đoàn Thanh niên {tag}", kind=OrgKind.YOUTH,
                                        level=OrgLevel.COMMUNE, unit=commune, parent=women)
    for i, place in enumerate(villages, start=1):
        household = Household.objects.create(code=f"H-{tag}-{i}", head_name=f"Nguyễn Văn Hộ {i}", size=i + 2,
                                             address=f"Số {i}, {place.name}", unit=place)
        HouseholdPoverty.objects.create(household=household, year=2025, status=PovertyStatus.NEAR_POOR)
        for org in (women, youth):
            branch = Branch.objects.create(code=f"CH-{tag}-{org.kind}-{i}", name=f"Chi hội {org.kind} {i}",
                                           kind=BranchKind.CHI_HOI, organization=org, unit=place)
            person = Person.objects.create(code=f"P-{tag}-{org.kind}-{i}", full_name=f"Trần Thị Người {i}",
                                           sex=Sex.FEMALE, birth_year=1980 + i, ethnicity="Kinh",
                                           phone="0901234567", household=household, unit=place)
            Membership.objects.create(person=person, branch=branch, joined="2020-01-01")


with actor(None, source="command"):
    fill(AdminUnit.objects.get(key="31135"), "A")
    fill(AdminUnit.objects.get(key="31150"), "B")
    user = User.objects.create_user(username="conformance", password=secrets.token_urlsafe())
    Grant.objects.create(user=user, role=Role.COMMUNE_EDITOR, unit=AdminUnit.objects.get(key="31135"))
print("fixture ready")

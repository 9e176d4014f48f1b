"""This app's part of the test fixtures (``danvan.testing``): its members of the cast (a Women's
Union in communes A and B, one branch in villages A1 and B1) and the import walker's cases."""

from dataclasses import dataclass
from typing import Any

from danvan.testing import ImportCase

from .choices import BranchKind, OrgKind, OrgLevel
from .models import Branch, Household, HouseholdPoverty, Membership, Organization, Person


def extend_cast(cast: Any) -> None:
    cast.org_women_a = Organization.objects.create(
        code="HPN-31135", name="Hội LHPN phường Ninh Kiều", kind=OrgKind.WOMEN, level=OrgLevel.COMMUNE,
        unit=cast.commune_a,
    )
    cast.org_women_b = Organization.objects.create(
        code="HPN-31150", name="Hội LHPN phường An Bình", kind=OrgKind.WOMEN, level=OrgLevel.COMMUNE,
        unit=cast.commune_b,
    )
    cast.branch_a1 = Branch.objects.create(
        code="CH-31135.01-PN", name="Chi hội Phụ nữ khu vực Đặng Thị Ánh", kind=BranchKind.CHI_HOI,
        organization=cast.org_women_a, unit=cast.village_a1,
    )
    cast.branch_b1 = Branch.objects.create(
        code="CH-31150.01-PN", name="Chi hội Phụ nữ khu vực Bình Thường", kind=BranchKind.CHI_HOI,
        organization=cast.org_women_b, unit=cast.village_b1,
    )


# ---------------------------------------------------------------- the import walker's cases
WOMEN, YOUTH = str(OrgKind.WOMEN), str(OrgKind.YOUTH)


@dataclass
class ImportWorld:
    """A Youth Union beside each Women's Union of the cast, with a branch in the first village."""

    cast: Any
    orgs: dict[tuple[str, str], Organization]  # (place, kind) → organization
    branches: dict[tuple[str, str], Branch]  # (place, kind) → branch in the place's first village

    def commune(self, place: str) -> Any:
        return self.cast.commune_a if place == "a" else self.cast.commune_b

    def village(self, place: str) -> Any:
        return self.cast.village_a1 if place == "a" else self.cast.village_b1


def import_world(cast: Any) -> ImportWorld:
    """The world of the import cases, made once per cast."""
    world = cast.__dict__.get("_import_world")
    if world is not None:
        return world
    orgs = {("a", WOMEN): cast.org_women_a, ("b", WOMEN): cast.org_women_b}
    branches = {("a", WOMEN): cast.branch_a1, ("b", WOMEN): cast.branch_b1}
    for place, commune, village in (("a", cast.commune_a, cast.village_a1), ("b", cast.commune_b, cast.village_b1)):
        orgs[(place, YOUTH)] = Organization.objects.create(
            code=f"DTN-{commune.code}", name=f"Đoàn Thanh niên {commune.name}", kind=OrgKind.YOUTH,
            level=OrgLevel.COMMUNE, unit=commune)
        branches[(place, YOUTH)] = Branch.objects.create(
            code=f"CH-{village.key}-TN", name=f"Chi đoàn {village.name}", kind=BranchKind.CHI_DOAN,
            organization=orgs[(place, YOUTH)], unit=village)
    cast._import_world = world = ImportWorld(cast, orgs, branches)
    return world


MEMBER_HEADER = ["Mã cá nhân", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Số điện thoại", "Mã chi hội", "Mã hộ",
                 "Ngày vào", "Ngày ra", "Sinh hoạt thường xuyên", "Là cán bộ"]


def member_row(w: ImportWorld, place: str, kind: str, n: int) -> list[str]:
    return [f"PT-{place}-{kind}-{n}", f"Người thử {n}", "Nữ", "1985", "", "", w.branches[(place, kind)].code, "",
            "01/03/2020", "", "có", "không"]


def import_cases(cast: Any) -> dict[str, ImportCase]:
    w = import_world(cast)

    def existing_organization(place: str, kind: str) -> list[str]:
        org = Organization.objects.create(code=f"OLD-{place}-{kind}", name="Tổ chức cũ", kind=kind,
                                          level=OrgLevel.COMMUNE, unit=w.commune(place))
        return [org.code, "Tên mới", WOMEN, "commune", cast.commune_a.key]

    def existing_branch(place: str, kind: str) -> list[str]:
        branch = Branch.objects.create(code=f"OLD-CH-{place}-{kind}", name="Chi hội cũ", kind=BranchKind.CHI_HOI,
                                       organization=w.orgs[(place, kind)], unit=w.village(place))
        return [branch.code, "Tên mới", "chi_hoi", cast.org_women_a.code, cast.village_a1.key]

    def existing_member(place: str, kind: str) -> list[str]:
        person = Person.objects.create(code=f"OLD-P-{place}-{kind}", full_name="Người cũ", sex="female",
                                       unit=w.village(place))
        Membership.objects.create(person=person, branch=w.branches[(place, kind)])
        # The row adds a Women's Union membership in commune A and rewrites the person.
        return [person.code, "Tên mới", "Nữ", "1985", "", "", cast.branch_a1.code, "", "01/03/2020", "", "có", "không"]

    registers = (Organization, Branch, Household, HouseholdPoverty, Person, Membership)
    return {
        "organizations": ImportCase(
            ["Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Cấp", "Mã đơn vị"],
            lambda place, kind, n: [f"TEST-{place}-{kind}-{n}", f"Tổ chức thử {n}", kind, "commune",
                                    w.commune(place).key],
            has_org_kind=True, models=registers, existing=existing_organization),
        "branches": ImportCase(
            ["Mã chi hội", "Tên chi hội", "Loại", "Mã tổ chức", "Mã thôn"],
            lambda place, kind, n: [f"CHT-{place}-{kind}-{n}", f"Chi hội thử {n}", "chi_hoi",
                                    w.orgs[(place, kind)].code, w.village(place).key],
            has_org_kind=True, models=registers, existing=existing_branch),
        "households": ImportCase(
            ["Mã thôn", "Mã hộ", "Chủ hộ", "Số nhân khẩu", "Địa chỉ", "Năm rà soát", "Tình trạng nghèo"],
            lambda place, kind, n: [w.village(place).key, f"HT{n}", f"Chủ hộ thử {n}", "3", "", "2025", "Hộ nghèo"],
            has_org_kind=False, models=registers,
            why_no_existing="a household is keyed by its village and code: the household it updates is in the "
                            "row's village"),
        "members": ImportCase(MEMBER_HEADER, lambda place, kind, n: member_row(w, place, kind, n), has_org_kind=True,
                              models=registers, existing=existing_member),
    }

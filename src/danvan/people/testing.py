"""This app's members of the test cast (``danvan.testing``): a Women's Union in communes A and B
and one branch in villages A1 and B1."""

from typing import Any

from .choices import BranchKind, OrgKind, OrgLevel
from .models import Branch, Organization


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

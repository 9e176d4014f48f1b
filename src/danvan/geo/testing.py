"""geo's part of the test fixtures: how the import walker writes a village row."""

from typing import Any

from danvan.testing import ImportCase

from .models import AdminUnit


def import_cases(cast: Any) -> dict[str, ImportCase]:
    def village_row(place: str, kind: str, n: int) -> list[str]:
        commune = cast.commune_a if place == "a" else cast.commune_b
        return [commune.code, f"7{n}", f"Ấp thử {n}", "Ấp"]

    return {"villages": ImportCase(
        ["Mã xã", "Mã thôn", "Tên thôn", "Loại"], village_row, has_org_kind=False, models=(AdminUnit,),
        why_no_existing="a village is keyed by its commune and code: the village it updates is in the row's commune")}

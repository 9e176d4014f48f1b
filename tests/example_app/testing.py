"""The example app's import case for the import walker (tests/test_import_scope.py)."""

from typing import Any

from danvan.testing import ImportCase

from .models import Notice


def import_cases(cast: Any) -> dict[str, ImportCase]:
    def row(place: str, kind: str, n: int) -> list[str]:
        village = cast.village_a1 if place == "a" else cast.village_b1
        return [f"TB-{place}-{kind}-{n}", f"Thông báo {n}", village.key, kind, ""]

    def existing(place: str, kind: str) -> list[str]:
        village = cast.village_a1 if place == "a" else cast.village_b1
        notice = Notice.objects.create(code=f"TB-OLD-{place}-{kind}", name="Cũ", org_kind=kind, unit=village)
        return [notice.code, "Tên mới", cast.village_a1.key, "women", ""]

    return {"notices": ImportCase(["Mã", "Tiêu đề", "Mã thôn", "Loại tổ chức", "Ngày đăng"], row,
                                  has_org_kind=True, models=(Notice,), existing=existing)}

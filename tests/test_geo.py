from danvan.core.text import fold, sort_key
from danvan.geo.models import AdminUnit, UnitSuccession


def test_fold_removes_marks_and_maps_d():
    assert fold("Đặng Thị Ánh") == "dang thi anh"
    assert fold("  ĐẮK   LẮK ") == "dak lak"


def test_sort_key_follows_vietnamese_alphabet():
    names = ["Zô", "Đặng", "Dương", "Ơn", "Ông", "Ăn", "An", "Bạo", "Bao", "Bảo"]
    assert sorted(names, key=sort_key) == ["An", "Ăn", "Bao", "Bảo", "Bạo", "Dương", "Đặng", "Ông", "Ơn", "Zô"]


def test_national_lists_are_loaded(db):
    assert AdminUnit.objects.current().filter(level=1).count() == 34
    assert AdminUnit.objects.current().filter(level=3).count() == 3321
    assert AdminUnit.objects.legacy().filter(level=1).count() == 63
    assert AdminUnit.objects.legacy().filter(level=2).count() == 696
    assert AdminUnit.objects.legacy().filter(level=3).count() == 10051


def test_hau_giang_became_part_of_can_tho(db):
    hau_giang = AdminUnit.objects.get(key="L93")
    assert hau_giang.name == "Tỉnh Hậu Giang"
    assert list(hau_giang.successors.values_list("current__key", flat=True)) == ["92"]


def test_split_commune_maps_to_several(db):
    split = UnitSuccession.objects.filter(partial=True).values("legacy").distinct().count()
    assert split > 400


def test_search_is_accent_insensitive(db):
    assert AdminUnit.objects.current().filter(level=1).search("dak lak").get().name == "Tỉnh Đắk Lắk"
    assert AdminUnit.objects.legacy().filter(level=1).search("ha giang").get().name == "Tỉnh Hà Giang"

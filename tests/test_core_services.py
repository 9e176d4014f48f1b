"""The one write path: permission, scope, validation and the audit trail, in one transaction."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.core import audit
from danvan.core.context import actor
from danvan.core.models import ChangeRecord
from danvan.core.services import OutOfScope, delete_record, save_record
from danvan.people.models import Household, HouseholdPoverty


def household(cast, village=None) -> Household:
    return Household(code="H1", head_name="Đặng Thị Ánh", size=3, unit=village or cast.village_a1)


def test_an_editor_creates_in_scope_and_the_change_is_recorded(cast):
    with actor(cast.editor_a, source="test"):
        saved = save_record(cast.editor_a, household(cast))
    record = ChangeRecord.objects.get(object_id=saved.pk, action="create")
    assert record.user == cast.editor_a and record.unit_path == cast.village_a1.path
    assert record.after["head_name"] == "Đặng Thị Ánh"
    assert saved.name_folded == "dang thi anh" and saved.unit_path == cast.village_a1.path


def test_an_editor_cannot_write_into_another_commune(cast):
    with pytest.raises(OutOfScope):
        save_record(cast.editor_a, household(cast, cast.village_b1))
    assert not Household.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_moving_a_record_out_of_scope_is_refused_and_rolled_back(cast):
    saved = save_record(cast.editor_a, household(cast))
    before = audit.snapshot(saved)
    saved.unit = cast.village_b1
    with pytest.raises(OutOfScope):
        save_record(cast.editor_a, saved, before=before)
    assert Household.objects.get(pk=saved.pk).unit_id == cast.village_a1.id


def test_a_viewer_cannot_write(cast):
    with pytest.raises(PermissionDenied):
        save_record(cast.viewer_a, household(cast))


def test_validation_errors_stop_the_write(cast):
    bad = household(cast)
    bad.size = 0
    with pytest.raises(ValidationError) as error:
        save_record(cast.editor_a, bad)
    assert "size" in error.value.message_dict
    assert not Household.objects.exists()


def test_a_poverty_review_follows_its_household_for_scope_and_history(cast):
    home = save_record(cast.editor_a, household(cast))
    with actor(cast.editor_a):
        save_record(cast.editor_a, HouseholdPoverty(household=home, year=2025, status="poor"))
    entries = list(audit.history(home))
    assert [e.action for e in entries] == ["update", "create"]
    assert entries[0].after == {"householdpoverty.household": home.pk, "householdpoverty.year": 2025,
                                "householdpoverty.status": "poor"}
    assert entries[0].unit_path == cast.village_a1.path
    with pytest.raises(OutOfScope):
        save_record(cast.editor_b, HouseholdPoverty(household=home, year=2024, status="none"))


def test_delete_records_the_before_values(cast):
    home = save_record(cast.editor_a, household(cast))
    pk = home.pk
    delete_record(cast.editor_a, home)
    assert not Household.objects.filter(pk=pk).exists()
    assert ChangeRecord.objects.get(object_id=pk, action="delete").before["code"] == "H1"


def test_404_and_403_pages_are_vietnamese(cast, client):
    home = save_record(cast.editor_b, household(cast, cast.village_b1))
    client.force_login(cast.editor_a)
    response = client.get(f"/registers/households/{home.pk}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang hoặc dữ liệu" in page and "Đặng Thị Ánh" not in page
    client.force_login(cast.viewer_a)
    response = client.get("/registers/households/add/")
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này" in response.content.decode()

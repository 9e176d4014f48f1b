"""Sensitive personal data (ethnicity, Party membership — Law 91/2025/QH15, Decree 356/2025/NĐ-CP):
shown only to ``sees_sensitive_data`` users on the person's page, in the form, the API and exports,
and every showing is logged as ``ChangeAction.ACCESS``."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from danvan.accounts.choices import Role, exports_sensitive_data, sees_sensitive_data
from danvan.accounts.models import ApiToken
from danvan.core.models import ChangeAction, ChangeRecord
from danvan.people.choices import OrgKind, Sex
from danvan.people.models import Membership, Person
from danvan.testing import make_user


@pytest.fixture
def khmer(cast) -> Person:
    person = Person.objects.create(code="P-KH1", full_name="Thạch Thị Sa Rươne", sex=Sex.FEMALE, birth_year=1980,
                                   ethnicity="Khmer", party_member=True, phone="0909123456", unit=cast.village_a1)
    Membership.objects.create(person=person, branch=cast.branch_a1)
    return person


def accesses(person: Person) -> int:
    return ChangeRecord.objects.filter(action=ChangeAction.ACCESS, object_id=person.pk,
                                       content_type=ContentType.objects.get_for_model(Person)).count()


def test_who_sees_sensitive_data(cast):
    assert sees_sensitive_data(cast.admin) and sees_sensitive_data(cast.specialist) and sees_sensitive_data(cast.editor_a)
    # A grant narrowed to one organization kind, a viewer and no grant: no.
    assert not any(sees_sensitive_data(u) for u in (cast.women_only_a, cast.viewer_a, cast.nobody))
    # Exports: admins and province specialists only.
    assert exports_sensitive_data(cast.specialist) and not exports_sensitive_data(cast.editor_a)


def test_person_page_shows_and_logs_sensitive_data_only_to_those_allowed(cast, client, khmer):
    url = f"/registers/people/{khmer.pk}/"
    client.force_login(cast.editor_a)
    text = client.get(url).content.decode()
    assert "Khmer" in text and "Là đảng viên" in text and "0909123456" in text
    assert accesses(khmer) == 1
    client.get(url)
    assert accesses(khmer) == 2  # one entry per page view
    entry = ChangeRecord.objects.filter(action=ChangeAction.ACCESS).latest("id")
    assert entry.user == cast.editor_a and entry.unit_path == khmer.unit_path
    # The Women's Union editor sees the phone (personal) but not ethnicity nor Party membership.
    client.force_login(cast.women_only_a)
    text = client.get(url).content.decode()
    assert "0909123456" in text and "Khmer" not in text and "Là đảng viên" not in text
    client.force_login(cast.viewer_a)
    text = client.get(url).content.decode()
    assert "Khmer" not in text and "0909123456" not in text
    assert accesses(khmer) == 2


def test_the_form_has_no_sensitive_field_for_a_kind_limited_editor_and_keeps_the_values(cast, client, khmer):
    client.force_login(cast.women_only_a)
    text = client.get(f"/registers/people/{khmer.pk}/edit/").content.decode()
    assert 'name="ethnicity"' not in text and 'name="party_member"' not in text and 'name="phone"' in text
    client.force_login(cast.admin)
    text = client.get(f"/registers/people/{khmer.pk}/edit/").content.decode()
    assert 'name="ethnicity"' in text and 'name="party_member"' in text


def _api(user, method: str, path: str, payload=None):
    _, raw = ApiToken.issue(user, name="test")
    call = getattr(Client(), method)
    if payload is None:
        return call("/api/v1" + path, headers={"Authorization": f"Bearer {raw}"})
    return call("/api/v1" + path, json.dumps(payload), content_type="application/json",
                headers={"Authorization": f"Bearer {raw}"})


def test_api_hides_sensitive_fields_and_logs_each_read(cast, khmer):
    data = _api(cast.specialist, "get", f"/people/{khmer.pk}").json()
    assert (data["ethnicity"], data["party_member"], data["phone"]) == ("Khmer", True, "0909123456")
    assert accesses(khmer) == 1
    data = _api(cast.women_only_a, "get", f"/people/{khmer.pk}").json()
    assert (data["ethnicity"], data["party_member"], data["phone"]) == (None, None, "0909123456")
    assert accesses(khmer) == 1
    # A role that cannot read them does not overwrite them either.
    response = _api(cast.women_only_a, "patch", f"/people/{khmer.pk}", {"ethnicity": "Kinh", "party_member": False})
    assert response.status_code == 200, response.content
    khmer.refresh_from_db()
    assert (khmer.ethnicity, khmer.party_member) == ("Khmer", True)
    # An allowed one does, and the answer that shows them is logged.
    response = _api(cast.editor_a, "patch", f"/people/{khmer.pk}", {"party_member": False})
    assert response.status_code == 200 and response.json()["party_member"] is False
    assert accesses(khmer) == 2


def test_exports_carry_ethnicity_only_for_sensitive_exporters_and_are_logged(cast, client, khmer):
    before = ChangeRecord.objects.filter(action=ChangeAction.ACCESS).count()
    client.force_login(cast.specialist)
    body = b"".join(client.get("/data/export/members/?format=csv").streaming_content).decode("utf-8-sig")
    header = body.splitlines()[0]
    assert "Dân tộc" in header and "Khmer" in body and "Năm sinh" in header
    assert ChangeRecord.objects.filter(action=ChangeAction.ACCESS).count() == before + 1
    # A province specialist limited to the Women's Union exports personal data but not ethnicity.
    women = make_user("tinh_phunu", Role.PROVINCE, cast.province, org_kind=OrgKind.WOMEN)
    client.force_login(women)
    body = b"".join(client.get("/data/export/members/?format=csv").streaming_content).decode("utf-8-sig")
    header = body.splitlines()[0]
    assert "Năm sinh" in header and "Dân tộc" not in header and "Khmer" not in body
    assert ChangeRecord.objects.filter(action=ChangeAction.ACCESS).count() == before + 1


def test_the_change_history_hides_sensitive_changes_from_those_not_allowed(cast, client, khmer):
    from danvan.core import audit
    from danvan.core.services import save_record

    before = audit.snapshot(khmer)
    khmer.ethnicity, khmer.phone = "Hoa", "0909000111"
    save_record(cast.editor_a, khmer, before)
    url = f"/registers/people/{khmer.pk}/history/"
    client.force_login(cast.editor_a)
    text = client.get(url).content.decode()
    assert "Khmer" in text and "Hoa" in text
    client.force_login(cast.women_only_a)  # sees the phone's change, not the ethnicity's
    text = client.get(url).content.decode()
    assert "0909000111" in text and "Khmer" not in text and "Hoa" not in text

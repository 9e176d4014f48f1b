"""Deletion loses nothing: the confirmation lists what goes with a record, the DELETE audit entry
keeps every row removed, and an editor of the unit restores them (same ids, same facts)."""

import json
from typing import Any

import pytest
from django.test import Client

from danvan.accounts.models import ApiToken
from danvan.core.context import actor
from danvan.core.models import ChangeAction, ChangeRecord
from danvan.core.services import RestoreRefused, delete_record, restore_record
from danvan.indicators import ledger
from danvan.indicators.models import Fact
from danvan.people.choices import PovertyStatus, Sex
from danvan.people.models import Household, HouseholdPoverty, Membership, Person
from danvan.testing import Cast

FACT_COLUMNS = [f.name for f in Fact._meta.fields if f.name != "id"]


def facts() -> list[tuple[Any, ...]]:
    return sorted(Fact.objects.values_list(*FACT_COLUMNS), key=repr)


@pytest.fixture
def member(cast: Cast) -> Person:
    home = Household.objects.create(unit=cast.village_a1, code="H-RS1", head_name="Lý Thị Hoa", size=3)
    person = Person.objects.create(unit=cast.village_a1, code="P-RS1", full_name="Lý Thị Hoa", sex=Sex.FEMALE,
                                   birth_year=1980, household=home)
    Membership.objects.create(person=person, branch=cast.branch_a1, joined="2020-01-15")
    return person


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def delete_entry(person: Person) -> ChangeRecord:
    return ChangeRecord.objects.get(action=ChangeAction.DELETE, object_id=person.pk, payload__has_key="deleted")


def test_the_confirmation_lists_the_memberships_that_go_with_a_person(cast: Cast, member: Person) -> None:
    page = login(cast.editor_a).get(f"/registers/people/{member.pk}/delete/")
    assert page.status_code == 200
    [group] = page.context["going"]
    assert group.count == 1 and str(member.memberships.get()) in group.names
    assert str(member.memberships.get()) in page.content.decode()


def test_the_confirmation_says_residents_are_detached_from_a_household(cast: Cast, member: Person) -> None:
    page = login(cast.editor_a).get(f"/registers/households/{member.household_id}/delete/")
    [group] = page.context["detached"]
    assert group.count == 1 and group.names == [str(member)]
    assert "sẽ để trống trường" in page.content.decode()


def test_delete_then_restore_gives_back_the_rows_with_their_ids_and_the_same_facts(cast: Cast, member: Person) -> None:
    before = facts()
    assert before, "the member feeds the ledger"
    membership = member.memberships.get()
    client = login(cast.editor_a)
    assert client.post(f"/registers/people/{member.pk}/delete/").status_code == 302
    assert not Person.objects.filter(pk=member.pk).exists() and not Membership.objects.exists()
    assert facts() != before

    entry = delete_entry(member)
    kept = {(row["model"], row["pk"]) for row in entry.payload["deleted"]}
    assert kept == {("people.person", member.pk), ("people.membership", membership.pk)}
    assert entry.pk in [c.pk for c in client.get("/trash/").context["page"]]

    answer = client.post(f"/trash/{entry.pk}/")
    assert answer.status_code == 302 and answer["Location"] == f"/registers/people/{member.pk}/"
    restored = Person.objects.get(pk=member.pk)
    assert restored.full_name == "Lý Thị Hoa" and restored.household_id == member.household_id
    assert Membership.objects.get(pk=membership.pk).person_id == member.pk
    assert facts() == before
    assert ledger.check()[0] == 0
    restore_entry = ChangeRecord.objects.get(action=ChangeAction.RESTORE)
    assert restore_entry.payload == {"restored_from": entry.pk} and restore_entry.user == cast.editor_a
    assert entry.pk not in [c.pk for c in client.get("/trash/").context["page"]]  # restored: off the list
    with pytest.raises(RestoreRefused):
        restore_record(cast.editor_a, entry)


def test_restoring_a_household_reattaches_its_residents(cast: Cast, member: Person) -> None:
    before = facts()
    client = login(cast.editor_a)
    assert client.post(f"/registers/households/{member.household_id}/delete/").status_code == 302
    assert Person.objects.get(pk=member.pk).household_id is None
    entry = ChangeRecord.objects.get(action=ChangeAction.DELETE, object_id=member.household_id)
    assert client.post(f"/trash/{entry.pk}/").status_code == 302
    assert Person.objects.get(pk=member.pk).household_id == member.household_id
    assert facts() == before and ledger.check()[0] == 0


def test_a_deletion_through_the_api_keeps_the_same_payload(cast: Cast, member: Person) -> None:
    token = ApiToken.issue(cast.editor_a, name="test")[1]
    answer = Client().delete(f"/api/v1/people/{member.pk}", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 204
    rows = delete_entry(member).payload["deleted"]
    assert {r["model"] for r in rows} == {"people.person", "people.membership"}
    assert json.loads(json.dumps(rows)) == rows  # stored as JSON


def test_another_communes_deletion_is_404_and_a_viewer_gets_403(cast: Cast, member: Person) -> None:
    assert login(cast.editor_a).post(f"/registers/people/{member.pk}/delete/").status_code == 302
    entry = delete_entry(member)
    outsider = login(cast.editor_b)
    assert outsider.get(f"/trash/{entry.pk}/").status_code == 404
    assert outsider.post(f"/trash/{entry.pk}/").status_code == 404
    assert entry.pk not in [c.pk for c in outsider.get("/trash/").context["page"]]
    viewer = login(cast.viewer_a)
    assert viewer.get(f"/trash/{entry.pk}/").status_code == 200
    assert viewer.post(f"/trash/{entry.pk}/").status_code == 403
    assert not Person.objects.filter(pk=member.pk).exists()


def test_a_restore_is_refused_when_the_id_was_taken_meanwhile(cast: Cast, member: Person) -> None:
    assert login(cast.editor_a).post(f"/registers/people/{member.pk}/delete/").status_code == 302
    entry = delete_entry(member)
    Person.objects.create(pk=member.pk, unit=cast.village_a1, code="P-OTHER", full_name="Người khác", sex=Sex.MALE)
    page = login(cast.editor_a).post(f"/trash/{entry.pk}/")
    assert page.status_code == 200 and "đã được dùng" in page.context["error"]
    assert Person.objects.get(pk=member.pk).code == "P-OTHER" and not Membership.objects.exists()


def test_a_deleted_poverty_review_is_offered_on_its_households_history_and_comes_back(
        cast: Cast, member: Person) -> None:
    home = member.household
    review = HouseholdPoverty.objects.create(household=home, year=2025, status=PovertyStatus.POOR)
    review_id, before = review.pk, facts()
    with actor(cast.editor_a):
        delete_record(cast.editor_a, review)
    client = login(cast.editor_a)
    [entry] = client.get(f"/registers/households/{home.pk}/history/").context["deleted"]
    assert client.post(f"/trash/{entry.pk}/").status_code == 302
    assert HouseholdPoverty.objects.get(pk=review_id).status == PovertyStatus.POOR
    assert facts() == before and ledger.check()[0] == 0
    assert not client.get(f"/registers/households/{home.pk}/history/").context["deleted"]


def test_the_trash_lists_deletions_only_not_an_import_with_its_counts(cast: Cast, member: Person) -> None:
    """An import's audit entry carries counts in its payload ({"rows": 40, …}): it is not a deletion."""
    from danvan.core import audit

    with actor(cast.editor_a, source="web"):
        delete_record(cast.editor_a, member)
        audit.record(ChangeAction.IMPORT, model=Person, unit_path=cast.commune_a.path,
                     payload={"job": 1, "rows": 40, "created": 40, "updated": 0})
    page = login(cast.editor_a).get("/trash/")
    assert page.status_code == 200
    assert [c.action for c in page.context["page"]] == [ChangeAction.DELETE]

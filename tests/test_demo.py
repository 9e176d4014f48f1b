"""The demo generator on a small parameter set: deterministic, correctly placed, consistent."""

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db.models import F

from danvan.core.text import fold, sort_key
from danvan.demo import generator
from danvan.demo.accounts import ensure_demo_users
from danvan.geo.choices import Level, UnitKind
from danvan.geo.models import AdminUnit, UnitSuccession
from danvan.people.models import Branch, Household, HouseholdPoverty, Membership, Organization, Person

from .module_data import built_once

SMALL = generator.DemoSpec(communes=("31135", "31150"), villages_per_commune=(3, 4), households=240, members=360)


def snapshot() -> dict[str, list]:
    return {
        "villages": list(AdminUnit.objects.filter(level=Level.VILLAGE).order_by("key")
                         .values_list("key", "name", "kind", "legacy_parent__key")),
        "orgs": list(Organization.objects.order_by("code").values_list("code", "name", "parent__code")),
        "branches": list(Branch.objects.order_by("code").values_list("code", "name", "kind", "unit__key")),
        "households": list(Household.objects.order_by("code").values_list("code", "head_name", "size", "unit__key")),
        "people": list(Person.objects.order_by("code").values_list(
            "code", "full_name", "sex", "birth_year", "ethnicity", "phone", "is_cadre", "household__code")),
        "memberships": list(Membership.objects.order_by("person__code", "branch__code").values_list(
            "person__code", "branch__code", "joined", "left", "attends_regularly")),
        "poverty": list(HouseholdPoverty.objects.order_by("household__code", "year")
                        .values_list("household__code", "year", "status")),
    }


@pytest.fixture(scope="module")
def built_for_module(django_db_setup, django_db_blocker) -> Iterator[generator.BuildResult]:
    """Built once; each test sees it in its own savepoint (tests/module_data.py). The tests that need
    an empty database are in test_demo_command.py."""
    yield from built_once(django_db_blocker, lambda: generator.build(SMALL))


@pytest.fixture
def built(built_for_module, db) -> generator.BuildResult:
    return built_for_module


def test_build_is_deterministic(built):
    first = snapshot()
    assert len(first["people"]) == built.counts["persons"] > 100
    assert len(first["memberships"]) == built.counts["memberships"]
    generator.reset(SMALL)
    assert not Person.objects.exists() and not AdminUnit.objects.filter(level=Level.VILLAGE).exists()
    generator.build(SMALL)
    assert snapshot() == first


def test_a_second_build_is_refused_and_detected(built):
    assert generator.is_built()
    with pytest.raises(generator.DemoExists):
        generator.build(SMALL)


def test_villages_belong_to_a_predecessor_of_their_commune(built):
    villages = AdminUnit.objects.filter(level=Level.VILLAGE).select_related("parent", "legacy_parent")
    assert 6 <= villages.count() <= 8
    for village in villages:
        assert village.key.startswith(f"{village.parent.code}.")
        assert village.path == f"{village.parent.path}{village.key}/"
        assert village.province.key == "92" and village.commune_id == village.parent_id
        assert village.legacy_parent.is_legacy
        assert UnitSuccession.objects.filter(legacy=village.legacy_parent, current=village.parent).exists()
        assert village.kind in {UnitKind.HAMLET, UnitKind.KHOM, UnitKind.RESIDENTIAL_GROUP}
    # Phường An Bình took over parts of three legacy communes: its villages use more than one.
    legacy = set(villages.filter(parent__key="31150").values_list("legacy_parent__key", flat=True))
    assert len(legacy) > 1


@pytest.mark.parametrize("model", [Organization, Branch, Household, Person, Membership])
def test_scope_fields_are_placed(built, model):
    province = AdminUnit.objects.get(key="92")
    rows = model.objects.all()
    assert rows.exists()
    assert not rows.exclude(unit_path=F("unit__path")).exists()
    assert not rows.exclude(province_id=province.pk).exists()
    if model is not Organization:
        assert not rows.exclude(commune_id=F("unit__parent_id")).exists()
        assert not rows.exclude(unit__level=Level.VILLAGE).exists()


def test_org_kinds_and_parents(built):
    assert not Membership.objects.exclude(org_kind=F("branch__org_kind")).exists()
    assert not Branch.objects.exclude(org_kind=F("organization__kind")).exists()
    assert not Membership.objects.exclude(unit_id=F("branch__unit_id")).exists()
    assert not Branch.objects.exclude(organization__unit_id=F("unit__parent_id")).exists()
    front = Organization.objects.get(code="MT-92")
    assert front.parent is None and front.name == "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Cần Thơ"
    assert Organization.objects.get(code="HPN-92").parent == front
    commune_front = Organization.objects.get(code="MT-31135")
    assert commune_front.parent == front
    assert Organization.objects.get(code="HND-31135").parent == commune_front
    # Five branches in every village, one per organization.
    assert Branch.objects.count() == 5 * AdminUnit.objects.filter(level=Level.VILLAGE).count()


def test_people_are_plausible(built):
    for person in Person.objects.all()[:300]:
        assert person.name_folded == fold(person.full_name)
        assert person.name_sort == sort_key(person.full_name)
        assert len(person.full_name.split()) >= 2
    assert not Membership.objects.filter(org_kind="women", person__sex="male").exists()
    assert not Membership.objects.filter(org_kind="youth", person__birth_year__lt=1996).exists()
    assert not Membership.objects.filter(org_kind="veterans", person__birth_year__gt=1975).exists()
    assert not Membership.objects.filter(left__lt=F("joined")).exists()
    assert Membership.objects.filter(joined__lt="2025-07-01").exists()
    assert Person.objects.filter(is_cadre=True).exists()
    # the registers review 2024 and 2025; the campaigns demo adds 2026 reviews of the households it helped
    assert HouseholdPoverty.objects.filter(year__in=generator.POVERTY_YEARS).count() == 2 * Household.objects.count()
    for household in Household.objects.all()[:200]:
        assert household.size >= household.residents.count()
        assert household.name_sort == sort_key(household.head_name)


def test_fact_ledger_follows_the_bulk_build_and_reset(built):
    """bulk_written is sent for every inserted model: the ledger matches the records (if installed)."""
    from django.core.management import get_commands

    if "facts" not in get_commands():
        pytest.skip("no fact ledger installed")
    call_command("facts", "check")  # exits 1 on any difference
    generator.reset(SMALL)
    generator.build(SMALL)
    call_command("facts", "check")


def test_every_app_builds_its_demo_data_and_reset_removes_it(built):
    """The demo hook (core.demo): each installed app's demo module built rows for the demo communes."""
    from danvan.core.demo import modules

    ctx = generator.app_context(SMALL)
    apps_with_demo = list(modules())
    assert all(module.is_built(ctx) for _label, module in apps_with_demo), [
        label for label, module in apps_with_demo if not module.is_built(ctx)]
    generator.reset(SMALL)
    ctx = generator.app_context(SMALL)
    assert not any(module.is_built(ctx) for _label, module in apps_with_demo)


def test_the_demo_shows_a_background_import_and_a_deleted_member_to_restore(built):
    from danvan.core.models import ChangeAction, ChangeRecord, Job, JobState
    from danvan.core.services import restorable
    from danvan.demo import trust
    from danvan.people.models import Person

    ensure_demo_users()
    people = Person.objects.count()
    trust.ensure(write=lambda text: None)
    job = Job.objects.get(kind="import")
    assert job.state == JobState.DONE and job.result["created"] == trust.IMPORT_ROWS, job.errors
    entry = ChangeRecord.objects.get(action=ChangeAction.IMPORT, username=trust.EDITOR)
    assert entry.payload["job"] == job.pk and entry.payload["created"] == trust.IMPORT_ROWS
    deleted = ChangeRecord.objects.get(action=ChangeAction.DELETE, payload__has_key="deleted")
    assert restorable(deleted) and deleted.unit_path.startswith("VN/92/31135/")
    assert Person.objects.count() == people + trust.IMPORT_ROWS - 1
    trust.ensure(write=lambda text: None)  # a second run adds nothing
    assert Job.objects.count() == 1
    assert ChangeRecord.objects.filter(action=ChangeAction.DELETE, payload__has_key="deleted").count() == 1

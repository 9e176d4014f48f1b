"""``facts rebuild`` loses no edit committed by another connection while its staging table fills.

The edits run in a thread (its own database connection, its own committed transactions) from the
rebuild's progress callback after the last chunk: every source has been read into the staging
table by then, so without the dirty-key replay each edit would be lost by the swap. The second
test shows exactly that, so the first one cannot pass by accident.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from django.db import connection

from danvan.indicators import ledger
from danvan.indicators.models import Fact
from danvan.people.choices import BranchKind, OrgKind, OrgLevel, Sex
from danvan.people.models import Branch, Household, Membership, Organization, Person
from danvan.testing import make_village

D = dt.date


def _world(cast) -> dict[str, object]:
    village = make_village(cast.commune_a, "91", "Ấp Chín Mốt")
    org = Organization.objects.create(code="ORG-RB", name="Hội Phụ nữ xã", kind=OrgKind.WOMEN,
                                      level=OrgLevel.COMMUNE, unit=cast.commune_a)
    branch = Branch.objects.create(code="CH-RB", name="Chi hội ấp Chín Mốt", kind=BranchKind.CHI_HOI,
                                   organization=org, unit=village)
    household = Household.objects.create(code="H-RB", head_name="Chủ hộ", unit=village)
    members = []
    for i in range(6):
        person = Person.objects.create(code=f"RB{i}", full_name=f"Người {i}", sex=Sex.FEMALE, birth_year=1980 + i,
                                       household=household, unit=village)
        members.append(Membership.objects.create(person=person, branch=branch, joined=D(2020, 1, 1 + i)))
    return {"village": village, "branch": branch, "household": household, "members": members}


def _edits(world: dict[str, object]) -> Callable[[], dict[str, int]]:
    """Edits of already-read records: a member leaves, one is deleted, a new one joins."""

    def run() -> dict[str, int]:
        members = world["members"]
        leaving = Membership.objects.get(pk=members[0].pk)
        leaving.left = D(2024, 6, 30)
        leaving.save()
        Membership.objects.get(pk=members[1].pk).delete()
        person = Person.objects.create(code="RB-NEW", full_name="Người mới", sex=Sex.FEMALE, birth_year=2000,
                                       household=world["household"], unit=world["village"])
        joined = Membership.objects.create(person=person, branch=world["branch"], joined=D(2025, 3, 1))
        return {"left": leaving.pk, "deleted": members[1].pk, "joined": joined.pk}

    return run


def _rebuild_with_edits_during_fill(run: Callable[[], dict[str, int]]) -> dict[str, int]:
    total = ledger.source_sizes()
    done = {"rows": 0}
    result: dict[str, int] = {}
    errors: list[BaseException] = []

    def in_thread() -> None:
        try:
            result.update(run())
        except BaseException as error:  # noqa: BLE001 — reported by the main thread
            errors.append(error)
        finally:
            connection.close()  # the thread's own connection

    def progress(rows: int) -> None:
        done["rows"] += rows
        if done["rows"] >= total and not result and not errors:  # every source read: edit now
            thread = threading.Thread(target=in_thread)
            thread.start()
            thread.join(timeout=120)
            assert not thread.is_alive(), "the edits did not finish"

    ledger.rebuild(progress=progress)
    if errors:
        raise errors[0]
    assert result, "the progress callback never reached the end of the fill"
    return result


def _facts(source: str, ref: int) -> set[tuple[str, dt.date, int]]:
    return {(f.indicator, f.day, f.value) for f in Fact.objects.filter(source=source, ref=ref)}


def test_edits_committed_while_the_staging_table_fills_survive_the_swap(transactional_db, cast):
    world = _world(cast)
    keys = _rebuild_with_edits_during_fill(_edits(world))

    assert ("MB-MEMBERS", D(2024, 6, 30), -1) in _facts("membership", keys["left"])
    assert not _facts("membership", keys["deleted"])
    assert any(ind == "MB-MEMBERS" and day == D(2025, 3, 1) and value == 1
               for ind, day, value in _facts("membership", keys["joined"]))
    total, differences = ledger.check()
    assert total == 0, differences
    # No rebuild runs any more: writers stop noting keys, and nothing is left behind.
    tables = connection.introspection.table_names()
    assert ledger.DIRTY_TABLE not in tables and ledger.STAGING_TABLE not in tables


def test_without_the_replay_the_same_edits_would_be_lost(transactional_db, cast, monkeypatch):
    world = _world(cast)
    monkeypatch.setattr(ledger, "_replay", lambda dirty: None)
    keys = _rebuild_with_edits_during_fill(_edits(world))

    assert _facts("membership", keys["deleted"])  # the deleted member's facts came back with the swap
    assert not _facts("membership", keys["joined"])
    total, _ = ledger.check()
    assert total > 0

"""Reports read from a read replica when one is configured (core/replica.py).

The ``replica`` alias of tests/settings.py mirrors the test database (a second connection to it, as a
streaming replica is a second server with the same rows). The test is transactional: a replica only
sees committed rows.
"""

import pytest
from django.db import connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from danvan.core.replica import ReplicaRouter, report_alias
from danvan.geo.models import AdminUnit
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.models import Fact, FactTotal, PublishedReport, UnitPlacement
from danvan.indicators.periods import parse_period
from danvan.people.models import Person

from .test_indicators import sc  # noqa: F401 — the scenario fixture

LEDGER_TABLES = ("indicators_fact", "indicators_facttotal")


def _ledger_queries(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in LEDGER_TABLES)]


def _figures(key: str, by: list[str]) -> dict:
    report = build_report(resolve_unit(key), parse_period("2024"), by)
    figures = {r.indicator.code: (r.current, r.previous, r.year_earlier) for r in report.results}
    rows = {(b, row.key): row.values for b, breakdown in report.breakdowns.items() for row in breakdown.rows}
    return {"figures": figures, "rows": rows}


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reports_read_the_replica_and_match_the_primary(sc):  # noqa: F811
    by = ["child", "sex", "org"]
    on_primary = {key: _figures(key, by) for key in ("92", "31135")}
    assert on_primary["92"]["figures"]["MB-MEMBERS"][0].value == 7

    with override_settings(DANVAN_REPORT_DATABASE="replica"):
        with CaptureQueriesContext(connections["replica"]) as replica, \
                CaptureQueriesContext(connections["default"]) as primary:
            on_replica = {key: _figures(key, by) for key in ("92", "31135")}
        assert on_replica == on_primary
        assert _ledger_queries(replica), "the fact ledger was not read on the replica"
        assert _ledger_queries(primary) == []

        # The ORM's reads of the ledger follow, through the router; not inside a write transaction.
        with override_settings(DATABASE_ROUTERS=["danvan.core.replica.ReplicaRouter"]), \
                CaptureQueriesContext(connections["replica"]) as replica:
            assert Fact.objects.filter(indicator="MB-MEMBERS").exists()
            assert len(replica.captured_queries) == 1
            with transaction.atomic():
                assert ReplicaRouter().db_for_read(Fact) == "default"


def test_the_router_keeps_writes_and_every_other_model_on_the_primary():
    router = ReplicaRouter()
    assert router.db_for_read(Fact) == "default"  # no replica configured: the primary
    with override_settings(DANVAN_REPORT_DATABASE="replica"):
        assert report_alias() == "replica"
        assert router.db_for_read(Fact) == router.db_for_read(FactTotal) == "replica"
        for model in (UnitPlacement, PublishedReport, Person, AdminUnit):
            assert router.db_for_read(model) == "default", model
        for model in (Fact, FactTotal, PublishedReport, Person):
            assert router.db_for_write(model) == "default", model
        assert router.allow_migrate("default", "indicators") and not router.allow_migrate("replica", "indicators")

"""Where reports read: a PostgreSQL read replica when one is configured, else the primary.

``settings.DANVAN_REPORT_DATABASE`` names the database alias reports read from ("default" unless
``DATABASE_REPLICA_URL`` is set, see settings). Report queries are raw SQL over the fact ledger and
its running totals, so they take their cursor from ``report_connection()`` rather than from a model
router; a report may lag the primary by the replica's delay, which a report tolerates. ORM reads of
the ledger's own tables follow the same alias through :class:`ReplicaRouter` (in
``settings.DATABASE_ROUTERS`` when the replica is configured).
"""

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model


def report_alias() -> str:
    """The alias report queries use."""
    return getattr(settings, "DANVAN_REPORT_DATABASE", "default") or "default"


def report_connection() -> BaseDatabaseWrapper:
    """The connection report queries run on (the replica when configured)."""
    return connections[report_alias()]


# The ORM reads routed to the report database: the fact ledger and its running totals, which only
# reports read (the ledger itself writes and checks them with raw SQL on the primary). Not routed:
# UnitPlacement (the ledger reads it to insert what is missing, in its writing transaction) and
# PublishedReport (a publication is shown — and its public page cached — right after it is written,
# which a lagging replica would miss).
REPORT_MODELS = frozenset({"indicators.fact", "indicators.facttotal"})


class ReplicaRouter:
    """Sends ORM reads of :data:`REPORT_MODELS` to the report database; everything else to the primary.

    A read made inside a transaction on the primary stays there (it may need that transaction's own
    writes). Migrations run on the primary only: a streaming replica copies them.
    """

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if model._meta.label_lower in REPORT_MODELS and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return report_alias()
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the replica holds the primary's rows: objects read from either may be related

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS

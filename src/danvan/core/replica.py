"""Where reports read: a PostgreSQL read replica when one is configured, else the primary.

``settings.DANVAN_REPORT_DATABASE`` names the database alias reports read from ("default" unless
``DATABASE_REPLICA_URL`` is set, see settings). Report queries are raw SQL over the fact ledger and
its running totals, so they take their cursor from ``report_connection()`` rather than from a model
router; a report may lag the primary by the replica's delay, which a report tolerates.
"""

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper


def report_alias() -> str:
    """The alias report queries use."""
    return getattr(settings, "DANVAN_REPORT_DATABASE", "default") or "default"


def report_connection() -> BaseDatabaseWrapper:
    """The connection report queries run on (the replica when configured)."""
    return connections[report_alias()]

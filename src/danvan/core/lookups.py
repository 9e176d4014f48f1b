"""``<path>__under=<prefix>``: the rows whose materialized path starts with ``prefix`` (a unit's
subtree), written so that the path's index answers it on SQLite too.

Django writes ``startswith`` on SQLite as ``LIKE 'VN/92/31135/%' ESCAPE '\\'``. SQLite's LIKE is
case-insensitive, so it cannot use a path's (binary) index and scans it whole: every scoped list
of a commune read the province's 200,000 household paths. ``under`` is the same prefix test as a
range, ``path >= 'VN/92/31135/' AND path < 'VN/92/311350'``, which SQLite answers with an index
search. SQLite compares text byte by byte (UTF-8: code-point order), so the range holds exactly
the strings with the prefix. PostgreSQL keeps ``LIKE``: Django gives every indexed path column a
``varchar_pattern_ops`` index for it, and a range would follow the database's collation, which
need not be code-point order.
"""

from typing import Any

from django.db.models import CharField, Lookup
from django.db.models.lookups import StartsWith

_LAST = 0x10FFFF


@CharField.register_lookup
class Under(Lookup):
    lookup_name = "under"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return compiler.compile(StartsWith(self.lhs, self.rhs))

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        prefix = self.rhs
        if not isinstance(prefix, str) or not prefix or ord(prefix[-1]) == _LAST:
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first string past every one with the prefix
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, prefix, *lhs_params, after]

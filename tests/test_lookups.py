"""``__under`` (core/lookups.py): a materialized path's prefix test that the path's index answers."""

from django.db import connection

from danvan.geo.models import AdminUnit

PREFIXES = ["", "VN/", "VN/9", "vn/", "VN/0"]


def test_under_keeps_exactly_the_paths_with_the_prefix(cast):
    paths = dict(AdminUnit.objects.values_list("pk", "path"))
    prefixes = [*PREFIXES, cast.province.path, cast.commune_a.path, cast.commune_a.path[:-1], cast.village_a1.path]
    for prefix in prefixes:
        expected = sorted(pk for pk, path in paths.items() if path.startswith(prefix))
        assert sorted(AdminUnit.objects.filter(path__under=prefix).values_list("pk", flat=True)) == expected, prefix
    # Case matters (SQLite's LIKE would have matched "vn/…"), and a commune's subtree is not its province's.
    assert not AdminUnit.objects.filter(path__under=cast.province.path.lower()).exists()
    assert AdminUnit.objects.filter(path__under=cast.commune_a.path).count() < AdminUnit.objects.filter(
        path__under=cast.province.path).count()


def test_on_sqlite_under_is_a_range_the_index_searches(cast):
    query = AdminUnit.objects.filter(path__under=cast.commune_a.path).values("pk").query
    sql, params = query.sql_with_params()
    if connection.vendor != "sqlite":
        assert "LIKE" in sql  # PostgreSQL: the pattern index Django creates for an indexed text column
        return
    assert "LIKE" not in sql and cast.commune_a.path in params
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "SEARCH" in plan and "path>? AND path<?" in plan, plan


def test_no_subtree_filter_is_written_with_startswith():
    """A path's prefix filter is ``__under`` everywhere (``startswith`` scans the index on SQLite)."""
    import re
    from pathlib import Path

    import danvan

    root = Path(danvan.__file__).parent
    found = [f"{path.relative_to(root)}:{number}" for path in root.rglob("*.py") if not {"migrations", "tests"} & set(path.parts)
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"path(_field\})?__startswith", line)]
    assert found == []

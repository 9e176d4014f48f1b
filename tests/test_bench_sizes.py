"""`danvan bench generate` prints the database's size and its largest tables (no timing asserted)."""

import pytest
from django.db import connection

from danvan.demo.bench_generate import table_sizes, write_sizes
from danvan.geo.models import AdminUnit


@pytest.mark.django_db
def test_table_sizes_name_real_tables_with_their_row_counts():
    AdminUnit.objects.create(key="T1", code="T1", name="Tỉnh Thử", level=1, path="/T1/")
    total, tables = table_sizes(limit=500)
    rows = {name: count for name, _size, count in tables}
    sizes = {name: size for name, size, _count in tables}
    assert total > 0
    if connection.vendor == "sqlite":  # counted exactly
        assert rows["geo_adminunit"] == AdminUnit.objects.count()
    else:  # PostgreSQL: sizes exact, rows from the statistics (counted at commit, after this test)
        assert sizes["geo_adminunit"] > 0 and rows["geo_adminunit"] >= 0
    assert [size for _name, size, _rows in tables] == sorted((size for _name, size, _rows in tables), reverse=True)
    lines: list[str] = []
    write_sizes(lines.append)
    assert lines[0].startswith("Kích thước CSDL / database size: ") and lines[0].endswith(" MB")
    assert len(lines) == 2 + min(12, len(tables))

import datetime

from django.db import migrations, models


def recompute_totals(apps, schema_editor):
    """Sparse running totals: a row only where a series changes, recomputed from the facts."""
    from danvan.indicators.ledger import rebuild_totals

    rebuild_totals()


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0006_report_indexes'),
    ]

    operations = [
        # The dense rows go first: the table's rebuild below (SQLite) then copies nothing.
        migrations.RunSQL('DELETE FROM indicators_facttotal', migrations.RunSQL.noop, elidable=True),
        migrations.RemoveIndex(
            model_name='facttotal',
            name='ind_total_day_idx',
        ),
        migrations.RemoveIndex(
            model_name='facttotal',
            name='ind_total_commune_idx',
        ),
        migrations.AlterModelOptions(
            name='facttotal',
            options={'ordering': ['grain', 'province_id', 'commune_id', 'indicator', 'day'],
                     'verbose_name': 'tổng lũy kế chỉ tiêu', 'verbose_name_plural': 'tổng lũy kế chỉ tiêu'},
        ),
        migrations.AddField(
            model_name='facttotal',
            name='next_day',
            field=models.DateField(default=datetime.date(9999, 12, 31)),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name='facttotal',
            index=models.Index(fields=['grain', 'province_id', 'day', 'indicator', 'commune_id', 'poverty', 'category', 'breakdown', 'value'], name='ind_total_year_idx'),
        ),
        migrations.AddIndex(
            model_name='facttotal',
            index=models.Index(fields=['grain', 'province_id', 'indicator', 'next_day', 'day', 'commune_id', 'poverty', 'category', 'breakdown', 'value'], name='ind_total_span_idx'),
        ),
        migrations.RunPython(recompute_totals, migrations.RunPython.noop, elidable=True),
    ]

"""The fact ledger: one narrow table every report reads, kept current on write.

A fact is one contribution of one source record to one indicator, placed at a day and at every
level of both unit trees (current and legacy), with a small set of breakdown columns. A stock is
kept as +1/-1 deltas on its start and end days; a flow as its amount on the day it happened.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import province_key


class Fact(models.Model):
    """One contribution of a source record to an indicator (see docs/architecture.md, "Facts")."""

    indicator = models.CharField(_("chỉ tiêu"), max_length=24)
    # The fact source that wrote this row (e.g. "membership") and its record id: rewrites and
    # `facts check` work per (source, ref).
    source = models.CharField(max_length=24)
    ref = models.BigIntegerField()
    # Placement, one column per level (DHIS2 analytics style), current tree then legacy tree.
    province_id = models.BigIntegerField(null=True)
    commune_id = models.BigIntegerField(null=True)
    village_id = models.BigIntegerField(null=True)
    legacy_province_id = models.BigIntegerField(null=True)
    legacy_district_id = models.BigIntegerField(null=True)
    legacy_commune_id = models.BigIntegerField(null=True)
    # Breakdown columns; '' / NULL when the indicator has no such dimension.
    org_kind = models.CharField(max_length=20, blank=True, default="")
    sex = models.CharField(max_length=6, blank=True, default="")
    birth_year = models.SmallIntegerField(null=True)  # age groups are computed for the period's end
    poverty = models.CharField(max_length=10, blank=True, default="")
    category = models.CharField(max_length=30, blank=True, default="")  # an app's own breakdown
    # The entity a distinct count counts (a household, a village); for members, their household.
    entity = models.BigIntegerField(null=True)
    day = models.DateField()
    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("dữ kiện chỉ tiêu")
        verbose_name_plural = _("dữ kiện chỉ tiêu")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["source", "ref"], name="ind_fact_ref_idx"),
            # Also answers a province's distinct counts (value, entity, commune) from the index alone.
            models.Index(fields=["province_id", "indicator", "day", "value", "entity", "commune_id"],
                         name="ind_fact_province_cov_idx"),
            models.Index(fields=["commune_id", "indicator", "day"], name="ind_fact_commune_idx"),
            models.Index(fields=["village_id"], name="ind_fact_village_idx", condition=Q(village_id__isnull=False)),
            models.Index(fields=["legacy_province_id"], name="ind_fact_lprovince_idx",
                         condition=Q(legacy_province_id__isnull=False)),
            models.Index(fields=["legacy_district_id"], name="ind_fact_ldistrict_idx",
                         condition=Q(legacy_district_id__isnull=False)),
            models.Index(fields=["legacy_commune_id"], name="ind_fact_lcommune_idx",
                         condition=Q(legacy_commune_id__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.day} {self.value:+d} ({self.source} #{self.ref})"


class UnitPlacement(models.Model):
    """Where a unit's records roll up, in the current and the legacy tree.

    Derived from geo (a village's ``legacy_parent``, else the legacy predecessors of its current
    commune when they agree). Filled lazily by the ledger the first time a unit is used.
    """

    unit_id = models.BigIntegerField(primary_key=True)
    province_id = models.BigIntegerField(null=True)
    commune_id = models.BigIntegerField(null=True)
    village_id = models.BigIntegerField(null=True)
    legacy_province_id = models.BigIntegerField(null=True)
    legacy_district_id = models.BigIntegerField(null=True)
    legacy_commune_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = _("vị trí tổng hợp của đơn vị")
        verbose_name_plural = _("vị trí tổng hợp của đơn vị")
        ordering = ["unit_id"]

    def __str__(self) -> str:
        return f"unit {self.unit_id}"


class FactTotal(models.Model):
    """Running totals of the ledger at half-month boundaries, per province and commune, kept sparse.

    A series is one (grain, province, commune, indicator, poverty, category, breakdown). It has a
    row only at the boundaries where it changes: ``value`` is the sum of every fact of the series
    with ``day`` ≤ this row's ``day``, and it holds until ``next_day`` (the series' next row, or
    ``OPEN_END``), so the value on any boundary D is the one row with ``day`` ≤ D < ``next_day``
    (none: 0). A stock's value on D is that; a flow over (S, E] is total(E) − total(S − 1).
    Boundaries are the 14th and the last day of each month, so calendar and Decree 09 periods both
    start after and end on one. ``grain`` 2 rows are per (province, commune), ``grain`` 1 rows per
    province (commune 0); the legacy tree reuses the columns: ``grain`` 4 per (legacy province,
    legacy district), ``grain`` 3 per legacy province (facts without a legacy province have no
    legacy rows). ``poverty`` and ``category`` are part of every series. The other breakdowns of a
    province each have their own series, one dimension at a time (never their product): ``grain``
    5 per (province, organization kind), 6 per (province, sex), 7 per (province, birth year), the
    value in ``breakdown``; facts without that value are the province's grain-1 total minus the
    listed values. A missing placement is stored as 0. Besides, every series has a row at each
    year end (``ledger.CHECKPOINTS``) from its first row on, so a report of calendar years reads
    one row per series and day. Sparse, the table is bounded by the facts' distinct (series,
    half-month) pairs plus 16 year ends per series — on the province demo 6.5 times smaller than a
    row per series and boundary. Kept by the same writes as the facts (see ``ledger.apply_totals``);
    ``facts check`` recomputes and compares them.
    """

    # 1 province, 2 province+commune, 3 legacy province, 4 +district, 5/6/7 province by org kind/sex/birth year
    grain = models.SmallIntegerField()
    day = models.DateField()
    next_day = models.DateField()  # the series' next row's day: this value holds on [day, next_day)
    province_id = models.BigIntegerField()
    commune_id = models.BigIntegerField()
    indicator = models.CharField(max_length=24)
    poverty = models.CharField(max_length=10, blank=True, default="")
    category = models.CharField(max_length=30, blank=True, default="")
    breakdown = models.CharField(max_length=30, blank=True, default="")  # grains 5–7: the dimension's value
    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("tổng lũy kế chỉ tiêu")
        verbose_name_plural = _("tổng lũy kế chỉ tiêu")
        ordering = ["grain", "province_id", "commune_id", "indicator", "day"]
        constraints = [
            # Writes find a series' rows by this key: its row at a boundary, its rows after one.
            models.UniqueConstraint(fields=["grain", "province_id", "commune_id", "indicator", "poverty",
                                            "category", "breakdown", "day"], name="ind_total_key"),
        ]
        indexes = [
            # Reports on year ends (checkpoints: every series has a row there): one row per series
            # and day. Neither index holds ``value``: a save changes the value of every row of a
            # series after its day, and an index holding it would be rewritten for each (a member's
            # save three times slower on the demo); reads fetch the value from the table instead,
            # a few hundred to a few thousand rows.
            models.Index(fields=["grain", "province_id", "day", "indicator", "commune_id", "poverty", "category",
                                 "breakdown"], name="ind_total_year_idx"),
            # A province by commune on year ends (the dashboard's table, the heaviest read): its
            # commune rows with their value, from the index alone. Only grain 2, so a save rewrites
            # it for one or two of its series.
            models.Index(fields=["province_id", "day", "indicator", "commune_id", "poverty", "category", "grain", "value"],
                         condition=models.Q(grain=2), name="ind_total_commune_idx"),
            # Reports on other days: the asked indicators of a province (or of every province): the
            # rows with next_day after the earliest day.
            models.Index(fields=["grain", "province_id", "indicator", "next_day", "day", "commune_id", "poverty",
                                 "category", "breakdown"], name="ind_total_span_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.day}..{self.next_day}: {self.value}"


class PublishedReport(models.Model):
    """A period's headline figures of a province or commune, published by an editor for the public page.

    The figures are a snapshot taken at publication: what the public reads does not move when a
    record is edited later; publishing again replaces it. Only figures, never a person's data.
    """

    unit = models.ForeignKey("geo.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("kỳ báo cáo"), max_length=20)
    period_label = models.CharField(_("tên kỳ"), max_length=100)
    figures = models.JSONField(_("số liệu"), default=list)  # [{"code", "label", "text", "group"}]
    summary = models.TextField(_("tóm tắt"), blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), auto_now=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    province = province_key()  # the unit's (a province's own id), the distribution key

    class Meta:
        verbose_name = _("báo cáo đã công bố")
        verbose_name_plural = _("báo cáo đã công bố")
        ordering = ["-period", "-published_at"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="ind_published_unit_period")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.province_id = self.unit.province_id
        super().save(*args, **kwargs)

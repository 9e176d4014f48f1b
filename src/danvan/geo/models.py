"""The administrative unit tree: country → province → (legacy district) → commune → village.

Current units (since 1 July 2025) and legacy units (valid_to = 30 June 2025) live in one table.
``key`` is the natural key used in URLs, files and the API:
current units use the official code ("92", "31117"), legacy units the code prefixed with "L"
("L93", "L930", "L31471"), villages "<commune code>.<village code>" ("31117.05").
``path`` is the materialized path of keys ("VN/92/31117/31117.05/") used for subtree scope.
"""


from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.scope import ScopedQuerySet
from danvan.core.text import fold, sort_key

from .choices import Level, UnitKind

REFORM_DATE = "2025-07-01"


class AdminUnitQuerySet(ScopedQuerySet):
    def current(self) -> "AdminUnitQuerySet":
        return self.filter(is_legacy=False)

    def legacy(self) -> "AdminUnitQuerySet":
        return self.filter(is_legacy=True)

    def subtree(self, unit: "AdminUnit") -> "AdminUnitQuerySet":
        return self.filter(path__under=unit.path)

    def search(self, text: str) -> "AdminUnitQuerySet":
        return self.filter(name_folded__contains=fold(text)) if text.strip() else self


class AdminUnit(models.Model):
    """One administrative unit, current or legacy."""

    key = models.CharField(_("mã khóa"), max_length=40, unique=True)
    code = models.CharField(_("mã"), max_length=20, db_index=True)
    name = models.CharField(_("tên"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    name_sort = models.CharField(max_length=250, db_index=True, editable=False)
    kind = models.CharField(_("loại"), max_length=30, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    commune = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    is_legacy = models.BooleanField(_("đơn vị cũ"), default=False)
    # A village created inside a current commune may also belong to a legacy (pre-2025) commune;
    # that link lets old records roll up to the old commune, district and province.
    legacy_parent = models.ForeignKey(
        "self", verbose_name=_("thuộc đơn vị cũ"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="legacy_children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    objects = AdminUnitQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị hành chính")
        ordering = ["name_sort"]
        indexes = [models.Index(fields=["level", "is_legacy"], name="geo_unit_level_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.fill_derived()
        super().save(*args, **kwargs)
        if self.fix_self_references():
            AdminUnit.objects.filter(pk=self.pk).update(province_id=self.province_id, commune_id=self.commune_id)

    def fill_derived(self) -> None:
        """Compute the stored keys; bulk loaders call this before bulk_create."""
        self.name_folded = fold(self.name)
        self.name_sort = sort_key(self.name)
        parent = self.parent
        self.path = f"{parent.path if parent else ''}{self.key}/"
        if parent is not None and self.level != Level.PROVINCE:
            self.province_id = parent.pk if parent.level == Level.PROVINCE else parent.province_id
        if self.level == Level.VILLAGE and parent is not None:
            self.commune_id = parent.pk
        self.fix_self_references()

    def fix_self_references(self) -> bool:
        """A province is its own province, a commune its own commune (once it has a pk)."""
        changed = False
        if self.pk and self.level == Level.PROVINCE and self.province_id != self.pk:
            self.province_id, changed = self.pk, True
        if self.pk and self.level == Level.COMMUNE and self.commune_id != self.pk:
            self.commune_id, changed = self.pk, True
        return changed

    @property
    def is_village(self) -> bool:
        return self.level == Level.VILLAGE

    def ancestors(self) -> list["AdminUnit"]:
        """Units above this one, from the top, fetched in one query."""
        keys = [k for k in self.path.strip("/").split("/")[:-1]]
        units = {u.key: u for u in AdminUnit.objects.filter(key__in=keys)}
        return [units[k] for k in keys if k in units]


class UnitSuccession(models.Model):
    """Which legacy unit became which current one on 1 July 2025 (one old → several new)."""

    legacy = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successors")
    current = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessors")
    partial = models.BooleanField(_("chỉ một phần"), default=False)
    effective = models.DateField(_("ngày hiệu lực"))

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["legacy", "current"], name="geo_succession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.legacy} → {self.current}"

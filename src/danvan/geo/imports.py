"""Import and export of villages (thôn, ấp, khóm, bản, tổ dân phố): not in any national list.

Villages are written set-based through ``danvan.core.bulk.BulkWriter``, like the registers.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import models
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from danvan.core import bulk, imports
from danvan.core.imports import Column, ImportSpec, Row
from danvan.core.text import NameKeys

from .choices import VILLAGE_KINDS, Level, UnitKind
from .models import AdminUnit, UnitSuccession


@imports.register
class VillageImport(ImportSpec):
    kind = "villages"
    label = "Thôn, tổ dân phố"
    sheet_name = "Thôn"
    model = AdminUnit
    columns = [
        Column("commune_code", "Mã xã", imports.code, help="Mã xã/phường/đặc khu hiện hành, 5 chữ số (ví dụ 31135)."),
        Column("code", "Mã thôn", imports.code, help="Mã thôn trong xã (ví dụ 05). Khóa của thôn là <mã xã>.<mã thôn>."),
        Column("name", "Tên thôn", imports.text(200), help="Tên đầy đủ, ví dụ 'Ấp Phú Lợi'."),
        Column("kind", "Loại", imports.choice(UnitKind, VILLAGE_KINDS), help="Thôn, Ấp, Khóm, Bản, Tổ dân phố hoặc Khác."),
        Column(
            "legacy_commune_code", "Mã xã cũ", imports.code, required=False,
            help="Xã trước 1/7/2025 mà thôn thuộc về (5 chữ số). Cần khi xã cũ bị chia cho nhiều xã mới.",
        ),
    ]

    FIELDS = ("key", "code", "name", "name_folded", "name_sort", "kind", "level", "parent", "path", "province",
              "commune", "is_legacy", "legacy_parent")
    UPDATE_FIELDS = ("name", "name_folded", "name_sort", "kind", "legacy_parent")

    def begin(self) -> None:
        communes = AdminUnit.objects.current().filter(level=Level.COMMUNE).only("id", "code", "path", "province_id")
        self.communes = {c.code: c for c in communes if self.sees(c.path)}
        self.legacy = dict(AdminUnit.objects.legacy().filter(level=Level.COMMUNE).values_list("code", "id"))
        self.successions = set(UnitSuccession.objects.values_list("legacy_id", "current_id"))
        self.existing = {
            (parent_id, code): (pk, path, legacy_id) for pk, parent_id, code, path, legacy_id in
            AdminUnit.objects.filter(level=Level.VILLAGE, parent_id__in=[c.id for c in self.communes.values()])
            .values_list("id", "parent_id", "code", "path", "legacy_parent_id")
        }
        self.seen: dict[str, int] = {}
        self.keys = NameKeys()
        self.writer = bulk.BulkWriter(AdminUnit, self.FIELDS, update_fields=self.UPDATE_FIELDS)

    def check_chunk(self, rows: list[Row], report: Callable[[Row, str, str], None]) -> list[Row]:
        passed = []
        for row in rows:
            v = row.values
            commune = self.communes.get(v["commune_code"])
            if commune is None or not self.may_write(commune.path):
                report(row, "Mã xã", _("mã xã '%(code)s' không tồn tại hoặc nằm ngoài phạm vi của bạn")
                       % {"code": v["commune_code"]})
                continue
            key = f"{commune.code}.{v['code']}"
            if key in self.seen:
                report(row, "Mã thôn", _("thôn '%(key)s' trùng với dòng %(row)s") % {"key": key, "row": self.seen[key]})
                continue
            self.seen[key] = row.number
            existing = self.existing.get((commune.id, v["code"]))
            if existing is not None and not self.may_write(existing[1]):
                report(row, "Mã thôn", _("thôn '%(key)s' nằm ngoài phạm vi của bạn") % {"key": key})
                continue
            legacy_id = None
            if v["legacy_commune_code"]:
                legacy_id = self.legacy.get(v["legacy_commune_code"])
                if legacy_id is None:
                    report(row, "Mã xã cũ", _("mã xã cũ '%(code)s' không tồn tại") % {"code": v["legacy_commune_code"]})
                    continue
                if (legacy_id, commune.id) not in self.successions:
                    report(row, "Mã xã cũ", _("xã cũ '%(old)s' không phải là xã được sáp nhập vào xã %(new)s")
                           % {"old": v["legacy_commune_code"], "new": commune.code})
                    continue
            v["commune"], v["key"], v["legacy_id"], v["existing"] = commune, key, legacy_id, existing
            passed.append(row)
        return passed

    def write_chunk(self, rows: list[Row]) -> None:
        writer = self.writer
        moved: list[int] = []
        for row in rows:
            v = row.values
            commune, existing = v["commune"], v["existing"]
            folded, sort = self.keys(v["name"])
            if existing is None:
                writer.add((v["key"], v["code"], v["name"], folded, sort, v["kind"], Level.VILLAGE, commune.id,
                            f"{commune.path}{v['key']}/", commune.province_id, commune.id, False, v["legacy_id"]))
            else:
                writer.change(existing[0], (v["name"], folded, sort, v["kind"], v["legacy_id"]))
                if existing[2] != v["legacy_id"]:
                    moved.append(existing[0])
        self.flush(writer)
        # A village given another legacy commune rolls up elsewhere: tell the listeners of an edited
        # unit (the fact ledger re-places its records), once per such village — not per row.
        for unit in AdminUnit.objects.filter(pk__in=moved):
            post_save.send(sender=AdminUnit, instance=unit, created=False, update_fields=None, raw=False,
                           using=unit._state.db)

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        units = queryset.filter(level=Level.VILLAGE).select_related("parent", "legacy_parent").order_by("path")
        for unit in units.iterator(chunk_size=2000):
            yield [
                unit.parent.code, unit.code, unit.name, unit.get_kind_display(),
                unit.legacy_parent.code if unit.legacy_parent else "",
            ]

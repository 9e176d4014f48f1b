"""Notices come in files too: one row per notice (code, title, village, organization kind, date)."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from danvan.core import bulk, imports
from danvan.core.choices import OrgKind
from danvan.core.imports import Column, ImportSpec, Row
from danvan.core.text import NameKeys
from danvan.geo.models import AdminUnit

from .models import Notice

FIELDS = ("code", "name", "name_folded", "name_sort", "org_kind", "posted", "unit", "unit_path", "province",
          "commune", "updated")


@imports.register
class NoticeImport(ImportSpec):
    kind = "notices"
    label = "Thông báo"
    sheet_name = "Thông báo"
    model = Notice
    columns = [
        Column("code", "Mã", imports.code),
        Column("name", "Tiêu đề", imports.text(200)),
        Column("village", "Mã thôn", imports.code),
        Column("org_kind", "Loại tổ chức", imports.choice(OrgKind)),
        Column("posted", "Ngày đăng", imports.date, required=False),
    ]

    def begin(self) -> None:
        self.keys = NameKeys()
        self.seen: dict[str, int] = {}

    def check_chunk(self, rows: list[Row], report: Callable[[Row, str, str], None]) -> list[Row]:
        villages = {u.key: u for u in AdminUnit.objects.filter(key__in={r.values["village"] for r in rows})}
        self.stored = bulk.existing(Notice, ("code",), [(r.values["code"],) for r in rows],
                                    ("unit_path", "org_kind"))
        passed = []
        for row in rows:
            v = row.values
            village, stored = villages.get(v["village"]), self.stored.get((v["code"],))
            if village is None or not self.may_write(village.path, v["org_kind"]):
                report(row, "Mã thôn", _("'%(code)s' không tồn tại hoặc nằm ngoài phạm vi của bạn") % {"code": v["village"]})
            elif stored is not None and not self.may_write(stored[1], stored[2]):
                report(row, "Mã", _("'%(code)s' thuộc một bản ghi ngoài phạm vi của bạn") % {"code": v["code"]})
            elif v["code"] in self.seen:
                report(row, "Mã", _("trùng với dòng %(row)s") % {"row": self.seen[v["code"]]})
            else:
                self.seen[v["code"]] = row.number
                v["unit"] = village
                passed.append(row)
        return passed

    def write_chunk(self, rows: list[Row]) -> None:
        now, new, changed = bulk.now(), [], []
        for row in rows:
            v, unit = row.values, row.values["unit"]
            values = (v["code"], v["name"], *self.keys(v["name"]), v["org_kind"], v["posted"], unit.pk, unit.path,
                      unit.province_id, unit.commune_id, now)
            stored = self.stored.get((v["code"],))
            if stored is None:
                new.append((*values, now))
            else:
                changed.append((stored[0], values))
        bulk.write(Notice, (*FIELDS, "created"), new_rows=new, changed_rows=changed, update_fields=FIELDS)
        self.created += len(new)
        self.updated += len(changed)

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        for notice in queryset.select_related("unit").order_by("code"):
            yield [notice.code, notice.name, notice.unit.key, notice.get_org_kind_display(),
                   imports.format_date(notice.posted)]

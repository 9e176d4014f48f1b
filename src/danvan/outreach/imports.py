"""Activity logs in files (agencies keep them in Excel): one row per "ba cùng" activity.

Written set-based through ``core.bulk`` (one INSERT and one UPDATE batch per chunk), so the fact
ledger follows once per chunk in the import's transaction. Every row is checked against the
importing user's ``Scope`` for its village and, when its code exists, for the activity it would
update; a file with one row outside is rejected whole.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from danvan.core import bulk, imports
from danvan.core.imports import Column, ImportSpec, Row
from danvan.core.text import NameKeys
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from .models import Activity, ActivityKind, Mode, Plan, partner_names

FIELDS = ("code", "title", "name_folded", "name_sort", "date", "plan", "kind", "mode", "lead_agency",
          "partner_agencies", "agency_count", "cadres", "party_members", "soldiers", "residents", "quantity",
          "quantity_unit", "value_vnd", "labor_days", "situation_note", "unit", "unit_path", "province", "commune",
          "updated")
COUNTS = ("cadres", "party_members", "soldiers", "residents", "value_vnd", "labor_days")


def _count(maximum: int) -> Callable[[str], int]:
    return imports.integer(0, maximum)


@imports.register
class ActivityImport(ImportSpec):
    kind = "activities"
    label = "Hoạt động \"ba cùng\""
    sheet_name = "Hoạt động ba cùng"
    model = Activity
    columns = [
        Column("code", "Mã hoạt động", imports.code, help="Mã duy nhất; dòng có mã đã có sẽ cập nhật hoạt động đó."),
        Column("date", "Ngày thực hiện", imports.date, help="dd/mm/yyyy"),
        Column("village", "Mã thôn", imports.code, help="Khóa thôn <mã xã>.<mã thôn>, ví dụ 31135.05."),
        Column("title", "Nội dung hoạt động", imports.text(200)),
        Column("kind", "Loại việc", imports.choice(ActivityKind),
               help="Xây dựng hạ tầng nông thôn; Vệ sinh môi trường, …; Xóa nhà tạm, …; Mô hình sản xuất; "
                    "Phòng, chống dịch bệnh; Việc khác."),
        Column("mode", "Cách làm", imports.choice(Mode), help="Làm cùng dân, hoặc Tuyên truyền, hướng dẫn."),
        Column("lead_agency", "Cơ quan, đơn vị chủ trì", imports.text(200)),
        Column("partner_agencies", "Cơ quan, đơn vị phối hợp", imports.text(5000), required=False,
               help="Cách nhau bằng dấu ;"),
        Column("agency_count", "Số lượt cơ quan, đơn vị", imports.integer(1, 10_000), required=False,
               help="Cả đơn vị chủ trì; để trống thì bằng 1 + số cơ quan phối hợp."),
        Column("cadres", "Số cán bộ, công chức", _count(100_000), required=False),
        Column("party_members", "Số đảng viên", _count(100_000), required=False),
        Column("soldiers", "Số chiến sỹ", _count(100_000), required=False, help="Lực lượng vũ trang."),
        Column("residents", "Số người dân tham gia", _count(1_000_000), required=False),
        Column("quantity", "Khối lượng", _count(10**9), required=False),
        Column("quantity_unit", "Đơn vị tính", imports.text(40), required=False, help="m, cây, căn, …"),
        Column("value_vnd", "Giá trị (đồng)", _count(10**15), required=False),
        Column("labor_days", "Ngày công", _count(10**7), required=False),
        Column("situation_note", "Ghi chú tình hình", imports.text(5000), required=False),
        Column("plan", "Mã kế hoạch", imports.code, required=False, help="Kế hoạch cùng thôn (nếu có)."),
    ]

    def begin(self) -> None:
        rows = AdminUnit.objects.filter(level=Level.VILLAGE, is_legacy=False).values_list(
            "key", "id", "path", "province_id", "commune_id")
        self.villages = {key: (pk, path, prov, com) for key, pk, path, prov, com in rows if self.sees(path)}
        self.seen: dict[str, int] = {}
        self.keys = NameKeys()
        self.writer = bulk.BulkWriter(Activity, (*FIELDS, "created"), update_fields=FIELDS)

    def check_chunk(self, rows: list[Row], report: Callable[[Row, str, str], None]) -> list[Row]:
        stored = bulk.existing(Activity, ("code",), [(r.values["code"],) for r in rows], ("unit_path",))
        plans = {code: (pk, unit_id, path) for code, pk, unit_id, path in Plan.objects.filter(
            code__in={r.values["plan"] for r in rows if r.values["plan"]}).values_list("code", "id", "unit_id",
                                                                                       "unit_path")}
        passed = []
        for row in rows:
            v = row.values
            village = self.villages.get(v["village"])
            existing = stored.get((v["code"],))
            plan = plans.get(v["plan"]) if v["plan"] else None
            if village is None or not self.may_write(village[1]):
                report(row, "Mã thôn", _("Thôn '%(code)s' không tồn tại hoặc nằm ngoài phạm vi của bạn") % {
                    "code": v["village"]})
            elif v["code"] in self.seen:
                report(row, "Mã hoạt động", _("mã '%(code)s' trùng với dòng %(row)s") % {
                    "code": v["code"], "row": self.seen[v["code"]]})
            elif existing is not None and not self.may_write(existing[1]):
                report(row, "Mã hoạt động", _("mã '%(code)s' đã được dùng cho một hoạt động ngoài phạm vi của bạn") % {
                    "code": v["code"]})
            elif v["plan"] and (plan is None or not self.sees(plan[2])):
                report(row, "Mã kế hoạch", _("Kế hoạch '%(code)s' không tồn tại hoặc nằm ngoài phạm vi của bạn") % {
                    "code": v["plan"]})
            elif plan is not None and plan[1] != village[0]:
                report(row, "Mã kế hoạch", _("kế hoạch '%(code)s' ở thôn khác, không phải thôn '%(village)s'") % {
                    "code": v["plan"], "village": v["village"]})
            else:
                self.seen[v["code"]] = row.number
                v["village_row"], v["existing"], v["plan_id"] = village, existing, plan[0] if plan else None
                passed.append(row)
        return passed

    def write_chunk(self, rows: list[Row]) -> None:
        now = bulk.now()
        for row in rows:
            v = row.values
            vid, path, prov, com = v["village_row"]
            partners = v["partner_agencies"] or ""
            agencies = max(v["agency_count"] or 1, 1 + len(partner_names(partners)))
            counts = [v[name] or 0 for name in COUNTS]
            values = (v["code"], v["title"], *self.keys(v["title"]), v["date"], v["plan_id"], v["kind"], v["mode"],
                      v["lead_agency"], partners, agencies, *counts[:4], v["quantity"], v["quantity_unit"] or "",
                      *counts[4:], v["situation_note"] or "", vid, path, prov, com, now)
            if v["existing"] is None:
                self.writer.add((*values, now))
            else:
                self.writer.change(v["existing"][0], values)
        self.flush(self.writer)

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        for a in queryset.select_related("unit", "plan").order_by("date", "code").iterator(chunk_size=2000):
            yield [a.code, imports.format_date(a.date), a.unit.key, a.title, a.get_kind_display(),
                   a.get_mode_display(), a.lead_agency, a.partner_agencies, a.agency_count, a.cadres,
                   a.party_members, a.soldiers, a.residents, a.quantity, a.quantity_unit, a.value_vnd, a.labor_days,
                   a.situation_note, a.plan.code if a.plan_id else ""]

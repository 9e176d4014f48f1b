"""Petitions from files (voters' petition rounds and letter registers are kept in Excel), through the
one pipeline (``core.imports``).

One row is one petition. Its natural key is the tracking code (``Mã tra cứu``): a row whose code
exists updates that petition; a row without a code creates one with a new code; a code that does
not exist is refused (a typed code must not quietly open a second case, and tracking codes stay
unguessable). The state is not imported: a new petition is "received", an updated one keeps its
state, its dated stamps, its answer and its petitioner from the registers.

Each row becomes the model instance it describes, so ``Petition.clean()`` decides (anonymous only
for a petition or feedback; a name or anonymous), here with the row and column; the form's checks
follow too (an anonymous case names nobody; once routed, the body changes only by forwarding). The
due dates are filled exactly as ``Petition.place()`` does, from the rules read once per chunk
(``deadlines.Rules.for_paths``). Rows are written set-based through ``core.bulk.BulkWriter`` and
the fact ledger follows once per chunk.

Scope: the row's village or commune must be writable by the importing user, and so must the
petition it updates, as stored. The responsible body is named as written (accents and case
ignored) and looked up among the bodies the user sees at the row's unit or above it, the nearest
first.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models
from django.utils.translation import gettext as _

from danvan.core import bulk, imports
from danvan.core.imports import Column, ImportSpec, Row
from danvan.core.models import ScopedModel
from danvan.core.text import fold
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from .choices import Channel, PetitionField, PetitionKind, PetitionState
from .deadlines import Rules, ancestors, fill_due_dates
from .models import Body, Petition, Petitioner, Referral

Report = Callable[[Row, str, str], None]

# The columns a row sets (besides the unit and the body), copied to the fields of the same name.
PLAIN = ("received", "kind", "channel", "field", "title", "text", "name", "contact", "address", "anonymous", "complex")
PLACE = ("unit", "unit_path", "province", "commune")
DUE = ("due_accept", "due_answer", "due_notify")
# A new petition: every column; an updated one: what the file sets and what follows from it.
STAMPS = ("created", "updated")
INSERT_FIELDS = tuple(f.name for f in Petition._meta.concrete_fields if not f.primary_key and f.name not in STAMPS)
UPDATE_FIELDS = (*PLAIN, "body", *DUE, *PLACE)
BODY_EDITABLE = (PetitionState.RECEIVED, PetitionState.CLASSIFIED)  # later, the body changes only by forwarding
LOOKUP_CHUNK = 900


def tracking_code(value: str) -> str:
    """A tracking code as printed (``KN-7X3F9QPA2M``); case and surrounding spaces are tolerated."""
    return imports.code(value.strip().upper())


@imports.register
class PetitionImport(ImportSpec):
    """Petitions, feedback, complaints and denunciations, one per row, keyed by the tracking code."""

    kind = "petitions"
    label = "Ý kiến, kiến nghị"
    sheet_name = "Kiến nghị"
    model = Petition
    columns = [
        Column("code", "Mã tra cứu", tracking_code, required=False,
               help="Để trống với vụ việc mới (mã được cấp tự động); mã đã có: dòng cập nhật vụ việc đó "
                    "(giữ nguyên trạng thái và các ngày xử lý); mã không có bị từ chối."),
        Column("received", "Ngày tiếp nhận", imports.past_date, help="dd/mm/yyyy"),
        Column("kind", "Loại", imports.choice(PetitionKind), help="Kiến nghị; Phản ánh; Khiếu nại; Tố cáo."),
        Column("channel", "Kênh tiếp nhận", imports.choice(Channel),
               help="Sinh hoạt chi, tổ hội; Tiếp công dân, đối thoại; Tiếp xúc cử tri; Giám sát, phản biện xã hội; "
                    "Trực tiếp; Đơn, thư; Điện thoại; Cổng tiếp nhận trực tuyến. Loại và kênh quyết định thời hạn."),
        Column("field", "Lĩnh vực", imports.choice(PetitionField), required=False,
               help="Đất đai, bồi thường, giải phóng mặt bằng; Môi trường; Giao thông, hạ tầng, điện, nước; Chính sách "
                    "xã hội, an sinh; Y tế, giáo dục; An ninh, trật tự; Thủ tục hành chính, cán bộ; Sản xuất, kinh "
                    "tế, giá cả; Lĩnh vực khác (để trống)."),
        Column("unit", "Thôn, ấp hoặc xã", imports.code,
               help="Khóa thôn <mã xã>.<mã thôn> (31135.05), hoặc mã xã, phường (31135) khi chưa rõ thôn."),
        Column("title", "Tóm tắt", imports.text(300)),
        Column("text", "Nội dung", imports.text(20000)),
        Column("name", "Họ tên người gửi", imports.text(200), required=False, personal=True,
               help="Bắt buộc, trừ khi không nêu danh tính."),
        Column("contact", "Điện thoại/thư điện tử", imports.text(200), required=False, personal=True),
        Column("address", "Địa chỉ", imports.text(300), required=False, personal=True),
        Column("anonymous", "Không nêu danh tính", imports.boolean, required=False,
               help="có/không (mặc định không); chỉ với kiến nghị, phản ánh."),
        Column("body", "Cơ quan chịu trách nhiệm", imports.text(200), required=False,
               help="Tên cơ quan (đã có trong danh mục) của xã hoặc tỉnh quản lý địa bàn."),
        Column("complex", "Vụ việc phức tạp", imports.boolean, required=False, help="có/không (mặc định không)."),
    ]

    def begin(self) -> None:
        self.labels = {c.key: c.label for c in self.columns}
        self.model_fields = [Petition._meta.get_field(name) for name in INSERT_FIELDS]
        self.update_model_fields = [Petition._meta.get_field(name) for name in UPDATE_FIELDS]
        self.writer = bulk.BulkWriter(Petition, (*INSERT_FIELDS, *STAMPS), update_fields=(*UPDATE_FIELDS, "updated"))
        self.seen: dict[str, int] = {}

    # -- lookups, one query each per chunk
    def units(self, keys: Iterable[str]) -> dict[str, AdminUnit]:
        wanted = set(keys)
        return {u.key: u for u in AdminUnit.objects.filter(key__in=wanted, is_legacy=False,
                                                          level__in=(Level.VILLAGE, Level.COMMUNE))
                if self.sees(u.path)}

    @staticmethod
    def stored(codes: Iterable[str | None]) -> dict[str, Petition]:
        wanted = sorted({c for c in codes if c})
        found: dict[str, Petition] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            found.update((p.code, p) for p in Petition.objects.filter(code__in=wanted[start:start + LOOKUP_CHUNK]))
        return found

    def bodies(self, paths: Iterable[str]) -> dict[tuple[str, str], list[Body]]:
        """The bodies the user sees at these places or above them, by (unit path, folded name)."""
        above = {a for path in paths for a in ancestors(path)}
        found: dict[tuple[str, str], list[Body]] = {}
        for body in Body.objects.filter(unit_path__in=above).order_by("id"):
            if self.sees(body.unit_path):
                found.setdefault((body.unit_path, body.name_folded), []).append(body)
        return found

    # -- checking
    def check_chunk(self, rows: list[Row], report: Report) -> list[Row]:
        units = self.units(r.values["unit"] for r in rows)
        stored = self.stored(r.values["code"] for r in rows)
        paths = {u.path for u in units.values()} | {p.unit_path for p in stored.values()}
        bodies = self.bodies(paths)
        rules = Rules.for_paths(paths)
        return [row for row in rows if self.check(row, row.values, report, units, stored, bodies, rules)]

    def check(self, row: Row, v: dict[str, Any], report: Report, units: dict[str, AdminUnit],
              stored: dict[str, Petition], bodies: dict[tuple[str, str], list[Body]], rules: Rules) -> bool:
        labels = self.labels
        unit = units.get(v["unit"])
        if unit is None:
            report(row, labels["unit"], _("Thôn, xã '%(code)s' không tồn tại hoặc nằm ngoài phạm vi của bạn") % {
                "code": v["unit"]})
            return False
        existing = None
        if v["code"]:
            first = self.seen.get(v["code"])
            if first is not None:
                report(row, labels["code"], _("mã '%(code)s' trùng với dòng %(row)s") % {"code": v["code"],
                                                                                          "row": first})
                return False
            self.seen[v["code"]] = row.number
            existing = stored.get(v["code"])
            if existing is None:
                report(row, labels["code"], _("không có vụ việc mã '%(code)s'; để trống mã tra cứu để thêm vụ việc "
                                              "mới") % {"code": v["code"]})
                return False
            if not self.may_write(existing.unit_path):
                report(row, labels["code"], _("mã '%(code)s' là của một vụ việc ngoài phạm vi của bạn; không được "
                                              "cập nhật") % {"code": v["code"]})
                return False
        if not self.may_write(unit.path):
            report(row, labels["unit"], _("đơn vị nằm ngoài phạm vi của bạn"))
            return False
        obj = existing if existing is not None else Petition()
        v["moved"] = existing is not None and existing.unit_id != unit.pk
        self.assign(obj, v)
        obj.unit = unit
        ScopedModel.place(obj)  # the scope keys; the due dates below, from the chunk's rules
        if "body" in self.present_keys:
            body = self.body(row, v, report, obj, existing, bodies)
            if body is False:
                return False
            obj.body = body
        if not self.valid(row, report, obj):
            return False
        fill_due_dates(obj, rules)  # as Petition.place() does, without a query per row
        v["obj"] = obj
        return True

    def assign(self, obj: Petition, v: dict[str, Any]) -> None:
        """Copy the columns present in the file; a blank cell sets the field's default (empty text,
        'no', 'other field'), a column left out keeps what a stored petition holds."""
        for key in PLAIN:
            if key not in self.present_keys:
                continue
            value = v[key]
            if value is None:
                field = Petition._meta.get_field(key)
                value = field.get_default() if field.has_default() else ""
            setattr(obj, key, value)

    def body(self, row: Row, v: dict[str, Any], report: Report, obj: Petition, existing: Petition | None,
             bodies: dict[tuple[str, str], list[Body]]) -> Body | None | bool:
        """The body the row names (None: none; False: reported), nearest to the row's unit first."""
        if not v["body"]:
            found = None
        else:
            name = fold(v["body"])
            found = None
            for path in reversed(ancestors(obj.unit_path)):
                candidates = bodies.get((path, name), [])
                if not candidates:
                    continue
                mine = [b for b in candidates if existing is not None and b.pk == existing.body_id]
                active = [b for b in candidates if b.active]
                if mine or len(active) == 1:
                    found = (mine or active)[0]
                    break
                report(row, self.labels["body"], _("có %(n)s cơ quan tên '%(name)s' ở cùng một đơn vị; hãy sửa tên "
                                                   "trong danh mục cơ quan") % {"n": len(candidates),
                                                                                "name": v["body"]}
                       if len(active) > 1 else _("cơ quan '%(name)s' đã ngừng hoạt động") % {"name": v["body"]})
                return False
            if found is None:
                report(row, self.labels["body"], _(
                    "không có cơ quan '%(name)s' của %(unit)s hoặc cấp trên trong phạm vi của bạn") % {
                    "name": v["body"], "unit": obj.unit.name})
                return False
        if existing is not None and existing.state not in BODY_EDITABLE and (found.pk if found else None) != (
                existing.body_id):
            report(row, self.labels["body"], _(
                "vụ việc đã chuyển, thụ lý hoặc trả lời: đổi cơ quan bằng nút 'Chuyển đơn' để giữ lịch sử chuyển"))
            return False
        return found

    def valid(self, row: Row, report: Report, obj: Petition) -> bool:
        """``Petition.clean()`` and the form's rule for anonymous cases, each message in its column."""
        errors: dict[str, list[str]] = {}
        try:
            obj.clean()
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        if obj.anonymous and (obj.name.strip() or obj.person_id) and "anonymous" not in errors:
            errors["anonymous"] = [_("Đơn không nêu danh tính thì không ghi họ tên hay chọn người gửi.")]
        for name, messages in errors.items():
            label = self.labels.get(name, self.labels["title"])
            for message in messages:
                report(row, label, message)
        return not errors

    # -- writing
    def write_chunk(self, rows: list[Row]) -> None:
        now = bulk.now()
        moved: dict[int, Petition] = {}
        shown = False
        for row in rows:
            obj: Petition = row.values["obj"]
            if obj.pk is None:
                self.writer.add([*(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in self.model_fields),
                                 now, now])
                continue
            if row.values["moved"]:
                moved[obj.pk] = obj
            self.writer.change(obj.pk, [*(f.get_db_prep_save(getattr(obj, f.attname), connection)
                                          for f in self.update_model_fields), now])
            shown = shown or self.published(obj)
        self.flush(self.writer)
        self.replace_children(moved, now)
        if shown:
            from danvan.indicators import public

            public.changed()  # a published answer is shown by its summary and field

    @staticmethod
    def published(obj: Petition) -> bool:
        from .public import ANSWERED_STATES

        return obj.state in ANSWERED_STATES and (bool(obj.answer_public and obj.answer.strip()) or bool(obj.reply_id))

    @staticmethod
    def replace_children(moved: dict[int, Petition], now: Any) -> None:
        """Other petitioners and referrals are placed in their petition's unit: they follow a move."""
        if not moved:
            return
        for model in (Petitioner, Referral):
            changed = []
            for pk, petition_id in model.objects.filter(petition_id__in=list(moved)).values_list("id", "petition_id"):
                p = moved[petition_id]
                changed.append((pk, (p.unit_id, p.unit_path, p.province_id, p.commune_id, now)))
            if changed:
                bulk.write(model, (*PLACE, "updated"), changed_rows=changed)

    # -- export
    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        rows = queryset.select_related("unit", "body").order_by("received", "id")
        for p in rows.iterator(chunk_size=2000):
            yield [p.code, imports.format_date(p.received), p.get_kind_display(), p.get_channel_display(),
                   p.get_field_display(), p.unit.key, p.title, p.text, p.name, p.contact, p.address,
                   imports.format_bool(p.anonymous), p.body.name if p.body_id else "", imports.format_bool(p.complex)]

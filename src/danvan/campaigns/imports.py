"""Imports and exports of works, contributions, trainees and commendations (organizations keep
these lists in Excel), through the one pipeline (``core.imports``).

Each row becomes the model instance it describes — the stored record when the row's natural key
exists, else a new one — so the model's own rules decide: ``place()`` computes the placement
(unit path, province, commune, organization kind, search and sort keys of the name) and
``clean()`` gives the same Vietnamese messages as the forms, here with the row and column.
Related records are read once per chunk and set on the instance, so neither runs a query per
row; rows are then written set-based through ``core.bulk.BulkWriter`` (nothing is saved through
the ORM per row), and the fact ledger follows once per chunk.

Natural keys (an exported file imports back unchanged):

- a work: its code (``Mã công trình``);
- a contribution has no code: its work (or, without a work, its campaign), the contributor's
  village, the contributor (type and household code, person code or collective name; the
  anonymous total has none) and the day. Two rows with that key in one file are refused; a
  contribution whose key fields change is edited on its page (the file would add a new one);
- a trainee: the course code and the person code (a unique constraint);
- a commendation: the decision (number and day), the form and the recipient (person code or
  collective name) — a decision number and date identify an award as practice cites it
  ("Quyết định số … ngày …").

Scope: every row is checked through the importing user's ``Scope`` for its new values (unit and
organization kind) and, when it updates a record, for that record as stored; records a row
refers to (household, person, work, course, campaign, organization) must be visible to the user
(a campaign launched at a level above that covers the row's place may be named too). A column
left out of the file keeps the stored values of the records it updates.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models
from django.utils.translation import gettext as _

from danvan.core import bulk, imports
from danvan.core.imports import Column, ImportSpec, Row
from danvan.geo.models import AdminUnit
from danvan.people.models import Household, Organization, Person

from . import choices
from .models import (
    MAX_LABOR_DAYS,
    MAX_LAND_M2,
    MAX_QUANTITY,
    MAX_VND,
    Campaign,
    Commendation,
    Contribution,
    Trainee,
    TrainingCourse,
    VillageDecision,
    Work,
)

Report = Callable[[Row, str, str], None]
# Checks one row (its values) against the chunk's lookups; True when it goes to the write.
Check = Callable[[Row, dict[str, Any], Report], bool]


def _vnd(key: str, label: str, help_text: str = "") -> Column:
    return Column(key, label, imports.integer(0, MAX_VND), required=False, help=help_text or "Số nguyên, đồng.")


def _unknown(kind: str, code: str) -> str:
    return _("%(kind)s '%(code)s' không tồn tại hoặc nằm ngoài phạm vi của bạn") % {"kind": kind, "code": code}


def _by_code[M: models.Model](model: type[M], codes: Iterable[str | None], *related: str) -> dict[str, M]:
    """The records of ``model`` with these codes (one query), related records joined."""
    wanted = {code for code in codes if code}
    if not wanted:
        return {}
    return {obj.code: obj for obj in model._default_manager.filter(code__in=wanted).select_related(*related)}


def _grouped[M](records: Iterable[M], key: Callable[[M], Any]) -> dict[Any, list[M]]:
    """``records`` by ``key`` (several records may share a key: the import then names the ambiguity)."""
    groups: dict[Any, list[M]] = {}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    return groups


class RecordImport(ImportSpec):
    """What the four kinds share: units and campaigns by key, scope checks, the model's
    ``place()`` and ``clean()`` on each row's instance, and the set-based write."""

    # The model fields written (besides ``created`` and ``updated``), in the writer's order.
    fields: ClassVar[tuple[str, ...]]
    # Model field → column key where they differ (for the messages of ``clean()``).
    field_columns: ClassVar[dict[str, str]] = {}
    # The column that names the record's natural key (for "already used outside your scope").
    key_column: ClassVar[str]

    def begin(self) -> None:
        self.model_fields = [self.model._meta.get_field(name) for name in self.fields]
        self.writer = bulk.BulkWriter(self.model, (*self.fields, "updated", "created"),
                                      update_fields=(*self.fields, "updated"))
        self.seen: dict[Any, int] = {}
        self.labels = {c.key: c.label for c in self.columns}

    # -- checking a chunk
    def checker(self, values: list[dict[str, Any]]) -> Check:
        """Read what the chunk's rows refer to (one query per kind of record) and return the check of
        one row; it reports the row's errors, or sets ``values["obj"]`` (the instance to write)."""
        raise NotImplementedError

    def check_chunk(self, rows: list[Row], report: Report) -> list[Row]:
        check = self.checker([row.values for row in rows])
        return [row for row in rows if check(row, row.values, report)]

    # -- lookups (one query per chunk each)
    def units(self, keys: Iterable[str | None]) -> dict[str, AdminUnit]:
        """Current units by key, only those the user sees."""
        wanted = {k for k in keys if k}
        return {u.key: u for u in AdminUnit.objects.filter(key__in=wanted, is_legacy=False) if self.sees(u.path)}

    def visible[M: models.Model](self, model: type[M], codes: Iterable[str | None], *related: str) -> dict[str, M]:
        """The records of ``model`` with these codes that the user sees (one query)."""
        kind_field = getattr(model, "scope_org_kind_field", None)
        return {code: obj for code, obj in _by_code(model, codes, *related).items()
                if self.sees(obj.unit_path, getattr(obj, kind_field) if kind_field else "")}

    def campaign_for(self, campaigns: dict[str, Campaign], code: str | None, unit: AdminUnit | None) -> Campaign | None:
        """The campaign named by ``code`` when the user sees it or it covers ``unit`` (launched above)."""
        campaign = campaigns.get(code or "")
        if campaign is None or unit is None or not (self.sees(campaign.unit_path, campaign.org_kind)
                                                    or unit.path.startswith(campaign.unit_path)):
            return None
        return campaign

    def missing(self, row: Row, report: Report, found: Iterable[tuple[str, str, Any]]) -> bool:
        """Whether a column names a record that does not exist or the user may not use (then reported):
        ``found`` holds (column key, what it names, the record found or None)."""
        for key, what, record in found:
            if row.values[key] and record is None:
                report(row, self.labels[key], _unknown(what, row.values[key]))
                return True
        return False

    # -- building the instance
    def assign(self, obj: models.Model, values: dict[str, Any], keys: Iterable[str]) -> None:
        """Copy plain columns to the model fields of the same name; a blank cell sets the field's
        blank value, a column left out of the file keeps what the record holds."""
        for key in keys:
            if key not in self.present_keys:
                continue
            value = values[key]
            if value is None:
                field = obj._meta.get_field(key)
                value = None if field.null else field.get_default() if field.has_default() else ""
            setattr(obj, key, value)

    def given(self, key: str) -> bool:
        return key in self.present_keys

    # -- checks
    def allowed(self, row: Row, report: Report, obj: Any, before: tuple[str, str] | None,
                place_column: str, kind_column: str) -> bool:
        """The user may write the record as stored (``before``: path and kind) and as the row leaves it."""
        if before is not None and not self.may_write(*before):
            report(row, self.labels[self.key_column], _(
                "đã có bản ghi này ngoài phạm vi của bạn (đơn vị hoặc loại tổ chức khác); không được cập nhật"))
            return False
        if not self.may_write(obj.unit_path):
            report(row, self.labels[place_column], _("đơn vị nằm ngoài phạm vi của bạn"))
            return False
        if not self.may_write(obj.unit_path, obj.org_kind):
            report(row, self.labels[kind_column], _("bạn không được nhập dữ liệu của loại tổ chức '%(kind)s'") % {
                "kind": choices.OrgKind(obj.org_kind).label})
            return False
        return True

    def accept(self, row: Row, report: Report, obj: Any, before: tuple[str, str] | None, place_column: str,
               kind_column: str) -> bool:
        """Whether the row's instance passes the scope checks and the model's rules; it then goes to the write."""
        if self.allowed(row, report, obj, before, place_column, kind_column) and self.valid(row, report, obj):
            row.values["obj"] = obj
            return True
        return False

    def repeated(self, row: Row, report: Report, key: Any, column: str) -> bool:
        first = self.seen.get(key)
        if first is not None:
            report(row, self.labels[column], _("trùng với dòng %(row)s") % {"row": first})
            return True
        self.seen[key] = row.number
        return False

    def valid(self, row: Row, report: Report, obj: models.Model) -> bool:
        """The model's own rules (``clean()``), each message with the column it concerns."""
        try:
            obj.clean()
        except ValidationError as exc:
            first = self.columns[0].key
            errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
            for name, messages in errors.items():
                key = self.field_columns.get(name, name)
                label = self.labels.get(key) or self.labels[first if name == NON_FIELD_ERRORS else self.key_column]
                for message in messages:
                    report(row, label, message)
            return False
        return True

    # -- writing
    def write_chunk(self, rows: list[Row]) -> None:
        now = bulk.now()
        for row in rows:
            obj = row.values["obj"]
            values = [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in self.model_fields]
            if obj.pk is None:
                self.writer.add((*values, now, now))
            else:
                self.writer.change(obj.pk, (*values, now))
        self.flush(self.writer)


PLACE_FIELDS = ("unit", "unit_path", "province", "commune")


# ---------------------------------------------------------------- works


@imports.register
class WorkImport(RecordImport):
    """A work or task per row, keyed by its code."""

    kind = "works"
    label = "Công trình, phần việc"
    sheet_name = "Công trình"
    model = Work
    key_column = "code"
    columns = [
        Column("code", "Mã công trình", imports.code, help="Mã duy nhất; dòng có mã đã có sẽ cập nhật công trình đó."),
        Column("name", "Tên công trình, phần việc", imports.text(200)),
        Column("kind", "Loại", imports.choice(choices.WorkKind), help="Nhà ở; Học bổng; Đường giao thông; Cầu; Hẻm, ngõ; Thắp sáng đường quê, đèn chiếu sáng; "
                    "Nhà văn hóa; Thu gom, xử lý rác thải; Công trình, phần việc khác."),
        Column("house_kind", "Loại nhà", imports.choice(choices.HouseKind), required=False,
               help="Bắt buộc với nhà ở: Nhà đại đoàn kết; Nhà tình nghĩa; Nhà nghĩa tình đồng đội; "
                    "Mái ấm công đoàn; Nhà nhân ái; Nhà khác."),
        Column("build", "Xây mới/sửa chữa", imports.choice(choices.Build), required=False, help="Xây mới hoặc Sửa chữa."),
        Column("quantity", "Số lượng", imports.integer(1, MAX_QUANTITY), required=False,
               help="Số suất học bổng, số phần việc; để trống là 1; một căn nhà là một công trình."),
        Column("unit", "Mã thôn, xã", imports.code,
               help="Khóa thôn <mã xã>.<mã thôn> (31135.05), hoặc mã xã, phường (31135) cho công trình chung của xã."),
        Column("organization", "Mã tổ chức", imports.code, required=False,
               help="Tổ chức thực hiện (danh sách tổ chức); nếu không có, ghi cột 'Cơ quan, đơn vị'."),
        Column("agency_name", "Cơ quan, đơn vị", imports.text(200), required=False),
        Column("org_kind", "Loại tổ chức", imports.choice(choices.OrgKind), required=False,
               help="Khi không có mã tổ chức (mặc định Mặt trận Tổ quốc); có mã tổ chức thì lấy theo tổ chức."),
        Column("campaign", "Mã phong trào", imports.code, required=False,
               help="Phong trào, cuộc vận động của xã hoặc cấp trên (nếu có)."),
        Column("beneficiary", "Mã hộ được hỗ trợ", imports.code, required=False,
               help="Mã hộ gia đình ở thôn của công trình (hoặc cùng xã, nếu mã không trùng)."),
        Column("state", "Trạng thái", imports.choice(choices.WorkState), required=False,
               help="Dự kiến (mặc định); Đang thực hiện; Đã bàn giao."),
        Column("started", "Khởi công", imports.date, required=False, help="dd/mm/yyyy"),
        Column("handed_over", "Bàn giao", imports.date, required=False,
               help="dd/mm/yyyy; bắt buộc khi đã bàn giao. Công trình được tính vào kỳ bàn giao."),
        _vnd("value_vnd", "Tổng trị giá (đồng)"),
        _vnd("budget_vnd", "Ngân sách nhà nước (đồng)", "Các nguồn kinh phí cộng lại phải bằng tổng trị giá."),
        _vnd("organizations_vnd", "Các tổ chức, quỹ (đồng)"),
        _vnd("people_vnd", "Nhân dân đóng góp (đồng)"),
        _vnd("sponsors_vnd", "Nhà hảo tâm, doanh nghiệp tài trợ (đồng)"),
        _vnd("spent_vnd", "Đã chi (đồng)", "Để trống nếu chưa quyết toán."),
        Column("public", "Công khai", imports.boolean, required=False,
               help="có/không; có: công trình có trang công khai số đã thu, đã chi theo thôn."),
        Column("description", "Mô tả", imports.text(5000), required=False),
    ]
    PLAIN = ("name", "kind", "house_kind", "build", "quantity", "agency_name", "state", "started", "handed_over",
             "value_vnd", "budget_vnd", "organizations_vnd", "people_vnd", "sponsors_vnd", "spent_vnd", "public",
             "description")
    fields = ("code", "name_folded", "name_sort", *PLAIN, "organization", "org_kind", "campaign", "beneficiary",
              *PLACE_FIELDS)

    def checker(self, values: list[dict[str, Any]]) -> Check:
        units = self.units(v["unit"] for v in values)
        orgs = self.visible(Organization, (v["organization"] for v in values))
        campaigns = _by_code(Campaign, (v["campaign"] for v in values))
        stored = _by_code(Work, (v["code"] for v in values), "unit", "organization", "beneficiary")
        beneficiaries = {v["beneficiary"] for v in values if v["beneficiary"]}
        households = _grouped((h for h in Household.objects.filter(
            code__in=beneficiaries, commune_id__in={u.commune_id for u in units.values()},
        ).only("id", "code", "unit_id", "unit_path", "commune_id") if self.sees(h.unit_path)),
            lambda h: (h.commune_id, h.code)) if beneficiaries else {}

        def check(row: Row, v: dict[str, Any], report: Report) -> bool:
            unit = units.get(v["unit"])
            org = orgs.get(v["organization"] or "")
            campaign = self.campaign_for(campaigns, v["campaign"], unit)
            if self.repeated(row, report, v["code"], "code") or self.missing(row, report, [
                    ("unit", _("Đơn vị"), unit), ("organization", _("Tổ chức"), org),
                    ("campaign", _("Phong trào"), campaign)]):
                return False
            household = None
            if v["beneficiary"]:
                found = households.get((unit.commune_id, v["beneficiary"]), [])
                found = [h for h in found if h.unit_id == unit.id] or found
                if len(found) != 1:
                    report(row, self.labels["beneficiary"], _unknown(_("Hộ"), v["beneficiary"]) if not found else _(
                        "mã hộ '%(code)s' có ở nhiều thôn của xã; hãy ghi công trình theo thôn của hộ") % {
                        "code": v["beneficiary"]})
                    return False
                household = found[0]
            obj = stored.get(v["code"])
            before = (obj.unit_path, obj.org_kind) if obj is not None else None
            if obj is None:
                obj = Work(code=v["code"])
            self.assign(obj, v, self.PLAIN)
            obj.unit = unit
            if self.given("organization"):
                obj.organization = org
            if self.given("org_kind") and v["org_kind"]:
                obj.org_kind = v["org_kind"]
            if self.given("campaign"):
                obj.campaign = campaign
            if self.given("beneficiary"):
                obj.beneficiary = household
            obj.place()
            kind_column = "organization" if obj.organization_id else "org_kind"
            return self.accept(row, report, obj, before, "unit", kind_column)
        return check

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        rows = queryset.select_related("unit", "organization", "campaign", "beneficiary").order_by("code")
        for w in rows.iterator(chunk_size=2000):
            yield [w.code, w.name, w.get_kind_display(), w.get_house_kind_display() if w.house_kind else "",
                   w.get_build_display() if w.build else "", w.quantity, w.unit.key,
                   w.organization.code if w.organization_id else "", w.agency_name, w.get_org_kind_display(),
                   w.campaign.code if w.campaign_id else "", w.beneficiary.code if w.beneficiary_id else "",
                   w.get_state_display(), imports.format_date(w.started), imports.format_date(w.handed_over),
                   w.value_vnd, w.budget_vnd, w.organizations_vnd, w.people_vnd, w.sponsors_vnd, w.spent_vnd,
                   imports.format_bool(w.public), w.description]


# ---------------------------------------------------------------- contributions


@imports.register
class ContributionImport(RecordImport):
    """What the people gave, one row per contributor and day (the key: see the module's docstring)."""

    kind = "contributions"
    label = "Đóng góp của Nhân dân"
    sheet_name = "Đóng góp"
    model = Contribution
    key_column = "contributor_type"
    field_columns = {"unit": "village"}
    columns = [
        Column("work", "Mã công trình", imports.code, required=False,
               help="Công trình được đóng góp; hoặc chỉ ghi mã phong trào."),
        Column("campaign", "Mã phong trào", imports.code, required=False,
               help="Phong trào được đóng góp (khi không góp cho một công trình); có mã công trình thì lấy theo "
                    "công trình."),
        Column("village", "Mã thôn", imports.code, help="Thôn, ấp, tổ dân phố của người đóng góp: <mã xã>.<mã thôn>."),
        Column("day", "Ngày đóng góp", imports.date,
               help="dd/mm/yyyy. Công trình (hoặc phong trào), thôn, người đóng góp và ngày xác định một khoản "
                    "đóng góp: dòng trùng các cột này cập nhật khoản đã có; hai dòng trùng trong một tệp bị từ chối."),
        Column("contributor_type", "Người đóng góp", imports.choice(choices.ContributorType),
               help="Hộ gia đình; Cá nhân; Tập thể, doanh nghiệp; Tổng đóng góp của thôn (không ghi tên)."),
        Column("household", "Mã hộ", imports.code, required=False, help="Với hộ gia đình: mã hộ trong thôn."),
        Column("person", "Mã cá nhân", imports.code, required=False, help="Với cá nhân: mã trong danh sách cá nhân."),
        Column("collective_name", "Tên tập thể, doanh nghiệp", imports.text(200), required=False),
        Column("show_name", "Đồng ý công khai tên", imports.boolean, required=False,
               help="có/không (mặc định không): người đóng góp đồng ý hiện tên trên bảng công khai."),
        Column("cash_vnd", "Tiền (đồng)", imports.integer(0, MAX_VND), required=False,
               help="Cần ít nhất một trong: tiền, ngày công, đất hiến."),
        Column("labor_days", "Ngày công", imports.integer(0, MAX_LABOR_DAYS), required=False),
        Column("land_m2", "Đất hiến (m²)", imports.integer(0, MAX_LAND_M2), required=False),
        Column("decision", "Ngày họp thôn", imports.date, required=False,
               help="Ngày cuộc họp thôn quyết định khoản đóng góp (quyết định đã ghi cho công trình, phong trào)."),
        Column("note", "Ghi chú", imports.text(300), required=False),
    ]
    PLAIN = ("day", "contributor_type", "collective_name", "show_name", "cash_vnd", "labor_days", "land_m2", "note")
    fields = (*PLAIN, "work", "campaign", "household", "person", "decision", "org_kind", *PLACE_FIELDS)

    @staticmethod
    def key_of(obj: Contribution) -> tuple[Any, ...]:
        return (obj.work_id, None if obj.work_id else obj.campaign_id, obj.unit_id, obj.contributor_type,
                obj.household_id, obj.person_id, obj.collective_name.strip(), obj.day)

    def checker(self, values: list[dict[str, Any]]) -> Check:
        units = self.units(v["village"] for v in values)
        works = self.visible(Work, (v["work"] for v in values))
        campaigns = _by_code(Campaign, (v["campaign"] for v in values))
        persons = self.visible(Person, (v["person"] for v in values))
        households = {(h.unit_id, h.code): h for h in Household.objects.filter(
            code__in={v["household"] for v in values if v["household"]}, unit_id__in={u.id for u in units.values()},
        ).only("id", "code", "unit_id", "unit_path")} if any(v["household"] for v in values) else {}
        targets = models.Q(work_id__in=[w.id for w in works.values()]) | models.Q(
            work__isnull=True, campaign_id__in=[c.id for c in campaigns.values()])
        stored = _grouped(Contribution.objects.filter(
            targets, unit_id__in={u.id for u in units.values()}, day__in={v["day"] for v in values},
        ).select_related("decision"), self.key_of)
        meetings = {v["decision"] for v in values if v["decision"]}
        decisions = _grouped(VillageDecision.objects.filter(unit_id__in={u.id for u in units.values()},
                                                            day__in=meetings),
                             lambda d: (d.unit_id, d.work_id, d.campaign_id, d.day)) if meetings else {}

        def check(row: Row, v: dict[str, Any], report: Report) -> bool:
            unit = units.get(v["village"])
            work = works.get(v["work"] or "")
            campaign = self.campaign_for(campaigns, v["campaign"], unit)
            person = persons.get(v["person"] or "")
            if self.missing(row, report, [("village", _("Thôn"), unit), ("work", _("Công trình"), work),
                                          ("campaign", _("Phong trào"), campaign), ("person", _("Cá nhân"), person)]):
                return False
            household = households.get((unit.id, v["household"])) if v["household"] else None
            if v["household"] and (household is None or not self.sees(household.unit_path)):
                report(row, self.labels["household"], _("hộ '%(code)s' không có ở thôn '%(village)s' hoặc nằm ngoài "
                                                        "phạm vi của bạn") % {"code": v["household"],
                                                                              "village": v["village"]})
                return False
            if person is not None and v["contributor_type"] == choices.ContributorType.PERSON and person.unit_id != unit.id:
                report(row, self.labels["village"], _("cá nhân '%(code)s' không ở thôn '%(village)s'") % {
                    "code": person.code, "village": v["village"]})
                return False
            obj = Contribution(unit=unit, work=work, campaign=campaign, household=household, person=person)
            self.assign(obj, v, self.PLAIN)
            obj.place()
            found = stored.get(self.key_of(obj), [])
            if self.repeated(row, report, self.key_of(obj), "contributor_type"):
                return False
            if len(found) > 1:
                report(row, self.labels["contributor_type"], _(
                    "đã có %(n)s khoản đóng góp cùng công trình, thôn, người đóng góp và ngày; hãy sửa từng khoản "
                    "trên trang") % {"n": len(found)})
                return False
            before = None
            if found:
                # The stored contribution takes the row's values; columns left out keep its own.
                existing = found[0]
                before = (existing.unit_path, existing.org_kind)
                obj.pk = existing.pk
                for key in self.PLAIN:
                    if not self.given(key):
                        setattr(obj, key, getattr(existing, key))
                if not self.given("decision"):
                    obj.decision = existing.decision
            if v["decision"]:
                matches = decisions.get((unit.id, obj.work_id, None if obj.work_id else obj.campaign_id,
                                         v["decision"]), [])
                if len(matches) != 1:
                    report(row, self.labels["decision"], _(
                        "thôn '%(village)s' không có (hoặc có nhiều) quyết định họp ngày %(day)s về công trình, "
                        "phong trào này") % {"village": v["village"], "day": imports.format_date(v["decision"])})
                    return False
                obj.decision = matches[0]
            elif self.given("decision"):
                obj.decision = None
            return self.accept(row, report, obj, before, "village", "work" if obj.work_id else "campaign")
        return check

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        rows = queryset.select_related("unit", "work", "campaign", "household", "person", "decision")
        for c in rows.order_by("day", "id").iterator(chunk_size=2000):
            yield [c.work.code if c.work_id else "", c.campaign.code if c.campaign_id else "",
                   c.unit.key, imports.format_date(c.day), c.get_contributor_type_display(),
                   c.household.code if c.household_id else "", c.person.code if c.person_id else "",
                   c.collective_name, imports.format_bool(c.show_name), c.cash_vnd, c.labor_days, c.land_m2,
                   imports.format_date(c.decision.day) if c.decision_id else "", c.note]


# ---------------------------------------------------------------- trainees


@imports.register
class TraineeImport(RecordImport):
    """The named trainees of courses: one row per course and person (persons of the registers)."""

    kind = "trainees"
    label = "Học viên các lớp tập huấn"
    sheet_name = "Học viên"
    model = Trainee
    key_column = "person"
    field_columns = {"unit": "course"}
    columns = [
        Column("course", "Mã lớp", imports.code,
               help="Mã lớp tập huấn, bồi dưỡng (đã có trên trang). Mỗi người một dòng cho mỗi lớp."),
        Column("person", "Mã cá nhân", imports.code, help="Mã học viên trong danh sách cá nhân."),
        Column("full_name", "Họ và tên", imports.text(120), required=False,
               help="Để đối chiếu: phải trùng họ tên của mã cá nhân."),
    ]
    fields = ("course", "person", "org_kind", *PLACE_FIELDS)

    def checker(self, values: list[dict[str, Any]]) -> Check:
        courses = self.visible(TrainingCourse, (v["course"] for v in values), "unit")
        persons = self.visible(Person, (v["person"] for v in values))
        stored = {(t.course_id, t.person_id): t for t in Trainee.objects.filter(
            course_id__in=[c.id for c in courses.values()], person_id__in=[p.id for p in persons.values()])}

        def check(row: Row, v: dict[str, Any], report: Report) -> bool:
            course = courses.get(v["course"])
            person = persons.get(v["person"])
            if self.missing(row, report, [("course", _("Lớp"), course), ("person", _("Cá nhân"), person)]):
                return False
            if v["full_name"] and " ".join(v["full_name"].split()) != person.full_name:
                report(row, self.labels["full_name"], _("khác họ tên của cá nhân '%(code)s': '%(name)s'") % {
                    "code": person.code, "name": person.full_name})
                return False
            if self.repeated(row, report, (course.id, person.id), "person"):
                return False
            existing = stored.get((course.id, person.id))
            obj = Trainee(pk=existing.pk if existing else None, course=course, person=person, unit=course.unit)
            obj.place()
            before = (existing.unit_path, existing.org_kind) if existing else None
            return self.accept(row, report, obj, before, "course", "course")
        return check

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        rows = queryset.select_related("course", "person").order_by("course__code", "person__name_sort", "id")
        for t in rows.iterator(chunk_size=2000):
            yield [t.course.code, t.person.code, t.person.full_name]


# ---------------------------------------------------------------- commendations


@imports.register
class CommendationImport(RecordImport):
    """Commendations, keyed by the decision (number, day), the form and the recipient."""

    kind = "commendations"
    label = "Khen thưởng"
    sheet_name = "Khen thưởng"
    model = Commendation
    key_column = "decision_no"
    columns = [
        Column("form", "Hình thức", imports.choice(choices.CommendationForm), help="Giấy khen; Bằng khen; Cờ thi đua; Hình thức khác."),
        Column("issuer_level", "Cấp khen", imports.choice(choices.IssuerLevel), help="Trung ương; Cấp tỉnh; Cấp xã."),
        Column("issuer", "Cơ quan khen thưởng", imports.text(200), help="Ví dụ: Ban Dân vận Thành ủy."),
        Column("decision_no", "Số quyết định", imports.text(60), required=False,
               help="Số quyết định, ngày, hình thức và người (tập thể) được khen xác định một khen thưởng: dòng "
                    "trùng các cột này cập nhật khen thưởng đã có."),
        Column("day", "Ngày khen thưởng", imports.date, help="dd/mm/yyyy"),
        Column("recipient_type", "Đối tượng", imports.choice(choices.RecipientType), help="Tập thể hoặc Cá nhân."),
        Column("collective_name", "Tên tập thể", imports.text(200), required=False),
        Column("person", "Mã cá nhân", imports.code, required=False, help="Với cá nhân: mã trong danh sách cá nhân."),
        Column("unit", "Mã đơn vị", imports.code,
               help="Đơn vị của người, tập thể được khen: 92, 31135 hoặc 31135.05."),
        Column("org_kind", "Loại tổ chức", imports.choice(choices.OrgKind), required=False,
               help="Tổ chức theo dõi khen thưởng; mặc định Mặt trận Tổ quốc."),
        Column("campaign", "Mã phong trào", imports.code, required=False, help="Khen thưởng trong phong trào nào."),
        Column("year", "Thành tích năm", imports.integer(2000, 2100), required=False),
        Column("reason", "Thành tích", imports.text(300), required=False,
               help="Cần một trong: phong trào, năm thành tích, nội dung thành tích (hoặc mô hình, chọn trên trang)."),
    ]
    PLAIN = ("form", "issuer_level", "issuer", "decision_no", "day", "recipient_type", "collective_name", "org_kind",
             "year", "reason")
    fields = (*PLAIN, "person", "campaign", *PLACE_FIELDS)

    @staticmethod
    def key_of(decision_no: str | None, day: Any, form: str, recipient_type: str, person_id: int | None,
               collective_name: str | None) -> tuple[Any, ...]:
        recipient = person_id if person_id is not None else (collective_name or "").strip()
        return (decision_no or "", day, form, recipient_type, recipient)

    def checker(self, values: list[dict[str, Any]]) -> Check:
        units = self.units(v["unit"] for v in values)
        persons = self.visible(Person, (v["person"] for v in values))
        campaigns = _by_code(Campaign, (v["campaign"] for v in values))
        stored = _grouped(Commendation.objects.filter(day__in={v["day"] for v in values}), lambda c: self.key_of(
            c.decision_no, c.day, c.form, c.recipient_type, c.person_id, c.collective_name))

        def check(row: Row, v: dict[str, Any], report: Report) -> bool:
            unit = units.get(v["unit"])
            person = persons.get(v["person"] or "")
            campaign = self.campaign_for(campaigns, v["campaign"], unit)
            if self.missing(row, report, [("unit", _("Đơn vị"), unit), ("person", _("Cá nhân"), person),
                                          ("campaign", _("Phong trào"), campaign)]):
                return False
            key = self.key_of(v["decision_no"], v["day"], v["form"], v["recipient_type"],
                              person.id if person is not None else None, v["collective_name"])
            if self.repeated(row, report, key, "decision_no"):
                return False
            found = stored.get(key, [])
            if len(found) > 1:
                report(row, self.labels["decision_no"], _(
                    "đã có %(n)s khen thưởng cùng quyết định, hình thức và người được khen; hãy sửa trên trang") % {
                    "n": len(found)})
                return False
            obj = found[0] if found else Commendation()
            before = (obj.unit_path, obj.org_kind) if found else None
            self.assign(obj, v, self.PLAIN)
            obj.unit, obj.person = unit, person
            if self.given("campaign"):
                obj.campaign = campaign
            obj.place()
            return self.accept(row, report, obj, before, "unit", "org_kind")
        return check

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        rows = queryset.select_related("unit", "person", "campaign").order_by("day", "id")
        for c in rows.iterator(chunk_size=2000):
            yield [c.get_form_display(), c.get_issuer_level_display(), c.issuer, c.decision_no,
                   imports.format_date(c.day), c.get_recipient_type_display(), c.collective_name,
                   c.person.code if c.person_id else "", c.unit.key, c.get_org_kind_display(),
                   c.campaign.code if c.campaign_id else "", c.year, c.reason]

"""Import and export declarations of the registers: organizations, branches, households, members.

Rows are written set-based through ``danvan.core.bulk.BulkWriter`` (a chunk is one INSERT, one
UPDATE batch and one ``bulk_written`` per model), so a million members import in seconds and the
fact ledger follows once per chunk in the same transaction.

Scope: every row is checked through the importing user's ``Scope`` twice — its new values (unit
and organization kind) and, when it updates a record, that record as it is now — and a file with
one row outside is rejected whole.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models
from django.utils.translation import gettext as _

from danvan.accounts.choices import exports_sensitive_data
from danvan.core import audit, bulk, imports
from danvan.core.imports import Column, ImportSpec, Row
from danvan.core.models import ChangeAction
from danvan.core.text import NameKeys
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from .choices import BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex
from .models import Branch, Household, HouseholdPoverty, Membership, Organization, Person

SCOPE_FIELDS = ("unit", "unit_path", "province", "commune")
MAX_HOUSEHOLD_SIZE = 50


def _chunks[T](items: Sequence[T], size: int = bulk.LOOKUP_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


NAME_MEMO = 200_000


def _name_keys() -> Callable[[str], tuple[str, str]]:
    """``NameKeys`` with a bounded memo of whole names: a province has far fewer distinct names than people."""
    keys, memo = NameKeys(), {}

    def of(name: str) -> tuple[str, str]:
        found = memo.get(name)
        if found is None:
            found = keys(name)
            if len(memo) < NAME_MEMO:
                memo[name] = found
        return found

    return of


def _villages(spec: ImportSpec) -> dict[str, tuple[int, str, int | None, int | None]]:
    """Village key → (id, path, province id, commune id), only villages the user sees."""
    rows = AdminUnit.objects.filter(level=Level.VILLAGE, is_legacy=False).values_list(
        "key", "id", "path", "province_id", "commune_id"
    )
    return {key: (pk, path, prov, com) for key, pk, path, prov, com in rows if spec.sees(path)}


def _unknown(kind: str, value: str) -> str:
    return _("%(kind)s '%(code)s' không tồn tại hoặc nằm ngoài phạm vi của bạn") % {"kind": kind, "code": value}


def _not_yours(code: str) -> str:
    """An existing record the row would update lies outside the user's unit or organization kind."""
    return _("mã '%(code)s' đã được dùng cho một bản ghi ngoài phạm vi của bạn (đơn vị hoặc loại tổ chức khác)") % {
        "code": code}


def _kind_denied(kind: str) -> str:
    return _("bạn không được nhập dữ liệu của loại tổ chức '%(kind)s'") % {"kind": OrgKind(kind).label}


def _follow_organizations(org_ids: list[int]) -> None:
    """Branches (and their members) take their organization's new kind, set-based."""
    now = bulk.now()
    changed: list[tuple[int, tuple[Any, ...]]] = []
    for ids in _chunks(org_ids):
        rows = Branch.objects.filter(organization_id__in=ids).values_list("id", "org_kind", "organization__kind")
        changed += [(pk, (kind, now)) for pk, old, kind in rows if old != kind]
    if changed:
        bulk.write(Branch, ("org_kind", "updated"), changed_rows=changed)
        _follow_branches([pk for pk, _values in changed])


def _follow_branches(branch_ids: list[int]) -> None:
    """Memberships take their branch's village and organization kind (as ``Membership.place``)."""
    now = bulk.now()
    changed: list[tuple[int, tuple[Any, ...]]] = []
    for ids in _chunks(branch_ids):
        rows = Membership.objects.filter(branch_id__in=ids).values_list(
            "id", "unit_id", "org_kind", "branch__unit_id", "branch__unit_path", "branch__province_id",
            "branch__commune_id", "branch__org_kind")
        changed += [(pk, (unit, path, prov, com, kind, now)) for pk, old_unit, old_kind, unit, path, prov, com, kind
                    in rows if (old_unit, old_kind) != (unit, kind)]
    if changed:
        bulk.write(Membership, (*SCOPE_FIELDS, "org_kind", "updated"), changed_rows=changed)


# ---------------------------------------------------------------- organizations


@imports.register
class OrganizationImport(ImportSpec):
    kind = "organizations"
    label = "Tổ chức"
    sheet_name = "Tổ chức"
    model = Organization
    columns = [
        Column("code", "Mã tổ chức", imports.code, help="Mã duy nhất, ví dụ HPN-31135."),
        Column("name", "Tên tổ chức", imports.text(200)),
        Column("kind", "Loại tổ chức", imports.choice(OrgKind), help="Mặt trận Tổ quốc, Hội Liên hiệp Phụ nữ, …"),
        Column("level", "Cấp", imports.choice(OrgLevel), help="Trung ương, Cấp tỉnh, Cấp xã, Thôn, tổ dân phố."),
        Column("unit", "Mã đơn vị", imports.code, help="Khóa đơn vị hành chính nơi tổ chức hoạt động (92, 31135, 31135.05)."),
        Column("parent", "Mã tổ chức cấp trên", imports.code, required=False),
    ]

    FIELDS = ("code", "name", "name_folded", "name_sort", "kind", "level", "parent", *SCOPE_FIELDS, "updated")

    def begin(self) -> None:
        self.seen: dict[str, int] = {}
        self.ids: dict[str, int] = {}  # code → id of the organizations this file wrote
        self.keys = _name_keys()
        self.writer = bulk.BulkWriter(Organization, (*self.FIELDS, "created"), update_fields=self.FIELDS)

    def check_chunk(self, rows: list[Row], report: Callable[[Row, str, str], None]) -> list[Row]:
        units = {key: (pk, path, prov, com) for key, pk, path, prov, com in AdminUnit.objects.filter(
            key__in={r.values["unit"] for r in rows}).values_list("key", "id", "path", "province_id", "commune_id")}
        codes = {r.values["code"] for r in rows} | {r.values["parent"] for r in rows if r.values["parent"]}
        self.known = {code: (pk, path, kind) for code, pk, path, kind in Organization.objects.filter(
            code__in=codes).values_list("code", "id", "unit_path", "kind")}
        # Organizations whose kind would change: their branches (and members) follow, so the user
        # must be allowed to write every one of them, under the old kind and the new.
        recast = {self.known[r.values["code"]][0] for r in rows
                  if r.values["code"] in self.known and self.known[r.values["code"]][2] != r.values["kind"]}
        branch_paths: dict[int, list[str]] = {}
        for ids in _chunks(sorted(recast)):
            for org_id, path in Branch.objects.filter(organization_id__in=ids).values_list("organization_id", "unit_path"):
                branch_paths.setdefault(org_id, []).append(path)
        passed = []
        for row in rows:
            v = row.values
            unit = units.get(v["unit"])
            existing = self.known.get(v["code"])
            if unit is None or not self.sees(unit[1]):
                report(row, "Mã đơn vị", _unknown(_("Đơn vị"), v["unit"]))
            elif not self.may_write(unit[1], v["kind"]):
                report(row, "Loại tổ chức", _kind_denied(v["kind"]))
            elif v["code"] in self.seen:
                report(row, "Mã tổ chức", _("mã '%(code)s' trùng với dòng %(row)s") % {
                    "code": v["code"], "row": self.seen[v["code"]]})
            elif existing is not None and not self.may_write(existing[1], existing[2]):
                report(row, "Mã tổ chức", _not_yours(v["code"]))
            elif existing is not None and existing[2] != v["kind"] and not all(
                    self.may_write(path, existing[2]) and self.may_write(path, v["kind"])
                    for path in branch_paths.get(existing[0], ())):
                report(row, "Loại tổ chức", _("không đổi được loại tổ chức: tổ chức có chi hội ngoài phạm vi của bạn"))
            elif v["parent"] == v["code"]:
                report(row, "Mã tổ chức cấp trên", _("tổ chức không thể trực thuộc chính nó"))
            elif v["parent"] and v["parent"] not in self.known and v["parent"] not in self.seen:
                report(row, "Mã tổ chức cấp trên", _unknown(_("Tổ chức"), v["parent"]))
            else:
                self.seen[v["code"]] = row.number
                v["unit_row"], v["existing"] = unit, existing
                passed.append(row)
        return passed

    def write_chunk(self, rows: list[Row]) -> None:
        now = bulk.now()
        writer = self.writer
        recast: list[int] = []
        for row in rows:
            v = row.values
            uid, path, prov, com = v["unit_row"]
            parent = (self.ids.get(v["parent"]) or self.known[v["parent"]][0]) if v["parent"] else None
            folded, sort = self.keys(v["name"])
            values = (v["code"], v["name"], folded, sort, v["kind"], v["level"], parent, uid, path, prov, com, now)
            existing = v["existing"]
            if existing is None:
                self.ids[v["code"]] = writer.add((*values, now))
            else:
                writer.change(existing[0], values)
                self.ids[v["code"]] = existing[0]
                if existing[2] != v["kind"]:
                    recast.append(existing[0])
        self.flush(writer)
        if recast:
            _follow_organizations(recast)

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        for org in queryset.select_related("unit", "parent").order_by("name_sort", "id").iterator(chunk_size=2000):
            yield [org.code, org.name, org.get_kind_display(), org.get_level_display(), org.unit.key,
                   org.parent.code if org.parent else ""]


# ---------------------------------------------------------------- branches


@imports.register
class BranchImport(ImportSpec):
    kind = "branches"
    label = "Chi hội, chi đoàn"
    sheet_name = "Chi hội"
    model = Branch
    columns = [
        Column("code", "Mã chi hội", imports.code, help="Mã duy nhất của chi hội/chi đoàn."),
        Column("name", "Tên chi hội", imports.text(200)),
        Column("kind", "Loại", imports.choice(BranchKind), help="Chi hội, Chi đoàn, Tổ hội, Ban công tác Mặt trận, Tổ công đoàn."),
        Column("organization", "Mã tổ chức", imports.code, help="Tổ chức mà chi hội trực thuộc."),
        Column("village", "Mã thôn", imports.code, help="Khóa thôn <mã xã>.<mã thôn>, ví dụ 31135.05."),
        Column("founded", "Ngày thành lập", imports.date, required=False, help="dd/mm/yyyy"),
    ]

    FIELDS = ("code", "name", "name_folded", "name_sort", "kind", "organization", "org_kind", "founded",
              *SCOPE_FIELDS, "updated")

    def begin(self) -> None:
        self.villages = _villages(self)
        self.seen: dict[str, int] = {}
        self.keys = _name_keys()
        self.writer = bulk.BulkWriter(Branch, (*self.FIELDS, "created"), update_fields=self.FIELDS)

    def check_chunk(self, rows: list[Row], report: Callable[[Row, str, str], None]) -> list[Row]:
        orgs = {code: (pk, kind, path) for code, pk, kind, path in Organization.objects.filter(
            code__in={r.values["organization"] for r in rows}).values_list("code", "id", "kind", "unit_path")}
        existing_rows = {code: (pk, unit_id, path, kind) for code, pk, unit_id, path, kind in Branch.objects.filter(
            code__in={r.values["code"] for r in rows}).values_list("code", "id", "unit_id", "unit_path", "org_kind")}
        passed = []
        for row in rows:
            v = row.values
            village = self.villages.get(v["village"])
            org = orgs.get(v["organization"])
            existing = existing_rows.get(v["code"])
            if village is None:
                report(row, "Mã thôn", _unknown(_("Thôn"), v["village"]))
            elif org is None or not self.sees(org[2], org[1]):
                report(row, "Mã tổ chức", _unknown(_("Tổ chức"), v["organization"]))
            elif not self.may_write(village[1], org[1]):
                report(row, "Mã tổ chức", _kind_denied(org[1]))
            elif v["code"] in self.seen:
                report(row, "Mã chi hội", _("mã '%(code)s' trùng với dòng %(row)s") % {
                    "code": v["code"], "row": self.seen[v["code"]]})
            elif existing is not None and not self.may_write(existing[2], existing[3]):
                report(row, "Mã chi hội", _not_yours(v["code"]))
            else:
                self.seen[v["code"]] = row.number
                v["village_row"], v["org"], v["existing"] = village, org, existing
                passed.append(row)
        return passed

    def write_chunk(self, rows: list[Row]) -> None:
        now = bulk.now()
        writer = self.writer
        moved: list[int] = []
        for row in rows:
            v = row.values
            vid, path, prov, com = v["village_row"]
            org_id, org_kind, _org_path = v["org"]
            folded, sort = self.keys(v["name"])
            values = (v["code"], v["name"], folded, sort, v["kind"], org_id, org_kind, v["founded"],
                      vid, path, prov, com, now)
            existing = v["existing"]
            if existing is None:
                writer.add((*values, now))
            else:
                writer.change(existing[0], values)
                if (existing[1], existing[3]) != (vid, org_kind):
                    moved.append(existing[0])
        self.flush(writer)
        if moved:  # a branch moved to another village or organization kind: its members follow
            _follow_branches(moved)

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        rows = queryset.select_related("organization", "unit").order_by("name_sort", "id")
        for b in rows.iterator(chunk_size=2000):
            yield [b.code, b.name, b.get_kind_display(), b.organization.code, b.unit.key,
                   imports.format_date(b.founded)]


# ---------------------------------------------------------------- households


@imports.register
class HouseholdImport(ImportSpec):
    kind = "households"
    label = "Hộ gia đình"
    sheet_name = "Hộ gia đình"
    model = Household
    columns = [
        Column("village", "Mã thôn", imports.code, help="Khóa thôn <mã xã>.<mã thôn>."),
        Column("code", "Mã hộ", imports.code, help="Mã hộ, duy nhất trong thôn."),
        Column("head_name", "Chủ hộ", imports.text(120), help="Họ và tên chủ hộ."),
        Column("size", "Số nhân khẩu", imports.integer(1, MAX_HOUSEHOLD_SIZE), help=f"Từ 1 đến {MAX_HOUSEHOLD_SIZE}."),
        Column("address", "Địa chỉ", imports.text(200), required=False),
        Column("poverty_year", "Năm rà soát", imports.year, required=False, help="Năm của tình trạng nghèo."),
        Column("poverty_status", "Tình trạng nghèo", imports.choice(PovertyStatus), required=False,
               help="Hộ nghèo, Hộ cận nghèo, Không nghèo. Bắt buộc khi có năm rà soát."),
    ]

    FIELDS = ("code", "head_name", "name_folded", "name_sort", "size", "address", *SCOPE_FIELDS, "updated")

    def begin(self) -> None:
        self.villages = _villages(self)
        self.seen: dict[tuple[str, str], int] = {}
        self.keys = _name_keys()
        self.writer = bulk.BulkWriter(Household, (*self.FIELDS, "created"), update_fields=self.FIELDS)

    def check_chunk(self, rows: list[Row], report: Callable[[Row, str, str], None]) -> list[Row]:
        passed = []
        self.existing = bulk.existing(Household, ("unit", "code"), [
            (self.villages[r.values["village"]][0], r.values["code"]) for r in rows if r.values["village"] in self.villages
        ], ("unit_path",))
        for row in rows:
            v = row.values
            village = self.villages.get(v["village"])
            pair = (v["village"], v["code"])
            existing = self.existing.get((village[0], v["code"])) if village else None
            if village is None or not self.may_write(village[1]):
                report(row, "Mã thôn", _unknown(_("Thôn"), v["village"]))
            elif pair in self.seen:
                report(row, "Mã hộ", _("hộ '%(code)s' trùng với dòng %(row)s") % {"code": v["code"], "row": self.seen[pair]})
            elif existing is not None and not self.may_write(existing[1]):
                report(row, "Mã hộ", _not_yours(v["code"]))
            elif (v["poverty_year"] is None) != (v["poverty_status"] is None):
                report(row, "Tình trạng nghèo", _("cần điền cả năm rà soát và tình trạng nghèo"))
            else:
                self.seen[pair] = row.number
                v["village_row"], v["existing"] = village, existing
                passed.append(row)
        return passed

    def write_chunk(self, rows: list[Row]) -> None:
        now = bulk.now()
        writer = self.writer
        poverty: list[tuple[int, int, str, int | None]] = []
        for row in rows:
            v = row.values
            vid, path, prov, com = v["village_row"]
            folded, sort = self.keys(v["head_name"])
            values = (v["code"], v["head_name"], folded, sort, v["size"], v["address"] or "", vid, path, prov, com, now)
            if v["existing"] is None:
                pk = writer.add((*values, now))
            else:
                pk = v["existing"][0]
                writer.change(pk, values)
            if v["poverty_year"]:
                poverty.append((pk, v["poverty_year"], v["poverty_status"], prov))
        self.flush(writer)
        # A household has one status per review year (a unique constraint): update or insert, set-based.
        bulk.upsert(HouseholdPoverty, ("household", "year"), ("status", "province"), poverty,
                    new_parents_from=writer.first_id)

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        rows = queryset.select_related("unit").prefetch_related("poverty").order_by("unit_path", "code")
        for h in rows.iterator(chunk_size=2000):
            latest = max(h.poverty.all(), key=lambda p: p.year, default=None)
            yield [h.unit.key, h.code, h.head_name, h.size, h.address,
                   latest.year if latest else "", latest.get_status_display() if latest else ""]


# ---------------------------------------------------------------- members


@imports.register
class MemberImport(ImportSpec):
    """One row = one person's membership of one branch; a person with several rows is one person."""

    kind = "members"
    label = "Hội viên"
    sheet_name = "Hội viên"
    model = Person
    export_model = Membership
    columns = [
        Column("person_code", "Mã cá nhân", imports.code, required=False,
               help="Mã duy nhất của người; để trống thì danvan tự cấp. Nhiều dòng cùng mã = một người ở nhiều chi hội."),
        Column("full_name", "Họ và tên", imports.text(120)),
        Column("sex", "Giới tính", imports.choice(Sex), help="Nam hoặc Nữ."),
        Column("birth_year", "Năm sinh", imports.past_year, required=False, personal=True,
               help="Không sau năm hiện tại."),
        Column("ethnicity", "Dân tộc", imports.text(40), required=False, personal=True),
        Column("phone", "Số điện thoại", imports.text(15), required=False, personal=True),
        Column("branch", "Mã chi hội", imports.code, help="Chi hội/chi đoàn nơi sinh hoạt."),
        Column("household", "Mã hộ", imports.code, required=False,
               help="Mã hộ gia đình trong thôn của chi hội (đã nhập trước bằng tệp hộ gia đình)."),
        Column("joined", "Ngày vào", imports.past_date, required=False, help="dd/mm/yyyy; không sau hôm nay."),
        Column("left", "Ngày ra", imports.date, required=False, help="dd/mm/yyyy; để trống nếu còn sinh hoạt."),
        Column("attends_regularly", "Sinh hoạt thường xuyên", imports.boolean, required=False,
               help="có/không; mặc định là có."),
        Column("is_cadre", "Là cán bộ", imports.boolean, required=False, help="có/không; mặc định là không."),
    ]

    PERSON_FIELDS = ("code", "full_name", "name_folded", "name_sort", "sex", "birth_year", "ethnicity", "phone",
                     "household", "is_cadre", *SCOPE_FIELDS, "updated")
    MEMBER_FIELDS = ("person", "branch", "org_kind", "joined", "left", "attends_regularly", *SCOPE_FIELDS, "updated")

    def begin(self) -> None:
        rows = Branch.objects.values_list("code", "id", "unit_id", "unit_path", "province_id", "commune_id", "org_kind")
        # Branches the user sees (its unit and, for a kind-limited grant, its kind); the others are
        # "unknown or outside your scope", as their pages answer 404.
        self.branches = {
            code: (pk, unit_id, path, prov, com, kind)
            for code, pk, unit_id, path, prov, com, kind in rows if self.sees(path, kind)
        }
        self.keys = _name_keys()
        self.people = bulk.BulkWriter(Person, (*self.PERSON_FIELDS, "created"),
                                      update_fields=self._present_person_fields())
        self.members = bulk.BulkWriter(Membership, (*self.MEMBER_FIELDS, "created"), update_fields=self.MEMBER_FIELDS)
        self.first_person_id = self.people.first_id

    def check_chunk(self, rows: list[Row], report: Callable[[Row, str, str], None]) -> list[Row]:
        codes = {r.values["person_code"] for r in rows if r.values["person_code"]}
        self.persons = {
            code: (pk, name, path) for code, pk, name, path in
            Person.objects.filter(code__in=codes).values_list("code", "id", "full_name", "unit_path")
        } if codes else {}
        households = {r.values["household"] for r in rows if r.values["household"]}
        self.households = {
            (unit_id, code): pk for pk, unit_id, code in
            Household.objects.filter(code__in=households).values_list("id", "unit_id", "code")
        } if households else {}
        person_ids = [p[0] for p in self.persons.values()]
        self.memberships: dict[tuple[int, int], tuple[int, str, str]] = {}
        kinds_of: dict[int, list[tuple[str, str]]] = {}  # person id → (path, kind) of their memberships
        for ids in _chunks(person_ids):
            for pk, person_id, branch_id, path, kind in Membership.objects.filter(person_id__in=ids).values_list(
                    "id", "person_id", "branch_id", "unit_path", "org_kind"):
                self.memberships[(person_id, branch_id)] = (pk, path, kind)
                kinds_of.setdefault(person_id, []).append((path, kind))
        seen_person: dict[str, tuple[int, str]] = {}
        seen_pair: dict[tuple[str, str], int] = {}
        passed = []
        for row in rows:
            v = row.values
            branch = self.branches.get(v["branch"])
            if branch is None:
                report(row, "Mã chi hội", _unknown(_("Chi hội"), v["branch"]))
                continue
            if not self.may_write(branch[2], branch[5]):
                report(row, "Mã chi hội", _kind_denied(branch[5]))
                continue
            household_id = None
            if v["household"]:
                household_id = self.households.get((branch[1], v["household"]))
                if household_id is None:
                    report(row, "Mã hộ", _("hộ '%(code)s' chưa có ở thôn của chi hội '%(branch)s'; hãy nhập tệp hộ gia đình trước")
                           % {"code": v["household"], "branch": v["branch"]})
                    continue
            if v["joined"] and v["left"] and v["left"] < v["joined"]:
                report(row, "Ngày ra", _("ngày ra trước ngày vào"))
                continue
            code = v["person_code"]
            if code:
                pair = (code, v["branch"])
                if pair in seen_pair:
                    report(row, "Mã chi hội", _("người '%(code)s' ở chi hội '%(branch)s' trùng với dòng %(row)s")
                           % {"code": code, "branch": v["branch"], "row": seen_pair[pair]})
                    continue
                known = self.persons.get(code)
                if known is not None:
                    pk, name, path = known
                    membership = self.memberships.get((pk, branch[0]))
                    if pk >= self.first_person_id and membership is not None:
                        report(row, "Mã chi hội", _("người '%(code)s' ở chi hội '%(branch)s' trùng với một dòng trước")
                               % {"code": code, "branch": v["branch"]})
                        continue
                    if pk < self.first_person_id and not self._may_update_person(path, kinds_of.get(pk, [])):
                        report(row, "Mã cá nhân", _not_yours(code))
                        continue
                    if membership is not None and not self.may_write(membership[1], membership[2]):
                        report(row, "Mã chi hội", _not_yours(code))
                        continue
                    if pk >= self.first_person_id and name != v["full_name"]:
                        report(row, "Họ và tên", _("khác họ tên '%(name)s' ở dòng trước cùng mã cá nhân") % {"name": name})
                        continue
                first_seen = seen_person.get(code)
                if first_seen is not None and first_seen[1] != v["full_name"]:
                    report(row, "Họ và tên", _("khác họ tên ở dòng %(row)s cùng mã cá nhân") % {"row": first_seen[0]})
                    continue
                seen_pair[pair] = row.number
                seen_person.setdefault(code, (row.number, v["full_name"]))
            v["branch_row"], v["household_id"] = branch, household_id
            passed.append(row)
        return passed

    def _may_update_person(self, path: str, memberships: list[tuple[str, str]]) -> bool:
        """A person is shared by the organizations they belong to: an existing person may be updated
        by a user who may write their unit and, when they have memberships, at least one of them
        (a Women's Union editor does not rewrite a person who is only a Youth Union member)."""
        if not self.may_write(path):
            return False
        return not memberships or any(self.may_write(p, kind) for p, kind in memberships)

    def write_chunk(self, rows: list[Row]) -> None:
        now = bulk.now()
        day = connection.ops.adapt_datefield_value
        people, members = self.people, self.members
        present = people.update_fields
        chunk_people: dict[str, int] = {}
        created, updated = members.created, members.updated
        for row in rows:
            v = row.values
            branch_id, unit_id, path, prov, com, org_kind = v["branch_row"]
            code = v["person_code"]
            person_id = chunk_people.get(code) if code else None
            if person_id is None:
                known = self.persons.get(code) if code else None
                # PERSON_FIELDS[1:10] in order: full_name … is_cadre.
                values = (v["full_name"], *self.keys(v["full_name"]), v["sex"], v["birth_year"],
                          v["ethnicity"] or "", v["phone"] or "", v["household_id"], bool(v["is_cadre"]))
                if known is None:
                    person_id = people.new_id()
                    people.add_row((person_id, code or f"CN{person_id:08d}", *values, unit_id, path, prov, com, now, now))
                else:
                    person_id = known[0]
                    if person_id < self.first_person_id:
                        person = dict(zip(self.PERSON_FIELDS[1:10], values, strict=True))
                        person["updated"] = now
                        people.change(person_id, [person[f] for f in present])
                if code:
                    chunk_people[code] = person_id
            attends = True if v["attends_regularly"] is None else v["attends_regularly"]
            membership = (person_id, branch_id, org_kind, day(v["joined"]), day(v["left"]), attends,
                          unit_id, path, prov, com, now)
            existing = self.memberships.get((person_id, branch_id))
            if existing is None:
                members.add((*membership, now))
            else:
                members.change(existing[0], membership)
        people.flush()
        members.flush()
        self.created += members.created - created
        self.updated += members.updated - updated

    def _present_person_fields(self) -> tuple[str, ...]:
        """Person fields to overwrite on update: personal columns missing from the file are kept."""
        fields = ["full_name", "name_folded", "name_sort", "sex", "household", "is_cadre"]
        fields += [f for f in Person.PERSONAL_FIELDS if f in self.present_keys]
        return (*fields, "updated")

    def export_columns(self, include_personal: bool) -> list[Column]:
        """Sensitive columns (ethnicity) only for ``exports_sensitive_data``; such an export is logged
        once (``ChangeAction.ACCESS``, Law 91/2025/QH15)."""
        columns = super().export_columns(include_personal)
        sensitive = {"ethnicity"}
        if self.user is not None and not exports_sensitive_data(self.user):
            return [c for c in columns if c.key not in sensitive]
        if self.user is not None and any(c.key in sensitive for c in columns):
            audit.record(ChangeAction.ACCESS, model=Person, note=_(
                "Xuất tệp hội viên có dữ liệu cá nhân nhạy cảm (dân tộc)"))
        return columns

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        rows = queryset.select_related("person", "person__household", "branch").order_by("unit_path", "person__name_sort", "id")
        for m in rows.iterator(chunk_size=2000):
            p = m.person
            yield [p.code, p.full_name, p.get_sex_display(), p.birth_year, p.ethnicity, p.phone, m.branch.code,
                   p.household.code if p.household else "", imports.format_date(m.joined), imports.format_date(m.left),
                   imports.format_bool(m.attends_regularly), imports.format_bool(p.is_cadre)]

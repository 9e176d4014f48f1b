"""Import and export declarations of the registers: organizations, branches, households, members.

Rows are written set-based (danvan.core.bulk) so a million members import in seconds; the
``bulk_written`` signal lets the fact ledger follow in the same transaction.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import bulk, imports
from danvan.core.imports import Column, ImportSpec, Row
from danvan.core.text import NameKeys
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from .choices import BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex
from .models import Branch, Household, HouseholdPoverty, Membership, Organization, Person

SCOPE_FIELDS = ("unit", "unit_path", "province", "commune")


def stamp() -> Any:
    """Now, adapted once for the database (SQLite would otherwise format it for every row)."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _villages(spec: ImportSpec) -> dict[str, tuple[int, str, int | None, int | None]]:
    """Village key → (id, path, province id, commune id), only inside the user's scope."""
    rows = AdminUnit.objects.filter(level=Level.VILLAGE, is_legacy=False).values_list(
        "key", "id", "path", "province_id", "commune_id"
    )
    return {key: (pk, path, prov, com) for key, pk, path, prov, com in rows if spec.in_scope(path)}


def _unknown(kind: str, value: str) -> str:
    return _("%(kind)s '%(code)s' không tồn tại hoặc nằm ngoài phạm vi của bạn") % {"kind": kind, "code": value}


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

    def begin(self) -> None:
        self.seen: dict[str, int] = {}

    def check_chunk(self, rows: list[Row], report: Callable[[Row, str, str], None]) -> list[Row]:
        units = {u.key: u for u in AdminUnit.objects.filter(key__in={r.values["unit"] for r in rows})}
        codes = {r.values["code"] for r in rows} | {r.values["parent"] for r in rows if r.values["parent"]}
        self.known = {o.code: o for o in Organization.objects.filter(code__in=codes)}
        passed = []
        for row in rows:
            v = row.values
            unit = units.get(v["unit"])
            if unit is None or not self.in_scope(unit.path):
                report(row, "Mã đơn vị", _unknown(_("Đơn vị"), v["unit"]))
                continue
            if v["code"] in self.seen:
                report(row, "Mã tổ chức", _("mã '%(code)s' trùng với dòng %(row)s") % {
                    "code": v["code"], "row": self.seen[v["code"]]})
                continue
            self.seen[v["code"]] = row.number
            existing = self.known.get(v["code"])
            if existing is not None and not self.in_scope(existing.unit_path):
                report(row, "Mã tổ chức", _("mã '%(code)s' đã được dùng ở đơn vị khác") % {"code": v["code"]})
                continue
            if v["parent"] and v["parent"] not in self.known and v["parent"] not in self.seen:
                report(row, "Mã tổ chức cấp trên", _unknown(_("Tổ chức"), v["parent"]))
                continue
            v["unit_obj"] = unit
            passed.append(row)
        return passed

    def write_chunk(self, rows: list[Row]) -> None:
        for row in rows:
            v = row.values
            org = self.known.get(v["code"]) or Organization(code=v["code"])
            self.updated += bool(org.pk)
            self.created += not org.pk
            org.name, org.kind, org.level, org.unit = v["name"], v["kind"], v["level"], v["unit_obj"]
            if v["parent"]:
                org.parent = self.known.get(v["parent"]) or Organization.objects.get(code=v["parent"])
            org.save()
            self.known[org.code] = org

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

    def begin(self) -> None:
        self.villages = _villages(self)
        self.orgs = {o.code: o for o in Organization.objects.visible_to(self.user)} if self.user else {
            o.code: o for o in Organization.objects.all()}
        self.existing = {b.code: b for b in Branch.objects.all().only("id", "code", "unit_path")}
        self.seen: dict[str, int] = {}
        self.keys = NameKeys()

    def check_chunk(self, rows: list[Row], report: Callable[[Row, str, str], None]) -> list[Row]:
        passed = []
        for row in rows:
            v = row.values
            village = self.villages.get(v["village"])
            org = self.orgs.get(v["organization"])
            if village is None:
                report(row, "Mã thôn", _unknown(_("Thôn"), v["village"]))
            elif org is None:
                report(row, "Mã tổ chức", _unknown(_("Tổ chức"), v["organization"]))
            elif v["code"] in self.seen:
                report(row, "Mã chi hội", _("mã '%(code)s' trùng với dòng %(row)s") % {
                    "code": v["code"], "row": self.seen[v["code"]]})
            elif v["code"] in self.existing and not self.in_scope(self.existing[v["code"]].unit_path):
                report(row, "Mã chi hội", _("mã '%(code)s' đã được dùng ở đơn vị khác") % {"code": v["code"]})
            else:
                self.seen[v["code"]] = row.number
                v["village_row"], v["org"] = village, org
                passed.append(row)
        return passed

    def write_chunk(self, rows: list[Row]) -> None:
        now = stamp()
        new, changed = [], []
        for row in rows:
            v = row.values
            vid, path, prov, com = v["village_row"]
            folded, sort = self.keys(v["name"])
            values = (v["code"], v["name"], folded, sort, v["kind"], v["org"].id, v["org"].kind, v["founded"],
                      vid, path, prov, com, now)
            existing = self.existing.get(v["code"])
            if existing is None:
                new.append(values)
            else:
                changed.append((*values, existing.id))
        fields = ("code", "name", "name_folded", "name_sort", "kind", "organization", "org_kind", "founded",
                  *SCOPE_FIELDS, "updated")
        if new:
            bulk.lock_for_insert(Branch)
            first = bulk.allocate_ids(Branch, len(new))
            bulk.insert_rows(Branch, ("id", *fields, "created"),
                             [(first + i, *row, now) for i, row in enumerate(new)])
            bulk.sync_sequence(Branch)
            bulk.bulk_written.send(Branch, first_id=first, last_id=first + len(new) - 1, updated_ids=[])
        if changed:
            bulk.update_rows(Branch, fields, changed)
            bulk.bulk_written.send(Branch, first_id=None, last_id=None, updated_ids=[c[-1] for c in changed])
        self.created += len(new)
        self.updated += len(changed)

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
        Column("size", "Số nhân khẩu", imports.integer(1, 60)),
        Column("address", "Địa chỉ", imports.text(200), required=False),
        Column("poverty_year", "Năm rà soát", imports.year, required=False, help="Năm của tình trạng nghèo."),
        Column("poverty_status", "Tình trạng nghèo", imports.choice(PovertyStatus), required=False,
               help="Hộ nghèo, Hộ cận nghèo, Không nghèo. Bắt buộc khi có năm rà soát."),
    ]

    def begin(self) -> None:
        self.villages = _villages(self)
        self.seen: dict[tuple[str, str], int] = {}
        self.keys = NameKeys()

    def check_chunk(self, rows: list[Row], report: Callable[[Row, str, str], None]) -> list[Row]:
        passed = []
        village_ids = {self.villages[r.values["village"]][0] for r in rows if r.values["village"] in self.villages}
        self.existing = {
            (unit_id, code): pk for pk, unit_id, code in Household.objects.filter(
                unit_id__in=village_ids, code__in={r.values["code"] for r in rows}
            ).values_list("id", "unit_id", "code")
        }
        for row in rows:
            v = row.values
            village = self.villages.get(v["village"])
            pair = (v["village"], v["code"])
            if village is None:
                report(row, "Mã thôn", _unknown(_("Thôn"), v["village"]))
            elif pair in self.seen:
                report(row, "Mã hộ", _("hộ '%(code)s' trùng với dòng %(row)s") % {"code": v["code"], "row": self.seen[pair]})
            elif (v["poverty_year"] is None) != (v["poverty_status"] is None):
                report(row, "Tình trạng nghèo", _("cần điền cả năm rà soát và tình trạng nghèo"))
            else:
                self.seen[pair] = row.number
                v["village_row"] = village
                passed.append(row)
        return passed

    def write_chunk(self, rows: list[Row]) -> None:
        now = stamp()
        new, changed, poverty = [], [], []
        fields = ("code", "head_name", "name_folded", "name_sort", "size", "address", *SCOPE_FIELDS, "updated")
        for row in rows:
            v = row.values
            vid, path, prov, com = v["village_row"]
            folded, sort = self.keys(v["head_name"])
            values = (v["code"], v["head_name"], folded, sort, v["size"], v["address"] or "", vid, path, prov, com, now)
            pk = self.existing.get((vid, v["code"]))
            if pk is None:
                new.append((values, v))
            else:
                changed.append((*values, pk))
                if v["poverty_year"]:
                    poverty.append((pk, v["poverty_year"], v["poverty_status"]))
        if new:
            bulk.lock_for_insert(Household)
            first = bulk.allocate_ids(Household, len(new))
            bulk.insert_rows(Household, ("id", *fields, "created"),
                             [(first + i, *values, now) for i, (values, _v) in enumerate(new)])
            bulk.sync_sequence(Household)
            poverty += [(first + i, v["poverty_year"], v["poverty_status"])
                        for i, (_values, v) in enumerate(new) if v["poverty_year"]]
            bulk.bulk_written.send(Household, first_id=first, last_id=first + len(new) - 1, updated_ids=[])
        if changed:
            bulk.update_rows(Household, fields, changed)
            bulk.bulk_written.send(Household, first_id=None, last_id=None, updated_ids=[c[-1] for c in changed])
        if poverty:
            # A household has one status per review year: replace, then insert.
            for pk, year_, status in poverty:
                HouseholdPoverty.objects.update_or_create(household_id=pk, year=year_, defaults={"status": status})
        self.created += len(new)
        self.updated += len(changed)

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
        Column("birth_year", "Năm sinh", imports.year, required=False, personal=True),
        Column("ethnicity", "Dân tộc", imports.text(40), required=False, personal=True),
        Column("phone", "Số điện thoại", imports.text(15), required=False, personal=True),
        Column("branch", "Mã chi hội", imports.code, help="Chi hội/chi đoàn nơi sinh hoạt."),
        Column("household", "Mã hộ", imports.code, required=False,
               help="Mã hộ gia đình trong thôn của chi hội (đã nhập trước bằng tệp hộ gia đình)."),
        Column("joined", "Ngày vào", imports.date, required=False, help="dd/mm/yyyy"),
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
        self.branches = {
            code: (pk, unit_id, path, prov, com, kind)
            for code, pk, unit_id, path, prov, com, kind in rows
            if self.in_scope(path) and self._org_kind_allowed(kind)
        }
        self.keys = NameKeys()
        bulk.lock_for_insert(Person)
        bulk.lock_for_insert(Membership)
        self.first_person_id = bulk.allocate_ids(Person, 0)
        self.first_member_id = bulk.allocate_ids(Membership, 0)

    def _org_kind_allowed(self, kind: str) -> bool:
        if self.user is None or self.user.is_system_admin:
            return True
        return any(not g.org_kind or g.org_kind == kind for g in self.user.grants_cached())

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
        self.memberships = {
            (person_id, branch_id): pk for pk, person_id, branch_id in
            Membership.objects.filter(person_id__in=person_ids).values_list("id", "person_id", "branch_id")
        } if person_ids else {}
        seen_person: dict[str, tuple[int, str]] = {}
        seen_pair: dict[tuple[str, str], int] = {}
        passed = []
        for row in rows:
            v = row.values
            branch = self.branches.get(v["branch"])
            if branch is None:
                report(row, "Mã chi hội", _unknown(_("Chi hội"), v["branch"]))
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
                    if pk >= self.first_person_id and (pk, branch[0]) in self.memberships:
                        report(row, "Mã chi hội", _("người '%(code)s' ở chi hội '%(branch)s' trùng với một dòng trước")
                               % {"code": code, "branch": v["branch"]})
                        continue
                    if not self.in_scope(path):
                        report(row, "Mã cá nhân", _("mã '%(code)s' đã được dùng ở đơn vị khác") % {"code": code})
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

    def write_chunk(self, rows: list[Row]) -> None:
        now = stamp()
        day = connection.ops.adapt_datefield_value
        membership_model = Membership
        person_first = bulk.allocate_ids(Person, 0)
        member_first = bulk.allocate_ids(membership_model, 0)
        new_people: list[tuple] = []
        changed_people: list[tuple] = []
        new_members: list[tuple] = []
        changed_members: list[tuple] = []
        chunk_people: dict[str, int] = {}
        present = self._present_person_fields(rows)
        for row in rows:
            v = row.values
            branch_id, unit_id, path, prov, com, org_kind = v["branch_row"]
            code = v["person_code"]
            person_id = chunk_people.get(code) if code else None
            if person_id is None:
                known = self.persons.get(code) if code else None
                folded, sort = self.keys(v["full_name"])
                person = {
                    "full_name": v["full_name"], "name_folded": folded, "name_sort": sort, "sex": v["sex"],
                    "birth_year": v["birth_year"], "ethnicity": v["ethnicity"] or "", "phone": v["phone"] or "",
                    "household": v["household_id"], "is_cadre": bool(v["is_cadre"]),
                }
                if known is None:
                    person_id = person_first + len(new_people)
                    new_people.append((person_id, code or f"CN{person_id:08d}", *(person[f] for f in self.PERSON_FIELDS[1:10]),
                                       unit_id, path, prov, com, now, now))
                else:
                    person_id = known[0]
                    if person_id < self.first_person_id:
                        changed_people.append((*(person[f] for f in present), person_id))
                if code:
                    chunk_people[code] = person_id
            attends = True if v["attends_regularly"] is None else v["attends_regularly"]
            membership = (person_id, branch_id, org_kind, day(v["joined"]), day(v["left"]), attends,
                          unit_id, path, prov, com, now)
            existing = self.memberships.get((person_id, branch_id))
            if existing is None:
                new_members.append((member_first + len(new_members), *membership, now))
            else:
                changed_members.append((*membership, existing))
        if new_people:
            bulk.insert_rows(Person, ("id", *self.PERSON_FIELDS, "created"), new_people)
        if changed_people:
            bulk.update_rows(Person, present, changed_people)
        if new_members:
            bulk.insert_rows(membership_model, ("id", *self.MEMBER_FIELDS, "created"), new_members)
        if changed_members:
            bulk.update_rows(membership_model, self.MEMBER_FIELDS, changed_members)
        if new_people or changed_people:
            bulk.bulk_written.send(
                Person, first_id=new_people[0][0] if new_people else None,
                last_id=new_people[-1][0] if new_people else None, updated_ids=[p[-1] for p in changed_people])
        if new_members or changed_members:
            bulk.bulk_written.send(
                membership_model, first_id=new_members[0][0] if new_members else None,
                last_id=new_members[-1][0] if new_members else None, updated_ids=[m[-1] for m in changed_members])
        self.created += len(new_members)
        self.updated += len(changed_members)

    def _present_person_fields(self, rows: list[Row]) -> tuple[str, ...]:
        """Person fields to overwrite on update: personal columns missing from the file are kept."""
        fields = ["full_name", "name_folded", "name_sort", "sex", "household", "is_cadre"]
        fields += [f for f in Person.PERSONAL_FIELDS if f in self.present_keys]
        return tuple(fields)

    def finish(self) -> None:
        bulk.sync_sequence(Person)
        bulk.sync_sequence(Membership)

    def export_queryset(self, queryset: models.QuerySet) -> Iterable[Sequence[Any]]:
        rows = queryset.select_related("person", "person__household", "branch").order_by("unit_path", "person__name_sort", "id")
        for m in rows.iterator(chunk_size=2000):
            p = m.person
            yield [p.code, p.full_name, p.get_sex_display(), p.birth_year, p.ethnicity, p.phone, m.branch.code,
                   p.household.code if p.household else "", imports.format_date(m.joined), imports.format_date(m.left),
                   imports.format_bool(m.attends_regularly), imports.format_bool(p.is_cadre)]

"""The registers in the HTTP API: schemas, rendering and writes of each model (``core.api_spec``).

Each ``ApiSpec`` below goes into its model's declaration (``declarations.py``: ``api=HOUSEHOLD``);
the ``api`` app derives the routes (``/api/v1/households`` …) from it. English field names, as the
models. Birth year, ethnicity, phone and Party membership are personal data (Law 91/2025/QH15,
Decree 356/2025/NĐ-CP): null in answers unless the caller's role may see them, and not overwritten by
a role that may not. Ethnicity and Party membership are sensitive: only for
``accounts.choices.sees_sensitive_data``, and each answer that shows them to a caller is logged
(``ChangeAction.ACCESS``, one entry per person shown).
"""

from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ConfigDict, Field

from danvan.accounts.choices import sees_sensitive_data
from danvan.core import audit
from danvan.core.api_spec import (
    MAX_ID,
    ApiFilter,
    ApiSpec,
    Bool,
    Day,
    FieldError,
    InputSchema,
    Int,
    Refs,
    model_bounds,
    output_schema,
    partial,
)
from danvan.core.models import ChangeAction, code_validator

from .choices import BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex
from .models import Branch, Household, HouseholdPoverty, Membership, Organization, Person

CODE_PATTERN = code_validator.regex.pattern  # ^[0-9A-Za-z._-]+$
# The model's rule, with the empty value (no phone) allowed.
PHONE_PATTERN = r"^(?:\+?[0-9 .]{8,15})?$"
UNIT_KEY = {"min_length": 1, "max_length": 40}


def code_field(description: str = "", **kwargs: Any) -> Any:
    """A natural key: letters without accents, digits and . _ - (as the models' ``code_validator``)."""
    return Field(min_length=1, max_length=40, pattern=CODE_PATTERN, description=description or None, **kwargs)


def example(**values: Any) -> ConfigDict:
    """A request example for the OpenAPI document (Thành phố Cần Thơ; the conformance data set has
    the records it refers to)."""
    return ConfigDict(json_schema_extra={"examples": [values]})


def text(model: Any, name: str, required: bool = True, **kwargs: Any) -> Any:
    """A text field with the model field's maximum length; a required one may not be empty."""
    return Field(min_length=1 if required else None, **model_bounds(model, name), **kwargs)


# ---------------------------------------------------------------- organizations


class OrganizationIn(InputSchema):
    model_config = example(code="DTN-31135", name="Đoàn Thanh niên phường Ninh Kiều", kind="youth", level="commune",
                           unit="31135", parent=None)

    code: str = code_field()
    name: str = text(Organization, "name")
    kind: OrgKind
    level: OrgLevel
    unit: str = Field(description="Mã khóa đơn vị (AdminUnit.key)", **UNIT_KEY)
    parent: str | None = code_field("Mã tổ chức cấp trên", default=None)
    valid_from: Day | None = None
    valid_to: Day | None = None


OrganizationOut = output_schema(OrganizationIn, "OrganizationOut", id=int, unit_name=str, updated=datetime)


def render_organization(org: Organization, user: Any) -> dict[str, Any]:
    return {
        "id": org.pk,
        "code": org.code,
        "name": org.name,
        "kind": org.kind,
        "level": org.level,
        "unit": org.unit.key,
        "unit_name": org.unit.name,
        "parent": org.parent.code if org.parent_id else None,
        "valid_from": org.valid_from,
        "valid_to": org.valid_to,
        "updated": org.updated,
    }


def apply_organization(refs: Refs, org: Organization, data: dict[str, Any]) -> None:
    for name in ("code", "name", "kind", "level", "valid_from", "valid_to"):
        if name in data:
            setattr(org, name, data[name])
    if "unit" in data:
        org.unit = refs.unit(data["unit"])
    if "parent" in data:
        parent = data["parent"]
        org.parent = refs.resolve(Organization, "parent", parent, code=parent) if parent else None


ORGANIZATION = ApiSpec(
    input=OrganizationIn, output=OrganizationOut, render=render_organization, apply=apply_organization,
    queryset=lambda qs: qs.select_related("unit", "parent"),
)


# ---------------------------------------------------------------- branches


class BranchIn(InputSchema):
    model_config = example(code="CH-31135.02-PN", name="Chi hội Phụ nữ khu vực Hai", kind="chi_hoi",
                           organization="HPN-31135", unit="31135.02")

    code: str = code_field()
    name: str = text(Branch, "name")
    kind: BranchKind
    organization: str = code_field("Mã tổ chức")
    unit: str = Field(description="Mã khóa thôn, ấp, tổ dân phố", **UNIT_KEY)
    founded: Day | None = None
    dissolved: Day | None = None


BranchOut = output_schema(BranchIn, "BranchOut", id=int, organization_name=str, org_kind=OrgKind, unit_name=str,
                          updated=datetime)


def render_branch(branch: Branch, user: Any) -> dict[str, Any]:
    return {
        "id": branch.pk,
        "code": branch.code,
        "name": branch.name,
        "kind": branch.kind,
        "organization": branch.organization.code,
        "organization_name": branch.organization.name,
        "org_kind": branch.org_kind,
        "unit": branch.unit.key,
        "unit_name": branch.unit.name,
        "founded": branch.founded,
        "dissolved": branch.dissolved,
        "updated": branch.updated,
    }


def apply_branch(refs: Refs, branch: Branch, data: dict[str, Any]) -> None:
    for name in ("code", "name", "kind", "founded", "dissolved"):
        if name in data:
            setattr(branch, name, data[name])
    if "unit" in data:
        branch.unit = refs.unit(data["unit"])
    if "organization" in data:
        org = data["organization"]
        branch.organization = refs.resolve(Organization, "organization", org, code=org)


BRANCH = ApiSpec(
    input=BranchIn, output=BranchOut, render=render_branch, apply=apply_branch,
    queryset=lambda qs: qs.select_related("unit", "organization"),
    # The list page filters by organization id; the API by its code.
    filters={"organization": ApiFilter(lookup="organization__code", description="Mã tổ chức",
                                       constraints={"max_length": 40})},
)


# ---------------------------------------------------------------- people

PERSONAL = "Dữ liệu cá nhân: null trong câu trả lời nếu vai trò không được xem"
SENSITIVE = ("Dữ liệu cá nhân nhạy cảm (Luật 91/2025/QH15): null trong câu trả lời nếu vai trò không được xem; "
             "mỗi lần xem được ghi nhật ký")


class PersonFields(InputSchema):
    code: str = code_field()
    full_name: str = text(Person, "full_name")
    sex: Sex
    birth_year: Int | None = Field(None, ge=model_bounds(Person, "birth_year").get("ge", 1900),
                                   le=date.today().year, description=PERSONAL)
    ethnicity: str | None = Field(None, **model_bounds(Person, "ethnicity"), description=SENSITIVE)
    phone: str | None = Field(None, **model_bounds(Person, "phone"), pattern=PHONE_PATTERN, description=PERSONAL)
    household: Int | None = Field(None, ge=1, le=MAX_ID, description="Mã số (id) hộ gia đình")
    is_cadre: Bool = False
    party_member: Bool | None = Field(None, description=SENSITIVE)


class PersonIn(PersonFields):
    model_config = example(code="P-0001", full_name="Đặng Thị Ánh", sex="female", birth_year=1985, ethnicity="Kinh",
                           phone="0901234567", is_cadre=False, unit="31135.01")

    unit: str = Field(description="Mã khóa đơn vị nơi ở", **UNIT_KEY)


PersonOut = output_schema(PersonIn, "PersonOut", id=int, unit_name=str, updated=datetime)

PERSON_FIELDS = ("code", "full_name", "sex", "birth_year", "ethnicity", "phone", "is_cadre", "party_member")


def may_see(user: Any, name: str) -> bool:
    """Whether ``user`` may read (and so write) the person field ``name``."""
    if name in Person.SENSITIVE_FIELDS and not sees_sensitive_data(user):
        return False
    return name not in Person.PERSONAL_FIELDS or user.sees_personal_data()


def log_sensitive_access(user: Any, person: Person, via: str) -> None:
    """Record that ``user`` was shown ``person``'s sensitive data (``via``: the page, the API, …)."""
    audit.record(ChangeAction.ACCESS, person, note=_("Xem dữ liệu cá nhân nhạy cảm (%(fields)s) qua %(via)s") % {
        "fields": ", ".join(str(Person._meta.get_field(f).verbose_name) for f in Person.SENSITIVE_FIELDS),
        "via": via})


def render_person(person: Person, user: Any) -> dict[str, Any]:
    data = {
        "id": person.pk,
        "code": person.code,
        "full_name": person.full_name,
        "sex": person.sex,
        "household": person.household_id,
        "is_cadre": person.is_cadre,
        "unit": person.unit.key,
        "unit_name": person.unit.name,
        "updated": person.updated,
    }
    for name in Person.PERSONAL_FIELDS:
        data[name] = getattr(person, name) if may_see(user, name) else None
    if may_see(user, Person.SENSITIVE_FIELDS[0]):
        log_sensitive_access(user, person, "API")
    return data


def apply_person_fields(refs: Refs, person: Person, data: dict[str, Any], prefix: str = "") -> None:
    """Set a person's own fields from a payload (``prefix`` names nested fields in errors)."""
    for name in PERSON_FIELDS:
        if name not in data:
            continue
        if not may_see(refs.user, name):
            continue  # a role that cannot read (sensitive) personal data does not overwrite it either
        value = data[name]
        if name in ("ethnicity", "phone") and value is None:
            value = ""
        if name == "party_member" and value is None:
            value = False
        setattr(person, name, value)
    if "household" in data:
        pk = data["household"]
        person.household = refs.resolve(Household, f"{prefix}household", pk, pk=pk) if pk is not None else None


def apply_person(refs: Refs, person: Person, data: dict[str, Any]) -> None:
    apply_person_fields(refs, person, data)
    if "unit" in data:
        person.unit = refs.unit(data["unit"])


PERSON = ApiSpec(
    input=PersonIn, output=PersonOut, render=render_person, apply=apply_person,
    queryset=lambda qs: qs.select_related("unit"),
)


# ---------------------------------------------------------------- members


class MemberIn(InputSchema):
    model_config = example(branch="CH-31135.01-PN", joined="2019-05-01",
                           person={"code": "P-0002", "full_name": "Lê Thị Bình", "sex": "female"})

    branch: str = code_field("Mã chi hội")
    person_id: Int | None = Field(None, ge=1, le=MAX_ID,
                                  description="Một cá nhân đã có; nếu không, gửi 'person' để tạo mới")
    person: PersonFields | None = None
    joined: Day | None = None
    left: Day | None = None
    attends_regularly: Bool = True


MemberPersonPatch = partial(PersonFields, "MemberPersonPatch")
MemberPatch = partial(MemberIn, "MemberPatch", person=(MemberPersonPatch | None, None))


class MemberOut(Schema):
    id: int
    branch: str
    branch_name: str
    org_kind: OrgKind
    unit: str
    unit_name: str
    person_id: int
    person: PersonOut  # type: ignore[valid-type]
    joined: date | None
    left: date | None
    attends_regularly: bool
    updated: datetime


def render_member(member: Membership, user: Any) -> dict[str, Any]:
    return {
        "id": member.pk,
        "branch": member.branch.code,
        "branch_name": member.branch.name,
        "org_kind": member.org_kind,
        "unit": member.unit.key,
        "unit_name": member.unit.name,
        "person_id": member.person_id,
        "person": render_person(member.person, user),
        "joined": member.joined,
        "left": member.left,
        "attends_regularly": member.attends_regularly,
        "updated": member.updated,
    }


def apply_member(refs: Refs, member: Membership, data: dict[str, Any]) -> None:
    for name in ("joined", "left", "attends_regularly"):
        if name in data:
            setattr(member, name, data[name])
    if "branch" in data:
        branch = data["branch"]
        member.branch = refs.resolve(Branch, "branch", branch, code=branch)


def write_member(refs: Refs, member: Membership, data: dict[str, Any], before: dict[str, Any] | None) -> None:
    """A membership and, when sent, its person's fields — all or nothing (one transaction)."""
    creating = member.pk is None
    apply_member(refs, member, data)
    person_data = data.get("person")
    person_id = data.get("person_id")
    if creating:
        if person_id is not None:
            person = refs.resolve(Person, "person_id", person_id, pk=person_id)
        elif person_data:
            person = Person(unit=member.branch.unit) if member.branch_id else Person()
        else:
            raise FieldError("person", _("Cần 'person_id' của một cá nhân đã có hoặc thông tin 'person' để tạo mới."))
    else:
        person = member.person
        if person_id is not None and person_id != member.person_id:
            raise FieldError("person_id", _("Không đổi được cá nhân của một hội viên; hãy thêm hội viên mới."))
    if person_data:
        person_before = refs.snapshot(person)
        apply_person_fields(refs, person, person_data, prefix="person.")
        refs.save(person, person_before)
    member.person = person
    refs.save(member, before)


MEMBERSHIP = ApiSpec(
    input=MemberIn, patch=MemberPatch, output=MemberOut, render=render_member, apply=apply_member,
    write=write_member,
    queryset=lambda qs: qs.select_related("unit", "branch", "person", "person__unit"),
    # The list page filters by branch id; the API by its code.
    filters={"branch": ApiFilter(lookup="branch__code", description="Mã chi hội", constraints={"max_length": 40})},
    summaries={"delete": "Xóa hội viên (giữ cá nhân)"},
)


# ---------------------------------------------------------------- households


class PovertyIn(InputSchema):
    year: Int = Field(**model_bounds(HouseholdPoverty, "year"))
    status: PovertyStatus


class HouseholdIn(InputSchema):
    model_config = example(code="H-0001", head_name="Nguyễn Văn Tư", size=5, address="Số 12", unit="31135.01",
                           poverty={"year": 2025, "status": "near_poor"})

    code: str = code_field()
    head_name: str = text(Household, "head_name")
    size: Int = Field(1, **model_bounds(Household, "size"))
    address: str = text(Household, "address", required=False, default="")
    unit: str = Field(description="Mã khóa thôn, ấp, tổ dân phố", **UNIT_KEY)
    poverty: PovertyIn | None = Field(None, description="Tình trạng nghèo của một năm (ghi đè năm đó)")


PovertyOut = output_schema(PovertyIn, "PovertyOut")
HouseholdOut = output_schema(
    HouseholdIn, "HouseholdOut", id=int, unit_name=str, updated=datetime,
    poverty=(PovertyOut | None, "Tình trạng nghèo của năm rà soát gần nhất"),
)


def render_household(household: Household, user: Any) -> dict[str, Any]:
    # ``poverty`` is prefetched newest year first (HouseholdPoverty.Meta.ordering).
    latest = next(iter(household.poverty.all()), None)
    return {
        "id": household.pk,
        "code": household.code,
        "head_name": household.head_name,
        "size": household.size,
        "address": household.address,
        "unit": household.unit.key,
        "unit_name": household.unit.name,
        "poverty": {"year": latest.year, "status": latest.status} if latest else None,
        "updated": household.updated,
    }


def apply_household(refs: Refs, household: Household, data: dict[str, Any]) -> None:
    for name in ("code", "head_name", "size", "address"):
        if name in data:
            setattr(household, name, data[name])
    if "unit" in data:
        household.unit = refs.unit(data["unit"])


def write_household(refs: Refs, household: Household, data: dict[str, Any], before: dict[str, Any] | None) -> None:
    """The household, then the poverty status of the year sent (it has no unit: it follows the household)."""
    apply_household(refs, household, data)
    refs.save(household, before)
    poverty = data.get("poverty")
    if poverty:
        row = HouseholdPoverty.objects.filter(household=household, year=poverty["year"]).first()
        row_before = refs.snapshot(row) if row else None
        row = row or HouseholdPoverty(household=household, year=poverty["year"])
        row.status = poverty["status"]
        refs.save(row, row_before)


def _households(qs: QuerySet) -> QuerySet:
    return qs.select_related("unit").prefetch_related(
        Prefetch("poverty", queryset=HouseholdPoverty.objects.order_by("-year")))


HOUSEHOLD = ApiSpec(
    input=HouseholdIn, output=HouseholdOut, render=render_household, apply=apply_household,
    write=write_household, queryset=_households,
    filters={"code": ApiFilter(lookup="code", description="Mã hộ (chính xác)", constraints={"max_length": 40})},
)

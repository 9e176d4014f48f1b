"""Request and response shapes of the API (English field names, as the models).

Convention: a resource's output schema carries every field of its input schema under the same
name, so what a client reads can be sent back unchanged (PUT).
"""

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field, create_model

from danvan.people.choices import BranchKind, OrgKind, OrgLevel, PovertyStatus, Sex


def partial(schema: type[Schema], name: str) -> type[Schema]:
    """The PATCH variant of ``schema``: every field optional; only the fields sent are applied."""
    fields: dict[str, Any] = {
        field_name: (info.annotation | None, None) for field_name, info in schema.model_fields.items()
    }
    return create_model(name, __base__=Schema, **fields)


# ---------------------------------------------------------------- shared


class Page[T](Schema):
    count: int = Field(description="Tổng số bản ghi khớp bộ lọc")
    limit: int
    offset: int
    items: list[T]


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(description="Thông báo lỗi theo từng trường")


# ---------------------------------------------------------------- units


class UnitOut(Schema):
    key: str
    code: str
    name: str
    kind: str
    kind_label: str
    level: int
    parent: str | None
    path: str
    is_legacy: bool
    valid_from: date | None
    valid_to: date | None


# ---------------------------------------------------------------- organizations


class OrganizationIn(Schema):
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    kind: OrgKind
    level: OrgLevel
    unit: str = Field(description="Mã khóa đơn vị (AdminUnit.key)")
    parent: str | None = Field(None, description="Mã tổ chức cấp trên")
    valid_from: date | None = None
    valid_to: date | None = None


OrganizationPatch = partial(OrganizationIn, "OrganizationPatch")


class OrganizationOut(OrganizationIn):
    id: int
    unit_name: str
    updated: datetime


# ---------------------------------------------------------------- branches


class BranchIn(Schema):
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    kind: BranchKind
    organization: str = Field(description="Mã tổ chức")
    unit: str = Field(description="Mã khóa thôn, ấp, tổ dân phố")
    founded: date | None = None
    dissolved: date | None = None


BranchPatch = partial(BranchIn, "BranchPatch")


class BranchOut(BranchIn):
    id: int
    organization_name: str
    org_kind: OrgKind
    unit_name: str
    updated: datetime


# ---------------------------------------------------------------- people


class PersonFields(Schema):
    code: str = Field(max_length=40)
    full_name: str = Field(max_length=120)
    sex: Sex
    birth_year: int | None = Field(None, description="Dữ liệu cá nhân: null nếu vai trò không được xem")
    ethnicity: str | None = Field(None, max_length=40, description="Dữ liệu cá nhân")
    phone: str | None = Field(None, max_length=15, description="Dữ liệu cá nhân")
    household: int | None = Field(None, description="Mã số (id) hộ gia đình")
    is_cadre: bool = False


class PersonIn(PersonFields):
    unit: str = Field(description="Mã khóa đơn vị nơi ở")


PersonPatch = partial(PersonIn, "PersonPatch")


class PersonOut(PersonIn):
    id: int
    unit_name: str
    updated: datetime


MemberPersonPatch = partial(PersonFields, "MemberPersonPatch")

# ---------------------------------------------------------------- members


class MemberIn(Schema):
    branch: str = Field(description="Mã chi hội")
    person_id: int | None = Field(None, description="Một cá nhân đã có; nếu không, gửi 'person' để tạo mới")
    person: PersonFields | None = None
    joined: date | None = None
    left: date | None = None
    attends_regularly: bool = True


class MemberPatch(Schema):
    branch: str | None = None
    person_id: int | None = None
    person: MemberPersonPatch | None = None  # type: ignore[valid-type]
    joined: date | None = None
    left: date | None = None
    attends_regularly: bool | None = None


class MemberOut(Schema):
    id: int
    branch: str
    branch_name: str
    org_kind: OrgKind
    unit: str
    unit_name: str
    person_id: int
    person: PersonOut
    joined: date | None
    left: date | None
    attends_regularly: bool
    updated: datetime


# ---------------------------------------------------------------- households


class PovertyIn(Schema):
    year: int = Field(ge=2000, le=2100)
    status: PovertyStatus


class HouseholdIn(Schema):
    code: str = Field(max_length=40)
    head_name: str = Field(max_length=120)
    size: int = Field(1, ge=1, le=60)
    address: str = Field("", max_length=200)
    unit: str = Field(description="Mã khóa thôn, ấp, tổ dân phố")
    poverty: PovertyIn | None = Field(None, description="Tình trạng nghèo của một năm (ghi đè năm đó)")


HouseholdPatch = partial(HouseholdIn, "HouseholdPatch")


class HouseholdOut(HouseholdIn):
    id: int
    unit_name: str
    poverty: PovertyIn | None = Field(None, description="Tình trạng nghèo của năm rà soát gần nhất")
    updated: datetime

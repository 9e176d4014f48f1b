"""People: members, cadres or both. Birth year, ethnicity and phone are personal data
(Decree 13/2023/NĐ-CP): null in answers unless the caller's role may see them."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query

from danvan.people.models import Household, Person

from . import base
from .base import DEFAULT_LIMIT, MAX_LIMIT, ModelRouter
from .organizations import WRITE_RESPONSES
from .schemas import ErrorOut, Page, PersonIn, PersonOut, PersonPatch

router = ModelRouter(Person, tags=["people"])

PERSON_FIELDS = ("code", "full_name", "sex", "birth_year", "ethnicity", "phone", "is_cadre")


def person_out(person: Person, user: Any) -> dict[str, Any]:
    shows_personal = user.sees_personal_data()
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
        data[name] = getattr(person, name) if shows_personal else None
    return data


def apply_person(request: HttpRequest, person: Person, data: dict[str, Any], prefix: str = "") -> None:
    """Set a person's own fields from a payload (``prefix`` names nested fields in errors)."""
    user = base.user_of(request)
    for name in PERSON_FIELDS:
        if name not in data:
            continue
        if name in Person.PERSONAL_FIELDS and not user.sees_personal_data():
            continue  # a role that cannot read personal data does not overwrite it either
        value = data[name]
        if name in ("ethnicity", "phone") and value is None:
            value = ""
        setattr(person, name, value)
    if "household" in data:
        pk = data["household"]
        person.household = (
            base.resolve(Household, request, f"{prefix}household", pk, pk=pk) if pk is not None else None
        )


def _queryset(request: HttpRequest) -> Any:
    return base.visible(Person, request).select_related("unit")


def _apply(request: HttpRequest, person: Person, data: dict[str, Any]) -> None:
    apply_person(request, person, data)
    if "unit" in data:
        person.unit = base.resolve_unit(request, data["unit"])


@router.get("/people", response=Page[PersonOut], summary="Danh sách cá nhân")
def list_people(
    request: HttpRequest,
    unit: str | None = None,
    q: str | None = None,
    household: int | None = None,
    is_cadre: bool | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    qs = base.search(base.in_unit(_queryset(request), request, unit), q)
    if household is not None:
        qs = qs.filter(household_id=household)
    if is_cadre is not None:
        qs = qs.filter(is_cadre=is_cadre)
    user = base.user_of(request)
    return base.page(qs, limit, offset, lambda p: person_out(p, user))


@router.get("/people/{pk}", response={200: PersonOut, 404: ErrorOut}, summary="Chi tiết cá nhân")
def get_person(request: HttpRequest, pk: int) -> dict[str, Any]:
    return person_out(base.get_visible(Person, request, _queryset(request), pk=pk), base.user_of(request))


@router.post("/people", response={201: PersonOut, **WRITE_RESPONSES}, summary="Thêm cá nhân")
def create_person(request: HttpRequest, payload: PersonIn) -> tuple[int, dict[str, Any]]:
    user = base.require_write(request)
    person = Person()
    with transaction.atomic():
        _apply(request, person, payload.dict())
        base.save(request, person, None)
    return 201, person_out(person, user)


def _update(request: HttpRequest, pk: int, data: dict[str, Any]) -> dict[str, Any]:
    person = base.get_visible(Person, request, _queryset(request), pk=pk)
    user = base.require_write(request)
    before = base.snapshot(person)
    with transaction.atomic():
        _apply(request, person, data)
        base.save(request, person, before)
    return person_out(person, user)


@router.put("/people/{pk}", response={200: PersonOut, **WRITE_RESPONSES}, summary="Sửa cá nhân")
def replace_person(request: HttpRequest, pk: int, payload: PersonIn) -> dict[str, Any]:
    return _update(request, pk, payload.dict())


@router.patch("/people/{pk}", response={200: PersonOut, **WRITE_RESPONSES}, summary="Sửa một phần")
def patch_person(request: HttpRequest, pk: int, payload: PersonPatch) -> dict[str, Any]:  # type: ignore[valid-type]
    return _update(request, pk, payload.dict(exclude_unset=True))  # type: ignore[attr-defined]


@router.delete("/people/{pk}", response={204: None, **WRITE_RESPONSES}, summary="Xóa cá nhân")
def delete_person(request: HttpRequest, pk: int) -> tuple[int, None]:
    person = base.get_visible(Person, request, pk=pk)
    base.require_write(request)
    base.delete(request, person)
    return 204, None

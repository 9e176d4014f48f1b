"""Households, answered with their latest poverty status (rà soát hộ nghèo)."""

from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query

from danvan.people.models import Household, HouseholdPoverty

from . import base
from .base import DEFAULT_LIMIT, MAX_LIMIT, ModelRouter
from .organizations import WRITE_RESPONSES
from .schemas import ErrorOut, HouseholdIn, HouseholdOut, HouseholdPatch, Page

router = ModelRouter(Household, tags=["households"])


def household_out(household: Household) -> dict[str, Any]:
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


def _queryset(request: HttpRequest) -> Any:
    return (
        base.visible(Household, request)
        .select_related("unit")
        .prefetch_related(Prefetch("poverty", queryset=HouseholdPoverty.objects.order_by("-year")))
    )


def _write(request: HttpRequest, household: Household, data: dict[str, Any]) -> None:
    before = base.snapshot(household)
    for name in ("code", "head_name", "size", "address"):
        if name in data:
            setattr(household, name, data[name])
    if "unit" in data:
        household.unit = base.resolve_unit(request, data["unit"])
    base.save(request, household, before)
    poverty = data.get("poverty")
    if poverty:
        # The household is saved in scope above; the status row follows it (it has no unit itself).
        row = HouseholdPoverty.objects.filter(household=household, year=poverty["year"]).first()
        row_before = base.snapshot(row) if row else None
        row = row or HouseholdPoverty(household=household, year=poverty["year"])
        row.status = poverty["status"]
        base.save(request, row, row_before)


def _reload(request: HttpRequest, pk: int) -> dict[str, Any]:
    return household_out(_queryset(request).get(pk=pk))


@router.get("/households", response=Page[HouseholdOut], summary="Danh sách hộ gia đình")
def list_households(
    request: HttpRequest,
    unit: str | None = None,
    q: str | None = Query(None, description="Tìm theo tên chủ hộ, không cần dấu"),
    code: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    qs = base.search(base.in_unit(_queryset(request), request, unit), q)
    if code:
        qs = qs.filter(code=code)
    return base.page(qs, limit, offset, household_out)


@router.get("/households/{pk}", response={200: HouseholdOut, 404: ErrorOut}, summary="Chi tiết hộ gia đình")
def get_household(request: HttpRequest, pk: int) -> dict[str, Any]:
    return household_out(base.get_visible(Household, request, _queryset(request), pk=pk))


@router.post("/households", response={201: HouseholdOut, **WRITE_RESPONSES}, summary="Thêm hộ gia đình")
def create_household(request: HttpRequest, payload: HouseholdIn) -> tuple[int, dict[str, Any]]:
    base.require_write(request)
    household = Household()
    with transaction.atomic():
        _write(request, household, payload.dict())
    return 201, _reload(request, household.pk)


def _update(request: HttpRequest, pk: int, data: dict[str, Any]) -> dict[str, Any]:
    household = base.get_visible(Household, request, pk=pk)
    base.require_write(request)
    with transaction.atomic():
        _write(request, household, data)
    return _reload(request, pk)


@router.put("/households/{pk}", response={200: HouseholdOut, **WRITE_RESPONSES}, summary="Sửa hộ gia đình")
def replace_household(request: HttpRequest, pk: int, payload: HouseholdIn) -> dict[str, Any]:
    return _update(request, pk, payload.dict())


@router.patch("/households/{pk}", response={200: HouseholdOut, **WRITE_RESPONSES}, summary="Sửa một phần")
def patch_household(request: HttpRequest, pk: int, payload: HouseholdPatch) -> dict[str, Any]:  # type: ignore[valid-type]
    return _update(request, pk, payload.dict(exclude_unset=True))  # type: ignore[attr-defined]


@router.delete("/households/{pk}", response={204: None, **WRITE_RESPONSES}, summary="Xóa hộ gia đình")
def delete_household(request: HttpRequest, pk: int) -> tuple[int, None]:
    household = base.get_visible(Household, request, pk=pk)
    base.require_write(request)
    base.delete(request, household)
    return 204, None

"""Organizations: the Front, member organizations, the commission and agencies."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query

from danvan.people.models import Organization

from . import base
from .base import DEFAULT_LIMIT, MAX_LIMIT, ModelRouter
from .schemas import ErrorOut, OrganizationIn, OrganizationOut, OrganizationPatch, Page, ValidationErrorOut

router = ModelRouter(Organization, tags=["organizations"])
WRITE_RESPONSES = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}


def organization_out(org: Organization) -> dict[str, Any]:
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


def _queryset(request: HttpRequest) -> Any:
    return base.visible(Organization, request).select_related("unit", "parent")


def _apply(request: HttpRequest, org: Organization, data: dict[str, Any]) -> None:
    for name in ("code", "name", "kind", "level", "valid_from", "valid_to"):
        if name in data:
            setattr(org, name, data[name])
    if "unit" in data:
        org.unit = base.resolve_unit(request, data["unit"])
    if "parent" in data:
        code = data["parent"]
        org.parent = base.resolve(Organization, request, "parent", code, code=code) if code else None


@router.get("/organizations", response=Page[OrganizationOut], summary="Danh sách tổ chức")
def list_organizations(
    request: HttpRequest,
    unit: str | None = None,
    q: str | None = None,
    kind: str | None = None,
    level: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    qs = base.search(base.in_unit(_queryset(request), request, unit), q)
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    return base.page(qs, limit, offset, organization_out)


@router.get("/organizations/{pk}", response={200: OrganizationOut, 404: ErrorOut}, summary="Chi tiết tổ chức")
def get_organization(request: HttpRequest, pk: int) -> dict[str, Any]:
    return organization_out(base.get_visible(Organization, request, _queryset(request), pk=pk))


@router.post("/organizations", response={201: OrganizationOut, **WRITE_RESPONSES}, summary="Thêm tổ chức")
def create_organization(request: HttpRequest, payload: OrganizationIn) -> tuple[int, dict[str, Any]]:
    base.require_write(request)
    org = Organization()
    with transaction.atomic():
        _apply(request, org, payload.dict())
        base.save(request, org, None)
    return 201, organization_out(org)


def _update(request: HttpRequest, pk: int, data: dict[str, Any]) -> dict[str, Any]:
    org = base.get_visible(Organization, request, _queryset(request), pk=pk)
    base.require_write(request)
    before = base.snapshot(org)
    with transaction.atomic():
        _apply(request, org, data)
        base.save(request, org, before)
    return organization_out(org)


@router.put("/organizations/{pk}", response={200: OrganizationOut, **WRITE_RESPONSES}, summary="Sửa tổ chức")
def replace_organization(request: HttpRequest, pk: int, payload: OrganizationIn) -> dict[str, Any]:
    return _update(request, pk, payload.dict())


@router.patch("/organizations/{pk}", response={200: OrganizationOut, **WRITE_RESPONSES}, summary="Sửa một phần")
def patch_organization(request: HttpRequest, pk: int, payload: OrganizationPatch) -> dict[str, Any]:  # type: ignore[valid-type]
    return _update(request, pk, payload.dict(exclude_unset=True))  # type: ignore[attr-defined]


@router.delete("/organizations/{pk}", response={204: None, **WRITE_RESPONSES}, summary="Xóa tổ chức")
def delete_organization(request: HttpRequest, pk: int) -> tuple[int, None]:
    org = base.get_visible(Organization, request, pk=pk)
    base.require_write(request)
    base.delete(request, org)
    return 204, None

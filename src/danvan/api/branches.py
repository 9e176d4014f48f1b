"""Branches: an organization's cell in one village (chi hội, chi đoàn, tổ hội, ban công tác)."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query

from danvan.people.models import Branch, Organization

from . import base
from .base import DEFAULT_LIMIT, MAX_LIMIT, ModelRouter
from .organizations import WRITE_RESPONSES
from .schemas import BranchIn, BranchOut, BranchPatch, ErrorOut, Page

router = ModelRouter(Branch, tags=["branches"])


def branch_out(branch: Branch) -> dict[str, Any]:
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


def _queryset(request: HttpRequest) -> Any:
    return base.visible(Branch, request).select_related("unit", "organization")


def _apply(request: HttpRequest, branch: Branch, data: dict[str, Any]) -> None:
    for name in ("code", "name", "kind", "founded", "dissolved"):
        if name in data:
            setattr(branch, name, data[name])
    if "unit" in data:
        branch.unit = base.resolve_unit(request, data["unit"])
    if "organization" in data:
        code = data["organization"]
        branch.organization = base.resolve(Organization, request, "organization", code, code=code)


@router.get("/branches", response=Page[BranchOut], summary="Danh sách chi hội, chi đoàn")
def list_branches(
    request: HttpRequest,
    unit: str | None = None,
    q: str | None = None,
    organization: str | None = Query(None, description="Mã tổ chức"),
    org_kind: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    qs = base.search(base.in_unit(_queryset(request), request, unit), q)
    if organization:
        qs = qs.filter(organization__code=organization)
    if org_kind:
        qs = qs.filter(org_kind=org_kind)
    return base.page(qs, limit, offset, branch_out)


@router.get("/branches/{pk}", response={200: BranchOut, 404: ErrorOut}, summary="Chi tiết chi hội")
def get_branch(request: HttpRequest, pk: int) -> dict[str, Any]:
    return branch_out(base.get_visible(Branch, request, _queryset(request), pk=pk))


@router.post("/branches", response={201: BranchOut, **WRITE_RESPONSES}, summary="Thêm chi hội")
def create_branch(request: HttpRequest, payload: BranchIn) -> tuple[int, dict[str, Any]]:
    base.require_write(request)
    branch = Branch()
    with transaction.atomic():
        _apply(request, branch, payload.dict())
        base.save(request, branch, None)
    return 201, branch_out(branch)


def _update(request: HttpRequest, pk: int, data: dict[str, Any]) -> dict[str, Any]:
    branch = base.get_visible(Branch, request, _queryset(request), pk=pk)
    base.require_write(request)
    before = base.snapshot(branch)
    with transaction.atomic():
        _apply(request, branch, data)
        base.save(request, branch, before)
    return branch_out(branch)


@router.put("/branches/{pk}", response={200: BranchOut, **WRITE_RESPONSES}, summary="Sửa chi hội")
def replace_branch(request: HttpRequest, pk: int, payload: BranchIn) -> dict[str, Any]:
    return _update(request, pk, payload.dict())


@router.patch("/branches/{pk}", response={200: BranchOut, **WRITE_RESPONSES}, summary="Sửa một phần")
def patch_branch(request: HttpRequest, pk: int, payload: BranchPatch) -> dict[str, Any]:  # type: ignore[valid-type]
    return _update(request, pk, payload.dict(exclude_unset=True))  # type: ignore[attr-defined]


@router.delete("/branches/{pk}", response={204: None, **WRITE_RESPONSES}, summary="Xóa chi hội")
def delete_branch(request: HttpRequest, pk: int) -> tuple[int, None]:
    branch = base.get_visible(Branch, request, pk=pk)
    base.require_write(request)
    base.delete(request, branch)
    return 204, None

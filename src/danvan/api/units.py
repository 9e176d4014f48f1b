"""Administrative units: read-only reference data (loaded by ``danvan geo load``, villages imported)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query

from danvan.geo.models import AdminUnit

from .base import DEFAULT_LIMIT, MAX_LIMIT, ModelRouter, get_visible, in_unit, page, search, visible
from .schemas import Page, UnitOut

router = ModelRouter(AdminUnit, tags=["units"])


def unit_out(unit: AdminUnit, parent_key: str | None = None) -> dict[str, Any]:
    return {
        "key": unit.key,
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "level": unit.level,
        "parent": parent_key if parent_key is not None else (unit.parent.key if unit.parent_id else None),
        "path": unit.path,
        "is_legacy": unit.is_legacy,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
    }


def _parent_key(unit: AdminUnit) -> str | None:
    # The path ends ".../<parent key>/<key>/": the parent's key without a query.
    keys = unit.path.strip("/").split("/")
    return keys[-2] if unit.parent_id and len(keys) > 1 else None


@router.get("/units", response=Page[UnitOut], summary="Danh sách đơn vị hành chính")
def list_units(
    request: HttpRequest,
    level: int | None = None,
    parent: str | None = None,
    unit: str | None = None,
    q: str | None = None,
    legacy: bool | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    qs = visible(AdminUnit, request)
    if level is not None:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent=get_visible(AdminUnit, request, key=parent))
    if legacy is not None:
        qs = qs.filter(is_legacy=legacy)
    qs = search(in_unit(qs, request, unit, path_field="path"), q)
    return page(qs, limit, offset, lambda u: unit_out(u, _parent_key(u)))


@router.get("/units/{key}", response=UnitOut, summary="Chi tiết đơn vị hành chính")
def get_unit(request: HttpRequest, key: str) -> dict[str, Any]:
    return unit_out(get_visible(AdminUnit, request, key=key))

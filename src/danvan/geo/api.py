"""Administrative units in the HTTP API: read-only reference data, addressed by key (``/units/{key}``).

Loaded by ``danvan geo load`` (villages imported); the ``ApiSpec`` goes into the unit's declaration.
"""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from ninja import Schema

from danvan.core.api_spec import ApiFilter, ApiSpec, Refs

from .choices import Level
from .models import AdminUnit


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


def _parent_key(unit: AdminUnit) -> str | None:
    # The path ends ".../<parent key>/<key>/": the parent's key without a query.
    keys = unit.path.strip("/").split("/")
    return keys[-2] if unit.parent_id and len(keys) > 1 else None


def render_unit(unit: AdminUnit, user: Any) -> dict[str, Any]:
    return {
        "key": unit.key,
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "level": unit.level,
        "parent": _parent_key(unit),
        "path": unit.path,
        "is_legacy": unit.is_legacy,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
    }


def _children_of(refs: Refs, queryset: QuerySet, key: str) -> QuerySet:
    return queryset.filter(parent=refs.find(AdminUnit, key=key))


UNIT = ApiSpec(
    output=UnitOut, render=render_unit, read_only=True, slug="units", lookup="key", tag="units",
    queryset=lambda qs: qs,
    filters={
        "level": ApiFilter(type=int, lookup="level", description="Cấp: 1 tỉnh, 2 huyện (cũ), 3 xã, 4 thôn, ấp",
                           constraints={"ge": min(Level.values), "le": max(Level.values)}),
        "parent": ApiFilter(method=_children_of, description="Mã khóa đơn vị cấp trên: các đơn vị trực thuộc",
                            constraints={"max_length": 40}),
        "legacy": ApiFilter(type=bool, lookup="is_legacy",
                            description="Chỉ đơn vị cũ trước 01/7/2025 (true) hoặc đơn vị hiện hành (false)"),
    },
    summaries={"list": "Danh sách đơn vị hành chính", "get": "Chi tiết đơn vị hành chính"},
)

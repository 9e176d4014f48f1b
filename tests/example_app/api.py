"""Notices in the HTTP API: /api/v1/notices (derived by the api app from this spec)."""

from datetime import datetime
from typing import Any

from pydantic import Field

from danvan.core.api_spec import ApiSpec, Day, InputSchema, Refs, model_bounds, output_schema
from danvan.core.choices import OrgKind

from .models import Notice


class NoticeIn(InputSchema):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z._-]+$")
    name: str = Field(min_length=1, **model_bounds(Notice, "name"))
    org_kind: OrgKind
    unit: str = Field(min_length=1, max_length=40, description="Mã khóa thôn")
    posted: Day | None = None


NoticeOut = output_schema(NoticeIn, "NoticeOut", id=int, updated=datetime)


def render(notice: Notice, user: Any) -> dict[str, Any]:
    return {"id": notice.pk, "code": notice.code, "name": notice.name, "org_kind": notice.org_kind,
            "unit": notice.unit.key, "posted": notice.posted, "updated": notice.updated}


def apply(refs: Refs, notice: Notice, data: dict[str, Any]) -> None:
    for name in ("code", "name", "org_kind", "posted"):
        if name in data:
            setattr(notice, name, data[name])
    if "unit" in data:
        notice.unit = refs.unit(data["unit"])


NOTICE = ApiSpec(input=NoticeIn, output=NoticeOut, render=render, apply=apply)

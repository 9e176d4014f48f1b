"""The shapes every resource shares: a page of a list and the error answers.

A resource's own request and response schemas live in its app (``<app>/api.py``, an ``ApiSpec``;
see ``core.api_spec``). Convention: a response carries every field of the request under the same
name, so what a client reads can be sent back unchanged (PUT); its read-only fields are accepted
and ignored.
"""

from ninja import Schema
from pydantic import Field


class Page[T](Schema):
    count: int = Field(description="Tổng số bản ghi khớp bộ lọc")
    limit: int
    offset: int
    items: list[T]


class ErrorOut(Schema):
    detail: str = Field(description="Thông báo lỗi (tiếng Việt)")


class ValidationErrorOut(Schema):
    detail: str = Field(description="Thông báo lỗi (tiếng Việt)")
    errors: dict[str, list[str]] = Field(description="Thông báo lỗi theo từng trường")

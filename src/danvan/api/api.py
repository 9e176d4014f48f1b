"""The HTTP API (``/api/v1/``): one NinjaAPI mounting one router per resource.

Errors answer in Vietnamese with one shape: ``{"detail": ...}`` and, for invalid data,
``{"detail": ..., "errors": {field: [messages]}}``. Unknown and out-of-scope records give the
same 404, so the API never tells whether another unit's record exists.
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as ModelValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as PayloadValidationError
from ninja.renderers import JSONRenderer

from danvan.core.services import OutOfScope
from danvan.indicators import api as indicators_api

from . import branches, households, members, organizations, people, units
from .auth import BearerAuth, BrowserSessionAuth
from .base import FieldError


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Vietnamese text as UTF-8 rather than \\u escapes (readable, and smaller)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8JSONRenderer(),
    title="danvan API",
    version="1",
    description=(
        "API của danvan: đơn vị hành chính, tổ chức, chi hội, hội viên, hộ gia đình. "
        "Xác thực bằng 'Authorization: Bearer <mã>' (tạo mã: danvan token create TÊN). "
        "Mỗi người dùng chỉ thấy dữ liệu trong phạm vi được phân quyền."
    ),
    urls_namespace="api",
    auth=[BearerAuth(), BrowserSessionAuth()],
)

# Every resource router; a new one is added here (its ModelRouter tags operations with the model).
ROUTERS = [units.router, organizations.router, branches.router, people.router, members.router, households.router,
           indicators_api.router]
for _router in ROUTERS:
    api.add_router("", _router)


# ---------------------------------------------------------------- errors


def _invalid(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    return api.create_response(request, {"detail": _("Dữ liệu không hợp lệ."), "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = api.create_response(
        request, {"detail": _("Chưa xác thực: cần mã truy cập hợp lệ (Authorization: Bearer <mã>).")}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Không tìm thấy (hoặc nằm ngoài phạm vi của bạn).")}, status=404)


@api.exception_handler(OutOfScope)
def _out_of_scope(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The record would land outside the caller's scope: the unit (or kind) sent is not allowed.
    return _invalid(request, {"unit": [str(exc)]})


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = str(exc) or _("Bạn không có quyền thực hiện thao tác này.")
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(ModelValidationError)
def _model_invalid(request: HttpRequest, exc: ModelValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    return _invalid(request, {field: [str(m) for m in messages] for field, messages in errors.items()})


@api.exception_handler(FieldError)
def _field_invalid(request: HttpRequest, exc: FieldError) -> HttpResponse:
    return _invalid(request, {exc.field: [exc.message]})


@api.exception_handler(ProtectedError)
@api.exception_handler(RestrictedError)
def _in_use(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Không xóa được: còn dữ liệu khác gắn với bản ghi này.")}, status=409
    )


def payload_message(error: dict[str, Any]) -> str:
    """A Vietnamese message for one pydantic error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Trường này là bắt buộc.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Phải là một số nguyên.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Giá trị phải từ %(limit)s trở lên.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Giá trị không được vượt quá %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind == "string_too_long":
        return _("Tối đa %(limit)s ký tự.") % {"limit": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Tối thiểu %(limit)s ký tự.") % {"limit": ctx.get("min_length")}
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Ngày không hợp lệ (định dạng NNNN-TT-NN, ví dụ 2026-11-21).")
    if kind.startswith("bool"):
        return _("Phải là true hoặc false.")
    if kind in {"enum", "literal_error"}:
        return _("Giá trị không nằm trong các lựa chọn: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind == "string_type":
        return _("Phải là một chuỗi ký tự.")
    if kind in {"json_invalid", "model_attributes_type", "dict_type", "model_type"}:
        return _("Nội dung không phải là một đối tượng JSON hợp lệ.")
    return _("Giá trị không hợp lệ.")


def payload_field(loc: list[Any]) -> str:
    """``["body", "payload", "person", "code"]`` → ``"person.code"``; ``["query", "limit"]`` → ``"limit"``."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in {"query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


@api.exception_handler(PayloadValidationError)
def _payload_invalid(request: HttpRequest, exc: PayloadValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(payload_field(list(error.get("loc", []))), []).append(payload_message(error))
    return _invalid(request, errors)

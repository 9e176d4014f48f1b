"""The HTTP API (``/api/v1/``): one NinjaAPI mounting a router per declared model, and the reports.

The routers are derived from the model declarations (``core.registry``: each app's
``declarations.py`` gives its models an ``api=ApiSpec(...)``, see ``core.api_spec`` and
``api.derive``), so adding a model to the API needs no edit here.

Everything under ``/api/`` answers JSON with a Vietnamese ``detail``, errors included, with one
shape: ``{"detail": ...}`` and, for invalid data (422), ``{"detail": ..., "errors": {field:
[messages]}}``. Unknown and out-of-scope records give the same 404, so the API never tells whether
another unit's record exists. Every status an operation answers is in the OpenAPI document.
"""

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as ModelValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as PayloadValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import PathView
from ninja.renderers import JSONRenderer

from danvan.core.api_spec import FieldError
from danvan.core.services import OutOfScope
from danvan.indicators import api as indicators_api

from . import derive
from .auth import BearerAuth, BrowserSessionAuth
from .schemas import ErrorOut, ValidationErrorOut

logger = logging.getLogger("danvan.api")


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Vietnamese text as UTF-8 rather than \\u escapes (readable, and smaller)."""

    json_dumps_params = {"ensure_ascii": False}


class DanvanAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document is built once per path and language, not on every request.

    The document (about 0.7 MB, 0.9 s to build) only changes when the code does; rebuilding it
    per request let a few clients polling ``openapi.json`` queue the server's threads behind it.
    """

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict | None = None) -> OpenAPISchema:
        key = (path_prefix, tuple(sorted((path_params or {}).items())), translation.get_language())
        if key not in self._schemas:
            self._schemas[key] = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return self._schemas[key]

    @cached_property
    def _schemas(self) -> dict:
        return {}


api = DanvanAPI(
    renderer=Utf8JSONRenderer(),
    title="danvan API",
    version="1",
    description=(
        f"API của danvan: {derive.resource_names()}. "
        "Xác thực bằng 'Authorization: Bearer <mã>' (tạo mã: danvan token create TÊN). "
        "Mỗi người dùng chỉ thấy dữ liệu trong phạm vi được phân quyền. "
        "Lỗi luôn là JSON: {\"detail\": ...}; dữ liệu không hợp lệ (422) kèm \"errors\" theo từng trường."
    ),
    urls_namespace="api",
    auth=[BearerAuth(), BrowserSessionAuth()],
)

# Every declared model's router (each a ModelRouter tagging its operations with the model), then
# the indicators and reports.
ROUTERS = [*derive.routers(), indicators_api.router]
for _router in ROUTERS:
    api.add_router("", _router)


# ---------------------------------------------------------------- JSON for what ninja answers in HTML


def json_error(detail: str, status: int, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name] = value
    return response


class JsonPathView(PathView):
    """A path whose wrong method answers 405 in JSON (ninja answers plain text)."""

    def _not_allowed(self) -> HttpResponse:
        allowed = sorted({method for op in self.operations for method in op.methods})
        return json_error(_("Phương thức này không được hỗ trợ ở địa chỉ này (dùng: %(allowed)s).")
                          % {"allowed": ", ".join(allowed)}, 405, Allow=", ".join(allowed))


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other address under ``/api/``: 404 in JSON (the site's 404 page is HTML)."""
    return json_error(_("Không có địa chỉ API này: %(path)s (tài liệu: /api/v1/docs)") % {"path": request.path}, 404)


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
@api.exception_handler(AuthorizationError)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = str(exc) if isinstance(exc, PermissionDenied) and str(exc) else ""
    return api.create_response(request, {"detail": message or _("Bạn không có quyền thực hiện thao tác này.")},
                               status=403)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status, message = exc.status_code, str(exc)
    if status == 400:
        # ninja's "Cannot parse request body": the body is not JSON.
        return _invalid(request, {NON_FIELD_ERRORS: [_("Nội dung không phải là JSON hợp lệ.")]})
    if status == 403 and message.startswith("CSRF"):
        message = _("Thiếu mã CSRF: khi dùng phiên đăng nhập trình duyệt, hãy gửi kèm X-CSRFToken.")
    if status == 422:
        return _invalid(request, {NON_FIELD_ERRORS: [message]})
    return api.create_response(request, {"detail": message}, status=status)


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


@api.exception_handler(IntegrityError)
def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Model validation catches duplicates first; this is a concurrent write that got there first.
    logger.warning("API integrity error on %s %s: %s", request.method, request.path, exc)
    return api.create_response(
        request, {"detail": _("Xung đột dữ liệu: bản ghi vừa bị thay đổi bởi thao tác khác, hãy thử lại.")},
        status=409,
    )


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path)
    return api.create_response(request, {"detail": _("Lỗi máy chủ. Sự cố đã được ghi lại.")}, status=500)


def payload_message(error: dict[str, Any]) -> str:
    """A Vietnamese message for one pydantic error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Trường này là bắt buộc.")
    if kind == "extra_forbidden":
        return _("Trường này không có trong API (xem tài liệu OpenAPI).")
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
    if kind == "string_pattern_mismatch":
        return _("Không đúng định dạng (mẫu: %(pattern)s).") % {"pattern": ctx.get("pattern", "")}
    if kind == "string_unstorable":
        return _("Có ký tự không hợp lệ (NUL hoặc ký tự không mã hóa được).")
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
    """``["body", "payload", "person", "code"]`` → ``"person.code"``; ``["query", "limit"]`` → ``"limit"``;
    the body itself (``["body", "payload"]``) → ``"__all__"``."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] in {"query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


@api.exception_handler(PayloadValidationError)
def _payload_invalid(request: HttpRequest, exc: PayloadValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(payload_field(list(error.get("loc", []))), []).append(payload_message(error))
    return _invalid(request, errors)


# ---------------------------------------------------------------- documented answers of every operation


def _finish_operations() -> None:
    """On the operations as mounted (ninja binds a copy of each router to the API): a wrong method
    answers JSON, and every operation documents the answers any operation may give — 401
    (authenticated ones) and 500, and for operations not derived from a declaration 422 and 404
    when they take parameters (a parameter may name an unknown unit). Derived operations list
    theirs exactly (``api.derive``)."""
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            if type(path_view) is PathView:
                path_view.__class__ = JsonPathView
            for operation in path_view.operations:
                codes: dict[int, Any] = {500: ErrorOut}
                if operation.auth_callbacks:
                    codes[401] = ErrorOut
                derived = getattr(operation.view_func, "model", None) is not None
                if not derived and (operation.signature.params or operation.signature.has_kwargs):
                    codes[422] = ValidationErrorOut
                    codes[404] = ErrorOut
                for code, schema in codes.items():
                    if code not in operation.response_models:
                        operation.response_models[code] = operation._create_response_model(schema)


_finish_operations()

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import Actor, current_actor


class RequestContextMiddleware:
    """Makes the request's user and a request id the actor of every change it causes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        token = current_actor.set(Actor(user=user, source="web"))
        try:
            response = self.get_response(request)
        finally:
            current_actor.reset(token)
        response["X-Request-ID"] = current_actor.get().request_id if current_actor.get() else ""
        return response


class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose another language (the language cookie).

    Officials' browsers often announce English; Django would follow Accept-Language, so it is
    dropped before LocaleMiddleware, which then uses the cookie or LANGUAGE_CODE ("vi").
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

"""API authentication: bearer tokens (``Authorization: Bearer <token>``) and browser sessions.

Both make the authenticated user the actor of every change the request causes, so the audit
trail names them (source "api").
"""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from danvan.accounts.models import ApiToken
from danvan.core.context import Actor, current_actor

# last_used is a hint for administrators, not a log: write it at most once a minute per token.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _become_actor(request: HttpRequest, user: Any) -> None:
    # The request middleware resets the context variable after the response, so setting it
    # here lasts exactly for this request.
    previous = current_actor.get()
    request_id = previous.request_id if previous else None
    current_actor.set(Actor(user=user, source="api", **({"request_id": request_id} if request_id else {})))


class BearerAuth(HttpBearer):
    """A token issued by ``danvan token create``; only its SHA-256 digest is stored."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        if not token:
            return None
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(token)).first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used is None or now - found.last_used > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        user = found.user
        request.user = user
        _become_actor(request, user)
        return user


class BrowserSessionAuth(SessionAuth):
    """A logged-in browser user (the interactive docs); ninja enforces CSRF for cookie auth."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = super().authenticate(request, key)
        if user is not None and user.is_active:
            _become_actor(request, user)
            return user
        return None

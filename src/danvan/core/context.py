"""The current actor (user, request id) of a change, for the audit trail.

Web requests set it in middleware, API calls in their auth, commands with ``actor(...)``.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    source: str = "web"


current_actor: ContextVar[Actor | None] = ContextVar("current_actor", default=None)


@contextmanager
def actor(user: Any = None, source: str = "command") -> Iterator[Actor]:
    value = Actor(user=user, source=source)
    token = current_actor.set(value)
    try:
        yield value
    finally:
        current_actor.reset(token)

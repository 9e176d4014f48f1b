"""Owned by the helper building this part (see urls.py)."""

from typing import Any

urlpatterns: list[Any] = []

"""The meetings registers, declared once (``core.registry``)."""

from . import plan_declarations  # noqa: F401 — plans and planned visits

"""This app's part of the test fixtures (``danvan.testing``): a maker of exemplars on the cast.

The cast gets no exemplar rows of its own (other apps' report tests count what they create);
tests call ``cast.make_exemplar(...)``.
"""

import datetime as dt
from functools import partial
from typing import Any

from .choices import Field, OwnerType
from .models import Exemplar


def make_exemplar(cast: Any, name: str = "Dân vận khéo trong xây dựng nông thôn mới", **values: Any) -> Exemplar:
    """An exemplar registered by commune A's Women's Union in village A1 (override any field)."""
    defaults: dict[str, Any] = {"unit": cast.village_a1, "organization": cast.org_women_a, "field": Field.ECONOMY,
                                "owner_type": OwnerType.COLLECTIVE, "registered": dt.date(2026, 1, 10)}
    return Exemplar.objects.create(name=name, **(defaults | values))


def extend_cast(cast: Any) -> None:
    cast.make_exemplar = partial(make_exemplar, cast)

"""The demo hook: each app may bring its own demo data in ``<app>/demo.py``.

The demo generator (``danvan.demo``) builds the units and the registers, then calls every
installed app's ``demo`` module in ``INSTALLED_APPS`` order, inside the same transaction:

```python
def build(ctx: DemoContext) -> dict[str, int]: ...   # write rows (through core.bulk); counts for the summary
def is_built(ctx: DemoContext) -> bool: ...           # whether this app's demo rows exist already
def reset(ctx: DemoContext) -> dict[str, int]: ...    # delete this app's demo rows in ctx's units
```

``danvan demo`` on a database built before an app existed builds just the missing apps' data
(``is_built``). Apps read what they need (organizations, people) from the registers themselves.
"""

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule

MODULE = "demo"
_NOT_APPS = ("danvan.core", "danvan.demo")  # this hook itself, and the generator that calls it


@dataclass
class DemoContext:
    """What the demo built for the apps to build on: units, a fixed "today" and seeded randomness."""

    provinces: list[Any]  # geo AdminUnit
    communes: list[Any]
    villages: dict[int, list[Any]]  # commune pk → its villages, in key order
    reference_date: dt.date
    seed: int = 2025
    progress: Callable[[str], None] = field(default=lambda text: None)

    def rng(self, key: str) -> random.Random:
        """A deterministic random source for ``key`` (same seed and key, same numbers)."""
        return random.Random(f"{self.seed}/{key}")

    def all_villages(self) -> list[Any]:
        return [v for commune in self.communes for v in self.villages.get(commune.pk, [])]


def modules() -> Iterator[tuple[str, ModuleType]]:
    """``(app label, demo module)`` of every installed app that has one, in app order."""
    for config in apps.get_app_configs():
        if config.name in _NOT_APPS or not module_has_submodule(config.module, MODULE):
            continue
        yield config.label, import_module(f"{config.name}.{MODULE}")


def build_apps(ctx: DemoContext, only_missing: bool = False) -> dict[str, int]:
    """Run every app's ``build`` (or only those whose ``is_built`` says no); their counts, merged."""
    counts: dict[str, int] = {}
    for label, module in modules():
        if only_missing and module.is_built(ctx):
            continue
        ctx.progress(label)
        counts.update(module.build(ctx))
    return counts


def reset_apps(ctx: DemoContext) -> dict[str, int]:
    """Run every app's ``reset``, last app first (dependents before what they depend on)."""
    deleted: dict[str, int] = {}
    for _label, module in reversed(list(modules())):
        deleted.update(module.reset(ctx))
    return deleted

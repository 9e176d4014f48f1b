"""The public page of a province or commune: what the work achieved, for everyone, without login.

It spreads the work ("tạo sức lan tỏa"): the headline figures of the periodic reports an editor
published (``PublishedReport``, a snapshot), and the sections apps register in ``<app>/public.py``:

```python
register_public_section(PublicSection(
    key="exemplars", title=_("Mô hình tiêu biểu"), template="exemplars/public_section.html",
    context=lambda unit: {...} or None,   # None: nothing to show for this unit
    order=20,
))
```

Only what an editor marked public is shown, and never personal data: a section's ``context``
selects published records and the fields meant for the public itself. The page is cached per
unit and language; an app calls ``changed()`` after any save or delete that changes what the
public sees (a cache version is bumped, so no stale page outlives the change). Public photos are
served by ``public_evidence_url`` only when the photo and its record are both public.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule

MODULE = "public"
CACHE_SECONDS = 600
_VERSION_KEY = "danvan:public:version"


@dataclass(frozen=True)
class PublicSection:
    """A part of the public page contributed by an app."""

    key: str
    title: str | Promise
    template: str
    context: Callable[[Any], dict[str, Any] | None]  # (AdminUnit) → the template's context, or None
    order: int = 50


_SECTIONS: dict[str, PublicSection] = {}
_discovered = False


def register_public_section(section: PublicSection) -> None:
    _SECTIONS[section.key] = section


def autodiscover() -> None:
    """Import ``public`` of every installed app, once."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for config in apps.get_app_configs():
        if config.name != __package__ and module_has_submodule(config.module, MODULE):
            import_module(f"{config.name}.{MODULE}")


def sections() -> list[PublicSection]:
    autodiscover()
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def rendered_sections(unit: Any) -> Iterator[tuple[PublicSection, dict[str, Any]]]:
    """Each section with its context for ``unit``, leaving out those with nothing to show."""
    for section in sections():
        context = section.context(unit)
        if context is not None:
            yield section, context


def version() -> int:
    return cache.get_or_set(_VERSION_KEY, 1, None)


def changed(*args: Any, **kwargs: Any) -> None:
    """What the public sees has changed: every cached public page is out of date (usable as a signal receiver)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value makes old keys unreachable
        cache.set(_VERSION_KEY, version() + 1, None)


def cache_key(unit_key: str, language: str) -> str:
    return f"danvan:public:{version()}:{language}:{unit_key}"


def public_evidence_url(evidence: Any) -> str:
    """The public address of a public photo's preview (served only while it and its record are public)."""
    meta = evidence._meta
    return reverse("public:evidence", args=[meta.app_label, meta.model_name, evidence.pk])

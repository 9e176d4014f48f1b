"""Model declarations: everything the platform needs to know about one register model, in one place.

An app declares each of its models once, in ``<app>/declarations.py``::

    declare(Declaration(
        model=Household, slug="households",
        columns=(Column(_("Chủ hộ"), "head_name", sort="name", link=True), ...),
        filterset=HouseholdFilter, form=HouseholdForm, fields=(...),
        search_fields=("name_folded", "code"), import_kind="households",
        api=ApiSpec(...), menu_order=50, out_of_scope=lambda cast: ...,
    ))

From the declarations the platform derives, without any edit outside the app: the list, detail,
create, edit, delete and history views and their URLs (``web``), the search picker, the menu
entry, the export's filter (``core.views``), the CRUD API router (``api``) and the scope test's
coverage (``tests/test_scope_routes.py`` takes ``out_of_scope`` factories from here). Apps are
found through ``INSTALLED_APPS`` (``autodiscover``), as Django's admin finds ``admin.py``.

NetBox registers views per model (``register_model_view``) and Wagtail groups a model's views in a
``SnippetViewSet``; this is the same idea, smaller: one dataclass, read by each mechanism.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.module_loading import autodiscover_modules

from .api_spec import ApiSpec

MODULE = "declarations"


@dataclass(frozen=True)
class Column:
    """One column of a list table or one row of a detail page.

    ``attr`` is a dotted path on the object (a final callable, e.g. ``get_kind_display``, is
    called). ``fmt`` is "" (localized), "raw" (codes, years: no thousands separator) or "date".
    """

    label: Any
    attr: str
    sort: str = ""
    link: bool = False
    personal: bool = False
    fmt: str = ""
    choices: Any = None


@dataclass(frozen=True)
class Picker:
    """The search picker of a model (an htmx endpoint that finds records by folded name).

    ``search`` is the folded-name field matched and ``order`` the ordering of the matches; a model
    named by a related record (a cadre by their person) gives e.g. ``"person__name_folded"``."""

    label: Callable[[Any], str] = str
    detail: Callable[[Any], str] = lambda obj: getattr(getattr(obj, "unit", None), "name", "")
    related: Sequence[str] = ("unit",)
    search: str = "name_folded"
    order: Sequence[str] = ("name_sort",)


@dataclass
class Declaration:
    """One model of an app and how the platform serves it. Only ``model`` and ``slug`` are required."""

    model: type[models.Model]
    slug: str  # URL segment ("households"), API path ("/households") and default import kind
    # -- the list page
    columns: Sequence[Column] = ()
    filterset: Any = None  # a django_filters.FilterSet; the export and the API list reuse it
    sort_fields: dict[str, Sequence[str]] = field(default_factory=dict)
    default_sort: str = "name"
    related: Sequence[str] = ()  # select_related of lists and details
    queryset: Callable[[models.QuerySet], models.QuerySet] | None = None  # e.g. annotations for columns
    search_fields: Sequence[str] = ("name_folded",)
    # -- the detail page
    fields: Sequence[Column] = ()
    detail_template: str = ""  # default "web/object_detail.html"
    detail_context: Callable[[Any, Any], dict[str, Any]] | None = None  # (request, obj) → extra context
    # -- photos and documents: a concrete ``core.evidence.Evidence`` model pointing at this one
    evidence: type[models.Model] | None = None
    # -- create, edit, delete (no form: read-only in the UI)
    form: Any = None  # a web.forms.ScopedModelForm subclass
    after_save: Callable[[Any, Any, Any], None] | None = None  # (request, obj, form), same transaction
    initial_from_query: Sequence[str] = ()  # GET parameters that prefill a new record's form
    deletable: bool = True
    # -- the search picker (None: no picker)
    picker: Picker | None = None
    # -- import and export: the ImportSpec kind whose export this list offers ("" = none)
    import_kind: str = ""
    # -- the HTTP API (``core.api_spec.ApiSpec``, usually in ``<app>/api.py``; None: not in the API)
    api: ApiSpec | None = None
    # -- the menu ("" = not in the menu)
    menu_label: Any = ""
    menu_order: int = 100
    # -- views replacing derived ones, by action ("list", "detail", "add", "edit", "delete") or
    #    extra named URL patterns of the app ({"search": path(...)}); see ``web.derive``
    views: dict[str, Any] = field(default_factory=dict)
    lookup: str = "pk"  # the URL parameter that addresses one object ("key" for units)
    url_stem: str = ""  # URL names are "<app>:<stem>_list", …; default: the model's name
    # -- the scope tests: a factory of one instance outside ``cast.editor_a``'s scope (commune B)
    out_of_scope: Callable[[Any], models.Model] | None = None

    @property
    def app_label(self) -> str:
        return self.model._meta.app_label

    def __post_init__(self) -> None:
        if not self.url_stem:
            self.url_stem = self.model._meta.model_name or ""

    def url_name(self, action: str) -> str:
        """``<app_label>:<stem>_<action>``, e.g. ``people:household_list``."""
        return f"{self.app_label}:{self.url_stem}_{action}"

    def base_queryset(self, user: Any) -> models.QuerySet:
        """The records ``user`` may see, with the declared relations and annotations."""
        queryset = self.model.objects.visible_to(user)  # type: ignore[attr-defined]
        if self.related:
            queryset = queryset.select_related(*self.related)
        if self.queryset is not None:
            queryset = self.queryset(queryset)
        return queryset


_DECLARATIONS: dict[type[models.Model], Declaration] = {}
_discovered = False


def declare(*items: Declaration) -> None:
    """Register declarations (called at import of ``<app>/declarations.py``)."""
    for item in items:
        _DECLARATIONS[item.model] = item


def autodiscover() -> None:
    """Import ``declarations`` of every installed app, once."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules(MODULE)


def declarations(app_label: str | None = None) -> list[Declaration]:
    """Every declaration, in ``INSTALLED_APPS`` order then declaration order."""
    autodiscover()
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    items = [d for d in _DECLARATIONS.values() if app_label is None or d.app_label == app_label]
    return sorted(items, key=lambda d: order.get(d.app_label, len(order)))


def for_model(model: type[models.Model]) -> Declaration | None:
    autodiscover()
    return _DECLARATIONS.get(model)


def for_import_kind(kind: str) -> Declaration | None:
    return next((d for d in declarations() if d.import_kind == kind), None)


# ---------------------------------------------------------------- home-page shortcuts
@dataclass(frozen=True)
class Shortcut:
    """A link on the home page for the users ``visible`` admits (e.g. a field cadre's own page),
    registered by an app in its ``declarations.py``: ``register_shortcut(label, url_name, visible)``."""

    label: Any
    url_name: str
    visible: Callable[[Any], bool]


_SHORTCUTS: dict[str, Shortcut] = {}


def register_shortcut(label: Any, url_name: str, visible: Callable[[Any], bool] = lambda user: True) -> None:
    """Show a link to ``url_name`` on the home page to the users for whom ``visible(user)`` is true."""
    _SHORTCUTS[url_name] = Shortcut(label, url_name, visible)


def shortcuts(user: Any) -> list[Shortcut]:
    """The registered shortcuts ``user`` may see, in registration order."""
    autodiscover()
    return [item for item in _SHORTCUTS.values() if item.visible(user)]

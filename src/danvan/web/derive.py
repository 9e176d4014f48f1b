"""The web pages of every declared model, derived from its declaration (``core.registry``).

For a declaration with slug ``households`` in app ``people`` (mounted at its AppConfig's
``url_prefix``, e.g. ``registers/``), the derived URL names and paths are::

    people:household_list     registers/households/
    people:household_search   registers/households/search/      (with a ``picker``)
    people:household_add      registers/households/add/         (with a ``form``)
    people:household_edit     registers/households/<pk>/edit/   (with a ``form``)
    people:household_delete   registers/households/<pk>/delete/ (``deletable``)
    people:household_history  registers/households/<pk>/history/
    people:household_detail   registers/households/<pk>/

With ``evidence=`` (photos and documents, ``web.evidence``): ``<stem>_evidence_add`` (``<pk>/evidence/``),
``_evidence_file``, ``_evidence_preview`` and ``_evidence_delete`` (``evidence/<evidence pk>/…``).

A declaration may replace any of these views (``views={"list": MyView}``); an app may add pages
of its own in ``<app>/urls.py`` (its ``urlpatterns`` are appended under the same namespace).
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, include, path
from django.utils.module_loading import module_has_submodule
from django.utils.text import capfirst

from danvan.core.registry import Declaration, declarations
from danvan.core.text import fold

from . import evidence
from .generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectHistoryView, ObjectListView

SEARCH_LIMIT = 20


def _view_class(base: type, declaration: Declaration, **attrs: Any) -> type:
    """A subclass of a generic view bound to one declaration (``view_class.model`` is the model)."""
    name = f"{declaration.model.__name__}{base.__name__.removeprefix('Object')}"
    return type(name, (base,), {"declaration": declaration, "model": declaration.model,
                                "lookup": declaration.lookup, **attrs})


def picker_view(declaration: Declaration) -> Callable[[HttpRequest], HttpResponse]:
    """The htmx endpoint of a model's search picker: visible records whose folded name matches."""
    picker = declaration.picker
    assert picker is not None

    @login_required
    def search(request: HttpRequest) -> HttpResponse:
        field = request.GET.get("field", "")
        query = fold(request.GET.get("q") or request.GET.get(f"{field}_search", ""))
        items = []
        if query:
            queryset = declaration.model.objects.visible_to(request.user).select_related(*picker.related)  # type: ignore[attr-defined]
            rows = queryset.filter(**{f"{picker.search}__contains": query}).order_by(*picker.order)[:SEARCH_LIMIT]
            items = [{"value": getattr(row, "key" if declaration.lookup == "key" else "pk"),
                      "label": picker.label(row), "detail": picker.detail(row)} for row in rows]
        return render(request, "web/picker_results.html", {"items": items, "query": query})

    search.model = declaration.model  # type: ignore[attr-defined]
    return search


def _detail_extras(declaration: Declaration) -> tuple[Callable[..., dict[str, Any]], ...]:
    if declaration.evidence is None:
        return ()
    return (lambda request, obj: evidence.detail_context(declaration, request, obj),)


def views_of(declaration: Declaration) -> dict[str, Any]:
    """Action → view callable: the derived ones, replaced by any the declaration names."""
    d = declaration
    derived: dict[str, Any] = {
        "list": _view_class(ObjectListView, d, filterset=d.filterset, columns=tuple(d.columns),
                            sort_fields=dict(d.sort_fields), default_sort=d.default_sort,
                            export_kind=d.import_kind).as_view(),
        "detail": _view_class(ObjectDetailView, d, fields=tuple(d.fields),
                              template_name=d.detail_template or ObjectDetailView.template_name,
                              extras=_detail_extras(d)).as_view(),
        "history": _view_class(ObjectHistoryView, d).as_view(),
    }
    if d.picker is not None:
        derived["search"] = picker_view(d)
    if d.form is not None:
        edit = _view_class(ObjectEditView, d, form_class=d.form).as_view()
        derived["add"] = edit
        derived["edit"] = edit
    if d.deletable and d.form is not None:
        derived["delete"] = _view_class(ObjectDeleteView, d).as_view()
    if d.evidence is not None:
        derived.update(evidence.views_for(d, lambda base, **attrs: _view_class(base, d, **attrs)))
    for action, view in d.views.items():
        derived[action] = view.as_view() if isinstance(view, type) else view
    return {action: view for action, view in derived.items() if view is not None}


def url_patterns(declaration: Declaration) -> list[URLPattern]:
    d = declaration
    base = f"{d.slug}/" if d.slug else ""
    obj = f"{base}<{'str' if d.lookup == 'key' else 'int'}:{d.lookup}>/"
    routes = {"list": base, "search": f"{base}search/", "add": f"{base}add/", "edit": f"{obj}edit/",
              "delete": f"{obj}delete/", "history": f"{obj}history/", "detail": obj,
              "evidence_add": f"{obj}evidence/", "evidence_file": f"{base}evidence/<int:pk>/",
              "evidence_preview": f"{base}evidence/<int:pk>/preview/",
              "evidence_delete": f"{base}evidence/<int:pk>/delete/"}
    views = views_of(d)
    return [path(route, views[action], name=f"{d.url_stem}_{action}")
            for action, route in routes.items() if action in views]


def app_urlpatterns() -> list[URLResolver]:
    """One include per app with a ``url_prefix``: its derived pages, then its own ``urls.py``."""
    result = []
    for config in apps.get_app_configs():
        prefix = getattr(config, "url_prefix", None)
        if prefix is None:
            continue
        patterns: list[Any] = [p for d in declarations(config.label) for p in url_patterns(d)]
        if module_has_submodule(config.module, "urls"):
            patterns += list(getattr(import_module(f"{config.name}.urls"), "urlpatterns", []))
        result.append(path(f"{prefix}/" if prefix else "", include((patterns, config.label))))
    return result


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    order: int
    app_label: str = ""


@dataclass(frozen=True)
class MenuGroup:
    """An app's menu entries: one entry is shown as a link, several as a dropdown named by the app."""

    label: str
    entries: tuple[MenuEntry, ...]


def menu() -> list[MenuEntry]:
    """The menu: every declaration with a ``menu_label``, by ``menu_order``."""
    entries = [MenuEntry(capfirst(str(d.menu_label)), d.url_name("list"), d.menu_order, d.app_label)
               for d in declarations() if d.menu_label]
    return sorted(entries, key=lambda e: e.order)


def menu_groups() -> list[MenuGroup]:
    """The menu by app (``AppConfig.menu_label`` or ``verbose_name``), in the order of each app's first entry: the wide
    header stays on one line however many models the apps declare."""
    grouped: dict[str, list[MenuEntry]] = {}
    for entry in menu():
        grouped.setdefault(entry.app_label, []).append(entry)
    return [MenuGroup(capfirst(str(_menu_label(apps.get_app_config(label)))), tuple(entries))
            for label, entries in grouped.items()]


def _menu_label(config: Any) -> Any:
    """An app's short name for its menu dropdown (``AppConfig.menu_label``), else its verbose name."""
    return getattr(config, "menu_label", None) or config.verbose_name

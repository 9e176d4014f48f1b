"""The route-walking scope test: any object of another unit, by UI or API, answers 404.

It walks every URL pattern Django knows (``get_resolver()``, through every include, the API's
included), so a route added later is covered without touching this file:

* A route whose path addresses one object takes ``pk`` (int) or ``key`` (str, an
  administrative unit). Its model comes from the view (``view_class.model`` or ``view.model``);
  for API operations from the ``ModelRouter`` that tags each operation's function with ``.model``.
  For every such route an object of commune B is requested by ``editor_a`` (editor of commune A)
  with every method the route serves; each must answer 404 and leave the object unchanged.
* A route with path parameters whose model cannot be resolved fails, unless it is in
  ``UNSCOPED_ROUTES`` below with the reason why it addresses no scoped object.
* Every route without path parameters (lists, search endpoints, forms) is opened by ``nobody``
  (a user without grants) and by ``editor_a``: it must show nothing of commune B, and the API
  lists must be empty for ``nobody``.
* ``FACTORIES`` makes one out-of-scope object per model, from each declaration's
  ``out_of_scope`` (``core.registry``); a model met on a route without a factory fails the test.
"""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.urls.resolvers import RegexPattern, RoutePattern
from django.views import View

from danvan.accounts.models import ApiToken, User
from danvan.core.models import ChangeAction, ChangeRecord, Job
from danvan.core.registry import declarations
from danvan.geo.models import AdminUnit
from danvan.indicators.models import PublishedReport
from danvan.people.models import Organization
from danvan.testing import Cast, build_cast, evidence_for

from .module_data import built_once

# Routes with path parameters that address no scoped object, by URL name, with the reason.
# Add a route here only when its parameters name something other than a record.
UNSCOPED_ROUTES: dict[str, str] = {
    "data:import": "<kind> names a register to import into, not a record; rows are checked against scope",
    "data:template": "<kind>.<fmt> is an empty template file for a register",
    "data:export": "<kind> names a register; the export reads it through visible_to",
    "public:unit": "<key> is a public page, open to everyone: it shows only what editors published",
    "public:evidence": "a public photo: served only while it and its record are marked public",
    "meetings:calendar": "<token> is a cadre's secret calendar address (no login): it shows only that cadre's plan",
    "voice_public:submit": "<key> is a commune's public petition form (no login): it creates a petition there, reads nothing",
    "voice_public:receipt": "<key> shows only the code of the petition this browser just sent (from its session)",
    "voice_public:answers": "<key> lists only a commune's published answers, without personal data",
    "indicators:panel_block": "<panel> names a registered dashboard panel; its unit (?unit=) is resolved in the user's scope, 404 outside it",
    "data:job_start": "<kind> names a kind of background job to start (the ledger's rebuild, admins only), not a record",
}

# Parameterless routes not opened by the walker, with the reason.
SKIPPED_PAGES: dict[str, str] = {
    "accounts:logout": "ends the session the walker is using",
}

OBJECT_PARAMS = {"pk", "key"}
SAFE_STATUSES_FOR_PAGES = {200, 302, 403, 404, 405}


# ---------------------------------------------------------------- out-of-scope objects per model


def _change_b(cast: Cast) -> ChangeRecord:
    org = cast.org_women_b
    return ChangeRecord.objects.get_or_create(
        object_repr=f"NGOAI-CR {org}", defaults={"action": "update", "unit_path": org.unit_path, "object_id": org.pk}
    )[0]


def _job_b(cast: Cast) -> Job:
    return Job.objects.create(kind="import", label="NGOAI-JOB", user=cast.editor_b, unit_path=cast.commune_b.path,
                              params={"kind": "members", "dry_run": True})


def _published_b(cast: Cast) -> PublishedReport:
    return PublishedReport.objects.create(unit=cast.commune_b, period="2026", period_label="năm 2026",
                                          figures=[{"code": "X", "label": "NGOAI-PR", "text": "1"}])


# Model → a factory of one object placed in commune B (outside editor_a's scope): every declared
# model's own ``out_of_scope`` (core.registry), so a new model brings its factory in its app.
FACTORIES: dict[type[models.Model], Callable[[Cast], models.Model]] = {
    **{d.model: d.out_of_scope for d in declarations() if d.out_of_scope is not None},
    ChangeRecord: _change_b,
    PublishedReport: _published_b,
    Job: _job_b,
}


def test_every_declared_model_has_an_out_of_scope_factory() -> None:
    missing = [d.model.__name__ for d in declarations() if d.out_of_scope is None]
    assert not missing, f"declarations without an out_of_scope factory: {missing}"


def written() -> int:
    """Audit entries of writes (a read of sensitive data is logged too, and is not a write)."""
    return ChangeRecord.objects.exclude(action=ChangeAction.ACCESS).count()


def markers(obj: models.Model) -> set[str]:
    """Strings that would show the object on a page: its code or key and its name."""
    found = {str(getattr(obj, name)) for name in ("key", "code", "name", "full_name", "head_name")
             if getattr(obj, name, "")}
    return {text for text in found if len(text) >= 5}


# ---------------------------------------------------------------- walking the routes


@dataclass
class Route:
    route: str  # the full pattern, e.g. "registers/households/<int:pk>/"
    name: str  # the namespaced URL name, e.g. "people:household_detail"
    params: list[str]
    callback: Callable[..., Any]
    is_api: bool = False
    # Per served method: the model it addresses (API operations know it per operation).
    api_methods: dict[str, type[models.Model] | None] = field(default_factory=dict)
    # Per served method: a valid body of an operation beyond CRUD (``ApiAction``), from its schema's example.
    api_examples: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"/{self.route} ({self.name or 'unnamed'})"

    def url(self, value: Any) -> str:
        def fill(match: re.Match[str]) -> str:
            return str(value)

        return "/" + re.sub(r"<(?:\w+:)?\w+>", fill, self.route)

    @property
    def view_model(self) -> type[models.Model] | None:
        view_class = getattr(self.callback, "view_class", None)
        initkwargs = getattr(self.callback, "view_initkwargs", None) or {}  # View.as_view(model=…)
        return (initkwargs.get("model") or getattr(view_class, "model", None)
                or getattr(self.callback, "model", None))


def _params(pattern: Any) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return []


def _ninja_path_view(callback: Callable[..., Any]) -> Any:
    """The ninja PathView behind a URL callback (ninja wraps it in a closure), or None."""
    if "PathView" not in getattr(callback, "__qualname__", ""):
        return None
    for cell in callback.__closure__ or ():
        if hasattr(cell.cell_contents, "operations"):
            return cell.cell_contents
    raise AssertionError(f"cannot find the ninja operations behind {callback!r}")


def walk(patterns: list[Any] | None = None, prefix: str = "", namespace: str = "",
         params: list[str] | None = None) -> Iterator[Route]:
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        here = [*(params or []), *_params(entry.pattern)]
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner, here)
        elif isinstance(entry, URLPattern):
            route = Route(prefix + str(entry.pattern), namespace + (entry.name or ""), here, entry.callback)
            path_view = _ninja_path_view(entry.callback)
            if path_view is not None:
                route.is_api = True
                for operation in path_view.operations:
                    for method in operation.methods:
                        route.api_methods[method] = getattr(operation.view_func, "model", None)
                        route.api_examples[method] = getattr(operation.view_func, "example", None)
            yield route


def _unique(routes: Iterator[Route]) -> list[Route]:
    # ninja registers one Django pattern per operation of a path; all share one PathView.
    seen: set[str] = set()
    return [r for r in routes if not (r.route in seen or seen.add(r.route))]  # type: ignore[func-returns-value]


ROUTES = _unique(walk())
OBJECT_ROUTES = [r for r in ROUTES if r.params and r.name not in UNSCOPED_ROUTES]
PAGES = [r for r in ROUTES if not r.params and r.name not in SKIPPED_PAGES]


def test_the_walker_sees_the_ui_and_the_api() -> None:
    api_routes = [r for r in ROUTES if r.is_api]
    assert any(r.route.endswith("households/<pk>") for r in api_routes), [str(r) for r in api_routes]
    assert any(not r.is_api and "pk" in r.params for r in ROUTES), "no UI object route found"
    for name in UNSCOPED_ROUTES:
        assert any(r.name == name for r in ROUTES), f"UNSCOPED_ROUTES names a route that no longer exists: {name}"


# ---------------------------------------------------------------- helpers for the requests


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {ApiToken.issue(user)[1]}"}


def state(obj: models.Model) -> dict[str, Any]:
    """Every stored column of the object, read afresh (None once it is gone)."""
    fresh = type(obj)._default_manager.filter(pk=obj.pk).values().first()
    return dict(fresh) if fresh is not None else {}


World = dict[type[models.Model], models.Model]


def build_world(cast: Cast) -> World:
    world = {model: factory(cast) for model, factory in FACTORIES.items()}
    for declaration in declarations():  # a record's photos and documents live in its scope
        if declaration.evidence is not None and declaration.model in world:
            world[declaration.evidence] = evidence_for(declaration.evidence, world[declaration.model])
    return world


@pytest.fixture(scope="module")
def built_for_module(django_db_setup, django_db_blocker) -> Iterator[tuple[Cast, World]]:
    """The cast and one out-of-scope object per model, built once for the module's thousand tests;
    each test sees them in its own savepoint, rolled back after it (tests/module_data.py)."""
    def build() -> tuple[Cast, World]:
        cast = build_cast()
        return cast, build_world(cast)
    yield from built_once(django_db_blocker, build)


@pytest.fixture
def cast(built_for_module: tuple[Cast, World], db: None) -> Cast:
    return built_for_module[0]


@pytest.fixture
def world(built_for_module: tuple[Cast, World], db: None) -> World:
    return built_for_module[1]


def addressed_model(route: Route, method: str | None = None) -> type[models.Model] | None:
    model = route.api_methods.get(method) if route.is_api else route.view_model
    if model is not None and "key" in route.params and "pk" not in route.params:
        return AdminUnit  # a {key} addresses an administrative unit
    return model


# ---------------------------------------------------------------- the object routes


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=str)
def test_an_object_of_another_commune_answers_404(route: Route, cast: Cast, world: World) -> None:
    check_object_route(route, cast, world)


def check_object_route(route: Route, cast: Cast, world: World) -> None:
    unknown = set(route.params) - OBJECT_PARAMS
    assert not unknown, (
        f"{route}: path parameters {sorted(unknown)} cannot be filled by the scope walker. Address one "
        f"object with 'pk' or 'key', or add the URL name to UNSCOPED_ROUTES with the reason."
    )
    methods = list(route.api_methods) if route.is_api else ["GET", "POST"]
    assert methods, f"{route}: serves no method"
    admin_headers = bearer(cast.admin) if route.is_api else {}
    headers = bearer(cast.editor_a) if route.is_api else {}
    client = Client()
    if not route.is_api:
        client.force_login(cast.editor_a)
    answers: dict[str, int] = {}
    for method in methods:
        model = addressed_model(route, method)
        assert model is not None, (
            f"{route}: cannot tell which model {route.params} addresses. Give the view a 'model' "
            f"attribute (class-based: view_class.model) or serve the API operation from a ModelRouter."
        )
        assert model in world, f"{route}: no out-of-scope factory for {model.__name__}; add one to FACTORIES"
        obj = world[model]
        url = route.url(obj.pk if "pk" in route.params else obj.key)  # type: ignore[attr-defined]
        before, changes = state(obj), written()
        if route.is_api:
            body = "{}"
            if route.api_examples.get(method) is not None:
                body = json.dumps(route.api_examples[method])
            elif method in {"POST", "PUT", "PATCH"}:
                # Send a valid body (the admin's view of the object) so that only scope can refuse it.
                seen = Client().get(url, headers=admin_headers)
                body = seen.content.decode() if seen.status_code == 200 else "{}"
            response = client.generic(method, url, body, content_type="application/json", headers=headers)
        else:
            response = client.get(url) if method == "GET" else client.post(url, {})
        answers[method] = response.status_code
        assert response.status_code in {404, 405}, (
            f"{route} {method} {url} as editor_a answered {response.status_code}, expected 404: "
            f"{response.content[:300]!r}"
        )
        assert state(obj) == before, f"{route} {method}: the out-of-scope {model.__name__} was changed"
        assert written() == changes, f"{route} {method}: something was written"
    assert 404 in answers.values(), f"{route}: no method answered 404 ({answers})"


# ---------------------------------------------------------------- pages and lists


@pytest.mark.django_db
@pytest.mark.parametrize("route", PAGES, ids=str)
def test_a_page_shows_nothing_outside_scope(route: Route, cast: Cast, world: World) -> None:
    secret = set().union(*(markers(obj) for obj in world.values()))
    secret |= markers(cast.commune_b)
    url = route.url("")
    for user in (cast.nobody, cast.editor_a):
        if route.is_api:
            if "GET" not in route.api_methods:
                continue
            response = Client().get(url, headers=bearer(user))
            assert response.status_code in SAFE_STATUSES_FOR_PAGES | {422}, (
                f"{route} as {user.username} answered {response.status_code}"
            )
            if route.api_methods["GET"] is not None and user == cast.nobody:
                # A model's list: empty for a user without grants, never an error or other data.
                data = response.json()
                assert response.status_code == 200, f"{route} as nobody: {response.status_code}"
                assert data["count"] == 0 and data["items"] == [], f"{route} shows records to a user without grants"
            text = response.content.decode(errors="replace")
        else:
            client = Client()
            client.force_login(user)
            responses = [client.get(url), client.get(url, {"q": "ngoai pham"})]
            for response in responses:
                assert response.status_code in SAFE_STATUSES_FOR_PAGES, (
                    f"{route} as {user.username} answered {response.status_code}"
                )
            text = "".join(r.content.decode(errors="replace") for r in responses)
        leaked = sorted(s for s in secret if s in text)
        assert not leaked, f"{route} shows records of commune B to {user.username}: {leaked}"


# ---------------------------------------------------------------- the walker catches what it must


class LeakyDetail(View):
    """A detail view that forgets visible_to: what the walker exists to catch."""

    model = Organization

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponse(Organization.objects.get(pk=pk).name)


def unlabelled_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


# This module doubles as a URLconf for the tests below.
urlpatterns = [
    path("leaky/<int:pk>/", LeakyDetail.as_view(), name="leaky"),
    path("unlabelled/<int:pk>/", unlabelled_detail, name="unlabelled"),
    path("other/<slug:thing>/", unlabelled_detail, name="other"),
]


def _self_test_route(name: str) -> Route:
    return next(r for r in walk(get_resolver(__name__).url_patterns) if r.name == name)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_walker_fails_a_view_that_ignores_scope(cast: Cast, world: World) -> None:
    with pytest.raises(AssertionError, match=r"leaky.*answered 200"):
        check_object_route(_self_test_route("leaky"), cast, world)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_walker_fails_a_route_without_a_model(cast: Cast, world: World) -> None:
    with pytest.raises(AssertionError, match="cannot tell which model"):
        check_object_route(_self_test_route("unlabelled"), cast, world)
    with pytest.raises(AssertionError, match="cannot be filled"):
        check_object_route(_self_test_route("other"), cast, world)


@pytest.mark.django_db
def test_the_walker_fails_a_model_without_a_factory(cast: Cast, world: World) -> None:
    without = {model: obj for model, obj in world.items() if model is not Organization}  # as if FACTORIES lacked it
    route = next(r for r in OBJECT_ROUTES if r.is_api and r.route.endswith("organizations/<pk>"))
    with pytest.raises(AssertionError, match="no out-of-scope factory for Organization"):
        check_object_route(route, cast, without)

"""The audit walker: every write path leaves its entry in the audit trail (``core.audit``).

The paths are found in the registries, never listed here, so a new model, router, action, import
kind or workflow is covered as soon as it is declared:

* every declaration with a form (``core.registry``): the UI edit, delete and create pages — the
  form is read from the edit page as a browser would (every input, select and textarea of the
  model form's ``<form>``), posted back unchanged, then the record is deleted and the same form
  posted to the add page;
* every CRUD router of the API (the routes ``tests/test_scope_routes.py`` walks, with the model
  each operation serves): PUT, PATCH, DELETE, then POST of the same body (its keys cut to the
  request schema of the OpenAPI document);
* every API action (``ApiSpec.actions``: ``POST /<slug>/{id}/<name>`` with its schema's example);
* every registered workflow's UI (each route served by a ``core.workflow.TransitionView``), each
  move open from the record's state;
* evidence upload and delete of every declaration with ``evidence=``;
* every import kind (``core.imports.specs()`` and each app's ``import_cases``): one ``IMPORT``
  entry per file, naming its counts;
* every export of a list (``data:export``): one ``EXPORT`` entry.

Each request runs inside :func:`watched`, which fingerprints every table of the project's apps
(except the audit trail and the fact ledger, derived from them) before and after: a request that
changed a table must have written an entry. A path that is expected to write is also checked for
the right action on the right record (``audit.scope_owner``: a dependent row's change is an update
of its owner). The actor is ``cast.admin`` on each declaration's ``out_of_scope`` object (commune
B, inside the admin's scope), so period locks and scope never refuse the walker.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse

from danvan.core import audit, workflow
from danvan.core.imports import run_import, specs
from danvan.core.models import ChangeAction, ChangeRecord
from danvan.core.registry import Declaration, declarations
from danvan.testing import Cast, evidence_for, import_cases
from tests.test_scope_routes import FACTORIES, ROUTES, Route, bearer

# Tables whose changes are not audited by design, with the reason.
UNAUDITED_TABLES: dict[str, str] = {
    "core.changerecord": "the audit trail itself",
    "indicators.fact": "the fact ledger, derived from the registers in the same transaction",
    "indicators.facttotal": "the running totals of the fact ledger, derived likewise",
    "accounts.apitoken": "a token's last use is stamped on every API request; issuing one is audited by `danvan token`",
    "geo.unitsuccession": "reference data loaded by `danvan geo load`; no page or API writes it",
}

# Tables watched only in part (they are large), with the part: the official units are reference data
# loaded by `danvan geo load`; pages create and edit villages.
WATCHED_PART: dict[str, Any] = {"geo.adminunit": lambda queryset: queryset.filter(level__gte=4)}

# Write paths the walker cannot exercise yet, with the reason. Empty when every path is covered.
NOT_EXERCISED: dict[str, str] = {}

PROJECT_APPS = [config for config in apps.get_app_configs() if config.name.startswith(("danvan.", "tests."))]
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffffff7f0009fb03fd2a86e38a0000000049454e44ae426082"
)


# ---------------------------------------------------------------- watching the tables


def watched_models() -> list[type[models.Model]]:
    return [model for config in PROJECT_APPS for model in config.get_models()
            if model._meta.label_lower not in UNAUDITED_TABLES and not model._meta.proxy]


def fingerprint() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every watched table."""
    result = {}
    for model in watched_models():
        label = model._meta.label_lower
        queryset = WATCHED_PART.get(label, lambda q: q)(model._default_manager.order_by("pk"))
        result[label] = list(queryset.values_list())
    return result


@dataclass
class Watch:
    """What one request did: the tables it changed and the entries it wrote."""

    changed: list[str] = field(default_factory=list)
    entries: list[ChangeRecord] = field(default_factory=list)

    def has(self, action: str, obj: models.Model | None = None, model: type[models.Model] | None = None) -> bool:
        for entry in self.entries:
            if entry.action != action:
                continue
            if obj is not None:
                owner = audit.scope_owner(obj)
                if (entry.content_type_id, entry.object_id) != (
                        ContentType.objects.get_for_model(type(owner)).pk, owner.pk):
                    continue
            if model is not None and entry.content_type_id != ContentType.objects.get_for_model(model).pk:
                continue
            return True
        return False


@contextmanager
def watched(what: str) -> Iterator[Watch]:
    """Fail when the block changes a watched table without writing an audit entry."""
    before, last = fingerprint(), ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    watch = Watch()
    yield watch
    after = fingerprint()
    watch.changed = sorted(name for name in after if after[name] != before.get(name))
    watch.entries = list(ChangeRecord.objects.filter(pk__gt=last).order_by("pk"))
    assert watch.entries or not watch.changed, (
        f"{what} changed {watch.changed} without writing an audit entry (core.audit.record or core.services)")


def expect(watch: Watch, what: str, action: str, obj: models.Model | None = None, **kwargs: Any) -> None:
    assert watch.has(action, obj, **kwargs), (
        f"{what}: expected a {action} entry for {obj!r}, got "
        f"{[(e.action, e.content_type_id, e.object_id, e.note) for e in watch.entries]}")


# ---------------------------------------------------------------- reading a form as a browser does


class FormReader(HTMLParser):
    """Every ``<form method=post>`` of a page: its successful controls, as a browser would submit."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._option: str | None = None
        self._option_text = ""

    def _add(self, name: str, value: str) -> None:
        if self.forms:
            self.forms[-1].setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.forms.append({})
        elif tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._add(a["name"], a.get("value", "on"))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self._add(a["name"], a.get("value", ""))
        elif tag == "select" and "disabled" not in a:
            self._select = a.get("name") or None
        elif tag == "option" and self._select:
            self._option = a.get("value") if "value" in a else None
            self._option_text = ""
            if "selected" in a:
                self._add(self._select, a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._add(self._textarea, "")

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1][self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
            if self.forms:  # the first newline after <textarea> is not content
                values = self.forms[-1].get(self._textarea or "", [])
                if values and values[-1].startswith("\n"):
                    values[-1] = values[-1][1:]


def model_form_data(response: Any) -> dict[str, list[str]]:
    """The submitted data of the page's model form (the post form holding most of its fields)."""
    reader = FormReader()
    reader.feed(response.content.decode())
    form = response.context["form"]
    names = {form.add_prefix(name) for name in form.fields}
    best = max(reader.forms, key=lambda data: len(names & set(data)), default={})
    assert names & set(best), "the edit page has no <form method=post> holding the model form"
    return best


# ---------------------------------------------------------------- the UI pages of each declaration


FORM_DECLARATIONS = [d for d in declarations() if d.form is not None and "edit" not in d.views]


def make(model: type[models.Model], cast: Cast) -> models.Model:
    assert model in FACTORIES, f"{model.__name__}: no out_of_scope factory in its declaration"
    return FACTORIES[model](cast)


def unique_names(model: type[models.Model]) -> set[str]:
    """The model's fields that take part in a unique field or constraint (a natural key)."""
    names = {f.name for f in model._meta.concrete_fields if f.unique and not f.primary_key}
    for constraint in model._meta.constraints:
        names |= set(getattr(constraint, "fields", ()) or ())
    for together in model._meta.unique_together:
        names |= set(together)
    return names


def another(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its natural-key text values changed, to create a second record beside the first."""
    keys = unique_names(model)
    def bump(value: Any) -> Any:
        if isinstance(value, list):
            return [bump(v) for v in value]
        return f"{value[:-1]}Z" if isinstance(value, str) and value and not value.isdigit() else value
    return {name: bump(value) if name in keys else value for name, value in data.items()}


def admin_client(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.admin)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("declaration", FORM_DECLARATIONS, ids=lambda d: d.url_stem)
def test_ui_edit_delete_and_create_are_audited(declaration: Declaration, cast: Cast) -> None:
    d, client = declaration, admin_client(cast)
    obj = make(d.model, cast)
    lookup = getattr(obj, d.lookup)
    page = client.get(reverse(d.url_name("edit"), kwargs={d.lookup: lookup}))
    assert page.status_code == 200, f"{d.url_name('edit')}: {page.status_code}"
    data = model_form_data(page)

    what = f"UI edit {d.url_name('edit')}"
    with watched(what) as watch:
        response = client.post(reverse(d.url_name("edit"), kwargs={d.lookup: lookup}), data)
    if response.status_code == 200 and (response.context or {}).get("form") is not None:
        pytest.skip(f"{d.model.__name__}'s out_of_scope factory builds a record its own form refuses: "
                    f"{_errors(response)}")
    assert response.status_code == 302, f"{what}: {response.status_code} {_errors(response)}"
    expect(watch, what, ChangeAction.UPDATE, obj)

    if "delete" not in _actions(d):
        return
    what = f"UI delete {d.url_name('delete')}"
    with watched(what) as watch:
        response = client.post(reverse(d.url_name("delete"), kwargs={d.lookup: lookup}))
    if d.model._default_manager.filter(pk=obj.pk).exists():  # refused (records depend on it)
        assert response.status_code in {200, 400, 409}, f"{what}: {response.status_code}"
        data = another(d.model, data)
    else:
        assert response.status_code == 302, f"{what}: {response.status_code} {_errors(response)}"
        expect(watch, what, ChangeAction.DELETE if audit.scope_owner(obj) is obj else ChangeAction.UPDATE, obj)

    what = f"UI create {d.url_name('add')}"  # the deleted record's own form, or one with another key
    with watched(what) as watch:
        response = client.post(reverse(d.url_name("add")), data)
    assert response.status_code == 302, f"{what}: {response.status_code} {_errors(response)}"
    created = [e for e in watch.entries if e.action == ChangeAction.CREATE]
    assert created or watch.has(ChangeAction.UPDATE), f"{what}: no CREATE entry ({watch.entries})"


def _actions(d: Declaration) -> set[str]:
    from danvan.web.derive import views_of

    return set(views_of(d))


def _errors(response: Any) -> str:
    form = (response.context or {}).get("form") if hasattr(response, "context") else None
    return str(form.errors.as_data()) if form is not None else response.content[:300].decode(errors="replace")


# ---------------------------------------------------------------- the API


@functools.cache
def _openapi() -> dict[str, Any]:
    from danvan.api.api import api

    return api.get_openapi_schema()


def _request_keys(spec: dict[str, Any], path: str, method: str) -> set[str] | None:
    operation = spec["paths"].get(path, {}).get(method.lower())
    if not operation or "requestBody" not in operation:
        return None
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return set(schema.get("properties", {}))


def _openapi_path(route: Route) -> str:
    return "/" + route.route.replace("<pk>", "{pk}").replace("<int:pk>", "{pk}")


API_ITEMS = [r for r in ROUTES if r.is_api and r.params == ["pk"]
             and any(m in r.api_methods for m in ("PUT", "PATCH", "DELETE"))]
API_ACTIONS = [r for r in ROUTES if r.is_api and "pk" in r.params and r.api_examples.get("POST") is not None]


def _list_route(item: Route) -> Route | None:
    stem = item.route.rsplit("/", 1)[0]
    return next((r for r in ROUTES if r.is_api and r.route.rstrip("/") == stem and "POST" in r.api_methods), None)


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_ITEMS, ids=str)
def test_api_writes_are_audited(route: Route, cast: Cast) -> None:
    model = next(m for m in route.api_methods.values() if m is not None)
    obj = make(model, cast)
    headers, client = bearer(cast.admin), Client()
    spec = _openapi()
    url = route.url(obj.pk)
    shown = client.get(url, headers=headers)
    assert shown.status_code == 200, f"GET {url}: {shown.status_code}"
    body = shown.json()

    def send(method: str, keys_of: str, url: str) -> Any:
        keys = _request_keys(spec, keys_of, method)
        payload = {k: v for k, v in body.items() if keys is None or k in keys}
        return client.generic(method, url, json.dumps(payload), content_type="application/json", headers=headers)

    for method in ("PUT", "PATCH"):
        if method in route.api_methods:
            what = f"API {method} {url}"
            with watched(what) as watch:
                response = send(method, _openapi_path(route), url)
            assert response.status_code == 200, f"{what}: {response.status_code} {response.content[:300]!r}"
            expect(watch, what, ChangeAction.UPDATE, obj)
            body = response.json()  # the stored record as it now is (its new version, if any)
    if "DELETE" not in route.api_methods:
        return
    what = f"API DELETE {url}"
    with watched(what) as watch:
        response = client.delete(url, headers=headers)
    if response.status_code == 409:  # records depend on it: nothing written, create one beside it
        assert not watch.changed, f"{what}: refused but changed {watch.changed}"
        body = another(model, body)
    else:
        assert response.status_code in {200, 204}, f"{what}: {response.status_code} {response.content[:300]!r}"
        expect(watch, what, ChangeAction.DELETE if audit.scope_owner(obj) is obj else ChangeAction.UPDATE, obj)
    listing = _list_route(route)
    if listing is None:
        return
    what = f"API POST /{listing.route}"
    with watched(what) as watch:
        response = send("POST", _openapi_path(listing), "/" + listing.route)
    assert response.status_code in {200, 201}, f"{what}: {response.status_code} {response.content[:300]!r}"
    assert watch.has(ChangeAction.CREATE) or watch.has(ChangeAction.UPDATE), f"{what}: no entry"


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_ACTIONS, ids=str)
def test_api_actions_are_audited(route: Route, cast: Cast) -> None:
    model = route.api_methods["POST"]
    assert model is not None, f"{route}: the action's operation names no model"
    obj = make(model, cast)
    url, what = route.url(obj.pk), f"API action POST {route}"
    with watched(what) as watch:
        response = Client().post(url, json.dumps(_fitting(route.api_examples["POST"], obj)),
                                 content_type="application/json", headers=bearer(cast.admin))
    assert response.status_code < 300, (
        f"{what}: {response.status_code} {response.content[:300]!r} — the walker sends the action's first schema "
        f"example (for a workflow's record: a move open from its state, dated today); give one that fits")
    assert watch.entries, f"{what}: answered {response.status_code} without an audit entry"


def _fitting(example: dict[str, Any], obj: models.Model) -> dict[str, Any]:
    """The example with a move open from the record's state, dated today (for a workflow's record)."""
    try:
        flow = workflow.workflow_of(obj)
    except LookupError:
        return example
    moves = flow.moves_from(getattr(obj, flow.state_field))
    states = {move.target for move in flow.transitions}
    simple = [m for m in moves if not m.fields and not m.needs_note] or moves
    if not simple:
        return example
    def fit(key: str, value: Any) -> Any:
        if isinstance(value, str) and value in states:
            return simple[0].target
        if key == "day":  # a move is dated, not before the record's last move nor in the future
            return dt.date.today().isoformat()
        return value

    return {key: fit(key, value) for key, value in example.items()}


# ---------------------------------------------------------------- workflow moves (UI)


TRANSITION_ROUTES = [r for r in ROUTES if not r.is_api and isinstance(getattr(r.callback, "view_class", None), type)
                     and issubclass(r.callback.view_class, workflow.TransitionView)]


@pytest.mark.django_db
@pytest.mark.parametrize("route", TRANSITION_ROUTES, ids=str)
def test_workflow_moves_are_audited(route: Route, cast: Cast) -> None:
    model = route.view_model
    assert model is not None
    flow = workflow.workflow_of(model)
    obj = make(model, cast)
    state = getattr(obj, flow.state_field)
    moves = flow.moves_from(state)
    assert moves, f"{route}: no move from {state!r}, the walker exercises nothing"
    client, done = admin_client(cast), 0
    for move in moves:
        data = {"to": move.target, "day": dt.date.today().isoformat(), "note": "Kiểm tra nhật ký"}
        what = f"move {model.__name__} {state} → {move.target}"
        with watched(what) as watch:
            response = client.post(route.url(obj.pk), data)
        if response.status_code == 302:
            done += 1
            expect(watch, what, ChangeAction.UPDATE, obj)
            assert flow.changes(obj).exists(), f"{what}: no history row"
            obj.refresh_from_db()
            break  # the record has moved on; the others start from the old state
        assert not watch.changed, f"{what}: refused ({response.status_code}) but changed {watch.changed}"
    assert done, f"{route}: no move from {state!r} went through (a day, a note and 'to' are sent)"


# ---------------------------------------------------------------- evidence


EVIDENCE_DECLARATIONS = [d for d in declarations() if d.evidence is not None]


@pytest.mark.django_db
@pytest.mark.parametrize("declaration", EVIDENCE_DECLARATIONS, ids=lambda d: d.url_stem)
def test_evidence_upload_and_delete_are_audited(declaration: Declaration, cast: Cast) -> None:
    d, client = declaration, admin_client(cast)
    parent = make(d.model, cast)
    what = f"upload {d.url_name('evidence_add')}"
    with watched(what) as watch:
        response = client.post(reverse(d.url_name("evidence_add"), kwargs={d.lookup: getattr(parent, d.lookup)}),
                               {"files": [SimpleUploadedFile("anh.png", TINY_PNG, "image/png")], "caption": "Ảnh"})
    assert response.status_code == 302, f"{what}: {response.status_code}"
    assert watch.changed, f"{what}: nothing stored"
    expect(watch, what, ChangeAction.UPDATE, parent)
    item = evidence_for(d.evidence, parent)
    what = f"delete {d.url_name('evidence_delete')}"
    with watched(what) as watch:
        response = client.post(reverse(d.url_name("evidence_delete"), kwargs={"pk": item.pk}))
    assert response.status_code == 302, f"{what}: {response.status_code}"
    assert not d.evidence._default_manager.filter(pk=item.pk).exists(), f"{what}: still there"
    expect(watch, what, ChangeAction.UPDATE, parent)


# ---------------------------------------------------------------- imports and exports


def _csv(rows: list[list[str]]) -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(specs()))
def test_each_import_file_writes_one_entry_with_its_counts(kind: str, cast: Cast) -> None:
    cases = import_cases(cast)
    if kind in NOT_EXERCISED:
        pytest.skip(NOT_EXERCISED[kind])
    assert kind in cases, f"import kind {kind!r} has no import_cases(cast) in its app's testing.py"
    case = cases[kind]
    rows = [case.header, case.row("a", "women", 1), case.row("a", "women", 2)]
    what = f"import {kind}"
    with watched(what) as watch:
        result = run_import(kind, _csv(rows), f"{kind}.csv", cast.admin)
    imports_ = [e for e in watch.entries if e.action == ChangeAction.IMPORT]
    assert len(imports_) == 1, f"{what}: expected one IMPORT entry per file, got {watch.entries}"
    entry = imports_[0]
    assert f"{kind}.csv" in entry.note and str(result.rows) in entry.note, entry.note
    if entry.payload is not None:  # the job's entry carries its counts
        assert {"rows": result.rows, "created": result.created, "updated": result.updated}.items() <= \
            entry.payload.items(), entry.payload
    # A dry run writes nothing and leaves no entry.
    with watched(f"dry run {kind}") as watch:
        run_import(kind, _csv(rows), f"{kind}.csv", cast.admin, dry_run=True)
    assert not watch.entries and not watch.changed


EXPORT_KINDS = sorted({d.import_kind for d in declarations() if d.import_kind})


@pytest.mark.django_db
@pytest.mark.parametrize("kind", EXPORT_KINDS)
def test_each_export_writes_an_entry(kind: str, cast: Cast) -> None:
    client = admin_client(cast)
    with watched(f"export {kind}") as watch:
        response = client.get(reverse("data:export", kwargs={"kind": kind}), {"format": "csv"})
        b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    actions = [e.action for e in watch.entries]
    assert actions.count(ChangeAction.EXPORT) == 1, f"export {kind}: expected one EXPORT entry, got {actions}"
    assert set(actions) <= {ChangeAction.EXPORT, ChangeAction.ACCESS}, actions  # + sensitive data read


# ---------------------------------------------------------------- the walker finds and fails


def test_the_walker_finds_every_kind_of_path() -> None:
    assert FORM_DECLARATIONS and API_ITEMS and API_ACTIONS and TRANSITION_ROUTES and EVIDENCE_DECLARATIONS
    routed = {next(m for m in r.api_methods.values() if m is not None) for r in API_ITEMS}
    declared = {d.model for d in declarations() if d.api is not None and not d.api.read_only}
    assert declared <= routed, f"API declarations without a walked router: {declared - routed}"
    flows = {r.view_model for r in TRANSITION_ROUTES}
    assert set(workflow._WORKFLOWS) <= flows | set(NOT_EXERCISED_WORKFLOWS), (
        f"registered workflows without a TransitionView route: {set(workflow._WORKFLOWS) - flows}")
    assert not NOT_EXERCISED or all(NOT_EXERCISED.values())


NOT_EXERCISED_WORKFLOWS: dict[type[models.Model], str] = {}


@pytest.mark.django_db
def test_a_write_without_an_entry_fails_the_walker(cast: Cast) -> None:
    org = cast.org_women_b
    with pytest.raises(AssertionError, match="without writing an audit entry"):
        with watched("a silent write"):
            type(org).objects.filter(pk=org.pk).update(name="Đổi lặng lẽ")
    with watched("an audited write") as watch:
        from danvan.core.services import save_record

        before = audit.snapshot(org)
        org.name = "Đổi có ghi nhật ký"
        save_record(cast.admin, org, before)
    expect(watch, "an audited write", ChangeAction.UPDATE, org)


@pytest.mark.django_db
def test_a_service_that_forgets_the_entry_fails_the_walker(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the entry written by ``core.services``, the API walker fails on the first write."""
    from danvan.core import services

    monkeypatch.setattr(services.audit, "record", lambda *args, **kwargs: None)
    route = next(r for r in API_ITEMS if r.route.endswith("organizations/<pk>"))
    with pytest.raises(AssertionError, match="without writing an audit entry"):
        test_api_writes_are_audited(route, cast)

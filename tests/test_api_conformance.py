"""The API keeps its OpenAPI promises: JSON errors everywhere under /api/, the documented statuses and
constraints, and strict request bodies (the bugs a schemathesis run found; scripts/api-conformance.sh
runs schemathesis itself)."""

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from danvan.accounts.models import ApiToken
from danvan.core.api_spec import model_bounds
from danvan.core.registry import declarations
from danvan.people.models import Household, Membership, Organization, Person

API = "/api/v1"


def bearer(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {ApiToken.issue(user, name='test')[1]}"}


def send(user: Any, method: str, path: str, body: Any = None, raw: str | None = None) -> Any:
    data = raw if raw is not None else ("" if body is None else json.dumps(body))
    return Client().generic(method, API + path, data, content_type="application/json", headers=bearer(user))


def assert_json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.fixture
def openapi() -> dict[str, Any]:
    return Client().get(f"{API}/openapi.json").json()


# ---------------------------------------------------------------- request bodies


@pytest.mark.django_db
def test_null_for_a_non_nullable_field_is_a_422_not_a_server_error(cast: Any) -> None:
    household = Household.objects.create(unit=cast.village_a1, code="H-1", head_name="Nguyễn Văn Tư", size=4)
    body = assert_json_error(send(cast.editor_a, "PATCH", f"/households/{household.pk}", {"address": None}), 422)
    assert body["errors"]["address"] == ["Phải là một chuỗi ký tự."]
    response = send(cast.editor_a, "PATCH", f"/households/{household.pk}", {"size": None, "code": None})
    assert set(assert_json_error(response, 422)["errors"]) == {"size", "code"}
    # null stays allowed where the field is nullable
    assert send(cast.editor_a, "PATCH", f"/households/{household.pk}", {"poverty": None}).status_code == 200


@pytest.mark.django_db
def test_unknown_keys_are_rejected_nested_too(cast: Any) -> None:
    payload = {"branch": cast.branch_a1.code,
               "person": {"code": "P-1", "full_name": "Đặng Thị Ánh", "sex": "female", "nickname": "Ánh"},
               "extra": 1}
    body = assert_json_error(send(cast.editor_a, "POST", "/members", payload), 422)
    assert set(body["errors"]) == {"person.nickname", "extra"}
    assert not Person.objects.filter(code="P-1").exists()
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_what_was_read_can_be_sent_back_read_only_fields_included(cast: Any) -> None:
    member = Membership.objects.create(
        person=Person.objects.create(unit=cast.village_a1, code="P-1", full_name="Đặng Thị Anh", sex="female"),
        branch=cast.branch_a1)
    seen = send(cast.editor_a, "GET", f"/members/{member.pk}").json()
    seen["person"]["full_name"] = "Đặng Thị Ánh"
    seen["unit_name"] = "ignored: read-only"
    response = send(cast.editor_a, "PUT", f"/members/{member.pk}", seen)
    assert response.status_code == 200, response.content
    assert Person.objects.get(code="P-1").full_name == "Đặng Thị Ánh"


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["[null, null]", "null", "\"text\"", "42", "{not json"])
def test_a_body_that_is_not_a_json_object_is_a_422(cast: Any, raw: str) -> None:
    response = send(cast.editor_a, "PATCH", f"/organizations/{cast.org_women_a.pk}", raw=raw)
    body = assert_json_error(response, 422)
    assert body["errors"]
    assert Organization.objects.get(pk=cast.org_women_a.pk).name == cast.org_women_a.name


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [("size", "5"), ("size", 5.5), ("size", True), ("size", 0),
                                          ("code", "mã có dấu"), ("code", ""), ("head_name", "a\x00b")])
def test_values_are_not_coerced_and_constraints_hold(cast: Any, field: str, value: Any) -> None:
    payload = {"code": "H-2", "head_name": "Lê Văn Ba", "size": 3, "unit": cast.village_a1.key, field: value}
    body = assert_json_error(send(cast.editor_a, "POST", "/households", payload), 422)
    assert field in body["errors"]
    assert not Household.objects.filter(code="H-2").exists()


# ---------------------------------------------------------------- JSON errors everywhere under /api/


@pytest.mark.django_db
@pytest.mark.parametrize("path", [f"{API}/nothing", f"{API}/organizations/1/more", f"{API}/", "/api/", "/api/v2/units"])
def test_an_unknown_address_under_api_is_a_json_404(cast: Any, path: str) -> None:
    response = Client().get(path, headers=bearer(cast.editor_a))
    assert_json_error(response, 404)


@pytest.mark.django_db
def test_a_wrong_method_is_a_json_405(cast: Any) -> None:
    response = send(cast.editor_a, "DELETE", "/organizations")
    assert_json_error(response, 405)
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}
    assert_json_error(send(cast.editor_a, "POST", "/units/92", {}), 405)


@pytest.mark.django_db
def test_a_server_error_is_a_json_500(cast: Any) -> None:
    spec = next(d.api for d in declarations() if d.model is Organization)

    def broken(obj: Any, user: Any) -> dict[str, Any]:
        raise RuntimeError("boom")

    original = spec.render
    object.__setattr__(spec, "render", broken)  # ApiSpec is frozen
    try:
        response = send(cast.editor_a, "GET", f"/organizations/{cast.org_women_a.pk}")
    finally:
        object.__setattr__(spec, "render", original)
    body = assert_json_error(response, 500)
    assert "boom" not in body["detail"]


# ---------------------------------------------------------------- the OpenAPI document


@pytest.mark.django_db
def test_every_operation_documents_its_error_answers(openapi: dict[str, Any]) -> None:
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "500"} <= codes, (method, path, codes)
            if method in {"put", "patch", "delete"}:
                assert {"403", "404", "409", "422"} <= codes, (method, path, codes)
            if method == "post":  # a creation answers 201; an action on one record (ApiAction) 200
                assert {"201" if "{" not in path else "200", "403", "422"} <= codes, (method, path, codes)
            if "{" in path:
                assert {"404", "422"} <= codes, (method, path, codes)


@pytest.mark.django_db
def test_the_document_states_the_constraints_the_server_enforces(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]

    def prop(schema: str, name: str) -> dict[str, Any]:
        found = schemas[schema]["properties"][name]
        return next((alt for alt in found.get("anyOf", []) if alt.get("type") != "null"), found)

    household = schemas["HouseholdIn"]
    assert household["additionalProperties"] is False
    assert set(household["required"]) == {"code", "head_name", "unit"}
    assert prop("HouseholdIn", "code")["pattern"] == "^[0-9A-Za-z._-]+$"
    assert prop("HouseholdIn", "code")["maxLength"] == 40
    assert prop("HouseholdIn", "size")["maximum"] == model_bounds(Household, "size")["le"]
    assert prop("HouseholdIn", "size")["minimum"] == 1
    assert prop("PersonIn", "birth_year")["maximum"] == date.today().year
    assert prop("PersonIn", "birth_year")["minimum"] == 1900
    assert "pattern" in prop("PersonIn", "phone")
    assert prop("PovertyIn", "year")["minimum"] == 2000
    # PATCH: nothing required, and null only where the field is nullable
    assert "required" not in schemas["HouseholdVersionedPatch"]
    address = schemas["HouseholdVersionedPatch"]["properties"]["address"]
    assert address["type"] == "string" and "anyOf" not in address and "default" not in address
    # read-only fields of an answer may be sent back, and are marked so
    assert schemas["HouseholdIn"]["properties"]["updated"]["readOnly"] is True
    limit = next(p for p in openapi["paths"][f"{API}/households"]["get"]["parameters"] if p["name"] == "limit")
    assert (limit["schema"]["minimum"], limit["schema"]["maximum"]) == (1, 500)


@pytest.mark.django_db
def test_a_name_with_a_superscript_digit_is_stored(cast: Any) -> None:
    # Found by schemathesis (seed 7): core.text.sort_key failed on "³"; fixed there in e5eab24.
    payload = {"code": "P-9", "full_name": "Lê Văn Ba³", "sex": "male", "unit": cast.village_a1.key}
    assert send(cast.editor_a, "POST", "/people", payload).status_code == 201


def _enums(annotation: object, seen: set[object]) -> set[type]:
    """The Enum classes an annotation uses, through nested models, lists and unions."""
    import enum
    import typing

    from pydantic import BaseModel

    if annotation in seen:
        return set()
    seen.add(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return {annotation}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {e for f in annotation.model_fields.values() for e in _enums(f.annotation, seen)}
    return {e for arg in typing.get_args(annotation) for e in _enums(arg, seen)}


def test_every_enum_in_the_api_has_its_own_name():
    """The OpenAPI document names a component by its class name: two different choices classes
    called alike (two apps' ``State``) would share one component, and the API would be described
    with the wrong values (schemathesis found exemplars' states checked against petitions')."""
    from danvan.core.registry import declarations

    seen: set[object] = set()
    by_name: dict[str, set[type]] = {}
    for declaration in declarations():
        spec = declaration.api
        if spec is None:
            continue
        schemas = [spec.output, spec.input, spec.patch, *(a.input for a in spec.actions.values())]
        for schema in filter(None, schemas):
            for enum_class in _enums(schema, seen):
                by_name.setdefault(enum_class.__name__, set()).add(enum_class)
    clashes = {name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
               for name, classes in by_name.items() if len(classes) > 1}
    assert by_name and not clashes

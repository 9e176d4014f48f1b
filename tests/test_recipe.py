"""The recipe of docs/architecture.md, worked: tests/example_app adds a model (Notice) by editing
only files inside its folder, and gets a list, detail, form, picker, menu entry, import, export,
API and scope coverage from the platform's mechanisms."""


import io

import pytest
from django.test import Client
from django.urls import reverse

from danvan.core.choices import OrgKind
from danvan.core.registry import for_model
from danvan.testing import Cast
from tests.example_app.models import Notice

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_example_app_touches_nothing_outside_its_folder() -> None:
    declaration = for_model(Notice)
    assert declaration is not None and declaration.app_label == "example"
    # Its pages are mounted from its AppConfig and declaration, not from danvan/urls.py.
    assert reverse("example:notice_list") == "/example/notices/"
    assert reverse("example:notice_detail", kwargs={"pk": 7}) == "/example/notices/7/"


def test_list_detail_form_picker_and_menu(cast: Cast) -> None:
    client = client_for(cast.editor_a)
    home = client.get("/")
    assert 'href="/example/notices/"' in home.content.decode()  # the menu entry
    response = client.post("/example/notices/add/", {
        "code": "TB-01", "name": "Họp chi hội tháng Mười hai", "org_kind": OrgKind.WOMEN,
        "unit": cast.village_a1.key, "posted": "2026-11-20"})
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = Notice.objects.get(code="TB-01")
    assert notice.unit_path == cast.village_a1.path and notice.name_folded == "hop chi hoi thang muoi hai"
    assert "Họp chi hội tháng Mười hai" in client.get("/example/notices/?q=muoi hai").content.decode()
    detail = client.get(f"/example/notices/{notice.pk}/").content.decode()
    assert "TB-01" in detail and "Tạo mới" in detail  # its fields and its change history
    history = client.get(f"/example/notices/{notice.pk}/history/").content.decode()
    assert "Tạo mới" in history and "Họp chi hội tháng Mười hai" in history
    picked = client.get("/example/notices/search/", {"q": "hop chi"}).content.decode()
    assert "Họp chi hội" in picked
    # Out of scope: the other commune's editor gets 404 for it, on every derived page.
    other = client_for(cast.editor_b)
    for path in ("", "edit/", "delete/", "history/"):
        assert other.get(f"/example/notices/{notice.pk}/{path}").status_code == 404
    assert "Họp chi hội" not in other.get("/example/notices/search/", {"q": "hop chi"}).content.decode()


def test_a_kind_limited_user_cannot_post_another_kind(cast: Cast) -> None:
    response = client_for(cast.women_only_a).post("/example/notices/add/", {
        "code": "TB-02", "name": "Thông báo của Đoàn", "org_kind": OrgKind.YOUTH, "unit": cast.village_a1.key})
    assert response.status_code == 200
    assert not Notice.objects.filter(code="TB-02").exists()


def test_import_export_and_api(cast: Cast) -> None:
    from danvan.accounts.models import ApiToken
    from danvan.core.imports import ImportFailed, run_import

    rows = ("Mã,Tiêu đề,Mã thôn,Loại tổ chức,Ngày đăng\n"
            f"TB-10,=Họp dân,{cast.village_a1.key},Hội Liên hiệp Phụ nữ,01/11/2026\n")
    result = run_import("notices", io.BytesIO(rows.encode()), "notices.csv", cast.editor_a)
    assert result.created == 1 and Notice.objects.get(code="TB-10").name == "=Họp dân"
    outside = rows.replace(cast.village_a1.key, cast.village_b1.key).replace("TB-10", "TB-11")
    with pytest.raises(ImportFailed, match="Dòng 2, cột 'Mã thôn'"):
        run_import("notices", io.BytesIO(outside.encode()), "notices.csv", cast.editor_a)
    # The export is the list's (filtered, scoped) rows, and imports back unchanged.
    client = client_for(cast.editor_a)
    exported = b"".join(client.get("/data/export/notices/", {"format": "csv", "q": "hop dan"}).streaming_content)
    text = exported.decode("utf-8-sig")
    assert "TB-10" in text and "'=Họp dân" in text  # a formula-like title is neutralized in the file
    again = run_import("notices", io.BytesIO(exported), "notices.csv", cast.editor_a)
    assert again.updated == 1 and Notice.objects.get(code="TB-10").name == "=Họp dân"
    # The API: derived routes, scoped like everything else.
    headers = {"Authorization": f"Bearer {ApiToken.issue(cast.editor_a)[1]}"}
    listed = Client().get("/api/v1/notices", headers=headers).json()
    assert [item["code"] for item in listed["items"]] == ["TB-10"]
    created = Client().post("/api/v1/notices", {"code": "TB-12", "name": "Thông báo API", "org_kind": "women",
                                                "unit": cast.village_a2.key}, content_type="application/json",
                            headers=headers)
    assert created.status_code == 201, created.content
    refused = Client().post("/api/v1/notices", {"code": "TB-13", "name": "Ngoài", "org_kind": "women",
                                                "unit": cast.village_b1.key}, content_type="application/json",
                            headers=headers)
    assert refused.status_code == 422 and not Notice.objects.filter(code="TB-13").exists()
    other = {"Authorization": f"Bearer {ApiToken.issue(cast.editor_b)[1]}"}
    assert Client().get(f"/api/v1/notices/{Notice.objects.get(code='TB-12').pk}", headers=other).status_code == 404

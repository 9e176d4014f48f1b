"""Unit pages: browsing within scope, the accent-insensitive picker, villages, and the shell pages."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from danvan.core.models import ChangeAction, ChangeRecord
from danvan.geo.models import AdminUnit
from danvan.people.models import Household

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_login(client):
    for url in [reverse("web:home"), reverse("geo:unit_list"), reverse("geo:unit_search")]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_home_says_what_danvan_is_and_shows_the_scope(client, cast):
    client.force_login(cast.women_only_a)
    page = client.get(reverse("web:home")).content.decode()
    assert "danvan giúp Ban Dân vận" in page
    assert "Phường Ninh Kiều" in page and "Cán bộ nhập liệu cấp xã" in page and "Hội Liên hiệp Phụ nữ" in page
    client.force_login(cast.nobody)
    assert "chưa được phân quyền" in client.get(reverse("web:home")).content.decode()


def test_base_layout_uses_vendored_assets_and_csrf_header_for_htmx(client, cast):
    client.force_login(cast.editor_a)
    page = client.get(reverse("web:home")).content.decode()
    assert "/static/vendor/pico-2.1.1.min.css" in page and "/static/vendor/htmx-2.0.11.min.js" in page
    assert "hx-headers='{\"X-CSRFToken\"" in page
    assert 'action="/accounts/logout/"' in page and 'method="post"' in page
    assert "cdn" not in page.lower()


def test_login_and_locked_pages_are_vietnamese(client):
    assert "Đăng nhập" in client.get(reverse("accounts:login")).content.decode()
    page = Template("{% include 'accounts/locked.html' %}").render(Context({}))
    assert "tạm khóa" in page


def test_it_browses_from_the_scope_root(client, cast):
    client.force_login(cast.editor_a)
    page = client.get(reverse("geo:unit_list")).content.decode()
    assert "Phường Ninh Kiều" in page and "Phường An Bình" not in page
    detail = client.get(reverse("geo:unit_detail", args=[cast.commune_a.key])).content.decode()
    assert "Khu vực Đặng Thị Ánh" in detail and "Ấp Ông Tà" in detail
    assert "Thành phố Cần Thơ" in detail  # breadcrumb (not a link: above the editor's scope)


def test_it_answers_404_for_units_outside_scope(client, cast):
    client.force_login(cast.editor_a)
    for key in [cast.commune_b.key, cast.village_b1.key, "01"]:
        assert client.get(reverse("geo:unit_detail", args=[key])).status_code == 404
    assert client.get(reverse("geo:village_edit", args=[cast.village_b1.key])).status_code == 404
    assert client.post(reverse("geo:village_delete", args=[cast.village_b1.key])).status_code == 404
    assert client.get(reverse("geo:village_add", args=[cast.commune_b.key])).status_code == 404


def test_unit_detail_lists_legacy_predecessors(client, cast):
    client.force_login(cast.specialist)
    page = client.get(reverse("geo:unit_detail", args=["92"])).content.decode()
    assert "Hình thành từ" in page and "Tỉnh Hậu Giang" in page
    assert page.count("<tr>") > 100  # its 103 communes, sorted by Vietnamese order


def test_picker_search_is_accent_insensitive(client, cast):
    client.force_login(cast.admin)
    page = client.get(reverse("geo:unit_search"), {"q": "dak lak", "level": "1"}).content.decode()
    assert "Tỉnh Đắk Lắk" in page
    page = client.get(reverse("geo:unit_search"), {"q": "ha giang", "level": "1", "legacy": "1"}).content.decode()
    assert "Tỉnh Hà Giang" in page
    page = client.get(reverse("geo:unit_search"), {"field": "unit", "unit_search": "ninh kieu"}).content.decode()
    assert "Phường Ninh Kiều" in page


def test_picker_search_stays_in_scope_and_level(client, cast):
    client.force_login(cast.editor_a)
    page = client.get(reverse("geo:unit_search"), {"q": "khu vuc", "level": "4"}).content.decode()
    assert "Khu vực Đặng Thị Ánh" in page and "Khu vực Bình Thường" not in page
    page = client.get(reverse("geo:unit_search"), {"q": "dak lak"}).content.decode()
    assert "Đắk Lắk" not in page


def test_editor_creates_edits_and_deletes_a_village(client, cast):
    client.force_login(cast.editor_a)
    response = client.post(reverse("geo:village_add", args=[cast.commune_a.key]),
                           {"kind": "to_dan_pho", "code": "03", "name": "Tổ dân phố 3"})
    assert response.status_code == 302
    village = AdminUnit.objects.get(key=f"{cast.commune_a.code}.03")
    assert village.path == f"{cast.commune_a.path}{village.key}/" and village.level == 4
    assert village.commune_id == cast.commune_a.pk
    assert ChangeRecord.objects.filter(object_id=village.pk, action=ChangeAction.CREATE).exists()
    response = client.post(reverse("geo:village_edit", args=[village.key]),
                           {"kind": "to_dan_pho", "code": "99", "name": "Tổ dân phố số 3"})
    village.refresh_from_db()
    assert village.name == "Tổ dân phố số 3" and village.key == f"{cast.commune_a.code}.03"  # the code stays
    page = client.get(reverse("geo:unit_detail", args=[village.key])).content.decode()
    assert "Tổ dân phố số 3" in page and "Lịch sử thay đổi" in page and "Sửa" in page
    assert client.post(reverse("geo:village_delete", args=[village.key])).status_code == 302
    assert not AdminUnit.objects.filter(pk=village.pk).exists()


def test_it_refuses_a_duplicate_village_code_and_a_used_village(client, cast):
    Household.objects.create(unit=cast.village_a1, code="H1", head_name="Chủ hộ")
    client.force_login(cast.editor_a)
    response = client.post(reverse("geo:village_add", args=[cast.commune_a.key]),
                           {"kind": "ap", "code": "01", "name": "Trùng mã"})
    assert "đã có trong" in response.content.decode()
    response = client.post(reverse("geo:village_delete", args=[cast.village_a1.key]))
    assert "Không thể xóa" in response.content.decode()
    assert AdminUnit.objects.filter(pk=cast.village_a1.pk).exists()


def test_viewer_cannot_add_villages(client, cast):
    client.force_login(cast.viewer_a)
    assert client.get(reverse("geo:village_add", args=[cast.commune_a.key])).status_code == 403
    assert client.post(reverse("geo:village_edit", args=[cast.village_a1.key]), {}).status_code == 403


def test_numbers_and_dates_render_the_vietnamese_way(cast):
    import datetime as dt

    from danvan.web.generic import Column

    template = Template("{% load danvan %}{% cell obj c1 %}|{% cell obj c2 %}|{% cell obj c3 %}|{{ n|floatformat:'g' }}")
    obj = type("Obj", (), {"size": 1234567, "day": dt.date(2026, 11, 21), "year": 1985})()
    text = template.render(Context({
        "obj": obj, "c1": Column("a", "size"), "c2": Column("b", "day"), "c3": Column("c", "year", fmt="raw"),
        "n": 161135,
    }))
    assert text == "1.234.567|21/11/2026|1985|161.135"

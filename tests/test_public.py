"""The public page (``indicators.public``): no login, only what editors published, no personal
data, cached until something public changes."""

import pytest
from django.test import Client

from danvan.core.choices import OrgKind
from danvan.indicators import public
from danvan.indicators.models import PublishedReport
from danvan.testing import Cast, evidence_for
from tests.example_app.models import Notice, NoticeEvidence

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def section(monkeypatch: pytest.MonkeyPatch):
    """A section registered the way an app's public.py does; shows notices named 'Công khai …'."""
    sections = dict(public._SECTIONS)
    monkeypatch.setattr(public, "_SECTIONS", sections)

    def context(unit):
        names = list(Notice.objects.filter(unit_path__startswith=unit.path, name__startswith="Công khai")
                     .values_list("name", flat=True))
        return {"names": names} if names else None

    public.register_public_section(public.PublicSection(
        key="notices", title="Thông báo công khai", template="test_public_section.html", context=context))
    return sections


@pytest.fixture(autouse=True)
def templates(settings, tmp_path):
    (tmp_path / "test_public_section.html").write_text("{% for n in names %}<p>{{ n }}</p>{% endfor %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]


def test_anyone_reads_a_province_or_commune_page_without_login(cast: Cast) -> None:
    for key in ("92", "31135"):
        response = Client().get(f"/cong-khai/{key}/")
        assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert "Phường Ninh Kiều" in Client().get("/cong-khai/92/").content.decode()  # its communes are listed
    assert Client().get(f"/cong-khai/{cast.village_a1.key}/").status_code == 404  # villages have none
    assert Client().get("/cong-khai/L93/").status_code == 404  # nor legacy units
    assert "Thành phố Cần Thơ" in Client().get("/cong-khai/").content.decode()


def test_an_editor_publishes_the_figures_and_the_public_sees_them(cast: Cast) -> None:
    Notice.objects.create(code="TB-P1", name="Họp dân", org_kind=OrgKind.WOMEN, unit=cast.village_a1)
    before = Client().get("/cong-khai/31135/").content.decode()
    assert "Số liệu đã công bố" not in before
    response = client_for(cast.editor_a).post("/reports/publish/", {"unit": "31135", "period": "2026"})
    assert response.status_code == 302 and response.url == "/cong-khai/31135/"
    published = PublishedReport.objects.get(unit=cast.commune_a, period="2026")
    assert published.published_by == cast.editor_a and published.period_label == "năm 2026"
    assert all(set(f) == {"code", "label", "text", "measure", "group"} for f in published.figures)
    page = Client().get("/cong-khai/31135/").content.decode()  # the cached page was invalidated
    assert "Số liệu đã công bố" in page and "Năm 2026" in page
    client_for(cast.editor_a).post(f"/reports/published/{published.pk}/unpublish/")
    assert not PublishedReport.objects.exists()
    assert "Số liệu đã công bố" not in Client().get("/cong-khai/31135/").content.decode()


def test_only_a_whole_unit_editor_of_that_unit_publishes(cast: Cast) -> None:
    assert client_for(cast.viewer_a).post("/reports/publish/", {"unit": "31135", "period": "2026"}).status_code == 403
    assert client_for(cast.women_only_a).post("/reports/publish/", {"unit": "31135", "period": "2026"}
                                              ).status_code == 403  # a part of the figures is not the unit's
    assert client_for(cast.editor_b).post("/reports/publish/", {"unit": "31135", "period": "2026"}).status_code == 404
    assert client_for(cast.editor_a).post("/reports/publish/", {"unit": cast.village_a1.key, "period": "2026"}
                                          ).status_code == 403
    assert Client().post("/reports/publish/", {"unit": "31135", "period": "2026"}).status_code == 302  # to login
    assert not PublishedReport.objects.exists()


def test_a_section_shows_only_published_records_and_is_left_out_when_empty(cast: Cast, section) -> None:
    page = Client().get("/cong-khai/31135/").content.decode()
    assert "Thông báo công khai" not in page
    Notice.objects.create(code="TB-P2", name="Nội bộ: danh sách hộ nghèo", org_kind=OrgKind.WOMEN, unit=cast.village_a1)
    Notice.objects.create(code="TB-P3", name="Công khai quỹ đường", org_kind=OrgKind.WOMEN, unit=cast.village_a1)
    public.changed()
    page = Client().get("/cong-khai/31135/").content.decode()
    assert "Thông báo công khai" in page and "Công khai quỹ đường" in page and "Nội bộ" not in page
    assert "Công khai quỹ đường" in Client().get("/cong-khai/92/").content.decode()
    assert "Công khai quỹ đường" not in Client().get("/cong-khai/31150/").content.decode()


def test_the_page_is_cached_until_something_public_changes(cast: Cast, section) -> None:
    Client().get("/cong-khai/31135/")
    Notice.objects.create(code="TB-P4", name="Công khai chi quỹ", org_kind=OrgKind.WOMEN, unit=cast.village_a1)
    assert "Công khai chi quỹ" not in Client().get("/cong-khai/31135/").content.decode()  # served from the cache
    public.changed()
    assert "Công khai chi quỹ" in Client().get("/cong-khai/31135/").content.decode()


def test_a_public_photo_needs_the_photo_and_its_record_public(cast: Cast, monkeypatch) -> None:
    record = Notice.objects.create(code="TB-P5", name="Làm đường", org_kind=OrgKind.WOMEN, unit=cast.village_a1)
    item = evidence_for(NoticeEvidence, record, public=True)
    NoticeEvidence.objects.filter(pk=item.pk).update(kind="photo", preview=item.file.name)
    url = public.public_evidence_url(item)
    assert url == f"/cong-khai/anh/example/noticeevidence/{item.pk}/"
    assert Client().get(url).status_code == 404  # a Notice has no is_public(): never public
    monkeypatch.setattr(Notice, "is_public", lambda self: True, raising=False)
    assert Client().get(url).status_code == 200
    NoticeEvidence.objects.filter(pk=item.pk).update(public=False)
    assert Client().get(url).status_code == 404
    assert Client().get(f"/cong-khai/anh/people/person/{record.pk}/").status_code == 404  # not an evidence model
    assert Client().get(f"/cong-khai/anh/nope/nope/{record.pk}/").status_code == 404

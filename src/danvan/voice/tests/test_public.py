"""The public intake (no login): a citizen files a petition and gets a tracking code; the form
cannot set or read anything else; files are checked by their bytes; submissions and lookups are
rate-limited; the lookup shows a published answer only, never the petitioner's data."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from danvan.core.models import ChangeRecord
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit
from danvan.indicators import public as public_page
from danvan.testing import TINY_PDF, Cast
from danvan.voice import public_views
from danvan.voice.choices import Channel, PetitionKind, PetitionState
from danvan.voice.models import Petition, PetitionAttachment
from danvan.voice.public_forms import normalize_code

pytestmark = pytest.mark.django_db

COMMUNE_A = "31135"
SUBMIT = f"/cong-khai/voice/{COMMUNE_A}/gui-kien-nghi/"
TRACK = "/cong-khai/voice/tra-cuu/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the rate limits and the public pages' versions live there
    yield
    cache.clear()


def form(**values: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": PetitionKind.PETITION, "field": "infrastructure", "title": "Đèn đường hẻm 5 hư",
        "text": "Đèn đường hẻm 5 khu vực 1 hư đã hai tuần, ban đêm tối.", "name": "Trần Thị Bích",
        "contact": "0912345678", "address": "12 hẻm 5, khu vực 1", "consent": "on", "website": "",
    }
    return data | values


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_a_citizen_files_a_petition_and_nothing_else_is_set(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(SUBMIT)
    assert page.status_code == 200
    html = page.content.decode()
    assert cast.village_a1.name in html and cast.village_b1.name not in html  # only the commune's villages
    assert "91/2025/QH15" in html
    token = page.cookies["csrftoken"].value
    assert client.post(SUBMIT, form()).status_code == 403  # CSRF is on

    body = cast.make_body()
    # Fields the form does not have are ignored: state, body, answer, publication, unit, code, channel.
    response = client.post(SUBMIT, form(
        village=cast.village_a1.key, csrfmiddlewaretoken=token, state=PetitionState.RESOLVED, body=body.pk,
        answer="Đã xử lý", answer_public="on", unit=cast.village_b1.pk, code="KN-2222222222",
        channel=Channel.DIRECT, complex="on"))
    assert response.status_code == 302 and response.url == f"/cong-khai/voice/{COMMUNE_A}/gui-kien-nghi/da-gui/"
    petition = Petition.objects.get()
    assert (petition.channel, petition.state, petition.body_id, petition.answer, petition.answer_public,
            petition.unit_id, petition.commune_id, petition.complex) == (
        Channel.WEB, PetitionState.RECEIVED, None, "", False, cast.village_a1.pk, cast.commune_a.pk, False)
    assert petition.code != "KN-2222222222" and normalize_code(petition.code) == petition.code
    assert (petition.name, petition.contact, petition.received) == ("Trần Thị Bích", "0912345678",
                                                                  timezone.localdate())
    record = ChangeRecord.objects.get(object_id=petition.pk, content_type__model="petition")
    assert (record.source, record.username, record.user_id) == ("public form", "public form", None)

    receipt = client.get(response.url).content.decode()
    assert petition.code in receipt and "ghi lại" in receipt
    assert client.get(response.url).status_code == 302  # shown once: the lookup page afterwards
    assert Client().get(response.url).status_code == 302  # another browser gets no code

    # A village of another commune is refused, and nothing is written.
    refused = client.post(SUBMIT, form(village=cast.village_b1.key, csrfmiddlewaretoken=token))
    assert refused.status_code == 400
    assert "Thôn, ấp đã chọn không thuộc xã, phường này." in refused.content.decode()
    assert Petition.objects.count() == 1


def test_anonymous_complaints_honeypot_and_files_checked_by_their_bytes(cast: Cast) -> None:
    client = Client()
    refused = client.post(SUBMIT, form(kind=PetitionKind.COMPLAINT, anonymous="on", name=""))
    assert refused.status_code == 400
    assert "Khiếu nại, tố cáo phải ghi rõ họ tên, địa chỉ người gửi." in refused.content.decode()
    assert client.post(SUBMIT, form(website="http://spam.example")).status_code == 400  # a robot
    assert client.post(SUBMIT, form(consent="")).status_code == 400  # no consent, no data

    before = stored_files()
    fake = SimpleUploadedFile("don.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="application/pdf")
    exe = client.post(SUBMIT, form(attachment=fake))
    assert exe.status_code == 400 and "không phải ảnh" in exe.content.decode()
    assert Petition.objects.count() == 0 and PetitionAttachment.objects.count() == 0 and stored_files() == before

    anonymous = client.post(SUBMIT, form(anonymous="on", name="", contact="", address="",
                                         attachment=SimpleUploadedFile("scan.bin", TINY_PDF)))
    assert anonymous.status_code == 302
    petition = Petition.objects.get()
    assert (petition.anonymous, petition.name, petition.unit_id) == (True, "", cast.commune_a.pk)
    attachment = PetitionAttachment.objects.get()
    assert (attachment.petition_id, attachment.content_type, attachment.size) == (
        petition.pk, "application/pdf", len(TINY_PDF))
    assert len(stored_files() - before) == 1


def test_submissions_are_rate_limited_per_address(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(public_views, "SUBMIT_PER_ADDRESS", (2, 3600))
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert [client.post(SUBMIT, form()).status_code for _ in range(3)] == [302, 302, 429]
    too_many = client.post(SUBMIT, form())
    assert too_many.status_code == 429 and "Quá nhiều yêu cầu" in too_many.content.decode()
    assert Petition.objects.count() == 2
    assert Client(REMOTE_ADDR="203.0.113.8").post(SUBMIT, form()).status_code == 302  # another address


def test_tracking_shows_the_published_answer_only_and_never_the_petitioner(
        cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    body = cast.make_body()
    petition = cast.make_petition(body=body, name="Lê Văn Kín", contact="0987654321", address="Số 9 hẻm 3")
    Petition.objects.filter(pk=petition.pk).update(state=PetitionState.ANSWERED, answer="Sẽ sửa trong quý II/2026.")
    client = Client()
    spaced = petition.code.lower().replace("kn-", "kn ")[:6] + " " + petition.code.lower()[6:]
    shown = client.post(TRACK, {"code": spaced}).content.decode()
    assert petition.title in shown and "Đã trả lời" in shown and body.name in shown
    assert "Sẽ sửa trong quý II/2026." not in shown  # not published yet
    for private in ("Lê Văn Kín", "0987654321", "Số 9 hẻm 3", petition.text):
        assert private not in shown

    version = public_page.version()
    petition.refresh_from_db()
    petition.answer_public = True
    petition.save()
    assert public_page.version() == version + 1  # the cached public pages are out of date
    shown = client.post(TRACK, {"code": petition.code.replace("-", "")}).content.decode()
    assert "Sẽ sửa trong quý II/2026." in shown and "Lê Văn Kín" not in shown
    answers = client.get(f"/cong-khai/voice/{COMMUNE_A}/tra-loi/").content.decode()
    assert "Sẽ sửa trong quý II/2026." in answers and "Lê Văn Kín" not in answers
    assert "Sẽ sửa trong quý II/2026." in client.get(f"/cong-khai/{COMMUNE_A}/").content.decode()
    assert "Sẽ sửa trong quý II/2026." not in client.get("/cong-khai/voice/31150/tra-loi/").content.decode()

    message = "Không tìm thấy kiến nghị nào với mã này."
    assert message in client.post(TRACK, {"code": "KN-2222222222"}).content.decode()
    assert message not in client.post(TRACK, {"code": petition.code}).content.decode()

    monkeypatch.setattr(public_views, "LOOKUP_PER_ADDRESS", (4, 3600))  # 4 lookups were made above
    assert client.post(TRACK, {"code": petition.code}).status_code == 429


def test_only_current_communes_have_the_public_intake(cast: Cast) -> None:
    legacy = AdminUnit.objects.legacy().filter(level=Level.COMMUNE).order_by("key").first()
    client = Client()
    for key in (legacy.key, cast.village_a1.key, "92", "99999"):
        for url in (f"/cong-khai/voice/{key}/gui-kien-nghi/", f"/cong-khai/voice/{key}/tra-loi/"):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/cong-khai/voice/{key}/gui-kien-nghi/", form()).status_code == 404
    assert Petition.objects.count() == 0


def test_the_rate_limits_key_on_the_address_the_sites_proxy_saw(settings, rf):
    from danvan.voice.public_views import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.9", REMOTE_ADDR="127.0.0.1")
    settings.BEHIND_PROXY = False
    assert client_address(request) == "127.0.0.1"  # a header a client may forge is ignored
    settings.BEHIND_PROXY = True
    assert client_address(request) == "10.0.0.9"  # the entry the proxy appended
    assert client_address(rf.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"

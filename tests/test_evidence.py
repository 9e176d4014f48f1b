"""Evidence (``core.evidence`` + ``web.evidence``): photos and documents on a declared record,
shown on the example app's notices. Checked by content; all files of an upload or none; scoped
like their record; previews carry no metadata."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from danvan.core.choices import OrgKind
from danvan.testing import Cast, evidence_for
from tests.example_app.models import Notice, NoticeEvidence

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def notice(cast: Cast, code: str = "TB-EV", unit=None) -> Notice:
    return Notice.objects.create(code=code, name="Ra quân làm đường", org_kind=OrgKind.WOMEN,
                                 unit=unit or cast.village_a1)


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (1600, 900), gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (10.0, 2.0, 0.0)}  # GPSInfo: where the photo was taken
        exif[0x010F] = "PhoneMaker"
    image.save(out, fmt, exif=exif) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(client: Client, record: Notice, *files: SimpleUploadedFile, **extra: str):
    return client.post(f"/example/notices/{record.pk}/evidence/", {"files": list(files), "caption": "Ngày ra quân",
                                                                   **extra}, follow=True)


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()}


def test_a_photo_is_stored_with_a_preview_without_its_metadata(cast: Cast) -> None:
    record = notice(cast)
    client = client_for(cast.editor_a)
    page = upload(client, record, SimpleUploadedFile("anh ra quan.jpg", photo_bytes(gps=True), "image/jpeg"),
                  public="on")
    assert "Đã lưu 1 tệp." in page.content.decode()
    item = NoticeEvidence.objects.get(notice=record)
    assert (item.kind, item.content_type, item.public, item.caption) == ("photo", "image/jpeg", True, "Ngày ra quân")
    assert item.uploaded_by == cast.editor_a and item.original_name == "anh ra quan.jpg"
    original = Image.open(item.file.open("rb"))
    assert original.getexif().get(0x010F) == "PhoneMaker"  # the original is kept as sent
    preview = Image.open(item.preview.open("rb"))
    assert preview.format == "JPEG" and max(preview.size) == 1280 and not preview.getexif()
    detail = client.get(f"/example/notices/{record.pk}/").content.decode()
    assert f"/example/notices/evidence/{item.pk}/preview/" in detail and "Ngày ra quân" in detail
    served = client.get(f"/example/notices/evidence/{item.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == photo_bytes(gps=True)


def test_documents_are_recognized_by_their_bytes(cast: Cast) -> None:
    record = notice(cast)
    client = client_for(cast.editor_a)
    upload(client, record, SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n...", "application/pdf"),
           SimpleUploadedFile("ke-hoach.docx", docx_bytes(), "application/octet-stream"))
    kinds = sorted(NoticeEvidence.objects.filter(notice=record).values_list("original_name", "content_type"))
    assert kinds == [("bien-ban.pdf", "application/pdf"),
                     ("ke-hoach.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    docx = NoticeEvidence.objects.get(original_name="ke-hoach.docx")
    served = client_for(cast.editor_a).get(f"/example/notices/evidence/{docx.pk}/")
    assert "attachment" in served["Content-Disposition"]  # not shown inline by the browser


def test_one_bad_file_keeps_the_whole_upload_out(cast: Cast) -> None:
    record = notice(cast)
    before = stored_files()
    page = upload(client_for(cast.editor_a), record,
                  SimpleUploadedFile("anh-that.png", photo_bytes("PNG"), "image/png"),
                  SimpleUploadedFile("anh-gia.jpg", b"<script>alert(1)</script>", "image/jpeg"))
    text = page.content.decode()
    assert "Chưa lưu tệp nào" in text and "anh-gia.jpg" in text and "không phải ảnh" in text
    assert not NoticeEvidence.objects.exists()
    assert stored_files() == before  # the good file written before the bad one was removed again


def test_a_file_over_the_limit_is_refused_with_its_size(cast: Cast, settings) -> None:
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    page = upload(client_for(cast.editor_a), notice(cast),
                  SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 10), "application/pdf"))
    assert "lon.pdf" in page.content.decode() and "quá giới hạn" in page.content.decode()
    assert not NoticeEvidence.objects.exists()


def test_a_viewer_sees_but_cannot_upload_or_delete(cast: Cast) -> None:
    record = notice(cast)
    item = evidence_for(NoticeEvidence, record)
    viewer = client_for(cast.viewer_a)
    assert viewer.get(f"/example/notices/evidence/{item.pk}/").status_code == 200
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4", "application/pdf")
    assert viewer.post(f"/example/notices/{record.pk}/evidence/", {"files": [pdf]}).status_code == 403
    assert viewer.post(f"/example/notices/evidence/{item.pk}/delete/").status_code == 403
    assert NoticeEvidence.objects.filter(pk=item.pk).exists()
    # Another commune's editor does not learn that it exists.
    assert client_for(cast.editor_b).get(f"/example/notices/evidence/{item.pk}/").status_code == 404


def test_delete_removes_the_record_and_its_files(cast: Cast, django_capture_on_commit_callbacks) -> None:
    record = notice(cast)
    item = evidence_for(NoticeEvidence, record)
    path = Path(item.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.editor_a).post(f"/example/notices/evidence/{item.pk}/delete/")
    assert response.status_code == 302 and response.url.endswith(f"/example/notices/{record.pk}/#evidence")
    assert not NoticeEvidence.objects.filter(pk=item.pk).exists() and not path.exists()

"""Evidence: photos and documents attached to a record (an activity, a model, a petition…).

An app makes the abstract ``Evidence`` concrete with a foreign key to its record and names that
field in ``parent_field``; its declaration's ``evidence=`` turns on the gallery, upload, download
and delete pages (``web.evidence``). The record's scope is the evidence's scope (``scope_parent``).

Uploads are checked by content, not by name: a photo must open in Pillow (JPEG, PNG, WebP, GIF;
decompression bombs refused), a document must be a PDF, DOCX or XLSX by its bytes. The file is
stored under a generated name through Django's storage API (the disk by default; an
S3-compatible store by setting ``STORAGES["default"]``). Each photo gets a preview re-encoded as
JPEG without its metadata (EXIF may hold the place and time it was taken), which is what lists
and the public page show.
"""

import io
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from . import services
from .models import ProvinceChild

PREVIEW_SIZE = (1280, 1280)
THUMB_QUALITY = 82
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", gettext_lazy("Ảnh")
    DOCUMENT = "document", gettext_lazy("Tài liệu")


def max_upload_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def _upload_to(instance: "Evidence", filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    meta = instance._meta
    return f"evidence/{meta.app_label}/{meta.model_name}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class Evidence(ProvinceChild):
    """A photo or document proving a record (abstract: apps add the foreign key to their record);
    ``province`` is the record's."""

    parent_field: ClassVar[str] = ""  # the foreign key to the record it documents

    file = models.FileField(gettext_lazy("tệp"), upload_to=_upload_to, max_length=255)
    preview = models.FileField(gettext_lazy("ảnh xem trước"), upload_to=_upload_to, max_length=255, blank=True)
    original_name = models.CharField(gettext_lazy("tên tệp gốc"), max_length=255)
    kind = models.CharField(gettext_lazy("loại"), max_length=10, choices=EvidenceKind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("dung lượng (byte)"))
    caption = models.CharField(gettext_lazy("chú thích"), max_length=300, blank=True)
    public = models.BooleanField(gettext_lazy("công khai"), default=False,
                                 help_text=gettext_lazy("Hiện trên trang công khai khi hồ sơ được công khai."))
    uploaded_at = models.DateTimeField(gettext_lazy("tải lên lúc"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.parent_field:
            cls.scope_parent = cls.parent_field  # core.audit.scope_owner: scope and history follow the record

    def __str__(self) -> str:
        return self.caption or self.original_name

    @classmethod
    def province_parent(cls) -> str:
        return cls.parent_field

    @property
    def parent(self) -> models.Model:
        return getattr(self, self.parent_field)

    @property
    def is_photo(self) -> bool:
        return self.kind == EvidenceKind.PHOTO


@dataclass(frozen=True)
class Checked:
    """What an upload turned out to be."""

    kind: str
    content_type: str
    preview: bytes = b""


def _photo(data: bytes) -> Checked | None:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format or ""
            probe.verify()
        if fmt not in PHOTO_FORMATS:
            return None
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail(PREVIEW_SIZE)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=THUMB_QUALITY, optimize=True)  # no EXIF is copied
        return Checked(EvidenceKind.PHOTO, PHOTO_FORMATS[fmt], out.getvalue())
    except Image.DecompressionBombError as error:
        raise ValidationError(_("Ảnh quá lớn (quá nhiều điểm ảnh).")) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None


def _document(data: bytes) -> Checked | None:
    if data.startswith(b"%PDF-"):
        return Checked(EvidenceKind.DOCUMENT, DOCUMENT_TYPES["pdf"])
    if not data.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return Checked(EvidenceKind.DOCUMENT, DOCUMENT_TYPES["docx"])
    if any(name.startswith("xl/") for name in names):
        return Checked(EvidenceKind.DOCUMENT, DOCUMENT_TYPES["xlsx"])
    return None


def check_upload(upload: File) -> Checked:
    """What the uploaded file is, or a ValidationError in Vietnamese naming the file and the fault."""
    name = getattr(upload, "name", "") or _("(không tên)")
    size = getattr(upload, "size", None) or 0
    if size > max_upload_bytes():
        raise ValidationError(_("Tệp '%(name)s' nặng %(size)s, quá giới hạn %(limit)s.") % {
            "name": name, "size": filesizeformat(size), "limit": filesizeformat(max_upload_bytes())})
    upload.seek(0)
    data = upload.read()
    if not data:
        raise ValidationError(_("Tệp '%(name)s' rỗng.") % {"name": name})
    checked = _photo(data) or _document(data)
    if checked is None:
        raise ValidationError(_("Tệp '%(name)s' không phải ảnh (JPEG, PNG, WebP, GIF) hay tài liệu "
                                "(PDF, DOCX, XLSX).") % {"name": name})
    upload.seek(0)
    return checked


def attach[E: Evidence](user: Any, model: type[E], parent: models.Model, uploads: Sequence[File],
                        caption: str = "", public: bool = False) -> list[E]:
    """Check every file, then store them (with previews) on ``parent`` through the one write path.

    All or nothing: one refused file stores none, and files written before a failure are removed.
    """
    checked = [check_upload(upload) for upload in uploads]
    stored: list[E] = []
    try:
        with transaction.atomic():
            for upload, found in zip(uploads, checked, strict=True):
                evidence = model(**{model.parent_field: parent}, original_name=str(upload.name or "tep")[-255:],
                                 kind=found.kind, content_type=found.content_type, size=upload.size or 0,
                                 caption=caption[:300], public=public,
                                 uploaded_by=user if getattr(user, "pk", None) else None)
                stored.append(evidence)
                evidence.file.save(evidence.original_name, upload, save=False)
                if found.preview:
                    evidence.preview.save("preview.jpg", ContentFile(found.preview), save=False)
                services.save_record(user, evidence)
    except Exception:
        for evidence in stored:
            _delete_files(evidence)
        raise
    return stored


def _delete_files(evidence: Evidence) -> None:
    for field in (evidence.file, evidence.preview):
        if field:
            field.storage.delete(field.name)


def remove(user: Any, evidence: Evidence) -> None:
    """Delete the record (scope-checked, audited); its files go once the transaction commits."""
    files = [(f.storage, f.name) for f in (evidence.file, evidence.preview) if f]
    services.delete_record(user, evidence)
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])

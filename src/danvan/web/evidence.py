"""The evidence pages of a declared model with ``evidence=`` (``core.evidence``).

``<app>:<stem>_evidence_add``      <slug>/<pk>/evidence/        POST files, caption, public (the record's pk)
``<app>:<stem>_evidence_file``     <slug>/evidence/<pk>/        the file (an evidence's pk)
``<app>:<stem>_evidence_preview``  <slug>/evidence/<pk>/preview/  a photo's preview (no metadata)
``<app>:<stem>_evidence_delete``   <slug>/evidence/<pk>/delete/   POST

An evidence is visible exactly when its record is (the record's declaration's queryset), so a
file of another commune answers 404 like the record does.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from danvan.core import evidence as evidence_service
from danvan.core.registry import Declaration

from .generic import ObjectViewMixin

MAX_FILES = 20


def evidence_queryset(declaration: Declaration, user: Any) -> models.QuerySet:
    """The evidence of the records ``user`` sees."""
    model = declaration.evidence
    records = declaration.base_queryset(user).values("pk")
    return model.objects.filter(**{f"{model.parent_field}__in": records})  # type: ignore[union-attr]


def detail_context(declaration: Declaration, request: HttpRequest, obj: models.Model) -> dict[str, Any]:
    """The gallery of a record's detail page."""
    model = declaration.evidence
    if model is None:
        return {}
    items = model.objects.filter(**{model.parent_field: obj}).order_by("uploaded_at", "pk")
    stem = declaration.url_name("evidence")
    return {"evidence": {
        "items": [{"item": item, "url": reverse(f"{stem}_file", args=[item.pk]),
                   "preview_url": reverse(f"{stem}_preview", args=[item.pk]) if item.preview else "",
                   "delete_url": reverse(f"{stem}_delete", args=[item.pk])} for item in items],
        "add_url": reverse(f"{stem}_add", args=[getattr(obj, declaration.lookup)]),
        "max_mb": evidence_service.max_upload_bytes() // (1024 * 1024),
    }}


class EvidenceAddView(ObjectViewMixin, View):
    """Attach one or more files to a record: all of them or none."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object(request, **kwargs)
        if not request.user.can_write():
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        files = request.FILES.getlist("files")
        back = self.url("detail", obj) + "#evidence"
        if not files or len(files) > MAX_FILES:
            messages.error(request, _("Hãy chọn từ 1 đến %(max)s tệp.") % {"max": MAX_FILES})
            return HttpResponseRedirect(back)
        caption = request.POST.get("caption", "").strip()
        public = request.POST.get("public") == "on"
        try:
            evidence_service.attach(request.user, self.declaration.evidence, obj, files, caption, public)
        except (ValidationError, PermissionDenied) as error:
            text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, _("Chưa lưu tệp nào: %(error)s") % {"error": text})
        else:
            messages.success(request, ngettext("Đã lưu %(count)d tệp.", "Đã lưu %(count)d tệp.", len(files))
                             % {"count": len(files)})
        return HttpResponseRedirect(back)


class EvidenceMixin(ObjectViewMixin):
    """Views addressing one evidence by its pk (``model`` is the evidence model)."""

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return evidence_queryset(self.declaration, request.user)

    def record_url(self, item: Any) -> str:
        return reverse(self.declaration.url_name("detail"), args=[getattr(item.parent, self.declaration.lookup)]) + "#evidence"


class EvidenceFileView(EvidenceMixin, View):
    preview = False

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        item = self.get_object(request, **kwargs)
        field = item.preview if self.preview else item.file
        if not field:
            raise Http404
        inline = self.preview or item.content_type in ("application/pdf", *evidence_service.PHOTO_FORMATS.values())
        response = FileResponse(field.open("rb"), content_type="image/jpeg" if self.preview else item.content_type,
                                as_attachment=not inline, filename=item.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response


class EvidenceDeleteView(EvidenceMixin, View):
    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        item = get_object_or_404(self.get_queryset(request), pk=kwargs["pk"])
        if not request.user.can_write():
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        back = self.record_url(item)
        try:
            evidence_service.remove(request.user, item)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": item})
        return HttpResponseRedirect(back)


def views_for(declaration: Declaration, bind: Any) -> dict[str, Any]:
    """The four evidence views of a declaration, bound with ``web.derive``'s ``bind(base, **attrs)``."""
    model = declaration.evidence
    return {
        "evidence_add": bind(EvidenceAddView).as_view(),
        "evidence_file": bind(EvidenceFileView, model=model, lookup="pk").as_view(),
        "evidence_preview": bind(EvidenceFileView, model=model, lookup="pk", preview=True).as_view(),
        "evidence_delete": bind(EvidenceDeleteView, model=model, lookup="pk").as_view(),
    }

"""Deleted records ("Đã xóa"): the list of deletions in the user's scope, each with the deleted
record's history and what went with it, and the "Khôi phục" (restore) button.

A deletion's audit entry keeps every row it removed (``core.restore``); restoring goes through
``core.services.restore_record`` (role, scope, period locks, audit). The entry is found in the
user's scope like any record: another unit's deletion is a 404, a read-only role gets 403 on restore.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View

from danvan.core import registry, restore
from danvan.core.models import ChangeAction, ChangeRecord
from danvan.core.services import restorable, restore_record, sees_deleted

RECENT = 1000  # the newest deletions the list looks at


def deletions(user: Any) -> models.QuerySet[ChangeRecord]:
    """Audit entries that keep deleted rows, in the user's units, newest first."""
    restored = ChangeRecord.objects.filter(action=ChangeAction.RESTORE, payload__has_key="restored_from")
    return (ChangeRecord.objects.visible_to(user)  # type: ignore[attr-defined]
            .filter(payload__has_key="deleted").exclude(action=ChangeAction.RESTORE)
            .exclude(pk__in=[pk for pk in restored.values_list("payload__restored_from", flat=True)])
            .select_related("content_type", "user"))


def label(obj: models.Model) -> str:
    """A deleted row's name; one that names another deleted row (a membership its person) cannot
    be read before the restore, so it is named by kind and id."""
    try:
        return str(obj)
    except ObjectDoesNotExist:
        return f"{obj._meta.verbose_name} #{obj.pk}"


def _detail_url(obj: models.Model) -> str:
    declaration = registry.for_model(type(obj))
    if declaration is None:
        return ""
    try:
        return reverse(declaration.url_name("detail"), kwargs={"pk": obj.pk})
    except NoReverseMatch:
        return ""


class TrashListView(LoginRequiredMixin, View):
    """The deletions the user may see; a kind-limited grant sees only its kind's records."""

    def get(self, request: HttpRequest) -> HttpResponse:
        entries = [c for c in deletions(request.user)[:RECENT] if sees_deleted(request.user, c)]
        for change in entries:
            model = change.content_type.model_class() if change.content_type else None
            change.kind_label = model._meta.verbose_name if model is not None else ""  # type: ignore[attr-defined]
        page = Paginator(entries, getattr(settings, "PAGE_SIZE", 50)).get_page(request.GET.get("page"))
        return render(request, "web/trash_list.html", {"page": page, "can_write": request.user.can_write()})


class TrashEntryView(LoginRequiredMixin, View):
    """One deletion: the record as it was, what went with it, its history; POST restores it."""

    model = ChangeRecord

    def get_object(self, request: HttpRequest, pk: int) -> ChangeRecord:
        change = get_object_or_404(deletions(request.user), pk=pk)
        if not sees_deleted(request.user, change):
            raise Http404
        return change

    def render_entry(self, request: HttpRequest, change: ChangeRecord, error: str = "") -> HttpResponse:
        payload = change.payload or {}
        objects = restore.rebuild(payload)
        root = restore.root_of(payload, objects)
        going: dict[str, list[str]] = {}
        for obj in objects:
            if obj is not root and not obj._meta.auto_created:
                going.setdefault(str(obj._meta.verbose_name_plural), []).append(label(obj))
        history = (ChangeRecord.objects.visible_to(request.user)  # type: ignore[attr-defined]
                   .filter(content_type=change.content_type, object_id=change.object_id).select_related("user"))
        labels = {f.name: f.verbose_name for f in type(root)._meta.fields} if root is not None else {}
        hidden = set() if request.user.sees_personal_data() else set(getattr(root, "PERSONAL_FIELDS", ()))
        context = {
            "change": change,
            "object": root,
            "fields": [(labels.get(k, k), v) for k, v in (change.before or {}).items() if k not in hidden],
            "going": sorted(going.items()),
            "detached": sum(len(e["rows"]) for e in payload.get("detached") or ()),
            "history": [{"change": c, "rows": [(labels.get(n, n), b, a) for n, b, a in c.changed_fields()
                                               if n not in hidden]} for c in history],
            "can_restore": request.user.can_write() and restorable(change),
            "error": error,
        }
        return render(request, "web/trash_entry.html", context)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_entry(request, self.get_object(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        change = self.get_object(request, pk)  # 404 outside scope before 403 for a read-only role
        if not request.user.can_write():
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        try:
            obj = restore_record(request.user, change)
        except PermissionDenied as error:
            return self.render_entry(request, change, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
        except ValidationError as error:
            return self.render_entry(request, change, " ".join(error.messages))
        messages.success(request, _("Đã khôi phục “%(object)s”.") % {"object": obj})
        return HttpResponseRedirect(_detail_url(obj) or reverse("web:trash"))

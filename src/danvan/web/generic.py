"""Generic object views (NetBox style): each register declares only what differs.

The rules live here, once:
- every queryset is ``Model.objects.visible_to(request.user)``; an object outside it is a 404;
- create, edit and delete need a writing role (otherwise 403);
- saving and deleting go only through ``danvan.core.services`` (scope check + audit trail);
- with htmx, a list answers only its table partial.

URL convention (the route-walking scope test relies on it): a URL that addresses one object
takes ``pk`` (``key`` for administrative units) and its view class has ``model``.
"""

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View

from danvan.core import audit, restore
from danvan.core.models import ChangeAction, ChangeRecord
from danvan.core.registry import Column, Declaration
from danvan.core.services import EditConflict, delete_record, restorable, save_record

__all__ = ["Column", "ObjectDeleteView", "ObjectDetailView", "ObjectEditView", "ObjectHistoryView", "ObjectListView",
           "add_errors",
           "history_entries", "posted_version", "resolve", "visible_columns"]


def resolve(obj: Any, dotted: str) -> Any:
    value = obj
    for part in dotted.split("."):
        if value is None:
            return None
        value = getattr(value, part, None)
    if callable(value) and not isinstance(value, models.Model):
        value = value()
    return value


def visible_columns(columns: Sequence[Column], user: Any) -> list[Column]:
    """The columns ``user`` may see (Law 91/2025/QH15, Decree 356/2025/NĐ-CP).

    ``Column.personal`` is ``False`` (everyone), ``True`` (roles that may see personal data) or, for
    sensitive personal data, a predicate ``(user) -> bool`` that must say yes as well (e.g.
    ``accounts.choices.sees_sensitive_data``).
    """
    personal = user.sees_personal_data()
    return [c for c in columns
            if not c.personal or (personal and (not callable(c.personal) or c.personal(user)))]


def history_entries(obj: models.Model, user: Any, limit: int | None = 50,
                    changes: Sequence[ChangeRecord] | None = None) -> list[dict[str, Any]]:
    """The object's change records (or the given ``changes`` of it) with readable field names;
    personal and sensitive fields only for those who may see them."""
    labels = {f.name: f.verbose_name for f in obj._meta.fields}
    hidden = set() if user.sees_personal_data() else set(getattr(obj, "PERSONAL_FIELDS", ()))
    if not user.sees_sensitive_data():
        hidden |= set(getattr(obj, "SENSITIVE_FIELDS", ()))
    if changes is None:
        changes = audit.history(obj) if limit is None else audit.history(obj)[:limit]
    return [
        {
            "change": change,
            "rows": [(labels.get(n, n), b, a) for n, b, a in change.changed_fields() if n not in hidden],
        }
        for change in changes
    ]


def posted_version(request: HttpRequest) -> int | None:
    """The version an edit form started from (its hidden ``version`` field), if it sent one."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


class ObjectViewMixin(LoginRequiredMixin):
    """What the four views share; ``declaration`` (set by ``web.derive``) says which model and how."""

    model: type[models.Model]
    declaration: Declaration | None = None
    related: Sequence[str] = ()
    url_base: str = ""  # "people:household" → household_list, household_detail, …
    lookup: ClassVar[str] = "pk"

    @classmethod
    def base_name(cls) -> str:
        if cls.url_base:
            return cls.url_base
        stem = cls.declaration.url_stem if cls.declaration is not None else cls.model._meta.model_name
        return f"{cls.model._meta.app_label}:{stem}"

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        if self.declaration is not None:
            return self.declaration.base_queryset(request.user)
        queryset = self.model.objects.visible_to(request.user)
        return queryset.select_related(*self.related) if self.related else queryset

    def get_object(self, request: HttpRequest, **kwargs: Any) -> models.Model:
        return get_object_or_404(self.get_queryset(request), **{self.lookup: kwargs[self.lookup]})

    def url(self, action: str, obj: models.Model | None = None) -> str:
        name = f"{self.base_name()}_{action}"
        try:
            return reverse(name, kwargs={self.lookup: getattr(obj, self.lookup)} if obj is not None else None)
        except NoReverseMatch:
            return ""

    def base_context(self, request: HttpRequest) -> dict[str, Any]:
        meta = self.model._meta
        return {
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "list_url": self.url("list"),
            "add_url": self.url("add"),
            "can_write": request.user.can_write(),
        }


class ObjectListView(ObjectViewMixin, View):
    """A filtered, searchable, sortable, paginated list."""

    filterset: Any = None
    columns: Sequence[Column] = ()
    sort_fields: dict[str, Sequence[str]] = {}
    default_sort = "name"
    export_kind = ""
    template_name = "web/object_list.html"
    table_template = "web/table.html"

    def sorted(self, queryset: models.QuerySet, key: str) -> tuple[models.QuerySet, str]:
        name = key.lstrip("-")
        if name not in self.sort_fields:
            key, name = self.default_sort, self.default_sort.lstrip("-")
        order = list(self.sort_fields.get(name, ("pk",)))
        if key.startswith("-"):
            order = [f[1:] if f.startswith("-") else f"-{f}" for f in order]
        tie = "-pk" if key.startswith("-") else "pk"
        return queryset.order_by(*order, tie), key

    def get(self, request: HttpRequest) -> HttpResponse:
        queryset = self.get_queryset(request)
        filterset = self.filterset(request.GET, queryset=queryset, request=request) if self.filterset else None
        if filterset is not None:
            queryset = filterset.qs
        queryset, sort = self.sorted(queryset, request.GET.get("sort", self.default_sort))
        page = Paginator(queryset, getattr(settings, "PAGE_SIZE", 50)).get_page(request.GET.get("page"))
        query = request.GET.copy()
        for name in list(query):
            if name == "page" or name.endswith("_search"):  # paging and picker search boxes
                query.pop(name)
        context = {
            **self.base_context(request),
            "filterset": filterset,
            "page": page,
            "columns": visible_columns(self.columns, request.user),
            "sort": sort,
            "detail_url_name": f"{self.base_name()}_detail",
            "table_template": self.table_template,
            "export_kind": self.export_kind,
            "query_string": query.urlencode(),
        }
        if getattr(request, "htmx", False) and not request.htmx.boosted:
            return render(request, self.table_template, context)
        return render(request, self.template_name, context)


class ObjectDetailView(ObjectViewMixin, View):
    """One object, its fields and its change history."""

    fields: Sequence[Column] = ()
    template_name = "web/object_detail.html"

    # Context contributed by mechanisms (e.g. the evidence gallery), each ``(request, obj) → dict``.
    extras: Sequence[Callable[[HttpRequest, models.Model], dict[str, Any]]] = ()

    def extra_context(self, request: HttpRequest, obj: models.Model) -> dict[str, Any]:
        context: dict[str, Any] = {}
        for extra in self.extras:
            context.update(extra(request, obj))
        hook = self.declaration.detail_context if self.declaration is not None else None
        return context | (hook(request, obj) if hook is not None else {})

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object(request, **kwargs)
        context = {
            **self.base_context(request),
            "object": obj,
            "fields": visible_columns(self.fields, request.user),
            "history": history_entries(obj, request.user),
            "edit_url": self.url("edit", obj),
            "delete_url": self.url("delete", obj),
            "history_url": self.url("history", obj),
            **self.extra_context(request, obj),
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        # Outside scope stays a 404 whatever the method, so a POST cannot probe for objects.
        self.get_object(request, **kwargs)
        return HttpResponseNotAllowed(["GET"])


class ObjectHistoryView(ObjectViewMixin, View):
    """Every change record of one object (the detail page shows the latest 50)."""

    template_name = "web/object_history.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object(request, **kwargs)
        history = history_entries(obj, request.user, limit=None)
        # Rows deleted from this record (a household's poverty review) can be restored from here.
        deleted = [e["change"] for e in history if (e["change"].payload or {}).get("deleted")
                   and e["change"].action != ChangeAction.RESTORE and restorable(e["change"])]
        context = {**self.base_context(request), "object": obj, "detail_url": self.url("detail", obj),
                   "history": history, "deleted": deleted}
        return render(request, self.template_name, context)


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a model/service error on its field when the form has that field, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ObjectEditView(ObjectViewMixin, View):
    """Create (no ``pk`` in the URL) or update an object through ``save_record``."""

    form_class: Any = None
    template_name = "web/object_edit.html"

    def get_form(self, request: HttpRequest, obj: models.Model) -> BaseForm:
        data = request.POST if request.method == "POST" else None
        form = self.form_class(data, instance=obj, user=request.user)
        if request.method == "GET" and not obj.pk and self.declaration is not None:
            # "Add a member" from a person's page arrives with the person chosen (?person=12).
            for name in self.declaration.initial_from_query:
                if request.GET.get(name, "").isdigit():
                    form.initial[name] = request.GET[name]
        return form

    def after_save(self, request: HttpRequest, obj: models.Model, form: BaseForm) -> None:
        """Related rows saved with the object (inside the same transaction), as declared."""
        hook = self.declaration.after_save if self.declaration is not None else None
        if hook is not None:
            hook(request, obj, form)

    def prepare(self, request: HttpRequest, **kwargs: Any) -> models.Model:
        # 404 (outside scope) before 403 (read-only role): an outsider learns nothing.
        obj = self.get_object(request, **kwargs) if self.lookup in kwargs else self.model()
        if not request.user.can_write():
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        return obj

    def render_form(self, request: HttpRequest, obj: models.Model, form: BaseForm, status: int = 200,
                    conflict: EditConflict | None = None) -> HttpResponse:
        context = {
            **self.base_context(request),
            "object": obj if obj.pk else None,
            "form": form,
            "cancel_url": self.url("detail", obj) if obj.pk else self.url("list"),
            # After a conflict the form carries the stored version: saving again is a choice
            # made having seen the other person's changes (shown above the form).
            "version": conflict.stored.version if conflict else getattr(obj, "version", None) if obj.pk else None,
            "conflict": history_entries(conflict.stored, request.user, changes=conflict.changes())
            if conflict else None,
            **self.form_context(request, obj),
        }
        return render(request, self.template_name, context, status=status)

    def form_context(self, request: HttpRequest, obj: models.Model) -> dict[str, Any]:
        """What a subclass's form template needs beyond the form (e.g. a suggestions URL)."""
        return {}

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.prepare(request, **kwargs)
        return self.render_form(request, obj, self.get_form(request, obj))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.prepare(request, **kwargs)
        creating = obj.pk is None
        before = None if creating else audit.snapshot(obj)
        form = self.get_form(request, obj)
        conflict = None
        if form.is_valid():
            obj = form.save(commit=False)
            try:
                with transaction.atomic():
                    save_record(request.user, obj, before=before, expected_version=posted_version(request))
                    self.after_save(request, obj, form)
            except PermissionDenied as error:  # includes OutOfScope
                form.add_error(None, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
            except EditConflict as error:  # the input is kept; their changes are shown
                conflict = error
                form.add_error(None, error)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Đã lưu “%(object)s”.") % {"object": obj})
                return HttpResponseRedirect(self.url("detail", obj) or self.url("list"))
            if creating:
                obj.pk = None
        return self.render_form(request, obj, form, status=200, conflict=conflict)


class ObjectDeleteView(ObjectViewMixin, View):
    """Confirm, then delete through ``delete_record``."""

    template_name = "web/object_delete.html"

    def prepare(self, request: HttpRequest, **kwargs: Any) -> models.Model:
        obj = self.get_object(request, **kwargs)
        if not request.user.can_write():
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        return obj

    def render_confirm(self, request: HttpRequest, obj: models.Model, error: str = "") -> HttpResponse:
        try:
            going, detached = restore.summary(obj)
        except (ProtectedError, RestrictedError):
            going, detached = [], []
            error = error or _("Không thể xóa vì còn dữ liệu khác liên kết với đối tượng này.")
        context = {**self.base_context(request), "object": obj, "error": error,
                   "going": going, "detached": detached, "version": getattr(obj, "version", None),
                   "cancel_url": self.url("detail", obj)}
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return self.render_confirm(request, self.prepare(request, **kwargs))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.prepare(request, **kwargs)
        label = str(obj)
        try:
            delete_record(request.user, obj, expected_version=posted_version(request))
        except (ProtectedError, RestrictedError):
            return self.render_confirm(
                request, obj, _("Không thể xóa vì còn dữ liệu khác liên kết với đối tượng này.")
            )
        except PermissionDenied as error:
            return self.render_confirm(request, obj, str(error))
        except ValidationError as error:  # a period lock, or changed since the page was shown
            return self.render_confirm(request, obj, " ".join(error.messages))
        messages.success(request, _("Đã xóa “%(object)s”.") % {"object": label})
        return HttpResponseRedirect(self.url("list"))

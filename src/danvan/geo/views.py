"""Administrative units: browse the tree within one's scope, search (the picker), villages."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, ProtectedError, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from danvan.core import audit
from danvan.core.services import delete_record, save_record
from danvan.core.text import fold
from danvan.web.generic import ObjectDeleteView, add_errors, history_entries

from .choices import VILLAGE_KINDS, Level
from .models import AdminUnit, UnitSuccession

SEARCH_LIMIT = 20


def visible_units(request: HttpRequest) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.visible_to(request.user)


def scope_roots(request: HttpRequest) -> list[AdminUnit]:
    """The top units a user may browse: their grants' units (national provinces for an admin without one)."""
    user = request.user
    roots = {g.unit.pk: g.unit for g in user.grants_cached()}
    if not roots and user.is_system_admin:
        return list(AdminUnit.objects.current().filter(level=Level.PROVINCE))
    return sorted(roots.values(), key=lambda u: u.name_sort)


def with_child_counts(queryset: QuerySet[AdminUnit]) -> QuerySet[AdminUnit]:
    return queryset.annotate(child_count=Count("children")).order_by("name_sort")


class UnitListView(LoginRequiredMixin, View):
    """The scope roots, or units matching ``q`` (accent-insensitive)."""

    model = AdminUnit

    def get(self, request: HttpRequest) -> HttpResponse:
        query = request.GET.get("q", "").strip()
        units: Any
        if query:
            units = with_child_counts(
                visible_units(request).search(query).select_related("parent")
            ).order_by("level", "name_sort")[:100]
        else:
            roots = scope_roots(request)
            units = with_child_counts(AdminUnit.objects.filter(pk__in=[u.pk for u in roots]))
        return render(request, "geo/unit_list.html", {"units": units, "query": query})


class UnitDetailView(LoginRequiredMixin, View):
    """One unit: breadcrumbs, children with their counts, legacy predecessors and successors."""

    model = AdminUnit

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        unit = get_object_or_404(visible_units(request).select_related("parent", "legacy_parent"), key=key)
        visible_paths = [g.unit.path for g in request.user.grants_cached()]
        ancestors = [
            (a, request.user.is_system_admin or any(a.path.startswith(p) for p in visible_paths))
            for a in unit.ancestors()
        ]
        children = with_child_counts(unit.children.all())
        context = {
            "unit": unit,
            "ancestors": ancestors,
            "children": children,
            "predecessors": UnitSuccession.objects.filter(current=unit).select_related("legacy", "legacy__parent"),
            "successors": UnitSuccession.objects.filter(legacy=unit).select_related("current"),
            "can_add_village": unit.level == Level.COMMUNE and not unit.is_legacy and request.user.can_write(),
            "can_edit": unit.level == Level.VILLAGE and request.user.can_write(),
            "history": history_entries(unit, request.user) if unit.level == Level.VILLAGE else [],
        }
        return render(request, "geo/unit_detail.html", context)


@login_required
def unit_search(request: HttpRequest) -> HttpResponse:
    """htmx partial for the unit picker: ``q`` (or ``<field>_search``), ``level=1,3``, ``legacy=1``."""
    field = request.GET.get("field", "")
    query = fold(request.GET.get("q") or request.GET.get(f"{field}_search", ""))
    items = []
    if query:
        units = visible_units(request).search(query).select_related("parent", "parent__parent")
        if request.GET.get("legacy") != "1":
            units = units.filter(is_legacy=False)
        levels = [int(v) for v in request.GET.get("level", "").split(",") if v.strip().isdigit()]
        if levels:
            units = units.filter(level__in=levels)
        for unit in units.order_by("level", "name_sort")[:SEARCH_LIMIT]:
            parents = [p.name for p in (unit.parent, unit.parent.parent if unit.parent else None)
                       if p is not None and p.level > Level.COUNTRY]
            items.append({"value": unit.key, "label": f"{unit.name} ({unit.key})", "detail": " · ".join(parents)})
    return render(request, "web/picker_results.html", {"items": items, "query": query})


# ---------------------------------------------------------------- villages
class VillageForm(forms.ModelForm):
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=[(k.value, k.label) for k in VILLAGE_KINDS])
    code = forms.RegexField(
        label=gettext_lazy("Mã thôn"), regex=r"^[0-9A-Za-z_-]{1,10}$", max_length=10,
        error_messages={"invalid": gettext_lazy("Mã thôn chỉ gồm chữ không dấu, chữ số, _ và -.")},
    )

    class Meta:
        model = AdminUnit
        fields = ["kind", "code", "name", "legacy_parent"]

    def __init__(self, *args: Any, commune: AdminUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commune = commune
        # The old communes this commune was formed from (1 July 2025): where an old commune
        # was split, the village says which one it belonged to.
        legacy = AdminUnit.objects.filter(successors__current=commune, level=Level.COMMUNE).order_by("name_sort")
        self.fields["legacy_parent"].queryset = legacy
        self.fields["legacy_parent"].empty_label = gettext_lazy("(không có)")
        self.fields["legacy_parent"].label = gettext_lazy("Thuộc xã cũ (trước 1/7/2025)")
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = gettext_lazy("Mã thôn không đổi được sau khi tạo.")

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not self.instance.pk and AdminUnit.objects.filter(key=f"{self.commune.code}.{code}").exists():
            raise ValidationError(_("Mã thôn '%(code)s' đã có trong %(commune)s.") % {
                "code": code, "commune": self.commune.name})
        return code


class VillageEditView(LoginRequiredMixin, View):
    """Create a village in a commune (``key`` = the commune) or edit one (``key`` = the village)."""

    model = AdminUnit
    creating = False

    def prepare(self, request: HttpRequest, key: str) -> tuple[AdminUnit, AdminUnit]:
        level = Level.COMMUNE if self.creating else Level.VILLAGE
        target = get_object_or_404(visible_units(request), key=key, level=level, is_legacy=False)
        if not request.user.can_write():
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        if self.creating:
            return AdminUnit(parent=target, level=Level.VILLAGE), target
        return target, target.parent

    def render_form(self, request: HttpRequest, village: AdminUnit, commune: AdminUnit,
                    form: forms.Form) -> HttpResponse:
        context = {
            "form": form, "object": village if village.pk else None, "commune": commune,
            "verbose_name": _("thôn, ấp, tổ dân phố"), "verbose_name_plural": _("đơn vị hành chính"),
            "list_url": reverse("geo:unit_detail", args=[commune.key]),
            "cancel_url": reverse("geo:unit_detail", args=[(village if village.pk else commune).key]),
        }
        return render(request, "web/object_edit.html", context)

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        village, commune = self.prepare(request, key)
        return self.render_form(request, village, commune, VillageForm(instance=village, commune=commune))

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        village, commune = self.prepare(request, key)
        before = audit.snapshot(village) if village.pk else None
        form = VillageForm(request.POST, instance=village, commune=commune)
        if form.is_valid():
            village = form.save(commit=False)
            village.parent = commune
            village.key = f"{commune.code}.{village.code}"
            village.fill_derived()
            try:
                save_record(request.user, village, before=before)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                add_errors(form, error)
            else:
                return HttpResponseRedirect(reverse("geo:unit_detail", args=[village.key]))
        return self.render_form(request, village, commune, form)


class VillageDeleteView(ObjectDeleteView):
    model = AdminUnit
    lookup = "key"
    url_base = "geo:village"

    def get_queryset(self, request: HttpRequest) -> QuerySet[AdminUnit]:
        return visible_units(request).filter(level=Level.VILLAGE).select_related("parent")

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        village = self.prepare(request, **kwargs)
        commune_key = village.parent.key
        try:
            delete_record(request.user, village)
        except ProtectedError:
            return self.render_confirm(
                request, village, _("Không thể xóa vì còn dữ liệu khác liên kết với đối tượng này.")
            )
        return HttpResponseRedirect(reverse("geo:unit_detail", args=[commune_key]))

    def render_confirm(self, request: HttpRequest, obj: Any, error: str = "") -> HttpResponse:
        context = {"object": obj, "error": error, "cancel_url": reverse("geo:unit_detail", args=[obj.key])}
        return render(request, self.template_name, context)



"""The public pages (no login) and the editors' publish/unpublish actions (``public``)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core import audit
from danvan.core.evidence import Evidence, EvidenceKind
from danvan.core.models import ChangeAction
from danvan.core.scope import Scope
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from . import public
from .builder import build_report
from .catalog import registry
from .models import PublishedReport
from .narrative import figure_text, needed_breakdowns, paragraphs
from .periods import PeriodError, parse_mode, parse_period

PUBLIC_LEVELS = (Level.PROVINCE, Level.COMMUNE)
REPORTS_SHOWN = 4


def _public_unit(key: str) -> AdminUnit:
    """A current province or commune; anything else is not a public page."""
    unit = AdminUnit.objects.current().filter(key=key, level__in=PUBLIC_LEVELS).select_related("parent").first()
    if unit is None:
        raise Http404(_("Không có trang công khai của đơn vị mã '%(key)s'.") % {"key": key})
    return unit


def _page(request: HttpRequest, key: str) -> str:
    unit = _public_unit(key)
    communes = list(AdminUnit.objects.current().filter(parent=unit, level=Level.COMMUNE).order_by("name_sort")
                    ) if unit.level == Level.PROVINCE else []
    context = {
        "unit": unit, "province": unit.parent if unit.level == Level.COMMUNE else None, "communes": communes,
        "reports": PublishedReport.objects.filter(unit=unit)[:REPORTS_SHOWN],
        "sections": [{"section": s, "html": render_to_string(s.template, {"unit": unit, **c})}
                     for s, c in public.rendered_sections(unit)],
    }
    return render_to_string("indicators/public.html", context, request=None)


def unit_page(request: HttpRequest, key: str) -> HttpResponse:
    """A province's or commune's public page, cached per unit and language until something public changes."""
    cache_key = public.cache_key(key, get_language() or "vi")
    html = cache.get(cache_key)
    if html is None:
        html = _page(request, key)
        cache.set(cache_key, html, public.CACHE_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = f"public, max-age={public.CACHE_SECONDS // 2}"
    return response


def index(request: HttpRequest) -> HttpResponse:
    """The provinces, those with published reports first."""
    provinces = list(AdminUnit.objects.current().filter(level=Level.PROVINCE).order_by("name_sort"))
    published = set(PublishedReport.objects.values_list("unit__province_id", flat=True)) | set(
        PublishedReport.objects.values_list("unit_id", flat=True))
    html = render_to_string("indicators/public_index.html", {
        "provinces": sorted(provinces, key=lambda p: p.pk not in published), "published": published})
    return HttpResponse(html)


def evidence(request: HttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
    """A public photo's preview: only while the photo and its record are public."""
    try:
        model = public_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    item = get_object_or_404(model, pk=pk, public=True, kind=EvidenceKind.PHOTO)
    is_public = getattr(item.parent, "is_public", None)
    if not item.preview or not callable(is_public) or not is_public():
        raise Http404
    response = FileResponse(item.preview.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={public.CACHE_SECONDS}"
    return response


def public_model(app_label: str, model_name: str) -> type[Evidence]:
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    if not issubclass(model, Evidence):
        raise LookupError(model_name)
    return model


# ---------------------------------------------------------------- publishing (editors)


def _may_publish(user: Any, unit: AdminUnit) -> None:
    scope = Scope.of(user)
    if unit.level not in PUBLIC_LEVELS or unit.is_legacy:
        raise PermissionDenied(_("Chỉ công bố được số liệu của tỉnh, thành phố hoặc xã, phường hiện hành."))
    if not scope.may_write(unit.path) or scope.kind_limited:
        # A grant narrowed to one organization sees only part of the figures: it cannot publish them as the unit's.
        raise PermissionDenied(_("Bạn không có quyền công bố số liệu của '%(unit)s'.") % {"unit": unit})


def _snapshot(report: Any) -> list[dict[str, Any]]:
    figures = []
    for code in registry.headline():
        result = report.result(code)
        if result.has_data and result.current.value is not None:
            figures.append({"code": code, "label": str(result.indicator.label),
                            "text": figure_text(result.indicator, result.current.value),
                            "measure": str(result.indicator.measure), "group": str(result.indicator.group)})
    return figures


@login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    """Publish (or publish again) the headline figures and narrative of a unit's period."""
    unit = get_object_or_404(AdminUnit.objects.visible_to(request.user), key=request.POST.get("unit", ""))
    _may_publish(request.user, unit)
    try:
        period = parse_period(request.POST.get("period", ""), parse_mode(request.POST.get("cutoff") or None))
    except PeriodError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("indicators:dashboard") + f"?unit={unit.key}")
    report = build_report(unit, period, ["child", *needed_breakdowns()], request.user)
    published, _created = PublishedReport.objects.update_or_create(unit=unit, period=period.code, defaults={
        "period_label": period.label, "figures": _snapshot(report), "summary": "\n\n".join(paragraphs(report)),
        "published_by": request.user})
    audit.record(ChangeAction.EXPORT, unit_path=unit.path, note=f"publish {unit.key} {period.code}")
    public.changed()
    messages.success(request, _("Đã công bố số liệu %(period)s lên trang công khai.") % {"period": period.label})
    return HttpResponseRedirect(reverse("public:unit", args=[unit.key]))


@login_required
@require_POST
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    visible = AdminUnit.objects.visible_to(request.user).values("pk")
    published = get_object_or_404(PublishedReport.objects.select_related("unit"), pk=pk, unit__in=visible)
    _may_publish(request.user, published.unit)
    audit.record(ChangeAction.DELETE, unit_path=published.unit.path,
                 note=f"unpublish {published.unit.key} {published.period}")
    published.delete()
    public.changed()
    messages.success(request, _("Đã gỡ số liệu %(period)s khỏi trang công khai.") % {"period": published.period_label})
    return HttpResponseRedirect(reverse("public:unit", args=[published.unit.key]))


unpublish.model = PublishedReport  # type: ignore[attr-defined]  # the scope walker: <pk> addresses a PublishedReport

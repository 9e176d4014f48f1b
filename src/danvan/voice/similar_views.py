"""Similar-petition suggestions (an htmx fragment for the entry form), the merge page of a case
and the hot spots page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from danvan.core.scope import Scope
from danvan.geo.models import AdminUnit

from .hotspots import hot_spots
from .merging import merge, merged_attachments
from .models import Petition
from .similarity import Match, similar

LIMIT = 5


def _visible_matches(user: Any, text: str, title: str, unit: AdminUnit, exclude: int | None) -> list[Match]:
    """Up to ``LIMIT`` suggestions among the petitions ``user`` sees."""
    matches = similar(text, unit, exclude_pk=exclude, limit=LIMIT * 4, title=title)
    seen = set(Petition.objects.visible_to(user).filter(pk__in=[m.petition.pk for m in matches])  # type: ignore[attr-defined]
               .values_list("pk", flat=True))
    return [m for m in matches if m.petition.pk in seen][:LIMIT]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def similar_fragment(request: HttpRequest) -> HttpResponse:
    """GET ``?text=&title=&unit=<key>&exclude=<pk>``: the ``_similar.html`` fragment."""
    text, title = request.GET.get("text", ""), request.GET.get("title", "")
    key = request.GET.get("unit", "")
    unit = AdminUnit.objects.filter(key=key).first() if key else None
    if unit is None or not Scope.of(request.user).sees(unit.path):
        matches: list[Match] = []
    else:
        matches = _visible_matches(request.user, text, title, unit, _int(request.GET.get("exclude")))
    exclude = _int(request.GET.get("exclude"))
    return render(request, "voice/_similar.html", {"matches": matches, "exclude": exclude})


@login_required
def petition_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the case, its suggested duplicates (checkboxes) and a code field; POST: merge the
    chosen ones into it. 404 when the case or any chosen petition is out of scope."""
    visible = Petition.objects.visible_to(request.user)  # type: ignore[attr-defined]
    target = get_object_or_404(visible.select_related("unit"), pk=pk)
    if not Scope.of(request.user).writes:
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
    errors: list[str] = []
    chosen: list[int] = []
    code = ""
    day = timezone.localdate()
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("duplicates") if v.isdigit()]
        code = request.POST.get("code", "").strip().upper()
        day = parse_date(request.POST.get("day", "") or "") or day
        duplicates = list(visible.filter(pk__in=chosen))
        if len(duplicates) != len(set(chosen)):
            raise Http404(_("Có đơn không thuộc phạm vi của bạn."))
        if code:
            by_code = visible.filter(code=code).first()
            if by_code is None:
                errors.append(_("Không tìm thấy đơn có mã tra cứu %(code)s trong phạm vi của bạn.") % {"code": code})
            else:
                duplicates.append(by_code)
        if not errors:
            try:
                merge(request.user, target, duplicates, day)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(request, _("Đã gộp %(count)s đơn vào vụ việc %(code)s.")
                                 % {"count": len({d.pk for d in duplicates}), "code": target.code})
                return HttpResponseRedirect(reverse("voice:petition_detail", args=[target.pk]))
    suggestions = _visible_matches(request.user, target.text, target.title, target.unit, target.pk) \
        if target.is_open else []
    return render(request, "voice/merge.html", {
        "object": target, "suggestions": suggestions, "chosen": chosen, "code": code, "day": day,
        "errors": errors, "merged": target.merged.select_related("unit").order_by("code"),
        "attachments": merged_attachments(target), "petitioners": target.petitioner_names(),
    }, status=400 if errors else 200)


@login_required
def hotspots_page(request: HttpRequest) -> HttpResponse:
    """The hot spots among the petitions the user sees, today."""
    today = timezone.localdate()
    petitions = Petition.objects.visible_to(request.user)  # type: ignore[attr-defined]
    return render(request, "voice/hotspots.html", {"spots": hot_spots(petitions, today), "today": today})


petition_merge.model = Petition  # type: ignore[attr-defined] — the scope walker addresses its pk

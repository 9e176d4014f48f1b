"""A public work's own page and the printable notice for the village board (no login).

A work an editor has not marked public answers 404 to everyone, signed in or not, whatever the
method: the work is looked up first. Nothing personal is shown (``disclosure``, ``public``).
"""

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from danvan.core.evidence import EvidenceKind
from danvan.geo.choices import Level
from danvan.indicators import public as public_page
from danvan.indicators.public import public_evidence_url

from . import disclosure
from .choices import WorkKind
from .models import Work
from .public import place, public_heading

SAFE_METHODS = ("GET", "HEAD")


def public_work(pk: int) -> Work:
    """A work marked public, or 404."""
    work = (Work.objects.filter(pk=pk, public=True)
            .select_related("unit__parent", "commune", "organization", "campaign", "beneficiary").first())
    if work is None or not work.is_public():
        raise Http404(_("Không có trang công khai của công trình số %(pk)s.") % {"pk": pk})
    return work


def _photos(work: Work) -> list[dict[str, str]]:
    items = work.evidence.filter(public=True, kind=EvidenceKind.PHOTO).exclude(preview="")
    return [{"url": public_evidence_url(item), "caption": item.caption} for item in items]


def _context(work: Work) -> dict[str, Any]:
    figures = disclosure.by_village(work, with_lines=True)
    commune = work.commune if work.commune_id else work.unit
    return {
        "work": work, "heading": public_heading(work), "place": place(work), "commune": commune,
        "kind": work.get_house_kind_display() if work.house_kind else work.get_kind_display(),
        "is_house": work.kind == WorkKind.HOUSE, "disclosure": figures,
        "financing": [(label, value) for label, value in (
            (_("Ngân sách nhà nước"), work.budget_vnd), (_("Các tổ chức, quỹ"), work.organizations_vnd),
            (_("Nhân dân đóng góp"), work.people_vnd), (_("Nhà hảo tâm, doanh nghiệp tài trợ"), work.sponsors_vnd),
        ) if value],
    }


def _refuse_other_methods(request: HttpRequest) -> HttpResponse | None:
    return None if request.method in SAFE_METHODS else HttpResponseNotAllowed(SAFE_METHODS)


def work_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A public work's page, cached per language until something public changes."""
    work = public_work(pk)
    refused = _refuse_other_methods(request)
    if refused is not None:
        return refused
    key = public_page.cache_key(f"campaigns.work.{work.pk}", get_language() or "vi")
    html = cache.get(key)
    if html is None:
        html = render_to_string("campaigns/public_work.html", {**_context(work), "photos": _photos(work)})
        cache.set(key, html, public_page.CACHE_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = f"public, max-age={public_page.CACHE_SECONDS // 2}"
    return response


def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice the village board posts (A4, ready to print): for the village ``?thon=<key>``, for
    the work's village, or for all the villages of a commune-wide work."""
    work = public_work(pk)
    refused = _refuse_other_methods(request)
    if refused is not None:
        return refused
    context = _context(work)
    figures = context["disclosure"]
    wanted = request.GET.get("thon", "").strip() or (work.unit.key if work.unit.level == Level.VILLAGE else "")
    board_name, shown = "", figures.villages
    if wanted:
        board = figures.village(wanted)
        if board is None and wanted != work.unit.key:
            raise Http404(_("Thôn mã '%(key)s' không đóng góp cho công trình này.") % {"key": wanted})
        board_name, shown = (board.village, [board]) if board is not None else (work.unit.name, [])
    today = timezone.localdate()
    context |= {"board_name": board_name, "shown": shown, "day_line": _day_line(context["commune"].name, today)}
    return HttpResponse(render_to_string("campaigns/notice.html", context))


def _day_line(place_name: str, day: dt.date) -> str:
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place_name, "day": f"{day.day:02d}", "month": f"{day.month:02d}", "year": day.year}


work_page.model = Work  # type: ignore[attr-defined]  # the scope walker: <pk> addresses a Work
notice.model = Work  # type: ignore[attr-defined]

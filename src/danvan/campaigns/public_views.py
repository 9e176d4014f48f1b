"""A public work's own page and the printable notice for the village board (no login).

A work an editor has not marked public answers 404 to everyone, signed in or not, whatever the
method: the work is looked up first. Nothing personal is shown (``disclosure``, ``public``).
"""

from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from danvan.core.evidence import EvidenceKind
from danvan.indicators import public as public_page
from danvan.indicators.public import public_evidence_url

from . import disclosure
from .choices import WorkKind
from .models import Work
from .notice import notice_context
from .notice import notice_docx as notice_docx_bytes
from .public import place, public_heading

SAFE_METHODS = ("GET", "HEAD")
# How a work was financed: the field, its label in a table, its words in a sentence.
SOURCES = (
    ("budget_vnd", gettext_lazy("Ngân sách nhà nước"), gettext_lazy("ngân sách nhà nước")),
    ("organizations_vnd", gettext_lazy("Các tổ chức, quỹ"), gettext_lazy("các tổ chức, quỹ")),
    ("people_vnd", gettext_lazy("Nhân dân đóng góp"), gettext_lazy("Nhân dân đóng góp")),
    ("sponsors_vnd", gettext_lazy("Nhà hảo tâm, doanh nghiệp tài trợ"),
     gettext_lazy("nhà hảo tâm, doanh nghiệp tài trợ")),
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def public_work(pk: int) -> Work:
    """A work marked public, or 404."""
    work = (Work.objects.filter(pk=pk, public=True)
            .select_related("unit__parent", "commune__parent", "organization", "campaign", "beneficiary").first())
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
        "financing": [(label, getattr(work, name), phrase) for name, label, phrase in SOURCES if getattr(work, name)],
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


def _notice(request: HttpRequest, pk: int) -> dict[str, Any]:
    work = public_work(pk)
    return notice_context(_context(work), request.GET.get("thon", ""), timezone.localdate())


def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice the village board posts (A4, ready to print): for the village ``?thon=<key>``, for
    the work's village, or for all the villages of a commune-wide work."""
    content = _notice(request, pk)
    refused = _refuse_other_methods(request)
    return refused or HttpResponse(render_to_string("campaigns/notice.html", content))


def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The same notice as a Word file, for the board to finish and print."""
    content = _notice(request, pk)
    refused = _refuse_other_methods(request)
    if refused is not None:
        return refused
    response = HttpResponse(notice_docx_bytes(content), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="thong-bao-cong-khai-{content["work"].pk}.docx"'
    return response


work_page.model = Work  # type: ignore[attr-defined]  # the scope walker: <pk> addresses a Work
notice.model = Work  # type: ignore[attr-defined]
notice_docx.model = Work  # type: ignore[attr-defined]

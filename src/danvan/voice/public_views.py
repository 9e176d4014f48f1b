"""The public intake (no login): a citizen files a petition to a commune and gets a tracking code,
looks the case up with the code, and reads a commune's published answers.

Nothing here reads or changes anything else: the form has only a citizen's fields, the commune
comes from the address (a current commune, else 404), the lookup shows one case's public facts and
never the petitioner's data, notes or files. Submissions and lookups are rate-limited per client
address (Django's cache), submissions also per commune; the excess gets a 429 page.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from danvan.core import audit
from danvan.core.context import actor
from danvan.core.models import ChangeAction
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from .choices import Channel, PetitionState
from .models import Petition, PetitionAttachment
from .public import published, published_answer, shown
from .public_forms import PublicPetitionForm, TrackForm

SOURCE = "public form"  # the audit trail's actor for a citizen's submission
SESSION_KEY = "voice_public_code"
# (how many, in how many seconds)
SUBMIT_PER_ADDRESS = (5, 3600)
SUBMIT_PER_COMMUNE = (20, 60)
LOOKUP_PER_ADDRESS = (30, 3600)
PER_PAGE = 20


def _commune(key: str) -> AdminUnit:
    """A current commune, or 404."""
    unit = AdminUnit.objects.current().filter(key=key, level=Level.COMMUNE).select_related("parent").first()
    if unit is None:
        raise Http404(_("Không có xã, phường mã '%(key)s'.") % {"key": key})
    return unit


def client_address(request: HttpRequest) -> str:
    """The address the request came from: behind the site's reverse proxy (``BEHIND_PROXY``) the
    last X-Forwarded-For entry — the one that proxy appended, which a client cannot forge — else
    REMOTE_ADDR."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.BEHIND_PROXY else ""
    if forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(bucket: str, who: str) -> str:
    return f"danvan:voice:public:{bucket}:{who}"


def _over(bucket: str, who: str, limit: tuple[int, int]) -> bool:
    return int(cache.get(_key(bucket, who), 0)) >= limit[0]


def _count(bucket: str, who: str, limit: tuple[int, int]) -> None:
    key = _key(bucket, who)
    if not cache.add(key, 1, limit[1]):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, limit[1])


def _too_many(request: HttpRequest, what: str) -> HttpResponse:
    return render(request, "voice/public/too_many.html", {"what": what}, status=429)


def _save(form: PublicPetitionForm, commune: AdminUnit) -> Petition:
    """The petition (and its attachment) written at once, recorded as made by the public form."""
    data = form.cleaned_data
    petition = Petition(
        unit=data["village"] or commune, kind=data["kind"], channel=Channel.WEB, field=data["field"],
        title=data["title"].strip(), text=data["text"].strip(), received=timezone.localdate(),
        name="" if data["anonymous"] else data["name"].strip(),
        contact="" if data["anonymous"] else data["contact"].strip(),
        address="" if data["anonymous"] else data["address"].strip(),
        anonymous=bool(data["anonymous"]), state=PetitionState.RECEIVED,
    )
    upload, checked = data.get("attachment"), form.checked
    stored: PetitionAttachment | None = None
    try:
        with actor(None, source=SOURCE), transaction.atomic():
            petition.place()
            petition.full_clean()
            petition.save()
            audit.record(ChangeAction.CREATE, petition, after=audit.snapshot(petition), note=SOURCE)
            if upload and checked:
                stored = PetitionAttachment(petition=petition, original_name=str(upload.name or "tep")[-255:],
                                            kind=checked.kind, content_type=checked.content_type,
                                            size=upload.size or 0)
                stored.file.save(stored.original_name, upload, save=False)
                if checked.preview:
                    stored.preview.save("preview.jpg", ContentFile(checked.preview), save=False)
                stored.full_clean()
                stored.save()
                audit.record(ChangeAction.CREATE, stored, after=audit.snapshot(stored), note=SOURCE)
    except Exception:
        if stored is not None:
            for field in (stored.file, stored.preview):
                if field:
                    field.storage.delete(field.name)
        raise
    return petition


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest, key: str) -> HttpResponse:
    """The petition form of a commune; a valid one is saved and the citizen sees the receipt."""
    commune = _commune(key)
    if request.method == "POST":
        who = client_address(request)
        if _over("submit", who, SUBMIT_PER_ADDRESS) or _over("commune", commune.key, SUBMIT_PER_COMMUNE):
            return _too_many(request, _("gửi kiến nghị"))
        form = PublicPetitionForm(request.POST, request.FILES, commune=commune)
        if form.is_valid():
            petition = _save(form, commune)
            _count("submit", who, SUBMIT_PER_ADDRESS)
            _count("commune", commune.key, SUBMIT_PER_COMMUNE)
            request.session[SESSION_KEY] = petition.code
            return HttpResponseRedirect(reverse("voice_public:receipt", args=[commune.key]))
    else:
        form = PublicPetitionForm(commune=commune)
    return render(request, "voice/public/submit.html", {"commune": commune, "form": form},
                  status=400 if form.is_bound else 200)


@require_http_methods(["GET", "HEAD"])
def receipt(request: HttpRequest, key: str) -> HttpResponse:
    """The tracking code of the petition just sent from this browser, shown once (a shared computer
    does not show it to the next person); afterwards the lookup page."""
    commune = _commune(key)
    code = request.session.pop(SESSION_KEY, "")
    petition = Petition.objects.filter(code=code, commune=commune).first() if code else None
    if petition is None:
        return HttpResponseRedirect(reverse("voice_public:track"))
    response = render(request, "voice/public/receipt.html", {"commune": commune, "petition": petition})
    response["Cache-Control"] = "no-store"
    return response


def _tracked(petition: Petition) -> dict[str, Any]:
    """Only the public facts of a case: never who sent it, their contact, notes or files."""
    answer, answered = published_answer(petition)
    if not answer and petition.state == PetitionState.MERGED and petition.merged_into_id:
        target = petition.merged_into
        answer, answered = published_answer(target)
    return {"code": petition.code, "title": petition.title, "received": petition.received,
            "state": petition.get_state_display(), "accepted_on": petition.accepted_on,
            "answered_on": petition.answered_on or answered, "body": petition.body.name if petition.body_id else "",
            "answer": answer}


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Look a case up by its code (POSTed, so it stays out of addresses and logs)."""
    context: dict[str, Any] = {"form": TrackForm()}
    if request.method == "POST":
        who = client_address(request)
        if _over("lookup", who, LOOKUP_PER_ADDRESS):
            return _too_many(request, _("tra cứu"))
        _count("lookup", who, LOOKUP_PER_ADDRESS)
        form = TrackForm(request.POST)
        context["form"] = form
        if form.is_valid():
            code = form.cleaned_data["code"]
            petition = (Petition.objects.filter(code=code).select_related("body", "reply", "merged_into__reply")
                        .first() if code else None)
            if petition is None:
                context["not_found"] = True
            else:
                context["case"] = _tracked(petition)
    response = render(request, "voice/public/track.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def answers(request: HttpRequest, key: str) -> HttpResponse:
    """A commune's published answers, latest first, a page at a time."""
    commune = _commune(key)
    page = Paginator(published(commune), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "voice/public/answers.html", {
        "commune": commune, "page": page, "answers": [shown(p) for p in page.object_list]})

"""What the voice pages show beyond the declared fields: a petition's petitioners, referral chain,
history, due dates and moves; the forwarding page; the move pages; a dialogue's commitments and
petitions; a reply's petitions; a session's recommendations; the opinions raised at branch
meeting visits that are not petitions yet."""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.scope import Scope
from danvan.core.workflow import workflow_of
from danvan.web.generic import ObjectEditView, add_errors

from .choices import Channel
from .models import Body, ConsolidatedReply, Dialogue, OversightSession, Petition, Recommendation
from .routing import forward

OPINION_LIMIT = 200


def url_or_blank(name: str, **kwargs: Any) -> str:
    """The URL of ``name`` if another part of the app has mounted it yet, else ""."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _moves(request: HttpRequest, obj: Any) -> dict[str, Any]:
    workflow = workflow_of(obj)
    return {"state_changes": [(c, workflow.label(c.from_state) if c.from_state else "—", workflow.label(c.to_state))
                              for c in workflow.changes(obj).select_related("actor")],
            "moves": workflow.available(request.user, obj)}


# ---------------------------------------------------------------- petitions
def petition_context(request: HttpRequest, obj: Petition) -> dict[str, Any]:
    today = timezone.localdate()
    due = obj.due()
    can_write = Scope.of(request.user).writes
    return {
        **_moves(request, obj),
        "petitioner_names": obj.petitioner_names(),
        "petitioners": obj.petitioners.select_related("person"),
        "referrals": obj.referrals.select_related("from_body", "to_body"),
        "due": due, "overdue_days": (today - due).days if due and due < today else 0,
        "due_dates": [(Petition._meta.get_field(name).verbose_name, getattr(obj, name), name)
                      for name in ("due_accept", "due_answer", "due_notify")],
        "running_due": obj.running_due_field() if due else "",
        "forward_url": reverse("voice:petition_forward", args=[obj.pk]) if can_write and obj.is_open else "",
        "merge_url": url_or_blank("voice:petition_merge", pk=obj.pk) if can_write and obj.is_open else "",
        "merged": obj.merged.all(),
    }


class PetitionEditView(ObjectEditView):
    """The derived add/edit page, prefilled from the query (an opinion raised at a visit, an issue
    raised at a dialogue) and, on the add page, with the similar petitions suggested (htmx)."""

    template_name = "voice/petition_edit.html"
    prefill = ("visit", "dialogue", "channel", "title", "text", "unit", "kind", "field")

    def get_form(self, request: HttpRequest, obj: Any) -> Any:
        form = super().get_form(request, obj)
        if request.method == "GET" and not obj.pk:
            for name in self.prefill:
                value = request.GET.get(name, "").strip()
                if value and name in form.fields:
                    form.initial[name] = value[:2000]
        return form

    def form_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {"similar_url": "" if obj.pk else url_or_blank("voice:similar")}


class ForwardForm(forms.Form):
    body = forms.ModelChoiceField(Body.objects.none(), label=gettext_lazy("Chuyển đến cơ quan"),
                                  error_messages={"required": gettext_lazy("Cần chọn cơ quan nhận đơn."),
                                                  "invalid_choice": gettext_lazy(
                                                      "Cơ quan không có hoặc nằm ngoài phạm vi của bạn.")})
    day = forms.DateField(label=gettext_lazy("Ngày chuyển"),
                          widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                          error_messages={"required": gettext_lazy("Cần nhập ngày chuyển đơn."),
                                          "invalid": gettext_lazy("Ngày chuyển ghi theo dạng NNNN-TT-NN.")})
    reason = forms.CharField(label=gettext_lazy("Lý do chuyển"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, petition: Petition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = (Body.objects.visible_to(user).filter(active=True)  # type: ignore[attr-defined]
                                        .exclude(pk=petition.body_id).order_by("unit_path", "name_sort"))
        self.fields["day"].initial = timezone.localdate()


@login_required
def petition_forward(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form (body, day, reason); POST: ``routing.forward``. 404 out of scope, 403 read-only."""
    petition = get_object_or_404(Petition.objects.visible_to(request.user).select_related("body"), pk=pk)
    if not Scope.of(request.user).writes:
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
    data = request.POST if request.method == "POST" else None
    form = ForwardForm(data, user=request.user, petition=petition)
    if data is not None and form.is_valid():
        try:
            forward(request.user, petition, form.cleaned_data["body"], form.cleaned_data["day"],
                    form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
            petition.refresh_from_db()
        else:
            messages.success(request, _("Đã chuyển đơn %(code)s đến %(body)s.")
                             % {"code": petition.code, "body": form.cleaned_data["body"]})
            return HttpResponseRedirect(petition.get_absolute_url())
    return render(request, "voice/petition_forward.html", {
        "object": petition, "form": form, "referrals": petition.referrals.select_related("from_body", "to_body")},
        status=400 if form.errors else 200)


# ---------------------------------------------------------------- dialogues, replies, sessions
def dialogue_context(request: HttpRequest, obj: Dialogue) -> dict[str, Any]:
    return {"commitments": obj.commitments.select_related("owner"),
            "petitions": obj.petitions.visible_to(request.user).select_related("unit"),
            "add_petition_query": urlencode({"dialogue": obj.pk, "channel": Channel.DIALOGUE})}


def reply_context(request: HttpRequest, obj: ConsolidatedReply) -> dict[str, Any]:
    return {"petitions": obj.petitions.visible_to(request.user).select_related("unit")}


def session_context(request: HttpRequest, obj: OversightSession) -> dict[str, Any]:
    return {"recommendations": obj.recommendations.select_related("body")}


def recommendation_context(request: HttpRequest, obj: Recommendation) -> dict[str, Any]:
    return _moves(request, obj)


# ---------------------------------------------------------------- opinions raised at meeting visits
@login_required
def opinions(request: HttpRequest) -> HttpResponse:
    """Opinions raised at branch meeting visits the user sees, each with whether a petition of the
    same visit and title exists, and a link to file one prefilled."""
    from danvan.meetings.models import Visit

    visits = (Visit.objects.visible_to(request.user).exclude(opinions="")  # type: ignore[attr-defined]
              .select_related("unit", "branch", "cadre__person").order_by("-date", "-id")[:OPINION_LIMIT])
    visits = list(visits)
    filed = set(Petition.objects.filter(visit__in=visits).values_list("visit_id", "title"))
    add_url = reverse("voice:petition_add")
    rows = []
    for visit in visits:
        for line in visit.opinion_lines():
            title = line[:300]
            query = urlencode({"visit": visit.pk, "channel": Channel.MEETING, "title": title, "text": line,
                               "unit": visit.unit.key})
            rows.append({"visit": visit, "line": line, "filed": (visit.pk, title) in filed,
                         "add_url": f"{add_url}?{query}"})
    pending = sum(1 for row in rows if not row["filed"])
    return render(request, "voice/opinions.html", {"rows": rows, "pending": pending,
                                                   "can_write": Scope.of(request.user).writes})


petition_forward.model = Petition  # type: ignore[attr-defined] — the scope walker addresses its pk

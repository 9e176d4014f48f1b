"""The sign-off pages beyond the derived list and detail: "Gửi ký duyệt" (a unit's editor submits
a period) and the page of one move (approve, return, unlock: ``core.workflow.TransitionView``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.scope import Scope
from danvan.core.workflow import TransitionView, workflow_of
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from . import lifecycle
from .models import SignOff


def signoff_context(request: HttpRequest, obj: SignOff) -> dict[str, Any]:
    workflow = workflow_of(obj)
    changes = list(workflow.changes(obj).select_related("actor"))
    for change in changes:
        change.from_label = workflow.label(change.from_state) if change.from_state else "—"
        change.to_label = workflow.label(change.to_state)
    return {"state_changes": changes, "moves": workflow.available(request.user, obj),
            "deadline": obj.end + dt.timedelta(days=lifecycle.due_days())}


class SignOffTransitionView(TransitionView):
    """The page of one sign-off move."""

    model = SignOff


def submit_units(user: Any) -> Any:
    """The communes ``user`` may submit for (their role writes there)."""
    scope = Scope.of(user)
    units = AdminUnit.objects.visible_to(user).filter(level=Level.COMMUNE, is_legacy=False).order_by("name_sort")
    return units.filter(pk__in=[u.pk for u in units.only("pk", "path") if scope.may_write(u.path, "")])


def last_month(today: dt.date | None = None) -> str:
    first = (today or timezone.localdate()).replace(day=1)
    return f"{first - dt.timedelta(days=1):%Y-%m}"


class SubmitForm(forms.Form):
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label=gettext_lazy("Đơn vị"))
    period = forms.CharField(label=gettext_lazy("Kỳ"), max_length=10,
                             help_text=gettext_lazy("Tháng 2026-10, quý 2026Q4 hoặc năm 2026."))
    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = submit_units(user)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()
        self.fields["period"].initial = last_month()


@login_required
def submit(request: HttpRequest) -> HttpResponse:
    """GET: the form (the user's communes, last month by default); POST: submit through
    ``lifecycle.submit`` and go to the sign-off's page."""
    if not Scope.of(request.user).writes:
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
    form = SubmitForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signoff = lifecycle.submit(request.user, data["unit"], data["period"], note=data["note"])
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return HttpResponseRedirect(signoff.get_absolute_url())
    return render(request, "signoff/submit.html", {"form": form}, status=400 if form.errors else 200)

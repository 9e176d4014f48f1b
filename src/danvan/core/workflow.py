"""Lifecycles of records: states, the moves allowed between them, and their dated history.

An app describes a record's lifecycle once, as a :class:`Workflow` of :class:`Transition`\\ s
(which states a move starts from, where it leads, who may make it, whether a reason is needed),
makes the abstract :class:`StateChange` concrete with a foreign key to its record, and registers
both (``register(Model, workflow)``). Every move then goes through one function::

    transition(user, exemplar, "launched", day=date(2026, 3, 2), note="Ra mắt tại nhà văn hóa ấp")

which checks the move (source state, who may, reason, day: not in the future, not before the
record's start or its last move), writes the record through ``core.services.save_record``
(permission, scope, validation, audit, facts) and the history row, in one transaction, and
raises a ``ValidationError`` naming what is refused.

"Who may" is a predicate ``(user, obj) -> bool``; :func:`by_role` builds the usual one from the
user's grants that cover the record (their role and the level of their unit), read the way
``core.scope`` reads them (``user.grants_cached()``), so core imports no app. The state field is
not editable through forms or the API: only ``transition`` changes it.

:class:`TransitionForm` and :class:`TransitionView` are the generic page of a move; an app mounts
the view for its model (``TransitionView.as_view(model=…)``); its page is ``core/transition.html``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import audit, registry
from .models import ProvinceChild
from .scope import Scope
from .services import save_record

Allowed = Callable[[Any, Any], bool]


def anyone(user: Any, obj: Any) -> bool:
    """Every user who may write the record (scope and role are checked by ``save_record``)."""
    return True


@dataclass(frozen=True)
class Transition:
    """One move: from any of ``sources`` to ``target``.

    ``allowed(user, obj)`` says who may make it (with ``who``, a phrase for refusals: "cán bộ cấp
    tỉnh"); ``needs_note`` requires a reason; ``guard(obj, values)`` returns a refusal message or
    ``None``; ``fields`` are values the move records on the record and its history row (a review's
    result), all required; ``stamp`` names the record's date field that takes the move's day (the
    day a case was accepted, say).
    """

    sources: tuple[str, ...]
    target: str
    label: Any
    allowed: Allowed = anyone
    who: Any = ""
    needs_note: bool = False
    guard: Callable[[Any, Mapping[str, Any]], str | None] | None = None
    fields: tuple[str, ...] = ()
    stamp: str = ""


@dataclass(frozen=True)
class Workflow:
    """A record's lifecycle: its states (a choices class), its moves and where its history goes.

    ``state_field`` holds the state on the record, ``start_field`` the date before which no move
    may be dated (the registration day), ``history`` the concrete :class:`StateChange` model and
    ``parent_field`` its foreign key to the record.
    """

    states: type[models.TextChoices]
    transitions: tuple[Transition, ...]
    history: type[StateChange]
    parent_field: str
    state_field: str = "state"
    start_field: str = ""

    def label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state

    def moves_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def move(self, state: str, target: str) -> Transition | None:
        return next((t for t in self.moves_from(state) if t.target == target), None)

    def available(self, user: Any, obj: Any) -> list[Transition]:
        """The moves ``user`` may make from the record's state now (for the buttons of a page)."""
        if not Scope.of(user).writes:
            return []
        return [t for t in self.moves_from(getattr(obj, self.state_field)) if t.allowed(user, obj)]

    def changes(self, obj: Any) -> models.QuerySet:
        """The record's history, oldest first."""
        return self.history.objects.filter(**{self.parent_field: obj}).order_by("day", "id")


class StateChange(ProvinceChild):
    """One dated move of a record (abstract: an app adds the foreign key to its record).

    ``day`` is the day the move took effect (it may be earlier than ``at``, when it was entered);
    ``province`` is the record's (the workflow's ``parent_field`` names the record).
    """

    from_state = models.CharField(gettext_lazy("từ trạng thái"), max_length=30, blank=True)
    to_state = models.CharField(gettext_lazy("sang trạng thái"), max_length=30)
    day = models.DateField(gettext_lazy("ngày"))
    note = models.TextField(gettext_lazy("ghi chú, lý do"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("người thực hiện"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(gettext_lazy("ghi lúc"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["day", "id"]

    def __str__(self) -> str:
        return f"{self.day}: {self.from_state} → {self.to_state}"

    @classmethod
    def province_parent(cls) -> str:
        return next((w.parent_field for w in _WORKFLOWS.values() if w.history is cls), "")


# ---------------------------------------------------------------- the registry of workflows
_WORKFLOWS: dict[type[models.Model], Workflow] = {}


def register(model: type[models.Model], workflow: Workflow) -> None:
    """Give ``model`` its lifecycle (called by the app when it is loaded)."""
    _WORKFLOWS[model] = workflow


def workflow_of(obj_or_model: Any) -> Workflow:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    try:
        return _WORKFLOWS[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no registered workflow") from None


# ---------------------------------------------------------------- who may
def covering_grants(user: Any, obj: Any) -> list[Any]:
    """The user's grants whose unit covers the record's place (and, when narrowed, its kind)."""
    path = getattr(obj, getattr(type(obj), "scope_path_field", "unit_path"), "") or ""
    kind_field = getattr(type(obj), "scope_org_kind_field", None)
    kind = (getattr(obj, kind_field, "") or "") if kind_field else ""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [g for g in user.grants_cached()
            if path.startswith(g.unit.path) and (not g.org_kind or not kind or g.org_kind == kind)]


def by_role(roles: Iterable[str], max_level: int | None = None, system_admin: bool = True) -> Allowed:
    """Users holding one of ``roles`` through a grant that covers the record, on a unit of level
    ``max_level`` or higher up the tree (1 = province, 3 = commune); system admins when
    ``system_admin``."""
    wanted = frozenset(str(r) for r in roles)

    def allowed(user: Any, obj: Any) -> bool:
        if system_admin and Scope.of(user).everything:
            return True
        return any(g.role in wanted and (max_level is None or g.unit.level <= max_level)
                   for g in covering_grants(user, obj))

    return allowed


# ---------------------------------------------------------------- the one way to move
def _refuse(message: str, field_name: str | None = None) -> ValidationError:
    return ValidationError({field_name: [message]} if field_name else message)


def check(user: Any, obj: Any, target: str, day: dt.date | None, note: str = "",
          values: Mapping[str, Any] | None = None, force: bool = False) -> Transition:
    """The move from the record's state to ``target`` if ``user`` may make it on ``day``; else
    a ``ValidationError`` naming what is refused. ``force`` skips the move's ``allowed`` (see
    :func:`transition`)."""
    workflow = workflow_of(obj)
    state = getattr(obj, workflow.state_field)
    names = {"from": workflow.label(state), "to": workflow.label(target)}
    move = workflow.move(state, target)
    if move is None:
        raise _refuse(_("Không thể chuyển từ trạng thái '%(from)s' sang '%(to)s'.") % names)
    if not Scope.of(user).writes or not (force or move.allowed(user, obj)):
        who = f" ({_('chỉ %(who)s') % {'who': move.who}})" if move.who else ""
        raise _refuse(_("Vai trò, cấp của bạn không được chuyển sang '%(to)s'.") % names + who)
    _check_day(workflow, obj, day)
    if move.needs_note and not (note or "").strip():
        raise _refuse(_("Chuyển sang '%(to)s' cần ghi rõ lý do.") % names, "note")
    values = values or {}
    for name in move.fields:
        if values.get(name) in (None, ""):
            label = obj._meta.get_field(name).verbose_name
            raise _refuse(_("Chuyển sang '%(to)s' cần có '%(field)s'.") % {**names, "field": label}, name)
    refusal = move.guard(obj, values) if move.guard is not None else None
    if refusal:
        raise _refuse(refusal)
    return move


def _check_day(workflow: Workflow, obj: Any, day: dt.date | None) -> None:
    if day is None:
        raise _refuse(_("Cần nhập ngày chuyển trạng thái."), "day")
    if day > timezone.localdate():
        raise _refuse(_("Ngày chuyển trạng thái (%(day)s) không được sau hôm nay.") % {"day": f"{day:%d/%m/%Y}"},
                      "day")
    start = getattr(obj, workflow.start_field, None) if workflow.start_field else None
    last = workflow.changes(obj).order_by("-day", "-id").values_list("day", flat=True).first()
    earliest = max((d for d in (start, last) if d is not None), default=None)
    if earliest is not None and day < earliest:
        raise _refuse(_("Ngày chuyển trạng thái (%(day)s) không được trước %(earliest)s, ngày của bước trước.")
                      % {"day": f"{day:%d/%m/%Y}", "earliest": f"{earliest:%d/%m/%Y}"}, "day")


def transition(user: Any, obj: Any, target: str, day: dt.date | None, note: str = "",
               values: Mapping[str, Any] | None = None, force: bool = False) -> StateChange:
    """Move ``obj`` to ``target`` on ``day``: checked, saved through ``save_record`` and recorded in
    its history, in one transaction. ``values`` are the move's ``fields`` (e.g. a review's result).

    ``force=True`` is for an app's own service that makes a move no user may make directly (its
    ``allowed`` refuses everyone, e.g. a move that must also write related rows): the source
    state, the day, the reason and the guard are still checked, and ``save_record`` still checks
    the user's write permission and scope. Never pass it from a view on a user's request."""
    workflow = workflow_of(obj)
    with transaction.atomic():
        # Checked against the stored state, locked: two people moving the same record at once
        # cannot both start from the state the first one left.
        stored = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
        if stored is not None:
            setattr(obj, workflow.state_field, getattr(stored, workflow.state_field))
        move = check(user, obj, target, day, note, values, force=force)
        values = {name: (values or {})[name] for name in move.fields}
        before = audit.snapshot(obj)
        state = getattr(obj, workflow.state_field)
        setattr(obj, workflow.state_field, target)
        for name, value in values.items():
            setattr(obj, name, value)
        if move.stamp:
            setattr(obj, move.stamp, day)
        save_record(user, obj, before)
        history_fields = {f.name for f in workflow.history._meta.fields}
        return workflow.history.objects.create(
            **{workflow.parent_field: obj}, province_id=obj.province_id, from_state=state, to_state=target, day=day,
            note=(note or "").strip(),
            actor=user if getattr(user, "pk", None) else None,
            **{k: v for k, v in values.items() if k in history_fields},
        )


# ---------------------------------------------------------------- the page of a move
class TransitionForm(forms.Form):
    """The day, the reason and the move's own fields (copied from the record's model fields)."""

    day = forms.DateField(label=gettext_lazy("Ngày"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(label=gettext_lazy("Ghi chú, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, move: Transition, model: type[models.Model], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.move = move
        self.fields["day"].initial = timezone.localdate()
        self.fields["note"].required = move.needs_note
        if move.needs_note:
            self.fields["note"].error_messages["required"] = _("'%(move)s' cần ghi rõ lý do.") % {"move": move.label}
        for name in move.fields:
            self.fields[name] = model._meta.get_field(name).formfield(required=True)


def _list_url(model: type[models.Model]) -> str:
    """The list page of the model's declaration, for the breadcrumb ("" when it has none)."""
    declaration = registry.for_model(model)
    if declaration is None:
        return ""
    try:
        return reverse(declaration.url_name("list"))
    except NoReverseMatch:
        return ""


class TransitionView(LoginRequiredMixin, View):
    """GET: the form of one move (``?to=<state>``); POST: make it through :func:`transition`.

    Out of scope answers 404 before anything else; a read-only role 403.
    """

    model: type[models.Model] | None = None
    # object, state, form (the move), moves, error, list_url; an app may give its own template
    template_name = "core/transition.html"

    def get_object(self, request: HttpRequest, pk: int) -> Any:
        assert self.model is not None
        obj = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)  # type: ignore[attr-defined]
        if not Scope.of(request.user).writes:
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        return obj

    def page(self, request: HttpRequest, obj: Any, form: TransitionForm | None, error: str = "") -> HttpResponse:
        workflow = workflow_of(obj)
        return render(request, self.template_name, {
            "object": obj, "form": form, "error": error, "state": workflow.label(getattr(obj, workflow.state_field)),
            "moves": workflow.available(request.user, obj), "verbose_name": obj._meta.verbose_name,
            "verbose_name_plural": obj._meta.verbose_name_plural, "list_url": _list_url(type(obj)),
        }, status=400 if error else 200)

    def _form(self, request: HttpRequest, obj: Any) -> TransitionForm | None:
        target = request.POST.get("to") or request.GET.get("to", "")
        move = workflow_of(obj).move(getattr(obj, workflow_of(obj).state_field), target)
        if move is None:
            return None
        data = request.POST if request.method == "POST" else None
        return TransitionForm(data, move=move, model=type(obj))

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(request, pk)
        return self.page(request, obj, self._form(request, obj))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(request, pk)
        form = self._form(request, obj)
        if form is None:
            return self.page(request, obj, None, _("Không có bước chuyển trạng thái này."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                transition(request.user, obj, form.move.target, data["day"], data["note"],
                           {name: data[name] for name in form.move.fields})
            except PermissionDenied as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Đã chuyển “%(object)s” sang '%(state)s'.")
                                 % {"object": obj, "state": workflow_of(obj).label(form.move.target)})
                return HttpResponseRedirect(obj.get_absolute_url())
            obj.refresh_from_db()
        return self.page(request, obj, form)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


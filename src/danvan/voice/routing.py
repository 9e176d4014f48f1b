"""Routing a petition to the body responsible: each step is a ``Referral`` (date, from → to,
reason), so a wrong routing is re-sent without losing its history; the petition's ``body`` is the
last referral's. The move to "forwarded" is a service move (``lifecycle``: no user makes it
directly), made here with ``core.workflow.transition(force=True)`` after this module's own checks.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.services import save_record
from danvan.core.workflow import transition

from .choices import PetitionState
from .models import Body, Petition, Referral

FORWARDABLE = (PetitionState.RECEIVED, PetitionState.CLASSIFIED, PetitionState.FORWARDED)


def forward(user: Any, petition: Petition, to_body: Body, day: dt.date | None, reason: str = "") -> Referral:
    """Send ``petition`` to ``to_body`` on ``day``: the referral, the new body and (from received,
    classified or forwarded) the move to "forwarded", in one transaction. A body the user may not
    see is a 404; the same body again, or a closed case, a ``ValidationError`` in Vietnamese."""
    if not Body.objects.visible_to(user).filter(pk=to_body.pk).exists():  # type: ignore[attr-defined]
        raise Http404(_("Không có cơ quan này trong phạm vi của bạn."))
    if not petition.is_open:
        raise ValidationError(_("Vụ việc đã đóng (%(state)s), không chuyển đơn được.")
                              % {"state": petition.get_state_display()})
    if petition.body_id == to_body.pk:
        raise ValidationError({"body": [_("Đơn đang ở %(body)s: chọn cơ quan khác để chuyển.")
                                        % {"body": to_body.name}]})
    if day is None:
        raise ValidationError({"day": [_("Cần nhập ngày chuyển đơn.")]})
    with transaction.atomic():
        referral = save_record(user, Referral(petition=petition, date=day, from_body=petition.body,
                                              to_body=to_body, reason=(reason or "").strip()))
        before = audit.snapshot(petition)
        petition.body = to_body
        save_record(user, petition, before)
        if petition.state in FORWARDABLE:
            transition(user, petition, PetitionState.FORWARDED, day, reason, force=True)
    return referral

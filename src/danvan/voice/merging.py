"""Merging duplicate petitions into one case that keeps every petitioner.

Each duplicate's first petitioner (person, name, contact, anonymous) becomes a ``Petitioner`` of
the target, and its own ``Petitioner`` rows move to the target (after it, in their order); every one records the duplicate's
tracking code (``from_code``). The duplicate moves to "merged" (a service move of ``lifecycle``,
made here with ``core.workflow.transition(force=True)``) and points to the target
(``merged_into``); its attachments stay with it, read-only, and are listed on the target's page
(:func:`merged_attachments`). All in one transaction: nothing is half-merged.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.services import delete_record, save_record
from danvan.core.workflow import transition

from .choices import PetitionState
from .models import Petition, PetitionAttachment, Petitioner


def _refuse(message: str) -> ValidationError:
    return ValidationError({"duplicates": [message]})


def check(user: Any, target: Petition, duplicates: Sequence[Petition]) -> list[Petition]:
    """The duplicates, distinct and checked; a duplicate the user does not see is a 404, any other
    refusal a ``ValidationError`` in Vietnamese naming the case."""
    visible = Petition.objects.visible_to(user)  # type: ignore[attr-defined]
    if not visible.filter(pk=target.pk).exists():
        raise Http404(_("Không có vụ việc này trong phạm vi của bạn."))
    seen: dict[int, Petition] = {}
    for dup in duplicates:
        seen.setdefault(dup.pk, dup)
    found = list(seen.values())
    if not found:
        raise _refuse(_("Chọn ít nhất một đơn trùng để gộp."))
    if visible.filter(pk__in=list(seen)).count() != len(found):
        raise Http404(_("Có đơn không thuộc phạm vi của bạn."))
    if not target.is_open or target.merged_into_id:
        raise _refuse(_("Vụ việc %(code)s đã đóng (%(state)s), không gộp thêm đơn vào được.")
                      % {"code": target.code, "state": target.get_state_display()})
    for dup in found:
        names = {"code": dup.code, "target": target.code, "state": dup.get_state_display()}
        if dup.pk == target.pk:
            raise _refuse(_("Không thể gộp vụ việc %(code)s vào chính nó.") % names)
        if not dup.is_open or dup.merged_into_id:
            raise _refuse(_("Đơn %(code)s đã đóng (%(state)s), không gộp được.") % names)
        if dup.province_id != target.province_id:
            raise _refuse(_("Đơn %(code)s thuộc tỉnh khác với vụ việc %(target)s, không gộp được.") % names)
    return found


def merge(user: Any, target: Petition, duplicates: Sequence[Petition], day: dt.date) -> Petition:
    """Merge ``duplicates`` into ``target`` on ``day`` (see the module's docstring)."""
    found = check(user, target, duplicates)
    with transaction.atomic():
        for dup in found:
            save_record(user, Petitioner(petition=target, person=dup.person, name=dup.name, contact=dup.contact,
                                         anonymous=dup.anonymous, from_code=dup.code))
            for joined in list(dup.petitioners.order_by("id")):  # re-created: they keep their order
                save_record(user, Petitioner(petition=target, person=joined.person, name=joined.name,
                                             contact=joined.contact, anonymous=joined.anonymous, from_code=dup.code))
                delete_record(user, joined)
            note = _("Gộp vào vụ việc %(code)s.") % {"code": target.code}
            transition(user, dup, PetitionState.MERGED, day, note, force=True)
            before = audit.snapshot(dup)
            dup.merged_into = target
            save_record(user, dup, before)
    target.refresh_from_db()
    return target


def merged_attachments(target: Petition) -> QuerySet:
    """The attachments of the petitions merged into ``target`` (read-only, kept with them)."""
    return PetitionAttachment.objects.filter(petition__merged_into=target).select_related("petition")

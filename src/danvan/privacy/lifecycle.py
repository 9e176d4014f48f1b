"""The lifecycle of a data-subject request: received → acknowledged (within 2 working days) →
completed, with at most one extension (≤ 15 days past the due day, with a reason) or a refusal
(with a reason). Moves are made by editors of the unit (commune editors and above); every move
goes through ``core.workflow.transition`` and is kept in the request's history."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.choices import Role
from danvan.core.workflow import Transition, Workflow, by_role, register
from danvan.geo.choices import Level

from . import deadlines
from .choices import RequestState
from .models import DataRequest, DataRequestStateChange

EDITORS = by_role({Role.COMMUNE_EDITOR, Role.PROVINCE, Role.ADMIN}, max_level=Level.COMMUNE)
EDITORS_WHO = gettext_lazy("cán bộ cấp xã trở lên")


def _extension_allowed(obj: DataRequest, values: Mapping[str, Any]) -> str | None:
    """One extension, after the due day and at most 15 days past it."""
    extended_to = values.get("extended_to")
    if extended_to is None:
        return None
    latest = deadlines.latest_extension(obj.due)
    if extended_to <= obj.due:
        return _("Ngày gia hạn phải sau hạn giải quyết (%(due)s).") % {"due": f"{obj.due:%d/%m/%Y}"}
    if extended_to > latest:
        return _("Chỉ được gia hạn một lần, không quá %(days)s ngày (đến %(latest)s).") % {
            "days": deadlines.MAX_EXTENSION_DAYS, "latest": f"{latest:%d/%m/%Y}"}
    return None


S = RequestState
WORKFLOW = Workflow(
    states=RequestState,
    transitions=(
        Transition((S.RECEIVED,), S.ACKNOWLEDGED, gettext_lazy("Xác nhận đã nhận yêu cầu"), allowed=EDITORS,
                   who=EDITORS_WHO, stamp="acknowledged_on"),
        Transition((S.ACKNOWLEDGED,), S.EXTENDED, gettext_lazy("Gia hạn"), allowed=EDITORS, who=EDITORS_WHO,
                   needs_note=True, fields=("extended_to",), guard=_extension_allowed),
        Transition((S.ACKNOWLEDGED, S.EXTENDED), S.COMPLETED, gettext_lazy("Hoàn thành"), allowed=EDITORS,
                   who=EDITORS_WHO, stamp="closed_on"),
        Transition((S.RECEIVED, S.ACKNOWLEDGED, S.EXTENDED), S.REFUSED, gettext_lazy("Từ chối"), allowed=EDITORS,
                   who=EDITORS_WHO, needs_note=True, stamp="closed_on"),
    ),
    history=DataRequestStateChange, parent_field="request", start_field="received_on",
)
register(DataRequest, WORKFLOW)

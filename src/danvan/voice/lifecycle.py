"""The lifecycles of a petition and of an oversight recommendation, as tables: which move, from
where, by whom (``core.workflow``). Every move goes through ``core.workflow.transition``; the
dated fields (``accepted_on``, ``answered_on`` …) take the move's day (``Transition.stamp``).

Petition: received → classified → forwarded (by ``routing.forward``, which also records the
referral) / accepted → answered (with an answer, alone or in a consolidated reply) → resolved;
withdrawn or not accepted with a reason from any open state; reopened (back to accepted, with the
petitioner's reason) after an answer; merged into another case (by ``merging.merge`` only).

Recommendation: sent → answered → accepted / partly accepted / not accepted → implemented (with
evidence) → re-checked.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.choices import Role
from danvan.core.workflow import Transition, Workflow, by_role, register

from .choices import OPEN_STATES, PetitionState, RecommendationState
from .models import Petition, PetitionChange, Recommendation, RecommendationChange

EDITORS = by_role({Role.COMMUNE_EDITOR, Role.PROVINCE, Role.ADMIN})
EDITORS_WHO = gettext_lazy("cán bộ nhập liệu, chuyên viên")


def _nobody(user: Any, obj: Any) -> bool:
    """Moves made only by a service (forwarding records a referral, merging moves petitioners)."""
    return False


def _has_answer(obj: Petition, values: Mapping[str, Any]) -> str | None:
    if not (obj.answer or "").strip() and not obj.reply_id:
        return _("Cần nhập nội dung trả lời (hoặc chọn văn bản trả lời tổng hợp) trước khi chuyển 'Đã trả lời'.")
    return None


def _has_evidence(obj: Recommendation, values: Mapping[str, Any]) -> str | None:
    if not obj.evidence.exists():
        return _("Cần tải lên minh chứng thực hiện kiến nghị trước khi ghi nhận 'Đã thực hiện'.")
    return None


S = PetitionState
OPEN = tuple(str(s) for s in OPEN_STATES)

# (from, to, label of the move, who may, options)
PETITION_POLICY: tuple[tuple[tuple[str, ...], str, Any, Any, dict[str, Any]], ...] = (
    ((S.RECEIVED,), S.CLASSIFIED, gettext_lazy("Phân loại xong"), EDITORS, {}),
    ((S.RECEIVED, S.CLASSIFIED, S.FORWARDED), S.FORWARDED, gettext_lazy("Chuyển đơn"), _nobody, {}),
    ((S.RECEIVED, S.CLASSIFIED, S.FORWARDED), S.ACCEPTED, gettext_lazy("Thụ lý"), EDITORS,
     {"stamp": "accepted_on"}),
    (OPEN, S.ANSWERED, gettext_lazy("Trả lời"), EDITORS, {"stamp": "answered_on", "guard": _has_answer}),
    ((S.ANSWERED,), S.RESOLVED, gettext_lazy("Giải quyết xong"), EDITORS, {"stamp": "resolved_on"}),
    (OPEN, S.WITHDRAWN, gettext_lazy("Người gửi rút đơn"), EDITORS, {"needs_note": True}),
    (OPEN, S.REJECTED, gettext_lazy("Không thụ lý"), EDITORS, {"needs_note": True}),
    ((S.ANSWERED, S.RESOLVED), S.ACCEPTED, gettext_lazy("Mở lại (người gửi không đồng ý)"), EDITORS,
     {"needs_note": True}),
    (OPEN, S.MERGED, gettext_lazy("Gộp vào vụ việc khác"), _nobody, {}),
)

PETITION_WORKFLOW = Workflow(
    states=PetitionState,
    transitions=tuple(Transition(tuple(str(s) for s in sources), str(target), label, allowed=allowed,
                                 who=EDITORS_WHO, **options)
                      for sources, target, label, allowed, options in PETITION_POLICY),
    history=PetitionChange, parent_field="petition", start_field="received",
)
register(Petition, PETITION_WORKFLOW)

R = RecommendationState
RECOMMENDATION_POLICY: tuple[tuple[tuple[str, ...], str, Any, dict[str, Any]], ...] = (
    ((R.SENT,), R.ANSWERED, gettext_lazy("Có trả lời"), {"stamp": "answered_on"}),
    ((R.SENT, R.ANSWERED), R.ACCEPTED, gettext_lazy("Được tiếp thu"), {"stamp": "answered_on"}),
    ((R.SENT, R.ANSWERED), R.PARTLY, gettext_lazy("Tiếp thu một phần"), {"stamp": "answered_on"}),
    ((R.SENT, R.ANSWERED), R.NOT_ACCEPTED, gettext_lazy("Không tiếp thu"), {"stamp": "answered_on",
                                                                            "needs_note": True}),
    ((R.ACCEPTED, R.PARTLY), R.IMPLEMENTED, gettext_lazy("Đã thực hiện"), {"stamp": "implemented_on",
                                                                          "guard": _has_evidence}),
    ((R.IMPLEMENTED,), R.RECHECKED, gettext_lazy("Kiểm tra lại"), {"stamp": "rechecked_on",
                                                                  "fields": ("recheck_note",)}),
)

RECOMMENDATION_WORKFLOW = Workflow(
    states=RecommendationState,
    transitions=tuple(Transition(tuple(str(s) for s in sources), str(target), label, allowed=EDITORS,
                                 who=EDITORS_WHO, **options)
                      for sources, target, label, options in RECOMMENDATION_POLICY),
    history=RecommendationChange, parent_field="recommendation", start_field="sent_on",
)
register(Recommendation, RECOMMENDATION_WORKFLOW)


def times_reopened(petition: Petition) -> int:
    """How many times the petitioner disagreed with an answer and the case was reopened."""
    return petition.state_changes.filter(to_state=S.ACCEPTED,
                                         from_state__in=(S.ANSWERED, S.RESOLVED)).count()

"""The lifecycle of a "Dân vận khéo" model, as a table: which move, from where, by whom.

registered → launched (ra mắt) → implementing → reviewed (annual sơ kết: good / to be consolidated)
→ recognized at commune / province level → typical (tiêu biểu) → commended → replicated; stopped
from any state, with a reason. Commune-level moves are made by commune editors (and the levels
above); province recognition, typical, commended and replicated by province specialists and
admins. Every move goes through ``core.workflow.transition``.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.choices import Role
from danvan.core.workflow import Transition, Workflow, by_role, register
from danvan.geo.choices import Level

from .choices import ReviewResult, State
from .models import Exemplar, ExemplarStateChange

# Who may: a role held through a grant covering the model, on a unit of at least this level.
COMMUNE = by_role({Role.COMMUNE_EDITOR, Role.PROVINCE, Role.ADMIN}, max_level=Level.COMMUNE)
PROVINCE = by_role({Role.PROVINCE, Role.ADMIN}, max_level=Level.PROVINCE)
COMMUNE_WHO = gettext_lazy("cán bộ cấp xã trở lên")
PROVINCE_WHO = gettext_lazy("chuyên viên cấp tỉnh, quản trị")


def _reviewed_good(obj: Exemplar, values: Mapping[str, Any]) -> str | None:
    if obj.review_result != ReviewResult.GOOD:
        return _("Chỉ mô hình được sơ kết, đánh giá 'Hiệu quả' mới được công nhận.")
    return None


def _has_replicas(obj: Exemplar, values: Mapping[str, Any]) -> str | None:
    if not obj.replicas.exists():
        return _("Chưa có mô hình nào được nhân rộng từ mô hình này (khai báo ở mô hình nhân rộng).")
    return None


S = State
_LIVE = tuple(s for s in S.values if s != S.STOPPED)

# (from, to, label of the move, who may, who in words, extra options)
POLICY: tuple[tuple[tuple[str, ...], str, Any, Any, Any, dict[str, Any]], ...] = (
    ((S.REGISTERED,), S.LAUNCHED, gettext_lazy("Ra mắt"), COMMUNE, COMMUNE_WHO, {}),
    ((S.LAUNCHED,), S.IMPLEMENTING, gettext_lazy("Triển khai thực hiện"), COMMUNE, COMMUNE_WHO, {}),
    ((S.IMPLEMENTING, S.REVIEWED), S.REVIEWED, gettext_lazy("Sơ kết, đánh giá"), COMMUNE, COMMUNE_WHO,
     {"fields": ("review_result",)}),
    ((S.REVIEWED,), S.RECOGNIZED_COMMUNE, gettext_lazy("Công nhận cấp xã"), COMMUNE, COMMUNE_WHO,
     {"guard": _reviewed_good}),
    ((S.REVIEWED, S.RECOGNIZED_COMMUNE), S.RECOGNIZED_PROVINCE, gettext_lazy("Công nhận cấp tỉnh"), PROVINCE,
     PROVINCE_WHO, {"guard": _reviewed_good}),
    ((S.RECOGNIZED_COMMUNE, S.RECOGNIZED_PROVINCE), S.TYPICAL, gettext_lazy("Công nhận tiêu biểu"), PROVINCE,
     PROVINCE_WHO, {}),
    ((S.RECOGNIZED_PROVINCE, S.TYPICAL), S.COMMENDED, gettext_lazy("Khen thưởng"), PROVINCE, PROVINCE_WHO, {}),
    ((S.TYPICAL, S.COMMENDED), S.REPLICATED, gettext_lazy("Ghi nhận đã nhân rộng"), PROVINCE, PROVINCE_WHO,
     {"guard": _has_replicas}),
    (_LIVE, S.STOPPED, gettext_lazy("Dừng thực hiện"), COMMUNE, COMMUNE_WHO, {"needs_note": True}),
)

WORKFLOW = Workflow(
    states=State,
    transitions=tuple(Transition(tuple(str(s) for s in sources), str(target), label, allowed=allowed, who=who,
                                 **options)
                      for sources, target, label, allowed, who, options in POLICY),
    history=ExemplarStateChange, parent_field="exemplar", start_field="registered",
)
register(Exemplar, WORKFLOW)

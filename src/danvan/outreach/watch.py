"""The formalism watch (seed 000: "còn mang tính hình thức, chưa thu hút được sự tham gia đông đảo
của người dân"): which activities, plans, agencies and villages fall below the thresholds.

Thresholds are data (``WatchRule``, per unit subtree; the nearest rule above a record wins, else
``DEFAULT``). The same rules give a record's ``flags`` (Vietnamese reasons, for its page) and the
SQL condition of the list filter "bị cảnh báo", so the two cannot disagree.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from .models import Activity, Mode, Plan, WatchRule


@dataclass(frozen=True)
class Thresholds:
    min_residents: int = 10
    min_with_people: int = 50  # percent
    require_situation: bool = True
    path: str = ""  # the rule's unit path ('' = the default)


DEFAULT = Thresholds()


def rules(holder: Any = None) -> list[Thresholds]:
    """Every stored rule, the most specific (longest path) first.

    With a ``holder`` (the request's user object, as ``Scope.of`` does) they are read once per
    request: an API list of 500 activities asks for them once, not 500 times.
    """
    cached = getattr(holder, "_outreach_watch_rules", None)
    if cached is not None:
        return cached
    stored = WatchRule.objects.order_by("-unit_path").values_list(
        "min_residents", "min_with_people", "require_situation", "unit_path")
    found = [Thresholds(*row) for row in stored]
    if holder is not None:
        holder._outreach_watch_rules = found
    return found


def thresholds_for(path: str, known: Iterable[Thresholds] | None = None) -> Thresholds:
    """The rule of the nearest unit above ``path`` (a record's unit path), else the default."""
    for rule in known if known is not None else rules():
        if path.startswith(rule.path):
            return rule
    return DEFAULT


def share(part: int, whole: int) -> float | None:
    return None if not whole else 100.0 * part / whole


# ---------------------------------------------------------------- one record's reasons
def activity_flags(activity: Activity, rule: Thresholds | None = None) -> list[str]:
    """Why an activity looks formal: too few residents, no situation note."""
    rule = rule or thresholds_for(activity.unit_path)
    out = []
    if activity.residents < rule.min_residents:
        out.append(_("Chỉ có %(n)s người dân tham gia (ngưỡng %(min)s).") % {
            "n": activity.residents, "min": rule.min_residents})
    if rule.require_situation and not activity.situation_note.strip():
        out.append(_("Chưa ghi tình hình thực tế của thôn, ấp."))
    return out


def plan_flags(plan: Plan, rule: Thresholds | None = None) -> list[str]:
    """Why a plan looks formal: no situation, no tasks, too few tasks done with the people."""
    rule = rule or thresholds_for(plan.unit_path)
    out = []
    if rule.require_situation and not plan.situation.strip():
        out.append(_("Kế hoạch chưa xuất phát từ tình hình thực tế của thôn (chưa ghi tình hình)."))
    modes = [task.mode for task in plan.tasks.all()]  # prefetched by lists
    if not modes:
        out.append(_("Kế hoạch chưa xác định nhiệm vụ cụ thể."))
    else:
        pct = share(modes.count(Mode.WITH_PEOPLE), len(modes))
        if pct is not None and pct < rule.min_with_people:
            out.append(_("Chỉ %(pct)s%% nhiệm vụ làm cùng dân (ngưỡng %(min)s%%).") % {
                "pct": round(pct), "min": rule.min_with_people})
    return out


# ---------------------------------------------------------------- the list filters (SQL)
def _by_rule(breach: Any) -> Q:
    """OR over the rules: records under a rule (and under no more specific one) that breach it."""
    known = rules()
    condition = Q(pk__in=[])
    for index, rule in enumerate([*known, DEFAULT]):
        here = Q(unit_path__under=rule.path) if rule.path else Q()
        for deeper in known[:index]:
            here &= ~Q(unit_path__under=deeper.path)
        condition |= here & breach(rule)
    return condition


def _activity_breach(rule: Thresholds) -> Q:
    breach = Q(residents__lt=rule.min_residents)
    return breach | Q(situation_note="") if rule.require_situation else breach


def flagged_activities(queryset: QuerySet) -> QuerySet:
    return queryset.filter(_by_rule(_activity_breach))


def flagged_plans(queryset: QuerySet) -> QuerySet:
    annotated = queryset.alias(
        n_tasks=Count("tasks", distinct=True),
        with_x100=Count("tasks", filter=Q(tasks__mode=Mode.WITH_PEOPLE), distinct=True) * 100)

    def breach(rule: Thresholds) -> Q:
        # with / all < min %  ⇔  100 · with < min · all (integers, no division)
        low = Q(n_tasks=0) | Q(with_x100__lt=F("n_tasks") * rule.min_with_people)
        return low | Q(situation="") if rule.require_situation else low

    return annotated.filter(_by_rule(breach))

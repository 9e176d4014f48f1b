"""What the campaigns pages show beyond the declared fields (each a declaration's ``detail_context``):
a work's financing and its contributions per village, a campaign's works and contributions, a
course's named trainees, a decision's share agreeing, and the reviews behind a poverty exit."""

from typing import Any

from django.db.models import Count, Q, Sum
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from danvan.people.models import HouseholdPoverty

from .disclosure import by_village
from .filters import exited
from .models import Campaign, Contribution, PovertyHelp, Trainee, TrainingCourse, VillageDecision, Work

LIMIT = 200


def _url(name: str, pk: int) -> str | None:
    """The URL, or None while the page that serves it is not installed."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def contribution_totals(queryset: Any) -> dict[str, int]:
    """Number of contributions and their cash (VND), labor-days and land (m²)."""
    totals = queryset.aggregate(count=Count("id"), cash_vnd=Sum("cash_vnd"), labor_days=Sum("labor_days"),
                                land_m2=Sum("land_m2"))
    return {name: value or 0 for name, value in totals.items()}


def work_context(request: HttpRequest, obj: Work) -> dict[str, Any]:
    financing = [(Work._meta.get_field(name).verbose_name, getattr(obj, name))
                 for name in ("budget_vnd", "organizations_vnd", "people_vnd", "sponsors_vnd")]
    decisions = (VillageDecision.objects.visible_to(request.user).filter(work=obj).select_related("unit")
                 .order_by("day", "id"))
    return {
        "financing": financing,
        "financed": obj.financed(),
        "disclosure": by_village(obj),
        "decisions": decisions,
        "public_url": _url("campaigns_public:work", obj.pk) if obj.public else None,
        "notice_url": _url("campaigns_public:notice", obj.pk) if obj.public else None,
    }


def campaign_context(request: HttpRequest, obj: Campaign) -> dict[str, Any]:
    works = Work.objects.visible_to(request.user).filter(campaign=obj).select_related("unit")
    summary = works.aggregate(count=Count("id"), quantity=Sum("quantity"), value_vnd=Sum("value_vnd"),
                              handed_over=Count("id", filter=Q(handed_over__isnull=False)))
    return {
        "works": works.order_by("-handed_over", "name_sort", "id")[:LIMIT],
        "work_summary": {name: value or 0 for name, value in summary.items()},
        "contribution_totals": contribution_totals(Contribution.objects.visible_to(request.user).filter(campaign=obj)),
        "decisions": VillageDecision.objects.visible_to(request.user).filter(campaign=obj).select_related("unit"),
    }


def course_context(request: HttpRequest, obj: TrainingCourse) -> dict[str, Any]:
    trainees = (Trainee.objects.visible_to(request.user).filter(course=obj).select_related("person", "person__unit")
                .order_by("person__name_sort", "id"))
    return {"trainees": trainees}


def decision_context(request: HttpRequest, obj: VillageDecision) -> dict[str, Any]:
    return {"contribution_totals": contribution_totals(
        Contribution.objects.visible_to(request.user).filter(decision=obj))}


def poverty_help_context(request: HttpRequest, obj: PovertyHelp) -> dict[str, Any]:
    statuses = {row.year: row for row in HouseholdPoverty.objects.filter(
        household_id=obj.household_id, year__in=(obj.year - 1, obj.year, obj.year + 1))}
    reviews = [{"year": year, "status": statuses[year].get_status_display() if year in statuses else None}
               for year in (obj.year - 1, obj.year, obj.year + 1)]
    return {"reviews": reviews, "exit_counts": PovertyHelp.objects.filter(pk=obj.pk).filter(exited()).exists()}

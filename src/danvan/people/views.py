"""What the register pages show beyond the declared fields (detail extras) and save beside a record.

The pages themselves are derived from ``declarations.py`` (``web.derive``); these hooks are
named there.
"""

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from danvan.core import audit
from danvan.core.services import save_record

from .models import Branch, Membership, Organization, Person


def organization_context(request: HttpRequest, obj: Organization) -> dict[str, Any]:
    branches = Branch.objects.visible_to(request.user).filter(organization=obj).select_related("unit")
    return {
        "branches": branches.order_by("name_sort")[:100],
        "branch_count": branches.count(),
        "children": Organization.objects.visible_to(request.user).filter(parent=obj).order_by("name_sort"),
    }


def branch_context(request: HttpRequest, obj: Branch) -> dict[str, Any]:
    members = Membership.objects.visible_to(request.user).filter(branch=obj)
    counts = members.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(left__isnull=True)),
        regular=Count("pk", filter=Q(left__isnull=True, attends_regularly=True)),
    )
    return {"member_counts": counts}


def person_context(request: HttpRequest, obj: Person) -> dict[str, Any]:
    memberships = (
        Membership.objects.visible_to(request.user).filter(person=obj)
        .select_related("branch", "branch__unit").order_by("-joined")
    )
    return {"memberships": memberships}


def household_context(request: HttpRequest, obj: Any) -> dict[str, Any]:
    return {
        "poverty": obj.poverty.all(),
        "residents": Person.objects.visible_to(request.user).filter(household=obj).order_by("name_sort"),
    }


def save_household_poverty(request: HttpRequest, obj: Any, form: Any) -> None:
    """The household form's poverty status is a row of its own, saved in the same transaction."""
    record = form.poverty_record(obj)
    if record is not None:
        save_record(request.user, record, before=audit.snapshot(record) if record.pk else None)

"""Scope: the one place that decides which rows a user may see.

Every scoped model stores its unit's materialized path; a grant covers its unit's subtree, so
visibility is a prefix filter, optionally narrowed to one organization kind. Every list, detail,
form choice, export and API endpoint goes through ``visible_to``.
"""

from typing import Any, Self

from django.db import models
from django.db.models import Q


def scope_q(user: Any, path_field: str, org_kind_field: str | None) -> Q | None:
    """The filter for ``user``; ``None`` means everything (system admin)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_system_admin:
        return None
    condition = Q(pk__in=[])
    for grant in user.grants_cached():
        part = Q(**{f"{path_field}__startswith": grant.unit.path})
        if grant.org_kind and org_kind_field:
            part &= Q(**{org_kind_field: grant.org_kind})
        condition |= part
    return condition


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        model = self.model
        condition = scope_q(
            user, getattr(model, "scope_path_field", "unit_path"), getattr(model, "scope_org_kind_field", None)
        )
        return self if condition is None else self.filter(condition)


def unit_in_scope(user: Any, unit: Any, org_kind: str = "") -> bool:
    """Whether ``user`` may act on a record placed in ``unit`` (and of ``org_kind``)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return any(
        unit.path.startswith(g.unit.path) and (not g.org_kind or not org_kind or g.org_kind == org_kind)
        for g in user.grants_cached()
    )

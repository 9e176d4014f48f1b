"""Scope: the one place that decides what a user may see and change.

A user's grants (a role over one unit's subtree, optionally narrowed to one organization kind)
become one :class:`Scope`. Every question about scope is a method of it:

- ``scope.filter(queryset)`` / ``Model.objects.visible_to(user)``: the rows a user may read
  (lists, details, form choices, pickers, exports, the API);
- ``scope.sees(path, org_kind)``: the same for one row already read (imports, reports);
- ``scope.may_write(path, org_kind)``: whether a record placed there (and of that kind) may be
  created or changed — the services, the forms and every import ask this, for the new values
  *and* for the existing row an import would update;
- ``scope.fact_condition(column_of)``: the SQL the report builder and running totals add.

Every scoped model stores its unit's materialized path, so visibility is a prefix filter
(``path__under``, core/lookups.py: an index search on SQLite too). A grant
narrowed to an organization kind sees and writes only records of that kind where the model has
one (``scope_org_kind_field``); records without a kind (a household, a person) are shared.

core imports no app: units and users are read through their attributes (``unit.path``,
``user.grants_cached()``, ``user.is_system_admin``, ``user.can_write()``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class Reach:
    """One grant as scope sees it: a unit (with its ``path``) and an optional organization kind."""

    unit: Any
    org_kind: str = ""

    @property
    def path(self) -> str:
        return self.unit.path


class Scope:
    """What one user may see and change; build it with :meth:`of` (cached on the user)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        active = user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", True)
        self.everything = bool(active and user.is_system_admin)
        self.reaches: tuple[Reach, ...] = (
            () if not active or self.everything
            else tuple(Reach(g.unit, g.org_kind or "") for g in user.grants_cached())
        )
        self.writes = bool(active and user.can_write())

    @classmethod
    def of(cls, user: Any) -> "Scope":
        """The user's scope, built once per user object (grants are cached per request too)."""
        if user is None:
            return cls(None)
        scope = getattr(user, "_danvan_scope", None)
        if scope is None:
            scope = cls(user)
            try:
                user._danvan_scope = scope
            except AttributeError:  # AnonymousUser and other read-only objects
                pass
        return scope

    # ------------------------------------------------------------ reading
    @property
    def nothing(self) -> bool:
        return not self.everything and not self.reaches

    @property
    def kind_limited(self) -> bool:
        """Whether some grant is narrowed to one organization kind."""
        return any(r.org_kind for r in self.reaches)

    def q(self, path_field: str = "unit_path", org_kind_field: str | None = None) -> Q | None:
        """The ORM filter; ``None`` means everything (a system admin)."""
        if self.everything:
            return None
        condition = Q(pk__in=[])
        for reach in self.reaches:
            part = Q(**{f"{path_field}__under": reach.path})
            if reach.org_kind and org_kind_field:
                part &= Q(**{org_kind_field: reach.org_kind})
            condition |= part
        return condition

    def filter[Q_: models.QuerySet](self, queryset: Q_) -> Q_:
        """``queryset`` narrowed to what this scope sees (the model declares its scope fields)."""
        model = queryset.model
        condition = self.q(getattr(model, "scope_path_field", "unit_path"),
                           getattr(model, "scope_org_kind_field", None))
        return queryset if condition is None else queryset.filter(condition)

    def sees(self, path: str, org_kind: str = "") -> bool:
        """Whether a row placed at ``path`` (of ``org_kind``, '' for none) is visible."""
        if self.everything:
            return True
        return any(path.startswith(r.path) and (not r.org_kind or not org_kind or r.org_kind == org_kind)
                   for r in self.reaches)

    # ------------------------------------------------------------ writing
    def may_write(self, path: str, org_kind: str = "") -> bool:
        """Whether the user may create or change a record at ``path`` of ``org_kind``.

        The role must write, and one grant must cover the place and, when the grant is narrowed
        to an organization kind, the record's kind (a record without a kind is shared).
        """
        return self.writes and self.sees(path, org_kind)

    # ------------------------------------------------------------ SQL for the fact ledger
    def fact_condition(self, column_of: Callable[[Any], str | None],
                       org_kind_column: str = "org_kind") -> tuple[str, list[Any]] | None:
        """SQL restricting fact rows to this scope; ``None`` means no restriction.

        ``column_of(unit)`` names the placement column that holds the unit's id (``None``: the
        whole country). A kind-limited grant keeps facts of its kind and facts without a kind
        (households: area-wide figures, which the report says).
        """
        if self.everything:
            return None
        parts: list[str] = []
        params: list[Any] = []
        for reach in self.reaches:
            column = column_of(reach.unit)
            part = "1 = 1" if column is None else f"{column} = %s"
            if column is not None:
                params.append(reach.unit.pk)
            if reach.org_kind:
                part += f" AND {org_kind_column} IN (%s, '')"
                params.append(reach.org_kind)
            parts.append(f"({part})")
        if not parts:
            return "1 = 0", []
        return "(" + " OR ".join(parts) + ")", params


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return Scope.of(user).filter(self)

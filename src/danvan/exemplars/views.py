"""What the exemplar pages show beyond the declared fields: the lifecycle (history and the moves the
user may make), the model it replicates and the tree of its replications, grouped by unit."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.core.text import fold
from danvan.core.workflow import TransitionView, workflow_of

from .choices import PUBLIC_STATES
from .models import Exemplar

SEARCH_LIMIT = 20


@dataclass
class UnitNode:
    """One unit of the replication tree: its replicas there and its child units."""

    unit: Any
    items: list[Exemplar] = field(default_factory=list)
    children: list["UnitNode"] = field(default_factory=list)

    def count(self) -> int:
        return len(self.items) + sum(child.count() for child in self.children)


def descendants(obj: Exemplar, user: Any) -> list[Exemplar]:
    """Every replica of ``obj``, of its replicas, and so on (those ``user`` may see), by generation."""
    found: list[Exemplar] = []
    seen, frontier = {obj.pk}, [obj.pk]
    while frontier:
        rows = list(Exemplar.objects.visible_to(user).filter(origin_id__in=frontier)
                    .select_related("unit", "unit__parent", "province", "commune", "origin").order_by("name_sort"))
        rows = [r for r in rows if r.pk not in seen]
        seen |= {r.pk for r in rows}
        found += rows
        frontier = [r.pk for r in rows]
    return found


def replication_tree(items: list[Exemplar]) -> list[UnitNode]:
    """Replicas grouped province → commune → village (a replica applied commune-wide sits on its commune)."""
    provinces: dict[int, UnitNode] = {}
    communes: dict[int, UnitNode] = {}
    villages: dict[int, UnitNode] = defaultdict(lambda: UnitNode(None))
    for item in items:
        province = provinces.setdefault(item.province_id, UnitNode(item.province))
        commune = communes.get(item.commune_id)
        if commune is None:
            commune = communes[item.commune_id] = UnitNode(item.commune)
            province.children.append(commune)
        if item.unit_id == item.commune_id:
            commune.items.append(item)
            continue
        village = villages.get(item.unit_id)
        if village is None:
            village = villages[item.unit_id] = UnitNode(item.unit)
            commune.children.append(village)
        village.items.append(item)
    return list(provinces.values())


def origin_choices(user: Any) -> QuerySet[Exemplar]:
    """The models ``user`` may name as an origin: those in scope and those published anywhere
    (replication crosses communes; a published model's name and unit are public already)."""
    return (Exemplar.objects.visible_to(user)  # type: ignore[attr-defined]
            | Exemplar.objects.filter(public=True, state__in=PUBLIC_STATES))


@login_required
def origin_search(request: HttpRequest) -> HttpResponse:
    """The origin picker's search (htmx): models in scope or published, by folded name."""
    query = fold(request.GET.get("q") or request.GET.get("origin_search", ""))
    items = []
    if query:
        rows = (origin_choices(request.user).filter(name_folded__contains=query).select_related("unit")
                .order_by("name_sort")[:SEARCH_LIMIT])
        items = [{"value": row.pk, "label": row.name, "detail": row.unit.name} for row in rows]
    return render(request, "web/picker_results.html", {"items": items, "query": query})


origin_search.model = Exemplar  # type: ignore[attr-defined]


def lineage(obj: Exemplar, user: Any) -> list[tuple[Exemplar, bool]]:
    """The models ``obj`` descends from that ``user`` may know of, each with whether it may be opened."""
    visible = set(Exemplar.objects.visible_to(user).filter(  # type: ignore[attr-defined]
        pk__in=[o.pk for o in obj.lineage()]).values_list("pk", flat=True))
    return [(o, o.pk in visible) for o in obj.lineage() if o.pk in visible or o.is_public()]


def exemplar_context(request: HttpRequest, obj: Exemplar) -> dict[str, Any]:
    workflow = workflow_of(obj)
    replicas = descendants(obj, request.user)
    return {
        "state_changes": workflow.changes(obj).select_related("actor"),
        "moves": workflow.available(request.user, obj),
        "lineage": lineage(obj, request.user),
        "replica_count": len(replicas),
        "replication_tree": replication_tree(replicas),
    }


class ExemplarTransitionView(TransitionView):
    """The page of one lifecycle move of a model (``core.workflow``)."""

    model = Exemplar

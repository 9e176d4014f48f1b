"""What the exemplar pages show beyond the declared fields: the lifecycle (history and the moves the
user may make), the model it replicates and the tree of its replications, grouped by unit."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from danvan.core.workflow import TransitionView, workflow_of

from .models import Exemplar


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


def exemplar_context(request: HttpRequest, obj: Exemplar) -> dict[str, Any]:
    workflow = workflow_of(obj)
    replicas = descendants(obj, request.user)
    return {
        "state_changes": workflow.changes(obj).select_related("actor"),
        "moves": workflow.available(request.user, obj),
        "lineage": [o for o in obj.lineage() if Exemplar.objects.visible_to(request.user).filter(pk=o.pk).exists()],
        "replica_count": len(replicas),
        "replication_tree": replication_tree(replicas),
    }


class ExemplarTransitionView(TransitionView):
    """The page of one lifecycle move of a model (``core.workflow``)."""

    model = Exemplar
    template_name = "exemplars/transition.html"

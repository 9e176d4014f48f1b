"""The exemplars' part of the public page (``indicators.public``): commended and typical models an
editor marked public, with the story the editor wrote for the public, their public photos and
where they were replicated.

Never personal data: a model is shown by its public title (an individual exemplar only by it),
its field, its unit and the registering organization; no person, no registration details.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from danvan.core.evidence import EvidenceKind
from danvan.indicators.public import PublicSection, public_evidence_url, register_public_section

from .choices import PUBLIC_STATES, OwnerType
from .models import Exemplar, ExemplarEvidence

LIMIT = 30


@dataclass
class PublicModel:
    """What the public page shows of one model."""

    pk: int
    heading: str
    story: str
    field: str
    state: str
    unit: str
    registrant: str
    origin: str
    replica_units: list[str]
    photos: list[dict[str, str]] = field(default_factory=list)


def published(unit: Any) -> Any:
    """The models of ``unit``'s subtree the public may see."""
    return (Exemplar.objects.filter(unit_path__under=unit.path, public=True, state__in=PUBLIC_STATES)
            .exclude(Q(owner_type=OwnerType.INDIVIDUAL) & Q(public_title=""))
            .exclude(public_story=""))


def _photos(obj: Exemplar) -> list[dict[str, str]]:
    return [{"url": public_evidence_url(item), "caption": item.caption} for item in obj.public_photos]


def _shown(obj: Exemplar) -> PublicModel:
    origin = obj.origin.public_heading() if obj.origin_id and obj.origin.is_public() else ""
    replica_units = sorted({r.commune.name if r.commune else r.unit.name
                            for r in obj.replicas.all()})
    return PublicModel(
        pk=obj.pk, heading=obj.public_heading(), story=obj.public_story, field=obj.get_field_display(),
        state=obj.get_state_display(), unit=obj.unit.name, registrant=obj.registrant(), origin=origin,
        replica_units=replica_units, photos=_photos(obj),
    )


def context(unit: Any) -> dict[str, Any] | None:
    rows = (published(unit).select_related("unit", "organization", "origin")
            .annotate(replica_count=Count("replicas")).order_by("-replica_count", "-registered", "pk")
            .prefetch_related(
                Prefetch("replicas", queryset=Exemplar.objects.select_related("unit", "commune")),
                Prefetch("evidence", to_attr="public_photos", queryset=ExemplarEvidence.objects.filter(
                    public=True, kind=EvidenceKind.PHOTO).exclude(preview="")))[:LIMIT])
    models = [_shown(obj) for obj in rows]
    return {"models": models} if models else None


register_public_section(PublicSection(
    key="exemplars", title=_("Mô hình, điển hình \"Dân vận khéo\" tiêu biểu"),
    template="exemplars/public_section.html", context=context, order=20,
))

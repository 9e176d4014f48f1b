"""Keep the public pages fresh: any save or delete of a work, a contribution, a village decision
or a work's photo may change what the public sees (a work's page, its notice, the unit page);
so may an import, which writes through the bulk path (``core.bulk.bulk_written``)."""

from django.db.models.signals import post_delete, post_save

from danvan.core.bulk import bulk_written
from danvan.indicators import public

from .models import Contribution, VillageDecision, Work, WorkEvidence

for _model in (Work, Contribution, VillageDecision, WorkEvidence):
    post_save.connect(public.changed, sender=_model, dispatch_uid=f"campaigns-public-save-{_model.__name__}")
    post_delete.connect(public.changed, sender=_model, dispatch_uid=f"campaigns-public-delete-{_model.__name__}")
    bulk_written.connect(public.changed, sender=_model, dispatch_uid=f"campaigns-public-bulk-{_model.__name__}")

"""Keep the public page fresh: any save or delete of a model or its evidence may change what it shows."""

from django.db.models.signals import post_delete, post_save

from danvan.indicators import public

from .models import Exemplar, ExemplarEvidence

for _model in (Exemplar, ExemplarEvidence):
    post_save.connect(public.changed, sender=_model, dispatch_uid=f"exemplars-public-save-{_model.__name__}")
    post_delete.connect(public.changed, sender=_model, dispatch_uid=f"exemplars-public-delete-{_model.__name__}")

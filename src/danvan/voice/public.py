"""The voice app's part of the public page (``indicators.public``): the latest answers published in a
province or commune, a link to all of a commune's answers and to its petition form.

An answer is published when an editor ticked "công khai câu trả lời" on the petition (and wrote
the answer), or when the consolidated reply that answered it is public. Never personal data: a
published answer is shown by the petition's summary, field, dates and the answer itself.

The public pages are cached: saving or deleting a petition whose published answer is or was
shown, or any consolidated reply, bumps ``indicators.public.changed()``. The receivers are
connected when this module is imported (``VoiceConfig.ready`` should import it).
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.geo.choices import Level
from danvan.indicators import public
from danvan.indicators.public import PublicSection, register_public_section

from .choices import PetitionState
from .models import ConsolidatedReply, Petition

LATEST = 5
ANSWERED_STATES = (PetitionState.ANSWERED, PetitionState.RESOLVED)
PUBLISHED_ANSWER = (Q(answer_public=True) & ~Q(answer="")) | Q(reply__public=True)


def published_answer(petition: Petition) -> tuple[str, Any]:
    """The answer the public may read, and its date: the petition's own (when marked public) or the
    public consolidated reply's; ("", None) when none is published."""
    if petition.answer_public and petition.answer.strip():
        return petition.answer, petition.answered_on
    reply = petition.reply if petition.reply_id else None
    if reply is not None and reply.public:
        return reply.text, petition.answered_on or reply.date
    return "", None


def published(unit: Any) -> QuerySet[Petition]:
    """The answered petitions of ``unit``'s subtree whose answer is published, latest first."""
    return (Petition.objects.filter(unit_path__under=unit.path, state__in=ANSWERED_STATES)
            .filter(PUBLISHED_ANSWER).select_related("reply", "commune")
            .order_by("-answered_on", "-received", "-pk"))


def shown(petition: Petition) -> dict[str, Any]:
    """What the public sees of one answered petition (no petitioner, no notes, no files)."""
    text, day = published_answer(petition)
    return {"title": petition.title, "field": petition.get_field_display(), "received": petition.received,
            "answered": day, "answer": text, "commune": petition.commune.name if petition.commune_id else ""}


def context(unit: Any) -> dict[str, Any] | None:
    answers = [shown(p) for p in published(unit)[:LATEST]]
    if unit.level == Level.COMMUNE:
        return {"answers": answers, "is_commune": True, "show_commune": False,
                "submit_url": reverse("voice_public:submit", args=[unit.key]),
                "answers_url": reverse("voice_public:answers", args=[unit.key]),
                "track_url": reverse("voice_public:track")}
    if not answers:
        return None
    return {"answers": answers, "is_commune": False, "show_commune": True, "track_url": reverse("voice_public:track")}


register_public_section(PublicSection(
    key="voice", title=_("Kiến nghị của Nhân dân và trả lời"), template="voice/public/section.html",
    context=context, order=40,
))


# ---------------------------------------------------------------- keeping the cached pages fresh
def _remember(sender: Any, instance: Petition, **kwargs: Any) -> None:
    instance._voice_was_public = bool(instance.pk) and Petition.objects.filter(
        pk=instance.pk, state__in=ANSWERED_STATES).filter(PUBLISHED_ANSWER).exists()


def _petition_saved(sender: Any, instance: Petition, **kwargs: Any) -> None:
    now = instance.state in ANSWERED_STATES and bool(published_answer(instance)[0])
    if now or getattr(instance, "_voice_was_public", False):
        public.changed()


def _petition_deleted(sender: Any, instance: Petition, **kwargs: Any) -> None:
    if instance.state in ANSWERED_STATES and (instance.answer_public or instance.reply_id):
        public.changed()


pre_save.connect(_remember, sender=Petition, dispatch_uid="voice-public-remember")
post_save.connect(_petition_saved, sender=Petition, dispatch_uid="voice-public-petition-save")
post_delete.connect(_petition_deleted, sender=Petition, dispatch_uid="voice-public-petition-delete")
post_save.connect(public.changed, sender=ConsolidatedReply, dispatch_uid="voice-public-reply-save")
post_delete.connect(public.changed, sender=ConsolidatedReply, dispatch_uid="voice-public-reply-delete")

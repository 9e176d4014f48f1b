"""The daily digest of a responsible body: what came in since yesterday, what falls due today and
tomorrow, and what is overdue (with days), as a plain-text and HTML e-mail in Vietnamese sent to
``Body.email`` (``danvan voice_digest``, run daily by cron or a systemd timer).

Nothing goes overdue silently: a body with open petitions but no e-mail cannot get its digest —
the command lists it (and the province's dashboard panel, ``panel.silent_bodies``).

"New" is a petition routed to the body and entered (``created``) since yesterday 00:00 local time;
"due today/tomorrow" and "overdue" use the running deadline (``escalation``). A body with nothing
in any of the four lists gets no mail that day.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import escalation
from .choices import OPEN_STATES
from .models import Body, Petition


@dataclass
class Digest:
    """One body's digest for ``today``."""

    body: Body
    today: dt.date
    new: list[Petition] = field(default_factory=list)
    due_today: list[Petition] = field(default_factory=list)
    due_tomorrow: list[Petition] = field(default_factory=list)
    overdue: list[Petition] = field(default_factory=list)
    site_url: str = ""

    @property
    def empty(self) -> bool:
        return not (self.new or self.due_today or self.due_tomorrow or self.overdue)

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "due_today": len(self.due_today), "due_tomorrow": len(self.due_tomorrow),
                "overdue": len(self.overdue)}

    def subject(self) -> str:
        return _("[danvan] %(body)s: bản tin kiến nghị ngày %(day)s — %(new)s mới, %(overdue)s quá hạn") % {
            "body": self.body.name, "day": f"{self.today:%d/%m/%Y}", "new": len(self.new),
            "overdue": len(self.overdue)}

    def context(self) -> dict[str, Any]:
        return {"digest": self, "body": self.body, "today": self.today, "tomorrow": self.today + dt.timedelta(days=1),
                "new": self.new, "due_today": self.due_today, "due_tomorrow": self.due_tomorrow,
                "overdue": self.overdue, "site_url": self.site_url.rstrip("/")}

    def text(self) -> str:
        return render_to_string("voice/digest.txt", self.context())

    def html(self) -> str:
        return render_to_string("voice/digest.html", self.context())


def _routed(body: Body) -> QuerySet[Petition]:
    return Petition.objects.filter(body=body).select_related("unit", "commune")


def build(body: Body, today: dt.date | None = None, site_url: str = "",
          petitions: QuerySet[Petition] | None = None) -> Digest:
    """The digest of ``body`` for ``today`` (among ``petitions`` when given, e.g. those a user
    sees); each overdue petition gets ``days_overdue``."""
    today = today or timezone.localdate()
    routed = _routed(body)
    petitions = routed if petitions is None else routed & petitions
    yesterday = today - dt.timedelta(days=1)
    since = timezone.make_aware(dt.datetime.combine(yesterday, dt.time.min))
    tomorrow = today + dt.timedelta(days=1)
    late = list(escalation.overdue(petitions, today))
    for petition in late:
        petition.days_overdue = escalation.days_overdue(petition, today)
    return Digest(
        body=body, today=today, site_url=site_url,
        new=list(escalation.with_due(petitions).filter(created__gte=since).order_by("created", "id")),
        due_today=list(escalation.due_between(petitions, today, today)),
        due_tomorrow=list(escalation.due_between(petitions, tomorrow, tomorrow)),
        overdue=late,
    )


def bodies(unit: Any = None) -> QuerySet[Body]:
    """Active bodies with petitions routed to them (in ``unit``'s subtree when given)."""
    found = Body.objects.filter(active=True, petitions__isnull=False)
    if unit is not None:
        found = found.filter(unit_path__under=unit.path)
    return found.distinct().select_related("unit").order_by("unit_path", "name_sort")


def without_email(unit: Any = None) -> QuerySet[Body]:
    """Active bodies with open petitions and no e-mail: their digest cannot be sent."""
    return bodies(unit).filter(email="", petitions__state__in=OPEN_STATES).distinct()


@dataclass
class RunResult:
    """What one run did: digests sent (or printed), bodies without an e-mail (their digest, empty or
    not, could not be sent), bodies with nothing to report."""

    sent: list[Digest] = field(default_factory=list)
    no_email: list[Digest] = field(default_factory=list)
    nothing: list[Body] = field(default_factory=list)


def message(digest: Digest, connection: Any = None) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(digest.subject(), digest.text(), to=[digest.body.email], connection=connection)
    mail.attach_alternative(digest.html(), "text/html")
    return mail


def run(today: dt.date | None = None, *, unit: Any = None, dry_run: bool = False, site_url: str = "",
        targets: Iterable[Body] | None = None) -> RunResult:
    """Build every body's digest and send the ones with something to report (``dry_run``: send none)."""
    today = today or timezone.localdate()
    result = RunResult()
    connection = None if dry_run else get_connection()
    for body in (targets if targets is not None else bodies(unit)):
        digest = build(body, today, site_url)
        if not body.email:
            result.no_email.append(digest)
        elif digest.empty:
            result.nothing.append(body)
        else:
            if not dry_run:
                message(digest, connection).send()
            result.sent.append(digest)
    return result

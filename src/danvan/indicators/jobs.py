"""Background job kinds of the indicators app: the fact ledger's rebuild (``core.jobs``)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.jobs import JobKind, Progress, register_kind
from danvan.core.models import Job

from . import ledger


def rebuild_facts(job: Job, progress: Progress) -> dict[str, Any]:
    """``danvan facts rebuild`` as a job: ``ledger.rebuild`` reports records read in steps."""
    total = ledger.source_sizes()
    read = 0
    message = _("Đang tính lại sổ dữ kiện")
    progress(0, total, message, force=True)

    def step(count: int) -> None:
        nonlocal read
        read += count
        progress(read, total, message)

    rows = ledger.rebuild(progress=step)
    progress(total, total, _("Xong"), force=True)
    return {"facts": rows, "records": total}


register_kind(JobKind("facts_rebuild", gettext_lazy("Tính lại sổ dữ kiện"), rebuild_facts,
                      startable=lambda user: bool(user.is_system_admin)))

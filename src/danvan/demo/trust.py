"""The demo's examples of the trust features, made through the real paths so a newcomer sees them
working: a members file imported by a background job (its page, progress record, audit entry
and the file's rows) and a member deleted by the commune editor, waiting in "Đã xóa" to be
restored with her memberships. Sign-off and personal-data examples come with their apps' demos."""

from __future__ import annotations

import csv
from collections.abc import Callable

from django.db import transaction

from danvan.accounts.models import User
from danvan.core import jobs
from danvan.core.context import actor
from danvan.core.models import ChangeAction, ChangeRecord, Job
from danvan.core.services import delete_record
from danvan.people.models import Person

from .bench_import import HEADER, _rows
from .generator import DEMO_COMMUNE

EDITOR = "xa"  # the demo's commune editor (demo/accounts.py)
IMPORT_ROWS = 40


def ensure(write: Callable[[str], None] = print) -> None:
    """Add what is missing (a second run of ``danvan demo`` adds nothing)."""
    editor = User.objects.filter(username=EDITOR).first()
    if editor is None:
        return
    if not Job.objects.filter(kind="import").exists():
        job = _import_job(editor)
        write(f"  … tác vụ nền / background job #{job.pk}: {job.get_state_display()}")
    if not ChangeRecord.objects.filter(action=ChangeAction.DELETE, payload__has_key="deleted").exists():
        person = _delete_a_member(editor)
        if person is not None:
            write(f"  … đã xóa / deleted (để khôi phục / to restore): {person}")


def _import_job(editor: User) -> Job:
    """A small members file for the first village's women's union branch, imported as a job."""
    path = jobs.job_dir() / "demo-hoi-vien-moi.csv"
    branch = f"CH-{DEMO_COMMUNE}.01-PN"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows([f"NHAP-{row[0]}", *row[1:]] for row in _rows(IMPORT_ROWS, [branch]))
    with actor(editor, source="command"), transaction.atomic():
        job = jobs.start("import", editor, label="demo-hoi-vien-moi.csv",
                         params={"kind": "members", "dry_run": False},
                         file_path=str(path), file_name="demo-hoi-vien-moi.csv")
    jobs.execute(job.pk)  # run now; the worker later finds it done and skips it
    job.refresh_from_db()
    return job


def _delete_a_member(editor: User) -> Person | None:
    person = (Person.objects.filter(unit_path__under=f"VN/92/{DEMO_COMMUNE}/", memberships__isnull=False)
              .order_by("pk").first())
    if person is not None:
        with actor(editor, source="web"):
            delete_record(editor, person)
    return person

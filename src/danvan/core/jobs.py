"""Background jobs: long work (a big import, a ledger rebuild, a report) run by a worker process.

A job is one :class:`~danvan.core.models.Job` row (kind, who asked, where, state, progress, result,
every error, the stored file) plus one django-tasks task (``run_job``, database backend) that a
worker picks up: ``danvan db_worker``, which ``danvan serve`` and ``danvan demo`` start as their
child process (:class:`WorkerProcess`) — no extra service to install.

A kind is declared with :func:`register_kind` in an app's ``jobs.py`` (discovered like
``imports.py``): its ``run(job, progress)`` returns the result (JSON) or raises :class:`JobFailed`
with every error. ``progress(done, total, message)`` may be called as often as wanted; it is
stored at most twice a second.

Progress is written to a small JSON file beside the job's files, not to the job row: an import
holds its one transaction for the whole file, and on SQLite that transaction keeps every other
connection from writing — the row is updated when the job starts and when it ends, the file in
between; :func:`status` reads both.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from . import audit, imports
from .context import actor
from .models import ChangeAction, ChangeRecord, Job, JobState, province_of_path
from .scope import Scope

logger = logging.getLogger(__name__)

Progress = Callable[..., None]
# Errors kept on a job: every error of any realistic file (the import pipeline keeps 200).
JOB_MAX_ERRORS = 100_000


class JobFailed(Exception):
    """The job ended without its result; ``errors`` are complete Vietnamese sentences."""

    def __init__(self, errors: list[str], total: int | None = None) -> None:
        super().__init__("\n".join(errors[:5]))
        self.errors = errors
        self.total = total if total is not None else len(errors)


@dataclass(frozen=True)
class JobKind:
    name: str
    label: Any
    run: Callable[[Job, Progress], Any]
    # Who may start it from the jobs page without parameters (a rebuild); None: started elsewhere.
    startable: Callable[[Any], bool] | None = None


_KINDS: dict[str, JobKind] = {}


def register_kind(kind: JobKind) -> JobKind:
    _KINDS[kind.name] = kind
    return kind


def kinds() -> dict[str, JobKind]:
    autodiscover_modules("jobs")
    return dict(_KINDS)


# ---------------------------------------------------------------- files


def job_dir() -> Path:
    """Where jobs keep their files (under MEDIA_ROOT, so backups hold them)."""
    path = Path(settings.MEDIA_ROOT) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _progress_path(job_id: int) -> Path:
    return job_dir() / f"{job_id}.progress.json"


# ---------------------------------------------------------------- starting and reading


def start(kind: str, user: Any, *, label: str, params: dict[str, Any] | None = None,
          file_path: str = "", file_name: str = "") -> Job:
    """Create the job and queue its task once the caller's transaction commits; audited."""
    if kind not in kinds():
        raise KeyError(kind)
    unit_path = imports._common_scope(user)
    job = Job.objects.create(
        kind=kind, label=label[:200], user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "", unit_path=unit_path, province_id=province_of_path(unit_path),
        params=params or {}, file_path=file_path, file_name=file_name[:255],
    )
    _audit(job, _("Tạo tác vụ nền #%(id)s: %(label)s") % {"id": job.pk, "label": job.label})

    def enqueue() -> None:
        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def visible_jobs(user: Any) -> Any:
    """The jobs a user sees: those placed in their scope, and their own."""
    condition = Scope.of(user).q("unit_path")
    if condition is None:
        return Job.objects.all()
    return Job.objects.filter(condition | _own(user))


def _own(user: Any) -> Any:
    from django.db.models import Q

    return Q(user=user)


def status(job: Job) -> dict[str, Any]:
    """The job as the progress page polls it: the row, with the running progress overlaid."""
    done, total, message = job.done, job.total, job.message
    if job.state == JobState.RUNNING:
        try:
            live = json.loads(_progress_path(job.pk).read_text(encoding="utf-8"))
            done, total, message = live["done"], live["total"], live["message"]
        except (OSError, ValueError, KeyError):
            pass
    percent = min(100, int(done * 100 / total)) if total else None
    if job.state == JobState.DONE:
        percent = 100
    return {
        "id": job.pk, "kind": job.kind, "label": job.label, "state": job.state,
        "state_label": str(JobState(job.state).label), "done": done, "total": total, "percent": percent,
        "message": message, "finished": job.state in (JobState.DONE, JobState.FAILED),
        "result": job.result, "error_count": job.error_count,
    }


# ---------------------------------------------------------------- running


class _Reporter:
    """``progress(done, total, message)``, written to the job's progress file at most twice a second."""

    def __init__(self, job: Job) -> None:
        self.path = _progress_path(job.pk)
        self.last = 0.0
        self.state: dict[str, Any] = {"done": 0, "total": job.total, "message": ""}

    def __call__(self, done: int, total: int | None = None, message: str = "", *, force: bool = False) -> None:
        self.state = {"done": done, "total": total if total is not None else self.state["total"],
                      "message": message or self.state["message"]}
        now = time.monotonic()
        if force or now - self.last >= 0.5:
            self.last = now
            partial = self.path.with_suffix(".tmp")
            partial.write_text(json.dumps(self.state), encoding="utf-8")
            partial.replace(self.path)


@task()
def run_job(job_id: int) -> str:
    """The django-tasks task: run one job (the worker calls it)."""
    return execute(job_id)


def execute(job_id: int) -> str:
    """Run a queued job to its end, storing its state, result or every error. Returns the state."""
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started=timezone.now())
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("user").get(pk=job_id)
    reporter = _Reporter(job)
    reporter(0, job.total, str(_("Bắt đầu")), force=True)
    kind = kinds().get(job.kind)
    fields: dict[str, Any]
    with actor(job.user, source="job"):
        try:
            if kind is None:
                raise JobFailed([_("Không có loại tác vụ '%(kind)s'.") % {"kind": job.kind}])
            result = kind.run(job, reporter)
        except JobFailed as failure:
            fields = {"state": JobState.FAILED, "errors": failure.errors, "error_count": failure.total}
        except Exception as error:  # noqa: BLE001 — the job records any failure for its page
            logger.exception("job %s failed", job_id)
            fields = {"state": JobState.FAILED, "errors": [_("Lỗi hệ thống: %(error)s") % {"error": error}],
                      "error_count": 1, "message": traceback.format_exc(limit=3)[-300:]}
        else:
            fields = {"state": JobState.DONE, "result": result}
        state = reporter.state
        fields.setdefault("message", state["message"])
        Job.objects.filter(pk=job_id).update(done=state["done"], total=state["total"], finished=timezone.now(),
                                             **fields)
        job.refresh_from_db()
        _progress_path(job_id).unlink(missing_ok=True)
        if job.state == JobState.DONE:
            note = _("Tác vụ nền #%(id)s xong: %(label)s") % {"id": job.pk, "label": job.label}
        else:
            note = _("Tác vụ nền #%(id)s lỗi (%(n)s lỗi): %(label)s") % {
                "id": job.pk, "n": job.error_count, "label": job.label}
        _audit(job, note)
    return job.state


def _audit(job: Job, note: str) -> ChangeRecord:
    return audit.record(ChangeAction.JOB, job, note=note, unit_path=job.unit_path,
                        payload={"job": job.pk, "state": job.state})


# ---------------------------------------------------------------- the import kind


def count_lines(path: Path) -> int | None:
    """Data rows of a CSV file (lines minus the header), to show a percentage; None for XLSX."""
    if path.suffix.lower() != ".csv":
        return None
    lines = 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            lines += block.count(b"\n")
    return max(lines - 1, 0)


def _run_import(job: Job, progress: Progress) -> dict[str, Any]:
    path = Path(job.file_path)
    total = count_lines(path)
    dry_run = bool(job.params.get("dry_run"))
    reading = _("Đang kiểm tra") if dry_run else _("Đang nhập")
    progress(0, total, reading, force=True)
    try:
        with path.open("rb") as stream:
            result = imports.run_import(
                job.params["kind"], stream, job.file_name, job.user, dry_run=dry_run, preview_rows=20,
                progress=lambda rows: progress(rows, total, reading), max_errors=JOB_MAX_ERRORS,
                audit_payload={"job": job.pk},
            )
    except FileNotFoundError:
        raise JobFailed([_("Không còn tệp của tác vụ này.")]) from None
    except imports.ImportFailed as failure:
        raise JobFailed(failure.errors, failure.total_errors) from None
    progress(result.rows, result.rows, _("Xong"), force=True)
    return {"rows": result.rows, "created": result.created, "updated": result.updated, "dry_run": dry_run,
            "preview": result.preview}


register_kind(JobKind("import", gettext_lazy("Nhập tệp"), _run_import))


# ---------------------------------------------------------------- the worker process


def fail_interrupted() -> int:
    """Mark jobs left running by a worker that stopped as failed (their transaction was rolled back)."""
    stopped = list(Job.objects.filter(state=JobState.RUNNING))
    for job in stopped:
        Job.objects.filter(pk=job.pk).update(
            state=JobState.FAILED, finished=timezone.now(), error_count=1,
            errors=[_("Tác vụ bị dừng giữa chừng (máy chủ hoặc tiến trình nền đã tắt); không có gì được ghi. "
                      "Hãy chạy lại.")])
        _audit(job, _("Tác vụ nền #%(id)s bị dừng giữa chừng") % {"id": job.pk})
    return len(stopped)


def _die_with_parent() -> None:
    """In the worker child (Linux): get SIGTERM when the server process dies, even by SIGKILL."""
    import ctypes
    import signal

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class WorkerProcess:
    """``danvan db_worker`` as a child of the web server: started with it, restarted if it dies,
    terminated when the server stops."""

    def __init__(self, write: Callable[[str], None] = print, interval: float = 1.0) -> None:
        self.write = write
        self.interval = interval
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.watcher: threading.Thread | None = None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "danvan", "db_worker", "--interval", str(self.interval), "--no-reload",
                "--no-startup-delay", "--verbosity", "0"]

    def spawn(self) -> None:
        fail_interrupted()
        self.process = subprocess.Popen(  # noqa: S603 — our own command
            self.command(), env=os.environ.copy(), preexec_fn=_die_with_parent if sys.platform == "linux" else None)

    def start(self) -> WorkerProcess:
        self.spawn()
        self.write(f"Tác vụ nền / background worker: pid {self.process.pid if self.process else '?'}")
        self.watcher = threading.Thread(target=self._watch, name="danvan-worker-watch", daemon=True)
        self.watcher.start()
        return self

    def _watch(self) -> None:
        while not self.stopping.wait(2.0):
            if self.process is not None and self.process.poll() is not None:
                self.write(f"Tác vụ nền dừng (mã {self.process.returncode}); khởi động lại / worker died, restarting")
                self.spawn()

    def stop(self) -> None:
        self.stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def __enter__(self) -> WorkerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

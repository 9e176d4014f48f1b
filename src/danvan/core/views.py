"""Import (upload → check → preview → confirm, or a background job), template downloads, exports and
the background jobs' pages (progress, result, every error, the file) — for every kind."""

import csv
import io
import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import audit, imports, jobs, registry
from .models import ChangeAction, Job, JobState
from .scope import Scope

UPLOAD_SESSION_KEY = "danvan_pending_import"


def _spec(kind: str) -> type[imports.ImportSpec]:
    available = imports.specs()
    if kind not in available:
        raise Http404(_("Không có loại dữ liệu này."))
    return available[kind]


def _upload_dir() -> Path:
    path = Path(settings.DANVAN_HOME) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
def import_index(request: HttpRequest) -> HttpResponse:
    return render(request, "core/import_index.html", {"specs": imports.specs().values()})


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, kind: str) -> HttpResponse:
    """Step 1: upload and check the whole file (a dry run). Step 2: confirm to write it."""
    spec = _spec(kind)
    if not request.user.can_write():
        raise PermissionDenied(_("Vai trò của bạn không được nhập dữ liệu."))
    context: dict[str, Any] = {"spec": spec, "limit_mb": settings.IMPORT_MAX_UPLOAD_MB}
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, spec, context)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["errors"] = [_("Hãy chọn một tệp CSV hoặc XLSX.")]
        elif upload.size > settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024:
            context["errors"] = [
                _("Tệp '%(name)s' lớn %(size).1f MB, vượt giới hạn %(limit)s MB. Hãy chia nhỏ tệp hoặc dùng lệnh "
                  "'danvan import'.") % {"name": upload.name, "size": upload.size / 1048576,
                                         "limit": settings.IMPORT_MAX_UPLOAD_MB}
            ]
        elif "background" in request.POST or upload.size > _sync_limit():
            return _start_import_job(request, spec, upload, dry_run=bool(request.POST.get("check_only")))
        else:
            suffix = Path(upload.name).suffix.lower()
            token = uuid.uuid4().hex
            stored = _upload_dir() / f"{token}{suffix if suffix in {'.csv', '.xlsx', '.xlsm'} else '.bin'}"
            with stored.open("wb") as out:
                for piece in upload.chunks():
                    out.write(piece)
            try:
                with stored.open("rb") as stream:
                    result = imports.run_import(kind, stream, upload.name, request.user, dry_run=True, preview_rows=20)
            except imports.ImportFailed as failure:
                stored.unlink(missing_ok=True)
                context["errors"] = failure.errors
                context["more_errors"] = failure.total_errors - len(failure.errors)
                context["filename"] = upload.name
            else:
                request.session[UPLOAD_SESSION_KEY] = {"kind": kind, "token": stored.name, "name": upload.name}
                context.update(result=result, filename=upload.name,
                               headers=[c.label for c in spec.columns])
    return render(request, "core/import.html", context)


def _sync_limit() -> int:
    """Files up to this size are checked while the page waits; bigger ones run as a background job."""
    return int(getattr(settings, "IMPORT_SYNC_MAX_MB", 2) * 1024 * 1024)


def _stored_name(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return f"{uuid.uuid4().hex}{suffix if suffix in {'.csv', '.xlsx', '.xlsm'} else '.bin'}"


def _start_import_job(request: HttpRequest, spec: type[imports.ImportSpec], upload: Any, *,
                      dry_run: bool) -> HttpResponse:
    """Store the file beside the jobs and import (or only check) it in the background."""
    stored = jobs.job_dir() / _stored_name(upload.name)
    with stored.open("wb") as out:
        for piece in upload.chunks():
            out.write(piece)
    job = _import_job(request, spec, str(stored), upload.name, dry_run)
    return redirect("data:job", pk=job.pk)


def _import_job(request: HttpRequest, spec: type[imports.ImportSpec], path: str, name: str, dry_run: bool) -> Job:
    label = (_("Kiểm tra tệp %(file)s (%(kind)s)") if dry_run else _("Nhập tệp %(file)s (%(kind)s)")) % {
        "file": name, "kind": spec.label}
    return jobs.start("import", request.user, label=label, params={"kind": spec.kind, "dry_run": dry_run},
                      file_path=path, file_name=name)


def _confirm(request: HttpRequest, spec: type[imports.ImportSpec], context: dict[str, Any]) -> HttpResponse:
    pending = request.session.get(UPLOAD_SESSION_KEY)
    if not pending or pending["kind"] != spec.kind:
        context["errors"] = [_("Không còn tệp đang chờ xác nhận; hãy tải tệp lên lại.")]
        return render(request, "core/import.html", context)
    stored = _upload_dir() / Path(pending["token"]).name
    try:
        with stored.open("rb") as stream:
            result = imports.run_import(spec.kind, stream, pending["name"], request.user)
    except FileNotFoundError:
        context["errors"] = [_("Không còn tệp đang chờ xác nhận; hãy tải tệp lên lại.")]
        return render(request, "core/import.html", context)
    except imports.ImportFailed as failure:
        context["errors"] = failure.errors
        context["more_errors"] = failure.total_errors - len(failure.errors)
        return render(request, "core/import.html", context)
    finally:
        stored.unlink(missing_ok=True)
        request.session.pop(UPLOAD_SESSION_KEY, None)
    context.update(done=result, filename=pending["name"])
    return render(request, "core/import.html", context)


@login_required
def template_file(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty file with the kind's headers (and, in XLSX, a sheet explaining each column)."""
    spec = _spec(kind)
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerow([c.label for c in spec.columns])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        import xlsxwriter

        data = io.BytesIO()
        workbook = xlsxwriter.Workbook(data, {"in_memory": True})
        sheet = workbook.add_worksheet(spec.sheet_name)
        bold = workbook.add_format({"bold": True})
        for index, column in enumerate(spec.columns):
            sheet.write_string(0, index, column.label, bold)
            sheet.set_column(index, index, max(14, len(column.label) + 2), workbook.add_format({"num_format": "@"}))
        guide = workbook.add_worksheet(_("Hướng dẫn"))
        for index, header in enumerate([_("Cột"), _("Bắt buộc"), _("Dữ liệu cá nhân"), _("Ghi chú")]):
            guide.write_string(0, index, header, bold)
        for row, column in enumerate(spec.columns, start=1):
            guide.write_row(row, 0, [column.label, _("có") if column.required else _("không"),
                                     _("có") if column.personal else _("không"), column.help])
        guide.set_column(0, 0, 24)
        guide.set_column(3, 3, 90)
        workbook.close()
        response = HttpResponse(
            data.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404(_("Chỉ có mẫu .csv và .xlsx."))
    response["Content-Disposition"] = f'attachment; filename="danvan-mau-{kind}.{fmt}"'
    return response


def filtered_queryset(request: HttpRequest, spec: type[imports.ImportSpec]) -> Any:
    """The same rows the list page shows for these query parameters, inside the user's scope.

    The list's filters come from the model's declaration (``core.registry``), so the export of a
    filtered list holds exactly that list.
    """
    model = spec.list_model()
    queryset = Scope.of(request.user).filter(model._default_manager.all())
    declaration = registry.for_model(model)
    if declaration is not None and declaration.filterset is not None:
        return declaration.filterset(request.GET, queryset=queryset, request=request).qs
    return queryset


@login_required
def export_file(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _spec(kind)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in {"xlsx", "csv"}:
        raise Http404(_("Chỉ xuất được .csv và .xlsx."))
    queryset = filtered_queryset(request, spec)
    columns, rows = imports.export_rows(kind, queryset, request.user)
    personal = any(c.personal for c in columns)
    query = {k: v for k, v in request.GET.items() if k != "format"}
    audit.record(
        ChangeAction.EXPORT, model=spec.list_model(),
        note=_("Xuất %(kind)s (%(fmt)s), bộ lọc %(query)s, %(personal)s") % {
            "kind": spec.label, "fmt": fmt, "query": query or "-",
            "personal": _("có dữ liệu cá nhân") if personal else _("không có dữ liệu cá nhân")},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"danvan-{kind}-{stamp}.{fmt}"
    if fmt == "csv":
        def lines() -> Any:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            yield "\ufeff"
            writer.writerow([c.label for c in columns])
            for row in rows:
                writer.writerow(imports.csv_cells(row))  # formula-like text neutralized
                if buffer.tell() > 65536:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    imports.write_xlsx(columns, rows, handle, spec.sheet_name)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename)



# ---------------------------------------------------------------- background jobs


def _job(request: HttpRequest, pk: int) -> Job:
    """A job the user sees (their scope, or their own); any other answers 404."""
    return get_object_or_404(jobs.visible_jobs(request.user), pk=pk)


ERRORS_SHOWN = 1000


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    startable = [k for k in jobs.kinds().values() if k.startable is not None and k.startable(request.user)]
    return render(request, "core/job_list.html", {
        "jobs": jobs.visible_jobs(request.user)[:100], "startable": startable})


@login_required
@require_http_methods(["POST"])
def job_start(request: HttpRequest, kind: str) -> HttpResponse:
    """Start a kind that needs no parameters (the ledger's rebuild), for whom it allows."""
    found = jobs.kinds().get(kind)
    if found is None or found.startable is None:
        raise Http404(_("Không có loại tác vụ này."))
    if not found.startable(request.user):
        raise PermissionDenied(_("Bạn không được chạy tác vụ này."))
    job = jobs.start(kind, request.user, label=str(found.label))
    return redirect("data:job", pk=job.pk)


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    spec = imports.specs().get(job.params.get("kind", "")) if job.kind == "import" else None
    return render(request, "core/job.html", {
        "job": job, "status": jobs.status(job), "errors": job.errors[:ERRORS_SHOWN],
        "more_errors": max(0, job.error_count - min(len(job.errors), ERRORS_SHOWN)),
        "headers": [c.label for c in spec.columns] if spec else [],
        "can_confirm": (spec is not None and job.state == JobState.DONE and job.params.get("dry_run")
                        and request.user.can_write() and Path(job.file_path).exists()),
    })


job_detail.model = Job  # type: ignore[attr-defined] — the scope walker reads it


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the progress page polls every second."""
    return JsonResponse(jobs.status(_job(request, pk)))


job_status.model = Job  # type: ignore[attr-defined]


@login_required
def job_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """Every error of the job, one per line."""
    job = _job(request, pk)
    response = HttpResponse("\n".join(job.errors) + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="danvan-tac-vu-{job.pk}-loi.txt"'
    return response


job_errors.model = Job  # type: ignore[attr-defined]


@login_required
def job_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's file as it was uploaded (the rows an import's audit entry points at)."""
    job = _job(request, pk)
    path = Path(job.file_path)
    if not job.file_path or not path.is_file() or path.parent != jobs.job_dir():
        raise Http404(_("Tác vụ này không có tệp."))
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.file_name or path.name)


job_file.model = Job  # type: ignore[attr-defined]


@login_required
@require_http_methods(["POST"])
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """After a check-only job passed: import the same file for real, as a new job."""
    job = _job(request, pk)
    if job.kind != "import" or not job.params.get("dry_run") or job.state != JobState.DONE:
        raise Http404(_("Tác vụ này không phải một lần kiểm tra tệp đã xong."))
    spec = _spec(job.params["kind"])
    if not request.user.can_write():
        raise PermissionDenied(_("Vai trò của bạn không được nhập dữ liệu."))
    if not Path(job.file_path).exists():
        raise Http404(_("Không còn tệp của tác vụ này."))
    new = _import_job(request, spec, job.file_path, job.file_name, dry_run=False)
    return redirect("data:job", pk=new.pk)


job_confirm.model = Job  # type: ignore[attr-defined]

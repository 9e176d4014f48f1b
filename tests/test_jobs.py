"""Background jobs (core.jobs): an import run by the real django-tasks database worker, its stored
progress, result, every error, its audit entries, and scope (another commune's job answers 404)."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from danvan.core import jobs
from danvan.core.models import ChangeAction, ChangeRecord, Job, JobState
from danvan.people.models import Membership, Person

from .test_imports import csv_bytes, member_rows


def upload(cast, client, rows, **extra) -> Job:
    """Post a members file to the import page as a background job; the job it started."""
    client.force_login(cast.editor_a)
    data = csv_bytes(rows)
    data.name = "hoi-vien.csv"
    response = client.post(reverse("data:import", args=["members"]), {"file": data, "background": "1", **extra})
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == reverse("data:job", args=[job.pk])
    return job


def job_b(cast) -> Job:
    """A job of commune B's editor (outside editor_a's scope); for the scope walker's FACTORIES."""
    return Job.objects.create(kind="import", label="NGOAI-JOB", user=cast.editor_b,
                              unit_path=cast.commune_b.path, params={"kind": "members", "dry_run": True})


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_an_import_job(cast, client):
    job = upload(cast, client, member_rows(cast, 7))
    assert job.state == JobState.QUEUED and Path(job.file_path).is_file()
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--verbosity", "0")
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.errors
    assert job.task_id and job.started and job.finished
    assert (job.done, job.total) == (7, 7)
    assert job.result["rows"] == 7 and job.result["created"] == 7 and not job.result["dry_run"]
    assert Membership.objects.filter(branch=cast.branch_a1).count() == 7
    entry = ChangeRecord.objects.get(action=ChangeAction.IMPORT)
    assert entry.payload == {"job": job.pk, "rows": 7, "created": 7, "updated": 0}
    notes = list(ChangeRecord.objects.filter(action=ChangeAction.JOB).order_by("id").values_list("note", flat=True))
    assert len(notes) == 2 and "Tạo tác vụ nền" in notes[0] and "xong" in notes[1]
    page = client.get(reverse("data:job", args=[job.pk])).content.decode()
    assert "Đã nhập tệp hoi-vien.csv: 7 dòng, 7 mới, 0 cập nhật." in page
    assert "Nguyễn Thị Hoa 6" in page  # the file's first rows
    file = client.get(reverse("data:job_file", args=[job.pk]))
    assert b"".join(file.streaming_content).decode().count("Nguyễn Thị Hoa") == 7


def test_progress_is_stored_while_the_job_runs(cast, client, monkeypatch):
    monkeypatch.setattr("danvan.core.imports.CHUNK_SIZE", 2)
    job = upload(cast, client, member_rows(cast, 5))
    seen: list[dict] = []
    original = jobs._Reporter.__call__

    def spy(self, done, total=None, message="", *, force=False):
        original(self, done, total, message, force=True)
        seen.append(jobs.status(Job.objects.get(pk=job.pk)))  # what the page polls, mid-run

    monkeypatch.setattr(jobs._Reporter, "__call__", spy)
    assert jobs.execute(job.pk) == JobState.DONE
    running = [s for s in seen if s["state"] == JobState.RUNNING]
    moving = [s for s in running if s["done"]]
    assert [s["done"] for s in moving][:2] == [2, 4]
    assert moving[0]["total"] == 5 and moving[0]["percent"] == 40
    polled = client.get(reverse("data:job_status", args=[job.pk])).json()
    assert polled["finished"] and polled["percent"] == 100 and polled["result"]["created"] == 5


def test_a_failed_job_stores_every_error(cast, client):
    rows = member_rows(cast, 300)
    for row in rows[1:]:
        row[3] = "19x5"
    job = upload(cast, client, rows)
    assert jobs.execute(job.pk) == JobState.FAILED
    job.refresh_from_db()
    assert job.error_count == 300 and len(job.errors) == 300  # the pipeline alone keeps 200
    assert job.errors[0] == "Dòng 2, cột 'Năm sinh': '19x5' không phải là năm"
    assert Person.objects.count() == 0
    page = client.get(reverse("data:job", args=[job.pk])).content.decode()
    assert "Tệp hoi-vien.csv bị từ chối — không dòng nào được ghi." in page and "Dòng 301" in page
    text = client.get(reverse("data:job_errors", args=[job.pk])).content.decode()
    assert len(text.strip().splitlines()) == 300
    assert ChangeRecord.objects.filter(action=ChangeAction.JOB, note__contains="lỗi (300 lỗi)").exists()


def test_a_check_only_job_writes_nothing_then_confirms(cast, client):
    job = upload(cast, client, member_rows(cast, 4), check_only="1")
    assert jobs.execute(job.pk) == JobState.DONE
    assert Person.objects.count() == 0 and not ChangeRecord.objects.filter(action=ChangeAction.IMPORT).exists()
    page = client.get(reverse("data:job", args=[job.pk])).content.decode()
    assert "hợp lệ: 4 dòng (4 mới, 0 cập nhật). Chưa ghi dòng nào." in page and "Xác nhận nhập" in page
    response = client.post(reverse("data:job_confirm", args=[job.pk]))
    second = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("data:job", args=[second.pk])
    assert jobs.execute(second.pk) == JobState.DONE and Person.objects.count() == 4


def test_big_files_go_to_a_job_and_small_ones_keep_the_preview(cast, client, settings):
    client.force_login(cast.editor_a)
    data = csv_bytes(member_rows(cast, 3))
    data.name = "hv.csv"
    assert client.post(reverse("data:import", args=["members"]), {"file": data}).status_code == 200
    settings.IMPORT_SYNC_MAX_MB = 0
    data.seek(0)
    assert client.post(reverse("data:import", args=["members"]), {"file": data}).status_code == 302
    assert Job.objects.get().params == {"kind": "members", "dry_run": False}


@pytest.mark.parametrize("name", ["data:job", "data:job_status", "data:job_errors", "data:job_file", "data:job_confirm"])
def test_another_communes_job_answers_404(cast, client, name):
    job = job_b(cast)
    client.force_login(cast.editor_a)
    assert client.get(reverse(name, args=[job.pk])).status_code in {404, 405}
    assert client.post(reverse(name, args=[job.pk])).status_code in {404, 405}
    assert "NGOAI-JOB" not in client.get(reverse("data:jobs")).content.decode()
    client.force_login(cast.editor_b)
    assert client.get(reverse("data:job", args=[job.pk])).status_code == 200


def test_the_facts_rebuild_job_is_for_admins(cast, client):
    client.force_login(cast.editor_a)
    assert client.post(reverse("data:job_start", args=["facts_rebuild"])).status_code == 403
    client.force_login(cast.admin)
    assert "Tính lại sổ dữ kiện" in client.get(reverse("data:jobs")).content.decode()
    response = client.post(reverse("data:job_start", args=["facts_rebuild"]))
    job = Job.objects.get(kind="facts_rebuild")
    assert response["Location"] == reverse("data:job", args=[job.pk])
    assert jobs.execute(job.pk) == JobState.DONE, job.errors
    job.refresh_from_db()
    assert job.result["records"] == job.total and "facts" in job.result
    out = io.StringIO()
    call_command("facts", "check", stdout=out)
    assert "khớp" in out.getvalue()


def test_a_job_left_running_by_a_stopped_worker_is_failed(cast):
    job = job_b(cast)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    assert jobs.fail_interrupted() == 1
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "dừng giữa chừng" in job.errors[0]

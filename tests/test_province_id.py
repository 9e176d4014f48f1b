"""Every province-scoped row carries ``province_id`` (the distribution key of docs/scaling.md): the
rows that follow a scoped record (its moves, its files), the audit trail, jobs, grants and published
reports — written one by one or in bulk, and backfilled from the parent record."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core import audit, bulk, jobs
from danvan.core.evidence import attach
from danvan.core.models import ChangeAction, ChangeRecord, fill_province
from danvan.core.workflow import transition
from danvan.exemplars.choices import State
from danvan.exemplars.models import ExemplarStateChange
from danvan.indicators.models import PublishedReport
from danvan.testing import TINY_PDF
from tests.example_app.models import NoticeEvidence
from tests.test_evidence import notice

pytestmark = pytest.mark.django_db


def test_a_move_and_its_audit_entry_carry_the_records_province(cast):
    exemplar = cast.make_exemplar()
    change = transition(cast.editor_a, exemplar, State.LAUNCHED, dt.date(2026, 2, 1))
    assert exemplar.province_id == cast.province.pk
    assert ExemplarStateChange.objects.get(pk=change.pk).province_id == cast.province.pk
    assert set(audit.history(exemplar).values_list("province_id", flat=True)) == {cast.province.pk}


def test_bulk_written_moves_take_their_records_province_and_a_backfill_fills_the_rest(cast):
    exemplar = cast.make_exemplar()
    ids = bulk.write(ExemplarStateChange, ("exemplar", "from_state", "to_state", "day", "note", "review_result", "at"),
                     new_rows=[(exemplar.pk, "registered", "launched", dt.date(2026, 2, 1), "", "", bulk.now())])
    assert ExemplarStateChange.objects.get(pk=ids[0]).province_id == cast.province.pk
    ExemplarStateChange.objects.update(province_id=None)  # as rows written before the column existed
    fill_province(ExemplarStateChange)  # the statement the migrations backfill with
    assert ExemplarStateChange.objects.get(pk=ids[0]).province_id == cast.province.pk


def test_an_uploaded_file_carries_its_records_province(cast):
    record = notice(cast)
    [item] = attach(cast.editor_a, NoticeEvidence, record, [SimpleUploadedFile("bb.pdf", TINY_PDF)])
    assert NoticeEvidence.objects.get(pk=item.pk).province_id == cast.province.pk


def test_audit_entries_jobs_grants_and_published_reports_carry_the_province(cast):
    in_commune = audit.record(ChangeAction.EXPORT, unit_path=cast.commune_a.path, note="xuất")
    assert ChangeRecord.objects.get(pk=in_commune.pk).province_id == cast.province.pk
    assert audit.record(ChangeAction.EXPORT, unit_path=cast.admin.grants.get().unit.path).province_id is None
    assert audit.record(ChangeAction.UPDATE, cast.commune_b).province_id == cast.province.pk  # a unit's own

    job = jobs.start("import", cast.editor_a, label="nhập hội viên")
    assert job.province_id == cast.province.pk
    assert ChangeRecord.objects.get(action=ChangeAction.JOB).province_id == cast.province.pk

    assert {g.province_id for g in cast.editor_a.grants.all()} == {cast.province.pk}
    assert cast.specialist.grants.get().province_id == cast.province.pk  # a province's grant: its own id
    assert cast.admin.grants.get().province_id is None  # the whole country

    report = PublishedReport.objects.create(unit=cast.commune_a, period="2026", period_label="Năm 2026")
    assert PublishedReport.objects.get(pk=report.pk).province_id == cast.province.pk

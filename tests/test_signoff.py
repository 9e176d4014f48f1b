"""Sign-off and period locks (``danvan.signoff``): the moves and who makes them, the lock through
every write path (UI edit, API, import, delete) with its Vietnamese message, unlocking with a
reason, audit, scope, the dashboard panel. Here rather than in the app's tests: it writes outreach
records, and outreach sits above signoff in the layers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.models import ApiToken
from danvan.core.imports import ImportFailed, run_import
from danvan.core.locks import PeriodLocked
from danvan.core.models import ChangeAction, ChangeRecord
from danvan.core.services import delete_record, save_record
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit
from danvan.indicators.periods import parse_period
from danvan.outreach.models import Activity
from danvan.outreach.testing import ACTIVITY_HEADER, activity_row
from danvan.signoff import lifecycle, panel
from danvan.signoff.models import SignOff, SignOffState

MONTH = "2026-04"  # cast.activity_a1 is dated 12/04/2026 in village A1 of commune A
DAY = dt.date(2026, 5, 4)
TODAY = timezone.localdate().isoformat()


def approved(cast) -> SignOff:
    signoff = lifecycle.submit(cast.editor_a, cast.commune_a, MONTH, day=dt.date(2026, 5, 2))
    lifecycle.move(cast.specialist, signoff, SignOffState.APPROVED, day=DAY)
    signoff.refresh_from_db()
    return signoff


def csv_file(rows: list[list[str]]) -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def test_submit_approve_return_unlock_with_history_and_audit(cast):
    signoff = lifecycle.submit(cast.editor_a, cast.commune_a, MONTH, day=dt.date(2026, 5, 2))
    assert signoff.state == SignOffState.SUBMITTED and signoff.submitted_on == dt.date(2026, 5, 2)
    assert (signoff.start, signoff.end) == (dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    with pytest.raises(ValidationError, match="cấp phê duyệt"):  # an editor cannot approve her own data
        lifecycle.move(cast.editor_a, signoff, SignOffState.APPROVED, day=DAY)
    with pytest.raises(ValidationError, match="lý do"):  # returning needs a comment
        lifecycle.move(cast.specialist, signoff, SignOffState.RETURNED, day=DAY)
    lifecycle.move(cast.specialist, signoff, SignOffState.RETURNED, "Thiếu số liệu thôn A2", day=DAY)
    lifecycle.submit(cast.editor_a, cast.commune_a, MONTH, day=DAY)
    lifecycle.move(cast.specialist, signoff, SignOffState.APPROVED, day=DAY)
    with pytest.raises(ValidationError, match="lý do"):  # unlocking needs a reason
        lifecycle.move(cast.specialist, signoff, SignOffState.UNLOCKED, day=DAY)
    lifecycle.move(cast.specialist, signoff, SignOffState.UNLOCKED, "Sửa số người dân tham gia", day=DAY)
    steps = list(signoff.state_changes.values_list("from_state", "to_state", "note"))
    assert steps == [("open", "submitted", ""), ("submitted", "returned", "Thiếu số liệu thôn A2"),
                     ("returned", "submitted", ""), ("submitted", "approved", ""),
                     ("approved", "unlocked", "Sửa số người dân tham gia")]
    locks = ChangeRecord.objects.filter(action=ChangeAction.LOCK, object_id=signoff.pk).order_by("id")
    assert [r.note.split(":")[0] for r in locks] == ["Khóa số liệu", "Mở khóa số liệu"]
    assert "Sửa số người dân tham gia" in locks.last().note


def test_only_ended_month_quarter_year_of_a_commune(cast):
    with pytest.raises(ValidationError, match="chưa kết thúc"):
        lifecycle.submit(cast.editor_a, cast.commune_a, "2099-01")
    with pytest.raises(ValidationError, match="theo tháng"):
        lifecycle.submit(cast.editor_a, cast.commune_a, "2026H1")
    with pytest.raises(ValidationError, match="cấp xã"):
        lifecycle.submit(cast.specialist, cast.province, MONTH)
    with pytest.raises(PermissionDenied):  # another commune's editor
        lifecycle.submit(cast.editor_b, cast.commune_a, MONTH)
    assert lifecycle.submit(cast.editor_a, cast.commune_a, "2026Q1").end == dt.date(2026, 3, 31)


def test_lock_message_and_save_delete_refused_then_unlocked(cast):
    signoff = approved(cast)
    activity = cast.activity_a1
    before = {"residents": activity.residents}
    activity.residents = 55
    with pytest.raises(PeriodLocked) as info:
        save_record(cast.editor_a, activity, before)
    message = info.value.messages[0]
    assert message.startswith("Kỳ Tháng 4 năm 2026 của ")
    assert "phê duyệt và khóa ngày 04/05/2026: không thể thêm, sửa hoặc xóa dữ liệu trong kỳ này" in message
    # creating a record dated in the month, moving one into it, deleting one: all refused
    with pytest.raises(PeriodLocked):
        save_record(cast.editor_a, Activity(code="HD-NEW", title="Mới", date=dt.date(2026, 4, 20),
                                            unit=cast.village_a2, kind=activity.kind, mode=activity.mode,
                                            lead_agency="UBND"))
    with pytest.raises(PeriodLocked):
        delete_record(cast.editor_a, Activity.objects.get(pk=activity.pk))
    # another commune and another month are not locked
    other = Activity.objects.get(pk=activity.pk)
    other.pk, other.code, other.unit, other.plan = None, "HD-B", cast.village_b1, None
    save_record(cast.editor_b, other)
    lifecycle.move(cast.specialist, signoff, SignOffState.UNLOCKED, "Sai số người dân", day=DAY)
    activity = Activity.objects.get(pk=activity.pk)
    activity.residents = 55
    save_record(cast.editor_a, activity, before)
    assert Activity.objects.get(pk=activity.pk).residents == 55


def test_ui_edit_and_delete_refused_with_the_message(cast, client):
    approved(cast)
    activity = cast.activity_a1
    client.force_login(cast.editor_a)
    page = client.get(reverse("outreach:activity_edit", args=[activity.pk]))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["residents"] = 77
    response = client.post(reverse("outreach:activity_edit", args=[activity.pk]), data)
    assert "đã được" in response.content.decode() and "khóa ngày 04/05/2026" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).residents == activity.residents
    response = client.post(reverse("outreach:activity_delete", args=[activity.pk]))
    assert "khóa ngày 04/05/2026" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_api_patch_and_delete_refused(cast, client):
    approved(cast)
    activity = cast.activity_a1
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.editor_a, 'test')[1]}"}
    url = f"/api/v1/outreach-activities/{activity.pk}"
    response = client.patch(url, {"residents": 99}, content_type="application/json", **headers)
    assert response.status_code in (409, 422), response.content
    assert "khóa ngày 04/05/2026" in response.content.decode()
    response = client.delete(url, **headers)
    assert response.status_code in (409, 422) and "khóa ngày" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).residents == activity.residents


def test_import_of_a_row_in_the_locked_month_rolls_the_file_back(cast):
    approved(cast)
    row = activity_row(cast, "a", 1)
    row[1] = "15/04/2026"
    count = Activity.objects.count()
    with pytest.raises(ImportFailed) as info:
        run_import("activities", csv_file([ACTIVITY_HEADER, activity_row(cast, "a", 2), row]), "hd.csv",
                   cast.editor_a)
    assert "khóa ngày 04/05/2026" in " ".join(info.value.errors)
    assert Activity.objects.count() == count
    assert run_import("activities", csv_file([ACTIVITY_HEADER, activity_row(cast, "a", 2)]), "hd.csv",
                      cast.editor_a).created == 1  # May is open


def test_pages_scope_and_moves(cast, client):
    client.force_login(cast.editor_a)
    response = client.post(reverse("signoff:signoff_submit"), {"unit": cast.commune_a.pk, "period": MONTH})
    signoff = SignOff.objects.get(unit=cast.commune_a, period=MONTH)
    assert response.status_code == 302 and response["Location"] == signoff.get_absolute_url()
    assert client.get(reverse("signoff:signoff_list") + "?state=submitted").context["page"].paginator.count == 1
    detail = client.get(signoff.get_absolute_url()).content.decode()
    assert "Đã gửi, chờ phê duyệt" in detail and 'data-move="approved"' not in detail
    client.force_login(cast.editor_b)  # another commune's sign-off: 404 on every page
    assert client.get(signoff.get_absolute_url()).status_code == 404
    assert client.get(reverse("signoff:signoff_transition", args=[signoff.pk]) + "?to=approved").status_code == 404
    client.force_login(cast.specialist)
    assert 'data-move="approved"' in client.get(signoff.get_absolute_url()).content.decode()
    response = client.post(reverse("signoff:signoff_transition", args=[signoff.pk]),
                           {"to": "unlocked", "day": TODAY, "note": ""})
    assert response.status_code == 400
    client.post(reverse("signoff:signoff_transition", args=[signoff.pk]), {"to": "approved", "day": TODAY})
    assert SignOff.objects.get(pk=signoff.pk).state == SignOffState.APPROVED
    response = client.post(reverse("signoff:signoff_transition", args=[signoff.pk]),
                           {"to": "unlocked", "day": TODAY, "note": ""})
    assert "cần ghi rõ lý do" in response.content.decode() or "lý do" in response.content.decode()
    assert SignOff.objects.get(pk=signoff.pk).state == SignOffState.APPROVED


def test_api_list_and_move(cast, client):
    signoff = lifecycle.submit(cast.editor_a, cast.commune_a, MONTH, day=dt.date(2026, 5, 2))
    specialist = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.specialist, 'test')[1]}"}
    editor_b = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.editor_b, 'test')[1]}"}
    rows = client.get("/api/v1/signoffs?state=submitted", **specialist).json()
    assert [r["period"] for r in rows["items"]] == [MONTH]
    assert client.get(f"/api/v1/signoffs/{signoff.pk}", **editor_b).status_code == 404
    response = client.post(f"/api/v1/signoffs/{signoff.pk}/move", {"target": "approved", "day": "2026-05-04"},
                           content_type="application/json", **specialist)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "approved" and response.json()["approved_on"] == "2026-05-04"


def test_panel_counts_expected_submitted_on_time(cast, settings):
    settings.SIGNOFF_DUE_DAYS = 5
    lifecycle.submit(cast.editor_a, cast.commune_a, MONTH, day=dt.date(2026, 5, 2))
    late = lifecycle.submit(cast.editor_b, cast.commune_b, MONTH, day=dt.date(2026, 5, 9))
    lifecycle.move(cast.specialist, late, SignOffState.APPROVED, day=dt.date(2026, 5, 10))
    report = SimpleNamespace(unit=cast.province, period=parse_period(MONTH))
    data = panel.context(report, cast.specialist)
    communes = AdminUnit.objects.filter(parent=cast.province, level=Level.COMMUNE).count()
    assert (data["expected"], data["submitted"], data["on_time"], data["approved"]) == (communes, 2, 1, 1)
    assert data["deadline"] == dt.date(2026, 5, 5)
    data = panel.context(report, cast.editor_a)  # in the user's scope: only commune A
    assert [r["unit"] for r in data["rows"]] == [cast.commune_a]
    assert panel.context(SimpleNamespace(unit=cast.province, period=parse_period("2026H1")), cast.specialist) is None


def test_dashboard_shows_the_panel(cast, client):
    lifecycle.submit(cast.editor_a, cast.commune_a, MONTH, day=dt.date(2026, 5, 2))
    client.force_login(cast.specialist)
    home = client.get(f"/reports/panel/?unit=92&period={MONTH}&cutoff=calendar").content.decode()
    assert 'data-panel-slot="signoff"' in home  # filled by loading its own URL
    html = client.get(f"/reports/panels/signoff/?unit=92&period={MONTH}&cutoff=calendar").content.decode()
    assert 'data-panel="signoff"' in html
    assert f'data-unit="{cast.commune_a.key}" data-state="submitted"' in html
    assert f'data-unit="{cast.commune_b.key}" data-state="none"' in html

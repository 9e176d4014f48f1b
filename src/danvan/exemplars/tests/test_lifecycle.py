"""The lifecycle's allowed and refused moves: by role, by level, by kind, reason, dates, guards."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from danvan.core.audit import history
from danvan.core.workflow import transition, workflow_of

from ..choices import OrgKind, ReviewResult, State
from ..forms import ExemplarForm
from ..models import ExemplarStateChange

DAY = dt.date(2026, 3, 1)


def refused(user, obj, target, day=DAY, note="", **values) -> str:
    with pytest.raises(ValidationError) as info:
        transition(user, obj, target, day, note, values)
    obj.refresh_from_db()
    return " ".join(info.value.messages)


def to_reviewed(cast, obj, result=ReviewResult.GOOD):
    transition(cast.editor_a, obj, State.LAUNCHED, dt.date(2026, 2, 1))
    transition(cast.editor_a, obj, State.IMPLEMENTING, dt.date(2026, 2, 2))
    transition(cast.editor_a, obj, State.REVIEWED, dt.date(2026, 2, 3), values={"review_result": result})


def test_commune_editor_moves_through_commune_recognition(cast):
    obj = cast.make_exemplar()
    to_reviewed(cast, obj)
    change = transition(cast.editor_a, obj, State.RECOGNIZED_COMMUNE, DAY, "Quyết định số 12/QĐ-UBND")
    obj.refresh_from_db()
    assert obj.state == State.RECOGNIZED_COMMUNE and obj.review_result == ReviewResult.GOOD
    assert isinstance(change, ExemplarStateChange) and change.actor == cast.editor_a
    steps = list(workflow_of(obj).changes(obj).values_list("from_state", "to_state", "review_result"))
    assert steps == [("registered", "launched", ""), ("launched", "implementing", ""),
                     ("implementing", "reviewed", "good"), ("reviewed", "recognized_commune", "")]
    # Each move is an audited save of the record (state before and after).
    assert history(obj).count() == 4
    assert history(obj).first().changed_fields() == [("state", "reviewed", "recognized_commune")]


def test_province_moves_need_a_province_role(cast):
    obj = cast.make_exemplar()
    to_reviewed(cast, obj)
    transition(cast.editor_a, obj, State.RECOGNIZED_COMMUNE, DAY)
    message = refused(cast.editor_a, obj, State.RECOGNIZED_PROVINCE)
    assert "Được công nhận cấp tỉnh" in message and "chuyên viên cấp tỉnh" in message
    assert obj.state == State.RECOGNIZED_COMMUNE
    transition(cast.specialist, obj, State.RECOGNIZED_PROVINCE, DAY)
    transition(cast.specialist, obj, State.TYPICAL, DAY)
    transition(cast.admin, obj, State.COMMENDED, DAY)
    obj.refresh_from_db()
    assert obj.state == State.COMMENDED


def test_refused_by_role_scope_and_kind(cast):
    obj = cast.make_exemplar()
    assert "Vai trò" in refused(cast.viewer_a, obj, State.LAUNCHED)
    assert "Vai trò" in refused(cast.editor_b, obj, State.LAUNCHED)  # another commune's editor
    assert "Vai trò" in refused(cast.nobody, obj, State.LAUNCHED)
    police = cast.make_exemplar("Camera phòng, chống tội phạm", organization=None, agency_name="Công an phường",
                                org_kind=OrgKind.POLICE)
    assert "Vai trò" in refused(cast.women_only_a, police, State.LAUNCHED)  # a Women's Union editor
    transition(cast.women_only_a, obj, State.LAUNCHED, DAY)  # her own organization's model
    assert ExemplarStateChange.objects.filter(exemplar=police).count() == 0


def test_illegal_moves_and_guards(cast):
    obj = cast.make_exemplar()
    assert "'Đã đăng ký' sang 'Tiêu biểu'" in refused(cast.specialist, obj, State.TYPICAL)
    to_reviewed(cast, obj, ReviewResult.CONSOLIDATE)
    assert "'Hiệu quả'" in refused(cast.editor_a, obj, State.RECOGNIZED_COMMUNE)
    assert "kết quả sơ kết" in refused(cast.editor_a, obj, State.REVIEWED)  # a review needs its result
    transition(cast.editor_a, obj, State.REVIEWED, DAY, values={"review_result": ReviewResult.GOOD})
    transition(cast.specialist, obj, State.RECOGNIZED_PROVINCE, DAY)
    transition(cast.specialist, obj, State.TYPICAL, DAY)
    assert "nhân rộng" in refused(cast.specialist, obj, State.REPLICATED)
    cast.make_exemplar("Bản nhân rộng", unit=cast.village_a2, origin=obj, registered=DAY)
    transition(cast.specialist, obj, State.REPLICATED, DAY)


def test_stop_needs_a_reason_and_ends_the_lifecycle(cast):
    obj = cast.make_exemplar()
    assert "lý do" in refused(cast.editor_a, obj, State.STOPPED, note="   ")
    transition(cast.editor_a, obj, State.STOPPED, DAY, "Không còn kinh phí")
    obj.refresh_from_db()
    assert obj.state == State.STOPPED
    assert "'Dừng thực hiện' sang 'Đã ra mắt'" in refused(cast.editor_a, obj, State.LAUNCHED)


def test_dates(cast):
    obj = cast.make_exemplar(registered=dt.date(2026, 1, 10))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert "không được sau hôm nay" in refused(cast.editor_a, obj, State.LAUNCHED, tomorrow)
    assert "không được trước 10/01/2026" in refused(cast.editor_a, obj, State.LAUNCHED, dt.date(2026, 1, 9))
    transition(cast.editor_a, obj, State.LAUNCHED, dt.date(2026, 2, 1))  # backdated: allowed
    assert "không được trước 01/02/2026" in refused(cast.editor_a, obj, State.IMPLEMENTING, dt.date(2026, 1, 20))
    assert "Cần nhập ngày" in refused(cast.editor_a, obj, State.IMPLEMENTING, None)
    # The registration day cannot move after the first move.
    obj.registered = dt.date(2026, 3, 1)
    with pytest.raises(ValidationError):
        obj.full_clean()


def test_state_is_not_in_the_form(cast):
    form = ExemplarForm(user=cast.editor_a)
    assert "state" not in form.fields and "review_result" not in form.fields

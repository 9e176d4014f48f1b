"""Petitions from CSV and XLSX through the one pipeline: due dates as ``Petition.place()`` gives them,
the model's rules and the user's scope per row, all or nothing, Vietnamese messages naming row and
column, updates by tracking code that keep the state, and the list's export importing back unchanged."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client

from danvan.core.imports import ImportFailed, run_import, specs
from danvan.indicators import ledger
from danvan.voice.choices import Channel, PetitionKind, PetitionState
from danvan.voice.models import Petition, Petitioner, Referral
from danvan.voice.testing import PETITION_HEADER

pytestmark = pytest.mark.django_db
D = dt.date


def csv_bytes(rows: list[list[object]]) -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def xlsx_bytes(rows: list[list[object]], sheet: str) -> io.BytesIO:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def rows_of(cast) -> list[list[str]]:
    """A complaint, a voters' petition to the commune's committee (accents left out of the labels),
    and an anonymous feedback at the commune."""
    return [
        PETITION_HEADER,
        ["", "12/02/2026", "Khiếu nại", "Đơn, thư", "Đất đai, bồi thường, giải phóng mặt bằng", cast.village_a1.key,
         "Khiếu nại mức bồi thường đất", "Không đồng ý đơn giá bồi thường thu hồi đất.", "Lê Văn Khiếu", "0901234567",
         "Ấp A1", "không", "UBND phường An Hòa", "không"],
        ["", "12/02/2026", "kien nghi", "tiep xuc cu tri", "", cast.village_a2.key, "Đèn đường ấp A2",
         "Cử tri đề nghị lắp đèn chiếu sáng tuyến đường ấp.", "Tổ cử tri ấp A2", "", "", "", "ubnd phuong an hoa", ""],
        ["", "02/03/2026", "Phản ánh", "Điện thoại", "Môi trường", cast.commune_a.key, "Mùi hôi trại heo",
         "Trại heo xả thải ra kênh.", "", "", "", "có", "", "không"],
    ]


@pytest.fixture
def body(cast):
    cast.install_voice_rules()
    return cast.make_body()


def test_a_file_creates_the_petitions_with_their_due_dates(cast, body):
    result = run_import("petitions", csv_bytes(rows_of(cast)), "kien-nghi.csv", cast.editor_a)
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    complaint = Petition.objects.get(title="Khiếu nại mức bồi thường đất")
    assert (complaint.kind, complaint.channel, complaint.field, complaint.state, complaint.body) == (
        "complaint", "letter", "land", "received", body)
    assert (complaint.name, complaint.contact, complaint.address, complaint.anonymous) == (
        "Lê Văn Khiếu", "0901234567", "Ấp A1", False)
    assert (complaint.unit_path, complaint.commune_id, complaint.province_id) == (
        cast.village_a1.path, cast.commune_a.pk, cast.province.pk)
    assert complaint.code.startswith("KN-") and len(complaint.code) == 13
    # Law on Complaints: 10 working days to accept, 30 days to resolve (from receipt before acceptance).
    assert (complaint.due_accept, complaint.due_answer, complaint.due_notify) == (D(2026, 3, 5), D(2026, 3, 16), None)
    voters = Petition.objects.get(title="Đèn đường ấp A2")
    assert (voters.kind, voters.channel, voters.field, voters.body) == ("petition", "voters", "other", body)
    # QĐ 11: 10 working days to tell the sender; voters' petitions: 60 days to answer.
    assert (voters.due_accept, voters.due_answer) == (D(2026, 3, 5), D(2026, 4, 13))
    feedback = Petition.objects.get(title="Mùi hôi trại heo")
    assert (feedback.anonymous, feedback.name, feedback.unit, feedback.body) == (True, "", cast.commune_a, None)
    # The same dates as a petition saved through the model (Petition.place()).
    for imported in (complaint, voters, feedback):
        saved = Petition.objects.create(unit=imported.unit, kind=imported.kind, channel=imported.channel,
                                        received=imported.received, complex=imported.complex, title="x", text="x",
                                        anonymous=True) if imported.anonymous else cast.make_petition(
            unit=imported.unit, kind=imported.kind, channel=imported.channel, received=imported.received)
        assert (saved.due_accept, saved.due_answer, saved.due_notify) == (
            imported.due_accept, imported.due_answer, imported.due_notify)
    assert ledger.check() == (0, [])


def test_an_xlsx_file_with_real_dates_is_read_the_same(cast, body):
    rows = rows_of(cast)
    for row in rows[1:]:
        row[1] = dt.datetime.strptime(row[1], "%d/%m/%Y").date()
    result = run_import("petitions", xlsx_bytes(rows, "Kiến nghị"), "kien-nghi.xlsx", cast.editor_a)
    assert result.created == 3
    assert Petition.objects.get(title="Khiếu nại mức bồi thường đất").due_answer == D(2026, 3, 16)


def test_a_complex_complaint_gets_the_longer_deadline(cast, body):
    rows = rows_of(cast)[:2]
    rows[1][13] = "Có"
    run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    complaint = Petition.objects.get()
    assert (complaint.complex, complaint.due_answer) == (True, D(2026, 3, 30))  # 45 days


def test_one_bad_row_writes_nothing_and_names_row_and_column(cast, body):
    rows = rows_of(cast)
    rows[2][1] = "31/02/2026"
    rows[3][2] = "Góp ý"
    with pytest.raises(ImportFailed) as failure:
        run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    assert failure.value.errors == [
        "Dòng 3, cột 'Ngày tiếp nhận': '31/02/2026' không phải là ngày (dd/mm/yyyy)",
        "Dòng 4, cột 'Loại': 'Góp ý' không thuộc danh mục (Kiến nghị, Phản ánh, Khiếu nại, Tố cáo)",
    ]
    assert not Petition.objects.exists()


def test_a_required_summary_and_a_sender_are_asked_for(cast, body):
    rows = rows_of(cast)[:2]
    rows[1][6] = ""
    rows[1][8] = ""
    with pytest.raises(ImportFailed) as failure:
        run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    assert failure.value.errors == ["Dòng 2, cột 'Tóm tắt': không được để trống"]
    rows[1][6] = "Khiếu nại"
    with pytest.raises(ImportFailed) as failure:
        run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    assert failure.value.errors == ["Dòng 2, cột 'Họ tên người gửi': Cần họ tên người gửi, chọn người trong danh sách, "
                                    "hoặc đánh dấu không nêu danh tính."]
    assert not Petition.objects.exists()


def test_an_anonymous_complaint_is_refused(cast, body):
    rows = rows_of(cast)[:2]
    rows[1][8:12] = ["", "", "", "có"]
    with pytest.raises(ImportFailed) as failure:
        run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    assert failure.value.errors == [
        "Dòng 2, cột 'Không nêu danh tính': Khiếu nại, tố cáo phải ghi rõ họ tên, địa chỉ người gửi."]
    rows = rows_of(cast)
    rows[3][8] = "Có tên"  # anonymous and named
    with pytest.raises(ImportFailed) as failure:
        run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    assert failure.value.errors == [
        "Dòng 4, cột 'Không nêu danh tính': Đơn không nêu danh tính thì không ghi họ tên hay chọn người gửi."]
    assert not Petition.objects.exists()


def test_an_unknown_or_invisible_body_is_refused(cast, body):
    cast.make_body("UBND phường An Bình", unit=cast.commune_b)
    rows = rows_of(cast)[:3]
    rows[1][12] = "Công an phường"
    rows[2][12] = "UBND phường An Bình"  # commune B's: not above village A2
    with pytest.raises(ImportFailed) as failure:
        run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    assert failure.value.errors == [
        f"Dòng 2, cột 'Cơ quan chịu trách nhiệm': không có cơ quan 'Công an phường' của {cast.village_a1.name} "
        "hoặc cấp trên trong phạm vi của bạn",
        f"Dòng 3, cột 'Cơ quan chịu trách nhiệm': không có cơ quan 'UBND phường An Bình' của {cast.village_a2.name} "
        "hoặc cấp trên trong phạm vi của bạn",
    ]
    assert not Petition.objects.exists()


def test_an_out_of_scope_row_is_refused(cast, body):
    rows = rows_of(cast)
    rows[3][5] = cast.village_b1.key
    with pytest.raises(ImportFailed) as failure:
        run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    assert failure.value.errors == [
        f"Dòng 4, cột 'Thôn, ấp hoặc xã': Thôn, xã '{cast.village_b1.key}' không tồn tại hoặc nằm ngoài phạm vi của bạn"]
    other = cast.make_petition(unit=cast.village_b1)
    rows = rows_of(cast)[:2]
    rows[1][0] = other.code
    with pytest.raises(ImportFailed) as failure:
        run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    assert failure.value.errors == [f"Dòng 2, cột 'Mã tra cứu': mã '{other.code}' là của một vụ việc ngoài phạm vi "
                                    "của bạn; không được cập nhật"]
    assert Petition.objects.count() == 1


def test_a_row_with_a_code_updates_the_petition_and_keeps_its_state(cast, body):
    petition = cast.make_petition(kind=PetitionKind.COMPLAINT, received=D(2026, 2, 12), body=body)
    Petition.objects.filter(pk=petition.pk).update(state=PetitionState.ACCEPTED, accepted_on=D(2026, 2, 20))
    Petitioner.objects.create(petition=petition, name="Người cùng gửi")
    Referral.objects.create(petition=petition, date=D(2026, 2, 13), to_body=body)
    rows = rows_of(cast)[:2]
    rows[1][0] = petition.code.lower()
    rows[1][5] = cast.village_a2.key
    result = run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    assert (result.created, result.updated) == (0, 1)
    petition.refresh_from_db()
    assert (petition.state, petition.accepted_on, petition.title, petition.unit) == (
        PetitionState.ACCEPTED, D(2026, 2, 20), "Khiếu nại mức bồi thường đất", cast.village_a2)
    assert petition.due_answer == D(2026, 3, 23)  # 30 days from acceptance (22/3 a Sunday)
    assert {p.unit_path for p in Petitioner.objects.all()} | {r.unit_path for r in Referral.objects.all()} == {
        cast.village_a2.path}
    # Once accepted, the body changes only by forwarding; an unknown code is refused.
    cast.make_body("UBND phường khác")
    rows[1][12] = "UBND phường khác"
    with pytest.raises(ImportFailed) as failure:
        run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    assert failure.value.errors == ["Dòng 2, cột 'Cơ quan chịu trách nhiệm': vụ việc đã chuyển, thụ lý hoặc trả lời: "
                                    "đổi cơ quan bằng nút 'Chuyển đơn' để giữ lịch sử chuyển"]
    rows[1][0] = "KN-2222222222"
    with pytest.raises(ImportFailed) as failure:
        run_import("petitions", csv_bytes(rows), "kien-nghi.csv", cast.editor_a)
    assert failure.value.errors == ["Dòng 2, cột 'Mã tra cứu': không có vụ việc mã 'KN-2222222222'; để trống mã tra "
                                    "cứu để thêm vụ việc mới"]
    assert ledger.check() == (0, [])


def snapshot() -> list[tuple]:
    names = [f.attname for f in Petition._meta.concrete_fields if f.attname not in {"created", "updated"}]
    return list(Petition.objects.order_by("pk").values_list(*names))


def test_the_export_imports_back_unchanged(cast, body, client: Client):
    cast.make_petition(kind=PetitionKind.COMPLAINT, body=body, complex=True, address="=A1 ấp",
                       text="-Nội dung bắt đầu bằng dấu trừ")
    answered = cast.make_petition(channel=Channel.VOTERS, unit=cast.commune_a, body=body, answer="Đã lắp đèn.")
    Petition.objects.filter(pk=answered.pk).update(state=PetitionState.ANSWERED, accepted_on=D(2026, 3, 4),
                                                   answered_on=D(2026, 3, 20))
    cast.make_petition(kind=PetitionKind.FEEDBACK, name="", contact="", anonymous=True, unit=cast.village_b1)
    body.active = False  # a body no longer active stays on the petitions it answered for
    body.save()
    before = snapshot()
    client.force_login(cast.specialist)
    exported = b"".join(client.get("/data/export/petitions/", {"format": "csv"}).streaming_content)
    header = exported.decode("utf-8-sig").splitlines()[0]
    assert header.split(",")[:3] == ["Mã tra cứu", "Ngày tiếp nhận", "Loại"]
    again = run_import("petitions", io.BytesIO(exported), "petitions.csv", cast.specialist)
    assert (again.created, again.updated) == (0, 3)
    assert snapshot() == before
    assert [c.label for c in specs()["petitions"].columns] == PETITION_HEADER

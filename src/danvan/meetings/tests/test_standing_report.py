"""The standing committee's Word report: it opens with python-docx and carries the exact figures of
the scenario of ``test_indicators`` (visits by level, the rule, cadres without visits, branches not
visited, the members' opinions by commune, the narrative)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from danvan.indicators.builder import resolve_unit
from danvan.indicators.periods import PeriodError
from danvan.meetings.standing_report import parse_report_period, standing_docx
from danvan.meetings.tests.test_indicators import mv  # noqa: F401 — the scenario fixture
from danvan.people.choices import BranchKind
from danvan.people.models import Branch

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _open(body: bytes) -> tuple[list[str], list[list[list[str]]]]:
    doc = Document(io.BytesIO(body))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
    return [p.text for p in doc.paragraphs], tables


def test_periods():
    assert parse_report_period("2026-03").code == "2026-03"
    assert (parse_report_period("2026-Q1").start, parse_report_period("2026q1").end) == (
        dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    with pytest.raises(PeriodError, match="chọn một tháng"):
        parse_report_period("2026")


def test_the_march_report_opens_in_word_with_the_figures(mv):  # noqa: F811
    c = mv.cast
    Branch.objects.create(code="CH-TEST-A2", name="Chi hội Phụ nữ ấp chưa được dự", kind=BranchKind.CHI_HOI,
                          organization=c.org_women_a, unit=c.village_a2)
    body = standing_docx(resolve_unit("92"), parse_report_period("2026-03"), today=dt.date(2026, 4, 2))
    paragraphs, tables = _open(body)
    assert "BÁO CÁO KẾT QUẢ DỰ SINH HOẠT CHI, TỔ HỘI" in paragraphs
    assert "Tháng 3 năm 2026" in paragraphs
    assert "Kính gửi: Ban Thường vụ cấp ủy Thành phố Cần Thơ" in paragraphs
    assert ("Cán bộ các cấp đã dự sinh hoạt 4 lượt (cấp tỉnh 1 lượt, cấp xã 3 lượt); 50,0% cán bộ được phân công "
            "dự sinh hoạt ít nhất một lần mỗi tháng; 2 đoàn viên, hội viên được kết nạp Đảng.") in paragraphs
    by_level = next(t for t in tables if t[0][0] == "Cấp cán bộ")
    assert by_level[1:] == [["Cấp tỉnh", "1", "1", "1", "100,0%"], ["Cấp huyện (cũ)", "0", "1", "0", "0,0%"],
                            ["Cấp xã", "3", "2", "1", "50,0%"], ["Tổng cộng", "4", "4", "2", "50,0%"]]
    assert "2/4 cán bộ được phân công đã dự sinh hoạt ít nhất một lần (50,0%)." in paragraphs
    missing = next(t for t in tables if t[0][0] == "Tháng")
    assert [row[:3] + row[4:] for row in missing[1:]] == [
        ["03/2026", "Lê Thị Hai", "Cấp xã", "Không đạt"], ["03/2026", "Võ Văn Huyện", "Cấp huyện (cũ)", "Không đạt"]]
    branches = next(t for t in tables if t[0][0] == "Chi, tổ hội")
    assert branches[1:] == [["Chi hội Phụ nữ ấp chưa được dự", c.village_a2.name, "—"]]
    start = paragraphs.index("V. Ý KIẾN, KIẾN NGHỊ CỦA ĐOÀN VIÊN, HỘI VIÊN")
    assert paragraphs[start + 1:start + 6] == [
        "Phường Ninh Kiều",
        "- Đề nghị sửa đường liên ấp (Chi hội Phụ nữ khu vực Đặng Thị Ánh, 12/03/2026)",
        "- Xin hỗ trợ vốn vay (Chi hội Phụ nữ khu vực Đặng Thị Ánh, 12/03/2026)",
        "Phường An Bình",
        "- Kiến nghị nạo vét kênh thủy lợi (Chi hội Phụ nữ khu vực Bình Thường, 10/03/2026)",
    ]


def test_a_quarter_lists_each_month_and_a_commune_its_own(mv):  # noqa: F811
    body = standing_docx(resolve_unit("31135"), parse_report_period("2026-Q1"), today=dt.date(2026, 4, 2))
    paragraphs, tables = _open(body)
    by_level = next(t for t in tables if t[0][0] == "Cấp cán bộ")
    assert by_level[-1] == ["Tổng cộng", "4", "2", "1", "50,0%"]  # D1 visited A1 in February
    missing = next(t for t in tables if t[0][0] == "Tháng")
    assert [row[:2] for row in missing[1:]] == [["01/2026", "Lê Thị Hai"], ["01/2026", "Nguyễn Thị Một"],
                                                ["01/2026", "Trần Văn Ba"], ["02/2026", "Lê Thị Hai"],
                                                ["02/2026", "Nguyễn Thị Một"], ["02/2026", "Trần Văn Ba"],
                                                ["03/2026", "Lê Thị Hai"]]
    assert "Phường An Bình" not in paragraphs
    assert "Kính gửi: Ban Thường vụ cấp ủy Thành phố Cần Thơ" in paragraphs


def test_the_page_gives_the_form_the_file_and_clear_errors(mv, client):  # noqa: F811
    client.force_login(mv.cast.specialist)
    url = reverse("meetings:standing_report")
    assert "Tải báo cáo (Word)" in client.get(url).content.decode()
    response = client.get(url, {"unit": "92", "period": "2026-Q1"})
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    _paragraphs, tables = _open(response.content)
    assert next(t for t in tables if t[0][0] == "Cấp cán bộ")[-1][:2] == ["Tổng cộng", "5"]
    response = client.get(url, {"unit": "92", "period": "2026-13"})
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()
    client.force_login(mv.cast.editor_b)
    assert client.get(url, {"unit": "31135", "period": "2026-03"}).status_code == 404

"""The campaigns section of the narrative: seed 002's sentence and its kin, with the seeds' rounding."""

import datetime as dt
import io

import pytest
from docx import Document

from danvan.campaigns.choices import CommendationForm, ContributorType, HouseKind, WorkKind
from danvan.campaigns.narrative import campaigns
from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.catalog import registry
from danvan.indicators.exports import report_docx
from danvan.indicators.narrative import needed_breakdowns, paragraphs, sections
from danvan.indicators.periods import parse_period
from danvan.people.models import Household, HouseholdPoverty

HEADING = "KẾT QUẢ CÁC PHONG TRÀO THI ĐUA, CUỘC VẬN ĐỘNG"


def _report(period: str = "2026"):
    return build_report(resolve_unit("92"), parse_period(period), needed_breakdowns())


def _section(report) -> list[str]:
    """The section's own paragraphs (the generic ones are added to the last section: left out here)."""
    texts = next((texts for heading, texts in sections(report) if heading == HEADING), [])
    return [t for t in texts if t in campaigns(report)]


@pytest.fixture
def big(cast):
    """Seed-sized sums: houses worth 89,35 billion, scholarships 27,8 billion, 3,64 billion in cash."""
    c = cast
    c.make_work(value_vnd=50_000_000_000)
    c.make_work(house_kind=HouseKind.HUMANE, value_vnd=39_350_000_000)
    c.make_work(house_kind=HouseKind.OTHER, value_vnd=0)
    c.make_work("Học bổng", kind=WorkKind.SCHOLARSHIP, quantity=48_403, value_vnd=27_800_000_000)
    work = c.make_work("Phần việc thanh niên", kind=WorkKind.OTHER, quantity=208_951, value_vnd=0)
    c.make_contribution(work, cash_vnd=3_640_000_000, labor_days=12_340)
    c.make_contribution(work, contributor_type=ContributorType.COLLECTIVE, collective_name="Doanh nghiệp A",
                        cash_vnd=0, land_m2=26_150)
    household = Household.objects.create(code="H1", head_name="Lê Thị Hoa", unit=c.village_a1)
    HouseholdPoverty.objects.create(household=household, year=2025, status="poor")
    HouseholdPoverty.objects.create(household=household, year=2026, status="none")
    c.make_poverty_help(household)
    c.make_course(trainee_count=600)
    c.make_course(trainee_count=630, start=dt.date(2026, 8, 1), end=dt.date(2026, 8, 2))
    for form in (CommendationForm.CERTIFICATE, CommendationForm.CERTIFICATE, CommendationForm.MERIT,
                 CommendationForm.CERTIFICATE):
        c.make_commendation(form=form)
    return c


def test_the_seed_sentences_from_the_figures(big):
    report = _report()
    assert _section(report) == [
        "Trong năm 2026, toàn thành phố đã xây dựng, sửa chữa 3 căn nhà đại đoàn kết, nhà nhân ái,… trị giá hơn 89 "
        "tỷ đồng; tặng 48.403 suất học bổng trị giá gần 28 tỷ đồng; thực hiện 208.951 công trình, phần việc; giúp 1 "
        "đoàn viên, hội viên thoát nghèo.",
        "Nhân dân đóng góp hơn 3,6 tỷ đồng, 12.340 ngày công và hiến trên 26.000 m² đất.",
        "Đã tổ chức 2 lớp tập huấn, bồi dưỡng cho 1.230 lượt học viên; 4 tập thể, cá nhân được khen thưởng "
        "(1 bằng khen, 3 giấy khen).",
    ]
    # The section covers its indicators: no generic sentence repeats them.
    assert not any(t.startswith(("Nhân dân đóng góp bằng tiền:", "Suất học bổng:")) for t in paragraphs(report))


def test_the_word_report_has_the_section(big):
    body = "\n".join(p.text for p in Document(io.BytesIO(report_docx(_report()))).paragraphs)
    assert HEADING in body
    assert "tặng 48.403 suất học bổng trị giá gần 28 tỷ đồng" in body


def test_a_sentence_is_left_out_when_its_figures_are_zero(cast):
    work = cast.make_work("Đường hẻm", kind=WorkKind.ALLEY, quantity=1, value_vnd=0, handed_over=None,
                          state="in_progress")
    cast.make_contribution(work, cash_vnd=0, land_m2=150)
    cast.make_commendation(form=CommendationForm.FLAG)
    cast.make_commendation(form=CommendationForm.OTHER)
    assert _section(_report()) == [
        "Nhân dân hiến 150 m² đất.",
        "Có 2 tập thể, cá nhân được khen thưởng (1 cờ thi đua, 1 hình thức khen thưởng khác).",
    ]


def test_only_houses_of_other_kinds_and_labor(cast):
    work = cast.make_work(house_kind=HouseKind.OTHER, value_vnd=0)
    cast.make_contribution(work, cash_vnd=0, labor_days=40)
    cast.make_contribution(work, cash_vnd=1_500_000)
    assert _section(_report()) == [
        "Trong năm 2026, toàn thành phố đã xây dựng, sửa chữa 1 căn nhà.",
        "Nhân dân đóng góp 1,5 triệu đồng và 40 ngày công.",
    ]


def test_no_campaign_records_no_section(cast):
    assert _section(_report("2024")) == []


def test_what_still_has_no_data_is_named_by_indicator_once_its_group_has_some(cast, monkeypatch):
    """Training and commendations share a group with dialogues and oversight: with the sources of
    petitions, dialogues and oversight taken away (a site without the app that records them), the
    closing sentence names the missing indicators of that group, not the whole group."""
    for source in ("petition", "dialogue", "oversight_session", "recommendation"):
        monkeypatch.delitem(registry.sources, source)
    cast.make_course(trainee_count=25)
    cast.make_commendation()
    closing = [t for t in paragraphs(_report()) if t.startswith("Các chỉ tiêu về")]
    assert len(closing) == 1
    assert "cuộc tiếp xúc, đối thoại với Nhân dân" in closing[0]
    assert "cuộc giám sát, phản biện xã hội" in closing[0]
    assert "đối thoại, giám sát, tập huấn, khen thưởng" not in closing[0]  # the group's name
    assert "lớp tập huấn" not in closing[0]
    assert "tâm tư, nguyện vọng, kiến nghị" in closing[0]  # a group with no data at all is named as a group

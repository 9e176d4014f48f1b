"""Seed 000's sentence drafted from the figures, rounded the seed's way (``approx_phrase``)."""

import datetime as dt

import pytest

from danvan.indicators.builder import build_report, resolve_unit
from danvan.indicators.narrative import approx_phrase, sections
from danvan.indicators.periods import parse_period
from danvan.outreach.models import Activity, ActivityKind, Mode


@pytest.mark.parametrize(("value", "text"), [
    (1_047, "trên 1.000"), (49_612, "gần 50.000"), (1_021, "trên 1.000"), (1_000, "1.000"), (999, "999"),
    (122, "122"), (55_000, "55.000"), (1_260, "gần 1.300"), (12_340, "trên 12.000"), (None, "—"),
])
def test_approx_phrase(value, text):
    assert approx_phrase(value) == text


def test_approx_phrase_takes_the_money_words():
    assert approx_phrase(89_400, above="hơn") == "hơn 89.000"


def outreach_section(report) -> list[str]:
    return next(texts for heading, texts in sections(report) if "BA CÙNG" in heading)


def test_the_seed_sentence_from_the_scenario(bc):
    text = outreach_section(build_report(resolve_unit("92"), parse_period("2026"), ["category"]))
    assert text[0] == ("Trong năm 2026, toàn thành phố đã có 7 lượt cơ quan, đơn vị với 54 lượt cán bộ, đảng viên, "
                       "chiến sỹ lực lượng vũ trang tham gia các hoạt động \"ba cùng\" với Nhân dân tại 3 thôn, ấp "
                       "của 2 xã, phường.")
    assert text[1].startswith("Các hoạt động thiết thực như: xây dựng hạ tầng nông thôn (1 hoạt động); ")
    assert "xóa nhà tạm, dột nát cho hộ nghèo (1 hoạt động)" in text[1]
    assert text[2] == ("Lấy \"làm cùng dân\" làm thước đo: 3/4 hoạt động làm cùng Nhân dân, chiếm tỷ lệ 75,00%; "
                       "có 77 lượt người dân cùng tham gia.")
    assert text[3].startswith("Còn 1 hoạt động mang tính hình thức")  # S1 (S4 is in 2025)


def test_large_figures_are_rounded_as_the_seed_does(cast):
    Activity.objects.create(code="LON", title="Ra quân cao điểm", date=dt.date(2027, 5, 1), unit=cast.village_a2,
                            kind=ActivityKind.ENVIRONMENT, mode=Mode.WITH_PEOPLE, lead_agency="Ủy ban MTTQ",
                            agency_count=1_047, cadres=40_000, party_members=9_000, soldiers=612, residents=90_000,
                            situation_note="Toàn dân ra quân.")
    text = outreach_section(build_report(resolve_unit("92"), parse_period("2027"), ["category"]))
    assert "đã có trên 1.000 lượt cơ quan, đơn vị với gần 50.000 lượt cán bộ, đảng viên, chiến sỹ" in text[0]
    assert text[0].endswith("tại 1 thôn, ấp của 1 xã, phường.")
    assert not any("hình thức" in t for t in text)  # nothing flagged


def test_no_activities_no_section(cast):
    report = build_report(resolve_unit("92"), parse_period("2024"), None)
    assert all("BA CÙNG" not in heading for heading, _texts in sections(report))

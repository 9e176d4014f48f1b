"""Period codes, calendar and Decree 09/2019 cut-off bounds, comparisons, errors."""

import datetime as dt

import pytest

from danvan.indicators.periods import Mode, PeriodError, current_year, parse_period

D = dt.date


@pytest.mark.parametrize("code, start, end", [
    ("2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("2024Q1", D(2024, 1, 1), D(2024, 3, 31)),
    ("2024Q4", D(2024, 10, 1), D(2024, 12, 31)),
    ("2024H1", D(2024, 1, 1), D(2024, 6, 30)),
    ("2024H2", D(2024, 7, 1), D(2024, 12, 31)),
    ("2024-9M", D(2024, 1, 1), D(2024, 9, 30)),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
    ("2024-01-05..2024-02-10", D(2024, 1, 5), D(2024, 2, 10)),
])
def test_calendar_bounds(code, start, end):
    period = parse_period(code, "calendar")
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("code, start, end", [
    ("2024", D(2023, 12, 15), D(2024, 12, 14)),
    ("2024-01", D(2023, 12, 15), D(2024, 1, 14)),
    ("2024-03", D(2024, 2, 15), D(2024, 3, 14)),
    ("2024Q1", D(2023, 12, 15), D(2024, 3, 14)),
    ("2024Q2", D(2024, 3, 15), D(2024, 6, 14)),
    ("2024H2", D(2024, 6, 15), D(2024, 12, 14)),
    ("2024-9M", D(2023, 12, 15), D(2024, 9, 14)),
    ("2024-01-05..2024-02-10", D(2024, 1, 5), D(2024, 2, 10)),
])
def test_decree09_cutoff_bounds(code, start, end):
    period = parse_period(code, Mode.DECREE09)
    assert (period.start, period.end) == (start, end)


def test_decree09_months_tile_the_year_without_gaps():
    months = [parse_period(f"2024-{m:02d}", "decree09") for m in range(1, 13)]
    year = parse_period("2024", "decree09")
    assert months[0].start == year.start and months[-1].end == year.end
    for before, after in zip(months, months[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)
    assert sum(m.days for m in months) == year.days


@pytest.mark.parametrize("code, previous, year_earlier", [
    ("2024", "2023", "2023"),
    ("2024Q1", "2023Q4", "2023Q1"),
    ("2024H1", "2023H2", "2023H1"),
    ("2024H2", "2024H1", "2023H2"),
    ("2024-9M", "2023-9M", "2023-9M"),
    ("2024-01", "2023-12", "2023-01"),
    ("2024-03-01..2024-03-10", "2024-02-20..2024-02-29", "2023-03-01..2023-03-10"),
    ("2024-02-29..2024-03-01", "2024-02-27..2024-02-28", "2023-02-28..2023-03-01"),
])
def test_comparisons(code, previous, year_earlier):
    period = parse_period(code, "calendar")
    assert period.previous().code == previous
    assert period.year_earlier().code == year_earlier


def test_comparisons_keep_the_mode():
    period = parse_period("2024Q1", "decree09")
    assert period.previous().start == D(2023, 9, 15)
    assert period.year_earlier().end == D(2023, 3, 14)


def test_labels_are_vietnamese():
    assert parse_period("2024H1", "calendar").label == "6 tháng đầu năm 2024"
    assert parse_period("2024Q3", "calendar").label == "quý III năm 2024"
    assert parse_period("2024-9M", "calendar").label == "9 tháng năm 2024"
    assert "Nghị định 09/2019" in parse_period("2024", "decree09").span


@pytest.mark.parametrize("code", ["2024Q5", "2024-13", "24", "2024H3", "2024-02-30..2024-03-01",
                                  "2024-03-10..2024-03-01", "quý 1", ""])
def test_invalid_codes_get_a_vietnamese_message(code):
    with pytest.raises(PeriodError) as exc:
        parse_period(code, "calendar")
    assert any(word in str(exc.value) for word in ("không hợp lệ", "không tồn tại", "phải sau"))


def test_invalid_mode():
    with pytest.raises(PeriodError, match="Nghị định 09"):
        parse_period("2024", "monthly")


def test_site_default_mode(settings):
    settings.REPORT_CUTOFF_DEFAULT = "decree09"
    assert parse_period("2024").start == D(2023, 12, 15)
    settings.REPORT_CUTOFF_DEFAULT = "calendar"
    assert parse_period("2024").start == D(2024, 1, 1)


def test_current_year_in_cutoff_mode_turns_on_the_15th_of_december():
    assert current_year(D(2024, 12, 14), "decree09").code == "2024"
    assert current_year(D(2024, 12, 15), "decree09").code == "2025"
    assert current_year(D(2024, 12, 15), "calendar").code == "2024"

"""Reporting periods: codes, calendar and Decree 09/2019 cut-off modes, comparisons.

Codes: year ``2024``, quarter ``2024Q1``, half ``2024H1``, nine months ``2024-9M``, month
``2024-03``, day range ``2024-01-05..2024-02-10``.

Decree 09/2019/NĐ-CP art. 12 cut-off mode: a month runs from the 15th of the month before to
the 14th; a year from 15 December of the year before to 14 December; quarters, halves and nine
months are made of cut-off months (2024Q1 = 15/12/2023 – 14/03/2024). A day range is the same
in both modes. The site default comes from the ``REPORT_CUTOFF_DEFAULT`` setting.
"""

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext as _


class Mode(StrEnum):
    CALENDAR = "calendar"
    DECREE09 = "decree09"


class PeriodError(ValueError):
    """An invalid period code; the message is for the user (Vietnamese)."""


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_HALF = re.compile(r"^(\d{4})H([12])$")
_NINE = re.compile(r"^(\d{4})-9M$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def default_mode() -> Mode:
    value = getattr(settings, "REPORT_CUTOFF_DEFAULT", Mode.CALENDAR) or Mode.CALENDAR
    return parse_mode(value)


def parse_mode(value: str | None) -> Mode:
    if not value:
        return default_mode()
    try:
        return Mode(value.strip().lower())
    except ValueError:
        raise PeriodError(
            _("Chế độ kỳ báo cáo '%(value)s' không hợp lệ; dùng 'calendar' (theo tháng dương lịch) "
              "hoặc 'decree09' (chốt số liệu theo Nghị định 09/2019).") % {"value": value}
        ) from None


def _month_bounds(year: int, month: int, mode: Mode) -> tuple[dt.date, dt.date]:
    if mode == Mode.DECREE09:
        prev_year, prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
        return dt.date(prev_year, prev_month, 15), dt.date(year, month, 14)
    first = dt.date(year, month, 1)
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return first, following - dt.timedelta(days=1)


def _months(year: int, first: int, last: int, mode: Mode) -> tuple[dt.date, dt.date]:
    return _month_bounds(year, first, mode)[0], _month_bounds(year, last, mode)[1]


@dataclass(frozen=True)
class Period:
    """A reporting period: its code, mode, kind and inclusive day bounds."""

    code: str
    kind: str  # year | quarter | half | nine | month | range
    year: int
    number: int  # quarter, half or month number; 0 for year, nine months and ranges
    start: dt.date
    end: dt.date
    mode: Mode = Mode.CALENDAR

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        """Vietnamese name, as reports write it ("6 tháng đầu năm 2024")."""
        if self.kind == "year":
            text = _("năm %(year)s") % {"year": self.year}
        elif self.kind == "quarter":
            text = _("quý %(q)s năm %(year)s") % {"q": _ROMAN[self.number], "year": self.year}
        elif self.kind == "half":
            text = (_("6 tháng đầu năm %(year)s") if self.number == 1 else _("6 tháng cuối năm %(year)s")) % {
                "year": self.year}
        elif self.kind == "nine":
            text = _("9 tháng năm %(year)s") % {"year": self.year}
        elif self.kind == "month":
            text = _("tháng %(month)s năm %(year)s") % {"month": self.number, "year": self.year}
        else:
            text = _("từ ngày %(start)s đến ngày %(end)s") % {
                "start": self.start.strftime("%d/%m/%Y"), "end": self.end.strftime("%d/%m/%Y")}
        return text

    @property
    def span(self) -> str:
        """The day bounds, with the cut-off mode named when it applies."""
        text = _("từ %(start)s đến %(end)s") % {
            "start": self.start.strftime("%d/%m/%Y"), "end": self.end.strftime("%d/%m/%Y")}
        if self.mode == Mode.DECREE09 and self.kind != "range":
            text += " " + _("(chốt số liệu theo Nghị định 09/2019/NĐ-CP)")
        return text

    def previous(self) -> "Period":
        """The period just before: previous month, quarter, half or year; a range of equal length."""
        if self.kind == "year":
            return parse_period(str(self.year - 1), self.mode)
        if self.kind == "quarter":
            year, q = (self.year - 1, 4) if self.number == 1 else (self.year, self.number - 1)
            return parse_period(f"{year}Q{q}", self.mode)
        if self.kind == "half":
            year, h = (self.year - 1, 2) if self.number == 1 else (self.year, 1)
            return parse_period(f"{year}H{h}", self.mode)
        if self.kind == "nine":
            return parse_period(f"{self.year - 1}-9M", self.mode)
        if self.kind == "month":
            year, m = (self.year - 1, 12) if self.number == 1 else (self.year, self.number - 1)
            return parse_period(f"{year}-{m:02d}", self.mode)
        end = self.start - dt.timedelta(days=1)
        start = end - dt.timedelta(days=self.days - 1)
        return parse_period(f"{start.isoformat()}..{end.isoformat()}", self.mode)

    def year_earlier(self) -> "Period":
        """The same period a year earlier (cùng kỳ năm trước)."""
        if self.kind != "range":
            return parse_period(self.code.replace(str(self.year), str(self.year - 1), 1), self.mode)

        def back(day: dt.date) -> dt.date:
            try:
                return day.replace(year=day.year - 1)
            except ValueError:  # 29 February
                return day.replace(year=day.year - 1, day=28)

        return parse_period(f"{back(self.start).isoformat()}..{back(self.end).isoformat()}", self.mode)


def _year(text: str) -> int:
    year = int(text)
    if not 1900 <= year <= 2200:
        raise PeriodError(_("Năm %(year)s nằm ngoài khoảng cho phép (1900–2200).") % {"year": year})
    return year


def parse_period(code: str, mode: Mode | str | None = None) -> Period:
    """Parse a period code; raises ``PeriodError`` with a Vietnamese message."""
    mode = parse_mode(mode) if not isinstance(mode, Mode) else mode
    text = (code or "").strip().upper()
    if m := _YEAR.match(text):
        year = _year(m[1])
        start, end = _months(year, 1, 12, mode)
        return Period(text, "year", year, 0, start, end, mode)
    if m := _QUARTER.match(text):
        year, q = _year(m[1]), int(m[2])
        start, end = _months(year, 3 * q - 2, 3 * q, mode)
        return Period(text, "quarter", year, q, start, end, mode)
    if m := _HALF.match(text):
        year, h = _year(m[1]), int(m[2])
        start, end = _months(year, 6 * h - 5, 6 * h, mode)
        return Period(text, "half", year, h, start, end, mode)
    if m := _NINE.match(text):
        year = _year(m[1])
        start, end = _months(year, 1, 9, mode)
        return Period(f"{year}-9M", "nine", year, 0, start, end, mode)
    if m := _MONTH.match(text):
        year, month = _year(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(_("Tháng %(month)s không hợp lệ (từ 01 đến 12).") % {"month": m[2]})
        start, end = _month_bounds(year, month, mode)
        return Period(text, "month", year, month, start, end, mode)
    if m := _RANGE.match(text):
        try:
            start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        except ValueError:
            raise PeriodError(_("Ngày trong khoảng '%(code)s' không tồn tại.") % {"code": code}) from None
        if end < start:
            raise PeriodError(_("Ngày kết thúc phải sau ngày bắt đầu: '%(code)s'.") % {"code": code})
        _year(m[1][:4])
        _year(m[2][:4])
        return Period(text, "range", start.year, 0, start, end, mode)
    raise PeriodError(
        _("Kỳ báo cáo '%(code)s' không hợp lệ. Dùng: năm 2024, quý 2024Q1, 6 tháng 2024H1, "
          "9 tháng 2024-9M, tháng 2024-03 hoặc khoảng ngày 2024-01-05..2024-02-10.") % {"code": code}
    )


def current_year(today: dt.date | None = None, mode: Mode | str | None = None) -> Period:
    """This year's period; in cut-off mode, after 14 December the next year's one has begun."""
    mode = parse_mode(mode) if not isinstance(mode, Mode) else mode
    today = today or dt.date.today()
    year = today.year + 1 if mode == Mode.DECREE09 and today >= dt.date(today.year, 12, 15) else today.year
    return parse_period(str(year), mode)

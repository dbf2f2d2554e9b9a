"""Calendar points at a granularity, their arithmetic, and their TimeML TIMEX3 values.

A `Point` is what a date expression denotes: "July 2025" is month 2025-07, "the 1980s"
decade 198, "Friday" with no anchor the weekday XXXX-WXX-5. Unknown fields print as X,
so an expression that cannot be anchored still gets an honest value.

Every day this module computes goes through `make_date`, `plus_days` or `shift`, which raise
`OutsideCalendar` when the result leaves years 1-9999 (an anchor at a calendar edge, such as
the CMS placeholders 0001-01-01 and 9999-12-31, with "yesterday" or "next year").
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

# Granularities, coarse to fine. SE = season, WE = weekend, T = time of day.
GRANULARITIES = ("ML", "CE", "DE", "Y", "H", "SE", "Q", "M", "W", "WE", "D", "T")
_RANK = {g: i for i, g in enumerate(GRANULARITIES)}
# Meteorological seasons, as `season_of` and `at` read them: winter 2024 is Dec 2024 - Feb 2025.
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


class OutsideCalendar(OverflowError):
    """A date computation left years 1-9999; the expression has no computable value."""


def _check_year(year: int) -> int:
    if not date.min.year <= year <= date.max.year:
        raise OutsideCalendar(f"year {year} is outside the calendar")
    return year


def make_date(year: int, month: int, day: int) -> date:
    """date(year, month, day), or OutsideCalendar for a year outside 1-9999."""
    return date(_check_year(year), month, day)


def plus_days(day: date, n: int) -> date:
    """`day` moved by `n` days, or OutsideCalendar."""
    try:
        return day + timedelta(days=n)
    except OverflowError as exc:
        raise OutsideCalendar(f"{day} + {n} days is outside the calendar") from exc


def finer(a: str, b: str) -> bool:
    """True when granularity `a` is finer than `b`."""
    return _RANK[a] > _RANK[b]


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def season_of(month: int) -> str:
    return {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(month, "FA")


@dataclass(frozen=True, slots=True)
class Point:
    """A calendar point; `None` fields are unknown. `part` holds the granularity's own
    index: quarter or half number, season code, ISO week, or the time ("MO", "10:30")."""

    gran: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    part: str | int | None = None
    weekday: int | None = None

    @property
    def known(self) -> bool:
        return self.year is not None

    def value(self) -> str:
        return format_value(self)

    def start(self) -> date | None:
        """The first day the point covers, when its year is known (OutsideCalendar when that
        year is not one of 1-9999)."""
        if self.year is None:
            return None
        if self.gran in ("D", "T") and self.month and self.day:
            return make_date(self.year, self.month, self.day)
        if self.gran in ("W", "WE") and isinstance(self.part, int):
            return date.fromisocalendar(_check_year(self.year), self.part, 6 if self.gran == "WE" else 1)
        if self.gran == "Q" and isinstance(self.part, int):
            return make_date(self.year, 3 * self.part - 2, 1)
        if self.gran == "H" and isinstance(self.part, int):
            return make_date(self.year, 6 * self.part - 5, 1)
        if self.gran == "SE" and isinstance(self.part, str):
            return make_date(self.year, SEASON_MONTH[self.part], 1)
        if self.gran == "DE":
            return make_date(self.year - self.year % 10 or 1, 1, 1)
        if self.gran == "CE":
            return make_date(self.year - self.year % 100 or 1, 1, 1)
        if self.gran == "ML":
            return make_date(self.year - self.year % 1000 or 1, 1, 1)
        return make_date(self.year, self.month or 1, 1)

    @property
    def placed(self) -> bool:
        """Every field its granularity needs is known, so the point covers known days."""
        if self.year is None:
            return False
        if self.gran in ("D", "T"):
            return self.month is not None and self.day is not None
        if self.gran == "M":
            return self.month is not None
        if self.gran == "SE":
            return self.part in SEASON_MONTH
        if self.gran in ("W", "WE", "Q", "H"):
            return isinstance(self.part, int)
        return True

    def end(self) -> date | None:
        """The last day the point covers (cut at 9999-12-31), when it is placed."""
        if not self.placed:
            return None
        first = self.start()
        if self.gran in _SPAN_DAYS:
            last = first.toordinal() + _SPAN_DAYS[self.gran] - 1
        else:
            year, month0 = divmod(first.year * 12 + first.month - 1 + _MONTHS[self.gran], 12)
            last = (date(year, month0 + 1, 1).toordinal() if year <= date.max.year else date.max.toordinal() + 1) - 1
        return date.fromordinal(min(last, date.max.toordinal()))


def at(day: date, gran: str) -> Point:
    """The point of granularity `gran` that holds `day`."""
    if gran in ("W", "WE"):
        iso = day.isocalendar()
        return Point(gran, iso[0], part=iso[1])
    if gran == "Q":
        return Point(gran, day.year, part=quarter_of(day.month))
    if gran == "H":
        return Point(gran, day.year, part=1 if day.month <= 6 else 2)
    if gran == "SE":
        season = season_of(day.month)
        return Point(gran, day.year - (day.month <= 2), part=season)
    if gran in ("D", "T"):
        return Point(gran, day.year, day.month, day.day)
    if gran == "M":
        return Point(gran, day.year, day.month)
    return Point(gran, day.year)


def _add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not date.min.year <= year <= date.max.year:
        raise OutsideCalendar(f"{day} + {months} months is outside the calendar")
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


_MONTHS = {"M": 1, "Q": 3, "H": 6, "SE": 3, "Y": 12, "DE": 120, "CE": 1200, "ML": 12000}
_DAYS = {"D": 1, "W": 7, "WE": 7, "T": 1}
_SPAN_DAYS = {"D": 1, "T": 1, "W": 7, "WE": 2}


def in_calendar(day: date, unit: str, n: int) -> bool:
    """True when `shift(day, unit, n)` stays within years 1-9999 ("a million years ago" does not)."""
    days = _DAYS.get(unit, 0) * n or _MONTHS.get(unit, 0) * n * 31
    return date.min.toordinal() + 366 < day.toordinal() + days < date.max.toordinal() - 366


def shift(day: date, unit: str, n: int) -> date:
    """`day` moved by `n` units (calendar-aware for months and longer). Raises
    OutsideCalendar when the result leaves years 1-9999."""
    if unit in _DAYS:
        return plus_days(day, _DAYS[unit] * n)
    return _add_months(day, _MONTHS[unit] * n)


def format_value(p: Point) -> str:
    """The TIMEX3 value of `p`, with X for what is unknown."""
    y = "XXXX" if p.year is None else f"{p.year:04d}"
    g = p.gran
    if g == "ML":
        return "X" if p.year is None else str(p.year // 1000)
    if g == "CE":
        return "XX" if p.year is None else f"{p.year // 100:02d}"
    if g == "DE":
        return "XXX" if p.year is None else f"{p.year // 10:03d}"
    if g == "Y":
        return y
    if g == "H":
        return f"{y}-H{p.part or 'X'}"
    if g == "Q":
        return f"{y}-Q{p.part or 'X'}"
    if g == "SE":
        return f"{y}-{p.part}"
    if g in ("W", "WE"):
        week = f"W{p.part:02d}" if isinstance(p.part, int) else "WXX"
        return f"{y}-{week}" + ("-WE" if g == "WE" else "")
    if g == "M":
        return f"{y}-{p.month:02d}" if p.month else f"{y}-XX"
    day = _day_value(p, y)
    if g == "T":
        return f"{day}T{p.part}" if p.part is not None else day
    return day


def _day_value(p: Point, y: str) -> str:
    if p.month is None and p.day is None and p.weekday is not None:
        return f"{y}-WXX-{p.weekday}"
    month = f"{p.month:02d}" if p.month else "XX"
    dom = f"{p.day:02d}" if p.day else "XX"
    return f"{y}-{month}-{dom}"

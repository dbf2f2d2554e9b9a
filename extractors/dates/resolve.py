"""Turn a `Reading` into a TIMEX3 (type, value, mod), anchored at the publication date.

Deictic expressions ("yesterday", "last year", "four months ago") count from the anchor;
anaphoric ones ("a year earlier", "the following day", "the quarter") from the reference
point: the last explicit date the document mentioned. A missing year is chosen by the
tense of the clause ("in May" read in August: this May if past, next May if future).
Without an anchor, what depends on it stays X ("XXXX-05", "XXXX-WXX-5"); nothing is
guessed from today's date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from extractors.dates.points import (OutsideCalendar, Point, at, finer, in_calendar, make_date, plus_days, quarter_of,
                                     season_of, shift)
from extractors.dates.reading import Reading

SEASONS = ("WI", "SP", "SU", "FA")
_UNIT_GRAN = {"Y": "Y", "M": "M", "W": "W", "D": "D", "Q": "Q", "H": "T", "DE": "DE", "CE": "CE", "ML": "ML",
              "WE": "WE", "MIN": "T", "S": "T"}
_OFFSET_GRAN = {"DE": "Y", "CE": "Y", "ML": "Y", "WE": "W", "H": "D", "MIN": "D", "S": "D"}
_FINER_UNIT = {"ML": ("CE", 10), "CE": ("Y", 100), "DE": ("Y", 10), "Y": ("M", 12), "Q": ("M", 3), "W": ("D", 7),
               "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60), "WE": ("D", 2)}
_TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}
_IN_YEARS = {"DE": 10, "CE": 100, "ML": 1000}
_CLOSE_AHEAD, _CLOSE_BEHIND = 60, 14  # days: "close" dates that override the tense
_NEAREST_TENSES = (None, "present")  # a month named in these is the nearest one


@dataclass(frozen=True, slots=True)
class Timex:
    type: str
    value: str
    mod: str | None
    point: Point | None = None  # what a DATE/TIME denotes, for the document's reference point


# Readings naming these move the document's reference ("a year earlier" counts from the
# last of them): dates the text states outright, not ones counted from the anchor.
_REFERENCE_FIELDS = ("year", "month", "day", "quarter", "half", "season", "holiday")
# A quarter named this many characters back still frames "a year ago" (earnings reports).
QUARTER_REACH = 2000


@dataclass(slots=True)
class Context:
    """What anchors a document's expressions, read in text order: the anchor, the tense of
    the current clause, and the document's focus, which moves as dates are read."""

    anchor: date | None
    tense: str | None = None  # past | present | future
    reference: Point | None = None  # the last date stated outright
    focus_day: Point | None = None  # the last day named (a weekday, "yesterday", a date)
    quarter: Point | None = None  # the last quarter named: earnings news compares quarters
    position: int = 0
    quarter_at: int = 0
    year_to_date: tuple[str, ...] = ()  # durations that name a period from the year's start ("P9M")
    sentence: int = 0  # where the current sentence starts
    year_to_date_sentence: int | None = None  # the sentence that named "the nine months"

    def move_to(self, position: int, tense: str | None, sentence: int | None = None) -> None:
        """Read on at `position`; `sentence` is where its sentence starts (unknown: no other
        expression counts as being in the same sentence)."""
        self.position, self.tense = position, tense
        self.sentence = position if sentence is None else sentence
        if self.quarter is not None and position - self.quarter_at > QUARTER_REACH:
            self.quarter = None

    @property
    def in_year_to_date(self) -> bool:
        """The current sentence reports a period from the year's start ("For the nine months, net
        rose from a year earlier"): what it compares with is the year before, not a quarter."""
        return self.year_to_date_sentence is not None and self.year_to_date_sentence == self.sentence

    def observe(self, r: Reading, timex: Timex) -> None:
        if timex.type == "DURATION" and r.definite and timex.value in self.year_to_date:
            self.year_to_date_sentence = self.sentence
        point = timex.point
        if point is None or not point.known:
            return
        if point.gran in ("D", "T"):
            self.focus_day = at(point.start(), "D")
        if any(getattr(r, f) is not None for f in _REFERENCE_FIELDS):
            self.reference = point
        if point.gran == "Q" and r.kind == "point" and (self.anchor is None or point.end() < self.anchor) and (
                r.year is None or r.quarter is not None):  # not "the 1988 quarter", which compares with it
            # only a quarter over frames "a year ago": results compare reported periods, not
            # the current quarter or "the third quarter of 1990" that a forecast names
            self.quarter, self.quarter_at = point, self.position


def resolve(r: Reading, ctx: Context) -> Timex | None:
    """The TIMEX3 for `r`, or None when the words state no time (e.g. only a modifier) or
    the time they state lies outside years 1-9999 ("next year" in a text dated 9999-12-31)."""
    kind = r.kind
    if kind == "ref":
        return Timex("DATE", r.reference or "PRESENT_REF", r.mod)
    if kind == "set":
        return _set(r)
    if kind == "duration":
        value = duration_value(r.number, r.unit, exact=not (r.ranged or r.vague))
        return Timex("DURATION", value, r.mod) if value else None
    try:
        point = _offset(r, ctx) if kind == "offset" else _point(r, ctx)
        if isinstance(point, Point):
            point.start()  # a point later expressions may count from must be a day of the calendar
    except OutsideCalendar:
        return None
    if point is None:
        return None
    if isinstance(point, str):
        return Timex("DATE", point, r.mod)
    return Timex("TIME" if point.gran == "T" else "DATE", point.value(), r.mod, point)


# --- durations and sets -----------------------------------------------------------------
def duration_value(number: float | None, unit: str | None, exact: bool = True) -> str | None:
    """P5Y, PT90M, PXDE, P2Y6M ... ; decades and centuries counted exactly become years
    ("two decades" -> P20Y), a fraction carries into the next finer unit."""
    if unit is None:
        return None
    if number is None or not exact:
        return f"PTX{_TIME_UNITS[unit]}" if unit in _TIME_UNITS else f"PX{unit}"
    if unit in _IN_YEARS:
        number, unit = number * _IN_YEARS[unit], "Y"
    if unit == "Q":
        number, unit = number * 3, "M"
    if unit == "WE":
        number, unit = number * 2, "D"
    whole = int(number)
    parts = [(whole, unit)] if whole else []
    rest = number - whole
    if rest > 1e-9 and unit in _FINER_UNIT:
        finer_unit, factor = _FINER_UNIT[unit]
        parts.append((round(rest * factor, 2), finer_unit))
    elif rest > 1e-9:
        parts = [(round(number, 2), unit)]
    date_part = "".join(f"{_num(n)}{u}" for n, u in parts if u not in _TIME_UNITS)
    time_part = "".join(f"{_num(n)}{_TIME_UNITS[u]}" for n, u in parts if u in _TIME_UNITS)
    return "P" + date_part + (f"T{time_part}" if time_part else "") if parts else None


def _num(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _set(r: Reading) -> Timex | None:
    if r.set_value:
        return Timex("SET", r.set_value, r.mod)
    weekday = r.weekdays if r.weekdays is not None else r.weekday
    if weekday is not None:
        return Timex("SET", f"XXXX-WXX-{weekday}" + (f"T{r.part}" if r.part else ""), r.mod)
    if r.month is not None:
        return Timex("SET", f"XXXX-{r.month:02d}", r.mod)
    if r.part is not None:
        return Timex("SET", f"XXXX-XX-XXT{r.part}", r.mod)
    if r.unit is not None:
        return Timex("SET", duration_value(r.number or 1, r.unit, exact=not (r.ranged or r.vague)) or "", r.mod)
    return None


# --- offsets: "four months ago", "a year earlier" ---------------------------------------
def _offset(r: Reading, ctx: Context) -> Point | str | None:
    if r.year_ago:
        return _year_ago(r, ctx)
    sign, base_kind = r.offset["sign"], r.offset["base"]
    if r.number is None or r.unit is None:
        return "PAST_REF" if sign < 0 else "FUTURE_REF"
    number, unit = r.number, r.unit
    while number != int(number) and unit in _FINER_UNIT:
        unit, factor = _FINER_UNIT[unit]
        number *= factor
    if unit == "Y" and number == 1 and ctx.in_year_to_date:
        return _year_from_focus(ctx, sign)  # "for the nine months ... a year earlier"
    if unit == "Y" and number == 1 and ctx.quarter is not None:
        return at(shift(ctx.quarter.start(), "Y", sign), "Q")  # "a year ago" beside "the third quarter"
    gran = _OFFSET_GRAN.get(unit, _UNIT_GRAN[unit])
    base = ctx.anchor
    ref = ctx.reference
    if base_kind == "reference" and ref is not None and ref.known and not finer(gran, ref.gran):
        base, gran = ref.start(), ref.gran if ref.gran != "T" else "D"
    if base is None:
        return Point(gran)
    if not in_calendar(base, unit if unit not in ("H", "MIN", "S") else "D", sign * int(number)):
        return Point(gran)  # beyond the calendar: the value stays unanchored (X)
    return at(_shift_time(base, unit, sign * int(number)), gran)


def _shift_time(day: date, unit: str, n: int) -> date:
    if unit in ("H", "MIN", "S"):
        seconds = {"H": 3600, "MIN": 60, "S": 1}[unit] * n
        return plus_days(day, int(seconds / 86400))
    return shift(day, "D" if unit == "WE" else unit, n)


def _year_from_focus(ctx: Context, sign: int) -> Point:
    """The year before (or after) the year of the quarter in focus, else of the anchor."""
    base = ctx.quarter.start() if ctx.quarter is not None else ctx.anchor
    return at(shift(base, "Y", sign), "Y") if base is not None else Point("Y")


def _year_ago(r: Reading, ctx: Context) -> Point | None:
    """ "year-earlier", "the year-ago quarter": one year before the period in focus."""
    ref = ctx.reference
    if r.unit == "Y" and not r.period and ctx.in_year_to_date:
        return _year_from_focus(ctx, -1)  # "for the nine months ... compared with year-earlier net"
    if r.unit in ("Y", "Q") and ctx.quarter is not None:
        return at(shift(ctx.quarter.start(), "Y", -1), "Q")
    if r.unit in ("Q", "M", "W", "D"):  # the period named: "the year-ago quarter"
        gran = r.unit
    elif ref is not None and ref.known:
        gran = ref.gran if ref.gran != "T" else "D"
    else:
        gran = "Y"
    base = ref.start() if ref is not None and ref.known and not finer(gran, ref.gran) else ctx.anchor
    if base is None:
        return Point(gran)
    return at(shift(base, "Y", -1), gran)


# --- points -----------------------------------------------------------------------------
def _point(r: Reading, ctx: Context) -> Point | None:
    a = ctx.anchor
    if r.decade is not None:
        return Point("DE", r.decade * 10)
    if r.century is not None:
        return Point("CE", r.century * 100)
    year = r.year if r.year is not None else _stated_year(r, a)
    if r.holiday is not None:
        return _holiday(r, ctx, year)
    if r.quarter is not None or r.half is not None:
        gran, part = ("Q", r.quarter) if r.quarter is not None else ("H", r.half)
        if year is None and a is not None:
            now = quarter_of(a.month) if gran == "Q" else (1 if a.month <= 6 else 2)
            # a quarter not yet begun is last year's only in the past tense; a quarter begun
            # is this year's ("expects to report third-quarter results" in October)
            tense = ctx.tense if part > now else None
            year = _choose_year(a.year, (part,), (now,), r.relative, tense if tense == "past" else None)
        return Point(gran, year, part=part)
    if r.season is not None:
        if year is None and a is not None:
            now = SEASONS.index(season_of(a.month))
            year = _choose_year(a.year, (SEASONS.index(r.season),), (now,), r.relative, ctx.tense)
        return Point("SE", year, part=r.season)
    if r.month is not None:
        if year is None and a is not None:
            if r.day is not None and r.relative is None and _valid(a.year, r.month, r.day):
                year = _nearest_year(a, r.month, r.day, ctx.tense)
            elif r.relative is None and ctx.tense in _NEAREST_TENSES:
                year = _nearest_month_year(a, r.month)
            else:
                tense = ctx.tense
                if tense == "past" and r.relative is None and (r.month - a.month) % 12 == 1:
                    tense = None  # "gave it until mid-November", read in October: the coming month
                year = _choose_year(a.year, (r.month, r.day or 0), (a.month, a.day if r.day else 0),
                                    r.relative, tense)
        if r.day is not None:
            if r.year is None and r.weekday is not None and a is not None:
                year = _year_of_weekday(a.year, r.month, r.day, r.weekday) or year
            if year is not None and not _valid(year, r.month, r.day):
                return None
            return _timed(Point("D", year, r.month, r.day), r)
        return Point("M", year, r.month)
    if r.weekday is not None:
        if a is None:
            return _timed(Point("D", weekday=r.weekday), r)
        return _timed(at(_weekday(a, r.weekday, r.relative, ctx.tense), "D"), r)
    if r.deictic is not None:
        return _timed(at(plus_days(a, r.deictic), "D") if a else Point("D"), r)
    if r.year is not None and (r.unit == "Q" or r.period) and not ctx.in_year_to_date and ctx.quarter is not None:
        return Point("Q", r.year, part=ctx.quarter.part)  # "the 1988 quarter": the quarter in focus, that year
    if r.year is not None:
        return Point("Y", r.year)
    if r.unit is not None or r.period:
        return _unit_point(r, ctx)
    if r.clock is not None or r.part is not None:
        return _timed(_day_in_focus(r, ctx), r)
    return None


def _stated_year(r: Reading, a: date | None) -> int | None:
    """The year of "July last year", "this year's third quarter", "the first half of the year"."""
    if r.unit != "Y" or not (r.month or r.quarter or r.half or r.season or r.holiday):
        return None
    if a is None:
        return None
    return a.year + (r.relative or 0)


def _choose_year(year: int, key: tuple, now: tuple, relative: int | None, tense: str | None) -> int:
    if relative == -1:
        return year if key < now else year - 1
    if relative == 1:
        return year if key > now else year + 1
    if relative == 0:
        return year
    if tense == "past":
        return year if key <= now else year - 1
    if tense == "future":
        return year if key >= now else year + 1
    return year


def _nearest_month_year(a: date, month: int) -> int:
    """A month named without tense ("effective January", "sales in December") is the
    occurrence nearest the anchor: in November, January is the coming one."""
    ahead = (month - a.month) % 12
    return a.year + (a.month + ahead > 12) if ahead <= 6 else a.year - (month > a.month)


def _nearest_year(a: date, month: int, day: int, tense: str | None) -> int:
    """A day and month without a year. News reports what happened lately or is coming up,
    so the occurrence nearest the anchor wins, unless the tense points the other way and the
    other occurrence is not close ("payable Dec. 1" read in late October is this Dec. 1;
    "the year ended Jan. 31" is last January)."""
    years = [y for y in (a.year - 1, a.year, a.year + 1) if _valid(y, month, day)]
    past = max((y for y in years if date(y, month, day) <= a), default=None)
    coming = min((y for y in years if date(y, month, day) > a), default=None)
    if past is None or coming is None:
        return past if coming is None else coming
    back, ahead = (a - date(past, month, day)).days, (date(coming, month, day) - a).days
    if tense == "past":
        return coming if ahead <= _CLOSE_AHEAD else past
    if tense == "future":
        return past if back <= _CLOSE_BEHIND else coming
    return past if back <= ahead else coming


def _year_of_weekday(year: int, month: int, day: int, weekday: int) -> int | None:
    """"Saturday, April 25" names its year: the nearest one where that date is a Saturday."""
    for y in (year, year + 1, year - 1):
        if _valid(y, month, day) and date(y, month, day).isoweekday() == weekday:
            return y
    return None


def _weekday(a: date, weekday: int, relative: int | None, tense: str | None) -> date:
    today = a.isoweekday()
    back, ahead = (today - weekday) % 7, (weekday - today) % 7
    if relative == -1:
        return plus_days(a, -(back or 7))
    if relative == 1:
        return plus_days(a, ahead or 7)
    if relative == 0:
        return plus_days(a, weekday - today)
    if tense == "past":
        return plus_days(a, -back)
    if tense == "present" and back == 1:
        return plus_days(a, -1)  # "Officials on Sunday say", read Monday: a plan six days out would say "next"
    if tense in ("future", "present"):
        return plus_days(a, ahead)  # "meets Monday", "is to resume Tuesday": news states plans in the present
    # no tense: news mostly reports the days just past
    return plus_days(a, -back) if back <= 4 else plus_days(a, ahead)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _holiday(r: Reading, ctx: Context, year: int | None) -> Point | None:
    rule, a = r.holiday, ctx.anchor
    if year is None and a is not None:
        this = holiday_date(rule, a.year)
        if r.relative is None:
            # like a day and month: the nearest occurrence, unless the tense points away from it
            year = _nearest_year(a, this.month, this.day, ctx.tense)
        else:
            year = _choose_year(a.year, (this.month, this.day), (a.month, a.day), r.relative, ctx.tense)
    if year is None:
        return Point("D", None, rule.get("month"), rule.get("day"))
    day = holiday_date(rule, year)
    if r.unit == "W" and not r.plural:
        return at(day, "W")  # "Easter week": the week the holiday falls in
    return _timed(at(day, "D"), r)


def holiday_date(rule, year: int) -> date:
    if "easter" in rule:
        return plus_days(_easter(year), rule["easter"])
    if "day" in rule:
        return make_date(year, rule["month"], rule["day"])
    first = make_date(year, rule["month"], 1)
    after = rule.get("offset", 0)  # Black Friday: the day after Thanksgiving
    if rule["nth"] > 0:
        offset = (rule["weekday"] - first.isoweekday()) % 7
        return plus_days(first, offset + 7 * (rule["nth"] - 1) + after)
    last = plus_days(shift(first, "M", 1), -1)
    return plus_days(last, after - (last.isoweekday() - rule["weekday"]) % 7)


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return make_date(year, month, day + 1)


def _timed(p: Point, r: Reading) -> Point:
    """Add the clock time or part of day ("10:35", "MO") when the reading states one."""
    time = r.clock or r.part
    return replace(p, gran="T", part=time) if time else p


def _day_in_focus(r: Reading, ctx: Context) -> Point:
    """The day a bare time ("10 a.m.", "this morning", "last night") falls on."""
    a, ref = ctx.anchor, ctx.reference
    if r.anaphoric and ref is not None and ref.known and ref.gran in ("D", "T"):
        return at(plus_days(ref.start(), r.relative or 0), "D")
    if r.relative is None and ctx.focus_day is not None and r.part is None:
        return ctx.focus_day
    if a is None:
        return Point("D")
    if r.relative is not None and r.part is not None:
        return at(plus_days(a, min(r.relative, 0) if r.part == "NI" else r.relative), "D")
    return at(a, "D")


def _unit_point(r: Reading, ctx: Context) -> Point | None:
    """"last year", "this week", "the following day", "that day", "the quarter", "year-end"."""
    a, ref = ctx.anchor, ctx.reference
    unit = r.unit
    if unit is None or (unit == "Q" and (r.latest or r.definite) and r.relative is None and r.mod is None
                        and not r.demonstrative):
        # "the latest period", "the quarter": the quarter in focus, else the last one completed
        if ctx.quarter is not None and not r.latest:
            return ctx.quarter
        return at(shift(a, "Q", -1), "Q") if a else Point("Q")
    gran = _UNIT_GRAN[unit]
    if unit in ("H", "MIN", "S"):
        return None
    anaphoric = r.anaphoric or r.demonstrative
    if unit == "D" and ctx.focus_day is not None and (anaphoric or r.definite and r.relative is None):
        # "Oct. 12, the day before the plunge", "that day", "the previous day": from the day in focus
        return at(plus_days(ctx.focus_day.start(), r.relative or 0), gran)
    if anaphoric and ref is not None and ref.known and not finer(gran, ref.gran):
        return at(shift(ref.start(), _shift_unit(unit), r.relative or 0), gran)
    if a is None:
        return Point(gran)
    if r.relative is not None:
        return at(shift(a, _shift_unit(unit), r.relative), gran)
    if unit == "WE":  # "the weekend": the one just past, unless the clause looks ahead
        days_back = (a.isoweekday() - 6) % 7 if a.isoweekday() < 6 else 0
        if ctx.tense == "future" or (ctx.tense is None and a.isoweekday() >= 4):
            return at(plus_days(a, (6 - a.isoweekday()) % 7), gran)
        return at(plus_days(a, -days_back), gran)
    if r.latest:
        return at(shift(a, _shift_unit(unit), -1), gran)
    return at(a, gran)


def _shift_unit(unit: str) -> str:
    return "W" if unit == "WE" else unit

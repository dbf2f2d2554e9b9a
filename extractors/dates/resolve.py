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
from datetime import date, timedelta

from extractors.dates.points import Point, at, finer, quarter_of, season_of, shift
from extractors.dates.reading import Reading

SEASONS = ("WI", "SP", "SU", "FA")
_UNIT_GRAN = {"Y": "Y", "M": "M", "W": "W", "D": "D", "Q": "Q", "H": "T", "DE": "DE", "CE": "CE", "ML": "ML",
              "WE": "WE", "MIN": "T", "S": "T"}
_OFFSET_GRAN = {"DE": "Y", "CE": "Y", "ML": "Y", "WE": "W", "H": "D", "MIN": "D", "S": "D"}
_FINER_UNIT = {"ML": ("CE", 10), "CE": ("Y", 100), "DE": ("Y", 10), "Y": ("M", 12), "Q": ("M", 3), "W": ("D", 7),
               "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60), "WE": ("D", 2)}
_TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}


@dataclass(frozen=True, slots=True)
class Timex:
    type: str
    value: str
    mod: str | None
    point: Point | None = None  # what a DATE/TIME denotes, for the document's reference point


@dataclass(slots=True)
class Context:
    """What anchors a document's expressions; `reference` moves as explicit dates are read."""

    anchor: date | None
    tense: str | None = None  # past | present | future
    reference: Point | None = None


def resolve(r: Reading, ctx: Context) -> Timex | None:
    """The TIMEX3 for `r`, or None when the words state no time (e.g. only a modifier)."""
    kind = r.kind
    if kind == "ref":
        return Timex("DATE", r.reference or "PRESENT_REF", r.mod)
    if kind == "set":
        return _set(r)
    if kind == "duration":
        value = duration_value(r.number, r.unit, exact=not (r.ranged or r.vague))
        return Timex("DURATION", value, r.mod) if value else None
    if kind == "offset":
        point = _offset(r, ctx)
    else:
        point = _point(r, ctx)
    if point is None:
        return None
    if isinstance(point, str):
        return Timex("DATE", point, r.mod)
    return Timex("TIME" if point.gran == "T" else "DATE", point.value(), r.mod, point)


# --- durations and sets -----------------------------------------------------------------
def duration_value(number: float | None, unit: str | None, exact: bool = True) -> str | None:
    """P5Y, PT90M, PXDE ... ; a fractional count moves to a finer unit (1.5 years -> P18M)."""
    if unit is None:
        return None
    if number is None or not exact:
        return f"PTX{_TIME_UNITS[unit]}" if unit in _TIME_UNITS else f"PX{unit}"
    if unit == "Q":
        number, unit = number * 3, "M"
    while number != int(number) and unit in _FINER_UNIT:
        unit, factor = _FINER_UNIT[unit]
        number *= factor
    n = int(number) if number == int(number) else round(number, 2)
    if unit in _TIME_UNITS:
        return f"PT{n}{_TIME_UNITS[unit]}"
    return f"P{n}{unit}"


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
        return Timex("SET", duration_value(r.number or 1, r.unit) or "", r.mod)
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
    gran = _OFFSET_GRAN.get(unit, _UNIT_GRAN[unit])
    base = ctx.anchor
    ref = ctx.reference
    if base_kind == "reference" and ref is not None and ref.known and not finer(gran, ref.gran):
        base, gran = ref.start(), ref.gran if ref.gran != "T" else "D"
    if base is None:
        return Point(gran)
    try:
        day = _shift_time(base, unit, sign * int(number))
    except OverflowError:
        return None
    return at(day, gran)


def _shift_time(day: date, unit: str, n: int) -> date:
    if unit in ("H", "MIN", "S"):
        seconds = {"H": 3600, "MIN": 60, "S": 1}[unit] * n
        return day + timedelta(days=int(seconds / 86400))
    return shift(day, "D" if unit == "WE" else unit, n)


def _year_ago(r: Reading, ctx: Context) -> Point | None:
    """ "year-earlier", "the year-ago quarter": one year before the period in focus."""
    ref = ctx.reference
    if r.unit in ("Q", "M", "W", "D", "H") and r.unit != "Y":
        gran = {"H": "H"}.get(r.unit, r.unit)
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
            year = _choose_year(a.year, (part,), (now,), r.relative, ctx.tense)
        return Point(gran, year, part=part)
    if r.season is not None:
        if year is None and a is not None:
            now = SEASONS.index(season_of(a.month))
            year = _choose_year(a.year, (SEASONS.index(r.season),), (now,), r.relative, ctx.tense)
        return Point("SE", year, part=r.season)
    if r.month is not None:
        if year is None and a is not None:
            year = _choose_year(a.year, (r.month, r.day or 0), (a.month, a.day if r.day else 0),
                                r.relative, ctx.tense)
        if r.day is not None:
            if year is not None and not _valid(year, r.month, r.day):
                return None
            return _timed(Point("D", year, r.month, r.day), r)
        return Point("M", year, r.month)
    if r.weekday is not None:
        if a is None:
            return _timed(Point("D", weekday=r.weekday), r)
        return _timed(at(_weekday(a, r.weekday, r.relative, ctx.tense), "D"), r)
    if r.deictic is not None:
        return _timed(at(a + timedelta(days=r.deictic), "D") if a else Point("D"), r)
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


def _weekday(a: date, weekday: int, relative: int | None, tense: str | None) -> date:
    today = a.isoweekday()
    back, ahead = (today - weekday) % 7, (weekday - today) % 7
    if relative == -1:
        return a - timedelta(days=back or 7)
    if relative == 1:
        return a + timedelta(days=ahead or 7)
    if relative == 0:
        return a + timedelta(days=weekday - today)
    if tense == "past":
        return a - timedelta(days=back)
    if tense == "future":
        return a + timedelta(days=ahead)
    return a - timedelta(days=back) if back <= ahead else a + timedelta(days=ahead)


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
        key, now = (this.month, this.day), (a.month, a.day)
        year = _choose_year(a.year, key, now, r.relative, ctx.tense)
    if year is None:
        return Point("D", None, rule.get("month"), rule.get("day"))
    return _timed(at(holiday_date(rule, year), "D"), r)


def holiday_date(rule, year: int) -> date:
    if "easter" in rule:
        return _easter(year) + timedelta(days=rule["easter"])
    if "day" in rule:
        return date(year, rule["month"], rule["day"])
    first = date(year, rule["month"], 1)
    if rule["nth"] > 0:
        offset = (rule["weekday"] - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (rule["nth"] - 1))
    last = shift(first, "M", 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - rule["weekday"]) % 7)


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_ + 433) // 432
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def _timed(p: Point, r: Reading) -> Point:
    """Add the clock time or part of day ("10:35", "MO") when the reading states one."""
    time = r.clock or r.part
    return replace(p, gran="T", part=time) if time else p


def _day_in_focus(r: Reading, ctx: Context) -> Point:
    """The day a bare time ("10 a.m.", "this morning", "last night") falls on."""
    a, ref = ctx.anchor, ctx.reference
    if r.anaphoric and ref is not None and ref.known and ref.gran in ("D", "T"):
        return at(ref.start() + timedelta(days=r.relative or 0), "D")
    if a is None:
        return Point("D")
    if r.relative is not None and r.part is not None:
        return at(a + timedelta(days=min(r.relative, 0) if r.part == "NI" else r.relative), "D")
    return at(a, "D")


def _unit_point(r: Reading, ctx: Context) -> Point | None:
    """"last year", "this week", "the following day", "that day", "the quarter", "year-end"."""
    a, ref = ctx.anchor, ctx.reference
    unit = r.unit
    if unit is None:  # "the latest period": the period in focus
        return ref if ref is not None and ref.gran in ("Q", "H", "M", "Y") else (
            at(shift(a, "Q", -1), "Q") if a else Point("Q"))
    gran = _UNIT_GRAN[unit]
    if unit in ("H", "MIN", "S"):
        return None
    anaphoric = r.anaphoric or r.demonstrative
    if anaphoric and ref is not None and ref.known and not finer(gran, ref.gran):
        return at(shift(ref.start(), _shift_unit(unit), r.relative or 0), gran)
    if a is None:
        return Point(gran)
    if r.relative is not None:
        return at(shift(a, _shift_unit(unit), r.relative), gran)
    if r.latest or (r.definite and unit == "Q" and r.mod is None):
        if ref is not None and ref.known and ref.gran == gran:
            return ref
        return at(shift(a, _shift_unit(unit), -1), gran)
    return at(a, gran)


def _shift_unit(unit: str) -> str:
    return "W" if unit == "WE" else unit

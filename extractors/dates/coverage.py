"""The days a resolved time expression covers and its granularity, stored beside the TIMEX3
value so that analysts can ask what overlaps a period
(`WHERE resolved_start <= '2025-07-31' AND resolved_end >= '2025-07-01'`).

A DATE or TIME covers the days of its value ("late July 2025": July 2025; the modifier does
not narrow it); PRESENT_REF covers the publication day; durations, sets, PAST_REF,
FUTURE_REF and values with unknown parts ("XXXX-05") cover no known days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from extractors.dates.resolve import Timex

GRANULARITY = {"D": "day", "T": "time", "W": "week", "WE": "week", "M": "month", "Q": "quarter", "H": "half",
               "SE": "season", "Y": "year", "DE": "decade", "CE": "century", "ML": "millennium"}
REF = "ref"


@dataclass(frozen=True, slots=True)
class Coverage:
    start: date | None
    end: date | None
    granularity: str | None


NONE = Coverage(None, None, None)


def coverage(timex: Timex, anchor: date | None) -> Coverage:
    """First and last day `timex` covers (None when it cannot be placed) and its granularity."""
    if timex.type in ("DURATION", "SET"):
        return NONE
    point = timex.point
    if point is None:  # PRESENT_REF, PAST_REF, FUTURE_REF
        now = anchor if timex.value == "PRESENT_REF" else None
        return Coverage(now, now, REF)
    granularity = GRANULARITY[point.gran]
    if not point.placed:
        return Coverage(None, None, granularity)
    return Coverage(point.start(), point.end(), granularity)

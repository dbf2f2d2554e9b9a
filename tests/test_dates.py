"""The dates extractor: TIMEX3 spans, types, values and modifiers, one behaviour per case,
on hand-built sentences through the real pipeline, plus its pure parts (reading, resolving,
calendar values) and its rule data checks."""

from __future__ import annotations

import json
from datetime import date

import pytest

from extractors.dates.component import anchor_date
from extractors.dates.lexicon import load_lexicon, parse_lexicon
from extractors.ruledata import RuleDataError, read_json
from extractors.dates.patterns import expand_token, load_macros, load_rules
from extractors.dates.points import Point, at, shift
from extractors.dates.reading import read
from extractors.dates.resolve import Context, duration_value, holiday_date, resolve
from extractors.dates.words import build_table, span_words

PUBLISHED = date(2025, 8, 4)  # a Monday


def timexes(run_nlp, text, published=PUBLISHED):
    return [(d.text, d.type, d.value, d.mod) for d in run_nlp(text, published)._.nf_dates]


# --- behaviour, end to end ----------------------------------------------------------------
CASES = {
    "absolute dates": (
        "The truce expires on August 12, 2025; talks resume on 12 August 2025 and end on 20 August, in Geneva.",
        [("August 12, 2025", "DATE", "2025-08-12", None), ("12 August 2025", "DATE", "2025-08-12", None),
         ("20 August", "DATE", "2025-08-20", None)]),
    "numeric dates": (
        "The filing is dated 2019-03-12 and the order 25/12/2019.",
        [("2019-03-12", "DATE", "2019-03-12", None), ("25/12/2019", "DATE", "2019-12-25", None)]),
    "two days sharing a month are two expressions, each with its day": (
        "Ministers meet on Sept. 24 and 25, and again on 3 and 4 October 2025 after the March 5-6, 2025 round.",
        [("Sept. 24", "DATE", "2025-09-24", None), ("25", "DATE", "2025-09-25", None),
         ("3", "DATE", "2025-10-03", None), ("4 October 2025", "DATE", "2025-10-04", None),
         ("March 5", "DATE", "2025-03-05", None), ("6, 2025", "DATE", "2025-03-06", None)]),
    "day and month take the nearest year": (
        "The dividend is payable Sept. 30.",
        [("Sept. 30", "DATE", "2025-09-30", None)]),
    "month and year, bare month, mid-year": (
        "June 2025 saw a rise from May, and the plant reopened in mid-2024.",
        [("June 2025", "DATE", "2025-06", None), ("May", "DATE", "2025-05", None),
         ("mid-2024", "DATE", "2024", "MID")]),
    "a bare month in the future tense is the next one": (
        "The store will open in May.",
        [("May", "DATE", "2026-05", None)]),
    "decades": (
        "Its lead dates back to the 1980s and grew in the '80s and the mid-1990s.",
        [("the 1980s", "DATE", "198", None), ("the '80s", "DATE", "198", None),
         ("the mid-1990s", "DATE", "199", "MID")]),
    "position modifiers": (
        "Talks ended in late July 2025 after starting in early April.",
        [("late July 2025", "DATE", "2025-07", "END"), ("early April", "DATE", "2025-04", "START")]),
    "the end of": (
        "A round of talks ended at the end of July 2025.",
        [("the end of July 2025", "DATE", "2025-07", "END")]),
    "approximation and comparison": (
        "Controls began approximately four months ago; the meeting ran for more than four hours.",
        [("approximately four months ago", "DATE", "2025-04", "APPROX"),
         ("more than four hours", "DURATION", "PT4H", "MORE_THAN")]),
    "earlier and later modify months and years, not weekdays or weeks": (
        "Earlier Friday, lawyers filed; earlier this week and earlier this year prices fell.",
        [("Friday", "DATE", "2025-08-01", None), ("this week", "DATE", "2025-W32", None),
         ("earlier this year", "DATE", "2025", "START")]),
    "one modifier only": (
        "Controls began around early April 2025.",
        [("early April 2025", "DATE", "2025-04", "START")]),
    "last and next": (
        "The deal was signed last May and expires next year.",
        [("last May", "DATE", "2025-05", None), ("next year", "DATE", "2026", None)]),
    "weekdays follow the tense": (
        "Greer said on Friday that he will meet the minister on Thursday.",
        [("Friday", "DATE", "2025-08-01", None), ("Thursday", "DATE", "2025-08-07", None)]),
    "today, yesterday, tomorrow": (
        "The board met yesterday, meets today and will meet again tomorrow.",
        [("yesterday", "DATE", "2025-08-03", None), ("today", "DATE", "2025-08-04", None),
         ("tomorrow", "DATE", "2025-08-05", None)]),
    "weeks and parts of the day": (
        "Sales fell last week and rose this morning.",
        [("last week", "DATE", "2025-W31", None), ("this morning", "TIME", "2025-08-04TMO", None)]),
    "a clock time takes the day it is on": (
        "The blast came at 10:35 a.m. on Friday.",
        [("10:35 a.m.", "TIME", "2025-08-01T10:35", None), ("Friday", "DATE", "2025-08-01", None)]),
    "a clock time takes the day named before it": (
        "The attack came on Tuesday. At 8 PM, police arrived.",
        [("Tuesday", "DATE", "2025-07-29", None), ("8 PM", "TIME", "2025-07-29T20:00", None)]),
    "a part of the day before a deictic day": (
        "Shares rose at mid-afternoon yesterday.",
        [("mid-afternoon yesterday", "TIME", "2025-08-03TAF", "MID")]),
    "the article's own weekday is the article date": (
        "The minister spoke Monday.",
        [("Monday", "DATE", "2025-08-04", None)]),
    "a weekday in the present tense is coming": (
        "The council meets Thursday, and the stock is to resume trading Wednesday.",
        [("Thursday", "DATE", "2025-08-07", None), ("Wednesday", "DATE", "2025-08-06", None)]),
    "a weekday that modifies a noun takes no present tense": (
        "The deal follows Friday's purchases.",
        [("Friday", "DATE", "2025-08-01", None)]),
    "could and had are past": (
        "He could not be located Wednesday; the offer had been due to expire Friday.",
        [("Wednesday", "DATE", "2025-07-30", None), ("Friday", "DATE", "2025-08-01", None)]),
    "a weekday before a date": (
        "Funds seeped out Friday, Aug. 1 alone.",
        [("Friday, Aug. 1", "DATE", "2025-08-01", None)]),
    "last and next with a holiday": (
        "He arrived last Thanksgiving.",
        [("last Thanksgiving", "DATE", "2024-11-28", None)]),
    "durations": (
        "The mine needs five years and 90 days of permits.",
        [("five years", "DURATION", "P5Y", None), ("90 days", "DURATION", "P90D", None)]),
    "vague durations and ranges": (
        "Prices rose over decades and in recent weeks, and plants need 3-5 years.",
        [("decades", "DURATION", "PXDE", None), ("recent weeks", "DURATION", "PXW", None),
         ("3-5 years", "DURATION", "PXY", None)]),
    "the past decade is a span, last century a date": (
        "Prices rose over the past decade; the war ended last century.",
        [("the past decade", "DURATION", "P10Y", None), ("last century", "DATE", "19", None)]),
    "more units": (
        "The base stays for at least 20 more years and an additional year.",
        [("at least 20 more years", "DURATION", "P20Y", "EQUAL_OR_MORE"),
         ("an additional year", "DURATION", "P1Y", None)]),
    "counted decades, fractions, halves": (
        "It took two decades, 2 1/2 years of building and half an hour of debate.",
        [("two decades", "DURATION", "P20Y", None), ("2 1/2 years", "DURATION", "P2Y6M", None),
         ("half an hour", "DURATION", "PT30M", None)]),
    "adjectival durations": (
        "They signed a two-year deal after a day-long meeting.",
        [("two-year", "DURATION", "P2Y", None), ("day-long", "DURATION", "P1D", None)]),
    "no article before a count or a month": (
        "Stocks hit a five year low after the Aug. 7, 2024 bombing.",
        [("five year", "DURATION", "P5Y", None), ("Aug. 7, 2024", "DATE", "2024-08-07", None)]),
    "the year ended is a reporting year": (
        "Net rose for the year ended March 31 and for the full year.",
        [("the year", "DURATION", "P1Y", None), ("March 31", "DATE", "2025-03-31", None),
         ("the full year", "DATE", "2025", None)]),
    "present, past and future references": (
        "Output is currently low, it recently fell, and the future is uncertain.",
        [("currently", "DATE", "PRESENT_REF", None), ("recently", "DATE", "PAST_REF", None),
         ("the future", "DATE", "FUTURE_REF", None)]),
    "the current quarter stays one expression": (
        "Sales fell in the current quarter.",
        [("the current quarter", "DATE", "2025-Q3", None)]),
    "a vague span of years or quarters pointing back, or of quarters ahead, is a reference": (
        ("Profits grew in recent years and may fall in coming quarters, after rising over the past three years. "
         "Rates may climb in coming years."),
        [("recent years", "DATE", "PAST_REF", None), ("coming quarters", "DATE", "FUTURE_REF", None),
         ("the past three years", "DURATION", "P3Y", None), ("coming years", "DURATION", "PXY", None)]),
    "sets": (
        "Dividends are paid every year, each Thursday and daily.",
        [("every year", "SET", "P1Y", None), ("each Thursday", "SET", "XXXX-WXX-4", None),
         ("daily", "SET", "P1D", None)]),
    "a rate is a set": (
        "Rents cost $500 a month.",
        [("a month", "SET", "P1M", None)]),
    "a year earlier counts from the quarter in focus": (
        "Profit rose in the third quarter from a year earlier.",
        [("the third quarter", "DATE", "2025-Q3", None), ("a year earlier", "DATE", "2024-Q3", None)]),
    "the year-earlier quarter": (
        "Net rose in the second quarter; the year-earlier quarter was weak.",
        [("the second quarter", "DATE", "2025-Q2", None), ("the year-earlier quarter", "DATE", "2024-Q2", None)]),
    "earlier and later with small units are durations": (
        "Three days later, the police arrived. A few hours earlier, the guards had left.",
        [("Three days", "DURATION", "P3D", None), ("A few hours", "DURATION", "PTXH", None)]),
    "holidays": (
        "They celebrated Christmas Day and will gather on Thanksgiving and shop on Black Friday.",
        [("Christmas Day", "DATE", "2024-12-25", None), ("Thanksgiving", "DATE", "2025-11-27", None),
         ("Black Friday", "DATE", "2025-11-28", None)]),
    "a gerund after a preposition takes the tense of its clause": (
        "After touring the port Thursday, he said the talks went well.",
        [("Thursday", "DATE", "2025-07-31", None)]),
    "a base-form past after a singular subject is past": (
        "Weakness in big technology stocks hurt the composite on Friday.",
        [("Friday", "DATE", "2025-08-01", None)]),
    "a deadline set or moved lies ahead": (
        "The agency has given the family until 9 a.m. Tuesday to sign. He stayed in hospital until Tuesday.",
        [("9 a.m. Tuesday", "TIME", "2025-08-05T09:00", None), ("Tuesday", "DATE", "2025-07-29", None)]),
    "a quarter of a unit": (
        "Unemployment hit a quarter-century low after a quarter-century of growth.",
        [("quarter-century", "DURATION", "P25Y", None), ("a quarter-century", "DURATION", "P25Y", None)]),
    "the week of a holiday, and election day": (
        "The rally came in Easter week; voters go to the polls on Election Day.",
        [("Easter week", "DATE", "2025-W16", None), ("Election Day", "DATE", "2025-11-04", None)]),
    "years that start a range or precede a possessed noun": (
        "He was convicted twice from 1991 to 1997. Visitors rose from 100,000 in 1980 to 300,000. "
        "Output rose from 1990 to 2300 units. It shows in the company's 1989 operating results.",
        [("1991", "DATE", "1991", None), ("1997", "DATE", "1997", None), ("1980", "DATE", "1980", None),
         ("1989", "DATE", "1989", None)]),
    "the weeks ahead": (
        "Prices may rise in the weeks ahead. Two weeks ahead of the vote, polls moved.",
        [("the weeks ahead", "DURATION", "PXW", None), ("Two weeks", "DURATION", "P2W", None)]),
    "trading and business days": (
        "The index fell eight trading days in a row; refunds come within 10 business days.",
        [("eight trading days", "DURATION", "P8D", None), ("10 business days", "DURATION", "P10D", None)]),
    "a quotation that opens a sentence keeps its capital": (
        '"Today we won," he said. Stocks Fall This Week After Fed Move',
        [("Today", "DATE", "2025-08-04", None), ("This Week", "DATE", "2025-W32", None)]),
    "a range of hours in a set": (
        "Eat every 2–3 hours.",
        [("every 2–3 hours", "SET", "PTXH", None)]),
    "beyond the calendar the value stays unanchored": (
        "The rock formed 300 million years ago.",
        [("300 million years ago", "DATE", "XXXX", None)]),
}

NOT_DATES = {
    "an age and the modal may": "A 22-year-old man said he may go.",
    "an age after aged, and We": "We met a woman aged 90 who said May we go.",
    "scores": "The Jets won 3-2 and lead the series 2-1.",
    "a count, money, a percent change": "The firm has 1990 employees and paid $2,000 for a 668% month-over-month rise.",
    "compounds and adjectives": "It has real-time data and a long-term plan for the future rare earth landscape.",
    "fractions and ages in decades": "A quarter of the shares went to a man in his 80s.",
    "plain numbers": "He scored 12 points, 3 rebounds and 2015 yards.",
    "a second, not a unit": "He ran for a second term.",
    "recent and current as adjectives": "Recent developments in the current agreement help.",
    "a duration does not take a position": "It's the early days of your business.",
    "as soon as is no future": "They may leave as soon as they can.",
    "high noon is an idiom": "The poster showed Gary Cooper in High Noon; for Poland, high noon has come.",
    "shows and titles": 'Baker spoke on ABC\'s "This Week," and Lopez on CBS\'s "60 Minutes." This is VOA Today.',
    "soon in a past narrative": "He was soon released.",
    "a day known only from the story": "He was seen the day before the raid and spent the night in a cell.",
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_behaviour(run_nlp, text, expected):
    assert timexes(run_nlp, text) == expected


@pytest.mark.parametrize("text", NOT_DATES.values(), ids=NOT_DATES.keys())
def test_no_false_dates(run_nlp, text):
    assert timexes(run_nlp, text) == []


def test_without_anchor_relative_values_keep_placeholders(run_nlp):
    text = "Shipments rose four months ago, last year, on Friday, yesterday and in May, and in June 2025."
    assert timexes(run_nlp, text, None) == [
        ("four months ago", "DATE", "XXXX-XX", None), ("last year", "DATE", "XXXX", None),
        ("Friday", "DATE", "XXXX-WXX-5", None), ("yesterday", "DATE", "XXXX-XX-XX", None),
        ("May", "DATE", "XXXX-05", None), ("June 2025", "DATE", "2025-06", None)]


def test_a_month_without_tense_is_the_nearest_one(run_nlp):
    text = "The pact, effective January, replaces the one of June."
    assert timexes(run_nlp, text, date(2025, 11, 2)) == [
        ("January", "DATE", "2026-01", None), ("June", "DATE", "2025-06", None)]


def test_a_deadline_extended_through_a_month_and_a_change_effective_on_a_day_lie_near(run_nlp):
    text = "Lenders have extended the loans through January. An office was created, effective Feb. 1."
    assert timexes(run_nlp, text, date(1989, 10, 26)) == [
        ("January", "DATE", "1990-01", None), ("Feb. 1", "DATE", "1990-02-01", None)]


def test_the_quarter_a_year_ago_counts_from_the_reported_quarter(run_nlp):
    text = ("Profit fell in the third quarter. Output will rise in the fourth quarter and through the third "
            "quarter of 1990. "
            "In the year-ago period, it earned $1. For the quarter a year ago, it lost money; "
            "sales for last year's quarter were flat.")
    assert [(t[0], t[2]) for t in timexes(run_nlp, text, date(1989, 10, 26))] == [
        ("the third quarter", "1989-Q3"), ("the fourth quarter", "1989-Q4"), ("the third quarter of 1990", "1990-Q3"),
        ("the year-ago period", "1988-Q3"), ("the quarter a year ago", "1988-Q3"), ("last year's quarter", "1988-Q3")]


def test_a_year_earlier_beside_the_nine_months_is_the_year_before(run_nlp):
    text = ("Profit rose in the third quarter from a year earlier. For the nine months, net rose to $5 from $4 "
            "a year earlier and beat year-earlier sales. Sales rose from a year ago.")
    assert [(t[0], t[2]) for t in timexes(run_nlp, text, date(1989, 10, 26))] == [
        ("the third quarter", "1989-Q3"), ("a year earlier", "1988-Q3"), ("the nine months", "P9M"),
        ("a year earlier", "1988"), ("year-earlier", "1988"), ("a year ago", "1988-Q3")]


def test_the_year_named_period_is_the_quarter_in_focus_that_year(run_nlp):
    text = ("Profit rose in the third quarter. Net was $5, up from $4 in the 1988 period and $3 in the 1987 "
            "quarter. Sales fell from a year ago. In the first nine months, net rose from $9 in the 1988 period.")
    assert [(t[0], t[2]) for t in timexes(run_nlp, text, date(1989, 10, 26))] == [
        ("the third quarter", "1989-Q3"), ("the 1988 period", "1988-Q3"), ("the 1987 quarter", "1987-Q3"),
        ("a year ago", "1988-Q3"), ("the first nine months", "P9M"), ("the 1988 period", "1988")]


def test_a_holiday_close_ahead_is_this_years_even_in_the_past_tense(run_nlp):
    assert timexes(run_nlp, "The rally was held in Easter week.", date(2000, 4, 17)) == [
        ("Easter week", "DATE", "2000-W16", None)]


def test_the_quarter_ended_is_the_quarter_itself(run_nlp):
    assert timexes(run_nlp, "Sales rose in the quarter ended Sept. 30.") == [
        ("the quarter", "DATE", "2025-Q2", None), ("Sept. 30", "DATE", "2025-09-30", None)]


def test_resolved_interval_and_granularity(run_nlp):
    text = ("Talks ended in late July 2025, after the 1980s, last week and the third quarter. Currently "
            "prices rise; they rose recently, at 10 a.m. yesterday, in May and for five years.")
    found = {d.text: (d.resolved_start, d.resolved_end, d.granularity)
             for d in run_nlp(text, PUBLISHED)._.nf_dates}
    assert found == {
        "late July 2025": (date(2025, 7, 1), date(2025, 7, 31), "month"),
        "the 1980s": (date(1980, 1, 1), date(1989, 12, 31), "decade"),
        "last week": (date(2025, 7, 28), date(2025, 8, 3), "week"),
        "the third quarter": (date(2025, 7, 1), date(2025, 9, 30), "quarter"),
        "Currently": (PUBLISHED, PUBLISHED, "ref"),
        "recently": (None, None, "ref"),
        "10 a.m. yesterday": (date(2025, 8, 3), date(2025, 8, 3), "time"),
        "May": (date(2025, 5, 1), date(2025, 5, 31), "month"),
        "five years": (None, None, None)}
    unanchored = {d.text: (d.resolved_start, d.granularity) for d in run_nlp("It rose in May.", None)._.nf_dates}
    assert unanchored == {"May": (None, "month")}


@pytest.mark.parametrize("point, first, last", [
    (Point("D", 2025, 8, 4), date(2025, 8, 4), date(2025, 8, 4)),
    (Point("W", 2025, part=1), date(2024, 12, 30), date(2025, 1, 5)),
    (Point("WE", 2025, part=32), date(2025, 8, 9), date(2025, 8, 10)),
    (Point("M", 2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
    (Point("H", 2025, part=2), date(2025, 7, 1), date(2025, 12, 31)),
    (Point("SE", 2024, part="WI"), date(2024, 12, 1), date(2025, 2, 28)),
    (Point("SE", 2025, part="SU"), date(2025, 6, 1), date(2025, 8, 31)),
    (Point("Y", 2025), date(2025, 1, 1), date(2025, 12, 31)),
    (Point("CE", 1900), date(1900, 1, 1), date(1999, 12, 31)),
    (Point("W", 9999, part=52), date(9999, 12, 27), date(9999, 12, 31)),
])
def test_point_covers_its_days(point, first, last):
    assert (point.start(), point.end()) == (first, last)
    assert at(first, point.gran).start() == first


def test_a_point_with_unknown_parts_covers_no_days():
    assert Point("M", 2025).end() is None and Point("D", weekday=5).end() is None
    assert Point("Q", 2025).end() is None


def test_offsets_and_sentences_line_up(run_nlp):
    text = "Talks ended in late July 2025.\nThe truce expires on August 12, 2025, officials said."
    found = run_nlp(text, PUBLISHED)._.nf_dates
    assert [d.text for d in found] == ["late July 2025", "August 12, 2025"]
    for d in found:
        assert text[d.start:d.end] == d.text
        assert text[d.sentence_start:d.sentence_end].strip() in text.splitlines()
        assert d.sentence_start <= d.start < d.end <= d.sentence_end


EDGE_EXPRESSIONS = ["It happens tomorrow.", "It happened yesterday.", "It happens next year.",
                   "It happened last year.", "It will happen next Friday.", "It happened last Friday.",
                   "It will happen in January.", "It happened in December.", "It closed at Christmas.",
                   "It happened a year earlier.", "It happened in the first quarter.", "It happened last week.",
                   "It happens next week.", "It happened last month.", "It happened this morning."]


@pytest.mark.parametrize("published", [date(1, 1, 1), date(9999, 12, 31), date(1, 2, 1), date(9999, 11, 30)])
def test_anchor_at_a_calendar_edge_never_raises(run_nlp, published):
    # CMS placeholders: what cannot be computed gets no value, the rest of the text still does
    for text in EDGE_EXPRESSIONS:
        found = timexes(run_nlp, f"{text} The law of March 3, 2020 applies.", published)
        assert ("March 3, 2020", "DATE", "2020-03-03", None) in found, (text, found)


def test_date_arithmetic_outside_the_calendar_is_a_typed_error():
    from extractors.dates.points import OutsideCalendar, make_date, plus_days
    from extractors.dates.reading import Reading

    with pytest.raises(OutsideCalendar):
        shift(date(9999, 12, 31), "Y", 1)
    with pytest.raises(OutsideCalendar):
        plus_days(date(1, 1, 1), -1)
    with pytest.raises(OutsideCalendar):
        make_date(10000, 1, 1)
    with pytest.raises(OutsideCalendar):
        Point("W", 10000, part=1).start()
    tomorrow = Reading(deictic=1)
    assert resolve(tomorrow, Context(date(9999, 12, 31))) is None
    assert resolve(tomorrow, Context(date(2025, 8, 4))).value == "2025-08-05"


def test_datetime_anchor_is_cut_to_its_day():
    from datetime import datetime

    assert anchor_date(datetime(2025, 8, 4, 23, 59)) == PUBLISHED
    assert anchor_date(None) is None
    with pytest.raises(TypeError, match="nf_published"):
        anchor_date("2025-08-04")


# --- pure parts ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def table(nlp):
    return build_table(load_lexicon(), nlp.make_doc)


def reading(nlp, table, text):
    return read(span_words(nlp.make_doc(text)), table)


@pytest.mark.parametrize("text, fields", [
    ("July last year", {"month": 7, "relative": -1, "unit": "Y", "kind": "point"}),
    ("nineteen ninety-six", {"year": 1996, "kind": "point"}),
    ("twenty-four hours", {"number": 24, "unit": "H", "kind": "duration"}),
    ("a year and a half ago", {"number": 1.5, "unit": "Y", "kind": "offset"}),
    ("the 5th of January", {"day": 5, "month": 1, "definite": True}),
    ("the first half of 1989", {"half": 1, "year": 1989}),
    ("Tuesday nights", {"weekdays": 2, "part": "NI", "kind": "set"}),
    ("the past two months", {"number": 2, "unit": "M", "relative": -1, "kind": "duration"}),
    ("the coming months", {"unit": "M", "kind": "duration"}),
    ("a few years ago", {"vague": True, "unit": "Y", "kind": "offset"}),
    ("the past several quarters", {"reference": "PAST_REF", "unit": None, "kind": "ref"}),
    ("recent years", {"reference": "PAST_REF", "kind": "ref"}),
    ("the past 2-3 years", {"ranged": True, "unit": "Y", "kind": "duration"}),
    ("recent months", {"vague": True, "unit": "M", "kind": "duration"}),
    ("the nineties", {"decade": 199}),
    ("4 in the morning", {"clock": "04:00"}),
    ("10 p.m. Wednesday", {"clock": "22:00", "weekday": 3}),
])
def test_reading(nlp, table, text, fields):
    r = reading(nlp, table, text)
    assert {k: getattr(r, k) for k in fields} == fields
    assert r.unknown == []


def test_reading_keeps_unknown_words(nlp, table):
    assert reading(nlp, table, "the fiscal year ended").unknown == ["ended"]


def test_tense_picks_the_year_of_a_bare_month():
    may = _reading(month=5)
    anchor = date(2025, 3, 10)
    assert resolve(may, Context(anchor, tense="past")).value == "2024-05"
    assert resolve(may, Context(anchor, tense="future")).value == "2025-05"
    assert resolve(may, Context(anchor)).value == "2025-05"


def test_weekday_without_tense_is_the_recent_one():
    friday = _reading(weekday=5)
    assert resolve(friday, Context(date(2025, 8, 4))).value == "2025-08-01"  # Monday: last Friday
    assert resolve(friday, Context(date(2025, 8, 5), tense="future")).value == "2025-08-08"


def test_weekday_in_the_present_is_ahead_unless_it_was_yesterday():
    sunday, thursday = _reading(weekday=7), _reading(weekday=4)
    monday = date(2025, 8, 4)
    assert resolve(sunday, Context(monday, tense="present")).value == "2025-08-03"  # "officials on Sunday say"
    assert resolve(thursday, Context(monday, tense="present")).value == "2025-08-07"  # "the board meets Thursday"
    assert resolve(sunday, Context(monday, tense="future")).value == "2025-08-10"


def _reading(**fields):
    from extractors.dates.reading import Reading

    return Reading(**fields)


@pytest.mark.parametrize("number, unit, exact, value", [
    (5, "Y", True, "P5Y"), (90, "D", True, "P90D"), (None, "DE", True, "PXDE"), (3, "Y", False, "PXY"),
    (2.5, "Y", True, "P2Y6M"), (5.5, "H", True, "PT5H30M"), (2, "DE", True, "P20Y"), (2, "Q", True, "P6M"),
    (None, "H", True, "PTXH"), (1.5, "MIN", True, "PT1M30S"),
])
def test_duration_value(number, unit, exact, value):
    assert duration_value(number, unit, exact) == value


def test_point_values():
    day = date(2025, 8, 4)
    assert [at(day, g).value() for g in ("CE", "DE", "Y", "H", "Q", "SE", "M", "W", "WE", "D")] == [
        "20", "202", "2025", "2025-H2", "2025-Q3", "2025-SU", "2025-08", "2025-W32", "2025-W32-WE", "2025-08-04"]
    assert Point("M", None, 5).value() == "XXXX-05"
    assert Point("D", weekday=5).value() == "XXXX-WXX-5"
    assert Point("T", 2025, 8, 4, "MO").value() == "2025-08-04TMO"
    assert shift(date(2024, 3, 31), "M", -1) == date(2024, 2, 29)


def test_holidays():
    assert holiday_date({"month": 11, "weekday": 4, "nth": 4}, 2025) == date(2025, 11, 27)
    assert holiday_date({"month": 5, "weekday": 1, "nth": -1}, 2025) == date(2025, 5, 26)
    assert holiday_date({"easter": 0}, 2024) == date(2024, 3, 31)


# --- rule data ----------------------------------------------------------------------------
def test_every_pattern_matches_its_example(nlp):
    from extractors.dates.patterns import compile_rules

    lexicon = load_lexicon()
    rules = compile_rules(nlp.vocab, nlp.make_doc, lexicon)
    for rule in rules.rules:
        doc = nlp.make_doc(rule.example)
        for name, proc in nlp.pipeline:  # tags and parse for POS-based veto patterns
            if name == "newsfacts_dates":
                break
            doc = proc(doc)
        matcher = rules.vetoes if rule.veto else rules.timexes
        spans = [doc[s:e] for m, s, e in matcher(doc) if nlp.vocab.strings[m] == rule.id]
        assert spans, f"pattern {rule.id} does not match its example {rule.example!r}"
        # the timex matcher only looks near trigger words (spans.windows): each match must hold one
        assert rule.veto or all(any(t.lower_ in rules.triggers or any(c.isdigit() for c in t.text) for t in span)
                   for span in spans), f"pattern {rule.id} matches no trigger word in {rule.example!r}"


def test_lexicon_errors_name_the_file_and_section(tmp_path):
    from extractors.dates.lexicon import HERE

    data = read_json(HERE / "lexicon_en.json")
    data["months"]["smarch"] = 13
    with pytest.raises(RuleDataError, match=r"bad\.json: months: 'smarch'"):
        parse_lexicon(data, "bad.json")
    del data["months"]
    with pytest.raises(RuleDataError, match="missing sections \\['months'\\]"):
        parse_lexicon(data, "bad.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(RuleDataError, match="not valid JSON"):
        read_json(broken)


def test_vague_span_references_are_checked(tmp_path):
    from extractors.dates.lexicon import HERE

    data = read_json(HERE / "lexicon_en.json")
    data["vague_span_references"]["months"] = {"back": "RECENT_REF"}
    with pytest.raises(RuleDataError, match=r"bad\.json: vague_span_references: 'months' must map to"):
        parse_lexicon(data, "bad.json")
    data = read_json(HERE / "lexicon_en.json")
    data["span_directions"]["lately"] = "behind"
    with pytest.raises(RuleDataError, match=r"bad\.json: span_directions: 'lately' must map to back\|ahead"):
        parse_lexicon(data, "bad.json")


def test_year_to_date_durations_are_checked():
    from extractors.dates.lexicon import HERE

    data = read_json(HERE / "lexicon_en.json")
    data["year_to_date_durations"] = ["nine months"]
    with pytest.raises(RuleDataError, match=r"bad\.json: year_to_date_durations: expected a list of TimeML periods"):
        parse_lexicon(data, "bad.json")


def test_pattern_errors_name_the_macro():
    lexicon = load_lexicon()
    macros = load_macros(lexicon)
    with pytest.raises(RuleDataError, match="unknown token macro @NOPE"):
        expand_token("@NOPE", macros, lexicon, "patterns.jsonl:1")
    assert expand_token("the?", macros, lexicon, "x") == {"LOWER": "the", "OP": "?"}
    assert expand_token("@WEEKDAY|DEICTIC", macros, lexicon, "x")["LOWER"]["IN"][:2] == ["fri.", "friday"]


def test_rule_files_are_data_not_code():
    from extractors.dates.lexicon import HERE

    rules = load_rules(load_lexicon())
    assert len(rules) > 50 and all(r.example for r in rules)
    assert json.loads((HERE / "tokens_en.json").read_text("utf-8"))


def test_tense_words_are_checked_data():
    from extractors.dates.lexicon import HERE, load_tense_words, parse_tense_words
    from extractors.dates.tense import WORDS

    assert WORDS is load_tense_words("en") and "will" in WORDS.future_aux and "hurt" in WORDS.same_past
    data = read_json(HERE / "tense_en.json")
    bad = dict(data, future_heads_alone=[*data["future_heads_alone"], "dream"])
    with pytest.raises(RuleDataError, match=r"bad\.json: future_heads_alone: \['dream'\] are not in future_heads"):
        parse_tense_words(bad, "bad.json")
    with pytest.raises(RuleDataError, match=r"bad\.json: modals: expected a list of non-empty strings"):
        parse_tense_words(dict(data, modals=["would", 3]), "bad.json")
    with pytest.raises(RuleDataError, match=r"missing sections \['since'\], unknown sections \['sinse'\]"):
        parse_tense_words({**{k: v for k, v in data.items() if k != "since"}, "sinse": ["since"]}, "bad.json")

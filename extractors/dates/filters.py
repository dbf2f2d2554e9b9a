"""Context checks that keep look-alikes out: "May" the modal verb, a year that is a count
("1990 employees"), "the future" as an adjective, a bare plural unit inside a noun phrase
("the war years"). Each takes the candidate span and its reading; True keeps it."""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractors.dates.lexicon import Lexicon
from extractors.dates.numbers import YEAR as YEAR_TOKEN
from extractors.dates.reading import Reading
from extractors.dates.tense import tense

_COUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
_NOT_YEAR_BEFORE = frozenset({"$", "#", "no.", "number", "nos.", "us$", "c$", "a$", "£", "€", "¥", "route", "flight",
                              "page", "pages", "room", "suite", "box", "highway"})
_NOT_YEAR_AFTER = frozenset({"%", "percent", "per", "to", "-", "–", "x"})
_RATE_BEFORE = frozenset({"%", "percent", "times", "cents", "cent", "dollars", "share", "million", "billion",
                          "trillion", "thousand", "hundred"})


def same_sentence(span: Span) -> bool:
    """No line break and no sentence start inside the span (a doc without sentence
    boundaries is one sentence)."""
    if "\n" in span.text:
        return False
    return not any(t.is_sent_start for t in span[1:])


def month_ok(span: Span, reading: Reading, lexicon: Lexicon) -> bool:
    """A month name alone must look like one: capitalized, not the modal "May", not a name."""
    if reading.month is None or reading.day is not None or reading.year is not None:
        return True
    for tok in span:
        lower = tok.lower_
        if lower not in lexicon.months:
            continue
        if not tok.text[:1].isupper():
            return False
        tags = lexicon.month_homograph_tags.get(lower)
        if tags and tok.tag_ in tags:
            return False
        if lower in lexicon.months_need_support and reading.relative is None:
            return False
        if tok.ent_type_ in ("PERSON", "ORG", "GPE", "FAC", "WORK_OF_ART", "PRODUCT") and reading.relative is None:
            return False
        if lower in lexicon.month_homograph_tags and tok.i + 1 < len(span.doc) \
                and span.doc[tok.i + 1].pos_ in ("VERB", "AUX") and reading.relative is None:
            return False
    return True


def year_ok(span: Span, reading: Reading, lexicon: Lexicon) -> bool:
    """A bare four-digit year needs date context: the model's DATE, or a temporal preposition."""
    if len(span) != 1 or reading.year is None or reading.fiscal:
        return True
    doc, tok = span.doc, span[0]
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if prev is not None and (prev.lower_ in _NOT_YEAR_BEFORE or prev.is_currency or prev.like_num):
        return False
    if nxt is not None and (nxt.lower_ in _NOT_YEAR_AFTER or nxt.like_num) and not _year_range_start(tok, lexicon):
        return False
    counted = tok.dep_ == "nummod" and tok.head.tag_ == "NNS" and tok.head.i > tok.i
    if counted and (prev is None or prev.lower_ not in lexicon.temporal_prepositions
                    and prev.lower_ not in ("the", "'s", "’s")):
        return False  # "has 1990 employees" (but "below 1990 levels", "the company's 1990 results")
    if tok.ent_type_ == "DATE":
        return True
    if tok.ent_type_ in _COUNT_LABELS and tok.ent_type_ != "CARDINAL":
        return False
    if prev is not None and prev.lower_ in lexicon.temporal_prepositions:
        return True
    if prev is None or prev.is_punct or prev.is_sent_start:
        return tok.ent_type_ != "CARDINAL" and (nxt is None or nxt.is_punct)
    return False


def _year_range_start(tok: Token, lexicon: Lexicon) -> bool:
    """"from 1991 to 1997", "in 1980 to more than 300,000": a year followed by "to" is still
    one when the model reads it as a date and either a year follows or a preposition other
    than "from" introduces it ("from 1990 to 2300 units" is a range of counts)."""
    doc = tok.doc
    if tok.ent_type_ != "DATE" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to" or tok.i == 0:
        return False
    prev, after = doc[tok.i - 1].lower_, doc[tok.i + 2] if tok.i + 2 < len(doc) else None
    if prev not in lexicon.temporal_prepositions:
        return False
    return prev != "from" or (after is not None and after.ent_type_ == "DATE"
                              and YEAR_TOKEN.match(after.text) is not None)


def reference_ok(span: Span, reading: Reading) -> bool:
    """"the future" heads its own noun phrase; "the future rare earth landscape" is no time."""
    if reading.kind != "ref":
        return True
    last = span[-1]
    doc = span.doc
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and nxt.text in ("-", "–"):
        return False
    if last.dep_ in ("amod", "compound", "nmod") and last.head.i > last.i:
        return False
    if len(span) > 1 and nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ") and last.tag_ in ("JJ", "NN"):
        return False
    if len(span) == 1 and reading.reference == "FUTURE_REF" and tense(span) == "past":
        return False  # "he was soon released": narrative sequence, not the future
    return True


def plural_ok(span: Span, reading: Reading) -> bool:
    """A lone plural unit ("years") must not be the head of a longer noun phrase."""
    if len(span) != 1 or not reading.plural or reading.kind != "duration" or reading.number is not None \
            or reading.vague:
        return True
    doc, tok = span.doc, span[0]
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if prev is not None and (prev.pos_ in ("DET", "ADJ", "PRON", "NUM", "PROPN", "NOUN") or prev.tag_ == "PRP$"):
        return False
    if nxt is not None and nxt.text in ("-", "–", "'"):
        return False
    return True


def definite_day_ok(span: Span, reading: Reading) -> bool:
    """"the day", "the night", "the morning" alone name a day only through the story ("the day
    before the warrant was issued", "spent the night in a cell"), not through the publication
    date; read against it they were wrong 9 times in 10 on TimeBank/AQUAINT, so they are left out."""
    if len(span) != 2 or span[0].lower_ != "the" or reading.kind != "point" or reading.calendar \
            or reading.relative is not None:
        return True
    return not (reading.unit == "D" or reading.unit is None and reading.part is not None)


def holiday_ok(span: Span, reading: Reading) -> bool:
    if reading.holiday is None:
        return True
    first = next((t for t in span if t.lower_ not in ("the", "on", "this", "last", "next")), span[0])
    return first.text[:1].isupper()


def is_rate(span: Span, reading: Reading) -> bool:
    """"$5 a year", "twice a day" read as a frequency: "a"/"per" + one unit after an amount."""
    if reading.kind != "duration" or reading.number != 1 or reading.plural or len(span) != 2:
        return False
    if span[0].lower_ not in ("a", "an", "per"):
        return False
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    return prev is not None and (prev.like_num or prev.is_currency or prev.lower_ in _RATE_BEFORE
                                 or prev.ent_type_ in ("MONEY", "PERCENT", "QUANTITY"))


def is_period_ended(span: Span, reading: Reading, lexicon: Lexicon) -> bool:
    """"the year ended March 31", "the fiscal year ending June 30": a reporting year, one year
    long (a duration; the date after it is its own expression). "The quarter ended Sept. 30"
    names the quarter itself."""
    if reading.kind != "point" or reading.unit != "Y" or not reading.definite or reading.calendar \
            or reading.relative is not None or reading.number is not None:
        return False
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in lexicon.period_end_words


_TITLE_CASE_SMALL = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "as", "vs"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "PRODUCT", "FAC"})


def title_ok(span: Span, reading: Reading, lexicon: Lexicon) -> bool:
    """A common time word written with a capital inside a lower-case sentence names a show or
    a title when it opens a quotation after a possessive (ABC's "This Week", CBS's "60 Minutes")
    or follows a name ("This is VOA Today"). Holidays ("Election Day"), quotations that open a
    sentence ('"Today we won," he said') and Title Case headlines stay."""
    if reading.holiday is not None:
        return True
    doc = span.doc
    first = span[0]
    quoted_title = first.i >= 2 and doc[first.i - 1].is_quote and (
        doc[first.i - 2].lower_ in _POSSESSIVE or doc[first.i - 2].pos_ == "PROPN")
    for tok in span:
        common = tok.lower_ in lexicon.units or tok.lower_ in lexicon.deictic_days or tok.lower_ in lexicon.clock_words
        if not common or not tok.text[:1].isupper() or tok.is_sent_start or tok.i == 0:
            continue
        before = doc[tok.i - 1]
        after_name = before.pos_ == "PROPN" and before.ent_type_ in _NAME_LABELS and not before.is_sent_start
        if (quoted_title or after_name) and any(t.is_alpha and t.is_lower and t.lower_ not in _TITLE_CASE_SMALL
                                                for t in tok.sent):
            return False
    return True


def keep(span: Span, reading: Reading, lexicon: Lexicon) -> bool:
    return (same_sentence(span) and month_ok(span, reading, lexicon) and year_ok(span, reading, lexicon)
            and reference_ok(span, reading) and plural_ok(span, reading) and definite_day_ok(span, reading)
            and holiday_ok(span, reading) and title_ok(span, reading, lexicon))

"""The dates component: finds TIMEX3 time expressions and resolves their values against
the publication date (`doc._.nf_published`), setting `doc._.nf_dates` to a tuple of
schemas.TimeExpression in text order.

Spans: token patterns + lexicon phrases + the model's DATE/TIME entities (spans.py);
reading: words -> fields (reading.py); value: fields + anchor + tense + the document's
reference point (resolve.py). Rule data: lexicon_en.json, tokens_en.json, patterns_en.jsonl.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.blocks import SentenceIndex
from extractors.dates import filters
from extractors.dates.coverage import coverage
from extractors.dates.lexicon import Lexicon, load_lexicon
from extractors.dates.patterns import Rules, compile_rules
from extractors.dates.points import Point, at
from extractors.dates.reading import Reading, read
from extractors.dates.resolve import Context, resolve
from extractors.dates.spans import (Candidate, candidates, choose, extend, fit_prefix, short_offset, split_day_pair,
                                    usable)
from extractors.dates.tense import tense
from extractors.dates.words import WordTable, build_table, span_words
from schemas import TimeExpression


class Dates:
    def __init__(self, nlp: Language, lang: str = "en") -> None:
        self.lexicon: Lexicon = load_lexicon(lang)
        self.rules: Rules = compile_rules(nlp.vocab, nlp.make_doc, self.lexicon, lang)
        self.table: WordTable = build_table(self.lexicon, nlp.make_doc)

    def read(self, span: Span) -> Reading:
        reading = read(span_words(span), self.table)
        if filters.is_rate(span, reading):
            reading.every = True
        elif filters.is_period_ended(span, reading, self.lexicon):
            reading.number = 1
        return reading

    def __call__(self, doc: Doc) -> Doc:
        doc._.nf_dates = tuple(self.find(doc, anchor_date(doc._.nf_published)))
        return doc

    def find(self, doc: Doc, anchor: date | None) -> list[TimeExpression]:
        cands, vetoes = candidates(doc, self.rules, self.read)
        cands = [fit_prefix(doc, c, self.table, self.read) for c in cands]
        good = [c for c in cands if usable(c) and filters.keep(doc[c.start:c.end], c.reading, self.lexicon)]
        links = self.lexicon.day_pair_links
        chosen = [part for c in choose(good, vetoes) for part in split_day_pair(doc, c, self.read, links)]
        ctx = Context(anchor, year_to_date=self.lexicon.year_to_date_durations)
        sentences = SentenceIndex(doc)
        out = []
        for i, cand in enumerate(chosen):
            lo = chosen[i - 1].end if i else 0
            hi = chosen[i + 1].start if i + 1 < len(chosen) else len(doc)
            cand = extend(doc, short_offset(doc, cand, self.read), self.table, self.read, lo, hi)
            span = doc[cand.start:cand.end]
            sent_start, sent_end = sentences.bounds(span.start_char)
            ctx.move_to(span.start_char, tense(span), sent_start)
            day = day_after(doc, cand, chosen[i + 1] if i + 1 < len(chosen) else None, ctx, self.lexicon)
            timex = resolve(cand.reading, ctx if day is None else replace(ctx, focus_day=day))
            if timex is None:
                continue
            ctx.observe(cand.reading, timex)
            covers = coverage(timex, anchor)
            out.append(TimeExpression(start=span.start_char, end=span.end_char, text=span.text, type=timex.type,
                                      value=timex.value, mod=timex.mod, sentence_start=sent_start,
                                      sentence_end=sent_end, resolved_start=covers.start,
                                      resolved_end=covers.end, granularity=covers.granularity))
        return out


def day_after(doc: Doc, cand: Candidate, nxt: Candidate | None, ctx: Context, lexicon: Lexicon) -> Point | None:
    """The day a bare time is "on": "at 10:35 a.m. on Friday" happens on that Friday."""
    if nxt is None or not cand.reading.bare_time or not nxt.reading.names_day:
        return None
    gap = [t.lower_ for t in doc[cand.end:nxt.start]]
    if len(gap) > 4 or any(w not in lexicon.time_day_links for w in gap):
        return None
    span = doc[nxt.start:nxt.end]
    ahead = replace(ctx)
    ahead.move_to(span.start_char, tense(span))
    timex = resolve(nxt.reading, ahead)
    point = timex.point if timex is not None else None
    return at(point.start(), "D") if point is not None and point.known and point.gran == "D" else None


def anchor_date(value: object) -> date | None:
    """The anchor as a date (a datetime is cut to its day); None stays None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        return None
    raise TypeError(f"doc._.nf_published must be a datetime.date or None, not {type(value).__name__}: {value!r}")


def make_dates(nlp: Language, name: str) -> Dates:
    """spaCy factory (registered by extractors.register as "newsfacts_dates")."""
    return Dates(nlp)

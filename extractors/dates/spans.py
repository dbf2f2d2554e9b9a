"""Candidate spans for time expressions and the choice among them.

Candidates come from our token patterns, the lexicon phrases (references, holidays) and
the model's DATE/TIME entities. Each is read; a model entity is kept only when every word
is temporal. Vetoed text (ages, "month-over-month") is dropped, overlaps go to the longest
span, and a kept span takes in an adjacent modifier ("approximately", "early", "or so")
when the modifier fits its kind, giving TimeML extents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from extractors.dates.patterns import Rules
from extractors.dates.reading import Reading
from extractors.dates.words import HYPHENS, WordTable, span_words

MODEL_LABELS = frozenset({"DATE", "TIME"})
WINDOW_REACH = 9  # tokens either side of a trigger word: longer than any pattern
_HAS_DIGIT = re.compile(r"\d")
_TRIM_LEFT = frozenset({"ADP", "PUNCT", "CCONJ", "SCONJ", "PART"})
_TRIM_RIGHT_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PART"})
_DAY_NUMBER = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_TRIM_RIGHT = frozenset({"'s", "’s", "'", ",", ".", ";", ":", "(", ")", "-", "–", "—", '"', "''", "``"})


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int  # token indices, end exclusive
    end: int
    source: str  # pattern id, "phrase:<key>" or "model:<label>"
    reading: Reading

    @property
    def from_model(self) -> bool:
        return self.source.startswith("model:")


Reader = Callable[[Span], Reading]


def _drop_article(doc: Doc, start: int, end: int, rules: Rules) -> int:
    """The start without an article before a count or a month: "a five year low" -> "five
    year", "the Aug. 7, 1998 bombing" -> "Aug. 7, 1998" (TimeML leaves the article out); "a
    hundred years" keeps it (the "a" is the count); "seven a year ago" -> "a year ago"."""
    if end - start > 2 and doc[start].like_num and doc[start + 1].lower_ in ("a", "an"):
        return start + 1  # "up from seven a year ago": the count belongs to the text before
    if end - start < 2 or doc[start].lower_ not in ("a", "an", "the"):
        return start
    nxt = doc[start + 1]
    if nxt.lower_ in rules.months or (end - start > 2 and doc[start].lower_ != "the" and nxt.like_num
                                      and nxt.lower_ not in rules.multipliers):
        return start + 1
    return start


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].pos_ in _TRIM_LEFT or doc[start].is_space):
        start += 1  # "over decades" -> "decades"; extend() takes modifiers back where they fit
    while end > start and (doc[end - 1].text in _TRIM_RIGHT or doc[end - 1].is_space
                           or doc[end - 1].pos_ in _TRIM_RIGHT_POS and doc[end - 1].lower_ not in ("ago", "now")):
        end -= 1
    return start, end


def windows(doc: Doc, triggers: frozenset[str], reach: int = WINDOW_REACH) -> list[tuple[int, int]]:
    """Token ranges around words every pattern needs one of (a month, a unit, a digit ...),
    so the matchers skip the text that cannot hold a time expression."""
    out: list[tuple[int, int]] = []
    for tok in doc:
        if tok.lower_ in triggers or _HAS_DIGIT.search(tok.text):
            start, end = max(0, tok.i - reach), min(len(doc), tok.i + reach + 1)
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
    return out


def candidates(doc: Doc, rules: Rules, read: Reader) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """All candidates (read) and the vetoed token ranges."""
    strings = doc.vocab.strings
    found: dict[tuple[int, int], str] = {}
    for lo, hi in windows(doc, rules.triggers):
        for match_id, start, end in rules.timexes(doc[lo:hi]):
            start, end = _drop_article(doc, lo + start, lo + end, rules), lo + end
            if doc[end - 1].text == ",":
                end -= 1  # an optional comma before an optional year that is not there: "12 August, and"
            found.setdefault((start, end), strings[match_id])
    for match_id, start, end in rules.phrases(doc):
        found.setdefault((start, end), f"phrase:{strings[match_id]}")
    for ent in doc.ents:
        if ent.label_ in MODEL_LABELS:
            start, end = _trim(doc, ent.start, ent.end)
            start = _drop_article(doc, start, end, rules)
            if start < end:
                found.setdefault((start, end), f"model:{ent.label_}")
    vetoes = [(start, end) for _, start, end in rules.vetoes(doc)]  # few patterns: the whole text
    out = [Candidate(start, end, source, read(doc[start:end])) for (start, end), source in found.items()]
    return out, vetoes


def usable(c: Candidate) -> bool:
    """A model entity must read as one time expression made only of temporal words; no
    duration takes a position ("the early days" is no time expression)."""
    r = c.reading
    if r.kind == "duration" and r.mod in ("START", "MID", "END"):
        return False
    if c.from_model:
        # "the first nine months of 1997" is a duration and a date: leave it to the patterns
        mixed = r.unit is not None and r.number is not None and r.calendar
        return not r.unknown and not r.conjunction and not mixed
    return not r.conjunction or r.kind == "duration"


def choose(cands: list[Candidate], vetoes: list[tuple[int, int]]) -> list[Candidate]:
    """Non-overlapping candidates, longest first (patterns before the model on ties)."""
    kept: list[Candidate] = []
    vetoed: set[int] = {i for s, e in vetoes for i in range(s, e)}
    taken: set[int] = set()  # token sets, not pairwise checks: a long doc has thousands of candidates
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.from_model, c.start)):
        tokens = range(c.start, c.end)
        if vetoed.intersection(tokens) or taken.intersection(tokens):
            continue
        kept.append(c)
        taken.update(tokens)
    return sorted(kept, key=lambda c: c.start)


def _fits(attach: str, r: Reading) -> bool:
    kind = r.kind
    if r.mod is not None:
        return False
    if attach == "count":
        return r.starts_with_count and kind in ("duration", "offset")
    if attach == "count_or_exact":
        return (r.starts_with_count and kind in ("duration", "offset")) or (
            kind == "point" and (r.clock is not None or r.day is not None))
    if attach == "point":
        return kind == "point" and r.clock is None
    if attach == "relative_point":  # "earlier this month", "later that year"; not "earlier this week", "later Friday"
        return kind == "point" and r.weekday is None and (
            (r.relative is not None or r.demonstrative) and r.unit != "W" or r.deictic is not None)
    return False


def extend(doc: Doc, c: Candidate, table: WordTable, read: Reader, lo: int, hi: int) -> Candidate:
    """Take in one modifier before (or else after) the span, within tokens lo..hi."""
    best = None
    for n in range(min(table.longest, 4), 0, -1):
        start = c.start - n
        gap = 1 if start - 1 >= lo and doc[c.start - 1].text in HYPHENS else 0
        for s in (start, start - gap) if gap else (start,):
            if s < lo:
                continue
            words = tuple(span_words(doc[s:s + n]))
            sense = next((x for x in table.entries.get(words, []) if x.kind == "prefix"), None)
            if sense is not None and _fits(sense.value["before"], c.reading):
                best = s
                break
        if best is not None:
            break
    if best is not None:
        return Candidate(best, c.end, c.source, read(doc[best:c.end]))
    for n in range(min(table.longest, 3), 1, -1):
        end = c.end + n
        if end > hi:
            continue
        words = tuple(span_words(doc[c.end:end]))
        if any(x.kind == "suffix" for x in table.entries.get(words, [])) and c.reading.mod is None \
                and c.reading.kind in ("point", "duration"):
            return Candidate(c.start, end, c.source, read(doc[c.start:end]))
    return c


def fit_prefix(doc: Doc, c: Candidate, table: WordTable, read: Reader) -> Candidate:
    """A model entity that starts with a one-word modifier its kind does not take ("Earlier
    Friday") loses the modifier, as `extend` would not have added it."""
    if not c.from_model or c.end - c.start < 2:
        return c
    words = tuple(span_words(doc[c.start:c.start + 1]))
    sense = next((x for x in table.entries.get(words, []) if x.kind == "prefix"), None)
    if sense is None:
        return c
    rest = read(doc[c.start + 1:c.end])
    return c if _fits(sense.value["before"], rest) else Candidate(c.start + 1, c.end, c.source, rest)


def short_offset(doc: Doc, c: Candidate, read: Reader) -> Candidate:
    """"three days later", "an hour earlier", "a few days later" are durations (TimeML): the
    count alone, without the direction word; "a year earlier" stays a date."""
    r = c.reading
    if r.offset is None or r.offset["base"] != "reference" or r.unit not in ("D", "H", "MIN", "S", "W") \
            or (r.number is None and not r.vague) or c.end - c.start < 2:
        return c
    return Candidate(c.start, c.end - 1, c.source, read(doc[c.start:c.end - 1]))


def _day_number(text: str) -> int | None:
    m = _DAY_NUMBER.match(text)
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 31 else None


def _bare_day(r: Reading) -> bool:
    """Reads as a count and perhaps a year, nothing else: the second day of "April 24 and 25"."""
    return r.unit is None and not r.unknown and all(
        v is None for v in (r.month, r.day, r.weekday, r.season, r.quarter, r.half, r.decade, r.century,
                            r.holiday, r.clock, r.deictic))


def split_day_pair(doc: Doc, c: Candidate, read: Reader, links: tuple[str, ...]) -> list[Candidate]:
    """"April 24 and 25", "March 5-6, 2013", "24 and 25 April": two days, so two expressions
    (as TimeML marks them), each with the month and year the pair shares; read as one span
    they would give only the month."""
    for k in range(c.start + 1, c.end - 1):
        if doc[k].lower_ not in links:
            continue
        first_day, second_day = _day_number(doc[k - 1].text), _day_number(doc[k + 1].text)
        if first_day is None or second_day is None:
            continue
        left, right = read(doc[c.start:k]), read(doc[k + 1:c.end])
        if left.month is not None and left.day == first_day and right.month is None and _bare_day(right):
            year = left.year if left.year is not None else right.year
            first, second = replace(left, year=year), replace(left, words=right.words, day=second_day, year=year)
        elif right.month is not None and right.day == second_day and left.month is None and _bare_day(left):
            first, second = replace(right, words=left.words, day=first_day), right
        else:
            continue
        return [Candidate(c.start, k, c.source, first), Candidate(k + 1, c.end, c.source, second)]
    return [c]

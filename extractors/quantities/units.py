"""Match unit surfaces next to a number: after it ('353 tons', '75ml', '3-inch', '20 (kg)')
or, for money, before it ('$ 75', 'US$', 'hk $', 'EUR 5'), and scale abbreviations ('€2bn').

Units and their conversion to a base unit come from our own tables (units_en.json,
currencies_en.json), not from a unit library such as pint: the hard part of news text is the
surface (which written forms mean which unit, in which context: 'pounds' of beef or of money,
'2.15pm', 'C' only about temperature), which pint does not model; pint reads 'tons' as the
short ton, where the text does not say which ton is meant; it has no currencies; and its
registry costs more to load and look up than a dictionary. Each factor is a plain number in
the table, checked by tests against its definition."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.quantities.lexicon import SP, Lexicon, Surface, Unit, prefix_key

_OPEN = {"(": ")", "[": "]", "<": ">"}
_SPACES = re.compile(f"{SP}*")
_WORD_AFTER = re.compile(rf"{SP}+[^\W_]|-")  # what a guarded surface may not be followed by
_PREFIX_WINDOW = 24
_ABBREV = re.compile(rf"{SP}?([A-Za-z]+)(?![^\W_])")
_CLAUSE_PUNCT = re.compile(r"[;:!?()]|[,.](?!\d)")
_LETTERS = re.compile(rf"[^\W\d_]+(?:(?:{SP}*-{SP}*|{SP}+)[^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class UnitMatch:
    """A unit written at text[start:end] (brackets included); `surface` is how it was written."""

    start: int
    end: int
    unit: Unit
    surface: Surface


def _candidates(text: str, pos: int, lex: Lexicon) -> list[tuple[int, Surface]]:
    """(end, surface) for every unit surface that starts exactly at `pos`, longest first."""
    out: list[tuple[int, Surface]] = []
    for regex, case_sensitive in ((lex.unit_cs, True), (lex.unit_ci, False)):
        m = regex.match(text, pos)
        if m:
            out.extend((m.end(), s) for s in lex.lookup(m.group(), case_sensitive) if s.suffix)
    return sorted(out, key=lambda c: (-(c[0] - pos), not c[1].case_sensitive))


def unit_after(text: str, pos: int, lex: Lexicon, guard: bool = True) -> UnitMatch | None:
    """The unit written right after a number ending at `pos`, if any.

    Glued ('75ml'), spaced ('75 ml'), hyphenated ('3-inch') or bracketed ('20 (kg)').
    A glued-only surface ('t', 'C') must touch the number; a guarded one ('in') is refused
    when a word or number follows it ('2 in april', '50,000 in 2020') or a hyphen does
    ('a 1-in-5 chance'); `guard=False` lifts that where the unit is expected ('5 ft 2 in tall')."""
    gap = _SPACES.match(text, pos).end()
    starts: list[tuple[int, int, str | None]] = [(pos, pos, None)]  # (unit start, span start, closing bracket)
    if gap > pos:
        starts.append((gap, pos, None))
    if gap < len(text) and text[gap] == "-":
        if pos == gap:
            starts.append((gap + 1, pos, None))
        else:  # tokenised text: 'a 10 - gallon cooler' (a word unit only: '5 - m' is no unit)
            starts.append((_SPACES.match(text, gap + 1).end(), pos, "-"))
    if gap < len(text) and text[gap] in _OPEN:
        inner = _SPACES.match(text, gap + 1).end()
        starts.append((inner, pos, _OPEN[text[gap]]))
    for at, _, closing in starts:
        for end, surface in _candidates(text, at, lex):
            if surface.glued and at != pos and not (at == pos + 1 and text[pos] == "-"):
                continue
            if surface.guarded and guard and _WORD_AFTER.match(text, end):
                continue
            if surface.unpaired and text.count(surface.text, 0, at) % 2:
                continue  # it closes a quotation: 'the "top 10" list'
            if closing == "-" and (surface.case_sensitive or not _LETTERS.fullmatch(text, at, end)):
                continue
            if closing in _OPEN.values():
                after = _SPACES.match(text, end).end()
                if text[after:after + 1] != closing:
                    continue
                end = after + 1
            return UnitMatch(at if closing is None else at, end, surface.unit, surface)
    return None


def prefix_before(text: str, pos: int, lex: Lexicon) -> UnitMatch | None:
    """A currency written before a number that starts at `pos` ('$ 75', 'US$', 'hk $')."""
    m = lex.prefix_re.search(text, max(0, pos - _PREFIX_WINDOW), pos)
    if not m:
        return None
    written = m.group().rstrip()
    surface = lex.prefixes.get(prefix_key(written, False)) or lex.prefixes.get(prefix_key(written, True))
    if surface is None:
        return None
    return UnitMatch(m.start(), m.start() + len(written), surface.unit, surface)


def scale_abbrev_after(text: str, pos: int, lex: Lexicon) -> tuple[int, float] | None:
    """A scale abbreviation after a number ('2bn', '5 m', '1.8M'): (end, factor).
    Only meaningful in a money context; the caller decides."""
    m = _ABBREV.match(text, pos)
    if not m:
        return None
    factor = lex.numbers.scale_abbrevs.get(m.group(1))
    return (m.end(), factor) if factor else None


def _clause(text: str, start: int, end: int, width: int = 60) -> str:
    """The words around a unit, up to the nearest clause punctuation on each side (a point or
    comma inside a number, '1.8', is none)."""
    left = _CLAUSE_PUNCT.split(text[max(0, start - width):start])[-1]
    right = _CLAUSE_PUNCT.split(text[end:end + width])[0]
    return f"{left} {text[start:end]} {right}"


def resolve_sense(match: UnitMatch, text: str, lex: Lexicon) -> UnitMatch | None:
    """Switch an ambiguous surface to another sense when its clause holds that sense's cues:
    money ('a 2 million pounds deal', unless 'pounds of beef'), an angle ('a 180-degree turn');
    None for a surface meant only in a context its clause does not hold ('20 marks', '5 c')."""
    written = text[match.start:match.end].lower()
    senses = [s for s in lex.modifiers.senses if written in s.surfaces]
    context = match.surface.context
    if not senses and context is None:
        return match
    words = set(re.findall(r"[^\W\d_]+|[£$€]", _clause(text, match.start, match.end).lower()))
    if context is not None:
        return match if not words.isdisjoint(lex.modifiers.cues[context]) else None
    follow = re.match(rf"{SP}+([^\W\d_]+)", text[match.end:])
    for sense in senses:
        if follow and follow.group(1).lower() in sense.not_followed_by:
            continue
        if not words.isdisjoint(sense.cues):
            return UnitMatch(match.start, match.end, lex.units[sense.unit], match.surface)
    return match

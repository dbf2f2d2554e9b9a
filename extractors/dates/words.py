"""Words of a span and what the lexicon says each may be.

Spans are read as lower-case words: tokens split at inner hyphens ("mid-2024" -> "mid",
"-", "2024") so that hyphenated and spaced spellings read alike. The `WordTable` maps
lexicon words and phrases (tokenized the way the pipeline tokenizes text) to their senses;
a word can have several ("second": ordinal and unit; "last": relative and ordinal).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from extractors.dates.lexicon import Lexicon

HYPHENS = frozenset({"-", "–", "—"})
_INNER_HYPHEN = re.compile(r"^(mid|early|late|pre|post)-(.+)$")


def token_words(token: Token | str) -> list[str]:
    """The words of one token: lower-cased, split after a leading "mid-", "early-", ..."""
    text = (token if isinstance(token, str) else token.text).lower().replace("’", "'")
    m = _INNER_HYPHEN.match(text)
    return [m.group(1), "-", m.group(2)] if m else [text]


def span_words(tokens: Iterable[Token]) -> list[str]:
    return [w for t in tokens if not t.is_space for w in token_words(t)]


@dataclass(frozen=True, slots=True)
class Sense:
    kind: str
    value: Any


@dataclass(slots=True)
class WordTable:
    """Lexicon words and phrases -> senses; phrases are tuples of words."""

    entries: dict[tuple[str, ...], list[Sense]] = field(default_factory=dict)
    longest: int = 1

    def add(self, words: Sequence[str], kind: str, value: Any) -> None:
        key = tuple(words)
        self.entries.setdefault(key, []).append(Sense(kind, value))
        self.longest = max(self.longest, len(key))

    def senses(self, word: str) -> list[Sense]:
        return self.entries.get((word,), [])

    def kinds(self, word: str) -> set[str]:
        return {s.kind for s in self.entries.get((word,), [])}

    def value(self, word: str, kind: str) -> Any:
        return next((s.value for s in self.entries.get((word,), []) if s.kind == kind), None)

    def phrase_at(self, words: Sequence[str], i: int, kinds: Iterable[str]) -> tuple[int, Sense] | None:
        """The longest phrase of two or more words at `i` with a sense of one of `kinds`."""
        wanted = set(kinds)
        for n in range(min(self.longest, len(words) - i), 1, -1):
            for sense in self.entries.get(tuple(words[i:i + n]), []):
                if sense.kind in wanted:
                    return n, sense
        return None


# lexicon section -> sense kind; values are the section's mapping values (or True for lists)
_KINDS = {
    "months": "month", "weekdays": "weekday", "weekdays_plural": "weekdays", "seasons": "season",
    "parts_of_day": "part", "units": "unit", "numbers": "number", "multipliers": "multiplier",
    "vague_numbers": "vague", "ordinals": "ordinal", "decade_words": "decade_word", "position_mods": "position",
    "prefix_mods": "prefix", "suffix_mods": "suffix", "relative": "relative", "anaphoric_relative": "anaphoric",
    "spanning_relative": "spanning",
    "offset_directions": "direction", "deictic_days": "deictic", "deictic_parts": "deictic_part",
    "references": "reference", "set_words": "set_word", "set_quantifiers": "every", "clock_words": "clock_word",
    "vague_span_references": "span_reference", "span_directions": "span_direction",
    "meridiems": "meridiem", "timezones": "timezone", "fiscal_words": "fiscal", "holidays": "holiday",
    "generic_words": "generic",
}


def build_table(lexicon: Lexicon, make_doc: Callable[[str], Doc]) -> WordTable:
    """Tokenize every lexicon entry with the pipeline's tokenizer so phrases match spans."""
    table = WordTable()
    for section, kind in _KINDS.items():
        data = getattr(lexicon, section)
        items = data.items() if hasattr(data, "items") else ((w, True) for w in data)
        for phrase, value in items:
            words = span_words(make_doc(phrase)) if " " in phrase or "'" in phrase else token_words(phrase)
            table.add(words, kind, value)
    return table

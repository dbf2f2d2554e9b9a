"""The spaCy component: scan each sentence for quantities and set doc._.nf_quantities.

The rule logic lives in pure functions (numbers, units, grammar, filters, subject, direction);
this module only runs them over a Doc and turns their candidates into schemas.Quantity records
with document offsets, sentence offsets, the subject, the direction of a change and the value
in the base unit.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.blocks import sentence_bounds, sentences
from extractors.quantities import filters, lexicon
from extractors.quantities.direction import direction_of
from extractors.quantities.grammar import Candidate, scan
from extractors.quantities.lexicon import Modifiers
from extractors.quantities.subject import subject_of
from schemas import Quantity


def _base(c: Candidate) -> tuple[float | None, str | None]:
    unit = c.unit
    if unit is None or unit.factor is None or unit.base is None:
        return None, None
    if c.value is None:
        return None, unit.base
    return c.value * unit.factor + unit.offset, unit.base


def to_record(doc: Doc, sent: Span, c: Candidate, mods: Modifiers, sent_text: str | None = None,
              bounds: tuple[int, int] | None = None) -> Quantity:
    """A Candidate found in `sent` (offsets relative to the sentence) as a schemas.Quantity.
    `sent_text`, `bounds`: the sentence's text and sentence_bounds, when the caller has them
    (spaCy builds `.text` anew on every access: never read it once per quantity)."""
    if sent_text is None:
        sent_text = sent.text
    sent_start, sent_end = bounds if bounds is not None else sentence_bounds(sent)
    start, end = sent.start_char + c.start, sent.start_char + c.end
    span = doc.char_span(start, end, alignment_mode="expand")
    subject = direction = None
    if span is not None and len(span):
        subject, direction = subject_of(span, mods.change_words), direction_of(span, mods)
    base_value, base_unit = _base(c)
    return Quantity(
        start=start, end=end, text=sent_text[c.start:c.end], value=c.value, low=c.low, high=c.high,
        unit=c.unit.name if c.unit else None, kind=c.kind, approximate=c.approximate, subject=subject,
        sentence_start=sent_start, sentence_end=sent_end, base_value=base_value, base_unit=base_unit,
        direction=direction,
    )


def finite(q: Quantity) -> bool:
    """No value of `q` overflowed to inf (a huge number times its scale or unit factor): the
    JSON contract and the database take finite numbers only, so such a quantity is dropped."""
    return all(math.isfinite(x) for x in (q.value, q.low, q.high, q.base_value) if x is not None)


class QuantityExtractor:
    """Finds numbers with units, ranges, bounds and ratios in every sentence."""

    def __init__(self, lang: str = "en") -> None:
        self.lexicon = lexicon.load(lang)

    def find(self, doc: Doc) -> Iterator[Quantity]:
        mods = self.lexicon.modifiers
        offsets: list[int] | None = None  # token offsets, built once and only when needed
        for sent in sentences(doc):
            text = sent.text
            bounds = sent.start_char, sent.start_char + len(text.rstrip())  # = sentence_bounds(sent)
            for c in scan(text, self.lexicon):
                if c.ratio_check_at is not None:
                    if offsets is None:
                        offsets = filters.token_offsets(doc)
                    if not filters.comparative_follows(doc, sent.start_char + c.ratio_check_at, mods, offsets):
                        continue  # 'called 3 times': a count of events, not a ratio
                record = to_record(doc, sent, c, mods, text, bounds)
                if finite(record):
                    yield record

    def __call__(self, doc: Doc) -> Doc:
        doc._.nf_quantities = tuple(self.find(doc))
        return doc


def make_quantities(nlp: Language, name: str, lang: str = "en") -> QuantityExtractor:
    """spaCy factory (registered by extractors.register()); `lang` picks the rule data."""
    return QuantityExtractor(lang)

"""The claims component (last in the pipeline): who said what, as doc._.nf_claims.

Rules (each a module of pure functions over the parse): reporting verbs (verbs.py), "according
to" phrases, hedges and nominal cues (phrases.py); quotations (quotes.py) then widen a content
to the whole quoted passage or stand alone as unattributed quotes (assemble.py). Speakers get
the canonical names of the entities they hold (speakers.py); hedges are flagged (hedging.py);
sentences stating a quantity or dated event as fact become statistics (statistics.py).
Headings and table cells hold no claims: a finding whose cue or content starts outside prose
is dropped.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractors.blocks import in_prose
from extractors.claims import phrases, punctuation, verbs
from extractors.claims.assemble import ClaimBuilder, resolve_quotes, unattributed
from extractors.claims.lexicon import cues
from extractors.claims.nesting import outermost, outside_quotes
from extractors.claims.quotes import find_quotes
from extractors.claims.speakers import SpeakerResolver
from extractors.claims.statistics import recount, statistics
from extractors.claims.spans import Found


class ClaimExtractor:
    def __init__(self, *, unattributed_quotes: bool = True, nominal_cues: bool = True,
                 statistics: bool = True) -> None:
        self.cues = cues()
        self.unattributed_quotes = unattributed_quotes
        self.nominal_cues = nominal_cues
        self.statistics = statistics

    def findings(self, doc: Doc, text: str | None = None) -> list[Found]:
        paras = punctuation.paragraphs(doc, text)
        found = [*verbs.find(doc, self.cues), *phrases.according_to(doc, self.cues), *phrases.hedges(doc, self.cues),
                 *punctuation.colon_labels(doc, self.cues, paras), *punctuation.dash_signatures(doc, paras)]
        if self.nominal_cues:
            found.extend(phrases.nominal(doc, self.cues))
        return [f for f in found if all(in_prose(doc, doc[r[0]].idx) for r in (f.cue, *f.content) if r)]

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # spaCy joins the tokens anew on every access: read it once
        found = self.findings(doc, text)
        quotes = find_quotes(text, tuple(doc._.nf_blocks))
        found = outside_quotes(doc, found, quotes)
        free = resolve_quotes(text, doc, found, quotes)
        found = outermost(doc, found)
        if self.unattributed_quotes:
            found.extend(unattributed(text, doc, free, found))
        builder = ClaimBuilder(doc, SpeakerResolver(doc._.nf_entities, self.cues, doc), text)
        claims, seen = [], set()
        for f in sorted(found, key=lambda f: _position(doc, f)):
            claim = builder.build(f)
            if claim is None:
                continue
            key = (claim.cue and (claim.cue.start, claim.cue.end), claim.content.start, claim.content.end)
            if key not in seen:
                seen.add(key)
                claims.append(claim)
        if self.statistics:
            claims = recount(claims, doc._.nf_quantities, self.cues)
            claims.extend(statistics(doc, claims, self.cues, lambda content: builder.hedge(None, content), text))
        doc._.nf_claims = tuple(sorted(claims, key=lambda c: (c.start, c.end)))
        return doc


def _position(doc: Doc, f: Found) -> int:
    """Where a finding starts in the text, so speakers are resolved in reading order."""
    starts = [c[0] for c in f.chars] + [doc[r[0]].idx for r in (f.cue, f.speaker) if r]
    return min(starts, default=0)


def make_claims(nlp: Language, name: str, *, unattributed_quotes: bool = True,
                nominal_cues: bool = True, statistics: bool = True) -> ClaimExtractor:
    """`unattributed_quotes`: report quotations with no cue as direct quotes without a speaker;
    `nominal_cues`: also read "his claim that ..."; `statistics`: report sentences that state a
    quantity or a dated event as fact as `statistic` claims (statistics.py)."""
    return ClaimExtractor(unattributed_quotes=unattributed_quotes, nominal_cues=nominal_cues,
                          statistics=statistics)

"""The entities component (after the model's NER): name-like entities with canonical names.

It keeps the gazetteer's and the model's name labels, repairs the model's span errors
(mentions.py), drops what the model alone found outside prose (a heading's "Recent Progress",
a table cell's "Moderate"), model "places" that are acronyms of something else ("AI") and
everyday words that name a material only as a commodity ("took the lead"; commodities.py),
adds acronyms introduced in the text with their long forms (acronyms.py), and consolidates
names within the document (canonical.py). Result: doc._.nf_entities, a tuple of schemas.Entity.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.blocks import SentenceIndex, in_prose
from extractors.entities import mentions as mn
from extractors.entities.acronyms import introduced_acronyms, is_acronym
from extractors.entities.canonical import consolidate
from extractors.entities.commodities import commodity_materials
from extractors.entities.lexicon import GAZETTEER_FILES, Names, aliases, commodities, names
from schemas import Entity


# Dependencies of a word that modifies the noun after it ("AI" in "AI chip technology").
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
SHORT_ACRONYM = 4  # letters


def not_a_place(span: Span, lex: Names, known: Mapping[str, object]) -> bool:
    """A model GPE that names no place: an acronym of names.json's not_places ("AI", "CEO"), or a
    short undotted acronym the gazetteer does not know that modifies a common noun ("AI chip
    technology"). "N.Y.", "L.A.", "NSW", "HK" as places stay places."""
    text = span.text
    if text.lower() in known:
        return False
    if text.replace(".", "") in lex.not_places:
        return True
    if not is_acronym(text) or "." in text or len(text) > SHORT_ACRONYM:
        return False
    root = span.root
    return root.dep_ in NOUN_MODIFIER_DEPS and root.head.pos_ == "NOUN" and root.head.i >= span.end


class EntityExtractor:
    def __init__(self, *, prose_only_model: bool = True) -> None:
        self.lex = names()
        self.aliases = aliases(GAZETTEER_FILES)
        self.commodities = commodities()
        self.prose_only_model = prose_only_model

    def _keep(self, doc: Doc, m: mn.Mention) -> bool:
        if m.gazetteer_id is not None:
            return True
        if self.prose_only_model and not in_prose(doc, doc[m.start].idx):
            return False
        return not (m.label == "GPE" and not_a_place(m.span(doc), self.lex, self.aliases))

    def mentions(self, doc: Doc) -> list[mn.Mention]:
        found = mn.clip_to_sentences(doc, mn.from_doc(doc))
        found = mn.strip_titles(doc, found, self.lex, frozenset())
        persons = mn.person_tokens(doc, found)
        found = mn.split_at_commas(doc, found, self.lex, persons)
        found = mn.strip_titles(doc, found, self.lex, persons)
        found = mn.propagate_surnames(doc, found)
        found = mn.strip_determiner(doc, found, self.lex)
        found = [t for t in (mn.trim_space(doc, m) for m in found) if t is not None]
        found = mn.rejoin_chopped(doc, found)
        found = [m for m in found if self._keep(doc, m)]
        found = commodity_materials(doc, found, self.commodities)
        found = found + [m for m in introduced_acronyms(doc, found, self.lex) if self._keep(doc, m)]
        return mn.dedupe(found)

    def __call__(self, doc: Doc) -> Doc:
        out = []
        sentences = SentenceIndex(doc)
        for m, canonical in consolidate(doc, self.mentions(doc), self.lex, self.aliases):
            span = m.span(doc)
            sent_start, sent_end = sentences.bounds(span.start_char)
            out.append(Entity(start=span.start_char, end=span.end_char, text=span.text, label=m.label,
                              canonical=canonical, sentence_start=sent_start, sentence_end=sent_end))
        doc._.nf_entities = tuple(out)
        return doc


def make_entities(nlp: Language, name: str, *, prose_only_model: bool = True) -> EntityExtractor:
    """`prose_only_model`: drop entities only the model found outside prose blocks."""
    return EntityExtractor(prose_only_model=prose_only_model)

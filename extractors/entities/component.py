"""The entities component (after the model's NER): name-like entities with canonical names.

It keeps the gazetteer's and the model's name labels, repairs the model's span errors
(mentions.py), drops what the model alone found outside prose (a heading's "Recent Progress",
a table cell's "Moderate"), adds acronyms introduced in the text, and consolidates names
within the document (canonical.py). Result: doc._.nf_entities, a tuple of schemas.Entity.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractors.blocks import in_prose, sentence_bounds
from extractors.entities import mentions as mn
from extractors.entities.acronyms import introduced_acronyms, is_acronym
from extractors.entities.canonical import consolidate
from extractors.entities.lexicon import GAZETTEER_FILES, aliases, names
from schemas import Entity


class EntityExtractor:
    def __init__(self, *, prose_only_model: bool = True) -> None:
        self.lex = names()
        self.aliases = aliases(GAZETTEER_FILES)
        self.prose_only_model = prose_only_model

    def _keep(self, doc: Doc, m: mn.Mention) -> bool:
        if m.gazetteer_id is not None:
            return True
        if self.prose_only_model and not in_prose(doc, doc[m.start].idx):
            return False
        text = m.span(doc).text
        # A short all-caps "place" the gazetteer does not know is an abbreviation ("AI"), not a GPE.
        return not (m.label == "GPE" and is_acronym(text) and len(text.replace(".", "")) <= 4
                    and text.lower() not in self.aliases)

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
        found = found + introduced_acronyms(doc, found, self.lex)
        return mn.dedupe(found)

    def __call__(self, doc: Doc) -> Doc:
        out = []
        for m, canonical in consolidate(doc, self.mentions(doc), self.lex, self.aliases):
            span = m.span(doc)
            sent_start, sent_end = sentence_bounds(span.sent)
            out.append(Entity(start=span.start_char, end=span.end_char, text=span.text, label=m.label,
                              canonical=canonical, sentence_start=sent_start, sentence_end=sent_end))
        doc._.nf_entities = tuple(out)
        return doc


def make_entities(nlp: Language, name: str, *, prose_only_model: bool = True) -> EntityExtractor:
    """`prose_only_model`: drop entities only the model found outside prose blocks."""
    return EntityExtractor(prose_only_model=prose_only_model)

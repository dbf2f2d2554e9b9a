"""Speakers: the canonical name of the entity a speaker phrase holds, and pronouns or role
nouns ("he", "the official") resolved to the last compatible named speaker before them."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from extractors.claims.lexicon import Cues
from schemas import Entity

# Which entity names a speaker phrase, best first ("US Trade Representative Jamieson Greer").
LABEL_RANK = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3, "FAC": 4, "PRODUCT": 5, "WORK_OF_ART": 6}
# Labels the model gives a lone surname by mistake ("Greer" as NORP): such a speaker, a singular
# proper noun, may be whom a later "he" or "she" refers to.
MISREAD_PERSON = frozenset({"NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})


class SpeakerResolver:
    """Walks the claims of one document in text order and remembers named speakers."""

    def __init__(self, entities: Sequence[Entity], cues: Cues, doc: Doc | None = None) -> None:
        self.doc = doc
        self.entities = sorted(entities, key=lambda e: e.start)
        self.starts = [e.start for e in self.entities]
        self.cues = cues
        self.named: list[tuple[int, frozenset[str], str]] = []  # (offset, labels it may take, canonical)
        # Names the model tagged once but missed elsewhere ("Lopez said" after "Maria Lopez"):
        # a PERSON's surname and every entity's text -> the entities so named, in text order.
        self.by_name: dict[str, list[Entity]] = {}
        for e in self.entities:
            if e.label not in LABEL_RANK:
                continue
            keys = {e.text}
            if e.label == "PERSON":
                keys.add(e.canonical.split()[-1])
            for key in keys:
                self.by_name.setdefault(key, []).append(e)

    def _entity_at(self, tok: Token) -> Entity | None:
        i = bisect_left(self.starts, tok.idx + 1) - 1
        if i >= 0 and self.entities[i].start <= tok.idx < self.entities[i].end \
                and self.entities[i].label in LABEL_RANK:
            return self.entities[i]
        return None

    def _named_by(self, span: Span) -> Entity | None:
        """The entity that heads the phrase ("US Trade Representative Jamieson Greer" -> Greer),
        or whose possessive it is ("Greer's statements"); "the US trade team" names no one."""
        root = span.root
        entity = self._entity_at(root)
        if entity is None and root.pos_ in {"NOUN", "PROPN"}:
            poss = next((c for c in root.children if c.dep_ == "poss"), None)
            entity = self._entity_at(poss) if poss is not None else None
        if entity is None and root.pos_ == "PROPN":
            entity = next((self._entity_at(t) for t in span if self._entity_at(t) is not None
                           and self._entity_at(t).label == "PERSON"), None)
        if entity is None and root.pos_ == "PROPN" and root.is_title:
            entity = self._named_elsewhere(root)
        return entity

    def _named_elsewhere(self, tok: Token) -> Entity | None:
        """The entity the document names `tok` by where the model missed this use: the
        nearest before it, else the first after it."""
        same = self.by_name.get(tok.text)
        if not same:
            return None
        before = [e for e in same if e.start < tok.idx]
        return before[-1] if before else same[0]

    @staticmethod
    def _labels(entity: Entity, span: Span) -> frozenset[str]:
        if entity.label in MISREAD_PERSON and span.root.tag_ == "NNP":
            return frozenset({entity.label, "PERSON"})
        return frozenset({entity.label})

    def _refers_back(self, text: str) -> frozenset[str] | None:
        """Labels a pronoun or "the <role>" may refer to; None when the phrase names no one."""
        words = text.lower().split()
        if len(words) == 1 and words[0] in self.cues.pronouns:
            return self.cues.pronouns[words[0]]
        if len(words) == 2 and words[0] == "the" and words[1] in self.cues.anaphoric_nouns:
            return frozenset({"PERSON", "ORG", "GPE"})
        return None

    def _misread_person(self, entity: Entity) -> bool:
        """A lone proper noun the model labelled NORP, PRODUCT, ... ("Greer" as NORP)."""
        if self.doc is None or entity.label not in MISREAD_PERSON:
            return False
        span = self.doc.char_span(entity.start, entity.end)
        return span is not None and len(span) == 1 and span[0].tag_ == "NNP"

    def _last_entity_before(self, offset: int, labels: frozenset[str]) -> str | None:
        i = bisect_left(self.starts, offset) - 1
        while i >= 0:
            e = self.entities[i]
            if e.label in labels or ("PERSON" in labels and self._misread_person(e)):
                return e.canonical
            i -= 1
        return None

    def canonical(self, span: Span) -> str | None:
        """The canonical name for the speaker phrase `span`; remembers named speakers."""
        start, text = span.start_char, span.text
        entity = self._named_by(span)
        if entity is not None:
            self.named.append((start, self._labels(entity, span), entity.canonical))
            return entity.canonical
        labels = self._refers_back(text)
        if labels is None:
            return None
        for offset, named_labels, canonical in reversed(self.named):
            if offset < start and named_labels & labels:
                return canonical
        return self._last_entity_before(start, labels)

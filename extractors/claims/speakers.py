"""Speakers: the canonical name of the entity a speaker phrase holds, and pronouns or role
nouns ("he", "the official") resolved to the last compatible named speaker before them."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Span, Token

from extractors.claims.lexicon import Cues
from schemas import Entity

# Which entity names a speaker phrase, best first ("US Trade Representative Jamieson Greer").
LABEL_RANK = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3, "FAC": 4, "PRODUCT": 5, "WORK_OF_ART": 6}


class SpeakerResolver:
    """Walks the claims of one document in text order and remembers named speakers."""

    def __init__(self, entities: Sequence[Entity], cues: Cues) -> None:
        self.entities = sorted(entities, key=lambda e: e.start)
        self.starts = [e.start for e in self.entities]
        self.cues = cues
        self.named: list[tuple[int, str, str]] = []  # (offset, label, canonical)

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
        return entity

    def _refers_back(self, text: str) -> frozenset[str] | None:
        """Labels a pronoun or "the <role>" may refer to; None when the phrase names no one."""
        words = text.lower().split()
        if len(words) == 1 and words[0] in self.cues.pronouns:
            return self.cues.pronouns[words[0]]
        if len(words) == 2 and words[0] == "the" and words[1] in self.cues.anaphoric_nouns:
            return frozenset({"PERSON", "ORG", "GPE"})
        return None

    def _last_entity_before(self, offset: int, labels: frozenset[str]) -> str | None:
        i = bisect_left(self.starts, offset) - 1
        while i >= 0:
            if self.entities[i].label in labels:
                return self.entities[i].canonical
            i -= 1
        return None

    def canonical(self, span: Span) -> str | None:
        """The canonical name for the speaker phrase `span`; remembers named speakers."""
        start, text = span.start_char, span.text
        entity = self._named_by(span)
        if entity is not None:
            self.named.append((start, entity.label, entity.canonical))
            return entity.canonical
        labels = self._refers_back(text)
        if labels is None:
            return None
        for offset, label, canonical in reversed(self.named):
            if offset < start and label in labels:
                return canonical
        return self._last_entity_before(start, labels)

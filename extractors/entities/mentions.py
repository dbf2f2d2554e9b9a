"""Entity mentions as token ranges, and the repairs that fix the small model's usual span errors.

A `Mention` is a token range with a label and, when the gazetteer found it, the gazetteer's
canonical id. Each repair is a small pure function over (Doc, mentions): cut at sentence and
block edges, split a span run across a comma into a person's name ("Face the Nation, Greer"),
strip a leading title ("Trade Representative Greer" -> PERSON "Greer") or determiner, drop a
trailing possessive, and re-join a name the gazetteer cut short ("Senate" + "Judiciary
Committee").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from extractors.entities.lexicon import Names

# Labels for names; the numeric ones (DATE, MONEY, ...) belong to the other extractors.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "LAW",
                         "WORK_OF_ART", "LANGUAGE", "MATERIAL"})
# Labels whose names legitimately hold a comma ("Hempstead, N.Y.").
COMMA_LABELS = frozenset({"GPE", "LOC", "FAC"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    label: str
    gazetteer_id: str | None = None  # canonical id from the gazetteer; None: the model found it

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]


def from_doc(doc: Doc) -> list[Mention]:
    """The name-like entities the gazetteer and the model set on `doc`."""
    return [Mention(e.start, e.end, e.label_, e.ent_id_ or None) for e in doc.ents if e.label_ in NAME_LABELS]


def _has_name(span: Span) -> bool:
    return any(t.pos_ == "PROPN" or (t.is_title and not t.is_stop) or t.is_upper and t.is_alpha for t in span)


def _pieces(m: Mention, cuts: Iterable[int], skip_cut_token: bool) -> list[Mention]:
    out, start = [], m.start
    for cut in cuts:
        if cut > start:
            out.append(replace(m, start=start, end=cut))
        start = cut + 1 if skip_cut_token else cut
    if start < m.end:
        out.append(replace(m, start=start, end=m.end))
    return out


def clip_to_sentences(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Cut mentions that run over a sentence start (and so over a block edge); keep the pieces
    that still look like names."""
    out = []
    for m in mentions:
        cuts = [i for i in range(m.start + 1, m.end) if doc[i].is_sent_start]
        if not cuts:
            out.append(m)
            continue
        for piece in _pieces(m, cuts, skip_cut_token=False):
            piece = trim_space(doc, piece)
            if piece and _has_name(piece.span(doc)) and not (piece.end - piece.start == 1 and doc[piece.start].is_stop):
                out.append(piece)
    return out


def trim_space(doc: Doc, m: Mention) -> Mention | None:
    """Without edge spaces, punctuation and a trailing possessive; None when nothing is left."""
    start, end = m.start, m.end
    while start < end and (doc[start].is_space or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct or doc[end - 1].text in POSSESSIVES):
        end -= 1
    return replace(m, start=start, end=end) if end > start else None


def title_length(doc: Doc, start: int, end: int, lex: Names) -> int:
    """How many tokens from `start` form a title ("US Trade Representative", "President")."""
    i = start
    while i < end and doc[i].lower_ in lex.title_modifiers:
        i += 1
    best, text = 0, ""
    for k in range(i, min(end, i + 3 * lex.longest_title)):  # "secretary-general" is 3 tokens
        text += doc[k].text.lower()
        if text in lex.titles:
            best = k + 1 - start
        text += doc[k].whitespace_
        if text not in lex.title_prefixes:
            break
    return best


def after_title(doc: Doc, start: int, lex: Names) -> bool:
    """A title ends right before token `start` ("Sen." of "Sen. Warren")."""
    text = ""
    for k in range(start - 1, max(-1, start - 1 - 3 * lex.longest_title), -1):
        text = doc[k].text.lower() + (doc[k].whitespace_ if k < start - 1 else "") + text
        if text in lex.titles:
            return True
        if text not in lex.title_suffixes:
            return False
    return False


def strip_titles(doc: Doc, mentions: list[Mention], lex: Names, persons: frozenset[str]) -> list[Mention]:
    """Drop leading titles from model PERSON spans; an ORG/NORP span that is a title plus a
    known person's name ("Trade Representative Greer") becomes that PERSON."""
    out = []
    for m in mentions:
        if m.gazetteer_id is None and title_length(doc, m.start, len(doc), lex) >= m.end - m.start:
            continue  # the model tagged (part of) a title: "Trade" of "Trade Representative"
        if m.gazetteer_id is None and m.label in {"PERSON", "ORG", "NORP"}:
            n = title_length(doc, m.start, m.end, lex)
            rest = doc[m.start + n:m.end]
            if n and len(rest) and all(t.is_title or t.is_upper or t.is_punct for t in rest):
                if m.label == "PERSON":
                    m = replace(m, start=m.start + n)
                elif all(t.text in persons for t in rest if not t.is_punct):
                    m = replace(m, start=m.start + n, label="PERSON")
        out.append(m)
    return out


def person_tokens(doc: Doc, mentions: list[Mention]) -> frozenset[str]:
    """Word forms of multi-word PERSON names: "Jamieson Greer" makes "Greer" a known name."""
    words = set()
    for m in mentions:
        if m.label == "PERSON" and m.end - m.start > 1:
            words.update(t.text for t in m.span(doc) if t.is_alpha and t.is_title)
    return frozenset(words)


def propagate_surnames(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Tag later bare uses of a surname the model missed ("Greer left") when the document
    names the person in full ("Jamieson Greer")."""
    surnames = {doc[m.end - 1].text for m in mentions
                if m.label == "PERSON" and m.end - m.start > 1 and doc[m.end - 1].is_title}
    if not surnames:
        return mentions
    taken = {i for m in mentions for i in range(m.start, m.end)}
    extra = [Mention(i, i + 1, "PERSON") for i in tokens_spelled(doc, surnames)
             if i not in taken and doc[i].pos_ == "PROPN"]
    return mentions + extra


def split_at_commas(doc: Doc, mentions: list[Mention], lex: Names, persons: frozenset[str]) -> list[Mention]:
    """Split a model span run across a comma ("Face the Nation, Greer"); a piece made of
    known person names becomes PERSON. Commas before "Inc." or "Jr." stay inside."""
    out = []
    for m in mentions:
        if m.gazetteer_id is not None or m.label in COMMA_LABELS:
            out.append(m)
            continue
        cuts = [i for i in range(m.start, m.end) if doc[i].text == ","
                and not (i + 1 < m.end and doc[i + 1].lower_ in lex.name_suffixes | lex.legal_suffixes)]
        if not cuts:
            out.append(m)
            continue
        for piece in _pieces(m, cuts, skip_cut_token=True):
            piece = trim_space(doc, piece)
            if piece is None or not _has_name(piece.span(doc)):
                continue
            words = [t.text for t in piece.span(doc) if not t.is_punct]
            if words and all(w in persons for w in words):
                piece = replace(piece, label="PERSON")
            out.append(piece)
    return out


def strip_determiner(doc: Doc, mentions: list[Mention], lex: Names) -> list[Mention]:
    """Drop a leading "the" from model spans ("The Department of Defense"); a gazetteer match
    keeps it where the name has it ("the United States")."""
    out = []
    for m in mentions:
        if m.gazetteer_id is None and m.end - m.start > 1 and doc[m.start].lower_ in lex.determiners:
            m = replace(m, start=m.start + 1)
        out.append(m)
    return out


def rejoin_chopped(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The gazetteer runs first, so "Senate Judiciary Committee" can come out as gazetteer ORG
    "Senate" + model ORG "Judiciary Committee": join a gazetteer name directly followed by a
    model ORG into one model ORG."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: list[Mention] = []
    for m in ordered:
        prev = out[-1] if out else None
        if (prev is not None and prev.end == m.start and prev.gazetteer_id is not None
                and prev.label in {"ORG", "GPE", "NORP"} and m.label == "ORG" and m.gazetteer_id is None
                and not doc[m.start].is_sent_start and not doc[prev.end - 1].whitespace_ == ""):
            out[-1] = Mention(prev.start, m.end, "ORG", None)
            continue
        out.append(m)
    return out


def dedupe(mentions: Iterable[Mention]) -> list[Mention]:
    """Sorted, without exact duplicates or overlaps (the longer, then earlier, mention wins)."""
    kept: list[Mention] = []
    taken: set[int] = set()
    for m in sorted(set(mentions), key=lambda m: (-(m.end - m.start), m.start)):
        if not taken.intersection(range(m.start, m.end)):
            kept.append(m)
            taken.update(range(m.start, m.end))
    return sorted(kept, key=lambda m: m.start)


def tokens_spelled(doc: Doc, words: Iterable[str]) -> list[int]:
    """Indices of the tokens written as one of `words`, found over the doc's ORTH array
    (no Token object per word of a long article)."""
    ids = [doc.vocab.strings[w] for w in words]
    if not ids or not len(doc):
        return []
    return numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), numpy.asarray(ids, dtype="uint64"))).tolist()

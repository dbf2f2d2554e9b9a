"""Attributions cued by punctuation alone: a speaker's name and a colon opening a paragraph
("PENCE: Well, the question ...", "Sanders: 'Of course' Clinton is qualified"), and a quotation
signed with a dash and a name ('"…" ― Nell Carden Grey', or the name on a line of its own).
The colon or the dash is the cue (PolNeAR guidelines, "punctuation as a cue")."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from extractors.blocks import in_prose
from extractors.claims.lexicon import Cues
from extractors.claims.quotes import CLOSERS, OPENERS
from extractors.claims.spans import Found, Range, trim
from schemas import ClaimKind

DASHES = frozenset({"―", "—", "–", "-", "--"})
BULLETS = frozenset({"-", "–", "—", "•", "*", "·"})
MAX_NAME = 6  # words of a speaker label before a colon or after a dash
_NAME_JOINERS = frozenset({",", ".", "'s", "’s", "of", "the", "and", "de", "van", "von", "-"})


def paragraphs(doc: Doc, text: str | None = None) -> list[Span]:
    """The doc's lines: the tokens between the tokens that hold a line break. Found from the
    line breaks in the text (`text`: doc.text, which spaCy joins anew on every access), not
    by visiting every token."""
    out, start, pos = [], 0, 0
    text = doc.text if text is None else text
    while (pos := text.find("\n", pos)) != -1:
        span = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is not None and len(span):
            tok = span[0]
            if tok.i >= start:
                if tok.i > start:
                    out.append(doc[start:tok.i])
                start = tok.i + 1
        pos += 1
    if start < len(doc):
        out.append(doc[start:])
    return out


def _words(span: Span) -> list[Token]:
    return [t for t in span if not (t.is_space or t.is_punct)]


def _names_someone(span: Span, cues: Cues) -> bool:
    """A short label that names a speaker: a name, a name in capitals ("PENCE"), or a word
    for people or an artefact that speaks ("the report"), with no verb."""
    words = _words(span)
    if not 1 <= len(words) <= MAX_NAME or any(t.pos_ in {"VERB", "AUX"} and not t.is_upper for t in words):
        return False
    if " ".join(t.lower_ for t in words) in cues.colon_labels:
        return False
    return any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) or cues.is_person_noun(t.lower_)
               or t.lower_ in cues.artifact_nouns for t in words)


def _is_name(span: Span) -> bool:
    """A signature after a dash: capitalised words only ("Nell Carden Grey", "Edwin G. Monroy")."""
    words = _words(span)
    return 1 <= len(words) <= MAX_NAME and all(t.text[:1].isupper() for t in words) \
        and all(t.text[:1].isupper() or t.lower_ in _NAME_JOINERS or t.is_space for t in span)


def colon_labels(doc: Doc, cues: Cues, paras: list[Span] | None = None) -> Iterator[Found]:
    """"NAME: what they said" opening a paragraph (`paras`: paragraphs(doc), if known)."""
    for para in paragraphs(doc) if paras is None else paras:
        if not in_prose(doc, para.start_char):
            continue
        first = para.start
        while first < para.end and (para.doc[first].is_space or para.doc[first].text in BULLETS
                                    or para.doc[first].text in OPENERS):  # '"PENCE: ...' in a transcript
            first += 1
        colon = next((t for t in para.doc[first:min(para.end, first + 3 * MAX_NAME)] if t.text == ":"), None)
        if colon is None or colon.i == first:
            continue
        label = para.doc[first:colon.i]
        content = trim(doc, (colon.i + 1, para.end))
        if content is None or not _names_someone(label, cues):
            continue
        yield Found(cue=(colon.i, colon.i + 1), speaker=trim(doc, (first, colon.i)), content=[content],
                    rule="punctuation")


def _signature(doc: Doc, para: Span) -> tuple[Token, Range] | None:
    """The dash and the name that end a paragraph ('… ― Nell Carden Grey'), or None. The
    name is short, so only the paragraph's last tokens are looked at."""
    for tok in reversed(para[-4 * MAX_NAME:]):
        if tok.text in DASHES:
            name = trim(doc, (tok.i + 1, para.end))
            return (tok, name) if name is not None and _is_name(doc[name[0]:name[1]]) else None
    return None


def dash_signatures(doc: Doc, paras: list[Span] | None = None) -> Iterator[Found]:
    """A quotation followed by a dash and the speaker's name, in its paragraph or on the next
    line by itself (`paras`: paragraphs(doc), if known)."""
    previous: Span | None = None
    for para in paragraphs(doc) if paras is None else paras:
        signed = _signature(doc, para) if in_prose(doc, para.start_char) else None
        if signed is not None:
            dash, name = signed
            before = trim(doc, (para.start, dash.i))
            if before is None and previous is not None:  # the name on a line of its own
                before = trim(doc, (previous.start, previous.end))
            if before is not None and doc[before[1] - 1].text in CLOSERS:
                yield Found(cue=(dash.i, dash.i + 1), speaker=name, content=[before],
                            kind=ClaimKind.DIRECT_QUOTE, rule="punctuation")
        previous = para

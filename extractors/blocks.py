"""Sentence starts at block edges, so no sentence joins a heading, list item or table cell
to the prose around it. Runs before the parser, which keeps preset sentence starts (or, in a
model without one, right after the senter or sentencizer, which set every token's start).

Also the lookups the components share: the block at an offset (its index is built once per
doc) and a doc's sentence bounds by offset (SentenceIndex)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from schemas import PROSE_BLOCKS


class BlockSentences:
    def __call__(self, doc: Doc) -> Doc:
        tokens = [t for t in doc if not t.is_space]
        offsets = [t.idx for t in tokens]
        starts = doc.to_array([SENT_START])
        for block in doc._.nf_blocks:
            k = bisect_left(offsets, block.start)
            if k < len(tokens) and offsets[k] < block.end:
                starts[tokens[k].i] = 1
        # One array write: setting Token.is_sent_start scans the whole doc on every call.
        doc.from_array([SENT_START], starts)
        return doc


def make_blocks(nlp: Language, name: str) -> BlockSentences:
    return BlockSentences()


_ENDS_KEY = "newsfacts.block_ends"


def _block_ends(doc: Doc) -> list[int]:
    """The blocks' end offsets, built once per doc (and again only if nf_blocks is replaced):
    block_at runs for every mention and finding, so a list per call would be quadratic."""
    blocks = doc._.nf_blocks
    cached = doc.user_data.get(_ENDS_KEY)
    if cached is None or cached[0] is not blocks:
        cached = (blocks, [b.end for b in blocks])
        doc.user_data[_ENDS_KEY] = cached
    return cached[1]


def block_at(doc: Doc, offset: int):
    """The block (schemas.Block) holding character `offset`, or None outside every block."""
    blocks = doc._.nf_blocks
    i = bisect_left(_block_ends(doc), offset + 1)
    if i < len(blocks) and blocks[i].start <= offset < blocks[i].end:
        return blocks[i]
    return None


def in_prose(doc: Doc, offset: int) -> bool:
    """True when `offset` lies in prose (paragraph, list item, quote) or the doc has no blocks."""
    if not doc._.nf_blocks:
        return True
    block = block_at(doc, offset)
    return block is not None and block.kind in PROSE_BLOCKS


def sentence_bounds(sent: Span) -> tuple[int, int]:
    """Character bounds of a sentence without the trailing whitespace (the line break
    between blocks) that spaCy attaches to its last token."""
    return sent.start_char, sent.start_char + len(sent.text.rstrip())


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, or the whole doc as one when nothing set sentence boundaries."""
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


class SentenceIndex:
    """Trimmed sentence bounds (as sentence_bounds gives them) found by character offset.
    Build one per component call: `Span.sent` and `.text` walk the sentence on every access,
    which is quadratic over a long sentence with many facts."""

    def __init__(self, doc: Doc) -> None:
        sents = sentences(doc)
        self.starts = [s.start_char for s in sents]
        self.ends = [sentence_bounds(s)[1] for s in sents]

    def bounds(self, start: int, end: int | None = None) -> tuple[int, int]:
        """From the start of the sentence holding `start` to the trimmed end of the one
        holding `end - 1` (the same sentence when `end` is None)."""
        i = max(bisect_right(self.starts, start) - 1, 0)
        last = start if end is None else max(end - 1, start)
        j = max(bisect_right(self.starts, last) - 1, i)
        return self.starts[i], self.ends[j]

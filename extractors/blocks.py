"""Sentence starts at block edges, so no sentence joins a heading, list item or table cell
to the prose around it. Runs before the parser, which keeps preset sentence starts."""

from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span

from schemas import PROSE_BLOCKS


class BlockSentences:
    def __call__(self, doc: Doc) -> Doc:
        tokens = [t for t in doc if not t.is_space]
        offsets = [t.idx for t in tokens]
        for block in doc._.nf_blocks:
            i = bisect_left(offsets, block.start)
            if i < len(tokens) and offsets[i] < block.end:
                tokens[i].is_sent_start = True
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

"""Sentence starts at block edges, so no sentence joins a heading, list item or table cell
to the prose around it. Runs before the parser, which keeps preset sentence starts."""

from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc


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

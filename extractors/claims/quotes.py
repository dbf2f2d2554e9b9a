"""Quoted passages in the text: curly or straight double quotes, or two apostrophes ('' as in
some wire and newspaper archives), paired within a block; a quote left open at the end of a
paragraph continues in the next paragraph when that one opens with a quote mark (the newspaper
convention), so one quote can have several fragments."""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas import Block, BlockKind

OPENERS = frozenset({"“", '"', "«", "''"})
CLOSERS = frozenset({"”", '"', "»", "''"})
QUOTE_MARKS = OPENERS | CLOSERS
_MARK = re.compile("''|[“”\"«»]")


@dataclass(frozen=True, slots=True)
class Quote:
    """`fragments` are the quoted texts without their quotation marks (one per paragraph)."""

    fragments: tuple[tuple[int, int], ...]
    closed: bool = True

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]

    def inside(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.fragments)


def _lines(text: str, blocks: tuple[Block, ...]) -> list[tuple[int, int]]:
    if blocks:
        return [(b.start, b.end) for b in blocks if b.kind not in {BlockKind.TABLE_CELL, BlockKind.CODE}]
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _scan(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Closed quotes (inner spans) of one block, and where a quote left open begins."""
    found, open_at = [], None
    for m in _MARK.finditer(text, start, end):
        mark, i = m.group(), m.start()
        if open_at is None:
            if mark in OPENERS and mark != "”":
                open_at = m.end()
        elif mark in CLOSERS and mark != "“":
            if i > open_at:
                found.append((open_at, i))
            open_at = None
        elif mark == "“":  # a new opening while one is open: the earlier one was never closed
            open_at = m.end()
    return found, open_at


def find_quotes(text: str, blocks: tuple[Block, ...] = ()) -> list[Quote]:
    quotes: list[Quote] = []
    pending: list[tuple[int, int]] = []  # fragments of a quote running over paragraphs
    for start, end in _lines(text, blocks):
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        opener = _MARK.match(text, start + lead, end)
        if pending and not (opener and opener.group() in OPENERS):
            quotes.append(Quote(tuple(pending), closed=False))
            pending = []
        found, open_at = _scan(text, start, end)
        if pending:
            if found and opener and found[0][0] == opener.end():
                quotes.append(Quote((*pending, found[0])))
                found = found[1:]
                pending = []
            elif not found and opener and open_at == opener.end():
                pending.append((open_at, end))
                continue
            else:
                quotes.append(Quote(tuple(pending), closed=False))
                pending = []
        quotes.extend(Quote((f,)) for f in found)
        if open_at is not None and open_at < end:
            pending = [(open_at, end)]
    if pending:
        quotes.append(Quote(tuple(pending), closed=False))
    return [q for q in quotes if any(text[s:e].strip() for s, e in q.fragments)]

"""Layout: trafilatura's XML body -> text, one block per line, each with its kind.

Extractors must tell prose from a heading, a list item or a table cell, so the body is
laid out line by line (a table row's cells joined by " | ") and every line keeps its
`BlockKind`. A leading table row holding a single cell (a <caption> or a full-width title
row) is a caption, not data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from schemas import Block, BlockKind

CELL_SEPARATOR = " | "

_SPACE = re.compile(r"\s+")
_BLOCK_KIND = {
    "p": BlockKind.PARAGRAPH,
    "head": BlockKind.HEADING,
    "item": BlockKind.LIST_ITEM,
    "code": BlockKind.CODE,
    "quote": BlockKind.QUOTE,
}
# Elements that hold blocks of their own; anything else (hi, ref, del, span ...) is inline.
_CONTAINERS = frozenset({"p", "head", "item", "cell", "code", "quote", "list", "table", "row", "div", "body"})

Line = list[tuple[str, BlockKind]]


def _inline_text(el: etree._Element) -> str:
    """Text of an inline element (hi, ref, del ...); <lb/> and any block inside it break the line."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag != "graphic":
            brk = "\n" if child.tag in _CONTAINERS or child.tag == "lb" else ""
            parts.extend((brk, _inline_text(child), brk))
        parts.append(child.tail or "")
    return "".join(parts)


def _flat_text(el: etree._Element) -> str:
    """All text of `el`, nested blocks included (a table cell holding paragraphs), but not
    nested tables, which are laid out as tables of their own."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in ("table", "graphic"):
            sep = " " if child.tag in _CONTAINERS or child.tag == "lb" else ""
            parts.extend((sep, _flat_text(child), sep))
        parts.append(child.tail or "")
    return "".join(parts)


def _split(text: str, kind: BlockKind) -> Iterator[Line]:
    for piece in text.split("\n"):
        piece = _SPACE.sub(" ", piece).strip()
        if piece:
            yield [(piece, kind)]


def _table_lines(table: etree._Element) -> Iterator[Line]:
    """Rows of a table; leading single-cell rows (caption, title row) are captions."""
    leading = True
    for row in table.iter("row"):
        if row.getparent() is not table:
            continue  # a nested table's rows come with that table
        cells = [_SPACE.sub(" ", _flat_text(c)).strip() for c in row if c.tag == "cell"]
        cells = [c for c in cells if c]
        if not cells:
            continue
        if leading and len(cells) == 1 and len(row) > 1:
            yield [(cells[0], BlockKind.CAPTION)]
            continue
        leading = False
        yield [(c, BlockKind.TABLE_CELL) for c in cells]
        for cell in row:
            for nested in cell.iter("table"):
                if next(nested.iterancestors("table")) is table:  # deeper ones come with their parent
                    yield from _table_lines(nested)


def _lines(el: etree._Element, inherited: BlockKind | None = None) -> Iterator[Line]:
    """Lines of `el` in document order: its own text (and loose text between nested blocks)
    with its kind, nested blocks with theirs. Inside a quote every block is a quote."""
    if el.tag == "table":
        yield from _table_lines(el)
        return
    kind = inherited or _BLOCK_KIND.get(el.tag, BlockKind.PARAGRAPH)
    nested = BlockKind.QUOTE if kind is BlockKind.QUOTE else None
    buffer = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in _CONTAINERS:
            yield from _split("".join(buffer), kind)
            buffer = []
            yield from _lines(child, nested)
        elif child.tag == "lb":
            buffer.append("\n")
        elif isinstance(child.tag, str) and child.tag != "graphic":
            buffer.append(_inline_text(child))
        buffer.append(child.tail or "")
    yield from _split("".join(buffer), kind)


def layout(body: etree._Element) -> tuple[str, tuple[Block, ...]]:
    """Lay out trafilatura's XML body as text with block spans."""
    pieces: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for line in _lines(body):
        if pieces:
            pieces.append("\n")
            pos += 1
        for i, (text, kind) in enumerate(line):
            if i:
                pieces.append(CELL_SEPARATOR)
                pos += len(CELL_SEPARATOR)
            blocks.append(Block(pos, pos + len(text), kind))
            pieces.append(text)
            pos += len(text)
    return "".join(pieces), tuple(blocks)

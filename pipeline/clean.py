"""Clean: raw HTML or text -> Article (main text, layout blocks, metadata), or a Problem.

trafilatura finds the main content; we lay its XML body out as text one block per line
(table rows as cells joined by " | ") and keep each block's kind, so extractors can tell a
heading or a table cell from prose. Plain-text input is kept unchanged: its blocks are
its non-empty lines.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import trafilatura
from lxml import etree

from pipeline.settings import Settings
from schemas import Article, Block, BlockKind, Outcome, Problem, RawDocument, RawFormat

_SPACE = re.compile(r"\s+")
_BLOCK_KIND = {
    "p": BlockKind.PARAGRAPH,
    "head": BlockKind.HEADING,
    "item": BlockKind.LIST_ITEM,
    "cell": BlockKind.TABLE_CELL,
    "code": BlockKind.CODE,
    "quote": BlockKind.QUOTE,
}
# Children that hold blocks of their own; everything else is inline (hi, ref, del, lb ...).
_CONTAINERS = {"p", "head", "item", "cell", "code", "quote", "list", "table", "row", "div"}
CELL_SEPARATOR = " | "


def _inline_text(el: etree._Element) -> str:
    """Text of `el` without its nested block children; <lb/> becomes a line break."""
    parts = [el.text or ""]
    for child in el:
        if child.tag in _CONTAINERS:
            parts.append("\n")
        elif child.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lines(el: etree._Element, kind: BlockKind | None = None) -> Iterator[list[tuple[str, BlockKind]]]:
    """Yield lines of the body; a line is a list of (text, kind) blocks (several for a table row)."""
    tag = el.tag
    if tag == "row":
        cells = [(_SPACE.sub(" ", _inline_text(c)).strip(), BlockKind.TABLE_CELL) for c in el if c.tag == "cell"]
        cells = [c for c in cells if c[0]]
        if cells:
            yield cells
        return
    own_kind = BlockKind.QUOTE if kind is BlockKind.QUOTE else _BLOCK_KIND.get(tag, kind)
    if tag in _BLOCK_KIND or tag == "body":
        for piece in _inline_text(el).split("\n") if tag != "body" else ():
            text = _SPACE.sub(" ", piece).strip()
            if text and own_kind is not None:
                yield [(text, own_kind)]
    for child in el:
        if child.tag in _CONTAINERS:
            yield from _lines(child, own_kind if tag == "quote" or own_kind is BlockKind.QUOTE else None)


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


def text_blocks(text: str) -> tuple[Block, ...]:
    """Blocks of plain text: each non-empty line is a paragraph."""
    blocks = []
    for m in re.finditer(r"[^\n]+", text):
        stripped = m.group().strip()
        if stripped:
            start = m.start() + m.group().index(stripped)
            blocks.append(Block(start, start + len(stripped), BlockKind.PARAGRAPH))
    return tuple(blocks)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _html_lang(html: str) -> str | None:
    m = re.search(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", html[:5000], re.I)
    return m.group(1).lower() if m else None


def clean(raw: RawDocument, settings: Settings) -> Article | Problem:
    origin = raw.origin
    if raw.format is RawFormat.TEXT:
        text = raw.content
        if not text.strip():
            return Problem(origin.locator, "empty text", Outcome.SKIPPED)
        sha = sha256_text(text)
        return Article(id=raw.doc_id or sha, sha256=sha, text=text, blocks=text_blocks(text), origin=origin,
                       url=origin.url, title=raw.title, published=raw.published,
                       published_source="input" if raw.published else None)
    doc = trafilatura.bare_extraction(raw.content, url=origin.url, with_metadata=True, include_tables=True,
                                      include_comments=False, output_format="python")
    if doc is None or doc.body is None:
        return Problem(origin.locator, "no main text found (not an article page)", Outcome.SKIPPED)
    text, blocks = layout(doc.body)
    words = len(text.split())
    if words < settings.min_words:
        return Problem(origin.locator, f"too little text for an article ({words} words)", Outcome.SKIPPED)
    sha = sha256_text(text)
    published = raw.published
    source = "input" if published else None
    if published is None and doc.date:
        from datetime import date

        published, source = date.fromisoformat(doc.date[:10]), "htmldate"
    return Article(id=raw.doc_id or sha, sha256=sha, text=text, blocks=blocks, origin=origin,
                   url=origin.url or doc.url, canonical_url=doc.url, title=raw.title or doc.title,
                   author=doc.author, published=published, published_source=source,
                   language=_html_lang(raw.content), sitename=doc.sitename)

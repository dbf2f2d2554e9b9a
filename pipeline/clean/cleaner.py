"""Clean: raw HTML or text -> Article (main text, layout blocks, metadata), or a Problem.

trafilatura finds the main content and its metadata (maintext); the headline leaves the
body (headline); `layout` lays the body out one block per line with each block's kind, so
extractors can tell a heading or a table cell from prose. The published date records which
source gave it (published), the language is read from the text where it can be (language),
and pages that are not articles are skipped with a reason (pagekind). Plain-text input is
kept byte for byte: its blocks are its non-empty lines.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import load_html

from pipeline.clean import jsonld, language, maintext, pagekind
from pipeline.clean.headline import drop_headline
from pipeline.clean.layout import CELL_SEPARATOR, layout
from pipeline.clean.metadata import page_meta
from pipeline.clean.published import published_date
from pipeline.settings import Settings
from schemas import PROSE_BLOCKS, Article, Block, BlockKind, Outcome, Problem, RawDocument, RawFormat
from schemas.digest import sha256_hex

__all__ = ["CELL_SEPARATOR", "clean", "clean_html", "language_problem", "layout", "text_blocks"]


def text_blocks(text: str) -> tuple[Block, ...]:
    """Blocks of plain text: each non-empty line is a paragraph."""
    blocks = []
    for m in re.finditer(r"[^\n]+", text):
        stripped = m.group().strip()
        if stripped:
            start = m.start() + m.group().index(stripped)
            blocks.append(Block(start, start + len(stripped), BlockKind.PARAGRAPH))
    return tuple(blocks)


def handles(settings: Settings, code: str | None) -> bool:
    """True when the extractors take articles in language `code` ("*" in settings: any; unknown: yes)."""
    return code is None or "*" in settings.languages or code in {c.lower() for c in settings.languages}


def language_problem(locator: str, code: str | None, settings: Settings) -> Problem | None:
    """A SKIPPED outcome for an article in a language the settings leave out, else None."""
    if handles(settings, code):
        return None
    return Problem(locator, f"language {code} not handled (settings.languages = {','.join(settings.languages)})",
                   Outcome.SKIPPED)


def _clean_text(raw: RawDocument, settings: Settings) -> Article | Problem:
    origin, text = raw.origin, raw.content
    if not text.strip():
        return Problem(origin.locator, "empty text", Outcome.SKIPPED)
    code = language.detect(text)
    if problem := language_problem(origin.locator, code, settings):
        return problem
    sha = sha256_hex(text)
    return Article(id=raw.doc_id or sha, sha256=sha, text=text, blocks=text_blocks(text), origin=origin,
                   url=origin.url, title=raw.title, published=raw.published,
                   published_source="input" if raw.published else None, language=code)


def _prose(text: str, blocks: tuple[Block, ...]) -> str:
    """The prose lines: headings, table cells and captions say little about the language."""
    return "\n".join(text[b.start:b.end] for b in blocks if b.kind in PROSE_BLOCKS)


def clean_html(raw: RawDocument, settings: Settings, tree: lxml_html.HtmlElement) -> Article | Problem:
    """Clean an already parsed page (`tree` is left unchanged)."""
    origin = raw.origin
    found = maintext.extract(tree, origin.url)
    if found is None or found.body is None:
        return Problem(origin.locator, "no main text found (not an article page)", Outcome.SKIPPED)
    meta = page_meta(tree, origin.url, found)
    body: etree._Element = found.body
    drop_headline(body, [t for t in (raw.title, meta.title) if t])
    text, blocks = layout(body)
    objects = jsonld.objects(tree)
    if reason := pagekind.not_article(text, tree, objects, settings):
        return Problem(origin.locator, reason, Outcome.SKIPPED)
    code = language.language(_prose(text, blocks) or text, tree, objects)
    if problem := language_problem(origin.locator, code, settings):
        return problem
    if raw.published is not None:
        published, source = raw.published, "input"
    else:
        published, source = published_date(tree, objects, origin.url or meta.canonical_url, found.date)
    sha = sha256_hex(text)
    return Article(id=raw.doc_id or sha, sha256=sha, text=text, blocks=blocks, origin=origin,
                   url=origin.url or meta.canonical_url, canonical_url=meta.canonical_url,
                   title=raw.title or meta.title, author=meta.author, published=published,
                   published_source=source, language=code, sitename=meta.sitename)


def clean(raw: RawDocument, settings: Settings) -> Article | Problem:
    """RawDocument -> Article, or a Problem saying why the input holds no article."""
    if raw.format is RawFormat.TEXT:
        return _clean_text(raw, settings)
    if not raw.content.strip():
        return Problem(raw.origin.locator, "empty page", Outcome.SKIPPED)
    tree = load_html(raw.content)
    if tree is None:
        return Problem(raw.origin.locator, "not parseable as HTML", Outcome.FAILED)
    return clean_html(raw, settings, tree)

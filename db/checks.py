"""Check an Extraction before it is written: a stored fact must point at its own text.

The document id is the SHA-256 of the text, and fact offsets are the provenance a
fact-checker follows, so a record whose hash or offsets do not match its text (or whose
numbers are NaN/infinite, which SQLite would silently store as NULL) is refused whole.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from pipeline.errors import StoreError
from schemas import Extraction, TextSpan
from schemas.digest import sha256_hex


def _spans(extraction: Extraction) -> Iterator[tuple[str, int, int, str]]:
    """(what, start, end, text) for every span that claims to quote the article text."""
    for i, e in enumerate(extraction.entities):
        yield f"entity {i}", e.start, e.end, e.text
    for i, q in enumerate(extraction.quantities):
        yield f"quantity {i}", q.start, q.end, q.text
    for i, d in enumerate(extraction.dates):
        yield f"date {i}", d.start, d.end, d.text
    for i, c in enumerate(extraction.claims):
        parts: list[tuple[str, TextSpan]] = [("content", c.content)]
        parts += [(f"content fragment {j}", f) for j, f in enumerate(c.content.fragments)]
        if c.cue is not None:
            parts.append(("cue", c.cue))
        for name, span in parts:
            yield f"claim {i} {name}", span.start, span.end, span.text
        if c.speaker is not None:
            yield f"claim {i} speaker", c.speaker.start, c.speaker.end, c.speaker.text


def _sentences(extraction: Extraction) -> Iterator[tuple[str, int, int]]:
    for name in ("entities", "quantities", "dates", "claims"):
        for i, fact in enumerate(getattr(extraction, name)):
            yield f"{name} {i}", fact.sentence_start, fact.sentence_end


def problems(extraction: Extraction) -> Iterator[str]:
    """Yield one line per inconsistency; none means the record can be stored."""
    article = extraction.article
    text = article.text
    actual = sha256_hex(text)
    if article.sha256 != actual:
        yield f"sha256 {article.sha256} does not match the text (its SHA-256 is {actual})"
    for what, start, end, quoted in _spans(extraction):
        if not 0 <= start <= end <= len(text):
            yield f"{what}: offsets {start}-{end} outside the text (length {len(text)})"
        elif text[start:end] != quoted:
            yield f"{what}: text[{start}:{end}] is {text[start:end]!r}, not {quoted!r}"
    for what, start, end in _sentences(extraction):
        if not 0 <= start <= end <= len(text):
            yield f"{what}: sentence offsets {start}-{end} outside the text (length {len(text)})"
    for i, q in enumerate(extraction.quantities):
        for field in ("value", "low", "high", "base_value"):
            number = getattr(q, field)
            if number is not None and not math.isfinite(number):
                yield f"quantity {i}: {field} is {number}"
    if not extraction.extractor_version:
        yield "extractor_version is empty"


def check(extraction: Extraction) -> str:
    """The document id (SHA-256 of the text); StoreError listing what is wrong otherwise."""
    found = list(problems(extraction))
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise StoreError(extraction.article.origin.locator, extraction.article.sha256, found[0] + more)
    return extraction.article.sha256

"""Trace a claim back to its sentence, document and every fetch that produced it.

`trace_claim` gathers the chain as a typed record; `render_trace` writes it as plain
text for a fact-checker, with the claim's content marked [[...]] inside its sentence,
the speaker {{...}} and the cue <<...>>.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from db.engine import Database, one_line
from db.models import Claim, Document, Fetch
from db.rows import utc
from pipeline.errors import QueryError
from schemas import ClaimKind, SourceKind

Span = tuple[int, int]  # offsets inside ClaimTrace.sentence, end exclusive


@dataclass(frozen=True, slots=True)
class FetchTrace:
    """One way the document reached us: a URL fetch, a file, a WARC record, a JSONL record."""

    kind: SourceKind
    locator: str
    url: str | None
    fetched_at: datetime | None
    status: int | None
    content_type: str | None
    redirects: tuple[str, ...]
    path: str | None
    warc_record_id: str | None
    warc_offset: int | None
    record_id: str | None
    raw_sha256: str


@dataclass(frozen=True, slots=True)
class DocumentTrace:
    id: str
    title: str | None
    url: str | None
    canonical_url: str | None
    published: date | None
    published_source: str | None
    sitename: str | None


@dataclass(frozen=True, slots=True)
class ClaimTrace:
    """A claim with its context. `sentence` starts at document offset `sentence_start`
    (widened to the whole claim if it spans sentences); the spans index `sentence`."""

    claim_id: int
    kind: ClaimKind
    speaker: str | None
    speaker_canonical: str | None
    cue: str | None
    content: str  # a quote split by its cue: the fragments joined by " … "
    sentence: str
    sentence_start: int
    claim_span: Span
    content_spans: tuple[Span, ...]
    speaker_span: Span | None
    cue_span: Span | None
    document: DocumentTrace
    fetches: tuple[FetchTrace, ...]
    extractor_version: str


def _fetch(row: Fetch) -> FetchTrace:
    return FetchTrace(SourceKind(row.kind), row.locator, row.url, utc(row.fetched_at), row.status, row.content_type,
                      tuple(row.redirects or ()), row.path, row.warc_record_id, row.warc_offset, row.record_id,
                      row.raw_sha256)


def _relative(start: int | None, end: int | None, origin: int) -> Span | None:
    return None if start is None or end is None else (start - origin, end - origin)


def trace_claim(database: Database, claim_id: int) -> ClaimTrace:
    """The claim `claim_id` and its provenance; QueryError when there is no such claim or
    the database fails (its message, one line)."""
    try:
        return _trace(database, claim_id)
    except SQLAlchemyError as exc:
        raise QueryError(f"claim {claim_id}: {one_line(exc)}") from exc


def _trace(database: Database, claim_id: int) -> ClaimTrace:
    with database.session() as session:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise QueryError(f"no claim with id {claim_id}")
        doc = session.get_one(Document, claim.document_id)
        fetches = session.scalars(select(Fetch).where(Fetch.document_id == doc.id)
                                  .order_by(Fetch.created_at, Fetch.id)).all()
        lo = min(claim.sentence_start, claim.start)
        hi = max(claim.sentence_end, claim.end)
        fragments = claim.content_fragments or [[claim.content_start, claim.content_end]]
        return ClaimTrace(
            claim_id=claim.id,
            kind=ClaimKind(claim.kind),
            speaker=claim.speaker_text,
            speaker_canonical=claim.speaker_canonical,
            cue=claim.cue_text,
            content=" … ".join(doc.text[start:end] for start, end in fragments),
            sentence=doc.text[lo:hi],
            sentence_start=lo,
            claim_span=(claim.start - lo, claim.end - lo),
            content_spans=tuple((start - lo, end - lo) for start, end in fragments),
            speaker_span=_relative(claim.speaker_start, claim.speaker_end, lo),
            cue_span=_relative(claim.cue_start, claim.cue_end, lo),
            document=DocumentTrace(doc.id, doc.title, doc.url, doc.canonical_url, doc.published,
                                   doc.published_source, doc.sitename),
            fetches=tuple(_fetch(f) for f in fetches),
            extractor_version=claim.extractor_version,
        )


def mark(sentence: str, trace: ClaimTrace) -> str:
    """The sentence with content [[..]], speaker {{..}} and cue <<..>> marked; if the
    spans overlap only the content is marked."""
    content = [(start, end, "[[", "]]") for start, end in trace.content_spans]
    roles = [(span, "{{", "}}") for span in (trace.speaker_span,) if span]
    roles += [(span, "<<", ">>") for span in (trace.cue_span,) if span]
    marks = sorted(content + [(start, end, opening, closing) for (start, end), opening, closing in roles])
    if any(a[1] > b[0] for a, b in pairwise(marks)):
        marks = sorted(content)
    out, at = [], 0
    for start, end, opening, closing in marks:
        out += [sentence[at:start], opening, sentence[start:end], closing]
        at = end
    out.append(sentence[at:])
    return "".join(out)


def _fetch_lines(number: int, fetch: FetchTrace) -> list[str]:
    lines = [f"  {number}. {fetch.kind}  {fetch.locator}"]
    if fetch.kind is SourceKind.URL or fetch.fetched_at or fetch.status is not None:
        when = fetch.fetched_at.strftime("%Y-%m-%d %H:%M:%S UTC") if fetch.fetched_at else "time unknown"
        status = f"HTTP {fetch.status}" if fetch.status is not None else "no HTTP status"
        lines.append(f"     fetched {when}, {status}" + (f", {fetch.content_type}" if fetch.content_type else ""))
    if fetch.url and fetch.url != fetch.locator:
        lines.append(f"     url        {fetch.url}")
    if fetch.redirects:
        lines.append(f"     redirects  {' -> '.join(fetch.redirects)}")
    if fetch.kind is SourceKind.WARC:
        lines.append(f"     WARC file  {fetch.path or '?'}, record {fetch.warc_record_id or '?'} "
                     f"at offset {fetch.warc_offset if fetch.warc_offset is not None else '?'}")
    elif fetch.path and fetch.path != fetch.locator:
        lines.append(f"     file       {fetch.path}")
    if fetch.record_id:
        lines.append(f"     record id  {fetch.record_id}")
    lines.append(f"     raw bytes SHA-256  {fetch.raw_sha256}")
    return lines


def render_trace(trace: ClaimTrace) -> str:
    """Plain text, top to bottom: claim, marked sentence, document, sources, extractor."""
    doc = trace.document
    speaker = trace.speaker or "(no speaker given)"
    if trace.speaker and trace.speaker_canonical and trace.speaker_canonical != trace.speaker:
        speaker += f"  ({trace.speaker_canonical})"
    start = trace.sentence_start
    lines = [
        f"Claim {trace.claim_id}  ({trace.kind.value.replace('_', ' ')})",
        f"  speaker    {speaker}",
        f"  cue        {trace.cue or '-'}",
        f"  content    {trace.content}",
        "",
        f"Sentence (characters {start}-{start + len(trace.sentence)} of the document text; "
        "[[content]] {{speaker}} <<cue>>):",
        f"  {mark(trace.sentence, trace).strip()}",
        "",
        f"Document  {doc.id}",
        f"  title      {doc.title or '-'}",
        f"  url        {doc.url or '-'}",
    ]
    if doc.canonical_url and doc.canonical_url != doc.url:
        lines.append(f"  canonical  {doc.canonical_url}")
    if doc.sitename:
        lines.append(f"  site       {doc.sitename}")
    published = doc.published.isoformat() if doc.published else "unknown"
    if doc.published and doc.published_source:
        published += f"  (from {doc.published_source})"
    lines += [f"  published  {published}", "", f"How it got here ({len(trace.fetches)} source(s)):"]
    for number, fetch in enumerate(trace.fetches, 1):
        lines += _fetch_lines(number, fetch)
    lines += ["", f"Extracted by  {trace.extractor_version}"]
    return "\n".join(lines)

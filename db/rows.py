"""Records -> table rows: plain dicts for the writer's bulk inserts, one function per table.

Pure functions (no database) so the mapping is testable on its own; `links` finds the
facts a claim contains.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from schemas import Article, Claim, Entity, Origin, Quantity, SourceKind, TimeExpression

Row = dict[str, Any]
Range = tuple[int, int]


def utc(moment: datetime | None) -> datetime | None:
    """Aware UTC (naive means UTC): SQLite keeps no offset, so store one convention."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def document_row(article: Article, version: str, now: datetime) -> Row:
    return {
        "id": article.sha256,
        "text": article.text,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "published_source": article.published_source,
        "language": article.language,
        "sitename": article.sitename,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "blocks": [[b.start, b.end, str(b.kind)] for b in article.blocks],
        "extractor_version": version,
        "created_at": now,
        "updated_at": now,
    }


def source_key(origin: Origin) -> str:
    """What identifies a source whatever way the user named it (relative or absolute path,
    a JSONL line that moved): file path, WARC file@offset, JSONL file#record id, or URL."""
    if origin.kind is SourceKind.WARC:
        return f"{origin.path or origin.locator}@{origin.warc_offset}"
    if origin.kind is SourceKind.JSONL:
        return f"{origin.path or '-'}#{origin.record_id}"
    if origin.kind is SourceKind.FILE:
        return origin.path or origin.locator
    return origin.locator


def fetch_row(document_id: str, article: Article, now: datetime) -> Row:
    origin = article.origin
    return {
        "document_id": document_id,
        "kind": origin.kind,
        "locator": origin.locator,
        "source_key": source_key(origin),
        "url": origin.url,
        "published": article.published,
        "fetched_at": utc(origin.fetched_at),
        "status": origin.status,
        "content_type": origin.content_type,
        "redirects": list(origin.redirects),
        "path": origin.path,
        "warc_record_id": origin.warc_record_id,
        "warc_offset": origin.warc_offset,
        "record_id": origin.record_id,
        "raw_sha256": origin.raw_sha256,
        "created_at": now,
    }


def _fact(document_id: str, fact: Entity | Quantity | TimeExpression | Claim, version: str) -> Row:
    return {"document_id": document_id, "start": fact.start, "end": fact.end,
            "sentence_start": fact.sentence_start, "sentence_end": fact.sentence_end, "extractor_version": version}


def mention_rows(document_id: str, entities: Sequence[Entity], entity_ids: Mapping[tuple[str, str], int],
                 version: str) -> list[Row]:
    return [{**_fact(document_id, e, version), "entity_id": entity_ids[(e.canonical, e.label)], "text": e.text,
             "label": e.label} for e in entities]


def sentence_dates(dates: Sequence[TimeExpression]) -> dict[int, str]:
    """Sentence start -> the value of the sentence's first DATE/TIME: the date context of the
    quantities and claims in that sentence."""
    context: dict[int, str] = {}
    for d in sorted(dates, key=lambda d: d.start):
        if d.type in ("DATE", "TIME") and d.value:
            context.setdefault(d.sentence_start, d.value)
    return context


def quantity_rows(document_id: str, quantities: Sequence[Quantity], context: Mapping[int, str],
                  version: str) -> list[Row]:
    return [{**_fact(document_id, q, version), "text": q.text, "value": q.value, "low": q.low, "high": q.high,
             "unit": q.unit, "kind": q.kind, "base_value": q.base_value, "base_unit": q.base_unit,
             "approximate": q.approximate, "subject": q.subject, "direction": q.direction,
             "date_context": context.get(q.sentence_start)} for q in quantities]


def date_rows(document_id: str, dates: Sequence[TimeExpression], version: str) -> list[Row]:
    return [{**_fact(document_id, d, version), "text": d.text, "type": d.type, "value": d.value, "mod": d.mod,
             "resolved_start": d.resolved_start, "resolved_end": d.resolved_end, "granularity": d.granularity}
            for d in dates]


def claim_row(document_id: str, claim: Claim, speaker_entity_id: int | None, context: Mapping[int, str],
              version: str) -> Row:
    speaker, cue, content, hedge = claim.speaker, claim.cue, claim.content, claim.hedge
    return {
        **_fact(document_id, claim, version),
        "kind": claim.kind,
        "speaker_start": speaker.start if speaker else None,
        "speaker_end": speaker.end if speaker else None,
        "speaker_text": speaker.text if speaker else None,
        "speaker_canonical": speaker.canonical if speaker else None,
        "speaker_entity_id": speaker_entity_id,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "cue_text": cue.text if cue else None,
        "content_start": content.start,
        "content_end": content.end,
        "content_text": content.text,
        "content_fragments": [[f.start, f.end] for f in content.fragments] or None,
        "hedge_start": hedge.start if hedge else None,
        "hedge_end": hedge.end if hedge else None,
        "hedge_text": hedge.text if hedge else None,
        "date_context": context.get(claim.sentence_start),
    }


def content_ranges(claim: Claim) -> list[Range]:
    """The character ranges of a claim's content: its fragments, or the content span."""
    fragments = claim.content.fragments
    return [(f.start, f.end) for f in fragments] if fragments else [(claim.content.start, claim.content.end)]


def links(claim: Claim, facts: Sequence[Range]) -> list[int]:
    """Indexes of the `facts` whose span lies inside the claim's content (any fragment)."""
    ranges = content_ranges(claim)
    return [i for i, (start, end) in enumerate(facts) if any(lo <= start and end <= hi for lo, hi in ranges)]


def speaker_entity(claim: Claim, entities: Sequence[Entity]) -> int | None:
    """Index of the entity mention naming the claim's speaker: one overlapping the speaker
    span with the speaker's canonical name, else any with that canonical name, else any
    overlapping the span; None when there is none."""
    speaker = claim.speaker
    if speaker is None:
        return None
    overlapping = [i for i, e in enumerate(entities) if e.start < speaker.end and speaker.start < e.end]
    same_name = [i for i, e in enumerate(entities) if speaker.canonical and e.canonical == speaker.canonical]
    for i in overlapping:
        if i in same_name:
            return i
    return next(iter(same_name or overlapping), None)

"""The JSON output contract: one object per document, validated by extraction.schema.json."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from schemas.records import Claim, Extraction, Origin, TextSpan

_FACT_FIELDS = {
    "entities": ("start", "end", "text", "label", "canonical"),
    "quantities": ("start", "end", "text", "value", "low", "high", "unit", "kind", "approximate",
                   "subject", "base_value", "base_unit", "direction"),
    "dates": ("start", "end", "text", "type", "value", "mod", "resolved_start", "resolved_end", "granularity"),
}


@cache
def schema() -> dict[str, Any]:
    return json.loads(resources.files("schemas").joinpath("extraction.schema.json").read_text("utf-8"))


def validate(obj: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `obj` breaks the contract."""
    import jsonschema

    jsonschema.validate(obj, schema())


def _span(span: TextSpan) -> dict[str, Any]:
    out: dict[str, Any] = {"start": span.start, "end": span.end, "text": span.text}
    if span.fragments:
        out["fragments"] = [{"start": f.start, "end": f.end, "text": f.text} for f in span.fragments]
    return out


def _claim(claim: Claim) -> dict[str, Any]:
    speaker = claim.speaker
    return {
        "start": claim.start,
        "end": claim.end,
        "kind": str(claim.kind),
        "speaker": None if speaker is None else {
            "start": speaker.start, "end": speaker.end, "text": speaker.text, "canonical": speaker.canonical,
        },
        "cue": None if claim.cue is None else _span(claim.cue),
        "content": _span(claim.content),
        "hedge": None if claim.hedge is None else _span(claim.hedge),
    }


def _source(origin: Origin) -> dict[str, Any]:
    out = asdict(origin)
    out["kind"] = str(origin.kind)
    out["redirects"] = list(origin.redirects)
    out["fetched_at"] = origin.fetched_at.isoformat() if origin.fetched_at else None
    return out


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def to_json(extraction: Extraction) -> dict[str, Any]:
    """The contract object for one extraction (JSON-ready: plain dicts, lists, str, numbers)."""
    art = extraction.article
    out: dict[str, Any] = {
        "id": art.id,
        "sha256": art.sha256,
        "url": art.url,
        "canonical_url": art.canonical_url,
        "title": art.title,
        "author": art.author,
        "published": art.published.isoformat() if art.published else None,
        "published_source": art.published_source,
        "language": art.language,
        "sitename": art.sitename,
        "text": art.text,
        "blocks": [{"start": b.start, "end": b.end, "kind": str(b.kind)} for b in art.blocks],
        "source": _source(art.origin),
        "extractor_version": extraction.extractor_version,
    }
    for name, fields in _FACT_FIELDS.items():
        out[name] = [{f: _plain(getattr(fact, f)) for f in fields} for fact in getattr(extraction, name)]
    out["claims"] = [_claim(c) for c in extraction.claims]
    return out

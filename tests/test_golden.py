"""Golden test: the seed article page against facts a careful reader wrote down by hand
(fixtures/expected/rare-earth-talks.json)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from pipeline.clean import clean
from schemas import Article, Origin, RawDocument, RawFormat, SourceKind

from .conftest import FIXTURES, SEED_HTML

EXPECTED = json.loads((FIXTURES / "expected" / "rare-earth-talks.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def article(settings) -> Article:
    raw = RawDocument(Origin(SourceKind.FILE, str(SEED_HTML), "0" * 64, path=str(SEED_HTML)),
                      SEED_HTML.read_text("utf-8"), RawFormat.HTML)
    result = clean(raw, settings)
    assert isinstance(result, Article), result
    return result


@pytest.fixture(scope="module")
def extraction(article, extractor):
    return extractor.extract(article)


def _block_kind(article: Article, start: int) -> str | None:
    return next((str(b.kind) for b in article.blocks if b.start <= start < b.end), None)


def test_metadata(article):
    meta = EXPECTED["metadata"]
    for field in ("title", "author", "sitename", "canonical_url", "language"):
        assert getattr(article, field) == meta[field], field
    assert article.published.isoformat() == meta["published"]
    assert article.text.startswith(meta["text_starts"])
    for piece in meta["text_contains"]:
        assert piece in article.text
    for piece in meta["text_excludes"]:
        assert piece not in article.text
    kinds = {article.text[b.start:b.end]: str(b.kind) for b in article.blocks}
    for text in meta["heading_blocks"]:
        assert kinds.get(text) == "heading", text
    for text in meta["table_cell_blocks"]:
        assert kinds.get(text) == "table_cell", text


def test_entities(extraction):
    spec = EXPECTED["entities"]
    found = {(e.text, e.label, e.canonical) for e in extraction.entities}
    missing = [r for r in spec["required"] if (r["text"], r["label"], r["canonical"]) not in found]
    assert not missing, f"missing entities: {missing}"
    for bad in spec["forbidden"]:
        hits = [e for e in extraction.entities if e.text == bad["text"] and e.label == bad.get("label", e.label)]
        assert not hits, f"{bad['text']!r} ({bad['why']}): {hits}"
    for e in extraction.entities:
        kind = _block_kind(extraction.article, e.start)
        allowed = spec["labels_allowed_in_blocks"].get(kind)
        assert allowed is None or e.label in allowed, f"{e.label} {e.text!r} in a {kind} block"


def test_quantities(extraction):
    expected = EXPECTED["quantities"]
    got = sorted(extraction.quantities, key=lambda q: q.start)
    assert Counter(q.text for q in got) == Counter(q["text"] for q in expected)
    by_text: dict[str, list] = {}
    for q in got:
        by_text.setdefault(q.text, []).append(q)
    for exp in expected:
        q = by_text[exp["text"]].pop(0)
        for field in ("value", "low", "high", "unit", "kind", "approximate"):
            assert getattr(q, field) == exp[field], (exp["text"], field, getattr(q, field))
        if "subject_contains" in exp:
            assert q.subject and exp["subject_contains"] in q.subject, (exp["text"], q.subject)


def test_dates(extraction):
    got = sorted(extraction.dates, key=lambda d: d.start)
    assert [(d.text, d.type, d.value, d.mod) for d in got] == [
        (d["text"], d["type"], d["value"], d["mod"]) for d in EXPECTED["dates"]
    ]


def _matches(claim, spec) -> bool:
    speaker = claim.speaker
    if "speaker" in spec:
        if spec["speaker"] is None and speaker is not None:
            return False
        if spec["speaker"] is not None and (speaker is None or speaker.text != spec["speaker"]):
            return False
    if "speaker_canonical" in spec and (speaker is None or speaker.canonical != spec["speaker_canonical"]):
        return False
    if "speaker_contains" in spec and (speaker is None or spec["speaker_contains"] not in speaker.text):
        return False
    if "cue" in spec and (claim.cue is None or claim.cue.text != spec["cue"]):
        return False
    return str(claim.kind) == spec["kind"] and spec["content_contains"] in claim.content.text


def test_claims(extraction):
    spec = EXPECTED["claims"]
    missing = [s for s in spec["required"] if not any(_matches(c, s) for c in extraction.claims)]
    assert not missing, f"missing claims: {missing}\nfound: {extraction.claims}"
    for c in extraction.claims:
        assert _block_kind(extraction.article, c.content.start) not in spec["no_claims_in_blocks"], c


def test_every_fact_sits_inside_its_trimmed_sentence(extraction):
    text = extraction.article.text
    facts = [*extraction.entities, *extraction.quantities, *extraction.dates, *extraction.claims]
    assert facts
    for fact in facts:
        sentence = text[fact.sentence_start:fact.sentence_end]
        assert sentence and sentence == sentence.strip(), fact
        assert fact.sentence_start <= fact.start < fact.sentence_end, fact

"""Tracing a claim: the typed chain, and the plain text a fact-checker reads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from db import render_trace, store, trace_claim
from db.models import Claim
from pipeline.errors import QueryError
from schemas import ClaimKind, SourceKind
from schemas.digest import sha256_hex

from .conftest import BACKENDS
from .dbrecords import SENTENCES, TEXT, URL, VERSION, extraction, origin

WARC = origin(SourceKind.WARC, "crawl/CC-NEWS-1.warc.gz@1234", raw=b"HTTP/1.1 200 OK\r\n\r\n<html>seed page</html>")


@pytest.fixture
def claim_ids(database) -> dict[str, int]:
    store(database, extraction())
    store(database, extraction(source=WARC))
    with database.session() as session:
        return {c.content_text: c.id for c in session.scalars(select(Claim))}


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_trace_holds_the_whole_chain(database, claim_ids):
    trace = trace_claim(database, claim_ids["We have made real progress,"])
    assert (trace.kind, trace.speaker, trace.speaker_canonical, trace.cue) == (
        ClaimKind.DIRECT_QUOTE, "Greer", "Jamieson Greer", "said")
    assert trace.sentence == SENTENCES[1] and TEXT[trace.sentence_start:].startswith(SENTENCES[1])
    spans = {name: trace.sentence[s:e] for name, (s, e) in
             {"content": trace.content_spans[0], "speaker": trace.speaker_span, "cue": trace.cue_span}.items()}
    assert spans == {"content": "We have made real progress,", "speaker": "Greer", "cue": "said"}
    assert trace.sentence[slice(*trace.claim_span)] == "\u201cWe have made real progress,\u201d Greer said"
    assert (trace.document.url, trace.document.published.isoformat(), trace.document.published_source) == (
        URL, "2025-08-04", "json-ld")
    assert trace.document.id == sha256_hex(TEXT) and trace.extractor_version == VERSION
    url, warc = trace.fetches
    assert (url.kind, url.status, url.fetched_at, url.raw_sha256) == (
        SourceKind.URL, 200, datetime(2025, 8, 5, 10, 30, tzinfo=UTC), extraction().article.origin.raw_sha256)
    assert url.redirects == ("http://news.example/rare", URL)
    assert (warc.kind, warc.path, warc.warc_offset, warc.warc_record_id, warc.raw_sha256) == (
        SourceKind.WARC, WARC.path, 1234, WARC.warc_record_id, WARC.raw_sha256)


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_rendered_trace_marks_the_claim_in_its_sentence(database, claim_ids):
    out = render_trace(trace_claim(database, claim_ids["We have made real progress,"]))
    assert "\u201c[[We have made real progress,]]\u201d {{Greer}} <<said>> on Tuesday." in out
    assert "Greer  (Jamieson Greer)" in out
    for expected in (URL, "2025-08-04  (from json-ld)", "fetched 2025-08-05 10:30:00 UTC, HTTP 200",
                     "redirects  http://news.example/rare -> " + URL,
                     f"WARC file  crawl/CC-NEWS-1.warc.gz, record {WARC.warc_record_id} at offset 1234",
                     f"raw bytes SHA-256  {WARC.raw_sha256}", f"Extracted by  {VERSION}", "2 source(s)"):
        assert expected in out, expected


def test_a_split_quote_marks_each_fragment(database, claim_ids):
    [split] = [i for text, i in claim_ids.items() if text.startswith("Tariffs")]
    trace = trace_claim(database, split)
    assert len(trace.content_spans) == 2
    assert ("\u201c[[Tariffs,]]\u201d {{Greer}} <<said>>, \u201c[[are off the table until August.]]\u201d"
            in render_trace(trace))


def test_a_claim_without_a_named_speaker(database, claim_ids):
    out = render_trace(trace_claim(database, claim_ids["output will rise by 30-50% in 2026"]))
    assert "<<According to>> {{the ministry}}, [[output will rise by 30-50% in 2026]]." in out
    assert "speaker    the ministry\n" in out


def test_an_unknown_claim_id_is_a_query_error(database):
    with pytest.raises(QueryError, match="no claim with id 424242"):
        trace_claim(database, 424242)

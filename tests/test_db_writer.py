"""The writer: idempotent, versioned, one transaction per document, safe under concurrency."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

import db.writer
from db import StoreStatus, Writer, open_database, store
from db.entities import entity_ids
from db.models import (
    Claim,
    DateMention,
    Document,
    Entity,
    EntityMention,
    Fetch,
    Quantity,
    claim_dates,
    claim_entities,
    claim_quantities,
)
from pipeline.errors import StoreError
from schemas import SourceKind

from .conftest import BACKENDS
from .dbrecords import counts, extraction, origin, other_extraction, with_version


def _rows(database, statement):
    with database.engine.connect() as connection:
        return connection.execute(statement).all()


def _scalar(database, statement):
    with database.engine.connect() as connection:
        return connection.execute(statement).scalar_one()


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_store_writes_document_fetch_and_facts(database):
    ex = extraction()
    result = store(database, ex)
    assert result.status is StoreStatus.NEW and result.fetch_added
    assert (result.entities, result.quantities, result.dates, result.claims) == (7, 3, 6, 3)
    assert result.document_id == ex.article.sha256
    assert counts(database) == {"documents": 1, "entities": 5, "fetches": 1, "entity_mentions": 7,
                                "quantities": 3, "dates": 6, "claims": 3}
    doc = _rows(database, select(Document.text, Document.published, Document.blocks, Document.extractor_version))[0]
    assert doc.text == ex.article.text and doc.published == ex.article.published
    assert doc.blocks == [[b.start, b.end, str(b.kind)] for b in ex.article.blocks]
    assert doc.extractor_version == ex.extractor_version
    fetch = _rows(database, select(Fetch))[0]
    assert (fetch.kind, fetch.locator, fetch.status, fetch.raw_sha256) == (
        "url", ex.article.origin.locator, 200, ex.article.origin.raw_sha256)
    assert fetch.redirects == list(ex.article.origin.redirects)
    # Every fact row quotes the document text at its offsets.
    for start, end, quoted in _rows(database, select(EntityMention.start, EntityMention.end, EntityMention.text)):
        assert ex.article.text[start:end] == quoted


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_claims_link_the_facts_inside_their_content(database):
    store(database, extraction())
    claims = {c.content_text: c for c in _rows(database, select(Claim))}
    greer = _scalar(database, select(Entity.id).where(Entity.canonical == "Jamieson Greer"))
    progress = claims["We have made real progress,"]
    outlook = claims["output will rise by 30-50% in 2026"]
    split = next(c for c in claims.values() if c.content_fragments)
    assert progress.speaker_entity_id == greer and split.speaker_entity_id == greer
    assert outlook.speaker_entity_id is None and outlook.speaker_text == "the ministry"
    assert len(split.content_fragments) == 2

    def linked(table, fact_table, column):
        return {row[0]: set(row[1:]) for row in _rows(database, select(
            table.c.claim_id, fact_table.c.text).join(fact_table, fact_table.c.id == table.c[column]))}

    dates = linked(claim_dates, DateMention.__table__, "date_id")
    quantities = linked(claim_quantities, Quantity.__table__, "quantity_id")
    mentions = linked(claim_entities, EntityMention.__table__, "mention_id")
    assert dates == {outlook.id: {"2026"}, split.id: {"August"}}
    assert quantities == {outlook.id: {"30-50%"}}
    assert mentions == {}  # "Greer" sits between the two quoted fragments, not inside them


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_storing_again_adds_nothing(database):
    ex = extraction()
    store(database, ex)
    before = counts(database)
    again = store(database, ex)
    assert again.status is StoreStatus.UNCHANGED and not again.fetch_added
    assert (again.entities, again.quantities, again.dates, again.claims, again.links) == (0, 0, 0, 0, 0)
    assert counts(database) == before


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_each_new_origin_of_the_same_text_is_its_own_fetch(database):
    store(database, extraction())
    warc = store(database, extraction(source=origin(SourceKind.WARC, "crawl/CC-NEWS-1.warc.gz@1234")))
    refetch = store(database, extraction(source=origin(raw=b"<html>seed page, new ad slot</html>")))
    again = store(database, extraction(source=origin(raw=b"<html>seed page, new ad slot</html>")))
    assert [r.status for r in (warc, refetch, again)] == [StoreStatus.UNCHANGED] * 3
    assert [r.fetch_added for r in (warc, refetch, again)] == [True, True, False]
    assert counts(database)["documents"] == 1 and counts(database)["claims"] == 3
    kinds = sorted(row.kind for row in _rows(database, select(Fetch.kind)))
    assert kinds == ["url", "url", "warc"]


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_new_extractor_version_replaces_the_facts(database):
    first = extraction()
    store(database, first)
    old_ids = {row.id for row in _rows(database, select(Claim.id))}
    created = _scalar(database, select(Document.created_at))
    fewer = with_version(replace(first, quantities=first.quantities[:1], claims=first.claims[:2]), "v2")
    result = store(database, fewer)
    assert result.status is StoreStatus.REPLACED and not result.fetch_added
    assert (result.quantities, result.claims) == (1, 2)
    after = counts(database)
    assert (after["documents"], after["fetches"], after["quantities"], after["claims"]) == (1, 1, 1, 2)
    assert after["entity_mentions"] == 7 and after["dates"] == 6
    assert {row.id for row in _rows(database, select(Claim.id))}.isdisjoint(old_ids)
    for model in (EntityMention, Quantity, Claim):
        assert {row[0] for row in _rows(database, select(model.extractor_version))} == {"v2"}
    doc = _rows(database, select(Document.extractor_version, Document.created_at, Document.updated_at))[0]
    assert doc.extractor_version == "v2" and doc.created_at == created and doc.updated_at >= created
    assert store(database, fewer).status is StoreStatus.UNCHANGED


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_a_failing_document_leaves_nothing_and_earlier_ones_intact(database):
    store(database, other_extraction(1))
    before = counts(database)
    ex = extraction()
    broken = replace(ex.quantities[1], kind=None)  # NOT NULL: fails after document, mentions, first facts
    bad = replace(ex, entities=ex.entities, quantities=(ex.quantities[0], broken, ex.quantities[2]))
    with pytest.raises(StoreError) as caught:
        store(database, bad)
    assert caught.value.document_id == ex.article.sha256
    assert caught.value.locator == ex.article.origin.locator and "\n" not in str(caught.value)
    assert counts(database) == before
    assert _scalar(database, select(func.count()).select_from(Entity).where(Entity.canonical == "Geneva")) == 0
    assert store(database, ex).status is StoreStatus.NEW  # the same document, fixed, goes in whole


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_failure_while_writing_claims_rolls_back_the_document(database, monkeypatch):
    store(database, other_extraction(1))
    before = counts(database)
    real = db.writer._insert_ids

    def failing(connection, table, values):
        if table is db.writer.CLAIMS:
            raise OperationalError("INSERT INTO claims ...", {}, Exception("server closed the connection"))
        return real(connection, table, values)

    monkeypatch.setattr(db.writer, "_insert_ids", failing)
    with Writer(database) as writer:
        with pytest.raises(StoreError, match="server closed the connection"):
            writer.store(extraction())
        assert counts(database) == before
        monkeypatch.setattr(db.writer, "_insert_ids", real)
        assert writer.store(extraction()).status is StoreStatus.NEW  # the writer's connection is still usable


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_a_failed_replace_keeps_the_stored_version(database):
    ex = extraction()
    store(database, ex)
    before = counts(database)
    bad = with_version(replace(ex, quantities=(replace(ex.quantities[0], kind=None),)), "v2")
    with pytest.raises(StoreError):
        store(database, bad)
    assert counts(database) == before
    assert {r[0] for r in _rows(database, select(Claim.extractor_version))} == {ex.extractor_version}


def test_records_that_do_not_match_their_text_are_refused(database):
    ex = extraction()
    cases = {
        "sha256": replace(ex, article=replace(ex.article, sha256="0" * 64)),
        "not 'Greer'": replace(ex, entities=(replace(ex.entities[1], text="Greer"),)),
        "outside the text": replace(ex, dates=(replace(ex.dates[0], end=10_000),)),
        "value is nan": replace(ex, quantities=(replace(ex.quantities[0], value=float("nan")),)),
    }
    for expected, bad in cases.items():
        with pytest.raises(StoreError, match=expected):
            store(database, bad)
    assert counts(database)["documents"] == 0


def test_a_writer_goes_on_after_a_document_that_failed(database):
    good, bad = other_extraction(1), other_extraction(2)
    bad = replace(bad, entities=(replace(bad.entities[0], label=None),))
    with Writer(database) as writer:
        assert writer.store(good).status is StoreStatus.NEW
        with pytest.raises(StoreError) as failed:
            writer.store(bad)
        assert failed.value.locator == "reports/2.txt"
        assert writer.store(other_extraction(3)).status is StoreStatus.NEW
    assert counts(database)["documents"] == 2


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_canonical_entities_are_shared_across_documents(database):
    for n in range(3):
        store(database, other_extraction(n))
    store(database, extraction())
    rows = _rows(database, select(Entity.canonical, Entity.label).order_by(Entity.canonical))
    assert len(rows) == len(set(rows))
    greer = _scalar(database, select(Entity.id).where(Entity.canonical == "Jamieson Greer"))
    assert _scalar(database, select(func.count()).select_from(EntityMention)
                   .where(EntityMention.entity_id == greer)) == 3 + 3


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_parallel_writers_share_new_entities_without_failing(db_url):
    """Four writers, each with its own engine, store documents that all create the same
    new canonical entities at the same time."""
    open_database(db_url).close()
    docs = [other_extraction(n, canonical=f"Shared Person {n % 2}") for n in range(12)]

    def run(share):
        with open_database(db_url) as database:
            return [store(database, ex).status for ex in share]

    with ThreadPoolExecutor(4) as pool:
        statuses = [s for part in pool.map(run, [docs[i::4] for i in range(4)]) for s in part]
    assert statuses == [StoreStatus.NEW] * 12
    with open_database(db_url) as database:
        names = [r.canonical for r in _rows(database, select(Entity.canonical).order_by(Entity.canonical))]
        assert names == ["Brussels", "Shared Person 0", "Shared Person 1"]
        assert counts(database)["entity_mentions"] == 24


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_two_writers_storing_the_same_document_at_once(db_url):
    open_database(db_url).close()
    ex = extraction()

    def run(_):
        with open_database(db_url) as database:
            return store(database, ex).status

    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(run, range(2)))
    assert statuses == sorted([StoreStatus.NEW, StoreStatus.UNCHANGED])
    with open_database(db_url) as database:
        assert counts(database)["claims"] == 3 and counts(database)["fetches"] == 1


@pytest.mark.parametrize("db_url", [BACKENDS[1]], indirect=True)
def test_get_or_create_waits_for_a_concurrent_insert_of_the_same_entity(db_url):
    """PostgreSQL: transaction A inserts a new canonical entity and holds it uncommitted;
    B's get-or-create must wait for A (seen in pg_stat_activity), then return A's row."""
    key = ("Concurrent Canonical", "PERSON")
    with open_database(db_url) as database:
        engine = database.engine
        with engine.connect() as a:
            a.begin()
            a_id = entity_ids(a, [key])[key]
            a_pid = a.execute(text("SELECT pg_backend_pid()")).scalar_one()
            found: dict[str, object] = {}

            def b_side():
                with engine.connect() as b, b.begin():
                    found["id"] = entity_ids(b, [key])[key]

            thread = threading.Thread(target=b_side)
            thread.start()
            waiting = text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")
            for _ in range(200):
                with engine.connect() as probe:
                    if probe.execute(waiting, {"pid": a_pid}).scalar_one():
                        break
                time.sleep(0.05)
            else:
                pytest.fail("the second transaction never waited on the first")
            a.commit()
            thread.join(30)
        assert found["id"] == a_id
        assert _scalar(database, select(func.count()).select_from(Entity).where(Entity.canonical == key[0])) == 1

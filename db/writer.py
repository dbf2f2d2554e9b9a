"""Store extractions: one transaction per document, idempotent, versioned.

A document is keyed by the SHA-256 of its text. Storing it again with the same extractor
version writes nothing but a fetch row for an origin not seen before; a different
extractor version replaces the document's facts in the same transaction. Any failure
rolls back the whole document (raised as StoreError), and documents stored before it
stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from db import checks, rows, sqlite
from db.engine import Database, one_line
from db.entities import entity_ids
from db.upsert import insert_ignore
from db.models import (
    Claim,
    DateMention,
    Document,
    EntityMention,
    Fetch,
    Quantity,
    claim_dates,
    claim_entities,
    claim_quantities,
)
from pipeline.errors import StoreError
from schemas import Extraction

DOCUMENTS: Table = Document.__table__
FETCHES: Table = Fetch.__table__
MENTIONS: Table = EntityMention.__table__
QUANTITIES: Table = Quantity.__table__
DATES: Table = DateMention.__table__
CLAIMS: Table = Claim.__table__
LINKS: tuple[Table, ...] = (claim_entities, claim_quantities, claim_dates)
FETCH_KEY = ("document_id", "kind", "source_key", "raw_sha256")


class StoreStatus(StrEnum):
    NEW = "new"  # first time this text was stored
    UNCHANGED = "unchanged"  # already stored by this extractor version: no fact rows written
    REPLACED = "replaced"  # stored by another extractor version: its facts were replaced


@dataclass(frozen=True, slots=True)
class StoreResult:
    """What one `store` did; the counts are rows written by this call."""

    document_id: str
    locator: str
    status: StoreStatus
    fetch_added: bool
    entities: int = 0
    quantities: int = 0
    dates: int = 0
    claims: int = 0
    links: int = 0


@dataclass(frozen=True, slots=True)
class _Counts:
    entities: int = 0
    quantities: int = 0
    dates: int = 0
    claims: int = 0
    links: int = 0


def _insert_ids(connection: Connection, table: Table, values: list[dict[str, Any]]) -> list[int]:
    """Bulk insert; the new ids in the order of `values`."""
    if not values:
        return []
    if connection.dialect.insert_executemany_returning_sort_by_parameter_order:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(connection.execute(statement, values).scalars())
    return [connection.execute(insert(table).values(v)).inserted_primary_key[0] for v in values]


def _delete_facts(connection: Connection, document_id: str) -> None:
    """The document's facts; their claim links go with them (ON DELETE CASCADE)."""
    for table in (CLAIMS, MENTIONS, QUANTITIES, DATES):
        connection.execute(delete(table).where(table.c.document_id == document_id))


def _write_facts(connection: Connection, extraction: Extraction, document_id: str) -> _Counts:
    version = extraction.extractor_version
    entities = extraction.entities
    ids = entity_ids(connection, ((e.canonical, e.label) for e in entities))
    mention_ids = _insert_ids(connection, MENTIONS, rows.mention_rows(document_id, entities, ids, version))
    context = rows.sentence_dates(extraction.dates)
    quantity_ids = _insert_ids(connection, QUANTITIES,
                               rows.quantity_rows(document_id, extraction.quantities, context, version))
    date_ids = _insert_ids(connection, DATES, rows.date_rows(document_id, extraction.dates, version))

    claim_values = []
    for claim in extraction.claims:
        speaker = rows.speaker_entity(claim, entities)
        entity_id = None if speaker is None else ids[(entities[speaker].canonical, entities[speaker].label)]
        claim_values.append(rows.claim_row(document_id, claim, entity_id, context, version))
    claim_ids = _insert_ids(connection, CLAIMS, claim_values)

    targets = (
        (claim_entities, "mention_id", mention_ids, entities),
        (claim_quantities, "quantity_id", quantity_ids, extraction.quantities),
        (claim_dates, "date_id", date_ids, extraction.dates),
    )
    linked = 0
    for table, column, fact_ids, facts in targets:
        spans = [(f.start, f.end) for f in facts]
        values = [{"claim_id": claim_id, column: fact_ids[i]}
                  for claim, claim_id in zip(extraction.claims, claim_ids, strict=True)
                  for i in rows.links(claim, spans)]
        if values:
            connection.execute(insert(table), values)
        linked += len(values)
    return _Counts(len(mention_ids), len(quantity_ids), len(date_ids), len(claim_ids), linked)


def _write(connection: Connection, extraction: Extraction, document_id: str) -> StoreResult:
    """The body of one document's transaction."""
    article = extraction.article
    version = extraction.extractor_version
    now = datetime.now(UTC)
    document = rows.document_row(article, version, now)
    if insert_ignore(connection, DOCUMENTS, [document], ["id"]):
        status, counts = StoreStatus.NEW, _write_facts(connection, extraction, document_id)
    else:
        stored = connection.execute(
            select(DOCUMENTS.c.extractor_version).where(DOCUMENTS.c.id == document_id).with_for_update()
        ).scalar_one()
        if stored == version:
            status, counts = StoreStatus.UNCHANGED, _Counts()
        else:
            _delete_facts(connection, document_id)
            changes = {k: v for k, v in document.items() if k not in ("id", "text", "created_at")}
            connection.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == document_id).values(changes))
            status, counts = StoreStatus.REPLACED, _write_facts(connection, extraction, document_id)
    fetch_added = insert_ignore(connection, FETCHES, [rows.fetch_row(document_id, article, now)], FETCH_KEY) > 0
    return StoreResult(document_id, article.origin.locator, status, fetch_added, counts.entities, counts.quantities,
                       counts.dates, counts.claims, counts.links)


class Writer:
    """Stores documents over one connection kept for the run; each document is its own
    transaction (BEGIN IMMEDIATE on SQLite, so concurrent writers queue)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: Connection | None = None

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _connect(self) -> Connection:
        if self._connection is None or self._connection.closed:
            self._connection = self.database.engine.connect().execution_options(**sqlite.WRITE)
        return self._connection

    def store(self, extraction: Extraction) -> StoreResult:
        """Write one document and its facts, or nothing of it (StoreError)."""
        document_id = checks.check(extraction)
        locator = extraction.article.origin.locator
        try:
            connection = self._connect()
            with connection.begin():
                return _write(connection, extraction, document_id)
        except SQLAlchemyError as exc:
            raise StoreError(locator, document_id, one_line(exc)) from exc


def store(database: Database, extraction: Extraction) -> StoreResult:
    """Store one extraction in its own transaction."""
    with Writer(database) as writer:
        return writer.store(extraction)

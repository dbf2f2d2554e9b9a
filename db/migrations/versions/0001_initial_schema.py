"""Documents, fetches, extracted facts, claim links and the analyst views.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

The views are documented in docs/schema.md; their names and columns are a stable
interface for analysts. `substr(text, start + 1, end - start)` counts characters on
SQLite and PostgreSQL alike, so Python str offsets index it directly.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
SOURCE_KINDS = ("file", "url", "warc", "jsonl")
CLAIM_KINDS = ("direct_quote", "partial_quote", "indirect", "according_to", "statistic")


def _fact_columns() -> list[sa.Column]:
    """The fact's character offsets in documents.text and its text."""
    return [
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    ]


def _provenance_columns() -> list[sa.Column]:
    return [
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("extractor_version", sa.Text(), nullable=False),
    ]


def _document_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f(f"fk_{table}_document_id_documents"),
                                   ondelete="CASCADE")


def _link_table(name: str, column: str, target: str) -> None:
    op.create_table(
        name,
        sa.Column("claim_id", BIG_ID, nullable=False),
        sa.Column(column, BIG_ID, nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f(f"fk_{name}_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{name}_{column}_{target}"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id", column, name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_{column}"), name, [column])


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


CLAIM_FACTS = """
CREATE VIEW claim_facts AS
SELECT
    c.id AS claim_id,
    c.kind AS kind,
    c.speaker_text AS speaker,
    c.speaker_canonical AS speaker_canonical,
    c.cue_text AS cue,
    c.content_text AS content,
    c.hedge_text AS hedge,
    substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) AS sentence,
    c.date_context AS date_context,
    c.document_id AS document_id,
    d.title AS title,
    d.url AS url,
    d.published AS published,
    c.extractor_version AS extractor_version
FROM claims AS c
JOIN documents AS d ON d.id = c.document_id
"""

QUANTITY_FACTS = """
CREATE VIEW quantity_facts AS
SELECT
    q.id AS quantity_id,
    q.text AS text,
    q.value AS value,
    q.low AS low,
    q.high AS high,
    q.unit AS unit,
    q.kind AS kind,
    q.base_value AS base_value,
    q.base_unit AS base_unit,
    q.approximate AS approximate,
    q.direction AS direction,
    q.subject AS subject,
    substr(d.text, q.sentence_start + 1, q.sentence_end - q.sentence_start) AS sentence,
    q.date_context AS date_context,
    q.document_id AS document_id,
    d.url AS url,
    d.published AS published,
    q.extractor_version AS extractor_version
FROM quantities AS q
JOIN documents AS d ON d.id = q.document_id
"""

CLAIM_SOURCES = """
CREATE VIEW claim_sources AS
SELECT
    c.id AS claim_id,
    c.document_id AS document_id,
    f.id AS fetch_id,
    f.kind AS source_kind,
    f.locator AS locator,
    f.url AS url,
    f.published AS published,
    f.fetched_at AS fetched_at,
    f.status AS status,
    f.content_type AS content_type,
    f.path AS path,
    f.warc_record_id AS warc_record_id,
    f.warc_offset AS warc_offset,
    f.record_id AS record_id,
    f.raw_sha256 AS raw_sha256
FROM claims AS c
JOIN fetches AS f ON f.document_id = c.document_id
"""

VIEWS = {"claim_facts": CLAIM_FACTS, "quantity_facts": QUANTITY_FACTS, "claim_sources": CLAIM_SOURCES}


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("published_source", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("sitename", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("canonical_url", sa.Text(), nullable=True),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("extractor_version", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    _indexes("documents", "published", "sitename")

    op.create_table(
        "fetches",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.Enum(*SOURCE_KINDS, name="source_kind", native_enum=False, create_constraint=True,
                                  length=13), nullable=False),
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column("source_key", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.Text(), nullable=True),
        sa.Column("redirects", sa.JSON(), nullable=False),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("warc_record_id", sa.Text(), nullable=True),
        sa.Column("warc_offset", sa.BigInteger(), nullable=True),
        sa.Column("record_id", sa.Text(), nullable=True),
        sa.Column("raw_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _document_fk("fetches"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetches")),
        sa.UniqueConstraint("document_id", "kind", "source_key", "raw_sha256",
                            name=op.f("uq_fetches_document_id_kind_source_key_raw_sha256")),
        sqlite_autoincrement=True,
    )
    _indexes("fetches", "document_id", "url", "raw_sha256")

    op.create_table(
        "entities",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("canonical", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
        sa.UniqueConstraint("canonical", "label", name=op.f("uq_entities_canonical_label")),
        sqlite_autoincrement=True,
    )
    _indexes("entities", "label")

    op.create_table(
        "entity_mentions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("entity_id", BIG_ID, nullable=False),
        *_fact_columns(),
        sa.Column("label", sa.String(length=32), nullable=False),
        *_provenance_columns(),
        _document_fk("entity_mentions"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name=op.f("fk_entity_mentions_entity_id_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_mentions")),
        sqlite_autoincrement=True,
    )
    _indexes("entity_mentions", "document_id", "entity_id")

    op.create_table(
        "quantities",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        *_fact_columns(),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("low", sa.Double(), nullable=True),
        sa.Column("high", sa.Double(), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("base_value", sa.Double(), nullable=True),
        sa.Column("base_unit", sa.String(length=64), nullable=True),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("direction", sa.String(length=8), nullable=True),
        sa.Column("date_context", sa.String(length=64), nullable=True),
        *_provenance_columns(),
        _document_fk("quantities"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quantities")),
        sqlite_autoincrement=True,
    )
    _indexes("quantities", "document_id", "unit", "kind", "base_unit")

    op.create_table(
        "dates",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        *_fact_columns(),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=True),
        sa.Column("mod", sa.String(length=32), nullable=True),
        sa.Column("resolved_start", sa.Date(), nullable=True),
        sa.Column("resolved_end", sa.Date(), nullable=True),
        sa.Column("granularity", sa.String(length=16), nullable=True),
        *_provenance_columns(),
        _document_fk("dates"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dates")),
        sqlite_autoincrement=True,
    )
    _indexes("dates", "document_id", "value", "resolved_start", "resolved_end")

    op.create_table(
        "claims",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum(*CLAIM_KINDS, name="claim_kind", native_enum=False, create_constraint=True,
                                  length=21), nullable=False),
        sa.Column("speaker_start", sa.Integer(), nullable=True),
        sa.Column("speaker_end", sa.Integer(), nullable=True),
        sa.Column("speaker_text", sa.Text(), nullable=True),
        sa.Column("speaker_canonical", sa.Text(), nullable=True),
        sa.Column("speaker_entity_id", BIG_ID, nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("cue_text", sa.Text(), nullable=True),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("content_text", sa.Text(), nullable=False),
        sa.Column("content_fragments", sa.JSON(), nullable=True),
        sa.Column("hedge_start", sa.Integer(), nullable=True),
        sa.Column("hedge_end", sa.Integer(), nullable=True),
        sa.Column("hedge_text", sa.Text(), nullable=True),
        sa.Column("date_context", sa.String(length=64), nullable=True),
        *_provenance_columns(),
        _document_fk("claims"),
        sa.ForeignKeyConstraint(["speaker_entity_id"], ["entities.id"],
                                name=op.f("fk_claims_speaker_entity_id_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sqlite_autoincrement=True,
    )
    _indexes("claims", "document_id", "kind", "speaker_canonical", "speaker_entity_id")

    _link_table("claim_entities", "mention_id", "entity_mentions")
    _link_table("claim_quantities", "quantity_id", "quantities")
    _link_table("claim_dates", "date_id", "dates")

    for sql in VIEWS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW {name}")
    for table in ("claim_dates", "claim_quantities", "claim_entities", "claims", "dates", "quantities",
                  "entity_mentions", "entities", "fetches", "documents"):
        op.drop_table(table)

"""The crawler's tables: frontier, per-host state, per-host log, near-duplicate fingerprints
(MinHash signatures and their LSH bands).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

docs/schema.md documents them. Enum columns are VARCHARs with a named CHECK, as in 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
STAMP = sa.DateTime(timezone=True)
CRAWL_KINDS = ("page", "feed", "sitemap")
CRAWL_STATES = ("queued", "claimed", "fetched", "done", "duplicate", "redirected", "skipped", "failed")
CRAWL_EVENTS = ("robots", "fetch", "retry", "blocked", "error")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    """As db.models.str_enum: the longest value plus 8 characters of room."""
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True,
                   length=max(map(len, values)) + 8)


def _stamp(name: str, nullable: bool) -> sa.Column:
    return sa.Column(name, STAMP, nullable=nullable)


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def upgrade() -> None:
    op.create_table(
        "crawl_urls",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("kind", _enum(CRAWL_KINDS, "crawl_kind"), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("state", _enum(CRAWL_STATES, "crawl_state"), nullable=False),
        sa.Column("page_kind", sa.String(length=16), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _stamp("not_before", True),
        sa.Column("claimed_by", sa.String(length=128), nullable=True),
        _stamp("lease_until", True),
        sa.Column("discovered_from", sa.Text(), nullable=True),
        sa.Column("redirects", sa.JSON(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("content_type", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("raw_sha256", sa.String(length=64), nullable=True),
        sa.Column("warc_path", sa.Text(), nullable=True),
        sa.Column("warc_offset", sa.BigInteger(), nullable=True),
        sa.Column("warc_record_id", sa.Text(), nullable=True),
        sa.Column("document_id", sa.String(length=64), nullable=True),
        sa.Column("duplicate_of", sa.Text(), nullable=True),
        sa.Column("duplicate_kind", sa.String(length=16), nullable=True),
        _stamp("fetched_at", True),
        _stamp("created_at", False),
        _stamp("updated_at", False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_crawl_urls_document_id_documents"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_urls")),
        sa.UniqueConstraint("url", name=op.f("uq_crawl_urls_url")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_crawl_urls_host_state", "crawl_urls", ["host", "state"])
    _indexes("crawl_urls", "state", "raw_sha256", "document_id")

    op.create_table(
        "crawl_hosts",
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("robots_status", sa.Integer(), nullable=True),
        sa.Column("robots_txt", sa.Text(), nullable=True),
        _stamp("robots_fetched_at", True),
        sa.Column("robots_failures", sa.Integer(), nullable=False),
        sa.Column("crawl_delay", sa.Double(), nullable=True),
        sa.Column("slowdown", sa.Double(), nullable=False),
        _stamp("next_fetch_at", True),
        sa.Column("claimed_by", sa.String(length=128), nullable=True),
        _stamp("lease_until", True),
        _stamp("created_at", False),
        _stamp("updated_at", False),
        sa.PrimaryKeyConstraint("host", name=op.f("pk_crawl_hosts")),
    )

    op.create_table(
        "crawl_log",
        sa.Column("id", BIG_ID, nullable=False),
        _stamp("at", False),
        sa.Column("crawler", sa.String(length=128), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("event", _enum(CRAWL_EVENTS, "crawl_event"), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("elapsed", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_log")),
        sqlite_autoincrement=True,
    )
    _indexes("crawl_log", "crawler", "host")

    op.create_table(
        "crawl_fingerprints",
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.JSON(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        _stamp("created_at", False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_crawl_fingerprints_document_id_documents"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_crawl_fingerprints")),
    )
    op.create_table(
        "crawl_fingerprint_bands",
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["crawl_fingerprints.document_id"],
                                name=op.f("fk_crawl_fingerprint_bands_document_id_crawl_fingerprints"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "band", name=op.f("pk_crawl_fingerprint_bands")),
    )
    op.create_index("ix_crawl_fingerprint_bands_band_value", "crawl_fingerprint_bands", ["band", "value"])


def downgrade() -> None:
    for table in ("crawl_fingerprint_bands", "crawl_fingerprints", "crawl_log", "crawl_hosts", "crawl_urls"):
        op.drop_table(table)

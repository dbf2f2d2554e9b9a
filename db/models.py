"""SQLAlchemy 2 models: the tables analysts query and the writer fills.

One row per document (keyed by the SHA-256 of its cleaned text), one row per fetch that
produced it, and the extracted facts, each with document id, character offsets into
`documents.text`, sentence offsets and the extractor version. Alembic owns the schema
(db/migrations); tests/test_db_migrations.py checks that these models and the
migrations agree.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from schemas.records import ClaimKind, SourceKind

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# 64-bit ids on PostgreSQL (millions of articles times dozens of facts); SQLite's
# rowid alias must be declared INTEGER to autoincrement.
BigId = BigInteger().with_variant(Integer(), "sqlite")
# Ids are cited (`newsfacts trace 17`): SQLite must not hand a deleted row's id to a new
# row, as it would after an extractor-version replace. PostgreSQL sequences never do.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


def str_enum(enum: type[StrEnum], name: str) -> Enum:
    """A StrEnum stored as its string values (not names) in a VARCHAR with a named CHECK."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum) + 8,  # a longer new member needs no column change, only the CHECK
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        list[Any]: JSON,
        datetime: DateTime(timezone=True),
        str: Text,
    }


def _document_fk() -> Mapped[str]:
    return mapped_column(String(64), ForeignKey("documents.id", ondelete="CASCADE"), index=True)


class FactColumns:
    """What every fact row carries: its document, character offsets into documents.text
    (end exclusive), the offsets of its sentence, and the extractor version that found it."""

    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[str] = _document_fk()
    start: Mapped[int]
    end: Mapped[int]
    sentence_start: Mapped[int]
    sentence_end: Mapped[int]
    extractor_version: Mapped[str]


class Document(Base):
    """A cleaned article; `id` is the SHA-256 (hex) of `text`, so copies collapse into one row."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str]
    title: Mapped[str | None]
    author: Mapped[str | None]
    published: Mapped[date | None] = mapped_column(Date, index=True)
    # Where `published` came from: input, json-ld, meta, time-element, htmldate, url.
    published_source: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(16))
    sitename: Mapped[str | None] = mapped_column(Text, index=True)
    url: Mapped[str | None]
    canonical_url: Mapped[str | None]
    # Layout blocks as [[start, end, kind], ...]; sentences never cross block edges.
    blocks: Mapped[list[Any]]
    extractor_version: Mapped[str]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Fetch(Base):
    """One fetch / file / WARC record / JSONL record that produced a document."""

    __tablename__ = "fetches"
    __table_args__ = (UniqueConstraint("document_id", "kind", "source_key", "raw_sha256"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[str] = _document_fk()
    kind: Mapped[SourceKind] = mapped_column(str_enum(SourceKind, "source_kind"))
    locator: Mapped[str]
    # What identifies this source whatever way it was named: the absolute file path, WARC
    # file@offset, JSONL file#record id, or the URL. Same key and same bytes: the same row.
    source_key: Mapped[str]
    url: Mapped[str | None] = mapped_column(Text, index=True)
    # The publication date this source gave; the document keeps the first one seen.
    published: Mapped[date | None] = mapped_column(Date)
    fetched_at: Mapped[datetime | None]
    status: Mapped[int | None]
    content_type: Mapped[str | None]
    redirects: Mapped[list[Any]]
    path: Mapped[str | None]
    warc_record_id: Mapped[str | None]
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    record_id: Mapped[str | None]
    raw_sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime]


class Entity(Base):
    """A canonical entity shared across documents ("Jamieson Greer", PERSON)."""

    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("canonical", "label"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    canonical: Mapped[str]
    label: Mapped[str] = mapped_column(String(32), index=True)


class EntityMention(FactColumns, Base):
    """One mention of a canonical entity in a document."""

    __tablename__ = "entity_mentions"

    entity_id: Mapped[int] = mapped_column(BigId, ForeignKey("entities.id"), index=True)
    text: Mapped[str]
    label: Mapped[str] = mapped_column(String(32))


class Quantity(FactColumns, Base):
    """A number with its unit; a range has `low`/`high` and `value` NULL."""

    __tablename__ = "quantities"

    text: Mapped[str]
    value: Mapped[float | None] = mapped_column(Double)
    low: Mapped[float | None] = mapped_column(Double)
    high: Mapped[float | None] = mapped_column(Double)
    unit: Mapped[str | None] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    base_value: Mapped[float | None] = mapped_column(Double)
    base_unit: Mapped[str | None] = mapped_column(String(64), index=True)
    approximate: Mapped[bool] = mapped_column(Boolean)
    subject: Mapped[str | None]
    direction: Mapped[str | None] = mapped_column(String(8))  # "up" / "down" for a change
    # The value of the first DATE/TIME in the quantity's sentence: when the figure holds.
    date_context: Mapped[str | None] = mapped_column(String(64))


class DateMention(FactColumns, Base):
    """A TIMEX3 expression (`type` DATE|TIME|DURATION|SET) with its resolved `value`."""

    __tablename__ = "dates"

    text: Mapped[str]
    type: Mapped[str] = mapped_column(String(16))
    value: Mapped[str | None] = mapped_column(String(64), index=True)
    mod: Mapped[str | None] = mapped_column(String(32))
    # First and last day the value covers (NULL for durations, sets, unresolved values), so
    # `resolved_start <= :to AND resolved_end >= :from` finds what overlaps a period.
    resolved_start: Mapped[date | None] = mapped_column(Date, index=True)
    resolved_end: Mapped[date | None] = mapped_column(Date, index=True)
    granularity: Mapped[str | None] = mapped_column(String(16))


class Claim(FactColumns, Base):
    """Who said what; `start`/`end` cover speaker, cue and content."""

    __tablename__ = "claims"

    kind: Mapped[ClaimKind] = mapped_column(str_enum(ClaimKind, "claim_kind"), index=True)
    speaker_start: Mapped[int | None]
    speaker_end: Mapped[int | None]
    speaker_text: Mapped[str | None]
    speaker_canonical: Mapped[str | None] = mapped_column(Text, index=True)
    speaker_entity_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("entities.id"), index=True)
    cue_start: Mapped[int | None]
    cue_end: Mapped[int | None]
    cue_text: Mapped[str | None]
    content_start: Mapped[int]
    content_end: Mapped[int]
    content_text: Mapped[str]
    # [[start, end], ...] when the content is one quote split by the cue; NULL otherwise.
    content_fragments: Mapped[list[Any] | None]
    # The hedge or forecast cue ("likely", "expected to") when the claim is hedged.
    hedge_start: Mapped[int | None]
    hedge_end: Mapped[int | None]
    hedge_text: Mapped[str | None]
    # The value of the first DATE/TIME in the claim's sentence.
    date_context: Mapped[str | None] = mapped_column(String(64))


def _link(name: str, target: str, column: str) -> Table:
    """A claim -> fact link table; the fact's span lies inside the claim's content."""
    return Table(
        name,
        Base.metadata,
        Column("claim_id", BigId, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
        Column(column, BigId, ForeignKey(f"{target}.id", ondelete="CASCADE"), primary_key=True),
        Index(None, column),
    )


claim_entities = _link("claim_entities", "entity_mentions", "mention_id")
claim_quantities = _link("claim_quantities", "quantities", "quantity_id")
claim_dates = _link("claim_dates", "dates", "date_id")

# Analyst views created by the migrations (docs/schema.md documents their columns).
VIEWS = ("claim_facts", "quantity_facts", "claim_sources")


# --- The crawler's tables (`newsfacts crawl`; db/frontier.py reads and writes them) ---


class CrawlKind(StrEnum):
    """What a frontier URL turned out to be (a seed is taken for a page until it answers)."""

    PAGE = "page"
    FEED = "feed"
    SITEMAP = "sitemap"


class CrawlState(StrEnum):
    """Where a frontier URL stands; only `queued` and expired `claimed`/`fetched` rows are work."""

    QUEUED = "queued"
    CLAIMED = "claimed"  # a crawler is fetching it (until lease_until)
    FETCHED = "fetched"  # archived; the page waits for clean -> extract -> store
    DONE = "done"  # handled: stored, links taken from a feed or sitemap, or 304 not modified
    DUPLICATE = "duplicate"  # a copy of `duplicate_of` (rel=canonical, same bytes, near-same text)
    REDIRECTED = "redirected"  # answered with a redirect; the target is its own row
    SKIPPED = "skipped"  # robots.txt, content type, size, not an article
    FAILED = "failed"  # retries used up, unreachable, refused address, redirect loop


class CrawlEvent(StrEnum):
    """Kinds of crawl_log rows: the per-host log."""

    ROBOTS = "robots"  # robots.txt fetched (or not), with what it allows
    FETCH = "fetch"  # one request and its HTTP status
    RETRY = "retry"  # a URL put back with a wait (backoff or Retry-After)
    BLOCKED = "blocked"  # not fetched: robots.txt, refused address, scope
    ERROR = "error"  # a request that got no usable answer


class CrawlUrl(Base):
    """One row per canonical URL of the crawl frontier."""

    __tablename__ = "crawl_urls"
    __table_args__ = (UniqueConstraint("url"), Index("ix_crawl_urls_host_state", "host", "state"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    url: Mapped[str]
    host: Mapped[str] = mapped_column(String(255))  # scheme://host[:port], the unit of politeness
    kind: Mapped[CrawlKind] = mapped_column(str_enum(CrawlKind, "crawl_kind"))
    depth: Mapped[int]
    priority: Mapped[int]  # lower first: feeds and sitemaps, then articles, then other pages
    state: Mapped[CrawlState] = mapped_column(str_enum(CrawlState, "crawl_state"), index=True)
    page_kind: Mapped[str | None] = mapped_column(String(16))  # article / index, as far as known
    attempts: Mapped[int]
    not_before: Mapped[datetime | None]  # a retry waits until then
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None]
    discovered_from: Mapped[str | None]
    redirects: Mapped[list[Any]]  # the redirect chain that led here
    status: Mapped[int | None]
    reason: Mapped[str | None]
    content_type: Mapped[str | None]
    etag: Mapped[str | None]
    last_modified: Mapped[str | None]
    raw_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    warc_path: Mapped[str | None]
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    warc_record_id: Mapped[str | None]
    document_id: Mapped[str | None] = mapped_column(String(64), ForeignKey("documents.id", ondelete="SET NULL"),
                                                    index=True)
    duplicate_of: Mapped[str | None]
    duplicate_kind: Mapped[str | None] = mapped_column(String(16))  # canonical / exact / near / text
    fetched_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CrawlHost(Base):
    """Per-host crawl state shared by every crawler process: robots.txt, politeness, lease."""

    __tablename__ = "crawl_hosts"

    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    robots_status: Mapped[int | None]  # HTTP status of robots.txt; 0 when unreachable
    robots_txt: Mapped[str | None]
    robots_fetched_at: Mapped[datetime | None]
    robots_failures: Mapped[int]
    crawl_delay: Mapped[float | None] = mapped_column(Double)  # robots.txt Crawl-delay
    slowdown: Mapped[float] = mapped_column(Double)  # delay multiplier after 429/503
    next_fetch_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CrawlLog(Base):
    """The per-host log: robots decisions, every request with its status, retries, errors."""

    __tablename__ = "crawl_log"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime]
    crawler: Mapped[str] = mapped_column(String(128), index=True)
    host: Mapped[str] = mapped_column(String(255), index=True)
    url: Mapped[str]
    event: Mapped[CrawlEvent] = mapped_column(str_enum(CrawlEvent, "crawl_event"))
    status: Mapped[int | None]
    detail: Mapped[str | None]
    elapsed: Mapped[float | None] = mapped_column(Double)  # seconds the request took


class CrawlFingerprint(Base):
    """A stored crawled document's MinHash signature, for finding near copies of it."""

    __tablename__ = "crawl_fingerprints"

    document_id: Mapped[str] = mapped_column(String(64), ForeignKey("documents.id", ondelete="CASCADE"),
                                             primary_key=True)
    signature: Mapped[list[Any]]  # MinHash values, one per permutation
    url: Mapped[str]
    created_at: Mapped[datetime]


class CrawlFingerprintBand(Base):
    """One LSH band of a signature: documents sharing a band are near-copy candidates."""

    __tablename__ = "crawl_fingerprint_bands"
    __table_args__ = (Index("ix_crawl_fingerprint_bands_band_value", "band", "value"),)

    document_id: Mapped[str] = mapped_column(String(64), ForeignKey("crawl_fingerprints.document_id",
                                                                    ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)

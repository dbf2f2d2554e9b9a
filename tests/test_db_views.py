"""The analyst views return the documented rows, and docs/schema.md's examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import inspect

from db import run_readonly, store
from db.models import VIEWS, Base
from schemas import SourceKind

from .conftest import BACKENDS
from .dbrecords import PUBLISHED, SENTENCES, URL, extraction, origin

SCHEMA_DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


def _examples() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", SCHEMA_DOC.read_text("utf-8"), flags=re.S)


@pytest.fixture
def stored(database):
    store(database, extraction())
    store(database, extraction(source=origin(SourceKind.WARC, "crawl/CC-NEWS-1.warc.gz@1234")))
    return database


def _dicts(database, sql):
    columns, rows = run_readonly(database, sql)
    return [dict(zip(columns, row, strict=True)) for row in rows]


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_claim_facts(stored):
    rows = _dicts(stored, "SELECT * FROM claim_facts ORDER BY claim_id")
    assert [r["content"] for r in rows] == ["We have made real progress,", "output will rise by 30-50% in 2026",
                                            "Tariffs,\u201d Greer said, \u201care off the table until August."]
    first = rows[0]
    assert first["sentence"] == SENTENCES[1]  # curly quotes: substr counts characters on both backends
    assert (first["kind"], first["speaker"], first["speaker_canonical"], first["cue"]) == (
        "direct_quote", "Greer", "Jamieson Greer", "said")
    assert (first["url"], str(first["published"]), first["title"]) == (URL, PUBLISHED.isoformat(),
                                                                        "Rare earth talks resume in Genève")
    assert [r["sentence"] for r in rows[1:]] == [SENTENCES[3], SENTENCES[4]]
    assert rows[1]["speaker_canonical"] is None


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_quantity_facts_carry_sentence_and_date_context(stored):
    rows = {r["text"]: r for r in _dicts(stored, "SELECT * FROM quantity_facts")}
    tons, percent, rise = rows["353 tons"], rows["668%"], rows["30-50%"]
    assert tons["sentence"] == SENTENCES[2] and tons["subject"] == "rare earth magnets"
    assert (tons["value"], tons["unit"], tons["base_value"], tons["base_unit"]) == (353.0, "ton", 353000.0, "kg")
    assert tons["date_context"] == "2025-06"  # "June 2025", the first date of the sentence ("May" comes later)
    assert percent["date_context"] == "2025-06"
    assert (rise["value"], rise["low"], rise["high"], rise["date_context"]) == (None, 30.0, 50.0, "2026")
    assert not rise["approximate"] and rise["url"] == URL and str(rise["published"]) == "2025-08-04"
    assert (percent["direction"], tons["direction"]) == ("up", None)


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_dates_overlapping_a_period_by_their_resolved_interval(stored):
    sql = ("SELECT text, granularity FROM dates WHERE resolved_start <= '2025-06-30' "
           "AND resolved_end >= '2025-06-01' ORDER BY start")
    assert [(r["text"], r["granularity"]) for r in _dicts(stored, sql)] == [("June 2025", "month")]
    august = _dicts(stored, "SELECT text FROM dates WHERE resolved_start <= '2025-08-31' "
                            "AND resolved_end >= '2025-08-01' ORDER BY start")
    assert [r["text"] for r in august] == ["Monday", "Tuesday", "August"]


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_claims_carry_hedge_and_date_context(stored):
    rows = {r["cue"]: r for r in _dicts(stored, "SELECT * FROM claim_facts")}
    assert (rows["According to"]["hedge"], rows["According to"]["date_context"]) == ("will", "2026")
    assert {r["hedge"] for r in rows.values() if r["cue"] != "According to"} == {None}


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_claim_sources_list_every_fetch_of_the_claims_document(stored):
    rows = _dicts(stored, "SELECT * FROM claim_sources ORDER BY claim_id, fetch_id")
    assert len(rows) == 3 * 2
    first = [r for r in rows if r["claim_id"] == rows[0]["claim_id"]]
    assert [(r["source_kind"], r["locator"]) for r in first] == [
        ("url", URL), ("warc", "crawl/CC-NEWS-1.warc.gz@1234")]
    assert first[0]["status"] == 200 and first[1]["warc_offset"] == 1234
    assert first[1]["warc_record_id"].startswith("<urn:uuid:")
    assert all(len(r["raw_sha256"]) == 64 for r in rows)


def _sections() -> dict[str, str]:
    """docs/schema.md's `### ...` sections, keyed by each name in backticks in the heading."""
    sections: dict[str, str] = {}
    for part in SCHEMA_DOC.read_text("utf-8").split("\n### ")[1:]:
        heading, _, body = part.partition("\n")
        for name in re.findall(r"`(\w+)`", heading):
            sections[name] = body
    return sections


def test_every_table_and_view_column_is_documented(database):
    sections = _sections()
    inspector = inspect(database.engine)
    names = [t.name for t in Base.metadata.sorted_tables] + list(VIEWS)
    for name in names:
        assert name in sections, f"docs/schema.md has no section for {name}"
        for column in inspector.get_columns(name):
            assert f"`{column['name']}`" in sections[name], f"{name}.{column['name']} is not documented"


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_schema_doc_examples_run_and_return_rows(stored):
    examples = _examples()
    assert 3 <= len(examples) <= 6
    for sql in examples:
        columns, rows = run_readonly(stored, sql)
        assert columns and rows, sql

"""Read-only queries: reads work, every kind of write is refused by the database, errors are one line."""

from __future__ import annotations

import pytest

from db import open_database, run_readonly, store
from db.query import REFUSED
from pipeline.errors import QueryError

from .conftest import BACKENDS
from .dbrecords import counts, extraction

WRITES = [
    "INSERT INTO entities (canonical, label) VALUES ('Nobody', 'PERSON')",
    "UPDATE claims SET content_text = 'forged'",
    "DELETE FROM quantities",
    "DROP TABLE claims",
    "DROP VIEW claim_facts",
    "CREATE TABLE notes (x INTEGER)",
    "CREATE TEMP TABLE scratch (x INTEGER)",
    "CREATE INDEX ix_forged ON claims (content_text)",
    "ALTER TABLE claims ADD COLUMN forged INTEGER",
]
SQLITE_WRITES = [
    "ATTACH DATABASE ':memory:' AS other",
    "PRAGMA user_version = 7",
    "PRAGMA query_only = OFF",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA writable_schema = ON",
    "VACUUM",
    "REINDEX",
    "ANALYZE",
]
POSTGRES_WRITES = [
    "WITH gone AS (DELETE FROM dates RETURNING id) SELECT count(*) FROM gone",
    "TRUNCATE claims CASCADE",
    "SELECT nextval(pg_get_serial_sequence('claims', 'id'))",
    "CREATE SEQUENCE forged_seq",
    "COMMENT ON TABLE claims IS 'forged'",
]


@pytest.fixture
def stored(database):
    store(database, extraction())
    return database


def _unchanged(database, before) -> None:
    assert counts(database) == before
    _, rows = run_readonly(database, "SELECT content FROM claim_facts ORDER BY claim_id")
    assert rows[0] == ("We have made real progress,",)


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_select_returns_columns_and_rows(stored):
    columns, rows = run_readonly(stored, "SELECT text, value, unit FROM quantities WHERE unit = :unit ORDER BY start",
                                 {"unit": "percent"})
    assert columns == ["text", "value", "unit"]
    assert rows == [("668%", 668.0, "percent"), ("30-50%", None, "percent")]


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_percent_signs_and_colons_in_literals_are_plain_text(stored):
    columns, rows = run_readonly(stored, "SELECT count(*) AS n, 'a:b %' AS s FROM quantities WHERE text LIKE '%\\%%' "
                                         "ESCAPE '\\'")
    assert columns == ["n", "s"] and rows == [(2, "a:b %")]


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_writes_are_refused_and_change_nothing(stored):
    backend_writes = SQLITE_WRITES if stored.dialect == "sqlite" else POSTGRES_WRITES
    before = counts(stored)
    for sql in WRITES + backend_writes:
        with pytest.raises(QueryError) as caught:
            run_readonly(stored, sql)
        assert str(caught.value) == REFUSED, sql
        _unchanged(stored, before)
    assert run_readonly(stored, "SELECT count(*) FROM entities WHERE canonical = 'Nobody'")[1] == [(0,)]


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_several_statements_in_one_string_are_refused(stored):
    before = counts(stored)
    for sql in ("SELECT 1; DROP TABLE claims", "COMMIT; DROP TABLE claims", "SELECT 1; SELECT 2"):
        with pytest.raises(QueryError):
            run_readonly(stored, sql)
        _unchanged(stored, before)


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_the_read_only_transaction_cannot_be_switched_off(stored):
    before = counts(stored)
    statements = ["SET TRANSACTION READ WRITE"] if stored.dialect == "postgresql" else ["PRAGMA query_only = 0"]
    for sql in statements:
        with pytest.raises(QueryError):
            run_readonly(stored, sql)
    _unchanged(stored, before)


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_sql_errors_carry_the_database_message_on_one_line(stored):
    with pytest.raises(QueryError) as caught:
        run_readonly(stored, "SELECT no_such_column\nFROM claims")
    message = str(caught.value)
    assert "no_such_column" in message and "\n" not in message and message != REFUSED


def test_reading_pragmas_and_the_schema_is_allowed(stored):
    columns, rows = run_readonly(stored, "PRAGMA table_info(claims)")
    assert "name" in columns and any(r[1] == "content_text" for r in rows)
    assert run_readonly(stored, "SELECT name FROM pragma_table_info('documents') WHERE name = 'url'")[1] == [("url",)]
    assert run_readonly(stored, "PRAGMA user_version")[1] == [(0,)]


def test_a_url_string_opens_the_database(db_url):
    with open_database(db_url) as database:
        store(database, extraction())
    columns, rows = run_readonly(db_url, "SELECT count(*) AS claims FROM claims")
    assert (columns, rows) == (["claims"], [(3,)])


def test_an_in_memory_database_is_guarded_and_stays_writable():
    with open_database("sqlite://") as database:
        store(database, extraction())
        before = counts(database)
        with pytest.raises(QueryError, match="refused"):
            run_readonly(database, "DELETE FROM claims")
        assert run_readonly(database, "SELECT count(*) FROM claims")[1] == [(3,)]
        assert counts(database) == before
        replaced = store(database, extraction(version="v2"))  # the writer is not left read-only
        assert replaced.status == "replaced"

"""Read-only SQL for analysts (`newsfacts query`), enforced by the database itself.

- SQLite: a second connection opened read-only (``mode=ro``) with ``PRAGMA query_only``
  and an authorizer that refuses every action but reads (so CREATE TEMP, ATTACH and
  PRAGMA settings, which a read-only file still allows, are refused too). An in-memory
  database has no second connection: query_only and the authorizer guard its own.
- PostgreSQL: a fresh psycopg connection in a READ ONLY transaction, always rolled back.
  The statement is prepared by the server, which refuses a string of several statements
  (one could COMMIT its way out of the read-only transaction), and a first SELECT takes
  the snapshot after which the transaction cannot be switched back to read-write.
- Other backends: refused, since read-only cannot be enforced there.

Parameters use the ``:name`` style on both backends.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from db.engine import CONNECT_TIMEOUT_S, Database, one_line, open_database
from db.sqlite import BUSY_TIMEOUT_MS
from pipeline.errors import QueryError

REFUSED = "refused: this statement writes to the database; `newsfacts query` is read-only"
PRAGMAS_FILE = Path(__file__).with_name("sqlite_pragmas.json")
_PG_READ_ONLY_VIOLATION = "25006"  # SQLSTATE read_only_sql_transaction
_SCHEMA_TABLES = frozenset({"sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema"})

Columns = list[str]
Rows = list[tuple[Any, ...]]


@cache
def _pragmas() -> tuple[frozenset[str], frozenset[str]]:
    """(read-without-argument, introspection) PRAGMA names from sqlite_pragmas.json."""
    data = json.loads(PRAGMAS_FILE.read_text("utf-8"))
    lists = []
    for key in ("read", "introspect"):
        names = data.get(key)
        if not isinstance(names, list) or not all(isinstance(n, str) and n.isidentifier() for n in names):
            raise ValueError(f"{PRAGMAS_FILE}: {key!r} must be a list of PRAGMA names")
        lists.append(frozenset(n.lower() for n in names))
    return lists[0], lists[1]


def _authorizer(refused: list[str]):
    """An sqlite3 authorizer allowing reads only; records what it refused."""
    read, introspect = _pragmas()
    allowed = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}

    def authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
        if action in allowed:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and arg1 is not None:
            name = arg1.lower()
            if name in introspect or (name in read and arg2 is None):
                return sqlite3.SQLITE_OK
        # Table-valued PRAGMA functions (pragma_table_info) make SQLite touch its schema
        # table while preparing; user SQL cannot write it (and the connection is read-only).
        if action == sqlite3.SQLITE_UPDATE and arg1 in _SCHEMA_TABLES:
            return sqlite3.SQLITE_OK
        refused.append(f"action {action} {arg1 or ''} {arg2 or ''}".strip())
        return sqlite3.SQLITE_DENY

    return authorize


@contextmanager
def _sqlite_connection(database: Database) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the database file, or the in-memory database's own."""
    path = database.url.database
    if path and path != ":memory:" and not path.startswith("file:"):
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        try:
            connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise QueryError(f"cannot open {path} read-only: {exc}") from exc
        try:
            connection.execute("PRAGMA query_only = ON")
            yield connection
        finally:
            connection.close()
        return
    raw = database.engine.raw_connection()
    connection = raw.driver_connection
    try:
        connection.execute("PRAGMA query_only = ON")
        yield connection
    finally:
        connection.set_authorizer(None)
        connection.execute("PRAGMA query_only = OFF")
        raw.close()


def _sqlite(database: Database, sql: str, params: Mapping[str, Any] | None) -> tuple[Columns, Rows]:
    refused: list[str] = []
    with _sqlite_connection(database) as connection:
        connection.set_authorizer(_authorizer(refused))
        try:
            cursor = connection.execute(sql, dict(params or {}))
            columns = [d[0] for d in cursor.description or ()]
            rows = [tuple(r) for r in cursor.fetchall()]
        except sqlite3.Error as exc:
            if refused or "readonly database" in str(exc) or "query_only" in str(exc):
                raise QueryError(REFUSED) from exc
            raise QueryError(" ".join(str(exc).split())) from exc
        finally:
            if connection.in_transaction:
                connection.rollback()
    return columns, rows


def _pg_statement(database: Database, sql: str, params: Mapping[str, Any] | None) -> tuple[str, Any]:
    """The statement in psycopg's paramstyle: as given without params, else compiled from
    :name binds (which also escapes literal % signs)."""
    if not params:
        return sql, None
    compiled = text(sql).compile(dialect=database.engine.dialect)
    missing = sorted(set(compiled.params) - set(params))
    if missing:
        raise QueryError(f"no value given for parameter(s) {', '.join(':' + m for m in missing)}")
    return compiled.string, {name: params[name] for name in compiled.params}


def _pg_message(exc: Exception) -> str:
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None)
    return primary or " ".join(str(exc).split())


def _postgresql(database: Database, sql: str, params: Mapping[str, Any] | None) -> tuple[Columns, Rows]:
    import psycopg

    statement, values = _pg_statement(database, sql, params)
    url = database.url.set(drivername="postgresql+psycopg")
    connect_args: dict[str, Any] = {"prepare_threshold": 0}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    engine = create_engine(url, poolclass=NullPool, connect_args=connect_args)
    try:
        raw = engine.raw_connection()
    except SQLAlchemyError as exc:
        engine.dispose()
        raise QueryError(f"cannot connect to {database.display_url}: {one_line(exc)}") from exc
    connection = raw.driver_connection
    try:
        connection.read_only = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1", prepare=True)
            cursor.execute(statement, values, prepare=True)
            columns = [d.name for d in cursor.description or ()]
            rows = [tuple(r) for r in cursor.fetchall()] if cursor.description else []
    except psycopg.Error as exc:
        if exc.sqlstate == _PG_READ_ONLY_VIOLATION:
            raise QueryError(REFUSED) from exc
        raise QueryError(_pg_message(exc)) from exc
    finally:
        try:
            connection.rollback()
        finally:
            raw.close()
            engine.dispose()
    return columns, rows


def run_readonly(database_or_url: Database | str, sql: str,
                 params: Mapping[str, Any] | None = None) -> tuple[Columns, Rows]:
    """Run one statement read-only; (column names, rows). QueryError when it would
    write (nothing changes) or the database rejects it (its message, one line)."""
    if isinstance(database_or_url, Database):
        return _run(database_or_url, sql, params)
    with open_database(database_or_url, upgrade=False) as database:
        return _run(database, sql, params)


def _run(database: Database, sql: str, params: Mapping[str, Any] | None) -> tuple[Columns, Rows]:
    if database.dialect == "sqlite":
        return _sqlite(database, sql, params)
    if database.dialect == "postgresql":
        return _postgresql(database, sql, params)
    raise QueryError(f"read-only queries are supported on SQLite and PostgreSQL, not {database.dialect}")

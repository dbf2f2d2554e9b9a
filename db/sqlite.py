"""SQLite connection setup: WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE for writers.

pysqlite's own transaction handling is switched off so SQLAlchemy's BEGIN is ours: a
writer starts with BEGIN IMMEDIATE (takes the write lock up front, so two processes
queue on the busy timeout instead of failing with "database is locked" when a read
transaction tries to upgrade), readers with a plain deferred BEGIN.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

# Execution option naming how a transaction begins; pass WRITE to connections that write.
BEGIN_OPTION = "newsfacts_sqlite_begin"
WRITE: dict[str, Any] = {BEGIN_OPTION: "IMMEDIATE"}
BUSY_TIMEOUT_MS = 30_000


def configure(engine: Engine) -> None:
    """Install the connect and begin hooks on a pysqlite engine."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # no implicit BEGIN/COMMIT from pysqlite
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")  # "memory" for in-memory databases
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

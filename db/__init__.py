"""Store: SQLAlchemy models, Alembic migrations, the idempotent writer, read-only queries
and claim tracing. docs/schema.md documents the tables and analyst views."""

from db.engine import Database, open_database
from db.query import run_readonly
from db.trace import ClaimTrace, render_trace, trace_claim
from db.writer import StoreResult, StoreStatus, Writer, store

__all__ = [
    "ClaimTrace",
    "Database",
    "StoreResult",
    "StoreStatus",
    "Writer",
    "open_database",
    "render_trace",
    "run_readonly",
    "store",
    "trace_claim",
]

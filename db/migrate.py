"""Alembic driven from code: users never need an alembic.ini.

`upgrade` brings a database to the newest revision on open; `compare` lists differences
between the models and a migrated database (empty when they agree, checked in the tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, text

from db import sqlite
from db.models import Base

MIGRATIONS = Path(__file__).parent / "migrations"
# Key of the PostgreSQL advisory lock that serialises concurrent upgrades.
_PG_LOCK = 0x6E657773  # "news"


def alembic_config(connection: Connection | None = None) -> Config:
    """An in-memory Alembic config pointing at the packaged migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _locked(connection: Connection) -> None:
    """Serialise upgrades: PostgreSQL takes an advisory lock; SQLite's write transaction
    (BEGIN IMMEDIATE, see db.sqlite) already excludes other writers."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to `revision` in one transaction (DDL is transactional on both backends)."""
    with engine.connect() as connection, connection.execution_options(**sqlite.WRITE).begin():
        _locked(connection)
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    with engine.connect() as connection, connection.execution_options(**sqlite.WRITE).begin():
        _locked(connection)
        command.downgrade(alembic_config(connection), revision)


def compare(connection: Connection, metadata: MetaData = Base.metadata) -> list[Any]:
    """Alembic autogenerate's differences between `metadata` (the models) and the database."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, metadata)

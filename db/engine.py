"""Open a database by URL: engine + sessions, schema migrated to head.

Every way a URL can be wrong (unparseable, unknown dialect, driver not installed, server
unreachable, bad credentials, missing database, a database from a newer newsfacts)
becomes one ConfigError line naming the URL, password hidden, and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.util import CommandError
from sqlalchemy import URL, Engine, create_engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from db import migrate, sqlite
from pipeline.errors import ConfigError
from pipeline.settings import Settings

_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")
CONNECT_TIMEOUT_S = 10


@dataclass(frozen=True, eq=False)
class Database:
    """An open database: the engine, a session factory and the URL it was opened with."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def hide_password(url: str | URL) -> str:
    """The URL for messages: any password replaced by ***."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return _PASSWORD.sub(r"\1***@", url)


def one_line(exc: BaseException) -> str:
    """The database's own message (not SQLAlchemy's wrapper), whitespace collapsed."""
    inner = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return " ".join(str(inner).split()) or type(inner).__name__


def _fail(url: str | URL, reason: str) -> ConfigError:
    return ConfigError(f"database {hide_password(url) or repr(str(url))}: {reason}")


def parse_url(url: str | URL) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise _fail(url, "not a database URL (expected e.g. sqlite:///newsfacts.db or "
                         "postgresql+psycopg://user@host/dbname)") from exc


def _engine_args(url: URL) -> dict[str, Any]:
    backend = url.get_backend_name()
    if backend == "sqlite":
        return {"connect_args": {"timeout": sqlite.BUSY_TIMEOUT_MS / 1000}}
    if backend == "postgresql":
        connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_S}
        return {"pool_pre_ping": True, "connect_args": connect_args}
    return {"pool_pre_ping": True}


def _check_sqlite_path(url: URL, must_exist: bool) -> None:
    path = url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    if must_exist and not Path(path).is_file():
        raise _fail(url, f"no such database file {path} (run `newsfacts ingest` first)")
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise _fail(url, f"folder {folder} does not exist")


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """create_engine with our per-backend settings; user mistakes become ConfigError."""
    parsed = parse_url(url)
    try:
        engine = create_engine(parsed, **{**_engine_args(parsed), **kwargs})
    except NoSuchModuleError as exc:
        raise _fail(parsed, f"unknown database dialect {parsed.drivername!r}") from exc
    except ImportError as exc:
        raise _fail(parsed, f"database driver for {parsed.drivername!r} is not installed ({exc})") from exc
    except (ArgumentError, TypeError, ValueError) as exc:
        raise _fail(parsed, f"bad URL option ({exc})") from exc
    if engine.dialect.name == "sqlite" and engine.dialect.driver == "pysqlite":
        sqlite.configure(engine)
    return engine


def open_database(url: str | URL | None = None, *, upgrade: bool = True) -> Database:
    """Connect to `url` (default: Settings.db_url) and migrate the schema to head. With
    upgrade=False (readers: query, trace) nothing is created or changed: a database without
    the current schema is a ConfigError."""
    parsed = parse_url(Settings().db_url if url is None else url)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_path(parsed, must_exist=not upgrade)
    engine = make_engine(parsed)
    try:
        with engine.connect() as connection:
            current = migrate.current_revision(connection)
        head = migrate.head_revision()
        if current != head and not upgrade:
            engine.dispose()
            found = "holds no newsfacts schema" if current is None else f"has schema revision {current}"
            raise _fail(parsed, f"{found}; this newsfacts needs {head} (run `newsfacts ingest` to create or upgrade it)")
        if current != head:
            migrate.upgrade(engine)
    except CommandError as exc:
        engine.dispose()
        raise _fail(parsed, f"schema cannot be migrated: {exc} (was it written by a newer newsfacts?)") from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise _fail(parsed, one_line(exc)) from exc
    return Database(url=parsed, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))

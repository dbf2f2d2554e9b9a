"""INSERT that skips rows whose unique key is taken, on every backend.

PostgreSQL and SQLite use INSERT .. ON CONFLICT DO NOTHING (on PostgreSQL a concurrent
uncommitted insert of the same key makes ours wait, then do nothing); other dialects
insert row by row inside a SAVEPOINT and treat a unique violation as "already there".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

CHUNK = 500  # rows or keys per statement, well under SQLite's bound-parameter limit
_ON_CONFLICT = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def insert_ignore(connection: Connection, table: Table, rows: Sequence[dict[str, Any]], key: Sequence[str]) -> int:
    """Insert the `rows` whose `key` columns are not taken yet; how many were inserted."""
    insert_ = _ON_CONFLICT.get(connection.dialect.name)
    inserted = 0
    if insert_ is not None:
        for chunk in chunks(rows):
            statement = insert_(table).values(list(chunk)).on_conflict_do_nothing(index_elements=list(key))
            # RETURNING, not rowcount: drivers report -1 for some inserts.
            inserted += len(connection.execute(statement.returning(table.c[key[0]])).all())
        return inserted
    for row in rows:
        try:
            with connection.begin_nested():
                connection.execute(insert(table).values(row))
        except IntegrityError:
            continue
        inserted += 1
    return inserted

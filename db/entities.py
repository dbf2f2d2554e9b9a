"""Get-or-create canonical entities, safe when several processes add the same one at once.

Known entities are selected first (no wasted sequence values); the missing ones are
inserted with INSERT .. ON CONFLICT DO NOTHING, in sorted order so two transactions
never wait on each other's keys in opposite orders, then selected. On PostgreSQL a
concurrent uncommitted insert of the same key makes ours wait for it and then do
nothing, and the following SELECT (a new READ COMMITTED snapshot) sees its row. SQLite
serialises writers. Other dialects insert each missing key inside a SAVEPOINT and treat
a unique violation as "someone else created it".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, insert, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from db.models import Entity

EntityKey = tuple[str, str]  # (canonical, label)
_CHUNK = 500  # keys per statement, well under SQLite's bound-parameter limit
_table = Entity.__table__


def _chunks(keys: Sequence[EntityKey]) -> Iterable[Sequence[EntityKey]]:
    for i in range(0, len(keys), _CHUNK):
        yield keys[i:i + _CHUNK]


def _select(connection: Connection, keys: Sequence[EntityKey]) -> dict[EntityKey, int]:
    found: dict[EntityKey, int] = {}
    for chunk in _chunks(keys):
        rows = connection.execute(
            select(_table.c.canonical, _table.c.label, _table.c.id)
            .where(tuple_(_table.c.canonical, _table.c.label).in_(chunk))
        )
        found.update({(canonical, label): id_ for canonical, label, id_ in rows})
    return found


def _insert_missing(connection: Connection, keys: Sequence[EntityKey]) -> None:
    dialect = connection.dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
        for chunk in _chunks(keys):
            rows = [{"canonical": c, "label": label} for c, label in chunk]
            connection.execute(insert_(_table).values(rows).on_conflict_do_nothing(
                index_elements=["canonical", "label"]))
        return
    for canonical, label in keys:
        try:
            with connection.begin_nested():
                connection.execute(insert(_table).values(canonical=canonical, label=label))
        except IntegrityError:
            continue  # created meanwhile by another transaction; selected below


def entity_ids(connection: Connection, keys: Iterable[EntityKey]) -> dict[EntityKey, int]:
    """Ids of the canonical entities `keys`, creating the missing ones."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    found = _select(connection, wanted)
    missing = [k for k in wanted if k not in found]
    if missing:
        _insert_missing(connection, missing)
        found.update(_select(connection, missing))
    lost = [k for k in wanted if k not in found]
    if lost:
        raise LookupError(f"canonical entities not found after insert: {lost[:3]}")
    return found

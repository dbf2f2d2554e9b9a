"""Get-or-create canonical entities, safe when several processes add the same one at once.

Known entities are selected first (no wasted sequence values); the missing ones are
inserted with db.upsert.insert_ignore, in sorted order so two transactions never wait on
each other's keys in opposite orders, then selected. On PostgreSQL the following SELECT
(a new READ COMMITTED snapshot) sees a row a concurrent transaction created meanwhile;
SQLite serialises writers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, select, tuple_

from db.models import Entity
from db.upsert import chunks, insert_ignore

EntityKey = tuple[str, str]  # (canonical, label)
_table = Entity.__table__


def _select(connection: Connection, keys: Sequence[EntityKey]) -> dict[EntityKey, int]:
    found: dict[EntityKey, int] = {}
    for chunk in chunks(keys):
        rows = connection.execute(
            select(_table.c.canonical, _table.c.label, _table.c.id)
            .where(tuple_(_table.c.canonical, _table.c.label).in_(chunk))
        )
        found.update({(canonical, label): id_ for canonical, label, id_ in rows})
    return found


def entity_ids(connection: Connection, keys: Iterable[EntityKey]) -> dict[EntityKey, int]:
    """Ids of the canonical entities `keys`, creating the missing ones."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    found = _select(connection, wanted)
    missing = [k for k in wanted if k not in found]
    if missing:
        insert_ignore(connection, _table, [{"canonical": c, "label": label} for c, label in missing],
                      ("canonical", "label"))
        found.update(_select(connection, missing))
    lost = [k for k in wanted if k not in found]
    if lost:
        raise LookupError(f"canonical entities not found after insert: {lost[:3]}")
    return found

"""Alembic environment: runs on the connection db.migrate hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from db.models import Base

config = context.config
target_metadata = Base.metadata

connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("newsfacts migrations run through db.migrate.upgrade(), which passes a connection")
context.configure(connection=connection, target_metadata=target_metadata, compare_type=True,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()

"""Alembic migration scripts for the newsfacts schema (run through db.migrate, no alembic.ini)."""

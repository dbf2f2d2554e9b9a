"""Alembic owns the schema: the models and the migrations agree, and upgrade/downgrade work."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, inspect

from db import migrate, open_database
from db.models import VIEWS, Base

from .conftest import BACKENDS

TABLES = {t.name for t in Base.metadata.sorted_tables}


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_models_and_migrations_agree(database):
    with database.engine.connect() as connection:
        assert migrate.compare(connection) == []


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_compare_sees_a_model_the_migrations_lack(database):
    drifted = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(drifted)
    drifted.tables["quantities"].append_column(Column("confidence", Integer))
    with database.engine.connect() as connection:
        diff = migrate.compare(connection, drifted)
    assert [(op[0], op[3].name) for op in diff] == [("add_column", "confidence")]


def _schema(engine) -> tuple[set[str], set[str]]:
    inspector = inspect(engine)
    return set(inspector.get_table_names()), set(inspector.get_view_names())


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_upgrade_head_and_downgrade_base(db_url):
    with open_database(db_url) as database:
        tables, views = _schema(database.engine)
        assert tables == TABLES | {"alembic_version"}
        assert views == set(VIEWS)
        with database.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()

        migrate.downgrade(database.engine, "base")
        tables, views = _schema(database.engine)
        assert (tables, views) == ({"alembic_version"}, set())
        with database.engine.connect() as connection:
            assert migrate.current_revision(connection) is None

        migrate.upgrade(database.engine, "head")
        assert _schema(database.engine) == (TABLES | {"alembic_version"}, set(VIEWS))


def test_reopening_a_migrated_database_changes_nothing(db_url):
    with open_database(db_url) as database, database.engine.connect() as connection:
        first = migrate.current_revision(connection)
    with open_database(db_url) as database, database.engine.connect() as connection:
        assert migrate.current_revision(connection) == first == migrate.head_revision()
        assert migrate.compare(connection) == []


def test_migration_scripts_sit_in_the_package():
    names = {p.name for p in migrate.MIGRATIONS.iterdir()}
    assert {"env.py", "script.py.mako", "versions"} <= names
    revisions = sorted(p.name for p in (migrate.MIGRATIONS / "versions").glob("*.py"))
    assert revisions and revisions[-1].startswith(migrate.head_revision() or "?")

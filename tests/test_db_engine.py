"""Opening databases: SQLite setup, migration on open, and one clear ConfigError per bad URL."""

from __future__ import annotations

import pytest
from sqlalchemy import make_url, text

from db import migrate, open_database
from db.engine import hide_password
from pipeline.errors import ConfigError
from pipeline.settings import Settings

from .conftest import postgres_url


def test_sqlite_gets_wal_foreign_keys_and_the_schema(db_url):
    with open_database(db_url) as database, database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert migrate.current_revision(connection) == migrate.head_revision()


def test_the_default_url_comes_from_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert Settings().db_url == "sqlite:///newsfacts.db"
    with open_database() as database:
        assert database.url == make_url(Settings().db_url)
    assert (tmp_path / "newsfacts.db").is_file()


def _config_error(url: str) -> str:
    with pytest.raises(ConfigError) as caught:
        open_database(url)
    message = str(caught.value)
    assert "\n" not in message and "s3cret" not in message
    return message


@pytest.mark.parametrize(("url", "reason"), [
    ("not a database url", "not a database URL"),
    ("", "not a database URL"),
    ("nosuchdb://user:s3cret@localhost/x", "unknown database dialect 'nosuchdb'"),
    ("postgresql+nosuchdriver://user:s3cret@localhost/x", "unknown database dialect 'postgresql+nosuchdriver'"),
    ("mysql+mysqldb://user:s3cret@localhost/x", "driver for 'mysql+mysqldb' is not installed"),
    ("postgresql+psycopg://user:s3cret@127.0.0.1:9/news", "Connection refused"),
    ("postgresql+psycopg://user:s3cret@127.0.0.1:5432/news?nosuch_option=1", "invalid connection option"),
])
def test_bad_urls_name_the_url_and_the_reason(url, reason):
    message = _config_error(url)
    assert message.startswith(f"database {hide_password(url) or repr(url)}: ")
    assert reason in message


def test_a_sqlite_file_in_a_missing_folder(tmp_path):
    message = _config_error(f"sqlite:///{tmp_path}/no/such/folder/news.db")
    assert "does not exist" in message and "no/such/folder" in message


def test_a_database_from_a_newer_newsfacts(db_url):
    with open_database(db_url) as database, database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    assert "schema cannot be migrated" in _config_error(db_url)


def test_password_is_hidden_in_messages():
    assert hide_password("postgresql://ann:s3cret@db.example/news") == "postgresql://ann:***@db.example/news"
    assert hide_password(make_url("postgresql://ann:s3cret@db.example/news")) == "postgresql://ann:***@db.example/news"


@pytest.mark.postgres
def test_postgres_missing_database_and_unknown_role():
    server = make_url(postgres_url())
    missing = server.set(database="newsfacts_no_such_database").render_as_string(hide_password=False)
    assert 'database "newsfacts_no_such_database" does not exist' in _config_error(missing)
    nobody = server.set(username="newsfacts_no_such_role", password="s3cret").render_as_string(hide_password=False)
    assert "newsfacts_no_such_role" in _config_error(nobody)

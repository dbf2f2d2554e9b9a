"""Shared fixtures: the real spaCy pipeline (loaded once) and paths to bundled fixtures."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED_HTML = FIXTURES / "rare-earth-talks.html"
POSTGRES_ENV = "NEWSFACTS_TEST_POSTGRES"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(db_url="sqlite://")


@pytest.fixture(scope="session")
def extractor(settings):
    from pipeline.process import Extractor

    return Extractor(settings)


@pytest.fixture(scope="session")
def nlp(extractor):
    return extractor.nlp


@pytest.fixture
def run_nlp(extractor):
    """Run the full pipeline over `text` (one paragraph block per line) anchored at `published`."""
    from datetime import date

    from pipeline.clean import text_blocks
    from schemas import Article, Origin, SourceKind
    from schemas.digest import sha256_hex

    def run(text: str, published: date | None = None):
        sha = sha256_hex(text)
        article = Article(id=sha, sha256=sha, text=text, blocks=text_blocks(text), published=published,
                          origin=Origin(SourceKind.JSONL, "test", sha))
        return extractor.nlp(extractor.make_doc(article))

    return run


# Databases: parametrize a test with `@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)`
# to run it on SQLite and on the PostgreSQL named by NEWSFACTS_TEST_POSTGRES.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    return url


@pytest.fixture
def db_url(request, tmp_path):
    """A fresh, empty database URL: a SQLite file, or a PostgreSQL schema of its own."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'newsfacts.db'}"
        return
    server = make_url(postgres_url())
    schema = f"nf_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield server.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def database(db_url):
    from db import open_database

    with open_database(db_url) as opened:
        yield opened

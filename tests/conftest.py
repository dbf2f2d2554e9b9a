"""Shared fixtures: the real spaCy pipeline (loaded once) and paths to bundled fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED_HTML = FIXTURES / "rare-earth-talks.html"


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

    def run(text: str, published: date | None = None):
        doc = extractor.nlp.make_doc(text)
        doc._.nf_blocks = text_blocks(text)
        doc._.nf_published = published
        return extractor.nlp(doc)

    return run

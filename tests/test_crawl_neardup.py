"""MinHash near-duplicates: wire copies score high, other stories low, and share an LSH band."""

from __future__ import annotations

from pipeline.crawl import neardup
from tests.crawlsite import MARKETS, STORIES

TEXT = " ".join(MARKETS.paragraphs)


def test_a_wire_copy_is_near_and_shares_bands():
    copy = "(Wire service) Reporting from Frankfurt. " + TEXT + " Editing by the business desk."
    a, b = neardup.signature(TEXT), neardup.signature(copy)
    assert neardup.similarity(a, b) >= 0.8
    assert sum(x == y for x, y in zip(neardup.bands(a), neardup.bands(b))) >= 1


def test_other_stories_are_far():
    a = neardup.signature(TEXT)
    for story in STORIES:
        if story is not MARKETS:
            assert neardup.similarity(a, neardup.signature(" ".join(story.paragraphs))) < 0.3


def test_signature_is_deterministic_case_and_space_blind():
    assert neardup.signature(TEXT) == neardup.signature("  " + TEXT.upper().replace(" ", "\n"))
    assert len(neardup.signature(TEXT)) == neardup.PERMUTATIONS
    assert len(neardup.bands(neardup.signature(TEXT))) == neardup.BANDS


def test_empty_text_matches_no_text():
    assert neardup.similarity(neardup.signature(""), neardup.signature(TEXT)) == 0.0
    assert neardup.shingles("two words") == {"two words"}

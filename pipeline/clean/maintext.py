"""Main text of a page: trafilatura, with two general repairs measured on the articles benchmark.

Precision mode keeps boilerplate out but now and then settles on a stub (a reprint notice)
beside the article: when it finds under STUB_WORDS words, the balanced mode gets a say and
wins when it finds at least RESCUE_RATIO times as much. And when the article body is split
into look-alike containers (pipeline.clean.continuation), the parts are extracted together.
Comments are not the article; tables are (the extractors read them as table cells).
htmldate looks for the date in the markup only: its free-text search turns a footer's
"© 2025" into 2025-01-01, a wrong anchor for every relative date in the article.
"""

from __future__ import annotations

import trafilatura
from lxml import html as lxml_html
from trafilatura.settings import Document, set_date_params

from pipeline.clean import continuation

OPTIONS = {"include_comments": False, "include_tables": True}
STUB_WORDS = 100
RESCUE_RATIO = 2.0


def _words(found: Document | None) -> int:
    return len(found.text.split()) if found is not None and found.text else 0


def extract(tree: lxml_html.HtmlElement, url: str | None) -> Document | None:
    """trafilatura's Document (XML body, text, metadata) for the page, or None when it finds
    no main text. `tree` is left unchanged."""
    dates = set_date_params(extensive=False)
    found = trafilatura.bare_extraction(tree, url=url, with_metadata=True, favor_precision=True,
                                        date_extraction_params=dates, **OPTIONS)
    if _words(found) < STUB_WORDS:
        balanced = trafilatura.bare_extraction(tree, url=url, with_metadata=found is None,
                                               date_extraction_params=dates, **OPTIONS)
        if found is None:
            found = balanced
        elif _words(balanced) >= RESCUE_RATIO * max(_words(found), 1):
            found.body, found.text = balanced.body, balanced.text
    if found is not None and found.text and (split := continuation.parts(tree, found.text)):
        joined = trafilatura.bare_extraction(continuation.joined_page(tree, split), url=url,
                                             favor_precision=True, **OPTIONS)
        if _words(joined) > _words(found):
            found.body, found.text = joined.body, joined.text
    return found

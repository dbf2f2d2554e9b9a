"""Extract: run the spaCy pipeline over cleaned articles and collect the facts it set."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from extractors import build_nlp, extractor_version
from pipeline.settings import Settings
from schemas import Article, Extraction, Outcome, Problem


class Extractor:
    """The loaded pipeline and its version; build once per process."""

    def __init__(self, settings: Settings, nlp: Language | None = None) -> None:
        self.settings = settings
        self.nlp = nlp if nlp is not None else build_nlp(settings)
        self.version = extractor_version(self.nlp)

    def make_doc(self, article: Article) -> Doc:
        """The tokenised Doc of an article, carrying its blocks and publication date."""
        doc = self.nlp.make_doc(article.text)
        doc._.nf_blocks = article.blocks
        doc._.nf_published = article.published
        return doc

    def _extraction(self, article: Article, doc: Doc) -> Extraction:
        return Extraction(article=article, extractor_version=self.version, entities=tuple(doc._.nf_entities),
                          quantities=tuple(doc._.nf_quantities), dates=tuple(doc._.nf_dates),
                          claims=tuple(doc._.nf_claims))

    def extract(self, article: Article) -> Extraction:
        return self._extraction(article, self.nlp(self.make_doc(article)))

    def extract_many(self, articles: Sequence[Article]) -> Iterator[Extraction | Problem]:
        """Batch through nlp.pipe; if a batch fails, redo it one by one so only the bad
        document becomes a Problem."""
        try:
            docs = list(self.nlp.pipe((self.make_doc(a) for a in articles), batch_size=self.settings.batch_size))
        except Exception:  # noqa: BLE001 - isolate the failing document below
            for article in articles:
                try:
                    yield self.extract(article)
                except Exception as exc:  # noqa: BLE001 - a bug in an extractor must not stop the batch
                    yield Problem(article.origin.locator, f"extractor error: {type(exc).__name__}: {exc}",
                                  Outcome.FAILED)
            return
        for article, doc in zip(articles, docs, strict=True):
            yield self._extraction(article, doc)

"""Throughput: documents/s of `newsfacts ingest` on the 181 pages of the articles benchmark,
beside trafilatura alone and spaCy alone, all measured in one run on one machine.

    python benchmarks/throughput.py [--workers 1 2] [--repeat 1]

Stages timed (each over the same pages):
- trafilatura alone: `trafilatura.bare_extraction` on every page (one process);
- spaCy alone: the bare model (`nlp.pipe`) over the cleaned texts (one process, model loaded);
- spaCy + newsfacts components over the cleaned texts (one process, pipeline loaded), and
  each component's share of that time;
- `newsfacts ingest` end to end (subprocess, new SQLite file, model load and start-up included)
  with each --workers value.
Pages are read from ../shared/benchmarks/articles/html (the data stays there); the ingest input
is a temporary directory of the decompressed pages.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import SHARED

ARTICLES = SHARED / "articles" / "html"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node()}: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def timed(label: str, n: int, fn) -> None:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"{label:<48} {n:>4} docs {seconds:8.1f} s {n / seconds:8.2f} docs/s", flush=True)


def component_shares(extractor, articles) -> None:
    """Seconds per pipeline component (tokenizer included) over the articles, one by one."""
    nlp = extractor.nlp
    totals = dict.fromkeys(["tokenizer", *nlp.pipe_names], 0.0)
    for article in articles:
        start = time.perf_counter()
        doc = extractor.make_doc(article)
        totals["tokenizer"] += time.perf_counter() - start
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            doc = component(doc)
            totals[name] += time.perf_counter() - start
    ours = sum(v for k, v in totals.items() if k.startswith("newsfacts_"))
    model = sum(totals.values()) - ours
    print(f"\ncomponent times over {len(articles)} articles (share of the bare model's time):")
    for name, seconds in totals.items():
        print(f"  {name:<24} {seconds:7.2f} s  {100 * seconds / model:6.1f}%")
    print(f"  {'newsfacts components':<24} {ours:7.2f} s  {100 * ours / model:6.1f}%\n", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--pages", type=Path, default=ARTICLES)
    args = parser.parse_args()

    import spacy
    import trafilatura

    from pipeline.clean import clean
    from pipeline.process import Extractor
    from pipeline.settings import Settings
    from schemas import Article, Origin, RawDocument, RawFormat, SourceKind

    pages = sorted(args.pages.glob("*.html.gz"))
    if not pages:
        sys.exit(f"no pages in {args.pages}")
    htmls = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in pages]
    print(f"machine: {machine()}\npages: {len(htmls)} from {args.pages}\n", flush=True)

    settings = Settings(languages=("*",))
    timed("trafilatura alone (bare_extraction)", len(htmls),
          lambda: [trafilatura.bare_extraction(h, with_metadata=True, include_tables=True) for h in htmls])
    raws = [RawDocument(Origin(SourceKind.FILE, str(p), "0" * 64), h, RawFormat.HTML) for p, h in zip(pages, htmls)]
    articles = [a for a in (clean(r, settings) for r in raws) if isinstance(a, Article)]
    texts = [a.text for a in articles]
    timed("newsfacts clean (trafilatura + metadata + layout)", len(raws), lambda: [clean(r, settings) for r in raws])
    extractor = Extractor(settings)
    bare = spacy.load(extractor.nlp.meta["lang"] + "_" + extractor.nlp.meta["name"])
    timed(f"spaCy alone ({bare.meta['name']}, nlp.pipe)", len(texts),
          lambda: list(bare.pipe(texts, batch_size=settings.batch_size)))
    timed("spaCy + newsfacts components", len(articles), lambda: list(extractor.extract_many(articles)))
    component_shares(extractor, articles)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for page, html in zip(pages, htmls):
            (folder / page.name.removesuffix(".gz")).write_text(html, "utf-8")
        for workers in args.workers:
            db = Path(tmp) / f"w{workers}.db"
            cmd = [sys.executable, "-m", "pipeline", "ingest", str(folder), "--db", f"sqlite:///{db}",
                   "--workers", str(workers)]
            env = {**os.environ, "NEWSFACTS_LANGUAGES": "*"}

            def ingest() -> None:
                proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
                summary = proc.stderr.strip().splitlines()[-3:]
                print("    " + " | ".join(summary), flush=True)
            timed(f"newsfacts ingest --workers {workers} (end to end)", len(htmls), ingest)


if __name__ == "__main__":
    main()

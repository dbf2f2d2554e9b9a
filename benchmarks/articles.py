"""Main-text quality on ../shared/benchmarks/articles (181 real news pages), scored by its score.py.

    python benchmarks/articles.py                 # through `newsfacts extract -` (the CLI)
    python benchmarks/articles.py --clean-only    # pipeline.clean directly: fast, no NLP

Each page goes in as a JSONL record {"id", "html", "url"}; our prediction for a page is the
output's cleaned "text" (a skipped page predicts nothing). trafilatura's default `extract()`
runs over the same pages in the same run as the reference figure (--no-baseline skips it).
Predictions go to benchmarks/out/ (git-ignored); the data never leaves ../shared.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from harness import OUT, SHARED, extract, last_line, run_scorer, write_jsonl

DATA = SHARED / "articles"
# "skipped: -:12: " or "<page id>: " in front of a reason
_LOCATOR = re.compile(r"^(?:(?:failed|skipped): )?(?:-:\d+|[0-9a-f]{64}): ")


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str
    html: str


def pages(data: Path) -> Iterator[Page]:
    """The benchmark pages in ground-truth order."""
    with (data / "ground-truth.jsonl").open(encoding="utf-8") as gt:
        for line in gt:
            if line.strip():
                rec = json.loads(line)
                html = gzip.decompress((data / "html" / f"{rec['id']}.html.gz").read_bytes()).decode("utf-8")
                yield Page(rec["id"], rec["url"], html)


def via_cli(items: list[Page]) -> tuple[dict[str, str], list[str]]:
    """Feed the pages to `newsfacts extract -`; return {id: text} and its problem lines."""
    outputs, problems = extract([{"id": p.id, "html": p.html, "url": p.url} for p in items], languages="*")
    return {pid: out["text"] for pid, out in outputs.items()}, problems


def via_clean(items: list[Page]) -> tuple[dict[str, str], list[str]]:
    """Run pipeline.clean directly (no NLP); return {id: text} and one line per skipped page."""
    import hashlib

    from pipeline.clean import clean
    from pipeline.settings import load_settings
    from schemas import Article, Origin, RawDocument, RawFormat, SourceKind

    settings = load_settings(languages="*")
    predictions, problems = {}, []
    for i, p in enumerate(items, 1):
        sha = hashlib.sha256(p.html.encode("utf-8")).hexdigest()
        raw = RawDocument(Origin(SourceKind.JSONL, f"-:{i}", sha, url=p.url, record_id=p.id), p.html,
                          RawFormat.HTML, doc_id=p.id)
        result = clean(raw, settings)
        if isinstance(result, Article):
            predictions[p.id] = result.text
        else:
            problems.append(f"{p.id}: {result.reason}")
    return predictions, problems


def via_trafilatura(items: list[Page]) -> dict[str, str]:
    """trafilatura's default extract(), the reference figure."""
    import trafilatura

    return {p.id: trafilatura.extract(p.html, url=p.url) or "" for p in items}


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children: steadier than wall time on a shared machine."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean-only", action="store_true", help="call pipeline.clean directly (no NLP)")
    parser.add_argument("--no-baseline", action="store_true", help="skip trafilatura's default extract()")
    parser.add_argument("--data", type=Path, default=DATA, help=f"benchmark folder (default {DATA})")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where predictions go (default {OUT})")
    parser.add_argument("--per-page", action="store_true", help="also write the scorer's per-page rows")
    args = parser.parse_args()
    if not (args.data / "ground-truth.jsonl").is_file():
        sys.exit(f"no benchmark data in {args.data}")

    items = list(pages(args.data))
    order = [p.id for p in items]
    print(f"articles benchmark: {len(items)} pages from {args.data}", flush=True)
    systems = [] if args.no_baseline else [("trafilatura-default", lambda: (via_trafilatura(items), []))]
    systems.append(("newsfacts-clean", lambda: via_clean(items)) if args.clean_only
                   else ("newsfacts-extract", lambda: via_cli(items)))
    for name, run in systems:
        start, cpu_start = time.perf_counter(), _cpu_seconds()
        predictions, problems = run()
        seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
        path = args.out / f"articles-{name}.jsonl"
        write_jsonl(path, ({"id": pid, "articleBody": predictions.get(pid, "")} for pid in order))
        for note, n in Counter(_LOCATOR.sub("", line) for line in problems).most_common():
            print(f"  {name}: {n} x {note}", flush=True)
        per_page = args.out / f"articles-{name}.per-page.jsonl" if args.per_page else None
        timing = f"{1000 * seconds / len(items):6.1f} ms/page ({1000 * cpu / len(items):.1f} CPU)"
        report = run_scorer(args.data / "score.py", path, "--gt", args.data / "ground-truth.jsonl",
                            *(["--per-page", per_page] if per_page else []))
        print(f"{name:<20} {timing}  {last_line(report)}", flush=True)


if __name__ == "__main__":
    main()

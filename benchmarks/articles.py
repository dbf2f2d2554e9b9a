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
import os
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "benchmarks" / "articles"
OUT = ROOT / "benchmarks" / "out"
_LOCATOR = re.compile(r"^(?:-:\d+|[0-9a-f]{64}): ")  # stdin line or page id in front of a reason


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


def write_predictions(path: Path, predictions: dict[str, str], order: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for pid in order:
            f.write(json.dumps({"id": pid, "articleBody": predictions.get(pid, "")}, ensure_ascii=False) + "\n")


def via_cli(items: list[Page]) -> tuple[dict[str, str], list[str]]:
    """Feed the pages to `newsfacts extract -`; return {id: text} and its stderr lines."""
    env = {**os.environ, "NEWSFACTS_LANGUAGES": "*"}
    stdin = "".join(json.dumps({"id": p.id, "html": p.html, "url": p.url}, ensure_ascii=False) + "\n" for p in items)
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "-"], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=ROOT, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"newsfacts extract exited with {proc.returncode}:\n{proc.stderr[-4000:]}")
    predictions = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            out = json.loads(line)
            predictions[out["id"]] = out["text"]
    return predictions, proc.stderr.splitlines()


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


def score(data: Path, predictions: Path, per_page: Path | None = None) -> str:
    """Run the benchmark's own scorer; return its last line."""
    cmd = [sys.executable, str(data / "score.py"), str(predictions), "--gt", str(data / "ground-truth.jsonl")]
    if per_page:
        cmd += ["--per-page", str(per_page)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return proc.stdout.strip().splitlines()[-1]


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
        write_predictions(path, predictions, order)
        for note, n in Counter(_LOCATOR.sub("", line) for line in problems).most_common():
            print(f"  {name}: {n} x {note}", flush=True)
        per_page = args.out / f"articles-{name}.per-page.jsonl" if args.per_page else None
        timing = f"{1000 * seconds / len(items):6.1f} ms/page ({1000 * cpu / len(items):.1f} CPU)"
        print(f"{name:<20} {timing}  {score(args.data, path, per_page)}", flush=True)


if __name__ == "__main__":
    main()

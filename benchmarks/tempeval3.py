"""TempEval-3 Task A: find and normalise time expressions (TIMEX3) in news, scored by the
benchmark's own score.py (value_F1, strict_F1, relaxed_F1 on its last line).

    python benchmarks/tempeval3.py [--split train test] [--via cli|library] [--errors 20] [--profile]
    python benchmarks/tempeval3.py --split train --via library --disable newsfacts_entities newsfacts_claims

Each document goes through `newsfacts extract -` as a JSONL record {"id", "text",
"published": DCT} (or, with --via library, through pipeline.process.Extractor in this
process); the "dates" of each output line become the predictions, written to
benchmarks/out/tempeval3-<split>.pred.jsonl. The data stays in ../shared/benchmarks/tempeval3.
--profile times each pipeline component over the split's documents (library, one process).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "benchmarks" / "tempeval3"
OUT = ROOT / "benchmarks" / "out"


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def records(docs: Iterable[dict]) -> list[dict]:
    """The `extract` input: the unchanged text, anchored at the document creation time."""
    return [{"id": d["doc_id"], "text": d["text"], "published": d["dct"]} for d in docs]


def via_cli(recs: list[dict]) -> dict[str, list[dict]]:
    payload = "".join(json.dumps(r) + "\n" for r in recs)
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "-"], input=payload, capture_output=True,
                          text=True, cwd=ROOT, check=False)
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        sys.exit(f"newsfacts extract failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    if proc.returncode == 1:
        print(f"warning: some documents failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
    out = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            obj = json.loads(line)
            out[obj["id"]] = obj["dates"]
    return out


def _articles(recs: list[dict]):
    from datetime import date

    from pipeline.clean import sha256_text, text_blocks
    from schemas import Article, Origin, SourceKind

    for n, r in enumerate(recs, 1):
        sha = sha256_text(r["text"])
        origin = Origin(SourceKind.JSONL, f"-:{n}", sha, record_id=r["id"])
        yield Article(id=r["id"], sha256=sha, text=r["text"], blocks=text_blocks(r["text"]), origin=origin,
                      published=date.fromisoformat(r["published"]), published_source="input")


def _extractor(disable: tuple[str, ...] = ()):
    from extractors import build_nlp
    from pipeline.process import Extractor
    from pipeline.settings import Settings

    settings = Settings()
    nlp = build_nlp(settings)
    for name in disable:
        nlp.disable_pipe(name)
    return Extractor(settings, nlp)


def via_library(recs: list[dict], disable: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    from schemas import Extraction

    extractor = _extractor(disable)
    out = {}
    for result in extractor.extract_many(list(_articles(recs))):
        if not isinstance(result, Extraction):
            sys.exit(f"extraction failed: {result}")
        out[result.article.id] = [{"start": d.start, "end": d.end, "text": d.text, "type": d.type, "value": d.value,
                                   "mod": d.mod} for d in result.dates]
    return out


def profile(recs: list[dict]) -> None:
    """Seconds per pipeline component over the documents, and the dates component's share."""
    extractor = _extractor()
    nlp = extractor.nlp
    totals = dict.fromkeys(["tokenizer", *nlp.pipe_names], 0.0)
    for article in _articles(recs):
        start = time.perf_counter()
        doc = extractor._doc(article)
        totals["tokenizer"] += time.perf_counter() - start
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            doc = proc(doc)
            totals[name] += time.perf_counter() - start
    whole = sum(totals.values())
    print(f"pipeline time over {len(recs)} docs: {whole:.1f} s ({len(recs) / whole:.1f} docs/s, one process)")
    for name, seconds in totals.items():
        print(f"  {name:<22} {seconds:7.2f} s  {100 * seconds / whole:5.1f}%")


def run_split(split: str, via: str, errors: int, disable: tuple[str, ...] = ()) -> str:
    gold_path = DATA / f"{split}.jsonl"
    recs = records(load(gold_path))
    start = time.perf_counter()
    dates = via_cli(recs) if via == "cli" else via_library(recs, disable)
    seconds = time.perf_counter() - start
    OUT.mkdir(parents=True, exist_ok=True)
    pred_path = OUT / f"tempeval3-{split}.pred.jsonl"
    with pred_path.open("w", encoding="utf-8") as f:
        for r in recs:
            timexes = [{"start": d["start"], "end": d["end"], "type": d["type"], "value": d["value"]}
                       for d in dates.get(r["id"], [])]
            f.write(json.dumps({"doc_id": r["id"], "timexes": timexes}) + "\n")
    args = [sys.executable, str(DATA / "score.py"), str(gold_path), str(pred_path)]
    if errors:
        args += ["--errors", str(errors)]
    scored = subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()
    if errors:
        print(scored)
    last = scored.splitlines()[-1]
    print(f"{split}: {last}  ({len(recs)} docs, {seconds:.1f} s via {via})", flush=True)
    return last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", nargs="+", choices=["train", "test"], default=["train", "test"])
    parser.add_argument("--via", choices=["cli", "library"], default="cli")
    parser.add_argument("--errors", type=int, default=0, help="print up to N examples of each error kind")
    parser.add_argument("--disable", nargs="+", default=[], metavar="COMPONENT",
                        help="with --via library: pipeline components to switch off (e.g. newsfacts_claims)")
    parser.add_argument("--profile", action="store_true", help="time each pipeline component (library)")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"benchmark data not found: {DATA}")
    for split in args.split:
        run_split(split, args.via, args.errors, tuple(args.disable))
    if args.profile:
        profile(records(load(DATA / f"{args.split[0]}.jsonl")))


if __name__ == "__main__":
    main()

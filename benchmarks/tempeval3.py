"""TempEval-3 Task A: find and normalise time expressions (TIMEX3) in news, scored by the
benchmark's own score.py (value_F1, strict_F1, relaxed_F1 on its last line).

    python benchmarks/tempeval3.py [--split train test] [--via cli|library] [--errors 20]
    python benchmarks/tempeval3.py --split train --via library --disable newsfacts_entities newsfacts_claims

Each document goes through `newsfacts extract -` as a JSONL record {"id", "text",
"published": DCT} (or, with --via library, through the same pipeline in this process); the
"dates" of each output line become the predictions, written to
benchmarks/out/tempeval3-<split>.pred.jsonl. The data stays in ../shared/benchmarks/tempeval3.
Each component's share of pipeline time is measured by benchmarks/throughput.py.
"""

from __future__ import annotations

import argparse
import sys
import time

from harness import OUT, SHARED, extract, last_line, read_jsonl, run_scorer, write_jsonl

DATA = SHARED / "tempeval3"


def records(docs: list[dict]) -> list[dict]:
    """The `extract` input: the unchanged text, anchored at the document creation time."""
    return [{"id": d["doc_id"], "text": d["text"], "published": d["dct"]} for d in docs]


def run_split(split: str, library: bool, errors: int, disable: tuple[str, ...] = ()) -> str:
    gold_path = DATA / f"{split}.jsonl"
    recs = records(read_jsonl(gold_path))
    start = time.perf_counter()
    outputs, problems = extract(recs, library=library, disable=disable)
    seconds = time.perf_counter() - start
    if problems:
        print("warning: some documents failed:\n" + "\n".join(problems[:20]), file=sys.stderr)
    pred_path = write_jsonl(OUT / f"tempeval3-{split}.pred.jsonl", (
        {"doc_id": r["id"], "timexes": [{"start": d["start"], "end": d["end"], "type": d["type"], "value": d["value"]}
                                        for d in outputs.get(r["id"], {}).get("dates", [])]}
        for r in recs))
    report = run_scorer(DATA / "score.py", gold_path, pred_path, *(["--errors", str(errors)] if errors else []))
    if errors:
        print(report)
    last = last_line(report)
    print(f"{split}: {last}  ({len(recs)} docs, {seconds:.1f} s via {'library' if library else 'cli'})", flush=True)
    return last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", nargs="+", choices=["train", "test"], default=["train", "test"])
    parser.add_argument("--via", choices=["cli", "library"], default="cli")
    parser.add_argument("--errors", type=int, default=0, help="print up to N examples of each error kind")
    parser.add_argument("--disable", nargs="+", default=[], metavar="COMPONENT",
                        help="with --via library: pipeline components to switch off (e.g. newsfacts_claims)")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"benchmark data not found: {DATA}")
    for split in args.split:
        run_split(split, args.via == "library", args.errors, tuple(args.disable))


if __name__ == "__main__":
    main()

"""Attribution (who said what) on ../shared/benchmarks/attribution (PolNeAR), scored by its score.py.

    python benchmarks/attribution.py                    # dev split, through `newsfacts extract -`
    python benchmarks/attribution.py --split test       # test is for reporting, not for tuning
    python benchmarks/attribution.py --split dev --limit 20 --library

Each article goes in as a JSONL record {"id", "text", "published"}; the CLI keeps the text
unchanged, so the offsets of its claims index the gold text. A claim becomes a prediction
{"source", "cue", "content"} (content with its fragments); statistics with no cue attribute
nothing and are left out. Predictions and the scorer's full
report go to benchmarks/out/ (git-ignored); the data never leaves ../shared. `--library` runs
pipeline.process.Extractor in this process instead of the CLI (same pipeline, handy while the
CLI is being worked on). Prints the scorer's last line: content_F1, source_F1, joint_F1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from harness import OUT, SHARED, extract, gold_file, last_line, read_jsonl, run_scorer, write_jsonl

DATA = SHARED / "attribution"


def _span(obj: dict[str, Any] | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    out = {"start": obj["start"], "end": obj["end"]}  # offsets only: no article text leaves ../shared
    if obj.get("fragments"):
        out["fragments"] = [{"start": f["start"], "end": f["end"]} for f in obj["fragments"]]
    return out


def is_attribution(claim: dict[str, Any]) -> bool:
    """A claim PolNeAR could annotate: not a statistic stated with no cue ("June saw 353 tons
    ..."), which attributes nothing to anyone."""
    return not (claim["kind"] == "statistic" and claim["cue"] is None)


def to_prediction(doc_id: str, claims: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Contract claims -> the scorer's attributions (source, cue, content spans)."""
    return {"doc_id": doc_id, "attributions": [
        {"source": _span(c["speaker"]), "cue": _span(c["cue"]), "content": _span(c["content"])}
        for c in claims if is_attribution(c)
    ]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "test", "train"], default="dev")
    ap.add_argument("--limit", type=int, help="only the first N documents")
    ap.add_argument("--library", action="store_true", help="run the Extractor in-process, not the CLI")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args(argv)

    gold_path = args.data / f"{args.split}.jsonl"
    docs = read_jsonl(gold_path, args.limit)
    outputs, problems = extract([{"id": d["doc_id"], "text": d["text"], "published": d.get("date")} for d in docs],
                         library=args.library)
    suffix = f"{args.split}{f'.first{args.limit}' if args.limit else ''}"
    pred_file = write_jsonl(OUT / f"attribution.{suffix}.pred.jsonl", (
        to_prediction(d["doc_id"], outputs[d["doc_id"]]["claims"] if d["doc_id"] in outputs else [])
        for d in docs))
    with gold_file(gold_path, docs if args.limit else None) as gold:
        report = run_scorer(args.data / "score.py", gold, pred_file, "--json",
                            OUT / f"attribution.{suffix}.score.json", report=OUT / f"attribution.{suffix}.score.txt")
    for line in problems:  # a failed document predicts nothing: say so, or the score misleads
        print(line, file=sys.stderr)
    print(last_line(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

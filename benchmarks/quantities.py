"""Quantities (numbers with units, percents, ranges) on ../shared/benchmarks/quantities, scored by its score.py.

    python benchmarks/quantities.py                                # recognizers-dev, through `newsfacts extract -`
    python benchmarks/quantities.py --split test                   # test is for reporting, not for tuning
    python benchmarks/quantities.py --split notsupported-python    # the extra set (number ranges)
    python benchmarks/quantities.py --split dev --library          # in-process, no CLI

Each sentence goes in as a JSONL record {"id", "text"}; the CLI keeps the text unchanged, so
the offsets of its quantities index the gold text. A quantity becomes a prediction
{"start", "end", "value", "unit", "kind"} in the scorer's terms:
- kind: mass, length, area, volume, energy, power, speed and data are the scorer's `dimension`;
  currency, percent, duration, temperature, ratio and number keep their names.
- value: the number; a range is [low, high]. An open bound ('more than $ 247 million') is
  reported as its number when it has a unit, because the gold's NumberWithUnit specs mark the
  number and not the bound word, and as [low, null] / [null, high] when it has none (the gold's
  NumberRange convention).
- unit: our canonical name; the scorer normalises both sides with its norm_unit().
Predictions (offsets and values only: no text leaves ../shared) and the scorer's full report go
to benchmarks/out/ (git-ignored). Prints the scorer's last line: span_F1, value_unit_F1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from harness import OUT, SHARED, extract, gold_file, last_line, read_jsonl, run_scorer, write_jsonl

DATA = SHARED / "quantities"
SPLITS = {"dev": "recognizers-dev.jsonl", "test": "recognizers-test.jsonl",
          "notsupported-python": "recognizers-notsupported-python.jsonl"}
DIMENSIONS = frozenset({"mass", "length", "area", "volume", "energy", "power", "speed", "data"})


def scorer_kind(kind: str) -> str:
    return "dimension" if kind in DIMENSIONS else kind


def scorer_value(q: dict[str, Any]) -> float | list[float | None] | None:
    if q["value"] is not None:
        return q["value"]
    low, high = q["low"], q["high"]
    if q["unit"] is not None and (low is None) != (high is None):
        return low if low is not None else high
    return [low, high]


def to_prediction(rec_id: str, quantities: list[dict[str, Any]]) -> dict[str, Any]:
    """Contract quantities -> the scorer's format."""
    return {"id": rec_id, "quantities": [
        {"start": q["start"], "end": q["end"], "value": scorer_value(q), "unit": q["unit"],
         "kind": scorer_kind(q["kind"])} for q in quantities
    ]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=sorted(SPLITS), default="dev")
    ap.add_argument("--limit", type=int, help="only the first N sentences")
    ap.add_argument("--library", action="store_true", help="run the Extractor in-process, not the CLI")
    ap.add_argument("--strict", action="store_true", help="count predictions outside each sentence's scope")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args(argv)

    gold_path = args.data / SPLITS[args.split]
    records = read_jsonl(gold_path, args.limit)
    outputs, _ = extract([{"id": r["id"], "text": r["text"]} for r in records], library=args.library)
    suffix = f"{args.split}{f'.first{args.limit}' if args.limit else ''}"
    pred_file = write_jsonl(OUT / f"quantities.{suffix}.pred.jsonl", (
        to_prediction(r["id"], outputs[r["id"]]["quantities"] if r["id"] in outputs else [])  # skipped: none
        for r in records))
    with gold_file(gold_path, records if args.limit else None) as gold:
        report = run_scorer(args.data / "score.py", gold, pred_file, *(["--strict"] if args.strict else []),
                            report=OUT / f"quantities.{suffix}.score.txt")
    print(last_line(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

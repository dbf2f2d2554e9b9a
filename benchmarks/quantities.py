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
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "benchmarks" / "quantities"
OUT = ROOT / "benchmarks" / "out"
SPLITS = {"dev": "recognizers-dev.jsonl", "test": "recognizers-test.jsonl",
          "notsupported-python": "recognizers-notsupported-python.jsonl"}
DIMENSIONS = frozenset({"mass", "length", "area", "volume", "energy", "power", "speed", "data"})


def gold_records(path: Path, limit: int | None) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                records.append(json.loads(line))
                if limit is not None and len(records) >= limit:
                    break
    return records


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


def via_cli(records: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Run `newsfacts extract -` over the sentences; yield its output objects."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stdin:
        for r in records:
            stdin.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
        stdin.seek(0)
        proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "-"], stdin=stdin,
                              capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"newsfacts extract failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    for line in proc.stdout.splitlines():
        if line.strip():
            yield json.loads(line)


def via_library(records: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Same pipeline in-process (pipeline.clean for plain text, then the Extractor)."""
    from pipeline.clean import clean
    from pipeline.process import Extractor
    from pipeline.settings import load_settings
    from schemas import Article, Origin, RawDocument, RawFormat, SourceKind
    from schemas.contract import to_json

    settings = load_settings()
    extractor = Extractor(settings)
    for r in records:
        raw = RawDocument(Origin(SourceKind.JSONL, r["id"], "0" * 64, record_id=r["id"]), r["text"],
                          RawFormat.TEXT, doc_id=r["id"])
        article = clean(raw, settings)
        if isinstance(article, Article):
            yield to_json(extractor.extract(article))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=sorted(SPLITS), default="dev")
    ap.add_argument("--limit", type=int, help="only the first N sentences")
    ap.add_argument("--library", action="store_true", help="run the Extractor in-process, not the CLI")
    ap.add_argument("--strict", action="store_true", help="count predictions outside each sentence's scope")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args(argv)

    gold_path = args.data / SPLITS[args.split]
    if not gold_path.is_file():
        sys.exit(f"no benchmark data at {gold_path}")
    records = gold_records(gold_path, args.limit)
    texts = {r["id"]: r["text"] for r in records}
    predictions: dict[str, dict[str, Any]] = {}
    for out in (via_library if args.library else via_cli)(records):
        if out.get("text") != texts.get(out.get("id")):
            sys.exit(f"{out.get('id')}: the output text differs from the input text; offsets would not line up")
        predictions[out["id"]] = to_prediction(out["id"], out.get("quantities", []))

    OUT.mkdir(parents=True, exist_ok=True)
    suffix = f"{args.split}{f'.first{args.limit}' if args.limit else ''}"
    pred_file = OUT / f"quantities.{suffix}.pred.jsonl"
    with pred_file.open("w", encoding="utf-8") as p:
        for r in records:  # a sentence the CLI skipped (blank text) predicts nothing
            p.write(json.dumps(predictions.get(r["id"], {"id": r["id"], "quantities": []})) + "\n")
    with tempfile.TemporaryDirectory() as tmp:  # a --limit subset of the gold stays outside the repository
        gold_file = gold_path
        if args.limit:
            gold_file = Path(tmp) / "gold.jsonl"
            gold_file.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
        cmd = [sys.executable, str(args.data / "score.py"), str(gold_file), str(pred_file)]
        score = subprocess.run(cmd + (["--strict"] if args.strict else []), capture_output=True, text=True,
                               check=False)
    (OUT / f"quantities.{suffix}.score.txt").write_text(score.stdout + score.stderr, "utf-8")
    if score.returncode != 0:
        sys.exit(f"score.py failed:\n{score.stderr}")
    print(score.stdout.strip().splitlines()[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())

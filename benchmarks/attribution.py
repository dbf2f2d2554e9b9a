"""Attribution (who said what) on ../shared/benchmarks/attribution (PolNeAR), scored by its score.py.

    python benchmarks/attribution.py                    # dev split, through `newsfacts extract -`
    python benchmarks/attribution.py --split test       # test is for reporting, not for tuning
    python benchmarks/attribution.py --split dev --limit 20 --library

Each article goes in as a JSONL record {"id", "text", "published"}; the CLI keeps the text
unchanged, so the offsets of its claims index the gold text. A claim becomes a prediction
{"source", "cue", "content"} (content with its fragments). Predictions and the scorer's full
report go to benchmarks/out/ (git-ignored); the data never leaves ../shared. `--library` runs
pipeline.process.Extractor in this process instead of the CLI (same pipeline, handy while the
CLI is being worked on). Prints the scorer's last line: content_F1, source_F1, joint_F1.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "benchmarks" / "attribution"
OUT = ROOT / "benchmarks" / "out"


def gold_docs(path: Path, limit: int | None) -> list[dict[str, Any]]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                docs.append(json.loads(line))
                if limit is not None and len(docs) >= limit:
                    break
    return docs


def _span(obj: dict[str, Any] | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    out = {"start": obj["start"], "end": obj["end"]}  # offsets only: no article text leaves ../shared
    if obj.get("fragments"):
        out["fragments"] = [{"start": f["start"], "end": f["end"]} for f in obj["fragments"]]
    return out


def to_prediction(doc_id: str, claims: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Contract claims -> the scorer's attributions (source, cue, content spans)."""
    return {"doc_id": doc_id, "attributions": [
        {"source": _span(c["speaker"]), "cue": _span(c["cue"]), "content": _span(c["content"])} for c in claims
    ]}


def via_cli(docs: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Run `newsfacts extract -` over the documents; yield its output objects."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stdin:
        for d in docs:
            stdin.write(json.dumps({"id": d["doc_id"], "text": d["text"], "published": d.get("date")}) + "\n")
        stdin.seek(0)
        proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "-"], stdin=stdin,
                              capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"newsfacts extract failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    for line in proc.stdout.splitlines():
        if line.strip():
            yield json.loads(line)


def via_library(docs: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Same pipeline in-process (pipeline.clean for plain text, then the Extractor)."""
    from pipeline.clean import clean
    from pipeline.process import Extractor
    from pipeline.settings import load_settings
    from schemas import Article, Origin, RawDocument, RawFormat, SourceKind
    from schemas.contract import to_json

    settings = load_settings()
    extractor = Extractor(settings)
    for d in docs:
        published = date.fromisoformat(d["date"]) if d.get("date") else None
        raw = RawDocument(Origin(SourceKind.JSONL, d["doc_id"], "0" * 64, record_id=d["doc_id"]), d["text"],
                          RawFormat.TEXT, doc_id=d["doc_id"], published=published)
        article = clean(raw, settings)
        if isinstance(article, Article):
            yield to_json(extractor.extract(article))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "test", "train"], default="dev")
    ap.add_argument("--limit", type=int, help="only the first N documents")
    ap.add_argument("--library", action="store_true", help="run the Extractor in-process, not the CLI")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args(argv)

    gold_path = args.data / f"{args.split}.jsonl"
    if not gold_path.is_file():
        sys.exit(f"no benchmark data at {gold_path}")
    docs = gold_docs(gold_path, args.limit)
    texts = {d["doc_id"]: d["text"] for d in docs}
    predictions: dict[str, dict[str, Any]] = {}
    for out in (via_library if args.library else via_cli)(docs):
        if out.get("text") != texts.get(out.get("id")):
            sys.exit(f"{out.get('id')}: the output text differs from the input text; offsets would not line up")
        predictions[out["id"]] = to_prediction(out["id"], out.get("claims", []))

    OUT.mkdir(parents=True, exist_ok=True)
    suffix = f"{args.split}{f'.first{args.limit}' if args.limit else ''}"
    pred_file = OUT / f"attribution.{suffix}.pred.jsonl"
    with pred_file.open("w", encoding="utf-8") as p:
        for d in docs:
            p.write(json.dumps(predictions.get(d["doc_id"], {"doc_id": d["doc_id"], "attributions": []})) + "\n")
    with tempfile.TemporaryDirectory() as tmp:  # a --limit subset of the gold stays outside the repository
        gold_file = gold_path
        if args.limit:
            gold_file = Path(tmp) / "gold.jsonl"
            gold_file.write_text("".join(json.dumps(d) + "\n" for d in docs), "utf-8")
        score = subprocess.run([sys.executable, str(args.data / "score.py"), str(gold_file), str(pred_file),
                                "--json", str(OUT / f"attribution.{suffix}.score.json")],
                               capture_output=True, text=True, check=False)
    (OUT / f"attribution.{suffix}.score.txt").write_text(score.stdout + score.stderr, "utf-8")
    if score.returncode != 0:
        sys.exit(f"score.py failed:\n{score.stderr}")
    print(score.stdout.strip().splitlines()[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())

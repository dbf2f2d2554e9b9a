"""What the benchmark runners share: where the data is, feeding JSONL records through
`newsfacts extract -` (or the same pipeline in this process), and calling a folder's scorer.

The data stays in ../shared/benchmarks; predictions and score reports go to benchmarks/out/
(git-ignored) and hold offsets and values, never the benchmark's text.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "benchmarks"
OUT = ROOT / "benchmarks" / "out"

if str(ROOT) not in sys.path:  # runnable as `python benchmarks/x.py` without installing
    sys.path.insert(0, str(ROOT))


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    if not path.is_file():
        sys.exit(f"no benchmark data at {path}")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
                if limit is not None and len(rows) >= limit:
                    break
    return rows


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _via_cli(records: Sequence[dict[str, Any]], settings: dict[str, str]) -> tuple[list[dict], list[str]]:
    env = {**os.environ, **{f"NEWSFACTS_{k.upper()}": v for k, v in settings.items()}}
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "-"], input=_jsonl(records),
                          capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"newsfacts extract exited with {proc.returncode}:\n{proc.stderr[-4000:]}")
    outputs = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    problems = [line for line in proc.stderr.splitlines() if line.startswith(("failed:", "skipped:"))]
    return outputs, problems


def _via_library(records: Sequence[dict[str, Any]], settings: dict[str, str],
                 disable: Sequence[str]) -> tuple[list[dict], list[str]]:
    from extractors import build_nlp
    from pipeline.process import Extractor
    from pipeline.run import run
    from pipeline.settings import load_settings
    from schemas import Extraction
    from schemas.contract import to_json

    loaded = load_settings(**settings)
    nlp = build_nlp(loaded)
    for name in disable:
        nlp.disable_pipe(name)
    outputs, problems = [], []
    stdin = io.BytesIO(_jsonl(records).encode("utf-8"))
    for result in run(["-"], loaded, stdin=stdin, extractor=Extractor(loaded, nlp)):
        if isinstance(result, Extraction):
            outputs.append(to_json(result))
        else:
            problems.append(f"{result.outcome}: {result}")
    return outputs, problems


def extract(records: Sequence[dict[str, Any]], *, library: bool = False, disable: Sequence[str] = (),
            **settings: str) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Run the records ({"id", "text"|"html", ...}) through the pipeline; return the output
    objects by id and the problem lines. `settings` become NEWSFACTS_* variables for the CLI
    or load_settings() overrides in-process; `disable` (library only) switches components off."""
    if disable and not library:
        sys.exit("disabling components needs --library")
    outputs, problems = (_via_library(records, settings, disable) if library
                         else _via_cli(records, settings))
    by_id = {out["id"]: out for out in outputs}
    texts = {r["id"]: r["text"] for r in records if "text" in r}
    for rid, text in texts.items():
        if rid in by_id and by_id[rid]["text"] != text:
            sys.exit(f"{rid}: the output text differs from the input text; offsets would not line up")
    return by_id, problems


@contextmanager
def gold_file(path: Path, subset: Sequence[dict[str, Any]] | None) -> Iterator[Path]:
    """The gold file to score against: `path`, or for a --limit subset a temporary copy of
    those rows outside the repository."""
    if subset is None:
        yield path
        return
    with tempfile.TemporaryDirectory() as tmp:
        yield write_jsonl(Path(tmp) / path.name, subset)


def run_scorer(scorer: Path, *args: str | Path, report: Path | None = None) -> str:
    """Run a benchmark's own scorer; return its output (and keep it in `report`)."""
    proc = subprocess.run([sys.executable, str(scorer), *map(str, args)], capture_output=True, text=True,
                          check=False)
    if report is not None:
        write_text(report, proc.stdout + proc.stderr)
    if proc.returncode != 0:
        sys.exit(f"{scorer} failed:\n{proc.stderr}")
    return proc.stdout.strip()


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def last_line(report: str) -> str:
    return report.splitlines()[-1] if report else ""

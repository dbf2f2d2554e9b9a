"""Quantities (numbers with units, percents, ranges) on ../shared/benchmarks/quantities, scored by its score.py.

    python benchmarks/quantities.py                                # recognizers-dev, through `newsfacts extract -`
    python benchmarks/quantities.py --split test                   # test is for reporting, not for tuning
    python benchmarks/quantities.py --split notsupported-python    # the extra set (number ranges)
    python benchmarks/quantities.py --split dev --library          # in-process, no CLI
    python benchmarks/quantities.py --split test --speed           # sentences/s beside quantulum3
    python benchmarks/quantities.py --split dev --model blank:en   # the parse-free pipeline (no subjects)

--speed times, in this one process and over the same sentences (best of --repeat rounds):
quantulum3's `parser.parse` on each sentence (a benchmark-only dependency:
`pip install 'quantulum3[classifier]==0.10.0' 'scikit-learn==1.8.0'`); our quantities
component alone over docs the rest of the pipeline already parsed; the component with the
spaCy pipes it reads (tagger, sentences, parser), one call per sentence; and our whole pipeline
(spaCy model and every newsfacts component) on each sentence, one call per sentence as for
quantulum3; and the parse-free pipeline (`blank:en`: tokenizer, sentencizer, blocks and the
quantities component, no tagger or parser, so no subjects) from raw text, one call per
sentence. Model loading and one warm-up call are not timed. --model picks the model of the
other rows (default: settings) and, when scoring, the model `newsfacts extract` runs with.

Each sentence goes in as a JSONL record {"id", "text"}; the CLI keeps the text unchanged, so
the offsets of its quantities index the gold text. A quantity becomes a prediction
{"start", "end", "value", "unit", "kind"} in the scorer's terms:
- kind: mass, length, area, volume, energy, power, speed, data, data rate, torque and angle are
  the scorer's `dimension`;
  currency, percent, duration, temperature, ratio and number keep their names.
- value: the number; a range is [low, high]. The gold's unit specs (NumberWithUnit, Percent)
  mark numbers, never ranges: an open bound with a unit ('more than $ 247 million') is reported
  as its number, and a two-sided range with a unit as its ends, each over its own number, the
  low end only where its own unit is written ('$ 10 to $ 20': both; '10 to 20 degrees': the
  high end). Without a unit (the NumberRange spec) an open bound is [low, null] /
  [null, high] and a range [low, high].
- unit: our canonical name ('arc degree', named apart from the temperature 'degree', is the
  scorer's 'degree' of a dimension); the scorer normalises both sides with its norm_unit().
Predictions (offsets and values only: no text leaves ../shared) and the scorer's full report go
to benchmarks/out/ (git-ignored). Prints the scorer's last line: span_F1, value_unit_F1.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import OUT, SHARED, extract, gold_file, last_line, read_jsonl, run_scorer, write_jsonl

from extractors.quantities.lexicon import load as load_lexicon
from extractors.quantities.numbers import find_numbers
from extractors.quantities.units import prefix_before, unit_after

DATA = SHARED / "quantities"
SPLITS = {"dev": "recognizers-dev.jsonl", "test": "recognizers-test.jsonl",
          "notsupported-python": "recognizers-notsupported-python.jsonl"}
DIMENSIONS = frozenset({"mass", "length", "area", "volume", "energy", "power", "speed", "data", "data rate",
                        "torque", "angle"})
SCORER_UNITS = {"arc degree": "degree"}
QUANTITIES_PIPE = "newsfacts_quantities"
# What the quantities component reads: sentences, tags ('20 times stronger') and the dependency
# parse (the subject); the rest of the pipeline (entities, dates, claims) is not its cost.
PARSE_PIPES = frozenset({"tok2vec", "tagger", "newsfacts_blocks", "parser", "attribute_ruler", "senter",
                         "sentencizer"})
PARSE_FREE_MODEL = "blank:en"
LEXICON = load_lexicon("en")


def scorer_kind(kind: str) -> str:
    return "dimension" if kind in DIMENSIONS else kind


def scorer_value(q: dict[str, Any]) -> float | list[float | None] | None:
    if q["value"] is not None:
        return q["value"]
    low, high = q["low"], q["high"]
    if q["unit"] is not None and (low is None) != (high is None):
        return low if low is not None else high
    return [low, high]


def scorer_unit(q: dict[str, Any]) -> str | None:
    """Our unit name in the scorer's words: an angle's 'arc degree' (so named beside the
    temperature 'degree') is the scorer's dimension 'degree'."""
    return SCORER_UNITS.get(q["unit"], q["unit"])


def _prediction(start: int, end: int, value: Any, q: dict[str, Any]) -> dict[str, Any]:
    return {"start": start, "end": end, "value": value, "unit": scorer_unit(q), "kind": scorer_kind(q["kind"])}


def predictions(q: dict[str, Any]) -> list[dict[str, Any]]:
    """One contract quantity as the scorer's predictions: one, or for a two-sided range with a
    unit its ends, each over the text up to or from its own number, the low end only where its
    own unit is written ('$ 10 to $ 20' -> '$ 10', '$ 20'; '10 to 20 degrees' -> '20 degrees'),
    as the unit specs mark them: their gold holds numbers with units, never ranges (only the
    NumberRange spec, whose quantities have no unit, does)."""
    if q["unit"] is None or q["value"] is not None or q["low"] is None or q["high"] is None:
        return [_prediction(q["start"], q["end"], scorer_value(q), q)]
    text = q["text"]
    numbers = find_numbers(text, LEXICON.numbers)
    if len(numbers) < 2:
        return [_prediction(q["start"], q["end"], scorer_value(q), q)]
    low, high = numbers[0], numbers[-1]
    out = [_prediction(q["start"] + high.start, q["end"], q["high"], q)]
    if prefix_before(text, low.start, LEXICON) is not None or unit_after(text, low.end, LEXICON) is not None:
        out.insert(0, _prediction(q["start"], q["start"] + low.end, q["low"], q))
    return out


def to_prediction(rec_id: str, quantities: list[dict[str, Any]]) -> dict[str, Any]:
    """Contract quantities -> the scorer's format."""
    return {"id": rec_id, "quantities": [p for q in quantities for p in predictions(q)]}


def best_rate(n: int, rounds: int, run: Callable[[], object]) -> float:
    """Items per second of the fastest of `rounds` calls of `run` (over `n` items)."""
    best = min(_seconds(run) for _ in range(rounds))
    return n / best


def _seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def quantities_pipes(nlp: Any) -> list[str]:
    """The pipes the quantities component needs (sentences, tags, parse where the model has
    them) and the component itself: what "quantities with its parse" times."""
    return [name for name in nlp.pipe_names if name in PARSE_PIPES or name == QUANTITIES_PIPE]


def timed_calls(nlp: Any, texts: list[str], pipes: list[str]) -> Callable[[], None]:
    """One nlp(text) call per text with only `pipes` enabled."""
    def run() -> None:
        with nlp.select_pipes(enable=pipes):
            for t in texts:
                nlp(t)
    return run


def speed(texts: list[str], rounds: int, model: str | None = None) -> None:
    """Sentences/s of quantulum3, of our quantities component over parsed docs, with its parse,
    of our whole pipeline and of the parse-free pipeline (blank:en), all in this process over
    the same `texts`; prints one line each and the ratios."""
    try:
        from quantulum3 import parser as quantulum
    except ImportError:
        sys.exit("--speed needs quantulum3: pip install 'quantulum3[classifier]==0.10.0' 'scikit-learn==1.8.0'")
    from extractors import build_nlp
    from pipeline.settings import load_settings

    nlp = build_nlp(load_settings(model=model))
    parse_free = build_nlp(load_settings(model=PARSE_FREE_MODEL))
    component = nlp.get_pipe(QUANTITIES_PIPE)
    warm_up = "It rose 5% to $3 million and 20 km."
    quantulum.parse(warm_up)
    nlp(warm_up)
    parse_free(warm_up)
    with nlp.select_pipes(disable=[QUANTITIES_PIPE]):
        docs = list(nlp.pipe(texts))  # parsed once: the component alone is timed over these
    rates = {
        "quantulum3 0.10.0 parser.parse": best_rate(len(texts), rounds, lambda: [quantulum.parse(t) for t in texts]),
        "newsfacts quantities component (parsed docs)": best_rate(
            len(texts), rounds, lambda: [component(doc) for doc in docs]),
        "newsfacts quantities with its parse": best_rate(
            len(texts), rounds, timed_calls(nlp, texts, quantities_pipes(nlp))),
        "newsfacts whole pipeline (nlp(text))": best_rate(len(texts), rounds, lambda: [nlp(t) for t in texts]),
        f"newsfacts quantities, parse-free pipeline ({PARSE_FREE_MODEL})": best_rate(
            len(texts), rounds, timed_calls(parse_free, texts, quantities_pipes(parse_free))),
    }
    print(f"model: {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']} (rows 2-4)")
    for label, rate in rates.items():
        print(f"{label:<56} {len(texts):>4} sentences {rate:10.1f} sentences/s")
    base = rates["quantulum3 0.10.0 parser.parse"]
    ours = list(rates.values())[1:]
    print(f"speed vs quantulum3: component {ours[0] / base:.1f}x, with its parse {ours[1] / base:.1f}x, "
          f"whole pipeline {ours[2] / base:.1f}x, parse-free pipeline {ours[3] / base:.1f}x")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=sorted(SPLITS), default="dev")
    ap.add_argument("--limit", type=int, help="only the first N sentences")
    ap.add_argument("--library", action="store_true", help="run the Extractor in-process, not the CLI")
    ap.add_argument("--strict", action="store_true", help="count predictions outside each sentence's scope")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--speed", action="store_true", help="time ours beside quantulum3 instead of scoring")
    ap.add_argument("--repeat", type=int, default=3, help="--speed: rounds per system, the best is kept")
    ap.add_argument("--model", help=f"spaCy model, e.g. {PARSE_FREE_MODEL} (default: settings)")
    args = ap.parse_args(argv)

    gold_path = args.data / SPLITS[args.split]
    records = read_jsonl(gold_path, args.limit)
    if args.speed:
        speed([r["text"] for r in records], max(1, args.repeat), args.model)
        return 0
    outputs, _ = extract([{"id": r["id"], "text": r["text"]} for r in records], library=args.library,
                         **({"model": args.model} if args.model else {}))
    model_tag = f".{args.model.replace(':', '_').replace('/', '_')}" if args.model else ""
    suffix = f"{args.split}{f'.first{args.limit}' if args.limit else ''}{model_tag}"
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

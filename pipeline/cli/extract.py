"""`newsfacts extract`: facts as JSON lines on stdout, no database."""

from __future__ import annotations

import json
import sys

import click

from pipeline.cli.common import (EXIT_FAILED, handle_errors, model_option, progress, report_problem,
                                 settings_from, workers_option)
from schemas import Extraction
from schemas.contract import to_json


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@workers_option
@model_option
@click.pass_context
@handle_errors
def extract(ctx: click.Context, inputs: tuple[str, ...], workers: int | None, model: str | None) -> None:
    """Print one JSON object per document (the output contract) to stdout.

    INPUT is an .html or .txt file, a directory (recursive), a .warc/.warc.gz file, a .jsonl file,
    - for JSONL on stdin, or an http(s):// URL. JSONL records are
    {"id", "text" | "html", "url"?, "published"?, "title"?}. Problems go to stderr; the exit
    status is 1 when any input failed.

    \b
    Example:
      newsfacts extract fixtures/rare-earth-talks.html | jq '.claims[].content.text'
      echo '{"id": "a1", "text": "Prices rose 5% in May, the ministry said.", "published": "2025-06-02"}' \\
        | newsfacts extract -
    """
    from pipeline.run import Tally, run  # spaCy and trafilatura load here, not for --help

    settings = settings_from(ctx, workers=workers, model=model)
    tally = Tally()
    with progress() as bar:
        for result in run(inputs, settings, stdin=sys.stdin.buffer):
            tally.add(result)
            bar.update()
            if isinstance(result, Extraction):
                sys.stdout.write(json.dumps(to_json(result), ensure_ascii=False, allow_nan=False) + "\n")
                sys.stdout.flush()
            else:
                report_problem(result)
    click.echo(str(tally), err=True)
    if tally.failed:
        sys.exit(EXIT_FAILED)

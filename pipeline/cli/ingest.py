"""`newsfacts ingest`: run the pipeline into the database, one transaction per document."""

from __future__ import annotations

import sys
from collections import Counter

import click

from pipeline.cli.common import (EXIT_FAILED, db_option, handle_errors, model_option, progress,
                                 report_problem, settings_from, workers_option)
from pipeline.errors import StoreError
from schemas import Extraction, Outcome, Problem


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@db_option
@workers_option
@model_option
@click.pass_context
@handle_errors
def ingest(ctx: click.Context, inputs: tuple[str, ...], db_url: str | None, workers: int | None,
           model: str | None) -> None:
    """Extract facts from INPUT... and store them with their provenance.

    Takes the same inputs as `extract`. Re-ingesting the same input adds no rows; a document
    stored by an older extractor version gets its facts replaced. Prints a summary; the exit
    status is 1 when any input failed.

    \b
    Example:
      newsfacts ingest fixtures/
      newsfacts ingest crawl.warc.gz --db postgresql+psycopg://localhost/news --workers 4
    """
    from db import Writer, open_database
    from pipeline.run import Tally, run  # spaCy and trafilatura load here, not for --help

    settings = settings_from(ctx, db_url=db_url, workers=workers, model=model)
    database = open_database(settings.db_url)  # a bad URL fails here, before any work
    tally = Tally()
    stored: Counter[str] = Counter()
    facts: Counter[str] = Counter()
    try:
        with progress() as bar, Writer(database) as writer:
            for result in run(inputs, settings, stdin=sys.stdin.buffer):
                if isinstance(result, Extraction):
                    try:
                        outcome = writer.store(result)
                    except StoreError as exc:  # rolled back; the next documents go on
                        result = Problem(exc.locator, f"not stored: {exc.reason}", Outcome.FAILED)
                    else:
                        stored[str(outcome.status)] += 1
                        for name in ("entities", "quantities", "dates", "claims"):
                            facts[name] += getattr(outcome, name)  # rows written, not rows found
                if isinstance(result, Problem):
                    report_problem(result)
                tally.add(result)
                bar.update()
    finally:
        database.close()
    click.echo(
        f"documents: {tally.done} ({stored['new']} new, {stored['unchanged']} unchanged, "
        f"{stored['replaced']} replaced) in {database.display_url}\n"
        f"facts written: {facts['entities']} entities, {facts['quantities']} quantities, "
        f"{facts['dates']} dates, {facts['claims']} claims\n"
        f"{tally}",
        err=True,
    )
    if tally.failed:
        sys.exit(EXIT_FAILED)

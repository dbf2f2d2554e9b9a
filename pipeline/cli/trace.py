"""`newsfacts trace`: from a claim to its sentence, document, fetch and raw bytes."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from pipeline.cli.common import db_option, handle_errors, settings_from


@click.command()
@click.argument("claim_id", type=click.IntRange(1, 2**63 - 1))
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
@handle_errors
def trace(ctx: click.Context, claim_id: int, db_url: str | None, fmt: str) -> None:
    """Show where claim CLAIM_ID came from: speaker, sentence (claim marked), document, fetches,
    SHA-256 of the raw bytes and the extractor version.

    \b
    Example:
      newsfacts query "SELECT claim_id, speaker_canonical, content FROM claim_facts LIMIT 3"
      newsfacts trace 2
    """
    from db import open_database
    from db.trace import render_trace, trace_claim

    settings = settings_from(ctx, db_url=db_url)
    database = open_database(settings.db_url, upgrade=False)
    try:
        found = trace_claim(database, claim_id)
    finally:
        database.close()
    if fmt == "json":
        click.echo(json.dumps(asdict(found), default=str, ensure_ascii=False, indent=2))
    else:
        click.echo(render_trace(found))

"""`newsfacts query`: read-only SQL over the facts, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import click

from pipeline.cli.common import db_option, handle_errors, settings_from

MAX_CELL = 60


def _plain(value: Any) -> Any:
    """A value as JSON and CSV can hold it: dates as ISO strings, bytes as hex, non-finite
    floats as null, anything else without a JSON form (time, interval, uuid ...) as text."""
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, (float, Decimal)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def _cell(value: Any) -> str:
    text = "" if value is None else str(_plain(value)).replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def render_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


@click.command()
@click.argument("sql")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.pass_context
@handle_errors
def query(ctx: click.Context, sql: str, db_url: str | None, fmt: str) -> None:
    """Run one read-only SQL statement; a statement that writes is refused.

    Views for analysts: claim_facts, quantity_facts, claim_sources (see docs/schema.md).
    In table format long cells are cut; use csv or json for full values.

    \b
    Example:
      newsfacts query "SELECT speaker_canonical, content FROM claim_facts LIMIT 5"
      newsfacts query "SELECT unit, count(*) AS n FROM quantities GROUP BY unit" --format csv
    """
    from db.query import run_readonly

    settings = settings_from(ctx, db_url=db_url)
    columns, rows = run_readonly(settings.db_url, sql)
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps({c: _plain(v) for c, v in zip(columns, row)}, ensure_ascii=False, allow_nan=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in row] for row in rows])
    else:
        click.echo(render_table(columns, rows))

"""The `newsfacts` command: a thin layer over the library; errors become one clean line here."""

from __future__ import annotations

import click

from pipeline.cli.crawl import crawl
from pipeline.cli.extract import extract
from pipeline.cli.ingest import ingest
from pipeline.cli.query import query
from pipeline.cli.trace import trace


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="newsfacts")
@click.option("--config", type=click.Path(dir_okay=False),
              help="TOML settings file (default: NEWSFACTS_CONFIG, else ./newsfacts.toml if present).")
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """Turn news articles into facts you can query and trace.

    \b
    Example:
      newsfacts ingest fixtures/            # articles -> newsfacts.db (SQLite)
      newsfacts query "SELECT speaker_canonical, content FROM claim_facts LIMIT 5"
      newsfacts trace 1                     # where did claim 1 come from?
    """
    ctx.obj = {"config": config}


cli.add_command(extract)
cli.add_command(ingest)
cli.add_command(query)
cli.add_command(trace)
cli.add_command(crawl)


def main() -> None:
    cli(prog_name="newsfacts")

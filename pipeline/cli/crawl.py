"""`newsfacts crawl`: discover, fetch politely, archive to WARC, extract and store."""

from __future__ import annotations

import sys

import click

from pipeline.cli.common import (EXIT_FAILED, db_option, handle_errors, model_option, progress, settings_from,
                                 workers_option)


@click.command()
@click.argument("seeds", nargs=-1, required=True, metavar="SEED...")
@db_option
@click.option("--warc-dir", default=None, metavar="DIR", help="Folder for the WARC files (default ./crawl).")
@click.option("--max-pages", type=click.IntRange(min=0), default=None,
              help="Stop after N URL fetches in this run; 0 means no limit (the default).")
@click.option("--max-depth", type=click.IntRange(min=0), default=None, help="Link hops from a seed page (default 3).")
@click.option("--delay", type=click.FloatRange(min=0), default=None,
              help="Seconds between two requests to one host (default 1; robots.txt Crawl-delay can raise it).")
@click.option("--concurrency", type=click.IntRange(min=1), default=None, help="Hosts fetched at once (default 16).")
@click.option("--include", multiple=True, metavar="REGEX", help="Only follow found pages whose URL matches (repeatable).")
@click.option("--exclude", multiple=True, metavar="REGEX", help="Never follow found pages whose URL matches (repeatable).")
@click.option("--recrawl", type=click.Choice(["none", "feeds", "all"]), default="none", show_default=True,
              help="Queue again, with conditional requests: feeds, sitemaps and seeds, or every URL crawled before.")
@click.option("--no-extract", "archive_only", is_flag=True,
              help="Fetch and archive only; extract later with `newsfacts ingest DIR` or another crawl run.")
@click.option("--allow-private", is_flag=True,
              help="Allow hosts at private, loopback and link-local addresses (refused by default).")
@workers_option
@model_option
@click.pass_context
@handle_errors
def crawl(ctx: click.Context, seeds: tuple[str, ...], db_url: str | None, warc_dir: str | None, max_pages: int | None,
          max_depth: int | None, delay: float | None, concurrency: int | None, include: tuple[str, ...],
          exclude: tuple[str, ...], recrawl: str, archive_only: bool, allow_private: bool, workers: int | None,
          model: str | None) -> None:
    """Crawl news sites from SEED... (homepages, RSS/Atom feeds, sitemaps) and store the facts
    of every article found, with each fetch archived in rotating WARC files.

    Links are followed within the seeds' sites, robots.txt and its Crawl-delay are obeyed, one
    request at a time per host. The frontier lives in the database: run the same command again
    after a crash or Ctrl-C to resume (on PostgreSQL several crawlers can share it; on SQLite
    run one at a time). Prints a summary with per-host counts; the exit status is 1 when a seed
    failed.

    \b
    Example:
      newsfacts crawl https://www.example-news.org/ https://www.example-news.org/rss.xml \\
          --max-pages 500 --warc-dir crawl/ --db postgresql+psycopg://localhost/news
      newsfacts crawl https://www.example-news.org/ --recrawl feeds   # later: only what is new
    """
    from db import open_database
    from pipeline.crawl import Recrawl, crawl as run_crawl, make_plan

    settings = settings_from(ctx, db_url=db_url, warc_dir=warc_dir, crawl_max_pages=max_pages,
                             crawl_max_depth=max_depth, crawl_delay=delay, crawl_concurrency=concurrency,
                             workers=workers, model=model)
    plan = make_plan(seeds, include=include, exclude=exclude, allow_private=allow_private,
                     extract=not archive_only, recrawl=Recrawl(recrawl))
    database = open_database(settings.db_url)
    try:
        with progress(unit="page") as bar:
            def show(stats) -> None:
                bar.n = stats.fetched
                bar.set_postfix_str(stats.line(), refresh=False)
                bar.refresh()

            summary = run_crawl(plan, settings, database, on_progress=show)
    finally:
        database.close()
    click.echo(summary.render(), err=True)
    for seed in summary.failed_seeds:
        click.echo(f"failed: {seed}: seed could not be crawled (see crawl_urls.reason)", err=True)
    if summary.failed_seeds:
        sys.exit(EXIT_FAILED)

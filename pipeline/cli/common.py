"""What the commands share: settings from flags, problem lines on stderr, error handling."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click
from tqdm import tqdm

from pipeline.errors import ConfigError, NewsfactsError
from pipeline.settings import Settings, load_settings
from schemas import Problem

EXIT_FAILED = 1  # some input failed, or the query/trace failed
EXIT_CONFIG = 2  # a setting is wrong (database URL, model, config file)


def settings_from(ctx: click.Context, **flags: Any) -> Settings:
    return load_settings(ctx.obj.get("config") if ctx.obj else None, **flags)


def report_problem(problem: Problem) -> None:
    """One line per problem on stderr, printed above the progress bar when there is one."""
    tqdm.write(f"{problem.outcome}: {problem}", file=sys.stderr)


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our errors into one line and an exit status; bugs keep their traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ConfigError as exc:
            click.echo(f"newsfacts: error: {exc}", err=True)
            sys.exit(EXIT_CONFIG)
        except NewsfactsError as exc:
            click.echo(f"newsfacts: error: {exc}", err=True)
            sys.exit(EXIT_FAILED)
        except KeyboardInterrupt:
            click.echo("newsfacts: interrupted", err=True)
            sys.exit(130)

    return wrapper


def progress(total: int | None = None, unit: str = "doc") -> tqdm:
    """A progress bar on stderr when it is a terminal; silent in a pipe or a file."""
    return tqdm(total=total, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty(), dynamic_ncols=True)


workers_option = click.option("--workers", "-w", type=click.IntRange(min=1), default=None,
                              help="Worker processes (default 1; NEWSFACTS_WORKERS).")
model_option = click.option("--model", default=None,
                            help="spaCy model package (default en_core_web_sm), or blank:en (no parse).")
db_option = click.option("--db", "db_url", default=None, metavar="URL",
                         help="SQLAlchemy database URL (default sqlite:///newsfacts.db; NEWSFACTS_DB).")

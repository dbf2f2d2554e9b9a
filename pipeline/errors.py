"""The project's exceptions: one shallow tree; each carries the input or setting it concerns.

    NewsfactsError
    ├── InputError          an input cannot be read or understood (`locator` names it)
    │   └── FetchError      a URL could not be fetched (`locator` is the URL)
    ├── ConfigError         a setting is wrong: unknown database URL, missing model, bad config file
    ├── QueryError          `newsfacts query` refused or failed a statement
    └── StoreError          a document could not be stored; nothing of it was written

The CLI turns these into one clear line and an exit status; anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations


class NewsfactsError(Exception):
    """Base of all errors a user can cause and fix."""


class InputError(NewsfactsError):
    def __init__(self, locator: str, reason: str) -> None:
        super().__init__(f"{locator}: {reason}")
        self.locator = locator
        self.reason = reason


class FetchError(InputError):
    """A URL fetch failed: unreachable, timeout, HTTP error status, wrong content type, too large."""


class ConfigError(NewsfactsError):
    pass


class QueryError(NewsfactsError):
    pass


class StoreError(NewsfactsError):
    """Storing one document failed and its transaction was rolled back (`locator`, `document_id`)."""

    def __init__(self, locator: str, document_id: str, reason: str) -> None:
        super().__init__(f"{locator}: not stored: {reason}")
        self.locator = locator
        self.document_id = document_id
        self.reason = reason

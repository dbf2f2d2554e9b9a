"""JSONL inputs (a .jsonl file and "-" on stdin): good records and each kind of bad line."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date

import pytest

from pipeline.sources import iter_inputs
from schemas import Outcome, Problem, RawDocument, RawFormat, SourceKind


def lines(*records) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


def from_stdin(data: bytes, settings) -> list[RawDocument | Problem]:
    return list(iter_inputs(["-"], settings, stdin=io.BytesIO(data)))


def test_text_and_html_records_from_a_file(settings, tmp_path):
    text = "Greer said on Tuesday that talks \u2028 would go on.\r\nSecond line."
    path = tmp_path / "batch.jsonl"
    path.write_bytes(lines(
        {"id": "a-1", "text": text, "published": "2025-08-04", "url": "https://example.org/a", "title": "A"},
        {"id": 42, "html": "<p>caf\u00e9</p>", "extra": {"ignored": True}},
    ))
    first, second = iter_inputs([str(path)], settings)
    assert (first.doc_id, first.format, first.content, first.published, first.title) == (
        "a-1", RawFormat.TEXT, text, date(2025, 8, 4), "A")
    o = first.origin
    assert (o.kind, o.locator, o.record_id, o.url, o.path) == (
        SourceKind.JSONL, f"{path}:1", "a-1", "https://example.org/a", str(path))
    assert o.raw_sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert o.fetched_at is None  # the same records read twice give the same output
    assert (second.doc_id, second.format, second.content, second.published) == (
        "42", RawFormat.HTML, "<p>caf\u00e9</p>", None)
    assert second.origin.locator == f"{path}:2"


def test_stdin_records_and_blank_lines(settings):
    data = b"\xef\xbb\xbf" + lines({"id": "x", "text": "one"}) + b"\n   \n" + lines({"id": "y", "text": "two"})
    found = from_stdin(data, settings)
    assert [(d.doc_id, d.origin.locator, d.origin.path) for d in found] == [("x", "-:1", None), ("y", "-:4", None)]


def test_stdin_defaults_to_the_process_stdin(settings, monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(lines({"id": "s", "text": "from stdin"})))
    monkeypatch.setattr("sys.stdin", fake)
    (doc,) = iter_inputs(["-"], settings)
    assert doc.content == "from stdin"


@pytest.mark.parametrize(("published", "expected"), [
    ("2025-08-04", date(2025, 8, 4)),
    ("2025-08-04T23:30:00-05:00", date(2025, 8, 4)),  # the date as written, not converted to UTC
    ("2025-08-04T02:15:31Z", date(2025, 8, 4)),
    ("2025-08-04 10:00", date(2025, 8, 4)),
    (None, None),
])
def test_published_forms(settings, published, expected):
    (doc,) = from_stdin(lines({"id": "p", "text": "t", "published": published}), settings)
    assert doc.published == expected


@pytest.mark.parametrize(("line", "reason"), [
    (b'{"id": "a", "text": "unterminated}', "invalid JSON: Unterminated string starting at column 21"),
    (b'{"id": "a", "text": "raw\ttab"}', "invalid JSON: Invalid control character at column 25"),
    (b"[1, 2]", "not a JSON object (got array)"),
    (b'"just a string"', "not a JSON object (got string)"),
    (b'{"text": "no id"}', 'missing field "id"'),
    (b'{"id": "", "text": "t"}', 'field "id" is empty'),
    (b'{"id": true, "text": "t"}', 'field "id" must be a string or an integer (got boolean)'),
    (b'{"id": 1.5, "text": "t"}', 'field "id" must be a string or an integer (got number)'),
    (b'{"id": "a"}', 'missing field "text" or "html"'),
    (b'{"id": "a", "text": "t", "html": "<p>t</p>"}', 'fields "text" and "html" both given (exactly one is allowed)'),
    (b'{"id": "a", "text": ["t"]}', 'field "text" must be a string (got array)'),
    (b'{"id": "a", "html": 7}', 'field "html" must be a string (got number)'),
    (b'{"id": "a", "text": "t", "published": "04/08/2025"}',
     "field \"published\": '04/08/2025' is not an ISO date (YYYY-MM-DD)"),
    (b'{"id": "a", "text": "t", "published": "2025-02-30"}',
     "field \"published\": '2025-02-30' is not an ISO date (YYYY-MM-DD)"),
    (b'{"id": "a", "text": "t", "published": 20250804}', 'field "published" must be a string (got number)'),
    (b'{"id": "a", "text": "t", "url": 5}', 'field "url" must be a string (got number)'),
    (b'{"id": "a", "text": "t", "title": {"en": "x"}}', 'field "title" must be a string (got object)'),
    (b'{"id": "a", "text": "caf\xe9"}', "cannot decode as utf-8: invalid byte 0xe9 at offset 24"),
    (b'{"id": "a", "text": "half a pair \\ud800 here"}',
     "invalid JSON string: a \\u escape names a lone UTF-16 surrogate"),
])
def test_bad_line_fails_alone_and_the_next_lines_go_on(settings, tmp_path, line, reason):
    path = tmp_path / "in.jsonl"
    path.write_bytes(lines({"id": "before", "text": "ok"}, line, {"id": "after", "text": "ok"}))
    before, bad, after = iter_inputs([str(path)], settings)
    assert (before.doc_id, after.doc_id) == ("before", "after")
    assert isinstance(bad, Problem)
    assert bad.outcome is Outcome.FAILED
    assert bad.locator == f"{path}:2"
    assert bad.reason == reason


def test_bad_stdin_line_is_named_by_its_line_number(settings):
    found = from_stdin(b"\n" + lines({"id": "ok", "text": "t"}, b"{oops"), settings)
    assert isinstance(found[0], RawDocument)
    assert (found[1].locator, found[1].reason) == (
        "-:3", "invalid JSON: Expecting property name enclosed in double quotes at column 2")


def test_missing_jsonl_file(settings, tmp_path):
    path = tmp_path / "nope.jsonl"
    (problem,) = iter_inputs([str(path)], settings)
    assert (problem.locator, problem.outcome) == (str(path), Outcome.FAILED)
    assert problem.reason == "no such file or directory"


def test_jsonl_between_other_inputs_keeps_order(settings, tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(b"<p>page</p>")
    stdin = io.BytesIO(lines({"id": "s1", "text": "one"}, {"id": "s2", "text": "two"}))
    found = list(iter_inputs([str(page), "-", str(page)], settings, stdin=stdin))
    assert [d.origin.locator for d in found] == [str(page), "-:1", "-:2", str(page)]

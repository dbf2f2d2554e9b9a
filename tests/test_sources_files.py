"""File and directory inputs: reading, decoding, walking, and every way a path can be bad."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.sources import iter_inputs
from schemas import Outcome, Problem, RawDocument, RawFormat, SourceKind
from tests.conftest import FIXTURES, SEED_HTML


def items(inputs, settings) -> list[RawDocument | Problem]:
    return list(iter_inputs([str(i) for i in inputs], settings))


def one(path, settings) -> RawDocument | Problem:
    (item,) = items([path], settings)
    return item


def failed(item, locator) -> str:
    assert isinstance(item, Problem), item
    assert item.outcome is Outcome.FAILED
    assert item.locator == str(locator)
    return item.reason


def locators(found) -> list[str]:
    return [i.origin.locator if isinstance(i, RawDocument) else i.locator for i in found]


def test_html_file_with_provenance(settings):
    doc = one(SEED_HTML, settings)
    assert isinstance(doc, RawDocument)
    assert doc.format is RawFormat.HTML
    assert doc.content == SEED_HTML.read_text("utf-8")
    o = doc.origin
    assert (o.kind, o.locator, o.path) == (SourceKind.FILE, str(SEED_HTML), str(SEED_HTML))
    assert o.raw_sha256 == hashlib.sha256(SEED_HTML.read_bytes()).hexdigest()
    assert o.fetched_at is None  # a file is read, not fetched: its path and bytes are its provenance
    assert (o.url, o.status, o.warc_offset) == (None, None, None)


def test_relative_path_keeps_its_locator_and_records_the_absolute_path(settings, tmp_path, monkeypatch):
    (tmp_path / "page.htm").write_text("<p>hello</p>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = one("page.htm", settings)
    assert doc.origin.locator == "page.htm"
    assert doc.origin.path == str(tmp_path / "page.htm")


def test_text_file_is_passed_on_unchanged(settings, tmp_path):
    text = "Line one.\r\nLine two\u2028still two.\n\n  indented — “quoted”\n"
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = one(path, settings)
    assert doc.format is RawFormat.TEXT
    assert doc.content == text


def test_text_file_bom_is_dropped_but_hashed(settings, tmp_path):
    data = b"\xef\xbb\xbfHello."
    path = tmp_path / "bom.txt"
    path.write_bytes(data)
    doc = one(path, settings)
    assert doc.content == "Hello."
    assert doc.origin.raw_sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(("data", "expected"), [
    (b'<html><head><meta charset="windows-1252"></head><p>\x93smart\x94 caf\xe9</p></html>',
     "\u201csmart\u201d caf\u00e9"),
    (b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
     b"</head><p>na\xefve</p></html>", "na\u00efve"),
    (b'<meta charset="iso-8859-1"><p>\x93quoted\x94 \x96 na\xefve</p>', "\u201cquoted\u201d \u2013 na\u00efve"),
    (b"<html><head><meta charset=shift_jis></head><p>\x93\xfa\x96\x7b</p></html>", "\u65e5\u672c"),
    ("\ufeff<html><p>caf\u00e9 \u65e5\u672c</p></html>".encode("utf-16-le"), "caf\u00e9 \u65e5\u672c"),
    (b'\xef\xbb\xbf<meta charset="latin-1"><p>caf\xc3\xa9</p>', "caf\u00e9"),  # the BOM wins over <meta>
    (b'<meta charset="no-such-charset"><p>caf\xc3\xa9</p>', "caf\u00e9"),  # unknown label: ignored, UTF-8
])
def test_html_charset_detection(settings, tmp_path, data, expected):
    path = tmp_path / "page.html"
    path.write_bytes(data)
    doc = one(path, settings)
    assert isinstance(doc, RawDocument), doc
    assert expected in doc.content
    assert not doc.content.startswith("\ufeff")


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("page.html", b"<html><p>caf\xe9</p></html>", "cannot decode as utf-8: invalid byte 0xe9 at offset 12"),
    ("page.html", b'<meta charset="shift_jis"><p>\x82</p>',
     "cannot decode as shift_jis: invalid byte 0x82 at offset 29"),
    ("page.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not HTML"),
    ("notes.txt", b"caf\xc3\xa9 \xff\xfe", "cannot decode as utf-8: invalid byte 0xff at offset 6"),
    ("notes.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary file, not text"),
])
def test_undecodable_and_binary_files(settings, tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    assert failed(one(path, settings), path) == reason


def test_file_over_max_bytes(settings, tmp_path):
    path = tmp_path / "huge.html"
    path.write_bytes(b"<p>" + b"x" * 5000 + b"</p>")
    assert failed(one(path, replace(settings, max_bytes=1000)), path) == "file larger than 1000 bytes"


def test_missing_path(settings, tmp_path):
    for path in (tmp_path / "gone.html", tmp_path / "gone-dir", tmp_path / "gone.warc.gz"):
        assert failed(one(path, settings), path) == "no such file or directory"


def test_paths_the_os_refuses_to_read(settings, tmp_path):
    (tmp_path / "archive.html").mkdir()  # a directory named like a file
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # would block a reader forever
    assert failed(one(tmp_path / "archive.html", settings), tmp_path / "archive.html") == "is a directory"
    under_file = tmp_path / "plain.txt" / "x.html"
    assert failed(one(under_file, settings), under_file) == "not a directory"
    assert failed(one(fifo, settings), fifo) == "not a regular file"


def test_dangling_link(settings, tmp_path):
    link = tmp_path / "dangling.html"
    link.symlink_to(tmp_path / "nowhere.html")
    assert failed(one(link, settings), link) == "no such file or directory"


def test_explicit_file_with_unsupported_suffix(settings, tmp_path):
    for name in ("report.pdf", "data.json", "README"):
        path = tmp_path / name
        path.write_bytes(b"%PDF-1.4")
        reason = failed(one(path, settings), path)
        assert reason.startswith("unsupported input type (expected .warc.gz, .warc, .jsonl, .html, .htm, .txt")


def _tree(root: Path) -> None:
    for rel, data in {
        "b.html": b"<p>b</p>",
        "a.txt": b"a",
        "c/d.htm": b"<p>d</p>",
        "c/e/f.TXT": b"f",
        "c/bad.html": b"<p>\xff</p>",
        "ca.html": b"<p>ca</p>",
        "notes.md": b"# not an input",
        "expected.json": b"{}",
        "script.py": b"print()",
        ".hidden.html": b"<p>hidden</p>",
        ".git/index.html": b"<p>hidden dir</p>",
        "records.jsonl": b'{"id": "r1", "text": "one"}\n',
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_directory_is_walked_sorted_recursive_skipping_hidden_and_other_files(settings, tmp_path):
    _tree(tmp_path)
    found = items([tmp_path], settings)
    assert [os.path.relpath(loc, tmp_path) for loc in locators(found)] == [
        "a.txt", "b.html", "c/bad.html", "c/d.htm", "c/e/f.TXT", "ca.html", "records.jsonl:1",
    ]
    bad = found[2]
    assert failed(bad, tmp_path / "c" / "bad.html").startswith("cannot decode as utf-8")
    contents = [d.content for d in found if isinstance(d, RawDocument)]
    assert contents == ["a", "<p>b</p>", "<p>d</p>", "f", "<p>ca</p>", "one"]


def test_directory_link_loop_is_walked_once(settings, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_bytes(b"<p>x</p>")
    (tmp_path / "sub" / "again").symlink_to(tmp_path)
    found = items([tmp_path], settings)
    assert locators(found) == [str(tmp_path / "sub" / "page.html")]


def test_empty_directory_yields_nothing(settings, tmp_path):
    assert items([tmp_path], settings) == []


def test_fixtures_directory_reads_only_inputs(settings):
    # fixtures/ also holds expected/*.json, README.md and build_warc.py: none is an input.
    found = items([FIXTURES], settings)
    files = {re.split(r"@\d+|:\d+$", loc)[0] for loc in locators(found)}
    assert str(SEED_HTML) in files and str(FIXTURES / "rare-earth-talks.warc.gz") in files
    assert files == {str(SEED_HTML), str(FIXTURES / "rare-earth-talks.warc.gz")}


def test_order_follows_inputs_and_bad_inputs_do_not_stop_good_ones(settings, tmp_path):
    good1 = tmp_path / "one.html"
    good1.write_bytes(b"<p>one</p>")
    good2 = tmp_path / "two.txt"
    good2.write_bytes(b"two")
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "three.html").write_bytes(b"<p>three</p>")
    inputs = [good2, tmp_path / "missing.html", good1, tmp_path / "x.pdf", folder, good2]
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    found = items(inputs, settings)
    assert locators(found) == [str(good2), str(tmp_path / "missing.html"), str(good1), str(tmp_path / "x.pdf"),
                               str(folder / "three.html"), str(good2)]
    assert [isinstance(i, RawDocument) for i in found] == [True, False, True, False, True, True]

"""WARC inputs: the bundled CC-NEWS-style fixture, WARCs written here with warcio, and damaged files."""

from __future__ import annotations

import gzip
import random
import hashlib
import importlib.util
from dataclasses import replace
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.sources import iter_inputs
from schemas import Outcome, Problem, RawDocument, RawFormat, SourceKind
from tests.conftest import FIXTURES, SEED_HTML

FIXTURE_WARC = FIXTURES / "rare-earth-talks.warc.gz"
ARTICLE_URL = "https://discoveryalert.com.au/news/us-china-rare-earth-negotiations-2025/"
PDF_URL = "https://discoveryalert.com.au/media/rare-earths-factsheet.pdf"


def offsets(path: Path) -> dict[tuple[str, str], int]:
    """(record type, target URI) -> record offset, as warcio itself reports them."""
    found = {}
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            found[(record.rec_type, record.rec_headers.get_header("WARC-Target-URI"))] = records.get_record_offset()
    return found


def read(path, settings) -> list[RawDocument | Problem]:
    return list(iter_inputs([str(path)], settings))


def test_fixture_warc_yields_the_article_and_skips_the_pdf(settings):
    article, pdf = read(FIXTURE_WARC, settings)
    at = offsets(FIXTURE_WARC)
    assert isinstance(article, RawDocument)
    assert article.format is RawFormat.HTML
    assert article.content == SEED_HTML.read_text("utf-8")
    o = article.origin
    offset = at[("response", ARTICLE_URL)]
    assert (o.kind, o.locator, o.url, o.status) == (SourceKind.WARC, f"{FIXTURE_WARC}@{offset}", ARTICLE_URL, 200)
    assert (o.warc_offset, o.path) == (offset, str(FIXTURE_WARC))
    assert o.fetched_at == datetime(2025, 8, 4, 2, 15, 31, tzinfo=UTC)
    assert o.content_type == "text/html; charset=UTF-8"
    assert o.warc_record_id.startswith("<urn:uuid:")
    assert o.raw_sha256 == hashlib.sha256(SEED_HTML.read_bytes()).hexdigest()

    assert isinstance(pdf, Problem)
    assert pdf.outcome is Outcome.SKIPPED
    assert str(pdf) == f"{FIXTURE_WARC}@{at[('response', PDF_URL)]} ({PDF_URL}): not HTML (application/pdf)"


def test_fixture_warc_is_what_build_warc_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("build_warc", FIXTURES / "build_warc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = tmp_path / FIXTURE_WARC.name
    module.build(rebuilt)
    assert rebuilt.read_bytes() == FIXTURE_WARC.read_bytes()


def _chunked(data: bytes, size: int = 700) -> bytes:
    pieces = [b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size]) for i in range(0, len(data), size)]
    return b"".join(pieces) + b"0\r\n\r\n"


def _response(writer: WARCWriter, url: str, status: str, headers: list[tuple[str, str]], body: bytes,
              date: str = "2024-03-01T12:00:00Z"):
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=BytesIO(body), length=len(body), http_headers=http,
                                     warc_headers_dict={"WARC-Date": date})


def write_crawl(path: Path, compress: bool) -> None:
    """A WARC with the record kinds a real crawl holds, good and bad."""
    seed = SEED_HTML.read_bytes()
    html = [("Content-Type", "text/html")]
    story = "https://a.example/story"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=compress)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "tests"}))
        request = StatusAndHeaders("GET /story HTTP/1.1", [("Host", "a.example")], is_http_request=True)
        w.write_record(w.create_warc_record(story, "request", payload=BytesIO(), length=0, http_headers=request))
        w.write_record(_response(w, story, "200 OK", [
            ("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked")], _chunked(gzip.compress(seed, mtime=0))))
        w.write_record(w.create_warc_record(story, "metadata", payload=BytesIO(b"fetchTimeMs: 12\r\n"), length=17,
                                            warc_content_type="application/warc-fields"))
        w.write_record(_response(w, "https://a.example/missing", "404 Not Found", html, b"<h1>Not Found</h1>"))
        w.write_record(_response(w, "https://a.example/old", "301 Moved Permanently",
                                 [("Location", story), *html], b""))
        w.write_record(w.create_revisit_record(story, "sha1:AAAA", story, "2024-03-01T12:00:00Z",
                                               http_headers=StatusAndHeaders("200 OK", html, protocol="HTTP/1.1")))
        latin = [("Content-Type", "text/html; charset=iso-8859-1")]
        w.write_record(_response(w, "https://b.example/fr", "200 OK", latin,
                                 "<p>Société Générale</p>".encode("latin-1")))
        w.write_record(_response(w, "https://b.example/bad", "200 OK", html, b"<p>\xff</p>"))
        w.write_record(_response(w, "https://b.example/no-date", "200 OK", html, b"<p>ok</p>", date="yesterday"))
        dns = w.create_warc_record("dns:b.example", "response", payload=BytesIO(b"b.example. 300 IN A 192.0.2.1\n"),
                                   length=30, warc_content_type="text/dns")
        w.write_record(dns)


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_crawl_records(settings, tmp_path, compress):
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    write_crawl(path, compress)
    found = read(path, settings)
    at = offsets(path)
    summary = [(type(i).__name__, i.outcome.value, i.reason) if isinstance(i, Problem) else (type(i).__name__, "", "")
               for i in found]
    assert summary == [
        ("RawDocument", "", ""),
        ("Problem", "skipped", "HTTP 404 Not Found"),
        ("Problem", "skipped", "HTTP 301 Moved Permanently"),
        ("RawDocument", "", ""),
        ("Problem", "failed", "cannot decode as utf-8: invalid byte 0xff at offset 3"),
        ("Problem", "failed", "invalid WARC-Date 'yesterday'"),
        ("Problem", "skipped", "not HTML (text/dns)"),
    ]
    story, fr = found[0], found[3]
    # Transfer and content encodings are undone; the hash is of the decoded payload.
    assert story.content == SEED_HTML.read_text("utf-8")
    assert story.origin.raw_sha256 == hashlib.sha256(SEED_HTML.read_bytes()).hexdigest()
    assert story.origin.warc_offset == at[("response", "https://a.example/story")]
    assert story.origin.fetched_at == datetime(2024, 3, 1, 12, tzinfo=UTC)
    assert fr.content == "<p>Société Générale</p>"
    assert found[1].locator == f"{path}@{at[('response', 'https://a.example/missing')]} (https://a.example/missing)"


def test_payload_over_max_bytes(settings, tmp_path):
    article, _ = read(FIXTURE_WARC, replace(settings, max_bytes=1000))
    assert isinstance(article, Problem) and article.outcome is Outcome.FAILED
    assert article.reason == "payload larger than 1000 bytes"


def test_damaged_compressed_payload_is_refused_not_truncated(settings, tmp_path, capfd):
    noise = random.Random(0).randbytes(60_000).hex().encode()  # compresses poorly: many read blocks
    packed = gzip.compress(SEED_HTML.read_bytes() + b"<p>" + noise + b"</p>", mtime=0)
    cut = len(packed) * 3 // 4  # damage after the first blocks have decompressed fine
    damaged = packed[:cut] + bytes(b ^ 0xFF for b in packed[cut:])
    path = tmp_path / "damaged.warc.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
        w.write_record(_response(w, "https://a.example/cut", "200 OK", headers, damaged))
        w.write_record(_response(w, "https://a.example/next", "200 OK", [("Content-Type", "text/html")],
                                 b"<p>next page</p>"))
    bad, good = read(path, settings)
    assert isinstance(bad, Problem) and bad.outcome is Outcome.FAILED
    assert bad.reason == "damaged compressed payload (the Content-Encoding stream is cut or corrupt)"
    assert isinstance(good, RawDocument) and "next page" in good.content
    capfd.readouterr()  # warcio prints the zlib error itself


def test_truncated_warc_keeps_the_records_before_the_cut(settings, tmp_path):
    at = offsets(FIXTURE_WARC)
    data = FIXTURE_WARC.read_bytes()
    cut_in_article = tmp_path / "cut1.warc.gz"
    cut_in_article.write_bytes(data[: at[("response", ARTICLE_URL)] + 4000])
    cut_later = tmp_path / "cut2.warc.gz"
    cut_later.write_bytes(data[: at[("request", PDF_URL)] + 100])
    plain = tmp_path / "cut3.warc"
    plain.write_bytes(gzip.decompress(data)[:15000])

    (problem,) = read(cut_in_article, settings)
    assert problem.locator == f"{cut_in_article}@{at[('response', ARTICLE_URL)]}"
    assert problem.outcome is Outcome.FAILED
    assert problem.reason.startswith("truncated WARC record (") and problem.reason.endswith("bytes missing)")

    article, problem = read(cut_later, settings)
    assert isinstance(article, RawDocument)
    assert problem.locator == f"{cut_later}@{at[('request', PDF_URL)]}"
    assert problem.reason == "truncated WARC record (its header is incomplete)"

    (problem,) = read(plain, settings)
    assert problem.locator.startswith(f"{plain}@") and problem.reason.startswith("truncated WARC record")


def test_corrupt_gzip_member_after_good_records(settings, tmp_path):
    at = offsets(FIXTURE_WARC)
    data = bytearray(FIXTURE_WARC.read_bytes())
    start = at[("request", PDF_URL)]
    data[start + 20: start + 60] = bytes(40)  # wreck the deflate stream of the PDF's request record
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(bytes(data))
    article, problem = read(path, settings)
    assert isinstance(article, RawDocument)
    assert problem.locator == str(path)
    assert problem.outcome is Outcome.FAILED
    assert problem.reason.startswith("damaged WARC after 3 records: ")


def test_whole_file_gzip_is_refused_after_its_first_record(settings, tmp_path):
    # `gzip crawl.warc` makes one gzip member of all records; readers need one member per record.
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(gzip.decompress(FIXTURE_WARC.read_bytes()), mtime=0))
    (problem,) = read(path, settings)
    assert (problem.locator, problem.outcome) == (str(path), Outcome.FAILED)
    assert problem.reason == ("damaged WARC after 1 record: non-chunked gzip file detected, "
                              "gzip block continues beyond single record.")


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("notes.warc", b"these are my notes, not an archive\n", "not a WARC file: no WARC header at offset 0"),
    ("log.warc", b"GET /index.html 200\n", "not a WARC file: Unknown archive format"),
    ("page.warc.gz", gzip.compress(b"<html><body>hello</body></html>"), "not a WARC file: Unknown archive format"),
    ("empty.warc", b"", "not a WARC file: empty"),
    ("empty.warc.gz", gzip.compress(b""), "not a WARC file: empty"),
])
def test_not_a_warc(settings, tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    (problem,) = read(path, settings)
    assert (problem.locator, problem.outcome) == (str(path), Outcome.FAILED)
    assert problem.reason.startswith(reason)


def test_missing_warc_and_order_with_other_inputs(settings, tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(b"<p>x</p>")
    missing = tmp_path / "missing.warc.gz"
    found = list(iter_inputs([str(FIXTURE_WARC), str(missing), str(page)], settings))
    assert isinstance(found[0], RawDocument) and found[1].outcome is Outcome.SKIPPED
    assert (found[2].locator, found[2].reason) == (str(missing), "no such file or directory")
    assert found[3].origin.locator == str(page)

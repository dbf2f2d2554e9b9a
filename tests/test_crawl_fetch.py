"""One request against a real loopback server: address refusal, limits, raw bodies, and the
WARC records every exchange becomes."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import ipaddress
from dataclasses import replace
from datetime import UTC, datetime

import pytest
import trustme
from warcio.archiveiterator import ArchiveIterator

from pipeline.crawl.errors import RefusedAddress, RetryableFetch
from pipeline.crawl.fetcher import Exchange, Fetcher
from pipeline.crawl.safety import is_public
from pipeline.errors import FetchError
from pipeline.crawl.warcfiles import WarcArchive
from pipeline.sources.warc import read_record
from schemas import RawDocument, SourceKind
from tests.crawlsite import PDF
from tests.servers import Reply, Server, server_tls

PAGE = b"<html><body><p>" + b"Words of a page. " * 50 + b"</p></body></html>"


@pytest.fixture(scope="module")
def site():
    routes = {
        "/page": Reply.html(PAGE),
        "/gz": Reply.typed(gzip.compress(PAGE, mtime=0), "text/html; charset=utf-8",
                           headers=(("Content-Encoding", "gzip"),)),
        "/chunked": Reply.html(PAGE, content_length=False),
        "/big": Reply.html(b"x" * 5000),
        "/big-unsized": Reply.html(b"x" * 5000, content_length=False),
        "/slow": Reply.html("late", delay=5),
        "/drip": Reply.html(b"y" * 4000, trickle=0.3, chunk=500),
        "/report": Reply.typed(PDF, "application/pdf"),
        "/moved": Reply.redirect("/page"),
    }
    with Server(routes) as server:
        yield server


@pytest.fixture
def fast(settings):
    return replace(settings, fetch_timeout=1.0, max_bytes=3000)


def get(settings, url: str, allow_private: bool = True, **kw) -> Exchange:
    async def go():
        async with Fetcher(settings, allow_private=allow_private) as fetcher:
            return await fetcher.get(url, **kw)
    return asyncio.run(go())


@pytest.mark.parametrize("address, public", [
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False), ("::1", False),
    ("fe80::1", False), ("fc00::1", False), ("::ffff:127.0.0.1", False), ("93.184.216.34", True),
    ("2606:2800:220:1::1", True),
])
def test_public_addresses(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_is_refused_without_allow_private(site, fast, host):
    with pytest.raises(RefusedAddress, match="allow-private") as caught:
        get(fast, site.url("/page").replace("127.0.0.1", host), allow_private=False)
    assert caught.value.locator.endswith("/page")


def test_refused_host_gets_no_request(site, fast):
    before = len(site.requests)
    with pytest.raises(RefusedAddress):
        get(fast, site.url("/page"), allow_private=False)
    assert len(site.requests) == before


def test_a_page_keeps_request_and_response_as_sent(site, fast):
    exchange = get(fast, site.url("/page?a=1"), headers={"If-None-Match": '"v1"'})
    assert (exchange.status, exchange.body, exchange.truncated, exchange.target) == (200, PAGE, None, "/page?a=1")
    assert exchange.ip == "127.0.0.1"
    sent = dict(exchange.request_headers)
    assert sent["User-Agent"] == fast.crawl_user_agent and sent["If-None-Match"] == '"v1"'
    assert site.requests[-1].headers["User-Agent"] == fast.crawl_user_agent


def test_body_is_kept_raw_and_redirects_are_not_followed(site, fast):
    exchange = get(fast, site.url("/gz"))
    assert exchange.header("content-encoding") == "gzip" and gzip.decompress(exchange.body) == PAGE
    moved = get(fast, site.url("/moved"))
    assert (moved.status, moved.header("location")) == (302, "/page")


@pytest.mark.parametrize("path", ["/big", "/big-unsized"])
def test_oversized_body_is_cut_and_marked(site, fast, path):
    exchange = get(fast, site.url(path))
    assert exchange.truncated == "length" and len(exchange.body) <= fast.max_bytes


def test_unwanted_content_type_is_not_downloaded(site, fast):
    exchange = get(fast, site.url("/report"))
    assert (exchange.status, exchange.body, exchange.truncated) == (200, b"", "unspecified")
    assert get(fast, site.url("/report"), any_type=True).body == PDF


def test_slow_answer_times_out_and_a_drip_is_cut(site, fast):
    with pytest.raises(RetryableFetch, match="timed out after 1s"):
        get(fast, site.url("/slow"))
    exchange = get(replace(fast, max_bytes=10_000), site.url("/drip"))
    assert exchange.truncated == "time" and 0 < len(exchange.body) < 4000


def test_unreachable_port_is_retryable(fast):
    with pytest.raises(RetryableFetch, match="unreachable"):
        get(fast, "http://127.0.0.1:9/")


def test_tls_certificates_are_always_verified(fast, tmp_path, monkeypatch):
    """An untrusted certificate is a failure, not a retry; the same server is fetched once its
    CA is trusted (SSL_CERT_FILE), so the refusal is about trust, not a broken server."""
    ca = trustme.CA()
    with Server({"/page": Reply.html(PAGE)}, tls=server_tls(ca)) as secure:
        with pytest.raises(FetchError, match="TLS certificate verification failed") as caught:
            get(fast, secure.url("/page"))
        assert not isinstance(caught.value, RetryableFetch)
        assert secure.requests == []  # nothing was sent over the unverified connection
        bundle = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
        assert get(fast, secure.url("/page")).body == PAGE


def records(path: str) -> list:
    with open(path, "rb") as fh:
        return [(r.rec_type, dict(r.rec_headers.headers), r.http_headers, r.content_stream().read())
                for r in ArchiveIterator(fh)]


def test_warc_holds_request_response_pairs_and_rotates(site, fast, tmp_path):
    exchanges = [get(fast, site.url(p)) for p in ("/page", "/gz", "/chunked", "/big", "/report")]
    with WarcArchive(tmp_path, max_bytes=1500, user_agent=fast.crawl_user_agent) as archive:
        archived = [archive.write(e) for e in exchanges]
    assert len(archive.files) > 1 and {a.path for a in archived} == set(archive.files)
    found = {}
    for path in archive.files:
        recs = records(path)
        assert recs[0][0] == "warcinfo" and fast.crawl_user_agent.encode() in recs[0][3]
        ids = {h["WARC-Record-ID"]: kind for kind, h, _, _ in recs}
        for kind, headers, http, body in recs[1:]:
            if kind == "response":
                assert ids[headers["WARC-Concurrent-To"]] == "request"
                found[headers["WARC-Record-ID"]] = (headers, http, body)
            else:
                assert kind == "request" and http.protocol == "GET" and http.statusline.startswith("/")
    for exchange, where in zip(exchanges, archived, strict=True):
        headers, http, body = found[where.record_id]
        assert headers["WARC-Target-URI"] == exchange.url and headers["WARC-IP-Address"] == "127.0.0.1"
        assert http.get_statuscode() == "200"
        assert headers.get("WARC-Truncated") == exchange.truncated
        assert where.payload(fast.max_bytes) == body
    assert found[archived[1].record_id][2] == PAGE  # Content-Encoding undone on reading
    assert found[archived[2].record_id][2] == PAGE
    assert found[archived[4].record_id][2] == b""


def test_chunked_transfer_encoding_is_not_applied_twice(fast, tmp_path):
    body = b"<html><body>hello</body></html>"
    exchange = Exchange("http://h/x", "/x", (("Host", "h"),), 200, "OK", "HTTP/1.1",
                        (("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")), body, None,
                        datetime.now(UTC), 0.01, None)
    with WarcArchive(tmp_path, 10_000, "ua") as archive:
        where = archive.write(exchange)
    (_, _, http, read), = [r for r in records(where.path) if r[0] == "response"]
    assert read == body and http.get_header("X-Crawler-Transfer-Encoding") == "chunked"
    assert http.get_header("Transfer-Encoding") is None


def test_archived_page_reads_back_as_ingest_reads_it(site, fast, tmp_path):
    exchange = get(fast, site.url("/gz"))
    with WarcArchive(tmp_path, 10_000_000, "ua") as archive:
        where = archive.write(exchange)
    raw = read_record(where.path, where.offset, fast)
    assert isinstance(raw, RawDocument)
    o = raw.origin
    assert (o.kind, o.locator, o.path, o.warc_offset, o.warc_record_id, o.url, o.status) == (
        SourceKind.WARC, f"{where.path}@{where.offset}", where.path, where.offset, where.record_id, exchange.url, 200)
    assert o.raw_sha256 == hashlib.sha256(PAGE).hexdigest()
    assert read_record(where.path, 0, fast).reason == "no WARC response record at this offset"

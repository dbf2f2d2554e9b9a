"""URL inputs against real servers on 127.0.0.1: redirects, limits, content types, TLS."""

from __future__ import annotations

import gzip
import hashlib
import socket
from dataclasses import replace

import pytest
import trustme

from pipeline.sources import iter_inputs
from schemas import Outcome, Problem, RawDocument, RawFormat, SourceKind
from tests.conftest import SEED_HTML
from tests.servers import Reply, Server, server_tls

SEED = SEED_HTML.read_bytes()
ARTICLE = "/news/us-china-rare-earth-negotiations-2025/"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    """Loopback must be reached directly, whatever proxy the environment names."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def site():
    big = b"<html><body>" + b"<p>filler paragraph</p>" * 200 + b"</body></html>"
    routes = {
        ARTICLE: Reply.html(SEED),
        "/old-link": Reply.redirect("/moved", status=301),
        "/moved": Reply.redirect(ARTICLE, status=302),
        "/loop": Reply.redirect("/loop"),
        "/factsheet.pdf": Reply.typed(PDF, "application/pdf"),
        "/feed": Reply.typed("<rss/>", "application/rss+xml"),
        "/untyped": Reply(body=b"<html></html>"),
        "/xhtml": Reply.typed("<html xmlns='http://www.w3.org/1999/xhtml'><p>x</p></html>", "application/xhtml+xml"),
        "/big": Reply.html(big),
        "/big-unsized": Reply.html(big, content_length=False),
        "/slow": Reply.html("<p>late</p>", delay=30),
        "/drip": Reply.html(big, trickle=0.15, chunk=200),
        "/latin1": Reply.html("<p>Société Générale, São Paulo</p>".encode("latin-1"), charset="iso-8859-1"),
        "/utf16": Reply.html("<p>\u65e5\u672c caf\u00e9</p>".encode("utf-16-le"), charset="utf-16le"),
        "/bad-bytes": Reply.html(b"<p>caf\xe9</p>"),
        "/binary": Reply.html(b"<html>\x00\x01\x02\x00</html>"),
        "/gzipped": Reply.typed(gzip.compress(SEED, mtime=0), "text/html; charset=utf-8",
                                headers=(("Content-Encoding", "gzip"),)),
        "/gone": Reply.html("<h1>Gone</h1>", status=410),
        "/error": Reply.html("<h1>Oops</h1>", status=500),
    }
    with Server(routes) as server:
        yield server


@pytest.fixture
def fast(settings):
    return replace(settings, fetch_timeout=0.5, max_bytes=2000, max_redirects=3)


def one(inputs, settings) -> RawDocument | Problem:
    (item,) = list(iter_inputs(inputs, settings))
    return item


def failed(item, locator: str) -> str:
    assert isinstance(item, Problem), item
    assert item.outcome is Outcome.FAILED
    assert item.locator == locator
    return item.reason


def test_fetches_the_seed_page_with_full_provenance(site, settings):
    url = site.url(ARTICLE)
    doc = one([url], settings)
    assert isinstance(doc, RawDocument)
    assert doc.format is RawFormat.HTML
    assert doc.content == SEED.decode("utf-8")
    o = doc.origin
    assert (o.kind, o.locator, o.url, o.status) == (SourceKind.URL, url, url, 200)
    assert o.content_type == "text/html; charset=utf-8"
    assert o.redirects == ()
    assert o.raw_sha256 == hashlib.sha256(SEED).hexdigest()
    assert o.fetched_at is not None and o.fetched_at.utcoffset().total_seconds() == 0
    assert site.requests[-1].headers["User-Agent"] == settings.user_agent


def test_redirect_chain_is_recorded(site, settings):
    start = site.url("/old-link")
    doc = one([start], settings)
    assert isinstance(doc, RawDocument)
    assert doc.origin.locator == start
    assert doc.origin.url == site.url(ARTICLE)
    assert doc.origin.redirects == (start, site.url("/moved"))


def test_too_many_redirects(site, fast):
    url = site.url("/loop")
    assert failed(one([url], fast), url) == "too many redirects (more than 3)"


@pytest.mark.parametrize(("path", "reason"), [
    ("/factsheet.pdf", "not HTML (application/pdf)"),
    ("/feed", "not HTML (application/rss+xml)"),
    ("/untyped", "not HTML (no content type)"),
    ("/nowhere", "HTTP 404 Not Found"),
    ("/gone", "HTTP 410 Gone"),
    ("/error", "HTTP 500 Internal Server Error"),
    ("/bad-bytes", "cannot decode as utf-8: invalid byte 0xe9 at offset 6"),
    ("/binary", "binary response, not HTML"),
])
def test_refused_responses(site, settings, path, reason):
    url = site.url(path)
    assert failed(one([url], settings), url) == reason


def test_xhtml_is_accepted(site, settings):
    assert isinstance(one([site.url("/xhtml")], settings), RawDocument)


@pytest.mark.parametrize("path", ["/big", "/big-unsized"])
def test_body_over_max_bytes_is_cut_off(site, fast, path):
    url = site.url(path)
    assert failed(one([url], fast), url) == "response larger than 2000 bytes"


def test_slow_server_times_out(site, fast):
    url = site.url("/slow")
    assert failed(one([url], fast), url) == "timed out after 0.5s"


def test_dripping_body_hits_the_whole_fetch_deadline(site, fast):
    # Each piece arrives well within the per-read timeout; the whole body would take ~3 s.
    url = site.url("/drip")
    assert failed(one([url], replace(fast, max_bytes=100_000)), url) == "timed out after 0.5s"


def test_charset_from_the_content_type_header(site, settings):
    doc = one([site.url("/latin1")], settings)
    assert isinstance(doc, RawDocument)
    assert doc.content == "<p>Société Générale, São Paulo</p>"


def test_utf16_declared_by_the_header_is_not_taken_for_binary(site, settings):
    doc = one([site.url("/utf16")], settings)
    assert isinstance(doc, RawDocument), doc
    assert doc.content == "<p>\u65e5\u672c caf\u00e9</p>"


def test_content_encoding_is_undone_and_hashed_decoded(site, settings):
    doc = one([site.url("/gzipped")], settings)
    assert isinstance(doc, RawDocument)
    assert doc.content == SEED.decode("utf-8")
    assert doc.origin.raw_sha256 == hashlib.sha256(SEED).hexdigest()


def test_closed_port_is_unreachable(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    assert failed(one([url], settings), url) == "unreachable: connection refused"


@pytest.mark.parametrize("url", ["http://exa mple.com:notaport/", "http://a..b/", "http://xn--a.com/",
                                 f"http://{'x' * 64}.example/"])
def test_invalid_url(settings, url):
    assert failed(one([url], settings), url).startswith("invalid URL: ")


def test_order_is_kept_and_good_urls_survive_bad_ones(site, settings, tmp_path):
    page = tmp_path / "local.html"
    page.write_text("<html><body><p>local</p></body></html>", encoding="utf-8")
    inputs = [site.url(ARTICLE), site.url("/factsheet.pdf"), str(page), site.url("/nowhere"), site.url("/moved")]
    items = list(iter_inputs(inputs, settings))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Problem", "RawDocument", "Problem", "RawDocument"]
    assert [i.origin.locator if isinstance(i, RawDocument) else i.locator for i in items] == inputs


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def secure_site(ca):
    with Server({"/": Reply.html(SEED)}, tls=server_tls(ca)) as server:
        yield server


def test_untrusted_certificate_is_refused(secure_site, settings):
    url = secure_site.url("/")
    reason = failed(one([url], settings), url)
    assert reason.startswith("TLS certificate verification failed: ")
    assert "issuer" in reason  # the verifier's own words: unable to get local issuer certificate


def test_the_same_server_is_fetched_once_its_ca_is_trusted(secure_site, settings, ca, tmp_path, monkeypatch):
    # Proves the refusal above is about trust, not a broken server: the user's own CA bundle works.
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    doc = one([secure_site.url("/")], settings)
    assert isinstance(doc, RawDocument)
    assert doc.origin.status == 200

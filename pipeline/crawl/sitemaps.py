"""Sitemaps -> page URLs and child sitemaps: XML urlset (news sitemaps included), sitemap
index, plain-text lists, and any of them gzipped.

XML is parsed with entities and network access off, so a sitemap cannot make us read a
file or fetch a URL; gzip is inflated to at most `limit` bytes (a small bomb stays small).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from lxml import etree

from pipeline.crawl.urls import canonical

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
_GZIP = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Sitemap:
    pages: tuple[str, ...]
    sitemaps: tuple[str, ...]  # children of a sitemap index


class TooLarge(ValueError):
    """A gzipped sitemap inflates past the size limit."""


def gunzip(data: bytes, limit: int) -> bytes:
    """Inflate a gzip body (a sitemap.xml.gz), at most `limit` bytes; TooLarge past that."""
    inflater = zlib.decompressobj(wbits=31)
    out = inflater.decompress(data, limit + 1)
    if len(out) > limit:
        raise TooLarge(f"inflates to more than {limit} bytes")
    return out


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _locs(root: etree._Element, parent: str, base: str) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for element in root:
        if _local(element.tag) != parent:
            continue
        for child in element:
            if _local(child.tag) == "loc" and child.text and (c := canonical(child.text, base)):
                found[c] = None
    return tuple(found)


def parse_sitemap(data: bytes, url: str, *, text: bool = False) -> Sitemap | None:
    """The sitemap at `url`, or None when `data` is not one. `text` allows the plain-text
    form (one URL per line), which only a URL known to be a sitemap may use."""
    body = data.lstrip()
    if body.startswith(b"<"):
        try:
            root = etree.fromstring(body, _PARSER)
        except etree.XMLSyntaxError:
            return None
        kind = _local(root.tag) if root is not None else ""
        if kind == "urlset":
            return Sitemap(_locs(root, "url", url), ())
        if kind == "sitemapindex":
            return Sitemap((), _locs(root, "sitemap", url))
        return None
    if not text:
        return None
    lines = body.decode("utf-8", "replace").splitlines()
    pages = dict.fromkeys(c for line in lines if line.strip().startswith(("http://", "https://"))
                          and (c := canonical(line.strip(), url)))
    return Sitemap(tuple(pages), ()) if pages else None

"""Bytes -> str for HTML and plain text, failing loudly instead of guessing.

HTML follows the browsers' order of precedence: a byte-order mark, then the charset the
transport declared (an HTTP Content-Type header), then a <meta charset> or <meta
http-equiv> in the head, else UTF-8. Text is UTF-8 (a BOM is honoured and dropped).
Decoding is strict: a byte that does not decode is an error naming the byte and its
offset, never a replacement character that would corrupt the text facts point into.
"""

from __future__ import annotations

import codecs
import re

from pipeline.errors import InputError

# How far into the bytes we look for NUL bytes (binary sniffing) and a <meta> charset.
HEAD_BYTES = 8192

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


# Labels browsers read as windows-1252 (WHATWG Encoding Standard): pages that declare
# latin-1 or ASCII routinely hold 0x80-0x9F punctuation such as curly quotes.
_WINDOWS_1252 = frozenset({"iso8859-1", "ascii"})
_WIDE = ("utf-16", "utf-32")  # encodings whose text is full of NUL bytes


def _known(label: str | None) -> str | None:
    """Python's canonical name for a charset label, or None for an unknown label
    (browsers ignore a charset they do not know, and so do we)."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in _WINDOWS_1252 else name


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if it names a known charset."""
    m = _HEADER_CHARSET.search(content_type or "")
    return _known(m.group(1)) if m else None


def meta_charset(data: bytes) -> str | None:
    """The charset a <meta> tag in the first HEAD_BYTES declares, if it is a known one."""
    m = _META_CHARSET.search(data[:HEAD_BYTES])
    name = _known(m.group(1).decode("ascii")) if m else None
    # A <meta> that can be read at all is not in UTF-16/32, so such a declaration means UTF-8 (HTML spec).
    return "utf-8" if name and name.startswith(_WIDE) else name


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, name in _BOMS:
        if data.startswith(mark):
            return name, len(mark)
    return None


def strict_decode(data: bytes, charset: str, locator: str, skip: int = 0) -> str:
    """Decode data[skip:]; an error reports the offset in `data` (the whole input)."""
    try:
        return data[skip:].decode(charset)
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        raise InputError(locator, f"cannot decode as {charset}: invalid byte 0x{data[at]:02x} at offset {at}") from exc


def _decode(data: bytes, charset: str, locator: str, what: str, noun: str) -> str:
    """A BOM overrides `charset`; NUL bytes in the head mean binary, unless the charset is UTF-16/32."""
    bom = _bom(data)
    if bom is not None:
        return strict_decode(data, bom[0], locator, bom[1])
    if b"\x00" in data[:HEAD_BYTES] and not charset.startswith(_WIDE):
        raise InputError(locator, f"binary {noun}, not {what}")
    return strict_decode(data, charset, locator)


def decode_html(data: bytes, locator: str, *, declared: str | None = None, noun: str = "file") -> str:
    """Decode an HTML page; `declared` is the transport's Content-Type header, if any.

    Raises InputError (with `locator`) for binary data or bytes that do not decode.
    """
    charset = header_charset(declared) or meta_charset(data) or "utf-8"
    return _decode(data, charset, locator, "HTML", noun)


def decode_text(data: bytes, locator: str, *, noun: str = "file") -> str:
    """Decode plain text as strict UTF-8, unchanged but for a leading BOM."""
    return _decode(data, "utf-8", locator, "text", noun)

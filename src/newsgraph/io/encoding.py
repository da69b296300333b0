"""Decode raw document bytes to text without ever raising on bad bytes.

The order of evidence follows what browsers do, strongest first: a byte
order mark, the charset the HTTP server declared, the charset the page
declares about itself, then the bytes themselves (strict UTF-8, then a
statistical guess), and finally UTF-8 with replacement characters.
"""

from __future__ import annotations

import codecs
import re

# Bytes the page may use to declare its own charset: browsers only look at
# the first 1024 bytes; 4 KB tolerates long <head> preambles.
_META_WINDOW = 4096

# Matches both ``<meta charset="x">`` and
# ``<meta http-equiv="Content-Type" content="text/html; charset=x">``.
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)

# Codecs Python looks up by name that are not charsets a page can be
# written in: they transform text (IDNA, escapes) or reject every byte.
# Non-text codecs (hex, base64, zlib, rot13...) are refused by their
# ``_is_text_encoding`` mark. UTF-7 is refused as browsers refuse it.
_NOT_CHARSETS = frozenset({"undefined", "punycode", "idna", "raw-unicode-escape", "unicode-escape", "utf-7"})

_SURROGATES = re.compile("[\ud800-\udfff]")

# UTF-32 before UTF-16: the UTF-32-LE mark begins with the UTF-16-LE mark.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Labels that browsers (WHATWG Encoding Standard) read as windows-1252: pages
# labelled latin-1 routinely contain curly quotes in the 0x80-0x9F range.
_WINDOWS_1252_LABELS = frozenset(
    {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "iso_8859-1", "l1", "ascii", "us-ascii", "cp819"}
)


def bom_encoding(data: bytes) -> str | None:
    """The codec named by ``data``'s byte order mark, or ``None`` without one."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def normalize_charset(label: str | None) -> str | None:
    """The Python codec for a declared charset label, or ``None`` if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError, TypeError):  # ValueError: a NUL in the label
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def scrub_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD.

    JSON escapes (``"\\ud800"``) and some codecs produce them; hashing,
    DuckDB and JSON writers all refuse them.
    """
    if text.isascii() or _SURROGATES.search(text) is None:
        return text
    return _SURROGATES.sub("\ufffd", text)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of an HTTP Content-Type value, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (meta or XML prolog)."""
    window = data[:_META_WINDOW]
    match = _META_CHARSET.search(window) or _XML_ENCODING.search(window)
    if not match:
        return None
    return match.group(1).decode("ascii", "replace")


def _normalize_newlines(text: str) -> str:
    return scrub_surrogates(text.replace("\r\n", "\n").replace("\r", "\n"))


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeError, LookupError):
        return None


def _is_ascii(data: bytes) -> bool:
    return data.isascii()


def _declared(data: bytes, label: str | None) -> tuple[str, str] | None:
    """Decode with a declared charset, unless the bytes contradict it.

    A declaration is overruled when the bytes are non-ASCII valid UTF-8 and
    the declaration is something else: mislabelled UTF-8 pages are common,
    while legacy-encoded text that happens to be valid UTF-8 is very rare.
    A declaration of UTF-16/32 without a BOM is ignored (as browsers do):
    the declaration itself was readable as ASCII, so the page is not UTF-16.
    """
    codec = normalize_charset(label)
    if codec is None or codec.startswith(("utf-16", "utf-32")):
        return None
    if codec not in ("utf-8", "utf-8-sig") and not _is_ascii(data):
        as_utf8 = _try_decode(data, "utf-8")
        if as_utf8 is not None:
            return as_utf8, "utf-8"
    text = _try_decode(data, codec)
    if text is None and codec == "cp1252":
        # cp1252 leaves five bytes undefined; latin-1 maps them to C1 controls.
        text = data.decode("latin-1")
        codec = "latin-1"
    if text is None:
        # A few bad bytes in an otherwise right declaration: keep it, as a
        # browser would. Many bad bytes: the declaration is wrong.
        try:
            lenient = data.decode(codec, errors="replace")
        except (UnicodeError, LookupError):
            return None
        if lenient.count("\ufffd") * 100 > len(lenient):
            return None
        text = lenient
    return text, codec


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with replacements, when the bytes are UTF-8 save a few stray bytes.

    A statistical detector would pick a single-byte codec for such input and
    turn every correct multi-byte character into mojibake; replacing the few
    broken bytes loses far less.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - broken
    if multibyte >= 2 and broken * 10 <= multibyte:
        return text
    return None


# What Western European text holds beyond ASCII: the accented letters of
# French, German, Spanish, Italian, Portuguese, Dutch and the Nordic
# languages, and cp1252's typographic punctuation.
_WESTERN = frozenset("àâäáãåæçéèêëíìîïñóòôöõøœùúûüýÿßÀÂÄÁÃÅÆÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØŒÙÚÛÜÝŸ‘’‚“”„–—…€•«»°£§©®·\u00a0")


def _guess(data: bytes) -> tuple[str, str] | None:
    """Statistical detection with charset-normalizer, or ``None`` if it gives up."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None or not best.encoding:
        return None
    # On short Western text the detector ties several single-byte codecs
    # (cp1250, cp775, cp1257 read "Montréal" as well as cp1252 does, and
    # are listed first by chance). Among readings as clean as the best,
    # cp1252, by far the commonest undeclared legacy charset on the web,
    # wins when what it reads is Western European: accented Latin letters
    # and typographic punctuation only. Text that reads otherwise in cp1252
    # ("Ðiauliai" for Lithuanian "Šiauliai", "¿" for Polish "ż") keeps the
    # detector's codec, as do Czech (cp1250) and Russian (cp1251), which
    # only their own codec reads cleanly.
    tied = [match for match in matches if match.chaos <= best.chaos + 0.01]
    if any(normalize_charset(match.encoding) == "cp1252" for match in tied):
        western = _try_decode(data, "cp1252")
        if western is not None and all(ch.isascii() or ch in _WESTERN for ch in western):
            return western, "cp1252"
    codec = normalize_charset(best.encoding) or best.encoding
    # Decode the whole input ourselves: charset-normalizer may have sampled.
    if normalize_charset(codec) is None:
        return None
    try:
        return data.decode(codec, errors="replace"), codec
    except (UnicodeError, LookupError):
        return None


def decode(data: bytes, *, http_charset: str | None = None, is_html: bool = False) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, codec name)``.

    Evidence in order: BOM, ``http_charset`` (from HTTP headers), for HTML
    the ``<meta charset>``/``http-equiv`` declaration in the first 4 KB,
    strict UTF-8, charset-normalizer's guess, and UTF-8 with replacement.
    Never raises on invalid bytes. Newlines are normalised to ``\\n``.
    """
    bom = bom_encoding(data)
    if bom is not None:
        return _normalize_newlines(data.decode(bom, errors="replace")), bom

    for label in (http_charset, declared_html_charset(data) if is_html else None):
        found = _declared(data, label)
        if found is not None:
            return _normalize_newlines(found[0]), found[1]

    text = _try_decode(data, "utf-8")
    if text is not None:
        return _normalize_newlines(text), "utf-8"

    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _normalize_newlines(mostly), "utf-8"

    guessed = _guess(data)
    if guessed is not None:
        return _normalize_newlines(guessed[0]), guessed[1]

    return _normalize_newlines(data.decode("utf-8", errors="replace")), "utf-8"

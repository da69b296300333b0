"""What a reader yields: a ``RawDocument`` built from bytes, or a one-line ``ReadFailure``.

Shared by ``readers`` (files, JSON, JSON Lines) and ``archive`` (WARC/WET).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC
from urllib.parse import urlsplit

from ..errors import InputError
from ..records import RawDocument, content_id
from .encoding import decode, scrub_surrogates


@dataclass
class ReadFailure:
    """An input (or one record/line of it) that yielded no document.

    ``reason`` is ``"empty"`` for inputs with nothing in them (the CLI counts
    these apart from real failures) and ``"failed"`` otherwise.
    """

    source: str
    error: InputError
    reason: str = "failed"

    @property
    def message(self) -> str:
        """The one-line message: ``[code] source: problem``."""
        return str(self.error)


def _failure(source: str, message: str, *, reason: str = "failed", error: type[InputError] = InputError) -> ReadFailure:
    return ReadFailure(source=source, error=error(message, source=source), reason=reason)


def _document(
    data: bytes,
    source: str,
    fmt: str,
    *,
    is_html: bool,
    max_bytes: int,
    unit: str,
    http_charset: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> RawDocument | ReadFailure:
    """One document's bytes (a file, or a record's payload) as a RawDocument.

    ``data`` holds at most ``max_bytes + 1`` bytes, so one byte too many
    tells an oversized input; ``unit`` names it in messages ("file", "record").
    """
    if len(data) > max_bytes:
        return _failure(source, f"{unit} is larger than max_bytes ({max_bytes} bytes)")
    text, codec = decode(data, http_charset=http_charset, is_html=is_html)
    if not text.strip():
        return _failure(source, f"empty {unit}", reason="empty")
    return RawDocument(
        id=content_id(data),
        source=source,
        format=fmt,
        content=text,
        kind="html" if is_html else "text",
        url=url,
        published=published,
        encoding=codec,
    )


def _optional_str(value: object) -> str | None:
    """A JSON field as text: strings as they are, numbers written out, anything else (a list, an object) absent."""
    if isinstance(value, str):
        return scrub_surrogates(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _published_str(value: object) -> str | None:
    """A JSON ``published`` field as text; a number is a Unix time in seconds or milliseconds (UTC)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from datetime import datetime

        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")
        except (OverflowError, OSError, ValueError):
            return None
    return _optional_str(value)


_MAX_URL_CHARS = 2000


_URL_JUNK = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def clean_url(value: object) -> str | None:
    """``value`` if it is a usable absolute http(s) URL, else ``None``.

    A bad URL costs only the URL, never the document: it must be a string of
    at most 2,000 characters, without spaces or control characters, that
    ``urlsplit`` reads with a host and a valid port. WARC 1.0 writers may
    wrap the URI in angle brackets; those are taken off.
    """
    if not isinstance(value, str):
        return None
    url = value.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    if not url or len(url) > _MAX_URL_CHARS or _URL_JUNK.search(url) or scrub_surrogates(url) != url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises for a port out of range
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url

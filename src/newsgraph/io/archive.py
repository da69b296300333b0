"""WARC and WET archives, record by record, resynchronising after a damaged record.

Records are split here rather than by warcio's iterator, because a wrong
``Content-Length`` there loses every record after it and prints multi-line
warnings. The rules:

- After each record the input must go on with blank lines and the next
  ``WARC/1.x`` header line (or end). If it does not, the declared length was
  wrong, and the next header line is searched for:

  - found inside what was read as the body (the length ran over into the
    next record): the body is cut before that header, the document gets
    the flag ``"truncated"``, and reading goes on from that header;
  - found after the body, or none and the input ends (the length was too
    short): the bytes in between are the rest of the body and are kept;
  - not found, and the input ended inside the body: the record is cut
    short (``truncated WARC record``) and is not stored.

- In a ``.warc.gz`` each gzip member is one record, so the member's end is
  the record's end: a body cut by its member gets the flag ``"truncated"``,
  and reading goes on with the next member.
- Bytes that are no record header are one failure line, then skipped to the
  next header. A first header with a version other than 1.0, 1.1 (or the
  pre-standard 0.17/0.18 that warcio reads) is an unsupported WARC.

warcio still parses each record's HTTP headers and decodes its payload
(chunked transfer, gzip content encoding); what it would print on standard
error is captured and becomes the flag ``"damaged-payload"``.
"""

from __future__ import annotations

import contextlib
import io
import re
import zlib
from collections.abc import Generator, Iterator
from typing import BinaryIO

from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.recordloader import ArcWarcRecordLoader

from ..errors import FormatError
from ..records import Flag, RawDocument
from .documents import ReadFailure, _document, _failure, clean_url
from .encoding import charset_from_content_type
from .streams import _CHUNK_BYTES, _GZIP_ERRORS, _GZIP_MAGIC, _gzip_problem, _read_up_to

_HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
_SUPPORTED_VERSIONS = frozenset({"1.0", "1.1", "0.17", "0.18"})
_HEADER_LINE = re.compile(rb"WARC/(\d{1,4}\.\d{1,4})\r?\n")
# The start of a record inside other bytes: a version line at a line start,
# then a header field. Each try is bounded, so a search stays linear.
_NEXT_HEADER = re.compile(rb"\nWARC/(?:1\.[01]|0\.1[78])\r?\n[!-9;-~]{1,100}:")
_OVERLAP = 128
_MAX_HEADER_BYTES = 1 << 16
_HTTP_HEAD_BYTES = 1 << 16


class _Bytes:
    """A byte stream that can give bytes back and knows its offset."""

    def __init__(self, raw: BinaryIO, offset: int = 0) -> None:
        self._raw = raw
        self._buffer = b""
        self._pos = 0  # consumed bytes of ``_buffer``: slicing only on refills keeps reads linear
        self.offset = offset

    def _fill(self, size: int) -> None:
        while len(self._buffer) - self._pos < size:
            chunk = self._raw.read(max(_CHUNK_BYTES, size - len(self._buffer) + self._pos))
            if not chunk:
                return
            self._buffer = self._buffer[self._pos :] + chunk
            self._pos = 0

    def peek(self, size: int) -> bytes:
        self._fill(size)
        return self._buffer[self._pos : self._pos + size]

    def read(self, size: int) -> bytes:
        available = len(self._buffer) - self._pos
        if available >= size:
            out = self._buffer[self._pos : self._pos + size]
            self._pos += size
        else:
            out = self._buffer[self._pos :] + _read_up_to(self._raw, size - available)
            self._buffer, self._pos = b"", 0
        self.offset += len(out)
        return out

    def readline(self, limit: int) -> bytes:
        while True:
            end = self._buffer.find(b"\n", self._pos, self._pos + limit)
            if end >= 0:
                return self.read(end + 1 - self._pos)
            available = len(self._buffer) - self._pos
            if available >= limit:
                return self.read(limit)
            self._fill(available + 1)
            if len(self._buffer) - self._pos == available:
                return self.read(available)

    def unread(self, data: bytes) -> None:
        if data:
            self._buffer, self._pos = data + self._buffer[self._pos :], 0
            self.offset -= len(data)

    def skip(self, size: int) -> int:
        """Pass over ``size`` bytes without holding them; return how many there were."""
        skipped = 0
        while skipped < size:
            chunk = self.read(min(_CHUNK_BYTES, size - skipped))
            if not chunk:
                break
            skipped += len(chunk)
        return skipped


class _Member(io.RawIOBase):
    """One gzip member of ``source``, decompressed; bytes after it go back to ``source``."""

    def __init__(self, source: _Bytes) -> None:
        self._source = source
        self._inflater = zlib.decompressobj(wbits=31)
        self.complete = False
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self.complete:
            data = self._pending or self._source.read(_CHUNK_BYTES)
            self._pending = b""
            out = self._inflater.decompress(data, len(buffer))
            self._pending = self._inflater.unconsumed_tail
            if self._inflater.eof:
                self.complete = True
                self._source.unread(self._pending + self._inflater.unused_data)
                self._pending = b""
            if out:
                buffer[: len(out)] = out
                return len(out)
            if not data:
                return 0  # the input ended inside the member: ``complete`` stays False
        return 0


def _quote(data: bytes) -> str:
    first = data.split(b"\n", 1)[0].split(_GZIP_MAGIC, 1)[0][:80].rstrip(b"\r")
    text = "".join(c if c.isprintable() else "?" for c in first.decode("latin-1"))
    return re.sub(r"\?{4,}", "???…", text).strip()


def _strip_separator(body: bytes) -> bytes:
    for separator in (b"\r\n\r\n", b"\n\n", b"\r\n", b"\n"):
        if body.endswith(separator):
            return body[: -len(separator)]
    return body


def _scan(stream: _Bytes, keep: int) -> tuple[bytes, bool]:
    """Read up to the next record header (left unread); return up to ``keep``
    bytes of what came before, and whether a header came."""
    kept = bytearray()
    carry = b""
    while True:
        chunk = stream.read(_CHUNK_BYTES)
        window = carry + chunk
        match = _NEXT_HEADER.search(window)
        if match is not None:
            stream.unread(window[match.start() + 1 :])
            before = window[: match.start() + 1]
            kept += before[: max(0, keep - len(kept))]
            return bytes(kept), True
        if not chunk:
            kept += window[: max(0, keep - len(kept))]
            return bytes(kept), False
        kept += window[:-_OVERLAP][: max(0, keep - len(kept))]
        carry = window[-_OVERLAP:]


def _at_boundary(stream: _Bytes) -> bool:
    """Whether what follows is blank lines and then a record header, padding, or the end."""
    ahead = stream.peek(4096).lstrip(b"\r\n")
    return not ahead or ahead.startswith((b"WARC/", b"\x00")) or (len(ahead) < 16 and ahead.isspace())


def _skip_separators(stream: _Bytes) -> bool:
    """Pass over blank lines and NUL padding; ``False`` when the input ends."""
    while True:
        ahead = stream.peek(4096)
        if not ahead:
            return False
        kept = ahead.lstrip(b"\r\n\x00")
        if kept:
            stream.read(len(ahead) - len(kept))
            return True
        stream.read(len(ahead))


def _parse_headers(lines: list[bytes]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.decode("utf-8", "replace").partition(":")
        if colon:
            headers.setdefault(name.strip().lower(), value.strip())
    return headers


def read_archive(source: str, raw: BinaryIO, *, gzipped: bool, max_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    """HTML responses (WARC) and text conversions (WET), record by record.

    Other records (requests, metadata, images, redirects, errors) are
    skipped: they hold no article. Record sources are ``path#offset``, the
    offset of the record (of its gzip member in a ``.warc.gz``), as a CDX
    index gives it.
    """
    outer = _Bytes(raw)
    if not gzipped:
        yield from _records(source, outer, base=None, max_bytes=max_bytes, first=True)
        return
    first = True
    while True:
        start = outer.offset
        member = _Member(outer)
        stream = _Bytes(io.BufferedReader(member))
        try:
            stopped = yield from _records(source, stream, base=start, max_bytes=max_bytes, first=first, member=member)
        except _GZIP_ERRORS as exc:
            yield _failure(source, _gzip_problem(exc))
            return
        if not member.complete:
            yield _failure(source, _gzip_problem(EOFError()))
            return
        if stopped:
            return
        first = False
        ahead = outer.peek(len(_GZIP_MAGIC))
        if ahead.startswith(_GZIP_MAGIC):
            continue
        rest = outer.read(4096)
        if not rest.strip(b"\x00") and not outer.peek(1):
            return  # the end, or zero padding after the last member
        yield _failure(source, f"invalid WARC (not a gzip member: {_quote(rest)})", error=FormatError)
        # Go on with the next member, if one follows the junk.
        while True:
            found = rest.find(b"\x1f\x8b\x08")
            if found >= 0:
                outer.unread(rest[found:])
                break
            more = outer.read(_CHUNK_BYTES)
            if not more:
                return
            rest = rest[-2:] + more


def _records(
    source: str, stream: _Bytes, *, base: int | None, max_bytes: int, first: bool, member: _Member | None = None
) -> Generator[RawDocument | ReadFailure, None, bool]:
    """The records of an uncompressed stream (``base`` is None) or of one gzip member (at offset ``base``).

    Returns whether reading the input should stop (it is no WARC it can read).
    """
    cap = max_bytes + _HTTP_HEAD_BYTES
    in_member = 0

    def cut(record_source: str) -> Iterator[ReadFailure]:
        # A gzip member cut short is named once, by the member loop.
        if member is None or member.complete:
            yield _failure(record_source, "truncated WARC record")

    while _skip_separators(stream):
        start = stream.offset
        if base is None:
            record_source = f"{source}#{start}"
        else:
            record_source = f"{source}#{base}" if in_member == 0 else f"{source}#{base}+{start}"
        in_member += 1
        line = stream.readline(64)
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            if not line.endswith(b"\n") and not stream.peek(1) and line.startswith(b"WARC/"[: len(line)]):
                yield from cut(record_source)
                return False
            yield _failure(record_source, f"invalid WARC (not a record header: {_quote(line)})", error=FormatError)
            _scan(stream, 0)
            continue
        version = match.group(1).decode("ascii")
        if version not in _SUPPORTED_VERSIONS:
            if first:
                yield _failure(source, f"unsupported WARC version {version}", error=FormatError)
                return True
            yield _failure(record_source, f"unsupported WARC version {version}", error=FormatError)
            _scan(stream, 0)
            continue
        first = False
        lines: list[bytes] = []
        size = 0
        while True:
            header = stream.readline(_MAX_HEADER_BYTES)
            size += len(header)
            if not header.endswith(b"\n") and not stream.peek(1):
                yield from cut(record_source)
                return False
            if not header.strip(b"\r\n"):
                break
            lines.append(header)
            if size > _MAX_HEADER_BYTES:
                break
        if size > _MAX_HEADER_BYTES:
            yield _failure(record_source, "invalid WARC (record header too long)", error=FormatError)
            _scan(stream, 0)
            continue
        headers = _parse_headers(lines)
        declared = headers.get("content-length", "")
        if not (declared.isascii() and declared.isdigit()):
            yield _failure(record_source, "invalid WARC (no valid Content-Length)", error=FormatError)
            _scan(stream, 0)
            continue
        length = int(declared)
        flags: list[Flag] = []
        if length > cap:
            head = stream.read(_HTTP_HEAD_BYTES)
            skipped = stream.skip(length - len(head))
            wanted = _record_kind(line, lines, head) is not None
            if len(head) + skipped < length and (member is None or not member.complete):
                yield from cut(record_source)
                return False
            if wanted:
                yield _failure(record_source, f"record is larger than max_bytes ({max_bytes} bytes)")
            if not _at_boundary(stream):
                yield _failure(
                    record_source, "invalid WARC (Content-Length does not match the record)", error=FormatError
                )
                _scan(stream, 0)
            continue
        body = stream.read(length)
        if len(body) < length or not _at_boundary(stream):
            embedded = _NEXT_HEADER.search(body)
            if embedded is not None:
                stream.unread(body[embedded.start() + 1 :])
                body, flags = _strip_separator(body[: embedded.start() + 1]), ["truncated"]
            elif len(body) < length:
                if member is None or not member.complete:
                    yield from cut(record_source)
                    return False
                body, flags = _strip_separator(body), ["truncated"]
            else:
                # Up to the next header, or the end: the rest of this record.
                rest, _found = _scan(stream, cap - len(body))
                body += _strip_separator(rest)
        yield from _one(record_source, line, lines, body, flags, max_bytes)
    return False


def _one(
    source: str, version: bytes, lines: list[bytes], body: bytes, flags: list[Flag], max_bytes: int
) -> Iterator[RawDocument | ReadFailure]:
    result = _archive_document(source, version, lines, body, flags, max_bytes=max_bytes)
    if result is not None:
        yield result


def _warcio_record(version: bytes, lines: list[bytes], body: bytes) -> object:
    """warcio's view of one record whose extent is known, its length made to match.

    warcio reads HTTP headers only for an http(s) target URI, and rewrites
    (and logs) a URI with spaces: it gets a stand-in, and the URI itself is
    judged by ``clean_url``.
    """
    kept = []
    for line in lines:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            continue
        if name == b"warc-target-uri":
            http = value.strip().lstrip(b"<").lower().startswith((b"http:", b"https:"))
            line = b"WARC-Target-URI: " + (b"http://record.invalid/" if http else b"urn:x-other") + b"\r\n"
        kept.append(line)
    block = b"".join([version, *kept, b"Content-Length: %d\r\n\r\n" % len(body), body])
    stream = DecompressingBufferedReader(io.BytesIO(block))
    return ArcWarcRecordLoader(verify_http=False, arc2warc=False).parse_record_stream(stream, known_format="warc")


def _is_html_media_type(content_type: str | None) -> bool:
    if not content_type:
        return False
    return content_type.split(";", 1)[0].strip().lower() in _HTML_MEDIA_TYPES


def _kind(record: object) -> tuple[str, bool, str | None] | None:
    """``(format, is_html, charset)`` of a record that holds an article, else ``None``."""
    rec_type = record.rec_type  # type: ignore[attr-defined]
    if rec_type == "conversion":
        return "wet", False, None
    if rec_type == "response":
        http = record.http_headers  # type: ignore[attr-defined]
        if http is None:
            return None
        status = http.get_statuscode()
        content_type = http.get_header("Content-Type")
        if not (status and status.startswith("2")) or not _is_html_media_type(content_type):
            return None
        return "warc", True, charset_from_content_type(content_type)
    if rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")  # type: ignore[attr-defined]
        if not _is_html_media_type(content_type):
            return None
        return "warc", True, charset_from_content_type(content_type)
    return None


def _record_kind(version: bytes, lines: list[bytes], head: bytes) -> tuple[str, bool, str | None] | None:
    try:
        return _kind(_warcio_record(version, lines, head))
    except Exception:  # noqa: BLE001 - a record warcio cannot parse holds no article we could read
        return None


def _archive_document(
    source: str, version: bytes, lines: list[bytes], body: bytes, flags: list[Flag], *, max_bytes: int
) -> RawDocument | ReadFailure | None:
    """One WARC/WET record as a document, or ``None`` for records without an article."""
    captured = io.StringIO()
    try:
        with contextlib.redirect_stderr(captured):
            record = _warcio_record(version, lines, body)
            kind = _kind(record)
            if kind is None:
                return None
            payload = _read_up_to(record.content_stream(), max_bytes + 1)  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - warcio's parser assumes well-formed headers
        detail = _quote(str(exc).encode("utf-8", "replace"))
        return _failure(
            source, f"invalid WARC record ({type(exc).__name__}{': ' + detail if detail else ''})", error=FormatError
        )
    if captured.getvalue().strip():
        flags = [*flags, "damaged-payload"]
    headers = record.rec_headers  # type: ignore[attr-defined]
    fmt, is_html, http_charset = kind
    document = _document(
        payload,
        source,
        fmt,
        is_html=is_html,
        max_bytes=max_bytes,
        unit="record",
        http_charset=http_charset,
        url=clean_url(_parse_headers(lines).get("warc-target-uri")),
        published=headers.get_header("WARC-Date"),
    )
    if isinstance(document, RawDocument):
        document.flags = list(flags)
    return document

"""Byte streams the readers share: bounded reads, gzip members, a replayable head.

Kept apart from ``readers`` (paths and formats) and ``archive`` (WARC/WET)
so that both build on it without importing each other.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

# How much of an input (after gunzip) is inspected to tell its format.
_HEAD_BYTES = 8192


_GZIP_MAGIC = b"\x1f\x8b"


_CHUNK_BYTES = 1 << 16


class _ReplayStream(io.RawIOBase):
    """A stream that returns ``prefix`` and then the rest of ``rest``.

    Lets the reader peek at the head of a non-seekable input (stdin) and
    still hand the whole input, from its first byte, to a parser.
    """

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            count = min(len(buffer), len(self._prefix))
            buffer[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        chunk = self._rest.read(len(buffer))
        if not chunk:
            return 0
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _read_up_to(stream: BinaryIO, size: int) -> bytes:
    """Read ``size`` bytes or to end of stream, whichever comes first."""
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def _gunzip_head(raw: bytes) -> bytes:
    """Decompress what can be decompressed of a gzip input's first bytes.

    Walks over member boundaries (a ``.warc.gz`` holds one member per
    record) until ``_HEAD_BYTES`` are out; a corrupt or cut head gives what
    came out before the damage, and the full read reports the error.
    """
    stream = _GunzipStream(io.BytesIO(raw))
    out = bytearray()
    while len(out) < _HEAD_BYTES:
        try:
            chunk = stream.read(_HEAD_BYTES - len(out))
        except _GZIP_ERRORS:
            break
        if not chunk:
            break
        out += chunk
    return bytes(out)


def _gzip_problem(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "truncated gzip stream"
    return f"corrupt gzip stream ({exc})"


_GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


class _GunzipStream(io.RawIOBase):
    """A gzip stream's members, decompressed, as a readable stream.

    Bytes after a complete member that do not start another one (padding, a
    log line a crawler appended) end the data, as ``gzip -d`` treats them;
    ``GzipFile`` would reject the whole file for them. A stream cut inside a
    member raises ``EOFError``; damage inside one, ``zlib.error``.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._inflater = zlib.decompressobj(wbits=31)
        self._pending = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._done:
            data = self._pending or self._raw.read(_CHUNK_BYTES)
            self._pending = b""
            # Called with no new input too: zlib may still hold output.
            out = self._inflater.decompress(data, len(buffer))
            self._pending = self._inflater.unconsumed_tail
            if self._inflater.eof:
                self._next_member()
            if out:
                buffer[: len(out)] = out
                return len(out)
            if not data and not self._done:  # the stream ended inside a member
                raise EOFError("compressed file ended before the end-of-stream marker was reached")
        return 0

    def _next_member(self) -> None:
        rest = self._inflater.unused_data
        while len(rest) < len(_GZIP_MAGIC) and (more := self._raw.read(len(_GZIP_MAGIC) - len(rest))):
            rest += more
        if rest.startswith(_GZIP_MAGIC):
            self._inflater = zlib.decompressobj(wbits=31)
            self._pending = rest
        else:  # the end of the stream, or trailing bytes that are no member
            self._done = True


def _gunzip(stream: BinaryIO) -> io.BufferedReader:
    return io.BufferedReader(_GunzipStream(stream))

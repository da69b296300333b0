"""Read input paths into ``RawDocument`` records, one failure at a time.

Inputs are files, directories (walked recursively), glob patterns and ``-``
for standard input. Each is recognised by content and extension as flattened
web text, HTML, JSON Lines, WARC or Common Crawl WET, gzip-compressed or not.

Nothing here raises for a bad input: every problem becomes a ``ReadFailure``
in the stream and iteration goes on with the next document, because one
corrupt file in a crawl of thousands must not cost the other thousands.

Memory stays bounded: plain files are refused above ``max_bytes`` before they
are read, JSON Lines are read line by line, and WARC/WET record by record.
"""

from __future__ import annotations

import contextlib
import glob
import gzip
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from typing import BinaryIO, cast

from ..errors import FormatError
from ..records import DocumentKind, RawDocument, content_id
from .documents import ReadFailure, _document, _failure, _optional_str, _published_str, clean_url
from .encoding import bom_encoding, decode, scrub_surrogates
from .streams import (
    _GZIP_ERRORS,
    _GZIP_MAGIC,
    _HEAD_BYTES,
    _gunzip,
    _gunzip_head,
    _gzip_problem,
    _read_up_to,
    _ReplayStream,
)

STDIN = "-"
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


_TEXT_EXTENSIONS = {".txt", ".text"}
_HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
_JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
_JSON_EXTENSIONS = {".json"}

# Leading bytes of common binary formats: these are never text, even when the
# first few KB happen to be free of NUL bytes.
_BINARY_MAGICS = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"\x7fELF",
)

# Control bytes that do not occur in text (tab, newlines, form feed and
# escape excluded).
_CONTROL_BYTES = frozenset(set(range(0x09)) | {0x0B} | set(range(0x0E, 0x1B)) | set(range(0x1C, 0x20)) | {0x7F})


# --------------------------------------------------------------------------
# Format detection


def _strip_gz(name: str) -> str:
    lower = name.lower()
    return lower.removesuffix(".gz")


def _extension(name: str) -> str:
    return os.path.splitext(_strip_gz(name))[1]


def _sniff_text(head: bytes) -> str:
    """The head as lower-case text for pattern checks, honouring a UTF-16/32 BOM."""
    bom = bom_encoding(head)
    if bom is not None:
        return head.decode(bom, errors="ignore").lower()
    return head.decode("latin-1").lower()


def _looks_binary(head: bytes) -> bool:
    if head.startswith(_BINARY_MAGICS):
        return True
    if bom_encoding(head) is not None:
        # UTF-16/32 text is full of NUL bytes but is text all the same.
        return False
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return controls / len(head) > 0.10


def _html_strong(text: str) -> bool:
    """The content announces itself as HTML from its first tag."""
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith(("<!doctype html", "<html")):
        return True
    return start.startswith("<?xml") and "<html" in start


# A fragment of markup (an ``<article>`` piped in, a CMS export) opens with a block tag.
_FRAGMENT_START = re.compile(r"<(?:article|main|section|div|p|h[1-6]|header|table|ul|ol|figure|blockquote)\b[^>]*>")


def _html_weak(text: str) -> bool:
    """The content carries HTML document tags in its head, or opens as a fragment of markup."""
    if any(tag in text for tag in ("<html", "<body", "<head>", "<head ", "<!doctype html", "<meta ", "<title>")):
        return True
    start = text.lstrip("\ufeff \t\r\n")
    return _FRAGMENT_START.match(start) is not None and "</" in start


def _looks_jsonl(text: str) -> bool:
    start = text.lstrip("\ufeff \t\r\n")
    if not start.startswith("{"):
        return False
    first, newline, _ = start.partition("\n")
    if not newline:
        # The first line runs past the head: trust the opening brace and quote.
        return first[1:].lstrip().startswith('"')
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False
    except RecursionError:
        # An object nested past the parser's limit is JSON all the same: the
        # line reader fails that line alone.
        return True


_WARC_START = re.compile(r"warc/\d{1,4}\.\d{1,4}\r?\n")


def detect_format(name: str, head: bytes) -> str:
    """Tell an input's format from its name and first (decompressed) bytes.

    Returns ``"warc"``, ``"wet"``, ``"jsonl"``, ``"json"``, ``"html"``, ``"text"``, or
    ``"binary"`` for content that is none of these. Content outranks the
    extension where it is unambiguous (a WARC header, a doctype); the
    extension decides between text-like formats otherwise.
    """
    text = _sniff_text(head)
    ext = _extension(name)
    stripped = text.lstrip("\ufeff \t\r\n")
    if _WARC_START.match(stripped):
        # Any version: the archive reader names one it cannot read.
        if ext == ".wet" or "warc-type: conversion" in text:
            return "wet"
        return "warc"
    if head.startswith(_BINARY_MAGICS):
        return "binary"
    # JSON Lines are judged line by line: a NUL byte on one line fails that
    # line, not the file.
    if ext in _JSONL_EXTENSIONS:
        return "jsonl"
    if _looks_binary(head):
        decisive = ext in _JSON_EXTENSIONS or ext in _HTML_EXTENSIONS or ext in _TEXT_EXTENSIONS
        return "jsonl" if not decisive and _looks_jsonl(text) else "binary"
    if ext in _JSON_EXTENSIONS:
        return "json"
    if _html_strong(text):
        return "html"
    if ext in _HTML_EXTENSIONS:
        return "html"
    if ext in _TEXT_EXTENSIONS:
        return "text"
    if _looks_jsonl(text):
        return "jsonl"
    if _html_weak(text):
        return "html"
    return "text"


# --------------------------------------------------------------------------
# Streams


# --------------------------------------------------------------------------
# Path expansion


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


# A folder being ingested often holds the database itself (``ingest .``
# writes ./newsgraph.duckdb): database files and their write-ahead logs are
# never documents.
_DATABASE_SUFFIXES = (".duckdb", ".duckdb.wal", ".db", ".db.wal", ".sqlite", ".sqlite3")


# What the store keeps beside a database ``DB``: the corpus layer's saved state
# (``DB.corpus-state``) and the search index folder (``DB.search``, which also
# holds this marker file, so it is known under any name).
_BESIDE_DATABASE = (".corpus-state", ".search")
_SEARCH_INDEX_MARKER = "newsgraph-search.json"


def _is_database(name: str) -> bool:
    lowered = name.lower()
    for suffix in _BESIDE_DATABASE:
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)]
            break
    return lowered.endswith(_DATABASE_SUFFIXES)


def _is_search_index(entry: os.DirEntry) -> bool:
    return _is_database(entry.name) or os.path.isfile(os.path.join(entry.path, _SEARCH_INDEX_MARKER))


def _walk_directory(root: str) -> Iterator[str | ReadFailure]:
    """Files under ``root``, depth first in sorted path order, hidden ones and databases skipped.

    Sorting each folder's entries together (files and subfolders) gives the
    order of sorted full paths while still streaming. Symbolic links to
    folders are not followed, so a link loop cannot recurse forever; a link
    that loops onto itself (``ELOOP``) or any other entry the system cannot
    inspect is a failure naming it. Other non-regular files (FIFOs, sockets,
    devices) are passed over without being opened.
    """
    try:
        with os.scandir(root) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        yield _failure(source_name(root), f"cannot read folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                if not _is_search_index(entry):
                    yield from _walk_directory(entry.path)
            elif entry.is_file() and not _is_database(entry.name):
                yield entry.path
        except OSError as exc:
            yield _failure(source_name(entry.path), exc.strerror or str(exc))


def _expand(path: str) -> Iterator[str | ReadFailure]:
    """The files a path argument names, or a failure when it names none."""
    if path == STDIN:
        yield STDIN
    elif os.path.isdir(path):
        yield from _walk_directory(path)
    elif os.path.exists(path):
        yield path
    elif glob.has_magic(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield _failure(source_name(path), "no files match this pattern")
        for match in matches:
            if os.path.isdir(match):
                yield from _walk_directory(match)
            elif os.path.exists(match):
                # Non-regular files are refused when opened, with a message.
                yield match
    else:
        yield _failure(source_name(path), "no such file or directory")


# --------------------------------------------------------------------------
# Readers per format


def _read_whole(source: str, stream: BinaryIO, *, gzipped: bool, max_bytes: int) -> bytes | ReadFailure:
    """Up to ``max_bytes + 1`` bytes of a file, decompressed (one more than allowed tells "too large")."""
    try:
        return _read_up_to(_gunzip(stream) if gzipped else stream, max_bytes + 1)
    except _GZIP_ERRORS as exc:
        return _failure(source, _gzip_problem(exc))


def _read_plain(
    source: str, stream: BinaryIO, fmt: str, *, gzipped: bool, max_bytes: int
) -> Iterator[RawDocument | ReadFailure]:
    """A whole text or HTML file as one document."""
    data = _read_whole(source, stream, gzipped=gzipped, max_bytes=max_bytes)
    if isinstance(data, ReadFailure):
        yield data
        return
    yield _document(data, source, fmt, is_html=fmt == "html", max_bytes=max_bytes, unit="file")


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply"
    return f"invalid JSON ({exc.args[0] if exc.args else exc})"


def _jsonl_document(source: str, line: bytes, *, first: bool) -> RawDocument | ReadFailure:
    """One JSON Lines record; ``first`` allows a leading byte order mark.

    Lone surrogates in the record's strings (JSON may escape them) become
    U+FFFD; a ``url`` that is not a usable http(s) URL is dropped.
    """
    text, codec = decode(line)
    if first:
        text = text.lstrip("\ufeff")
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return _failure(source, _json_problem(exc), error=FormatError)
    if not isinstance(obj, dict):
        return _failure(source, "JSON line is not an object", error=FormatError)
    html = obj.get("html")
    plain = obj.get("text")
    if isinstance(html, str) and html.strip():
        content, kind = scrub_surrogates(html), "html"
    elif isinstance(plain, str) and plain.strip():
        content, kind = scrub_surrogates(plain), "text"
    elif isinstance(html, str) or isinstance(plain, str):
        return _failure(source, "empty document (blank text/html)", reason="empty")
    else:
        keys = printable(", ".join(key[:40] for key in list(obj)[:6])) or "none"
        return _failure(source, f'JSON line has no string "text" or "html" field (keys: {keys})', error=FormatError)
    given_id = _optional_str(obj.get("id"))
    if given_id is not None and not given_id.strip():
        given_id = None
    return RawDocument(
        # Hash the line without its end, so that CRLF files and a last line
        # without a newline give the same ids as the same records elsewhere.
        id=given_id if given_id is not None else content_id(line.rstrip(b"\r\n")),
        source=source,
        format="jsonl",
        content=content.replace("\r\n", "\n").replace("\r", "\n"),
        kind=cast(DocumentKind, kind),
        url=clean_url(obj.get("url")),
        published=_published_str(obj.get("published")),
        title=_optional_str(obj.get("title")),
        given_id=given_id,
        encoding=codec,
    )


class _WideLines:
    """Lines of UTF-16/32 text (with a BOM) as UTF-8 bytes, for the JSON Lines reader.

    A newline in UTF-16 is two bytes, one of them NUL, so splitting the raw
    bytes at ``\\n`` would cut every character in two. ``limit`` counts
    characters, a fair stand-in for the byte cap.
    """

    def __init__(self, stream: BinaryIO, encoding: str) -> None:
        self._text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")

    def readline(self, limit: int) -> bytes:
        return self._text.readline(limit).encode("utf-8")


def _read_jsonl(
    source: str, stream: BinaryIO, *, gzipped: bool, max_bytes: int, wide: str | None = None
) -> Iterator[RawDocument | ReadFailure]:
    """One document per non-blank line; a bad line fails alone.

    ``wide`` names the UTF-16/32 codec of an input that opens with such a
    byte order mark: its lines are decoded as a text stream.
    """
    lines = _gunzip(stream) if gzipped else stream
    if not isinstance(lines, io.BufferedIOBase):
        lines = io.BufferedReader(lines)  # type: ignore[type-var]  # the stubs want a RawIOBase; any binary stream works
    if wide is not None:
        lines = _WideLines(lines, wide)  # type: ignore[assignment]
    number = 0
    records = 0
    while True:
        try:
            line = lines.readline(max_bytes + 1)
        except _GZIP_ERRORS as exc:
            yield _failure(source, _gzip_problem(exc))
            return
        if not line:
            break
        number += 1
        line_source = f"{source}#{number}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            records += 1
            yield _failure(line_source, f"line is larger than max_bytes ({max_bytes} bytes)")
            # Skip the rest of the oversized line without holding it.
            try:
                while True:
                    rest = lines.readline(max_bytes + 1)
                    if not rest or rest.endswith(b"\n"):
                        break
            except _GZIP_ERRORS as exc:
                yield _failure(source, _gzip_problem(exc))
                return
            continue
        if not line.strip(b"\xef\xbb\xbf \t\r\n"):
            continue
        records += 1
        yield _jsonl_document(line_source, line, first=number == 1)
    if records == 0:
        yield _failure(source, "empty file", reason="empty")


def _read_json(source: str, stream: BinaryIO, *, gzipped: bool, max_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    """A ``.json`` file: one record (an object) or many (an array of objects), fields as in JSON Lines.

    A ``.json`` file that is really JSON Lines (one object a line) is read as such.
    """
    data = _read_whole(source, stream, gzipped=gzipped, max_bytes=max_bytes)
    if isinstance(data, ReadFailure):
        yield data
        return
    if len(data) > max_bytes:
        yield _failure(source, f"file is larger than max_bytes ({max_bytes} bytes)")
        return
    text, _codec = decode(data)
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except RecursionError as exc:
        yield _failure(source, _json_problem(exc), error=FormatError)
        return
    except ValueError as exc:
        if _looks_jsonl(text.lower()):
            wide = bom_encoding(data)
            yield from _read_jsonl(
                source,
                io.BufferedReader(io.BytesIO(data)),
                gzipped=False,
                max_bytes=max_bytes,
                wide=wide if wide in ("utf-16", "utf-32") else None,
            )
            return
        if not text.strip():
            yield _failure(source, "empty file", reason="empty")
            return
        yield _failure(source, _json_problem(exc), error=FormatError)
        return
    if isinstance(value, dict):
        yield _json_item(source, value)
    elif isinstance(value, list):
        if not value:
            yield _failure(source, "empty file (an empty JSON array)", reason="empty")
        for number, item in enumerate(value, 1):
            item_source = f"{source}#{number}"
            if isinstance(item, dict):
                yield _json_item(item_source, item)
            else:
                yield _failure(item_source, "JSON array item is not an object", error=FormatError)
    else:
        yield _failure(source, "JSON file holds neither an object nor an array of objects", error=FormatError)


def _json_item(source: str, item: dict[str, object]) -> RawDocument | ReadFailure:
    """One object of a ``.json`` file, read as a JSON Lines record would be."""
    try:
        try:
            line = json.dumps(item, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate travels as its JSON escape and is replaced when read.
            line = json.dumps(item).encode("ascii")
    except RecursionError as exc:
        return _failure(source, _json_problem(exc), error=FormatError)
    return _jsonl_document(source, line, first=False)


# --------------------------------------------------------------------------
# Entry points


def _read_stream(
    source: str, name: str, raw: BinaryIO, *, max_bytes: int, size: int | None
) -> Iterator[RawDocument | ReadFailure]:
    """Read one opened input: sniff its head, then dispatch on format."""
    raw_head = _read_up_to(raw, _HEAD_BYTES)
    gzipped = raw_head.startswith(_GZIP_MAGIC)
    head = _gunzip_head(raw_head) if gzipped else raw_head
    replay = _ReplayStream(raw_head, raw)
    stream: BinaryIO = io.BufferedReader(replay)

    if not raw_head.strip():
        if len(raw_head) < _HEAD_BYTES:
            yield _failure(source, "empty file", reason="empty")
            return
    if gzipped and not head and len(raw_head) < _HEAD_BYTES:
        # The whole input is in hand: it is empty, cut, or damaged.
        try:
            empty = not gzip.decompress(raw_head)
        except _GZIP_ERRORS as exc:
            yield _failure(source, _gzip_problem(exc))
            return
        if empty:
            yield _failure(source, "empty file", reason="empty")
            return

    fmt = detect_format(name, head)
    if fmt in ("warc", "wet"):
        from .archive import read_archive  # archive.py builds on this module

        yield from read_archive(source, stream, gzipped=gzipped, max_bytes=max_bytes)
    elif fmt == "jsonl":
        wide = bom_encoding(head)
        yield from _read_jsonl(
            source,
            stream,
            gzipped=gzipped,
            max_bytes=max_bytes,
            wide=wide if wide in ("utf-16", "utf-32") else None,
        )
    elif fmt == "json":
        yield from _read_json(source, stream, gzipped=gzipped, max_bytes=max_bytes)
    elif fmt == "binary":
        yield _failure(source, "binary file (not text or HTML)", error=FormatError)
    else:
        if size is not None and size > max_bytes:
            yield _failure(source, f"file is larger than max_bytes ({max_bytes} bytes)")
            return
        yield from _read_plain(source, stream, fmt, gzipped=gzipped, max_bytes=max_bytes)


# Every character that could act on a terminal rather than print: C0
# controls, DEL, C1 controls (0x9B is a one-byte CSI), and the bidi
# marks and overrides that reorder what follows them on screen.
_UNPRINTABLE = [
    *range(0x20),
    *range(0x7F, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]
_CONTROL = str.maketrans(
    {code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in _UNPRINTABLE}
    | {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
)


# Body text printed whole keeps its line breaks and tabs.
_CONTROL_KEEP_LINES = {code: escape for code, escape in _CONTROL.items() if code not in (ord("\n"), ord("\t"))}


def printable(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with control characters and bidi overrides escaped, and lone surrogates replaced;
    ``keep_lines`` leaves line breaks and tabs as they are."""
    return scrub_surrogates(text).translate(_CONTROL_KEEP_LINES if keep_lines else _CONTROL)


def source_name(path: str) -> str:
    """``path`` as a source label: valid UTF-8 on one line, whatever bytes the file system gave.

    A file name that is not UTF-8 arrives with surrogate escapes, which
    neither the database nor a JSON writer accepts; a newline in a name
    would split a one-line error message, and an escape sequence in one
    would act on the user's terminal.
    """
    # A surrogate no file system gave is no escaped byte: the name stays as it is.
    with contextlib.suppress(UnicodeEncodeError):
        path = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return printable(path)


def _open_regular(path: str) -> BinaryIO | str:
    """``path`` opened for reading, or why not: a FIFO, device or socket is never read.

    Opening without blocking, then checking what was opened, leaves no gap
    in which the path could be swapped for a FIFO (opening one blocks until
    a writer comes, and reading a device such as /dev/zero never ends).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        # A socket cannot be opened at all: ask first, to say what it is.
        if not stat.S_ISREG(os.stat(path).st_mode):
            return "not a regular file"
        fd = os.open(path, flags)
    except FileNotFoundError:
        return "no such file or directory"
    except OSError as exc:
        return exc.strerror or str(exc)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return "not a regular file"
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except OSError as exc:
        os.close(fd)
        return exc.strerror or str(exc)


def _read_path(path: str, *, max_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    source = source_name(path)
    handle = _open_regular(path)
    if isinstance(handle, str):
        yield _failure(source, handle)
        return
    with handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            yield from _read_stream(source, path, handle, max_bytes=max_bytes, size=size)
        except OSError as exc:
            yield _failure(source, f"read error: {exc.strerror or exc}")


def iter_documents(
    paths: Sequence[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | ReadFailure]:
    """Yield every document in ``paths``, and a ``ReadFailure`` for each bad one.

    ``paths`` may hold files, directories (recursive, sorted, hidden entries
    skipped), glob patterns (``**`` allowed) and ``-`` for ``stdin``
    (default: ``sys.stdin.buffer``). A failure never stops the iteration.
    """
    for path in paths:
        yield from _guarded(path, _read_argument(path, stdin=stdin, max_bytes=max_bytes))


def _read_argument(path: str, *, stdin: BinaryIO | None, max_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    for item in _expand(path):
        if isinstance(item, ReadFailure):
            yield item
        elif item == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guarded(STDIN, _read_stdin(stream, max_bytes=max_bytes))
        else:
            yield from _guarded(item, _read_path(item, max_bytes=max_bytes))


def _read_stdin(stream: BinaryIO, *, max_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    try:
        yield from _read_stream(STDIN, "", stream, max_bytes=max_bytes, size=None)
    except OSError as exc:
        yield _failure(STDIN, f"read error: {exc.strerror or exc}")


def _guarded(path: str, items: Iterator[RawDocument | ReadFailure]) -> Iterator[RawDocument | ReadFailure]:
    """``items``, with any unexpected exception turned into one failure for ``path``.

    The readers turn every expected problem into a failure themselves; this
    is the net under them, so that a bug or an exhausted resource (a
    ``MemoryError``) costs one input, never the rest of the run. A generator
    that raised cannot resume, so each input gets its own net.
    """
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - MemoryError and RecursionError are Exceptions too
        lines = str(exc).strip().splitlines()
        detail = printable(lines[0])[:200] if lines else ""
        problem = f"unexpected error: {type(exc).__name__}" + (f": {detail}" if detail else "")
        yield _failure(source_name(path), problem)

"""Input readers under hostile input: nothing a file holds, or the file system does, escapes as an exception."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import socket
import stat
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsgraph.io import readers
from newsgraph.io.encoding import decode, normalize_charset
from newsgraph.io.readers import ReadFailure, iter_documents, source_name
from newsgraph.records import RawDocument

PAGE = "<p>The council met on Monday and voted to reopen the old bridge for walkers.</p>"


def _read(*paths: str | Path, **kwargs: object) -> list[RawDocument | ReadFailure]:
    return list(iter_documents([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def _docs(items: list[RawDocument | ReadFailure]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def _failures(items: list[RawDocument | ReadFailure]) -> list[ReadFailure]:
    return [item for item in items if isinstance(item, ReadFailure)]


def _one_line(item: RawDocument | ReadFailure) -> bool:
    return not isinstance(item, ReadFailure) or ("\n" not in item.message and "\r" not in item.message)


def _no_surrogates(*values: str | None) -> bool:
    return all(value is None or value.encode("utf-8", "strict") is not None for value in values)


# --------------------------------------------------------------------------
# 1. Declared charsets that are not text codecs

NOT_CHARSETS = [
    "hex",
    "base64",
    "undefined",
    "punycode",
    "rot13",
    "uu",
    "zlib",
    "bz2",
    "idna",
    "quopri",
    "unicode_escape",
    "x-no-such-thing",
    "utf-7",
    "a\x00b",
]


@pytest.mark.parametrize("label", NOT_CHARSETS)
def test_a_declared_charset_that_is_no_text_codec_is_ignored(label: str) -> None:
    assert normalize_charset(label) is None
    page = f'<html><head><meta charset="{label}"></head><body>{PAGE} caf\u00e9</body></html>'.encode()
    text, codec = decode(page, is_html=True)
    assert codec == "utf-8" and "caf\u00e9" in text
    text, codec = decode(page, http_charset=label, is_html=True)
    assert codec == "utf-8" and "caf\u00e9" in text


def test_a_meta_charset_that_is_no_text_codec_in_a_file_and_a_warc(tmp_path: Path) -> None:
    for label in ("hex", "base64", "undefined", "punycode", "zlib"):
        page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={label}"></head><body>{PAGE}</body></html>'
        (tmp_path / f"{label}.html").write_text(page)
    body = f"<html><body>{PAGE}</body></html>".encode()
    (tmp_path / "a.warc").write_bytes(
        _warc_record("https://news.example.net/a", body, content_type="text/html; charset=base64")
    )
    items = _read(*sorted(tmp_path.iterdir()))
    assert len(_docs(items)) == 6 and not _failures(items)


# --------------------------------------------------------------------------
# 2. Lone surrogates


def test_lone_surrogates_in_jsonl_fields_become_replacement_characters(tmp_path: Path) -> None:
    line = (
        '{"id": "a\\ud800", "text": "Bridge \\udfff reopened", "title": "T\\ud83d", '
        '"url": "https://news.example.net/\\ud800", "published": "2023-05-01\\udc00"}\n'
    )
    html_line = '{"html": "<p>Bridge \\ud800 reopened</p>"}\n'
    (tmp_path / "feed.jsonl").write_text(line + html_line)
    (tmp_path / "one.json").write_text('{"id": "b\\udbff", "text": "Ferry \\ud800 resumed"}')
    items = _read(tmp_path / "feed.jsonl", tmp_path / "one.json")
    first, second, third = items
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument) and isinstance(third, RawDocument)
    assert first.id == "a\ufffd" and first.content == "Bridge \ufffd reopened" and first.title == "T\ufffd"
    assert first.url is None  # a URL holding a replacement character is no usable URL
    assert first.published == "2023-05-01\ufffd"
    assert second.content == "<p>Bridge \ufffd reopened</p>"
    assert third.id == "b\ufffd" and third.content == "Ferry \ufffd resumed"
    for doc in (first, second, third):
        assert _no_surrogates(doc.id, doc.content, doc.title, doc.url, doc.published, doc.source, doc.given_id)
        json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")


def test_surrogates_in_keys_and_names_never_reach_the_output(tmp_path: Path) -> None:
    (tmp_path / "keys.jsonl").write_text('{"\\ud800body": "x"}\n')
    (failure,) = _read(tmp_path / "keys.jsonl")
    assert isinstance(failure, ReadFailure) and _no_surrogates(failure.message)
    # A path string holding a surrogate that is no escaped byte.
    assert source_name("odd\ud800name") == "odd\ufffdname"
    (missing,) = _read("odd\ud800name.txt")
    assert isinstance(missing, ReadFailure) and _no_surrogates(missing.message, missing.source)


def test_utf7_content_never_yields_surrogates() -> None:
    text, _codec = decode(b"<meta charset=utf-7>+2AA-", is_html=True)
    assert _no_surrogates(text)


# --------------------------------------------------------------------------
# 3. Deep nesting


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deeply_nested_json_fails_alone(tmp_path: Path, opener: str) -> None:
    deep = opener * 100_000
    (tmp_path / "deep.json").write_text(deep)
    good = '{"id": "g1", "text": "The bridge reopened."}'
    (tmp_path / "feed.jsonl").write_text(good + "\n" + deep + "\n" + good.replace("g1", "g2") + "\n")
    (tmp_path / "sniffed").write_text('{"a":' * 3000 + "\n" + good + "\n")
    items = _read(tmp_path / "deep.json", tmp_path / "feed.jsonl", tmp_path / "sniffed")
    assert [type(i).__name__ for i in items] == [
        "ReadFailure",
        "RawDocument",
        "ReadFailure",
        "RawDocument",
        "ReadFailure",
        "RawDocument",
    ]
    for index in (0, 2, 4):
        assert items[index].message.endswith("JSON nested too deeply")  # type: ignore[union-attr]
    assert items[2].source.endswith("feed.jsonl#2")
    assert readers._looks_jsonl('{"a":' * 5000 + "\n") is True


# --------------------------------------------------------------------------
# 4. Folders: link loops, unreadable folders


def test_symlink_loops_in_a_folder_are_named_failures(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("First story about the harbour.")
    os.symlink("loop", folder / "loop")
    os.symlink("pong", folder / "ping")
    os.symlink("ping", folder / "pong")
    os.symlink("..", folder / "sub" / "up")
    (folder / "z.txt").write_text("Last story about the harbour.")
    items = _read(folder)
    assert [d.source for d in _docs(items)] == [str(folder / "a.txt"), str(folder / "z.txt")]
    failures = _failures(items)
    assert sorted(f.source for f in failures) == [str(folder / name) for name in ("loop", "ping", "pong")]
    assert all("Too many levels of symbolic links" in f.message for f in failures)


def test_an_unreadable_folder_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    (locked / "hidden.txt").write_text("Never read.")
    (folder / "b.txt").write_text("A story about the bridge.")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(readers.os, "scandir", scandir)
    items = _read(folder, locked)
    assert [d.source for d in _docs(items)] == [str(folder / "b.txt")]
    failures = _failures(items)
    assert [f.message for f in failures] == [f"[NG100] {locked}: cannot read folder: Permission denied"] * 2


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_an_unreadable_folder_on_disk_is_a_failure(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        (failure,) = _read(locked)
    finally:
        locked.chmod(stat.S_IRWXU)
    assert isinstance(failure, ReadFailure) and "cannot read folder: Permission denied" in failure.message


def test_a_folder_without_documents_gives_no_failure(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert _read(tmp_path / "empty") == []


# --------------------------------------------------------------------------
# 5. Non-regular files


def _read_with_deadline(paths: list[str], seconds: float = 10.0) -> list[RawDocument | ReadFailure]:
    box: list[list[RawDocument | ReadFailure]] = []
    worker = threading.Thread(target=lambda: box.append(list(iter_documents(paths))), daemon=True)
    worker.start()
    worker.join(seconds)
    assert box, "reading blocked"
    return box[0]


def test_a_fifo_named_on_the_command_line_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "ok.txt").write_text("A story about the ferry.")
    try:
        items = _read_with_deadline([str(fifo), str(tmp_path / "ok.txt"), str(tmp_path / "*.txt")])
    finally:
        # Unblock a reader stuck in open() (a regression), so the test ends.
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass
    assert [i.message for i in _failures(items)] == [f"[NG100] {fifo}: not a regular file"] * 2
    assert len(_docs(items)) == 2


def test_devices_and_sockets_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        items = _read_with_deadline(["/dev/zero", str(path)])
    finally:
        server.close()
    assert [i.message for i in items] == [
        "[NG100] /dev/zero: not a regular file",
        f"[NG100] {path}: not a regular file",
    ]


def test_non_regular_files_inside_folders_are_passed_over(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text("A story about the ferry.")
    items = _read_with_deadline([str(tmp_path)])
    assert [d.source for d in _docs(items)] == [str(tmp_path / "ok.txt")] and not _failures(items)


def test_stdin_is_still_read() -> None:
    (doc,) = iter_documents(["-"], stdin=io.BytesIO(b"A story from standard input."))
    assert isinstance(doc, RawDocument) and doc.source == "-"


# --------------------------------------------------------------------------
# 6. JSON Lines: binary junk on a line, UTF-16


def test_a_nul_byte_on_one_jsonl_line_fails_that_line(tmp_path: Path) -> None:
    lines = [
        b'{"id": "1", "text": "First story."}',
        b'{"id": "2", "text": "Bad \x00\x01\x02 story."}',
        b"\x00\x00\x00\xff\xfe junk",
        b'{"id": "3", "text": "Third story."}',
    ]
    (tmp_path / "feed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (tmp_path / "feed").write_bytes(b"\n".join(lines) + b"\n")  # no extension: judged by its first line
    for name in ("feed.jsonl", "feed"):
        items = _read(tmp_path / name)
        assert [d.given_id for d in _docs(items)] == ["1", "3"]
        assert [f.source for f in _failures(items)] == [f"{tmp_path / name}#2", f"{tmp_path / name}#3"]
        assert all(_one_line(i) for i in items)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
@pytest.mark.parametrize("name", ["feed.jsonl", "feed.json", "feed"])
def test_utf16_jsonl_with_a_bom_is_read(tmp_path: Path, codec: str, name: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE}[codec]
    text = '{"id": "1", "text": "Caf\u00e9 reopened."}\r\n{"id": "2", "text": "\u041c\u043e\u0441\u0442 open."}\n'
    (tmp_path / name).write_bytes(bom + text.encode(codec))
    items = _read(tmp_path / name)
    assert [(d.given_id, d.content) for d in _docs(items)] == [
        ("1", "Caf\u00e9 reopened."),
        ("2", "\u041c\u043e\u0441\u0442 open."),
    ]
    assert not _failures(items)


# --------------------------------------------------------------------------
# 7. Bad URLs


@pytest.mark.parametrize(
    "url",
    [
        17,
        ["https://a.example"],
        "ftp://files.example.org/a",
        "/news/story",
        "news.example.org/a",
        "https://news.example.org/a b",
        "https://news.example.org/a\x1b[2J",
        "http://[::1",
        "https://" + "a" * 2000 + ".org",
        "http://news.example.org:99999/",
        "javascript:alert(1)",
        "https://",
    ],
)
def test_a_bad_url_field_drops_the_url_and_keeps_the_document(tmp_path: Path, url: object) -> None:
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "1", "text": "The bridge reopened.", "url": url}) + "\n")
    (doc,) = _read(tmp_path / "feed.jsonl")
    assert isinstance(doc, RawDocument) and doc.url is None


def test_good_urls_are_kept() -> None:
    for url in ("https://news.example.org/a?b=1#c", "http://[::1]:8080/x", "https://n\u00e9ws.example.org/caf\u00e9"):
        assert readers.clean_url(url) == url
    assert readers.clean_url("<https://news.example.org/a>") == "https://news.example.org/a"


# --------------------------------------------------------------------------
# WARC helpers


def _warc_record(
    url: str,
    body: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    version: str = "1.0",
    length_delta: int = 0,
    record_id: int = 1,
) -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    head = (
        f"WARC/{version}\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{record_id:012d}>\r\n"
        f"WARC-Date: 2023-05-01T10:00:00Z\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + length_delta}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def _page(number: int) -> bytes:
    return f"<html><body><p>Story {number}: the ferry to the island runs again from May.</p></body></html>".encode()


def _three(delta: int) -> list[bytes]:
    """Three response records, the middle one declaring ``delta`` bytes more than it holds."""
    return [
        _warc_record(f"https://news.example.net/{n}", _page(n), record_id=n, length_delta=delta if n == 2 else 0)
        for n in (1, 2, 3)
    ]


@pytest.mark.parametrize("delta", [-30, -1, 40, 10_000])
@pytest.mark.parametrize("gzipped", [False, True])
def test_a_wrong_content_length_loses_no_other_record(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], delta: int, gzipped: bool
) -> None:
    records = _three(delta)
    data = b"".join(gzip.compress(r) for r in records) if gzipped else b"".join(records)
    path = tmp_path / ("a.warc.gz" if gzipped else "a.warc")
    path.write_bytes(data)
    items = _read(path)
    docs = _docs(items)
    assert [d.url for d in docs] == [f"https://news.example.net/{n}" for n in (1, 2, 3)], [
        i.message for i in _failures(items)
    ]
    assert not _failures(items)
    for number, doc in enumerate(docs, 1):
        assert doc.content.endswith(_page(number).decode())  # no body cut, nothing of another record in it
    # Too long: the length ran past the record's end, so the body is flagged as cut where the record ends.
    assert docs[1].flags == (["truncated"] if delta > 0 else [])
    assert docs[0].flags == docs[2].flags == []
    # Sources are record offsets, as a CDX index gives them.
    offsets = [0]
    for part in (gzip.compress(r) for r in records) if gzipped else records:
        offsets.append(offsets[-1] + len(part))
    assert [d.source for d in docs] == [f"{path}#{offset}" for offset in offsets[:3]]
    assert capfd.readouterr().err == ""


def test_a_length_running_into_the_next_record_cuts_the_body_there(tmp_path: Path) -> None:
    first = _warc_record("https://news.example.net/1", _page(1), record_id=1, length_delta=200)
    second = _warc_record("https://news.example.net/2", _page(2), record_id=2)
    (tmp_path / "a.warc").write_bytes(first + second)
    one, two = _read(tmp_path / "a.warc")
    assert isinstance(one, RawDocument) and isinstance(two, RawDocument)
    assert "WARC/1.0" not in one.content and one.flags == ["truncated"] and two.flags == []


def test_junk_between_records_is_one_line_and_reading_resumes(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    one, two, three = _three(0)
    (tmp_path / "a.warc.gz").write_bytes(
        gzip.compress(one)
        + gzip.compress(b"garbage line\r\n\x00\x01\r\nmore\r\n")
        + gzip.compress(two)
        + b"not gzip\n"
        + gzip.compress(three)
    )
    (tmp_path / "b.warc").write_bytes(one + b"\x00\x00HTTP/1.1 200 OK\r\n\r\n" + two + three)
    items = _read(tmp_path / "a.warc.gz", tmp_path / "b.warc")
    assert [d.url for d in _docs(items)] == [f"https://news.example.net/{n}" for n in (1, 2, 3)] * 2
    assert [f.message.split(": ", 1)[1] for f in _failures(items)] == [
        "invalid WARC (not a record header: garbage line)",
        "invalid WARC (not a gzip member: not gzip)",
        "invalid WARC (not a record header: HTTP/1.1 200 OK)",
    ]
    assert capfd.readouterr().err == ""


def test_bytes_after_a_short_declared_length_are_kept_in_the_body(tmp_path: Path) -> None:
    one, two = _three(0)[:2]
    (tmp_path / "a.warc").write_bytes(one.replace(b"</html>\r\n\r\n", b"</html>\r\n\r\n<p>tail</p>\r\n\r\n") + two)
    first, second = _read(tmp_path / "a.warc")
    assert isinstance(first, RawDocument) and first.content.endswith("</html>\n\n<p>tail</p>")
    assert isinstance(second, RawDocument) and second.url == "https://news.example.net/2"
    # The last record too: what follows its declared end is its own tail.
    (tmp_path / "b.warc").write_bytes(_warc_record("https://news.example.net/9", _page(9), length_delta=-5))
    (last,) = _read(tmp_path / "b.warc")
    assert isinstance(last, RawDocument) and last.content == _page(9).decode()


def test_a_damaged_payload_prints_nothing_and_is_flagged(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    packed = gzip.compress(_page(1))
    broken = packed[:12] + b"\xff" * 20 + packed[32:]
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
        + broken
        + b"<p>more text after</p>" * 5
    )
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.net/z\r\n"
        b"Content-Length: %d\r\n\r\n" % len(http)
    )
    (tmp_path / "a.warc").write_bytes(head + http + b"\r\n\r\n" + _three(0)[0])
    items = _read(tmp_path / "a.warc")
    assert capfd.readouterr().err == ""
    assert all(_one_line(i) for i in items)
    assert _docs(items)[-1].url == "https://news.example.net/1"


def test_an_unusable_target_uri_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "a.warc").write_bytes(
        _warc_record("http://[::1", _page(1), record_id=1)
        + _warc_record("<https://news.example.net/2>", _page(2), record_id=2)
        + _warc_record("https://news.example.net/x y", _page(3), record_id=3)
    )
    assert [d.url for d in _docs(_read(tmp_path / "a.warc"))] == [None, "https://news.example.net/2", None]


# --------------------------------------------------------------------------
# 9. WARC versions


@pytest.mark.parametrize("gzipped", [False, True])
def test_an_unknown_warc_version_is_one_failure(tmp_path: Path, gzipped: bool) -> None:
    data = _warc_record("https://news.example.net/1", _page(1), version="9.9") + _three(0)[1]
    path = tmp_path / "odd.warc"
    path.write_bytes(gzip.compress(data) if gzipped else data)
    (failure,) = _read(path)
    assert isinstance(failure, ReadFailure) and failure.message == f"[NG101] {path}: unsupported WARC version 9.9"
    (tmp_path / "odd.txt").write_bytes(data)
    (failure,) = _read(tmp_path / "odd.txt")
    assert isinstance(failure, ReadFailure) and "unsupported WARC version 9.9" in failure.message


def test_pre_standard_warc_0_17_is_read(tmp_path: Path) -> None:
    (tmp_path / "old.warc").write_bytes(_warc_record("https://news.example.net/1", _page(1), version="0.17"))
    (doc,) = _read(tmp_path / "old.warc")
    assert isinstance(doc, RawDocument) and doc.url == "https://news.example.net/1"


# --------------------------------------------------------------------------
# 10. Control characters in file names


def test_file_names_with_control_characters_print_escaped(tmp_path: Path) -> None:
    assert source_name("a\x1b[31mred\x07\x7f\x85\x9b.txt") == "a\\x1b[31mred\\x07\\x7f\\x85\\x9b.txt"
    assert source_name("evil\u202etxt.exe\u2066x\u2069") == "evil\\u202etxt.exe\\u2066x\\u2069"
    assert source_name("tab\there\nnew\rline") == "tab\\there\\nnew\\rline"
    assert source_name("caf\u00e9 \u041c\u043e\u0441\u0442.txt") == "caf\u00e9 \u041c\u043e\u0441\u0442.txt"
    name = tmp_path / "bad\x1b]0;title\x07name.txt"
    name.write_text("")
    (failure,) = _read(name)
    assert isinstance(failure, ReadFailure) and "\x1b" not in failure.message and "\x07" not in failure.message


# --------------------------------------------------------------------------
# 11. The safety net


def test_an_unexpected_error_costs_one_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Story {name} about the harbour.")
    real = readers._read_plain

    def flaky(source: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if source.endswith("a.txt"):
            raise MemoryError
        if source.endswith("b.txt"):
            raise ValueError("surprise\nsecond line")
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(readers, "_read_plain", flaky)
    items = _read(tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt")
    assert [i.message for i in _failures(items)] == [
        f"[NG100] {tmp_path / 'a.txt'}: unexpected error: MemoryError",
        f"[NG100] {tmp_path / 'b.txt'}: unexpected error: ValueError: surprise",
    ]
    assert [d.source for d in _docs(items)] == [str(tmp_path / "c.txt")]
    # Inside a folder, the files after the bad one are read too.
    assert len(_docs(_read(tmp_path))) == 1 and len(_failures(_read(tmp_path))) == 2


def test_an_unexpected_error_on_stdin_is_one_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")
        yield

    monkeypatch.setattr(readers, "_read_stream", broken)
    (failure,) = iter_documents(["-"], stdin=io.BytesIO(b"x"))
    assert isinstance(failure, ReadFailure) and failure.message == "[NG100] -: unexpected error: RuntimeError: boom"


# --------------------------------------------------------------------------
# 12. Linear time on crafted input


def test_crafted_heads_are_read_in_linear_time(tmp_path: Path) -> None:
    size = 10 * 1024 * 1024
    crafted = {
        "metas.html": b"<meta " * (size // 6),
        "charsets.html": b"<meta charset=" * (size // 14),
        "assign.html": b"charset=" * (size // 8),
        "spaces.html": b"<meta charset" + b" " * size,
        "xml.html": b"<?xml encoding" + b" " * size,
        "braces.jsonl": b'{"' * (size // 2),
        "warcish": b"WARC/1.0\r\n" + b"X: " * (size // 3),
    }
    for name, data in crafted.items():
        (tmp_path / name).write_bytes(data)
    content_type = "text/html; " + "charset " * 100_000
    (tmp_path / "ct.warc").write_bytes(
        _warc_record("https://news.example.net/a", b"<p>x</p>", content_type=content_type)
    )
    started = time.monotonic()
    items = _read(*sorted(tmp_path.iterdir()))
    assert time.monotonic() - started < 20
    assert all(_one_line(i) for i in items)
    started = time.monotonic()
    for data in crafted.values():
        decode(data, is_html=True)
    assert time.monotonic() - started < 20


# --------------------------------------------------------------------------
# Property: no bytes make the reader raise


@pytest.mark.parametrize("extension", [".txt", ".html", ".jsonl", ".json", ".warc", ".wet", ".gz"])
def test_arbitrary_bytes_never_raise(tmp_path_factory: pytest.TempPathFactory, extension: str) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    prefixes = st.sampled_from(
        [
            b"",
            b"WARC/1.0\r\n",
            b"WARC/1.1\r\nContent-Length: 5\r\n\r\n",
            b'{"text": "',
            b"<html><meta charset=",
            b"\x1f\x8b\x08\x00",
            b"\xff\xfe",
            b"[[[[",
        ]
    )

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(prefix=prefixes, data=st.binary(max_size=600), compress=st.booleans())
    def check(prefix: bytes, data: bytes, compress: bool) -> None:
        payload = prefix + data
        if extension == ".gz" and compress:
            payload = gzip.compress(payload)[: max(1, len(payload))]
        path = folder / f"input{extension}"
        path.write_bytes(payload)
        for item in iter_documents([str(path)], max_bytes=4096):
            assert isinstance(item, (RawDocument, ReadFailure))
            assert _one_line(item)
            if isinstance(item, RawDocument):
                item.content.encode("utf-8")

    check()

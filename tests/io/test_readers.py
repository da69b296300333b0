"""Input readers: every format, compression, path form and bad input."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.errors import InputError
from newsgraph.io.encoding import decode
from newsgraph.io.readers import ReadFailure, detect_format, iter_documents
from newsgraph.records import RawDocument, content_id

from ..conftest import SEED

ARTICLE_HTML = (
    "<!DOCTYPE html>\n<html><head><title>Protest in the capital</title></head>\n"
    "<body><article><h1>Protest in the capital</h1>"
    "<p>Police detained 12 people on Sunday, the ministry said.</p></article></body></html>\n"
)


def _docs(items: list[RawDocument | ReadFailure]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def _failures(items: list[RawDocument | ReadFailure]) -> list[ReadFailure]:
    return [item for item in items if isinstance(item, ReadFailure)]


def _read(*paths: str | Path, **kwargs: object) -> list[RawDocument | ReadFailure]:
    return list(iter_documents([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def _http_response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": "2022-01-10T08:15:00Z"},
    )
    writer.write_record(record)


def _write_warc(path: Path, *, gzipped: bool) -> dict[str, bytes]:
    """A WARC with one HTML article among records that hold no article."""
    payloads: dict[str, bytes] = {}
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders("GET /news/protest HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(
                "https://news.example.org/news/protest",
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=request,
            )
        )
        payloads["article"] = ARTICLE_HTML.encode("utf-8")
        _http_response(writer, "https://news.example.org/news/protest", payloads["article"], "text/html; charset=utf-8")
        image = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
        _http_response(writer, "https://news.example.org/logo.jpg", image, "image/jpeg")
        _http_response(
            writer,
            "https://news.example.org/missing",
            b"<html><body>Not found</body></html>",
            "text/html",
            "404 Not Found",
        )
        payloads["second"] = ARTICLE_HTML.replace("12 people", "40 people").encode("utf-8")
        _http_response(writer, "https://news.example.org/news/second", payloads["second"], "text/html")
    return payloads


def _write_wet(path: Path, texts: list[str], *, gzipped: bool) -> None:
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for number, text in enumerate(texts):
            data = text.encode("utf-8")
            writer.write_record(
                writer.create_warc_record(
                    f"https://site{number}.example.com/story",
                    "conversion",
                    payload=io.BytesIO(data),
                    length=len(data),
                    warc_content_type="text/plain",
                    warc_headers_dict={"WARC-Date": "2022-01-11T00:00:00Z"},
                )
            )


# --------------------------------------------------------------------------
# Formats


def test_flattened_text_seed() -> None:
    items = _read(SEED)
    assert len(items) == 1
    doc = items[0]
    assert isinstance(doc, RawDocument)
    assert doc.format == "text" and doc.kind == "text"
    assert doc.source == str(SEED)
    assert doc.id == content_id(SEED.read_bytes())
    assert doc.encoding == "utf-8"
    assert "Ruzakhunov" in doc.content
    assert "\r" not in doc.content


def test_html_by_extension_and_by_content(tmp_path: Path) -> None:
    (tmp_path / "a.htm").write_text("<p>Short fragment with no doctype.</p>", encoding="utf-8")
    (tmp_path / "page").write_text(ARTICLE_HTML, encoding="utf-8")
    docs = _docs(_read(tmp_path / "a.htm", tmp_path / "page"))
    assert [(d.format, d.kind) for d in docs] == [("html", "html"), ("html", "html")]
    assert "Police detained 12 people" in docs[1].content


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        '{"id": 17, "text": "Troops entered the city.", "url": "https://a.example/1", "published": "2022-01-09", "title": "Troops"}',
        '{"html": "<html><body><p>Riot police fired tear gas.</p></body></html>"}',
        "",
        "{not json",
        '{"id": "x", "body": "no text or html field"}',
        '{"text": "   "}',
        '{"text": "The last line\\r\\nhas CRLF inside."}',
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _read(path)
    sources = [item.source for item in items]
    assert sources == [f"{path}#{n}" for n in (1, 2, 4, 5, 6, 7)]

    first, second, bad_json, no_text, blank, last = items
    assert isinstance(first, RawDocument)
    assert (first.id, first.given_id, first.kind, first.format) == ("17", "17", "text", "jsonl")
    assert (first.url, first.published, first.title) == ("https://a.example/1", "2022-01-09", "Troops")
    assert isinstance(second, RawDocument) and second.kind == "html" and second.given_id is None
    assert second.id == content_id(lines[1].encode("utf-8"))
    assert isinstance(bad_json, ReadFailure) and "invalid JSON" in str(bad_json.error)
    assert isinstance(no_text, ReadFailure) and '"text" or "html"' in str(no_text.error)
    assert isinstance(blank, ReadFailure) and blank.reason == "empty"
    assert isinstance(last, RawDocument) and last.content == "The last line\nhas CRLF inside."


def test_warc_yields_only_html_responses(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    payloads = _write_warc(path, gzipped=False)
    items = _read(path)
    assert not _failures(items)
    docs = _docs(items)
    assert [d.url for d in docs] == ["https://news.example.org/news/protest", "https://news.example.org/news/second"]
    first = docs[0]
    assert (first.format, first.kind, first.encoding) == ("warc", "html", "utf-8")
    assert first.published == "2022-01-10T08:15:00Z"
    assert first.id == content_id(payloads["article"])
    assert first.content == ARTICLE_HTML
    # The source names the record's byte offset: the record starts there.
    offset = int(first.source.rsplit("#", 1)[1])
    assert path.read_bytes()[offset : offset + 8] == b"WARC/1.0"


def test_warc_gz_matches_plain_warc(tmp_path: Path) -> None:
    _write_warc(tmp_path / "crawl.warc", gzipped=False)
    _write_warc(tmp_path / "crawl.warc.gz", gzipped=True)
    plain = _docs(_read(tmp_path / "crawl.warc"))
    packed = _docs(_read(tmp_path / "crawl.warc.gz"))
    assert [d.id for d in packed] == [d.id for d in plain]
    assert all(d.source.startswith(f"{tmp_path / 'crawl.warc.gz'}#") for d in packed)


def test_warc_http_charset_decodes_legacy_page(tmp_path: Path) -> None:
    path = tmp_path / "legacy.warc"
    body = "<html><body><p>Caf\u00e9 owners said \u201cno\u201d.</p></body></html>".encode("cp1252")
    with open(path, "wb") as handle:
        _http_response(WARCWriter(handle, gzip=False), "https://x.example/", body, "text/html; charset=windows-1252")
    (doc,) = _read(path)
    assert isinstance(doc, RawDocument)
    assert doc.encoding == "cp1252"
    assert "Caf\u00e9 owners said \u201cno\u201d." in doc.content


def test_wet_conversion_records(tmp_path: Path) -> None:
    texts = ["Hundreds marched in the capital.\r\nPolice watched.", "A second story about the election."]
    _write_wet(tmp_path / "crawl.wet.gz", texts, gzipped=True)
    # Without the .wet name the content still gives the format away.
    _write_wet(tmp_path / "noname", texts[:1], gzipped=False)
    docs = _docs(_read(tmp_path / "crawl.wet.gz", tmp_path / "noname"))
    assert [(d.format, d.kind) for d in docs] == [("wet", "text")] * 3
    assert docs[0].content == "Hundreds marched in the capital.\nPolice watched."
    assert docs[0].url == "https://site0.example.com/story"
    assert docs[0].published == "2022-01-11T00:00:00Z"
    assert docs[0].id == content_id(texts[0].encode("utf-8"))
    assert docs[0].id == docs[2].id


def test_gzip_detected_by_magic_bytes(tmp_path: Path) -> None:
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(ARTICLE_HTML.encode("utf-8")))
    (tmp_path / "page.bin").write_bytes(gzip.compress(ARTICLE_HTML.encode("utf-8")))
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(b'{"text": "Zipped line one."}\n{"text": "Two."}\n'))
    (tmp_path / "seed.txt.gz").write_bytes(gzip.compress(SEED.read_bytes()))
    items = _read(
        tmp_path / "page.html.gz", tmp_path / "page.bin", tmp_path / "feed.jsonl.gz", tmp_path / "seed.txt.gz"
    )
    assert not _failures(items)
    assert [(d.format, d.kind) for d in _docs(items)] == [
        ("html", "html"),
        ("html", "html"),
        ("jsonl", "text"),
        ("jsonl", "text"),
        ("text", "text"),
    ]
    html_plain, html_bin = _docs(items)[:2]
    assert html_plain.id == html_bin.id == content_id(ARTICLE_HTML.encode("utf-8"))
    assert _docs(items)[-1].id == content_id(SEED.read_bytes())


# --------------------------------------------------------------------------
# Path forms


def test_directory_recursion_sorted_and_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "one.txt").write_text("Story B one.", encoding="utf-8")
    (tmp_path / "a" / "deep" / "two.txt").write_text("Story A two.", encoding="utf-8")
    (tmp_path / "a" / "z.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / ".cache" / "x.txt").write_text("hidden too", encoding="utf-8")
    items = _read(tmp_path)
    assert [Path(i.source).relative_to(tmp_path).as_posix() for i in items] == [
        "a/deep/two.txt",
        "a/z.html",
        "b/one.txt",
    ]


def test_glob_patterns_recursive(tmp_path: Path) -> None:
    (tmp_path / "x" / "y").mkdir(parents=True)
    (tmp_path / "x" / "top.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "x" / "y" / "low.html").write_text(ARTICLE_HTML.replace("12", "13"), encoding="utf-8")
    (tmp_path / "x" / "y" / "skip.txt").write_text("Not matched.", encoding="utf-8")
    items = _read(f"{tmp_path}/**/*.html")
    assert sorted(Path(i.source).name for i in _docs(items)) == ["low.html", "top.html"]
    (nothing,) = _read(f"{tmp_path}/*.nomatch")
    assert isinstance(nothing, ReadFailure) and "no files match" in str(nothing.error)


def test_stdin_text_and_warc(tmp_path: Path) -> None:
    (doc,) = _read("-", stdin=io.BytesIO(ARTICLE_HTML.encode("utf-8")))
    assert isinstance(doc, RawDocument)
    assert (doc.source, doc.format, doc.kind) == ("-", "html", "html")

    _write_warc(tmp_path / "c.warc.gz", gzipped=True)
    stream = io.BytesIO((tmp_path / "c.warc.gz").read_bytes())
    docs = _docs(_read("-", stdin=stream))
    assert len(docs) == 2 and all(d.source.startswith("-#") for d in docs)


def test_same_content_same_id(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "two.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "three.txt").write_bytes(SEED.read_bytes() + b"\nOne more line.")
    one, two, three = _docs(_read(tmp_path))  # one.txt, sub/two.txt, three.txt
    assert one.id == two.id
    assert one.id != three.id


# --------------------------------------------------------------------------
# Bad inputs


def test_empty_and_whitespace_files_are_empty(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_bytes(b" \n\t\r\n")
    (tmp_path / "empty.jsonl").write_bytes(b"\n\n")
    (tmp_path / "empty.txt.gz").write_bytes(gzip.compress(b""))
    items = _read(*(tmp_path / n for n in ("zero.txt", "blank.html", "empty.jsonl", "empty.txt.gz")))
    assert all(isinstance(i, ReadFailure) and i.reason == "empty" for i in items)
    assert len(items) == 4
    assert "empty file" in str(items[0].error)


def test_binary_file_refused(tmp_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "blob").write_bytes(b"abc\x00\x01\x02" * 500)
    items = _read(tmp_path / "photo.txt", tmp_path / "blob")
    assert len(items) == 2
    for item in items:
        assert isinstance(item, ReadFailure) and item.reason == "failed"
        assert "binary file" in str(item.error)
        assert isinstance(item.error, InputError)


def test_truncated_gzip_text(tmp_path: Path) -> None:
    packed = gzip.compress(SEED.read_bytes())
    (tmp_path / "cut.txt.gz").write_bytes(packed[: len(packed) // 2])
    (failure,) = _read(tmp_path / "cut.txt.gz")
    assert isinstance(failure, ReadFailure)
    assert str(failure.error) == f"[NG100] {tmp_path / 'cut.txt.gz'}: truncated gzip stream"


@pytest.mark.parametrize(("cut", "survivors"), [(10, 2), (300, 1)])
def test_truncated_warc_gz_yields_earlier_records_then_failure(tmp_path: Path, cut: int, survivors: int) -> None:
    whole = tmp_path / "whole.warc.gz"
    _write_warc(whole, gzipped=True)
    data = whole.read_bytes()
    complete = _docs(_read(whole))
    # 10 bytes off: only the last member's CRC trailer is gone, every record
    # is whole. 300 bytes off: the cut falls inside the last article.
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) - cut])
    items = _read(tmp_path / "cut.warc.gz")
    assert [d.id for d in _docs(items)] == [d.id for d in complete[:survivors]]
    assert isinstance(items[-1], ReadFailure)
    assert "truncated gzip stream" in str(items[-1].error)


def test_truncated_plain_warc_drops_the_cut_record(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc"
    _write_warc(whole, gzipped=False)
    data = whole.read_bytes()
    first = _docs(_read(whole))[0]
    (tmp_path / "cut.warc").write_bytes(data[: len(data) - 100])
    items = _read(tmp_path / "cut.warc")
    assert [d.id for d in _docs(items)] == [first.id]
    assert isinstance(items[-1], ReadFailure)
    assert "truncated WARC record" in str(items[-1].error)
    # A cut inside the headers of a record (here its first line) is caught too.
    second_offset = data.index(b"WARC/1.0", 10)
    (tmp_path / "cut2.warc").write_bytes(data[: second_offset + 5])
    (tail,) = _read(tmp_path / "cut2.warc")
    assert isinstance(tail, ReadFailure)


def test_truncated_jsonl_gz_keeps_lines_before_the_cut(tmp_path: Path) -> None:
    lines = b"".join(b'{"id": "%d", "text": "Line %d of the feed."}\n' % (n, n) for n in range(400))
    packed = gzip.compress(lines)
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) - 20])
    items = _read(tmp_path / "cut.jsonl.gz")
    assert len(_docs(items)) > 300
    assert isinstance(items[-1], ReadFailure) and "truncated gzip" in str(items[-1].error)


@pytest.mark.parametrize("trailer", [b"\x00" * 512, b"crawl finished 2024-03-01\n", b"\x1f"])
def test_bytes_after_the_last_gzip_member_are_ignored_as_gzip_does(tmp_path: Path, trailer: bytes) -> None:
    text = SEED.read_bytes()
    # Two members, as concatenated gzip files are, then bytes that are none.
    half = len(text) // 2
    (tmp_path / "page.txt.gz").write_bytes(gzip.compress(text[:half]) + gzip.compress(text[half:]) + trailer)
    (doc,) = _read(tmp_path / "page.txt.gz")
    assert isinstance(doc, RawDocument) and doc.id == content_id(text)
    lines = b"".join(b'{"id": "%d", "text": "Line %d of the feed."}\n' % (n, n) for n in range(50))
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(lines) + trailer)
    items = _read(tmp_path / "feed.jsonl.gz")
    assert [d.given_id for d in _docs(items)] == [str(n) for n in range(50)] and len(items) == 50


def test_zero_padding_after_a_warc_is_ignored_and_other_trailing_bytes_are_named(tmp_path: Path) -> None:
    _write_warc(tmp_path / "w.warc.gz", gzipped=True)
    whole = (tmp_path / "w.warc.gz").read_bytes()
    expected = [d.id for d in _docs(_read(tmp_path / "w.warc.gz"))]
    (tmp_path / "padded.warc.gz").write_bytes(whole + b"\x00" * 512)
    assert [d.id for d in _read(tmp_path / "padded.warc.gz")] == expected  # no failure either
    (tmp_path / "junk.warc.gz").write_bytes(whole + b"\x00\x01junk\n")
    items = _read(tmp_path / "junk.warc.gz")
    assert [d.id for d in _docs(items)] == expected
    assert isinstance(items[-1], ReadFailure)
    assert str(items[-1].error).endswith("invalid WARC (not a gzip member: ??junk)")


def test_damage_inside_a_gzip_member_is_still_an_error(tmp_path: Path) -> None:
    packed = bytearray(gzip.compress(SEED.read_bytes()))
    packed[len(packed) // 2 : len(packed) // 2 + 40] = b"\xff" * 40
    (tmp_path / "bad.txt.gz").write_bytes(bytes(packed))
    (failure,) = _read(tmp_path / "bad.txt.gz")
    assert isinstance(failure, ReadFailure) and "corrupt gzip stream" in str(failure.error)


def test_invalid_utf8_does_not_crash(tmp_path: Path) -> None:
    data = "Protesters in Almaty \u2014 \u201cwe want change\u201d, said Ay\u015fe.\n".encode("utf-8") * 3
    data = data[:40] + b"\xff\xfe\xc3" + data[40:]
    (tmp_path / "broken.txt").write_bytes(data)
    (doc,) = _read(tmp_path / "broken.txt")
    assert isinstance(doc, RawDocument)
    assert doc.encoding == "utf-8"
    assert "\u201cwe want change\u201d" in doc.content  # the valid UTF-8 survives
    assert "\ufffd" in doc.content


def test_cp1252_page_with_meta_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "<title>March</title></head><body><p>The mayor\u2019s office said caf\u00e9s \u2013 and "
        "na\u00efve \u201cvisitors\u201d \u2013 stayed away.</p></body></html>"
    )
    (tmp_path / "legacy.html").write_bytes(page.encode("cp1252"))
    (doc,) = _read(tmp_path / "legacy.html")
    assert isinstance(doc, RawDocument)
    assert doc.encoding == "cp1252"
    assert "mayor\u2019s office said caf\u00e9s \u2013 and na\u00efve \u201cvisitors\u201d" in doc.content


def test_utf16_file_with_bom(tmp_path: Path) -> None:
    text = "Election results: \u00e9lu, \u0436\u0443\u0440\u043d\u0430\u043b.\r\nSecond line."
    (tmp_path / "wide.txt").write_bytes(text.encode("utf-16"))
    (doc,) = _read(tmp_path / "wide.txt")
    assert isinstance(doc, RawDocument)
    assert doc.encoding == "utf-16"
    assert doc.content == text.replace("\r\n", "\n")


def test_file_larger_than_max_bytes_refused(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"word " * 1000)
    (tmp_path / "big.txt.gz").write_bytes(gzip.compress(b"word " * 1000))
    items = _read(tmp_path / "big.txt", tmp_path / "big.txt.gz", max_bytes=2000)
    assert len(items) == 2
    assert all(isinstance(i, ReadFailure) and "larger than max_bytes" in str(i.error) for i in items)


def test_warc_record_larger_than_max_bytes_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        _http_response(writer, "https://x.example/big", ARTICLE_HTML.encode() + b"<p>pad</p>" * 500, "text/html")
        _http_response(writer, "https://x.example/small", ARTICLE_HTML.encode(), "text/html")
    big, small = _read(path, max_bytes=2000)
    assert isinstance(big, ReadFailure) and "larger than max_bytes" in str(big.error)
    assert isinstance(small, RawDocument) and small.url == "https://x.example/small"


def test_missing_path(tmp_path: Path) -> None:
    (failure,) = _read(tmp_path / "nope.txt")
    assert isinstance(failure, ReadFailure)
    assert "no such file or directory" in str(failure.error)


def test_failures_never_stop_the_iteration(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A good story about the vote.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.dat").write_bytes(b"\x00" * 100)
    packed = gzip.compress(SEED.read_bytes())
    (tmp_path / "cut.txt.gz").write_bytes(packed[:200])
    (tmp_path / "big.txt").write_bytes(b"x " * 5000)
    bad = [
        tmp_path / "empty.txt",
        tmp_path / "bin.dat",
        tmp_path / "cut.txt.gz",
        tmp_path / "big.txt",
        tmp_path / "missing",
    ]
    paths: list[Path] = []
    for path in bad:
        paths += [path, good]
    items = _read(*paths, max_bytes=4000)
    kinds = ["doc" if isinstance(i, RawDocument) else "fail" for i in items]
    assert kinds == ["fail", "doc"] * len(bad)


# --------------------------------------------------------------------------
# Detection and decoding units


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("x.txt", b"icon bookmark Some story text", "text"),
        ("x.txt", b"<!DOCTYPE html><html>", "html"),
        ("x", b"  <html lang=en><head>", "html"),
        ("x", b"Menu\n<body><p>text</p>", "html"),
        ("x.HTM", b"just words", "html"),
        ("x.ndjson", b'{"text": "a"}\n', "jsonl"),
        ("x", b'{"id": 1, "text": "a"}\n{"id": 2}', "jsonl"),
        ("x", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        ("x.wet", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "wet"),
        ("x", b"WARC/1.1\r\nWARC-Type: conversion\r\n", "wet"),
        ("x.txt", b"%PDF-1.7\n", "binary"),
        ("x.html", b"text\x00\x00\x00more", "binary"),
        ("x", "<html>".encode("utf-16"), "html"),
        ("", b"<article><h1>Riot</h1><p>Police fired tear gas.</p></article>", "html"),  # a fragment on stdin
        ("x.txt", b"<p>A text file that quotes markup.</p>", "text"),  # the extension still decides
        ("", b"<3 to all who marched today", "text"),
    ],
)
def test_detect_format(name: str, head: bytes, expected: str) -> None:
    assert detect_format(name, head) == expected


def test_decode_evidence_order() -> None:
    assert decode(b"\xef\xbb\xbfcaf\xc3\xa9") == ("caf\u00e9", "utf-8-sig")
    # The HTTP charset wins over the page's own declaration.
    page = b'<meta charset="utf-8"><p>caf\xe9</p>'
    assert decode(page, http_charset="windows-1252", is_html=True) == (
        '<meta charset="utf-8"><p>caf\u00e9</p>',
        "cp1252",
    )
    # A legacy label on bytes that are valid UTF-8 is a mislabel.
    assert decode("caf\u00e9 \u2014 ok".encode(), http_charset="iso-8859-1") == ("caf\u00e9 \u2014 ok", "utf-8")
    # An unknown label is ignored rather than trusted.
    assert decode(b"plain", http_charset="x-no-such-charset") == ("plain", "utf-8")
    assert decode(b"a\r\nb\rc") == ("a\nb\nc", "utf-8")


def test_decode_statistical_fallback_never_raises() -> None:
    # "A rally in the capital gathered thousands of people." in Russian.
    russian = (
        "\u041c\u0438\u0442\u0438\u043d\u0433 \u0432 \u0441\u0442\u043e\u043b\u0438\u0446\u0435 "
        "\u0441\u043e\u0431\u0440\u0430\u043b \u0442\u044b\u0441\u044f\u0447\u0438 "
        "\u043b\u044e\u0434\u0435\u0439. "
    ) * 5
    text, codec = decode(russian.encode("cp1251"))
    assert text == russian
    assert codec == "cp1251"
    noise, _ = decode(bytes(range(128, 256)) * 3)
    assert isinstance(noise, str) and noise


def test_decode_overrules_wrong_declarations_but_keeps_nearly_right_ones() -> None:
    french = "Le pr\u00e9sident a d\u00e9clar\u00e9 que les \u00e9l\u00e8ves \u00e9taient \u00e9puis\u00e9s. " * 4
    # Declared UTF-8, really windows-1252: every accent is invalid UTF-8.
    assert decode(french.encode("cp1252"), http_charset="utf-8") == (french, "cp1252")
    # Declared Shift-JIS with one stray byte: the declaration still holds.
    japanese = "\u6771\u4eac\u3067\u6297\u8b70\u30c7\u30e2\u304c\u884c\u308f\u308c\u305f\u3002" * 10
    data = japanese.encode("shift_jis")
    text, codec = decode(data[:50] + b"\xff" + data[50:], http_charset="shift_jis")
    assert codec == "shift_jis"
    assert text.count("\ufffd") == 1
    assert text.replace("\ufffd", "") == japanese


def test_undeclared_western_text_reads_as_cp1252() -> None:
    # charset-normalizer ties cp1250/cp775/cp1252 on short Western text.
    for sentence in (
        "Caf\u00e9 o\u00f9 la pr\u00e9fecture a arr\u00eat\u00e9 les manifestants \u00e0 Montr\u00e9al.",
        "The na\u00efve protesters in Montr\u00e9al were arrested on Sunday, officials said \u2014 \u201cagain\u201d.",
    ):
        assert decode(sentence.encode("cp1252")) == (sentence, "cp1252")
    czech = "P\u0159\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148 \u00fap\u011bl \u010f\u00e1belsk\u00e9 \u00f3dy. Vl\u00e1da v Praze v pond\u011bl\u00ed ozn\u00e1mila nov\u00e1 opat\u0159en\u00ed."
    assert decode(czech.encode("cp1250")) == (czech, "cp1250")  # only cp1250 reads it cleanly
    lithuanian = (
        "\u0160iauliai ir Kaunas: rinkimai vyks gegu\u017e\u0119, prane\u0161\u0117 rinkim\u0173 komisija. "
        "\u017dmon\u0117s balsuos sekmadien\u012f."
    )
    assert decode(lithuanian.encode("cp1257")) == (lithuanian, "cp1257")  # cp1252 would read "\u00d0iauliai"


def test_jsonl_fields_that_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(
        '{"id": {"x": 1}, "text": "Troops entered the city.", "title": ["a", "b"], "published": 1641805380}\n'
        '{"id": 5, "text": "Police fired tear gas.", "published": 1641805380000, "url": true}\n',
        encoding="utf-8",
    )
    first, second = _docs(_read(path))
    assert first.given_id is None and first.title is None  # not "{'x': 1}" or "['a', 'b']"
    assert first.published == "2022-01-10T09:03:00"  # a Unix time, in UTC
    assert (second.id, second.published, second.url) == ("5", "2022-01-10T09:03:00", None)


def test_file_names_that_are_not_utf8_give_printable_sources(tmp_path: Path) -> None:
    import os

    folder = os.fsencode(tmp_path / "bn")
    os.mkdir(folder)
    with open(folder + b"/x\xff\nname.txt", "wb") as handle:
        handle.write(b"Troops entered the city on Monday, officials said.")
    (item,) = iter_documents([str(tmp_path / "bn")])
    assert isinstance(item, RawDocument)
    assert item.source == f"{tmp_path}/bn/x\ufffd\\nname.txt"
    item.source.encode("utf-8")  # storable and printable: no surrogate left


def test_a_folder_being_ingested_skips_database_files(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Troops entered the city on Monday, officials said.", encoding="utf-8")
    (tmp_path / "newsgraph.duckdb").write_bytes(b"DUCK\x00\x00\x00" * 100)
    (tmp_path / "newsgraph.duckdb.wal").write_bytes(b"\x00" * 100)
    assert [item.source for item in iter_documents([str(tmp_path)])] == [str(tmp_path / "story.txt")]


def test_a_folder_being_ingested_skips_what_the_store_keeps_beside_a_database(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Troops entered the city on Monday, officials said.", encoding="utf-8")
    (tmp_path / "news.duckdb.corpus-state").write_bytes(b"\x80\x05" + b"\x00" * 100)
    index = tmp_path / "news.duckdb.search"
    index.mkdir()
    (index / "meta.json").write_text('{"segments": []}', encoding="utf-8")
    # An index folder whose database has another name is known by its marker file.
    other = tmp_path / "renamed"
    other.mkdir()
    (other / "newsgraph-search.json").write_text('{"version": 2}', encoding="utf-8")
    (other / "meta.json").write_text('{"segments": []}', encoding="utf-8")
    # A folder merely named *.search is still read.
    (tmp_path / "notes.search").mkdir()
    (tmp_path / "notes.search" / "a.txt").write_text("Police fired tear gas on Tuesday.", encoding="utf-8")
    assert [item.source for item in iter_documents([str(tmp_path)])] == [
        str(tmp_path / "notes.search" / "a.txt"),
        str(tmp_path / "story.txt"),
    ]


def test_json_files_hold_one_record_or_an_array(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(
        '{\n  "id": "s1",\n  "text": "Troops entered the city.",\n  "title": "Troops"\n}\n', encoding="utf-8"
    )
    many = tmp_path / "many.json"
    many.write_text(
        '[{"id": "a", "text": "Police fired tear gas."}, 7, {"id": "b", "html": "<p>Riot police.</p>"}]',
        encoding="utf-8",
    )
    lines = tmp_path / "lines.json"
    lines.write_text('{"id": "l1", "text": "First."}\n{"id": "l2", "text": "Second."}\n', encoding="utf-8")
    (doc,) = _read(one)
    assert isinstance(doc, RawDocument) and (doc.id, doc.content, doc.title, doc.source) == (
        "s1",
        "Troops entered the city.",
        "Troops",
        str(one),
    )
    a, bad, b = _read(many)
    assert (a.id, b.id, b.kind) == ("a", "b", "html")
    assert isinstance(bad, ReadFailure) and bad.source == f"{many}#2"
    assert [d.id for d in _docs(_read(lines))] == ["l1", "l2"]
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x", "text": ', encoding="utf-8")
    (failure,) = _read(broken)
    assert isinstance(failure, ReadFailure) and "invalid JSON" in str(failure.error)

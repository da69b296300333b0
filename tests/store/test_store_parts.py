"""The parts behind the Store facade, tested without it."""

import dataclasses

import duckdb
import pytest

from newsgraph.errors import StoreError
from newsgraph.store import queries, writes
from newsgraph.store.connection import mapped_errors

from .test_db import doc


def _hashed(i: int, content_hash: str | None):
    d = doc(i)
    return dataclasses.replace(d, article=dataclasses.replace(d.article, content_hash=content_hash))


def test_a_repeat_inside_a_batch_is_judged_against_its_first_copy():
    batch = [_hashed(1, "aaa"), _hashed(1, "aaa"), _hashed(1, "bbb"), _hashed(2, None), _hashed(3, "ccc")]
    known = {"doc3": "zzz"}
    fresh, duplicates, clashing = writes.split_batch(batch, known)
    assert [d.id for d in fresh] == ["doc1", "doc2"]
    assert duplicates == 1
    assert [(d.id, d.article.content_hash) for d in clashing] == [("doc1", "bbb"), ("doc3", "ccc")]
    assert known == {"doc3": "zzz", "doc1": "aaa", "doc2": None}


def test_an_exact_id_wins_over_a_longer_one_it_prefixes():
    con = duckdb.connect()
    con.execute("CREATE TABLE articles (id VARCHAR)")
    con.execute("INSERT INTO articles VALUES ('a1'), ('a10'), ('b_2'), ('bx2')")
    assert queries.ids_matching(con, "a1") == ["a1"]
    assert queries.ids_matching(con, "a") == ["a1", "a10"]
    assert queries.ids_matching(con, "b_") == ["b_2"]  # "_" is no wildcard
    assert queries.ids_matching(con, "c") == []


def test_mapped_errors_keep_the_first_line_and_name_the_database():
    con = duckdb.connect()
    with pytest.raises(StoreError) as caught, mapped_errors("reading the database", "x.duckdb"):
        con.execute("SELECT * FROM nowhere")
    message = str(caught.value)
    assert message.startswith("[NG400] x.duckdb: reading the database failed: Catalog Error")
    assert "\n" not in message
    with pytest.raises(StoreError, match=r"^\[NG400\] y.txt: write failed: gone$"), mapped_errors("write", "x.duckdb"):
        raise FileNotFoundError(2, "gone", "y.txt")

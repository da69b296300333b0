"""Scripts written without spaces (Japanese, Chinese, Thai): length rules count characters, not spaces."""

from __future__ import annotations

from newsgraph.extract import extract_article
from newsgraph.extract.consensus import word_bag
from newsgraph.extract.words import count_words
from newsgraph.records import RawDocument

# Invented text: a new tram line opens in a harbour town.
JAPANESE = [
    "港町に新しい路面電車の路線が開業し、初日から多くの市民が利用した。",
    "市によると、新路線は駅前から旧市街までの約四キロを結び、停留所は九か所ある。",
    "運行は朝六時から深夜まで十分おきで、週末には観光客向けの臨時便も走る予定だという。",
    "沿線の商店主たちは人通りが増えることを期待しているが、工事中の騒音に苦しんだ住民もいた。",
    "市長は記者会見で、次の延伸計画について来年春までに詳細を発表すると述べた。",
]
CHINESE = [
    "海港小城的新有轨电车线路今天正式开通，首日就吸引了大批市民乘坐。",
    "市政府表示，新线路连接火车站和老城区，全长约四公里，沿途设有九个车站。",
    "电车每天早上六点开始运营，每十分钟一班，周末还将为游客加开临时班次。",
]


def _html(title: str, paragraphs: list[str], lang: str) -> str:
    nav = "".join(f'<li><a href="/s{i}">欄{i}</a></li>' for i in range(10))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f"<nav><ul>{nav}</ul></nav><article><h1>{title}</h1>{body}</article><footer>©2024</footer></body></html>"
    )


def _raw(content: str, kind: str = "html") -> RawDocument:
    return RawDocument(id="j", source="j", format=kind, content=content, kind=kind, url="https://news.example/tram")


def test_count_words_counts_spaceless_characters_two_to_a_word() -> None:
    assert count_words("The tram line opened today") == 5
    assert count_words(JAPANESE[0]) >= 15
    assert count_words("ภาษาไทยง่ายนิดเดียว") >= 8
    assert count_words("新线路 opened today") == 4


def test_word_bags_split_spaceless_text_into_characters() -> None:
    assert sum(word_bag(JAPANESE[0]).values()) > 20
    assert word_bag("The tram, the line") == word_bag("the TRAM the line")


def test_a_japanese_article_is_extracted_from_html() -> None:
    article = extract_article(_raw(_html("港町に路面電車が開業", JAPANESE, "ja")))
    assert article.body.startswith(JAPANESE[0]) and JAPANESE[-1] in article.body
    assert article.language == "ja"


def test_a_short_chinese_article_is_extracted_from_html() -> None:
    article = extract_article(_raw(_html("海港小城新电车线路开通", CHINESE, "zh")))
    assert CHINESE[0] in article.body and CHINESE[-1] in article.body


def test_a_japanese_article_is_extracted_from_flattened_text() -> None:
    menu = ["ホーム", "ニュース", "スポーツ", "天気", "ログイン"]
    text = "\n".join([*menu, "港町に路面電車が開業", "2024年3月5日", *JAPANESE, "利用規約", "©2024 港町新聞"])
    article = extract_article(_raw(text, kind="text"))
    assert JAPANESE[0] in article.body and JAPANESE[-1] in article.body
    assert "ログイン" not in article.body

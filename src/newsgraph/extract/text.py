"""Article extraction from flattened page text (a crawler's text dump).

Such text keeps the page's chrome as lines: icon-name lists, menus, share
buttons, cookie notices, teasers, footers. Each line is described by
features (word count, ending punctuation, stopword ratio, capitalised-word
ratio, icon/link-like tokens, position) and assigned a role:

* **chrome**: lines whose shape is not prose (lists of icon names, menu
  entries, buttons) or that open with a generic interface phrase ("Share
  this article", "Read more:", "We use cookies", "©");
* **body**: the stretch of lines with the most prose in it (``body_span``),
  less chrome and the header fields; headings and lists inside it stay;
* the **headline**: the best-scoring headline-shaped line just above the
  body (longer than a menu label, capitalised, with a dateline or byline
  under it, printed twice);
* the **dateline**: a short line that is mostly a date, nearest the
  headline, else by the body's start or near the top, else a labelled date
  line ("Published ...") above the body;
* the **standfirst**: a short non-sentence line right after the headline;
* **bylines** ("By Jane Doe").

Nothing here knows any particular site: the interface phrases are those of
English web pages in general. They, and the other word lists, are in
``data/lexicons/extract/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from ..resources.lexicons import entries, word_list
from .boilerplate import trim_end_matter
from .dates import FoundDate, find_dateline, find_dates
from .words import CHARACTERS_PER_WORD, count_words, spaceless_characters

_WORD = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
_STOPWORDS = word_list("extract/stopwords")
_SPACELESS_FUNCTION_CHARS = word_list("extract/spaceless_function_chars")
# Interface phrases opening a chrome line (case-insensitive, at line start).
_CHROME_OPENERS = re.compile(r"^(?:" + "|".join(entries("extract/chrome_openers")) + ")", re.IGNORECASE)
_COPYRIGHT = re.compile("|".join(entries("extract/copyright_marks")), re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?i:"
    + "|".join(map(re.escape, entries("extract/text_byline_labels")))
    + r")\s+(?P<names>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3})*)",
)
_DATE_PREFIX = re.compile(
    r"^(?:" + "|".join(map(re.escape, entries("extract/date_prefixes"))) + r")\s*(?:on|at)?\s*:?\s*", re.IGNORECASE
)
# A line that names its date as the article's ("Published ...", "Posted on ...", "By A. Writer on ...").
_DATE_LABEL = re.compile(
    r"^\W*(?:" + "|".join(map(re.escape, entries("extract/dateline_labels"))) + r")\b", re.IGNORECASE
)
_LABELLED_DATELINE_WORDS = 20
_BARE_DATELINE_EXTRA_WORDS = 3
# Lines below the body's start searched for that last-resort dateline.
_BARE_DATELINE_BODY_LINES = 10
_FULL_STOPS = (".", "!", "?", "。", "！", "？")
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":", ")", "…", "。", "！", "？", "」", "』", "）")

# The top of the page: searched for a dateline and byline when none is by
# the headline, and for the headline when the text has no prose at all.
HEADER_LINES = 25
# Flattened text beyond this many characters is cut at a line boundary (and
# the article flagged "truncated"): a news article is a few ten thousand
# characters, and a 60 MB single line costs ~30 s of line scoring.
MAX_TEXT_CHARS = 2_000_000


@dataclass
class LineFeatures:
    """What a line looks like, independent of what it says."""

    text: str
    words: int
    ends_sentence: bool
    stopword_ratio: float
    capitalised_ratio: float
    icon_ratio: float
    link_like: bool

    @property
    def is_prose(self) -> bool:
        """A paragraph: long enough, ends like a sentence, reads like language."""
        return self.words >= 8 and self.ends_sentence and self.stopword_ratio >= 0.12

    @property
    def is_menu_like(self) -> bool:
        """A run of labels: many words, no sentence shape, few function words."""
        return self.words >= 6 and not self.ends_sentence and self.stopword_ratio < 0.08


def line_features(text: str) -> LineFeatures:
    """Compute the features of one (stripped) line."""
    tokens = text.split()
    words = _WORD.findall(text)
    n_words = len(words)
    stop: float = sum(w.lower() in _STOPWORDS for w in words)
    capitalised = sum(w[:1].isupper() for w in words)
    icons = sum("icon" in t.lower() for t in tokens)
    spaceless = spaceless_characters(text)
    if spaceless:
        # Japanese, Chinese, Thai: no spaces between words, so characters
        # are counted (see ``words``), and their particles stand in for the
        # English function words.
        n_words = count_words(text)
        stop += sum(ch in _SPACELESS_FUNCTION_CHARS for ch in text) / CHARACTERS_PER_WORD
    return LineFeatures(
        text=text,
        words=n_words,
        ends_sentence=text.rstrip().endswith(_SENTENCE_END),
        stopword_ratio=stop / n_words if n_words else 0.0,
        capitalised_ratio=capitalised / n_words if n_words else 0.0,
        icon_ratio=icons / len(tokens) if tokens else 0.0,
        link_like=bool(re.search(r"https?://|www\.|\.(?:com|org|net)\b|@\w", text)) and n_words < 8,
    )


def is_chrome(features: LineFeatures) -> bool:
    """Page furniture rather than article text."""
    if features.icon_ratio >= 0.2 or features.link_like:
        return True
    if _COPYRIGHT.search(features.text) and features.words < 25:
        return True
    if _CHROME_OPENERS.match(features.text) and (features.words < 20 or not features.is_prose):
        return True
    if features.is_menu_like and features.words >= 8:
        return True
    return features.words == 0


# A line ending in sentence punctuation, bare or inside a closing quote mark
# (“We will not go back,”), is speech or prose, not a headline. A question
# mark stays allowed: headlines ask questions.
_PROSE_END = re.compile(r"""[.,;:!。、！]\s*["'”’»」』]*$""")


def _is_headline_shaped(features: LineFeatures) -> bool:
    return 3 <= features.words <= 25 and not _PROSE_END.search(features.text.rstrip()) and features.icon_ratio == 0


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


@dataclass
class TextExtraction:
    """Fields found in a flattened page, each with the strategy that found it."""

    body: str
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_precision: str | None = None
    methods: dict[str, str] = field(default_factory=dict)
    truncated: bool = False  # only the first MAX_TEXT_CHARS were read


def cap_text(content: str, limit: int = MAX_TEXT_CHARS) -> tuple[str, bool]:
    """At most ``limit`` characters of ``content``, cut after its last whole line (or space) within them."""
    if len(content) <= limit:
        return content, False
    cut = content.rfind("\n", 0, limit + 1)
    if cut < limit // 2:
        cut = content.rfind(" ", 0, limit + 1)
    return content[: cut if cut >= limit // 2 else limit], True


# The body is the stretch of lines with the most prose in it: each line
# weighs its words if it is prose, half of them if it is a short sentence,
# and costs a fixed amount otherwise (a heading, a list item, a label) or
# more if it is chrome. The best-scoring stretch (a maximum-sum run) keeps
# the lists and headings inside an article and stops at the run of menus,
# teasers and footers around it, which a span from the first to the last
# prose line would take in. The costs need not be exact: a wide range of
# them finds the same stretch. A long line that reads like language but
# ends without a full stop (a paragraph flattened without its punctuation)
# weighs half its words.
_SHORT_SENTENCE_WEIGHT = 0.5
_LONG_LINE_WORDS = 20
_LINE_COST = 5.0
_CHROME_COST = 10.0
# Headline candidates are looked for in this many lines above the body.
HEADLINE_WINDOW = 50
# Headline score: the cost of each line between a candidate and the body,
# and the weight of the share of its words the article is about (found in
# the body's opening, or in the URL's slug, which a site writes from the
# headline). Teaser titles and section headings are headline-shaped too;
# the article's headline is the one near the body that names what the body
# is about. The weights need not be exact: the choice changes little when
# they move by a third either way.
_HEADLINE_DISTANCE_COST = 0.03
_HEADLINE_BODY_WEIGHT = 1.5
_HEADLINE_SLUG_WEIGHT = 3.0
_TOPIC_WORDS = 300
# A printed date belongs to the article when it is this close to the headline (lines).
DATELINE_BEFORE = 5
DATELINE_AFTER = 8


# Comment threads are prose too, so the run of prose runs on into them; they
# show themselves by their furniture: a commenter's "says:" line, a
# timestamp line, a "Reply" button.
_COMMENT_ACTION = re.compile(r"^(?:" + "|".join(entries("extract/comment_actions")) + ")$", re.IGNORECASE)
_COMMENT_AUTHOR = re.compile(
    r"\b(?:" + "|".join(map(re.escape, entries("extract/comment_author_verbs"))) + r")(?:\s+on\b.*)?:\s*$",
    re.IGNORECASE,
)
_THREAD_HEADING = re.compile(
    r"^(?:\d+\s+)?(?:" + "|".join(entries("extract/comment_thread_headings")) + r")\W*$", re.IGNORECASE
)
COMMENT_WINDOW = 6
_PRONOUNS = word_list("extract/not_name_openers")


def _comment_marker(line: str, feat: LineFeatures) -> int:
    """How surely a line is a comment thread's furniture: 2 (a button, a timestamp), 1, or 0.

    A bare date and a "… says:" line count 1: an article prints its own
    date, and quotes people ("The mayor wrote:").
    """
    if feat.words > 12:
        return 0
    if _COMMENT_ACTION.match(line):
        return 2
    if (author := _COMMENT_AUTHOR.search(line)) is not None:
        # "Tom Smith says:", "by jdoe ( 12345 ) writes:": a handle or a
        # name; "The mayor wrote:", "She says:" are the article's quotes.
        name = re.sub(r"^by\s+", "", line[: author.start()].strip(), flags=re.IGNORECASE).split()
        handle = (
            1 <= len(name) <= 4
            and all(token[0].isupper() or not token.isalpha() or "_" in token for token in name)
            and name[0].lower() not in _PRONOUNS
        )
        return 2 if handle else 1
    found = find_dateline(line)
    if found is None or found.precision in ("year", "month") or _words_besides(line, found) > 2:
        return 0
    # "March 3, 2024 at 9:15 pm": a timestamp to the minute is a comment's.
    return 2 if found.precision in ("minute", "second") else 1


def _words_besides(line: str, date: FoundDate) -> int:
    """How many words a line holds besides the date found in it."""
    return len(_WORD.findall(line[: date.start] + line[date.end :]))


def cut_comment_thread(lines: list[str], features: list[LineFeatures], span: tuple[int, int]) -> tuple[int, int]:
    """End the body before a comment thread that the run of prose ran into.

    The thread starts where two of its markers come within
    ``COMMENT_WINDOW`` lines; the cut also takes the commenter's name line
    and a thread heading ("12 Comments") just above it.
    """
    first, last = span
    markers = [(i, kind) for i in range(first + 1, last + 1) if (kind := _comment_marker(lines[i], features[i]))]
    for (a, kind_a), (b, kind_b) in pairwise(markers):
        if b - a > COMMENT_WINDOW or kind_a + kind_b < 3:
            continue
        cut = a
        # The commenter's name above the first marker, then the heading.
        if cut - 1 > first and features[cut - 1].words <= 5 and not features[cut - 1].is_prose:
            cut -= 1
        heading = next((i for i in range(cut - 1, max(first, cut - 4), -1) if _THREAD_HEADING.match(lines[i])), None)
        if heading is not None:
            cut = heading
        return (first, cut - 1) if cut - 1 >= first else span
    return span


_CONTINUES = re.compile(r"^[a-z(]")
UNWRAP_MIN_WORDS = 8
UNWRAP_MAX_WORDS = 400
UNWRAP_MAX_CAPITALS = 0.4


def unwrap_lines(lines: list[str]) -> list[str]:
    """Join the lines of hard-wrapped paragraphs ("... for a new reservoir north" / "of the city, ...").

    A text wrapped at a fixed width (a ``<pre>`` block, an e-mail, a
    press release) breaks sentences across lines; left apart, no line of
    it looks like a sentence and the body scoring passes it over. A line
    of running text continues on the next when it does not end like a
    sentence and the next opens in lower case. Only the last physical line
    is looked at, and a paragraph stops growing at ``UNWRAP_MAX_WORDS``, so
    a long lower-case dump costs linear time.
    """
    joined: list[list[str]] = []  # each paragraph's physical lines, joined once at the end
    last = ""  # the last physical line of joined[-1]
    length = 0  # words in joined[-1]
    for line in lines:
        words = last.split()
        if (
            joined
            and len(words) >= UNWRAP_MIN_WORDS
            and length < UNWRAP_MAX_WORDS
            and not last.endswith((*_SENTENCE_END, ";", ",", "|"))
            and _CONTINUES.match(line)
            # A short tail ("sponsor content", a photo credit) is a label, unless it ends the sentence.
            and (count_words(line) >= 4 or line.endswith(_FULL_STOPS))
            and (shape := line_features(last)).capitalised_ratio < UNWRAP_MAX_CAPITALS
            and shape.stopword_ratio >= 0.12
            and not _BYLINE.match(line)
        ):
            joined[-1].append(line)
            length += len(line.split())
        else:
            joined.append([line])
            length = len(line.split())
        last = line
    return [" ".join(paragraph) for paragraph in joined]


def body_span(features: list[LineFeatures]) -> tuple[int, int] | None:
    """The first and last index of the stretch of lines holding the article's prose."""
    best, best_span = 0.0, None
    running, start = 0.0, 0
    for index, feat in enumerate(features):
        if feat.words == 0 and any(c.isdigit() for c in feat.text):
            # A table's figures ("+4.2%", "3/1/2024") are neither chrome
            # nor prose: a long table inside the article must not split it.
            weight = 0.0
        elif is_chrome(feat):
            weight = -_CHROME_COST
        elif feat.is_prose:
            weight = float(feat.words)
        elif (feat.ends_sentence and feat.words >= 4) or (
            feat.words >= _LONG_LINE_WORDS and feat.stopword_ratio >= 0.12
        ):
            # A short sentence, or a long line that reads like language but
            # ends in a link or a bracket ("... [Reuters]").
            weight = _SHORT_SENTENCE_WEIGHT * feat.words
        else:
            weight = -_LINE_COST
        if running <= 0:
            running, start = 0.0, index
        running += weight
        if running > best:
            best, best_span = running, (start, index)
    return best_span


_TOPIC_SUFFIXES = entries("extract/topic_suffixes")


def _topic_words(text: str) -> list[str]:
    """Content words, lower-cased and crudely stemmed, to compare a line with what the article is about."""
    words = []
    for word in _WORD.findall(text):
        word = word.lower()
        if len(word) <= 2 or word in _STOPWORDS:
            continue
        for suffix in _TOPIC_SUFFIXES:
            if len(word) > 4 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        words.append(word)
    return words


def _slug_words(url: str | None) -> set[str]:
    """The words of a URL's most wordy path segment (``/2024/05/floods-hit-the-delta/`` → floods, hit, delta)."""
    if not url:
        return set()
    from urllib.parse import unquote, urlsplit

    segments = [seg for seg in unquote(urlsplit(url).path).split("/") if seg]
    slug = max(segments, key=lambda seg: len(re.findall(r"[^\W\d_]+", seg)), default="")
    return set(_topic_words(re.sub(r"[-_+.]", " ", slug)))


@dataclass
class _Topic:
    """What the article is about: the words of its opening and of its URL's slug."""

    body: set[str]
    slug: set[str]

    def share(self, words: list[str], of: set[str]) -> float:
        return sum(word in of for word in words) / len(words) if words and of else 0.0


def _headline_score(
    index: int, lines: list[str], features: list[LineFeatures], body_start: int, repeated: bool, topic: _Topic
) -> float:
    """How much a line above the body looks like the article's headline.

    Headlines are longer than menu labels and buttons, capitalise many
    words, sit close to the body, have the dateline or byline right under
    them, are often printed twice (in the header and above the text), and
    say what the article is about: their words recur in its opening and in
    the URL's slug, where menus, calls to action and teasers of other
    articles do not.
    """
    feat = features[index]
    score = min(feat.words, 8) / 8 + 0.5 * feat.capitalised_ratio - _HEADLINE_DISTANCE_COST * abs(body_start - index)
    if any(
        _dateline(features[j]) is not None or _BYLINE.match(lines[j])
        for j in range(index + 1, min(len(lines), index + 4))
    ):
        score += 1.0
    if repeated:
        score += 0.5
    words = _topic_words(lines[index])
    score += _HEADLINE_BODY_WEIGHT * topic.share(words, topic.body) + _HEADLINE_SLUG_WEIGHT * topic.share(
        words, topic.slug
    )
    return score


_BREADCRUMB = re.compile(
    r"^(?:"
    + "|".join(map(re.escape, entries("extract/breadcrumb_roots")))
    + r")\s*[»›>/|]\s*(?:[^»›>/|]{1,40}\s*[»›>/|]\s*)*",
    re.IGNORECASE,
)


def _clean_headline(line: str, url: str | None) -> str:
    """The headline without a breadcrumb trail before it or the site's name after it."""
    from urllib.parse import urlsplit

    headline = _BREADCRUMB.sub("", line).strip() or line
    host = urlsplit(url).hostname if url else None
    if not host:
        return headline
    from .html import clean_title  # the same site-name rules as for a page's <title>

    return clean_title(headline, host=host)


def _find_headline(
    lines: list[str], features: list[LineFeatures], body_start: int | None, url: str | None = None
) -> tuple[int, str] | None:
    """The headline's index (its first printing) and the strategy that found it.

    Candidates are the headline-shaped lines in the ``HEADLINE_WINDOW``
    lines above the body and its first line (a headline ending in "?" or
    ")" reads as a short sentence and can open the body stretch). They are
    scored because the first headline-shaped line of a page is most often a
    menu's, a teaser's or the site's, not the article's.

    ``body_start`` is ``None`` for a text with no prose (a list, captions):
    nothing tells where the header ends, so the first headline-shaped line
    of the top ``HEADER_LINES`` is taken.
    """
    if body_start is None:
        window = range(min(HEADER_LINES, len(lines)))
    else:
        window = range(max(0, body_start - HEADLINE_WINDOW), min(len(lines), body_start + 1))
    candidates = [
        i
        for i in window
        if not is_chrome(features[i])
        and _is_headline_shaped(features[i])
        and not (body_start is not None and i >= body_start and features[i].is_prose)
        and not _BYLINE.match(lines[i])
        and find_dateline(lines[i]) is None
    ]
    if not candidates:
        return None
    if body_start is None:
        return candidates[0], "first-headline-line"
    start: int = body_start
    opening: list[str] = []
    for line in lines[start:]:
        opening += _topic_words(line)
        if len(opening) >= _TOPIC_WORDS:
            break
    topic = _Topic(body=set(opening), slug=_slug_words(url))
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    for i in candidates:
        key = _key(lines[i])
        first.setdefault(key, i)
        counts[key] = counts.get(key, 0) + 1
    best = max(candidates, key=lambda i: _headline_score(i, lines, features, start, counts[_key(lines[i])] > 1, topic))
    key = _key(lines[best])
    return first[key], "repeated-line" if counts[key] > 1 else "headline-line"


def _dateline(feat: LineFeatures) -> FoundDate | None:
    """The date a short line carries, if it is a dateline rather than a sentence."""
    if feat.words > 14 or (feat.is_prose and feat.words > 10):
        return None
    if feat.text.endswith(_FULL_STOPS) and feat.stopword_ratio >= 0.15 and not _DATE_LABEL.match(feat.text):
        return None  # "The vote was held on March 3, 2024." is news, not a dateline
    text = _DATE_PREFIX.sub("", feat.text)
    found = find_dateline(text)
    if found is None:
        # Numeric dates that read only one way ("27/05/2024", "12.12.2025").
        found = next(iter(find_dates(text)), None)
    return found


def extract_text(content: str, url: str | None = None) -> TextExtraction:
    """Split a flattened page into headline, standfirst, date, byline and body.

    ``url``, when the page's address is known (a WET record, a JSONL
    field), helps tell the headline from other headline-shaped lines.
    """
    content, truncated = cap_text(content)
    lines = _page_lines(content)
    features = [line_features(line) for line in lines]
    result = TextExtraction(body="", truncated=truncated)
    used: set[int] = set()
    span = _find_body_run(lines, features)
    # With no prose at all, datelines are looked for at the top of the page.
    body_start = span[0] if span is not None else min(HEADER_LINES, len(lines))
    title_index = _take_headline(result, lines, features, span, url, used)
    near = _near_headline(title_index if title_index is not None else body_start, body_start, len(lines))
    body_end = span[1] if span is not None else len(lines) - 1
    dateline = _find_dateline(lines, features, near, used, body_start, body_end)
    if dateline is not None:
        _take_dateline(result, dateline, span, used)
    if title_index is not None:
        _take_standfirst(result, lines, features, title_index, used)
    _take_byline(result, lines, features, near, used)
    _assemble_body(result, lines, features, used, span, title_index)
    return result


def _page_lines(content: str) -> list[str]:
    """The page's non-empty lines, whitespace collapsed and hard-wrapped paragraphs joined."""
    all_lines = [re.sub(r"\s+", " ", line).strip() for line in content.replace("\r\n", "\n").split("\n")]
    return unwrap_lines([line for line in all_lines if line])


def _find_body_run(lines: list[str], features: list[LineFeatures]) -> tuple[int, int] | None:
    """The body's stretch of lines, ended before any comment thread (``None``: no prose)."""
    span = body_span(features)
    if span is not None:
        span = cut_comment_thread(lines, features, span)
    return span


def _take_headline(
    result: TextExtraction,
    lines: list[str],
    features: list[LineFeatures],
    span: tuple[int, int] | None,
    url: str | None,
    used: set[int],
) -> int | None:
    """Set ``result``'s title from the headline found; return the headline's index."""
    found = _find_headline(lines, features, span[0] if span is not None else None, url)
    if found is None:
        return None
    title_index, result.methods["title"] = found
    result.title = _clean_headline(lines[title_index], url)
    # The line as printed, breadcrumb and site name included, is what
    # repeats on the page.
    title_key = _key(lines[title_index])
    used.update(i for i, line in enumerate(lines) if _key(line) == title_key)
    return title_index


def _near_headline(anchor: int, body_start: int, line_count: int) -> list[int]:
    """Indexes where a dateline or byline is looked for, best first (may repeat).

    By the headline (or where the body starts when there is none), then
    just above the body, then the top of the page.
    """
    return [
        # Nearest the headline first, under it before above it: a header
        # bar's "today" date sits further up.
        *sorted(
            range(max(0, anchor - DATELINE_BEFORE), min(line_count, anchor + DATELINE_AFTER + 1)),
            key=lambda i: (abs(i - anchor), i < anchor),
        ),
        *range(max(0, body_start - DATELINE_BEFORE), min(line_count, body_start + 3)),
        *range(min(HEADER_LINES, line_count)),
    ]


def _find_dateline(
    lines: list[str],
    features: list[LineFeatures],
    near: list[int],
    used: set[int],
    body_start: int,
    body_end: int,
) -> tuple[int, FoundDate] | None:
    """The article's dateline: its index and the date it carries."""
    # A short line that is mostly a date, near the headline, else just
    # above the body, else near the top. A day beats a bare month ("March
    # 2026" in a menu).
    datelines = [
        (i, date) for i in dict.fromkeys(near) if i not in used and (date := _dateline(features[i])) is not None
    ]
    dateline = next(((i, date) for i, date in datelines if date.precision not in ("year", "month")), None)
    dateline = dateline or (datelines[0] if datelines else None)
    if dateline is None:
        # Far from where the headline and body were found (a misplaced
        # headline, a long table of contents): a line that opens by saying
        # it is the date line ("Published Apr 26, 2023", "By A. Writer on
        # March 1, 2026"), above the body's end and not a sentence of it.
        dateline = next(
            (
                (i, date)
                for i in range(body_end + 1)
                if i not in used
                and features[i].words <= _LABELLED_DATELINE_WORDS
                and not features[i].is_prose
                and _DATE_LABEL.match(lines[i])
                and (date := find_dateline(lines[i])) is not None
                and date.precision not in ("year", "month")
            ),
            None,
        )
    if dateline is None:
        # Last, a line that is a date and little else ("February 10, 2025",
        # "A. Writer July 3, 2025"), above the body or in its first lines:
        # a sentence of the body is no such line. The search stops a few
        # lines into the body so that a schedule printed deep in an
        # article does not date it.
        dateline = next(
            (
                (i, date)
                for i in range(min(body_end, body_start + _BARE_DATELINE_BODY_LINES) + 1)
                if i not in used
                and (date := find_dateline(lines[i])) is not None
                and date.precision not in ("year", "month")
                and _words_besides(lines[i], date) <= _BARE_DATELINE_EXTRA_WORDS
            ),
            None,
        )
    return dateline


def _take_dateline(
    result: TextExtraction, dateline: tuple[int, FoundDate], span: tuple[int, int] | None, used: set[int]
) -> None:
    """Set ``result``'s date from the dateline, and keep the line out of the body unless it is inside it."""
    i, date = dateline
    result.published, result.published_precision = date.value, date.precision
    result.methods["published"] = "dateline"
    # A date line well inside the body (a dated section: "Saturday,
    # May 3, 2025" over a programme) dates the text and stays in it.
    if span is None or not span[0] + 2 < i <= span[1]:
        used.add(i)


def _take_standfirst(
    result: TextExtraction, lines: list[str], features: list[LineFeatures], title_index: int, used: set[int]
) -> None:
    """Set ``result``'s subtitle: the next short non-sentence line after the headline."""
    for i in range(title_index + 1, len(lines)):
        if i in used:
            continue
        feat = features[i]
        if _BYLINE.match(lines[i]) or is_chrome(feat):
            continue
        if 4 <= feat.words <= 40 and not lines[i].endswith(_FULL_STOPS) and not feat.is_menu_like:
            result.subtitle = lines[i]
            result.methods["subtitle"] = "line-after-headline"
            used.add(i)
        break


def _take_byline(
    result: TextExtraction, lines: list[str], features: list[LineFeatures], near: list[int], used: set[int]
) -> None:
    """Set ``result``'s authors from a byline near the headline."""
    for i in dict.fromkeys(near):  # near already ends with the top of the page
        if i in used:
            continue
        match = _BYLINE.match(lines[i])
        if match and features[i].words <= 12:
            names = re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names"))
            result.authors = [n.strip() for n in names if n.strip()]
            result.methods["authors"] = "byline"
            used.add(i)
            break


def _assemble_body(
    result: TextExtraction,
    lines: list[str],
    features: list[LineFeatures],
    used: set[int],
    span: tuple[int, int] | None,
    title_index: int | None,
) -> None:
    """Set ``result``'s body: the body stretch less the header fields, cut at end matter."""
    result.body = trim_end_matter("\n\n".join(_body_lines(lines, features, used, span)))
    if not result.body and result.title is not None and title_index is not None:
        # A headline that would leave no body was the body's only line.
        title_key = _key(lines[title_index])
        used.difference_update(i for i, line in enumerate(lines) if _key(line) == title_key)
        result.title = None
        result.methods.pop("title", None)
        result.body = trim_end_matter("\n\n".join(_body_lines(lines, features, used, span)))
    if result.body:
        result.methods["body"] = "line-scoring"


def _body_lines(
    lines: list[str], features: list[LineFeatures], used: set[int], span: tuple[int, int] | None
) -> list[str]:
    """The lines of the body stretch that are not chrome or header fields."""
    if span is None:
        # A text with no sentence-shaped line (a list, a caption): keep
        # whatever is not chrome rather than nothing.
        return [
            line
            for i, line in enumerate(lines)
            if i not in used and not is_chrome(features[i]) and features[i].words >= 3
        ]
    first, last = span
    return [lines[i] for i in range(first, last + 1) if i not in used and not is_chrome(features[i])]

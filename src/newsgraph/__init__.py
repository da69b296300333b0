"""newsgraph: raw news in, evidence-linked facts out."""

from __future__ import annotations

__version__ = "0.1.0"

"""The JSON API's response shapes (its OpenAPI schema)."""

from __future__ import annotations

from pydantic import BaseModel


class Health(BaseModel):
    status: str
    version: str
    database: str
    writable: bool
    counts: dict[str, int | str | None]

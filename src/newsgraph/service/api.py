"""The JSON API, under /api."""

from __future__ import annotations

from fastapi import APIRouter

from .. import __version__
from . import models
from .database import CurrentDatabase, Reader

router = APIRouter()
docs_router = APIRouter(include_in_schema=False)


@router.get("/health", response_model=models.Health)
def health(store: Reader, db: CurrentDatabase) -> models.Health:
    counts: dict[str, int | str | None] = {"articles": store.count("articles")}
    return models.Health(status="ok", version=__version__, database=db.path, writable=db.writable, counts=counts)

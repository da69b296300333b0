"""``newsgraph serve``: the JSON API and the web explorer over one database.

``app`` assembles the FastAPI application, ``database`` hands each request its
own read view of the store, ``security`` adds the response headers and the
token check, ``api`` and ``models`` are the JSON API, ``writer`` is the one
thread that ingests while the server runs, and ``pages`` (when present) the
HTML explorer.
"""

from .app import create_app

__all__ = ["create_app"]

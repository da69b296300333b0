"""The site of an article: the registered domain of its URL under the public suffix list.

``www.bbc.co.uk`` and ``news.bbc.co.uk`` are one site, ``bbc.co.uk``; private suffixes of the
list count too, so two blogs on one hosting domain (``a.blogspot.com``, ``b.blogspot.com``) are
two sites. The list is the copy bundled with ``tld`` (a dependency of trafilatura's ``courlan``);
it is never fetched at run time, so the answer depends only on the installed version.
Internationalised hosts are answered in their ASCII (punycode) spelling, one spelling per site.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from tld import get_tld
from tld.utils import BaseMozillaTLDSourceParser, MozillaTLDSourceParser

__all__ = ["registered_domain"]

_SCHEMES = {"http", "https"}
# Without "://", only a bare host (with an optional port and path) is read as a URL, so that
# "mailto:a@b.com" or "urn:x" is not mistaken for one.
_BARE_HOST = re.compile(r"[\w.-]+(?::\d+)?(?:[/?#]|$)")


class _BundledSuffixList(BaseMozillaTLDSourceParser):
    """The bundled list only: ``tld`` downloads the list when its file is missing; this never does."""

    uid = "newsgraph-bundled"
    source_url = ""
    local_path = MozillaTLDSourceParser.local_path

    @classmethod
    def update_tld_names(cls, fail_silently: bool = False) -> bool:
        return False


def _host(url: str) -> str | None:
    text = url.strip()
    if not text or any(c.isspace() for c in text):
        return None
    if "://" not in text and not text.startswith("//"):
        # A bare host or host/path, as feeds and JSONL inputs sometimes give.
        if not _BARE_HOST.match(text):
            return None
        text = "//" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme and parts.scheme.lower() not in _SCHEMES:
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None
    try:
        # One spelling per site: "bücher.de" and "xn--bcher-kva.de" are the same host.
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def registered_domain(url: str | None) -> str | None:
    """The registered domain of ``url`` (``https://www.bbc.co.uk/news/x`` → ``bbc.co.uk``).

    None for an empty or malformed URL, a scheme other than http(s), an IP address, a host
    that is itself a public suffix (``co.uk``) or one whose suffix is not on the list.
    """
    if not url:
        return None
    host = _host(url)
    if host is None or "." not in host:
        return None
    try:
        found = get_tld("http://" + host, as_object=True, fail_silently=True, parser_class=_BundledSuffixList)
    except Exception:  # noqa: BLE001 - tld raises several types for odd hosts; any of them means "no site"
        return None
    # tld answers a host that is itself a public suffix ("co.uk") with that suffix as its domain.
    if found is None or isinstance(found, str) or not found.domain or found.fld == found.tld:
        return None
    return str(found.fld)

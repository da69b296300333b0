"""The site of an article is the registered domain of its URL, from the bundled suffix list."""

import subprocess
import sys

import pytest

from newsgraph.resources.sites import registered_domain


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.bbc.co.uk/news/x", "bbc.co.uk"),
        ("news.example.com.au", "example.com.au"),
        ("http://news.example.com.au/a/b?c=1", "example.com.au"),
        ("HTTPS://WWW.Example.COM:8080/a", "example.com"),
        ("www.example.org/path?q=1", "example.org"),
        ("//cdn.example.net/x", "example.net"),
        ("http://example.com./x", "example.com"),
        ("https://user:pw@www.example.org/x", "example.org"),
        ("https://a.blogspot.com/p", "a.blogspot.com"),
        ("https://b.blogspot.com/p", "b.blogspot.com"),
        ("https://bücher.de/x", "xn--bcher-kva.de"),
        ("http://xn--bcher-kva.de/", "xn--bcher-kva.de"),
    ],
)
def test_registered_domain(url, site):
    assert registered_domain(url) == site


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "   ",
        "not a url",
        "http://127.0.0.1/x",
        "http://10.0.0.7:8000/",
        "http://[::1]/x",
        "http://[bad/x",
        "http://localhost/x",
        "https://co.uk/",
        "https://www.example.zzzz/",
        "mailto:someone@example.com",
        "file:///tmp/page.html",
        "urn:isbn:0451450523",
        "http://exa mple.com/",
    ],
)
def test_no_site_for_ip_addresses_bare_suffixes_and_bad_urls(url):
    assert registered_domain(url) is None


def test_works_without_network():
    # A fresh process whose sockets all fail: the suffix list must come from the installed package.
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network disabled in test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "import urllib.request\n"
        "urllib.request.urlopen = refuse\n"
        "from newsgraph.resources.sites import registered_domain\n"
        "print(registered_domain('https://www.bbc.co.uk/news/x'), registered_domain('news.example.com.au'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["bbc.co.uk", "example.com.au"]

"""The corpus layer: from per-article records to the news as a whole (syndication, stories).

It sits between ``annotate`` and ``store`` and imports only the kernel and ``resources``.
"""

"""Loaders for the package data under ``newsgraph/data`` (word lists, rule tables, ontologies)."""

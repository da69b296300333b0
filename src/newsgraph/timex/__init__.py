"""Temporal expression grammar (TimeML TIMEX3) behind ``newsgraph.times``."""

"""Temporal expression grammar (TimeML TIMEX3) behind ``newsgraph.annotate.times``."""

"""Evaluation of newsgraph stages against gold data sets."""

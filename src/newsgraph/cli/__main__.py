"""``python -m newsgraph.cli``."""

from . import main

main()

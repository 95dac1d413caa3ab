"""Run standoff as ``python -m standoff``."""

from standoff.interfaces.cli import main

main()

"""``python -m schemafirst``."""

from schemafirst.cli import main

main()

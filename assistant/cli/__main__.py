"""Lets `python -m assistant.cli` run the CLI (the tests use it to run a real subprocess)."""

from assistant.cli import main

main()

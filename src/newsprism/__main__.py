"""``python -m newsprism`` is the ``newsprism`` command."""

from newsprism.cli import main

main()

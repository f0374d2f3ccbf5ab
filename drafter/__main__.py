"""`python -m drafter` runs the same entry point as the `drafter` script."""

from drafter.cli import main

raise SystemExit(main())

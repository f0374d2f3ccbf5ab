"""The drafting app (Textual): `drafter` with no command, and `drafter open DRAFT.yaml`."""

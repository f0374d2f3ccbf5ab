"""Widgets the screens share: the fact detail pane and the live preview."""

"""The high-contrast theme: white on black, yellow for what needs the eye, nothing dim.

Textual's own themes shade text and panels in greys and muted tones that a reader with
low vision, or a washed-out screen, cannot tell apart. This one keeps every colour at
full strength against black: text white, focus and highlights yellow or cyan, errors
bright red, and no muted text. Choose it with `drafter --theme high-contrast` (or
DRAFTER_THEME), or by name from the command palette's "Change theme".
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#00ffff",
    warning="#ffff00",
    error="#ff5555",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    boost="#262626",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#ffffff",
        "text-disabled": "#c0c0c0",
        "footer-key-foreground": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#00ffff 60%",
        "border": "#ffffff",
        "border-blurred": "#808080",
    },
)

THEMES = (HIGH_CONTRAST,)


def theme_names() -> list[str]:
    """Every theme the app can be started in: Textual's and drafter's own."""
    from textual.theme import BUILTIN_THEMES

    return sorted({*BUILTIN_THEMES, *(theme.name for theme in THEMES)})

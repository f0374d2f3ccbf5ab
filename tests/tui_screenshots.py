"""Make the README's screenshots of the drafting app: docs/screenshots/{facts,preview}.svg.

Run from the repository root:  .venv/bin/python tests/tui_screenshots.py
The app runs headless on the bundled fact base and the example address book and
profile, in temporary user folders and with a fixed date, so the pictures only change
when the app does.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots"
SIZE = (110, 34)


def keys(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


async def shoot() -> None:
    from textual.widgets import OptionList

    from drafter.tui.app import AppOptions, create_app

    app = create_app(AppOptions(today=dt.date(2026, 11, 23), cursor_blink=False, use_cache=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"hong", "enter")
        await pilot.press(*keys("national security"), "down", "space", "down", "space")
        await pilot.press("slash", "ctrl+u", "down", "down", "down", "space", "up")
        await pilot.pause()
        app.save_screenshot("facts.svg", str(OUT))
        await pilot.press("ctrl+n")
        await pilot.pause()
        templates = app.screen.query_one("#template-list", OptionList)
        while (
            option := templates.highlighted_option
        ) is not None and option.id != "minister-letter":
            await pilot.press("down")
        await pilot.press("enter", "enter", "down", "enter", "ctrl+f")
        await pilot.press(*keys("Hong Kong police bounties on activists living in the UK"))
        await pilot.press(
            "tab", *keys("I write about the bounties offered to democracy advocates.")
        )
        await pilot.press("tab", *keys("What representations have the Government made?"))
        await pilot.press("ctrl+n", "ctrl+n")  # through Write (no body: generated) to Preview
        await pilot.pause(0.5)
        app.save_screenshot("preview.svg", str(OUT))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        for name in ("config", "data", "cache"):
            (home / name).mkdir()
            os.environ[f"DRAFTER_{name.upper()}_DIR"] = str(home / name)
        for name in ("contacts.yaml", "profile.yaml"):
            shutil.copy(REPO / "examples" / name, home / "config" / name)
        os.chdir(home)
        OUT.mkdir(parents=True, exist_ok=True)
        asyncio.run(shoot())
    print(f"wrote {OUT / 'facts.svg'} and {OUT / 'preview.svg'}")


if __name__ == "__main__":
    main()

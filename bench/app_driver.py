"""Drives the drafting app headless with Textual's Pilot and times what a user feels.

Run by `bench.app` in a child process of its own, with fresh user folders:

    python -m bench.app_driver FACTS.yaml [--quick]

and prints one JSON line. Every figure is a pair, (wall seconds, CPU seconds of this
process in the same span): on a machine shared with other work the wall clock also
counts the time the app waited for a processor, which the CPU time does not. Each is
the time from sending a key (`pilot.press`)
until the app has handled it and everything it set off, and has refreshed the screen
(`pilot.pause()`, which waits for the app's message queues to be idle and a refresh):

- steps: entering Facts from Topic, Template from Facts, To & fields from Template (each
  the first time, when its screen is built), and going back and forth again;
- keys: keystrokes in the Facts step (typing a search word letter by letter, deleting
  it, clearing the box, ctrl+t to all topics and back with the query empty, moving
  and choosing), and in the To & fields step;
- preview: after a keystroke in a field, the time until the live preview shows the new
  text, less the debounce (the preview waits for a pause in typing on purpose);
- findings: in the Write step, with a written body of 20 cited paragraphs
  (`bench.data.written_body`), the time from a keystroke at its end until the citation
  check's findings beside the editor are those of the new text (the debounce of 0.1 s
  included in the wall time; the live preview's own render, which follows, is let
  finish before the next key).

The search index is built before the keys are timed, as the app builds it half a
second after its first screen.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList, TextArea

from bench.data import written_body
from drafter.people.address import Recipient
from drafter.tui.app import AppOptions, DrafterApp, create_app
from drafter.tui.screens.base import StepScreen
from drafter.tui.screens.write import WriteScreen
from drafter.tui.widgets.preview_pane import DEBOUNCE_SECONDS, PreviewPane

Span = tuple[float, float]


def _since(start: Span) -> Span:
    return time.perf_counter() - start[0], time.process_time() - start[1]


def _now() -> Span:
    return time.perf_counter(), time.process_time()


async def timed(pilot: Pilot[Any], *keys: str) -> Span:
    start = _now()
    await pilot.press(*keys)
    await pilot.pause()
    return _since(start)


async def preview_delay(app: DrafterApp, pilot: Pilot[Any], key: str) -> tuple[Span, Span]:
    """The keystroke's span, and the span from the keystroke to the preview showing it
    less the debounce (the CPU time is all of it: waiting out the debounce takes none)."""
    pane = app.screen.query_one(PreviewPane)
    before = pane.markdown
    start = _now()
    await pilot.press(key)
    await pilot.pause()
    pressed = _since(start)
    for _ in range(2000):  # at most ten seconds
        if pane.markdown != before:
            break
        await asyncio.sleep(0.005)
    else:
        raise RuntimeError(f"the preview never showed the key {key!r}")
    await pilot.pause()  # the Markdown widget lays out the new text and the screen refreshes
    wall, cpu = _since(start)
    return pressed, (max(0.0, wall - DEBOUNCE_SECONDS), cpu)


async def findings_delay(app: DrafterApp, pilot: Pilot[Any], key: str) -> Span:
    """From a keystroke in the body to the Write step's findings being the new text's."""
    screen = app.screen
    assert isinstance(screen, WriteScreen)
    before = screen.findings
    pane = screen.query_one(PreviewPane)
    shown = pane.markdown
    start = _now()
    await pilot.press(key)
    await pilot.pause()
    for _ in range(2000):  # at most ten seconds
        if screen.findings is not before:
            break
        await asyncio.sleep(0.005)
    else:
        raise RuntimeError(f"the findings never followed the key {key!r}")
    await pilot.pause()  # the findings list rebuilt and the screen refreshed
    span = _since(start)
    for _ in range(2000):  # the preview's render and layout, apart from the next key
        if pane.markdown != shown:
            break
        await asyncio.sleep(0.005)
    await pilot.pause()
    await asyncio.sleep(0.2)
    await pilot.pause()
    return span


async def write_step(app: DrafterApp, pilot: Pilot[Any], quick: bool) -> tuple[Span, list[Span]]:
    """Enter the Write step with a written body, then type at its end."""
    factbase = app.session.factbase
    topic = max(factbase.topics, key=lambda t: len(factbase.facts_for_topic(t)))
    app.session.draft.body = written_body(factbase.facts_for_topic(topic), 20)
    entered = await timed(pilot, "f6")
    editor = app.screen.query_one("#body-editor", TextArea)
    editor.focus()
    editor.cursor_location = editor.document.end
    await pilot.pause()
    spans = []
    for letter in " It" if quick else " It is more.":
        spans.append(await findings_delay(app, pilot, "space" if letter == " " else letter))
    return entered, spans


async def drive(facts: Path, *, quick: bool = False) -> dict[str, Any]:
    app = create_app(AppOptions(facts=(facts,), cursor_blink=False))
    steps: dict[str, Span] = {}
    keys: dict[str, list[Span]] = {"facts": [], "fields": []}
    previews: list[Span] = []
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(2000):
            if app.screen.id != "_default":
                break
            await pilot.pause(0.005)
        await pilot.pause()
        app.session.factbase.prepare_search()
        await pilot.pause(0.6)  # past the app's own start of the index build
        steps["Topic -> Facts (first time)"] = await timed(pilot, "enter")
        facts_keys = keys["facts"]
        for letter in "san" if quick else "sanctions":
            facts_keys.append(await timed(pilot, letter))
        for _ in range(3):
            facts_keys.append(await timed(pilot, "backspace"))
        facts_keys.append(await timed(pilot, "ctrl+u"))
        facts_keys.append(await timed(pilot, "ctrl+t"))  # all topics, no query
        facts_keys.append(await timed(pilot, "ctrl+t"))  # back to the topic
        facts_keys.append(await timed(pilot, "ctrl+t"))  # all topics again
        for letter in "fo" if quick else "forced":
            facts_keys.append(await timed(pilot, letter))
        facts_keys.append(await timed(pilot, "down"))
        facts_keys.append(await timed(pilot, "space"))
        facts_keys.append(await timed(pilot, "down"))
        facts_keys.append(await timed(pilot, "space"))
        steps["Facts -> Template (first time)"] = await timed(pilot, "ctrl+n")
        templates = app.screen.query_one("#template-list", OptionList)
        for _ in range(templates.option_count):
            option = templates.highlighted_option
            if option is not None and option.id == "minister-letter":
                break
            await pilot.press("down")
        steps["Template -> To & fields (first time)"] = await timed(pilot, "enter")
        steps["To & fields -> Template (back)"] = await timed(pilot, "escape")
        steps["Template -> To & fields (again)"] = await timed(pilot, "enter")
        steps["To & fields -> Facts (F3)"] = await timed(pilot, "f3")
        steps["Facts -> To & fields (F5)"] = await timed(pilot, "f5")
        # A recipient and the fields below the subject, so that the letter renders and the
        # preview shows the whole letter (else it lists what is missing, which no keystroke
        # in the subject changes).
        app.session.draft.recipient = Recipient(kind="mp", honorific="Ms", last_name="Pike")
        app.session.draft.fields = {
            **app.session.draft.fields,
            "occasion": "I write ahead of the committee's session on relations with China.",
            "asks": "Will you publish the commitments sought?\nWill you support a debate?",
        }
        app.session.changed()
        assert isinstance(app.screen, StepScreen)
        app.screen.draft_changed()
        pane = app.screen.query_one(PreviewPane)
        for _ in range(2000):
            if pane.markdown:
                break
            await asyncio.sleep(0.005)
        await pilot.pause()
        await pilot.press("ctrl+f")  # the first field of the template
        await pilot.pause()
        for letter in "Bo" if quick else "Bounties on":
            key = "space" if letter == " " else letter
            pressed, shown = await preview_delay(app, pilot, key)
            keys["fields"].append(pressed)
            previews.append(shown)
        steps["To & fields -> Write, 20-paragraph body (first time)"], findings = await write_step(
            app, pilot, quick
        )
        app.exit()
    return {
        "steps": steps,
        "keys": keys,
        "preview_after_debounce": previews,
        "findings_after_pause": findings,
    }


def main() -> None:
    result = asyncio.run(drive(Path(sys.argv[1]), quick=sys.argv[2:] == ["--quick"]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Benchmark 4: start-up of `drafter --help`, `drafter facts list` and the TUI's first screen.

Each is a fresh process, timed from launch to exit (or, for the TUI, to the first screen),
median of several runs. `facts list` reads the bundled base through a warm cache in a
temporary cache folder, as it does on a user's machine after its first run. The run also
checks what `--help` imports: neither Textual nor python-docx (nor Jinja, lxml, PyYAML)
should load for it.

The TUI is started headless with `create_app(...).run_test()` in a child process, with an
empty user folder holding only a sender profile (so no first-run question comes up);
the time is from launching the child until the app shows its first screen and has
refreshed it, read from a line the child prints then. It is measured on the bundled base
and on the 10,000-fact base (from a warm cache, as every start after the first).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.timing import Context, Measurement, median

HELP_TARGET_S = 0.25
TUI_TARGET_S = 1.0
TUI_100K_TARGET_S = 0.6  # the first screen over a 100,000-fact base
SEARCH_PROCESS_TARGET_S = 0.3  # `drafter facts search` over 100,000 facts, whole process
HEAVY_MODULES = ("textual", "docx", "jinja2", "lxml", "yaml", "markdown_it")

_IMPORTS_FOR_HELP = """
import contextlib, io, sys
from drafter.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(["--help"])
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1:]))
print(",".join(heavy))
"""

_FIRST_SCREEN = """
import asyncio, sys
from pathlib import Path
from drafter.tui.app import AppOptions, create_app

async def main() -> None:
    app = create_app(AppOptions(facts=(Path(sys.argv[1]),), cursor_blink=False))
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(2000):  # at most ten seconds
            if app.screen.id != "_default":
                break
            await pilot.pause(0.005)
        await pilot.pause()
        print("FIRST-SCREEN", type(app.screen).__name__, flush=True)
        app.exit()

asyncio.run(main())
"""


def user_env(ctx: Context) -> dict[str, str]:
    """Fresh user folders under the work folder, with a sender profile in place."""
    home = ctx.workdir / "user"
    for name in ("config", "data", "cache"):
        (home / name).mkdir(parents=True, exist_ok=True)
    (home / "config" / "profile.yaml").write_text(
        "name: Lord Example of Anytown\ntitle: Member of the House of Lords\n"
        "organisation: House of Lords\naddress: [London SW1A 0PW]\n",
        encoding="utf-8",
    )
    env = dict(os.environ)
    env.update(
        DRAFTER_CONFIG_DIR=str(home / "config"),
        DRAFTER_DATA_DIR=str(home / "data"),
        DRAFTER_CACHE_DIR=str(home / "cache"),
        COLUMNS="100",
    )
    for name in ("DRAFTER_FACTS", "DRAFTER_NO_CACHE", "DRAFTER_STALE_MONTHS"):
        env.pop(name, None)
    return env


def drafter_command() -> list[str]:
    """The installed console script beside this Python, else `python -m drafter`."""
    script = Path(sys.executable).with_name("drafter")
    return [str(script)] if script.exists() else [sys.executable, "-m", "drafter"]


def time_process(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return times


def time_first_screen(factbase: Path, env: dict[str, str]) -> tuple[float, str]:
    """Seconds from launching the TUI (headless) to its first refreshed screen."""
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", _FIRST_SCREEN, str(factbase)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("FIRST-SCREEN"):
                elapsed = time.perf_counter() - start
                child.stdout.read()
                break
        else:
            raise RuntimeError("the TUI exited before showing a screen")
    if child.returncode:
        raise RuntimeError(f"the TUI exited with {child.returncode}")
    return elapsed, line.split()[1]


def run(ctx: Context, bundled: Path, large: Path, large_count: int) -> list[Measurement]:
    env = user_env(ctx)
    drafter = drafter_command()
    runs = ctx.runs(10, 3)
    helps = time_process([*drafter, "--help"], env, runs)
    heavy = subprocess.run(
        [sys.executable, "-c", _IMPORTS_FOR_HELP, *HEAVY_MODULES],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    time_process([*drafter, "facts", "list"], env, 1)  # fills the cache
    lists = time_process([*drafter, "facts", "list"], env, runs)
    search = [*drafter, "--facts", str(large), "facts", "search", "forced labour"]
    time_process(search, env, 1)  # fills the cache (and whatever it keeps for searching)
    searches = time_process(search, env, ctx.runs(5, 2))
    screens = [time_first_screen(bundled, env) for _ in range(ctx.runs(5, 2))]
    screen_name = screens[0][1]
    time_first_screen(large, env)  # fills the cache for the large base
    large_screens = [time_first_screen(large, env)[0] for _ in range(ctx.runs(5, 2))]
    return [
        Measurement(
            "drafter --help",
            median(helps),
            "s",
            HELP_TARGET_S,
            note=f"min {min(helps):.3f} s of {runs}; imports of {', '.join(HEAVY_MODULES)}: "
            + (heavy or "none"),
        ),
        Measurement(
            "drafter --help loads no heavy module",
            0.0 if heavy else 1.0,
            "yes/no",
            1.0,
            higher_is_better=True,
            note=f"loaded: {heavy}" if heavy else "",
        ),
        Measurement(
            "drafter facts list (bundled base, warm cache)",
            median(lists),
            "s",
            note=f"min {min(lists):.3f} s of {runs}",
        ),
        Measurement(
            f"drafter facts search, {large_count:,} facts, whole process",
            median(searches),
            "s",
            SEARCH_PROCESS_TARGET_S if large_count >= 100_000 else None,
            note=f"min {min(searches):.3f} s of {len(searches)}; warm cache",
        ),
        Measurement(
            "TUI first screen",
            median([t for t, _ in screens]),
            "s",
            TUI_TARGET_S,
            note=f"bundled base; {screen_name}, headless, {len(screens)} runs",
        ),
        Measurement(
            f"TUI first screen, {large_count:,}-fact base",
            median(large_screens),
            "s",
            TUI_100K_TARGET_S if large_count >= 100_000 else TUI_TARGET_S,
            note=f"warm cache; headless, {len(large_screens)} runs",
        ),
    ]

"""`drafter serve`: the app in a real browser (headless Chromium), and the token check.

The server runs as a user runs it (`drafter serve`), on 127.0.0.1 and a free port, with
the test's own user folders. Chromium (Debian's package; the browser test skips without
it) is driven over its DevTools socket on loopback; every other name it might look up is
mapped to nowhere, so nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from drafter.tui.serve import COOKIE

REPO = Path(__file__).resolve().parent.parent
SCREENSHOT = REPO / "docs" / "screenshots" / "serve-topic.png"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The flags the browser runs with: no sandbox (root in CI), nothing in the background.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--window-size=1100,700",
)


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return int(sock.getsockname()[1])


@pytest.fixture
def server(user_dirs: Path) -> Iterator[tuple[str, str]]:
    """`drafter serve` running; yields (base address, token)."""
    shutil.copy(REPO / "examples" / "profile.yaml", user_dirs / "config" / "profile.yaml")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "drafter", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ | {"COLUMNS": "200"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # the first line is the address
        found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=([A-Za-z0-9_-]+)", line)
        assert found, f"no address in {line!r}"
        for _ in range(300):  # the address is printed as the server starts to listen
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield found[1], found[2]
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def status(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_only_the_printed_address_is_answered(server: tuple[str, str]) -> None:
    base, token = server
    assert status(f"{base}/?token={token}") == 200
    for url in (
        f"{base}/",
        f"{base}/?token=wrong",
        f"{base}/?token={token[:-1]}",
        f"{base}/static/js/textual.js",
        f"{base}/download/anything",
    ):
        assert status(url) == 403, url
    assert status(f"{base}/static/js/textual.js", {"Cookie": f"{COOKIE}={token}"}) == 200
    assert status(f"{base}/static/js/textual.js", {"Cookie": f"{COOKIE}=wrong"}) == 403
    # The right token under another name (a DNS name pointed at 127.0.0.1): refused.
    assert status(f"{base}/?token={token}", {"Host": "drafter.example:80"}) == 403


async def read_app(base: str, token: str | None, origin: str | None = None) -> str:
    """Open the websocket as the page does and return what the app draws in 30 s."""
    cookies = {COOKIE: token} if token else {}
    headers = {"Origin": origin} if origin else {}
    seen = ""
    async with (
        aiohttp.ClientSession(cookies=cookies) as session,
        session.ws_connect(f"{base}/ws?width=100&height=30", headers=headers) as ws,
    ):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not all(
            part in ANSI.sub("", seen) for part in ("1 Topic", "What is the letter about?")
        ):
            try:
                message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                break
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data.decode("utf-8", "replace")
            elif message.type == aiohttp.WSMsgType.TEXT:
                seen += message.data
            else:
                break
    return ANSI.sub("", seen)


ANSI = re.compile(r"\x1b\[[0-9;?$<>=]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")


def test_the_websocket_needs_the_token_and_this_origin(server: tuple[str, str]) -> None:
    base, token = server
    for given, origin in ((None, None), ("wrong", None), (token, "http://elsewhere.example")):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            asyncio.run(read_app(base, given, origin))
        assert refused.value.status == 403
    shown = asyncio.run(read_app(base, token, base))
    assert "1 Topic" in shown and "What is the letter about?" in shown  # the first step


class DevTools:
    """Just enough of Chromium's DevTools protocol: one page, commands and answers."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws, self.number, self.session = ws, 0, ""

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.number += 1
        message: dict[str, Any] = {"id": self.number, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        await self.ws.send_str(json.dumps(message))
        while True:
            answer = json.loads(await self.ws.receive_str(timeout=60))
            if answer.get("id") == self.number:
                assert "error" not in answer, answer
                return dict(answer.get("result", {}))

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")


async def browse(profile: Path, steps: list[tuple[str, str]]) -> dict[str, Any]:
    """Open each (name, url) in headless Chromium; per name the page's text, whether the
    terminal drew, and a PNG screenshot."""
    assert CHROMIUM is not None
    browser = await asyncio.create_subprocess_exec(
        CHROMIUM,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    results: dict[str, Any] = {}
    try:
        active = profile / "DevToolsActivePort"
        for _ in range(300):
            if active.exists() and len(active.read_text().splitlines()) == 2:
                break
            await asyncio.sleep(0.1)
        port, path = active.read_text().splitlines()
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0) as ws,
        ):
            tools = DevTools(ws)
            target = await tools.send("Target.createTarget", url="about:blank")
            attached = await tools.send(
                "Target.attachToTarget", targetId=target["targetId"], flatten=True
            )
            tools.session = attached["sessionId"]
            for name, url in steps:
                await tools.send("Page.navigate", url=url)
                drew = False
                for _ in range(300):  # up to 30 s for the app to start and draw
                    state = await tools.evaluate("document.readyState")
                    drew = bool(
                        await tools.evaluate(
                            "!!document.body && document.body.classList.contains('-first-byte')"
                        )
                    )
                    if state == "complete" and (drew or "token" not in url or "wrong" in url):
                        break
                    await asyncio.sleep(0.1)
                if drew:
                    await asyncio.sleep(2)  # the first frames settle
                shot = await tools.send("Page.captureScreenshot", format="png")
                results[name] = {
                    "text": await tools.evaluate("document.body ? document.body.innerText : ''"),
                    "drew": drew,
                    "png": base64.b64decode(shot["data"]),
                }
    finally:
        browser.terminate()
        await browser.wait()
    return results


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: chromium)")
@pytest.mark.timeout(150)
def test_the_topic_step_in_a_browser_and_a_wrong_token_refused(
    server: tuple[str, str], tmp_path: Path, update_golden: bool
) -> None:
    base, token = server
    results = asyncio.run(
        browse(
            tmp_path / "profile",
            [("app", f"{base}/?token={token}"), ("wrong", f"{base}/?token=wrong")],
        )
    )
    app, wrong = results["app"], results["wrong"]
    assert app["drew"], "the app did not draw in the browser"
    assert app["png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert not wrong["drew"]
    assert "open the address drafter serve printed" in wrong["text"]
    (tmp_path / "serve-topic.png").write_bytes(app["png"])
    if update_golden or not SCREENSHOT.exists():
        SCREENSHOT.write_bytes(app["png"])


def test_in_a_browser_an_export_is_a_download(
    user_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Served, the export dialog hands the file to Textual's deliver_binary (the browser
    downloads it) and writes nothing on the server."""
    import datetime as dt
    import io
    import zipfile

    from drafter.tui.app import AppOptions, DrafterApp, create_app
    from drafter.tui.screens.export import ExportDialog
    from tests.test_tui_snapshots import LETTER

    for name in ("contacts.yaml", "profile.yaml"):
        shutil.copy(REPO / "examples" / name, user_dirs / "config" / name)
    monkeypatch.chdir(tmp_path)
    delivered: list[tuple[bytes, str | None, str | None]] = []

    def deliver_binary(self: DrafterApp, file: io.BytesIO, **options: Any) -> str:
        delivered.append((file.read(), options.get("save_filename"), options.get("mime_type")))
        return "key"

    monkeypatch.setattr(DrafterApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(DrafterApp, "deliver_binary", deliver_binary)

    async def run() -> None:
        app = create_app(AppOptions(today=dt.date(2026, 11, 23), cursor_blink=False))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.session.replace_draft(LETTER.copy())
            app.go_to("preview")
            await pilot.pause()
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog)
            assert not app.screen.query_one("#export-folder-row").display  # no server folder
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not isinstance(app.screen, ExportDialog)

    asyncio.run(run())
    assert len(delivered) == 1
    data, name, mime = delivered[0]
    assert name == "2026-11-23-hong-kong-minister-vale.docx"
    assert mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "word/footnotes.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert list(tmp_path.iterdir()) == []  # nothing written where the server runs

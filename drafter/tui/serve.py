"""`drafter serve`: the drafting app in a web browser, for those who never open a terminal.

textual-serve runs the same app (one process per browser tab, through Textual's web
driver) behind a small aiohttp server. This module adds what a shared machine needs:

- it listens on 127.0.0.1 unless told otherwise, so it is not reachable from the network;
- a random token (`secrets.token_urlsafe`) is in the printed address; every request,
  the page, its scripts, the websocket that drives the app and the downloads, must carry
  it, in the address or in the cookie the first page sets (HttpOnly, SameSite=Strict),
  or it is refused with 403; it is compared in constant time;
- the Host header must name this server (a page elsewhere cannot reach it by a DNS name
  pointed at 127.0.0.1), and the websocket's Origin must be this server;
- every response forbids framing, caching and loading anything from elsewhere (a
  Content-Security-Policy of 'self'), so the page fetches nothing from the internet.

What it does not protect against (docs/serve.md): anyone who has the address with its
token, or the user's own account on the machine (the app runs as that user, with their
files); the traffic is plain HTTP, fine on loopback, not across a network.
"""

from __future__ import annotations

import hmac
import secrets
import shlex
import sys
from collections.abc import Awaitable, Callable, Sequence

from aiohttp import web
from textual_serve.server import Server

__all__ = ["COOKIE", "DrafterServer", "app_command", "is_loopback"]

COOKIE = "drafter-token"
LOOPBACK = ("127.0.0.1", "::1", "localhost")
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


def app_command(app_args: Sequence[str]) -> str:
    """The shell command each browser tab runs: this Python, drafter, the app's options."""
    return shlex.join([sys.executable, "-m", "drafter", *app_args])


class DrafterServer(Server):
    """textual-serve's server with a token on every request; see the module docstring."""

    def __init__(
        self, command: str, *, host: str = "127.0.0.1", port: int = 8000, token: str = ""
    ) -> None:
        super().__init__(command, host=host, port=port, title="drafter")
        self.token = token or secrets.token_urlsafe(24)
        url_host = f"[{host}]" if ":" in host else host
        self.hosts = {f"{url_host}:{port}"}
        if is_loopback(host):
            self.hosts |= {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}

    @property
    def url(self) -> str:
        """The address to open: the only one the server answers."""
        return f"{self.public_url}/?token={self.token}"

    def _token_ok(self, request: web.Request) -> bool:
        given = request.query.get("token") or request.cookies.get(COOKIE) or ""
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.host not in self.hosts:
            raise web.HTTPForbidden(text="drafter serve: this server is not known by that name.")
        if not self._token_ok(request):
            raise web.HTTPForbidden(
                text="drafter serve: open the address drafter serve printed, with its token."
            )
        origin = request.headers.get("Origin")
        if request.path == "/ws" and origin is not None and origin != self.public_url:
            raise web.HTTPForbidden(text="drafter serve: a page elsewhere cannot drive the app.")
        response = await handler(request)
        if request.query.get("token") and not response.prepared:
            # The page's scripts, websocket and downloads carry it from here on.
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict", path="/")
        return response

    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(_HEADERS)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        app.on_response_prepare.append(self._headers)
        return app

    async def on_startup(self, app: web.Application) -> None:
        # Printed whole (never wrapped), so that it can be copied or clicked.
        self.console.print(f"drafter is served at {self.url}", highlight=False, soft_wrap=True)
        self.console.print(
            "Open that address in your browser; any other is refused. "
            "Exports come to the browser as downloads. Ctrl+C stops the server.",
            highlight=False,
            soft_wrap=True,
        )

    def initialize_logging(self) -> None:
        # textual-serve logs every request with its address, token and all: not here.
        import logging

        logging.basicConfig(level="WARNING", format="%(message)s")

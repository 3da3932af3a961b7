"""ASGI middleware of the web app: a bound on request bodies and the security headers of every answer."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The app loads nothing from elsewhere: scripts, styles, images and fonts come from this server. Leaflet sets
# inline styles on map elements, hence 'unsafe-inline' for styles only; map tiles are images from the
# configured tile server (see the Locatietoets settings), added by the app factory.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: {img}; "
    "connect-src 'self' {connect}; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class _TooLarge(Exception):
    pass


def _refusal(scope: Scope, status: int, bericht: str) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """Headers and body of a refusal: ``{"detail": ...}`` as everywhere, except for an htmx request from a page
    (``HX-Request``, not under /api), which gets the Dutch error fragment so the form shows why it failed."""
    from html import escape

    headers = {k.decode("latin-1").lower(): v for k, v in scope.get("headers", ())}
    pad = scope.get("path", "")
    if b"hx-request" in headers and not pad.startswith("/api/"):
        body = f'<div class="fout" role="alert"><strong>Dat lukte niet.</strong> {escape(bericht)}</div>'.encode()
        soort = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"detail": bericht}).encode()
        soort = b"application/json"
    return [(b"content-type", soort), (b"content-length", str(len(body)).encode())], body


class BodyLimit:
    """Refuse a request body over ``max_bytes``: at once on its ``Content-Length``, else while it streams in,
    so a 2 GB upload is never written to disk first. The answer is a Dutch 413."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for naam, waarde in scope.get("headers", ()):
            if naam == b"content-length":
                try:
                    te_groot = int(waarde) > self.max_bytes
                except ValueError:
                    te_groot = False
                if te_groot:
                    await self._refuse(scope, send)
                    return
        ontvangen = 0
        gestart = False

        async def limited_receive() -> Message:
            nonlocal ontvangen
            message = await receive()
            if message["type"] == "http.request":
                ontvangen += len(message.get("body", b""))
                if ontvangen > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal gestart
            if message["type"] == "http.response.start":
                gestart = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not gestart:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        mb = self.max_bytes // (1024 * 1024)
        headers, body = _refusal(scope, 413, f"het verzoek is groter dan {mb} MB; stuur een kleiner bestand")
        await send({"type": "http.response.start", "status": 413, "headers": [*headers, (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds CSP, frame protection, nosniff and a referrer policy to every answer (HSTS when served over HTTPS)."""

    def __init__(self, app: ASGIApp, csp: str, https: bool = False) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if https:
            self.headers.append((b"strict-transport-security", b"max-age=31536000"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                bestaand = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in bestaand]
                # the interactive API docs (/docs, /redoc) run an inline bootstrap script
                if scope.get("path") in ("/docs", "/redoc"):
                    extra = [(k, v) for k, v in extra if k != b"content-security-policy"]
                    extra.append(
                        (
                            b"content-security-policy",
                            self.headers[0][1].replace(
                                b"script-src 'self'", b"script-src 'self' 'unsafe-inline'; worker-src 'self' blob:"
                            ),
                        )
                    )
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class SameOriginWrites:
    """CSRF protection for every state-changing request: a browser sends ``Origin`` (and ``Sec-Fetch-Site``)
    with a cross-site form post or fetch; such a request is refused with a Dutch 403. Scripts and the CLI send
    neither and are not affected; the monitor's forms also carry a synchronizer token (see wbs.web.sessions)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
            origin = headers.get("origin")
            host = headers.get("host", "")
            cross = headers.get("sec-fetch-site") == "cross-site"
            if origin and origin != "null":
                cross = cross or origin.split("://", 1)[-1].rstrip("/") != host
            elif origin == "null":
                cross = True
            if cross:
                antwoord, body = _refusal(
                    scope,
                    403,
                    "verzoek van een andere website geweigerd (CSRF-bescherming); gebruik de formulieren van deze site",
                )
                await send({"type": "http.response.start", "status": 403, "headers": antwoord})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

"""The Content-Security-Policy of every HTML page capgraph serves: its own scripts only.

Pages (GraphiQL at /graphql, the web app) load scripts, styles, fonts and workers from this
server and talk to it alone: HTTP to 'self' and WebSockets (graphql-transport-ws) to the
same host. Nothing is fetched from elsewhere, nothing is evaluated from strings. Styles may
be inline: the Monaco editor GraphiQL uses writes `<style>` elements and style attributes at
run time. Fonts and images may be `data:` URLs (GraphiQL's stylesheet embeds its fonts).

`ContentSecurityPolicy` adds the header to each `text/html` response that has none, so
every page is covered without each route remembering to.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ContentSecurityPolicy", "content_security_policy"]

# a Host header that is a host name or address with an optional port, nothing else
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def content_security_policy(host: str | None, *, secure: bool = False) -> str:
    """The policy for a page served to `host` (the request's Host header).

    Example:
        >>> content_security_policy("127.0.0.1:8000").split("; ")[5]
        "connect-src 'self' ws://127.0.0.1:8000"
        >>> "evil" in content_security_policy("x; script-src evil")
        False
    """
    connect = "'self'"
    if host and _HOST.match(host):
        # CSP 3 lets 'self' cover ws: to the same host; older browsers need it spelt out
        connect += f" {'wss' if secure else 'ws'}://{host}"
    return "; ".join((
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        f"connect-src {connect}",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


class ContentSecurityPolicy:
    """Adds `content_security_policy` to HTML responses that do not set their own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((value.decode("latin-1") for name, value in scope.get("headers", [])
                     if name == b"host"), None)
        policy = content_security_policy(host, secure=scope.get("scheme") == "https")

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                html = any(name.lower() == b"content-type" and value.startswith(b"text/html")
                           for name, value in headers)
                if html and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", policy.encode()))
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_policy)

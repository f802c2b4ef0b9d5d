"""The app's address as a phone in the room reaches it, for the class room's QR code, the phones'
link and every permalink (the slide pack's too).

In order: $COLLAPSE_PUBLIC_URL; else the address in the teacher's browser when it is not this
machine's loopback; else the address the server listens on when that is one network address;
else this machine's LAN address, with a warning for the teacher's screen (a guess: phones reach
it only if the server listens on that network, as `make classroom` does).

    python -m collapse_ui.public_url [--port 8501]   prints the LAN address (used by make classroom)
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

ENV = "COLLAPSE_PUBLIC_URL"
DEFAULT_PORT = 8501
FIX = "start the app with `make classroom` (or set COLLAPSE_PUBLIC_URL to the address phones use)"


@dataclass(frozen=True)
class PublicAddress:
    """`base`: the browser's URL (path kept, query dropped) with the host phones can reach.
    `warning`: what the teacher must know when that host is a guess or unreachable."""

    base: str
    warning: str | None = None


def is_loopback(host: str | None) -> bool:
    """localhost, 127.x.y.z, ::1, or no host at all."""
    if not host or host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower().endswith(".localhost")


def _wildcard(host: str) -> bool:
    return host.strip("[]") in ("", "0.0.0.0", "::")


def lan_address() -> str | None:
    """This machine's address on its network (the interface of its default route), or None.
    A UDP socket's connect sends nothing: it only picks the route."""
    for probe in ("10.255.255.255", "192.0.2.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 1))
                ip = s.getsockname()[0]
        except OSError:
            continue
        if not is_loopback(ip) and not _wildcard(ip):
            return ip
    try:
        ip = socket.gethostbyname(socket.gethostname())
    except OSError:
        return None
    return None if is_loopback(ip) else ip


def _with_host(url: str, host: str) -> str:
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    shown = f"[{host}]" if ":" in host else host
    return urlunsplit((parts.scheme, f"{shown}{port}", parts.path, "", ""))


def _valid(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def resolve(
    browser_url: str | None,
    *,
    env: str | None = None,
    listen: str | None = None,
    port: int | None = None,
    lan: str | None = None,
) -> PublicAddress:
    """The public address (see the module docstring). `listen` and `port` are the server's
    address options; `lan` this machine's LAN address (None: none found). Pure: the caller
    reads the environment, the server's options and the network (`current`)."""
    warning = None
    env = (env or "").strip()
    if env:
        if _valid(env):
            parts = urlsplit(env)
            return PublicAddress(urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")).rstrip("/"))
        warning = f"{ENV}={env!r} is not an address like http://192.168.1.20:8501, so it is ignored."
    url = (browser_url or f"http://localhost:{port or DEFAULT_PORT}").split("#", 1)[0]
    if not _valid(url):
        url = f"http://localhost:{port or DEFAULT_PORT}"
    url = urlunsplit((*urlsplit(url)[:3], "", ""))
    host = urlsplit(url).hostname
    if not is_loopback(host):
        return PublicAddress(url, warning)
    listen = (listen or "").strip()
    if listen and not _wildcard(listen) and not is_loopback(listen):
        return PublicAddress(_with_host(url, listen), warning)
    if browser_url is None:  # no browser session (AppTest): nothing on a screen to warn
        return PublicAddress(_with_host(url, lan) if lan else url, warning)
    only_here = bool(listen) and is_loopback(listen)
    if lan is None:
        said = "Phones cannot reach localhost, and this machine has no network address: "
        said += "connect it to the room's network and " + FIX + "."
        return PublicAddress(url, " ".join(w for w in (warning, said) if w))
    said = f"Phones cannot reach localhost: the QR code uses this machine's network address {lan} instead"
    if only_here:
        said += f", but the server listens on {listen} only, so phones cannot reach it yet"
    said += f". To be sure phones can join, {FIX}."
    return PublicAddress(_with_host(url, lan), " ".join(w for w in (warning, said) if w))


def current(browser_url: str | None) -> PublicAddress:
    """`resolve` for this server: the environment, Streamlit's address options, the network."""
    listen, port = None, None
    try:
        from streamlit import config

        listen = config.get_option("server.address")
        port = config.get_option("server.port")
    except Exception:  # outside a Streamlit process: the defaults
        pass
    host = urlsplit(browser_url or "").hostname
    return resolve(
        browser_url,
        env=os.environ.get(ENV),
        listen=listen,
        port=port,
        lan=lan_address() if is_loopback(host) else None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the address phones use to reach this machine.")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    lan = lan_address()
    if lan is None:
        print("no network address found: phones will not reach this machine", file=sys.stderr)
        lan = "localhost"
    shown = f"[{lan}]" if ":" in lan else lan
    print(f"http://{shown}:{args.port}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The address phones reach (collapse_ui/public_url.py): never a loopback address while a
better one is known, and a warning whenever the address is a guess."""

from __future__ import annotations

import pytest

from collapse_ui import public_url
from collapse_ui.public_url import resolve


def test_the_environment_wins_over_everything():
    got = resolve("http://127.0.0.1:8501/gaussian", env="https://class.example.org/app/", lan="10.1.2.3")
    assert got.base == "https://class.example.org/app"
    assert got.warning is None


def test_a_browser_on_a_network_address_is_kept():
    got = resolve("http://10.0.0.5:8501/tails?n=3", lan="10.1.2.3")
    assert got.base == "http://10.0.0.5:8501/tails"
    assert got.warning is None


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.0.0.2", "[::1]"])
def test_a_loopback_browser_gets_the_lan_address_and_a_warning(host):
    got = resolve(f"http://{host}:8765/gaussian", listen="", lan="192.168.1.20")
    assert got.base == "http://192.168.1.20:8765/gaussian"
    assert "Phones cannot reach localhost" in got.warning
    assert "make classroom" in got.warning


def test_the_listening_address_beats_a_guess():
    got = resolve("http://localhost:8501/", listen="192.168.7.7", lan="192.168.1.20")
    assert got.base == "http://192.168.7.7:8501/"
    assert got.warning is None


def test_a_server_listening_on_loopback_only_says_phones_cannot_reach_it():
    got = resolve("http://127.0.0.1:8501/", listen="127.0.0.1", lan="192.168.1.20")
    assert got.base.startswith("http://192.168.1.20:8501")
    assert "listens on 127.0.0.1 only" in got.warning


def test_no_network_keeps_the_address_and_says_why():
    got = resolve("http://localhost:8501/", lan=None)
    assert got.base == "http://localhost:8501/"
    assert "no network address" in got.warning


@pytest.mark.parametrize("bad", ["class.example.org", "ftp://x", "http://"])
def test_a_bad_environment_value_is_named_and_ignored(bad):
    got = resolve("http://10.0.0.5:8501/", env=bad, lan=None)
    assert got.base == "http://10.0.0.5:8501/"
    assert public_url.ENV in got.warning and repr(bad) in got.warning


def test_no_browser_url_uses_the_servers_port():
    got = resolve(None, port=9000, lan="10.9.9.9")
    assert got.base == "http://10.9.9.9:9000"


def test_the_lan_address_is_never_loopback():
    ip = public_url.lan_address()
    assert ip is None or not public_url.is_loopback(ip)


def test_the_command_prints_an_address(capsys):
    assert public_url.main(["--port", "8123"]) == 0
    assert capsys.readouterr().out.strip().endswith(":8123")


def test_without_a_browser_there_is_no_screen_to_warn():
    got = resolve(None, lan="10.9.9.9")
    assert got.base == "http://10.9.9.9:8501" and got.warning is None

"""Words that are true: the colour words of captions and of the About page follow the look the
charts are drawn in (dark: the truth is drawn white, so no caption says black for it), the
colour names follow the same swap rule as the dark restyle, and the About page lists every page
of the navigation and the classroom's features."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collapse_ui import about, colour_words, palette, registry
from collapse_ui.classroom import presentation

ROOT = Path(__file__).resolve().parents[2]
ROLES = (
    palette.SIMULATION,
    palette.TRAJECTORY,
    palette.TRUTH,
    palette.THEORY_EXPECTED,
    palette.THEORY_TYPICAL,
    palette.THEORY_LIMIT,
    *palette.SERIES,
)


@pytest.mark.parametrize("dark", [False, True])
def test_colour_names_follow_the_dark_restyles_own_swap(dark):
    for colour in ROLES:
        assert colour_words.drawn(colour, dark) == presentation._swap(colour, dark).upper()
    assert colour_words.name(palette.TRUTH, dark) == ("white" if dark else "black")


def test_the_about_page_says_the_colours_of_its_look():
    assert "black is the truth" in about.text(dark=False)
    dark = about.text(dark=True)
    assert "white is the truth" in dark and "black" not in dark
    assert "{" not in dark  # every placeholder filled


def test_the_about_page_lists_every_page_and_the_classroom():
    text = about.text()
    for page in registry.nav_pages():
        assert getattr(page, "nav_title", page.title) in text
    for feature in ("Text that forgets", "phase diagram", "guided tour", "class room", "presentation mode"):
        assert feature.lower() in text.lower(), feature


def captions(page: str, theme: str) -> str:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params.update({"theme": theme, "replicates": "10"})
    app.run()
    if page != "pages/gaussian.py":  # the default page
        app.switch_page(page).run()
    assert not app.exception
    return " ".join(c.value for c in app.caption)


@pytest.mark.parametrize("page", ["pages/gaussian.py", "pages/kde.py", "pages/mixture.py"])
def test_dark_captions_name_the_truth_white(page):
    dark = captions(page, "dark")
    assert "dashed white" in dark and "dashed black" not in dark
    assert "dashed black" in captions(page, "light")

"""The About page: its navigation entry and its text (about.md beside this module, read as a
package resource; its script is pages/about.py)."""

from functools import cache
from importlib import resources

from collapse_ui.registry import NavPage

PAGE = NavPage(
    name="about",
    script="pages/about.py",
    title="How it works",
    icon=":material/menu_book:",
    section="About",
    url_path="about",
)


@cache
def text() -> str:
    """The page's Markdown, read once per process."""
    return resources.files("collapse_ui").joinpath("about.md").read_text(encoding="utf-8")

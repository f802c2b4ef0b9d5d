"""The About page: its navigation entry and its text (about.md beside this module, read as a
package resource; its script is pages/about.py)."""

from functools import cache
from importlib import resources

from collapse_ui import colour_words
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
def source() -> str:
    """about.md, read once per process."""
    return resources.files("collapse_ui").joinpath("about.md").read_text(encoding="utf-8")


def page_list() -> str:
    """Every page of the navigation, by section, from the UI registry (a new page joins itself)."""
    from collapse_ui import registry

    lines = []
    for section in registry.SECTIONS:
        titles = [getattr(p, "nav_title", p.title) for p in registry.nav_pages() if p.section == section]
        if titles:
            lines.append(f"- *{section}*: " + ", ".join(titles))
    return "\n".join(lines)


def text(dark: bool = False) -> str:
    """The page's Markdown: the colour words of the look the charts are drawn in (dark: the truth
    is white), and the list of pages from the registry."""
    return source().replace("{colours}", colour_words.roles_sentence(dark)).replace("{pages}", page_list())

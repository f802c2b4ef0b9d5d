"""The About page's navigation entry (its script is pages/about.py)."""

from collapse_ui.registry import NavPage

PAGE = NavPage(name="about", script="pages/about.py", title="How it works", icon=":material/menu_book:",
               section="About", url_path="about")

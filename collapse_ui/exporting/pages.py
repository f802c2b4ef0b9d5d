"""Which pages can be exported: the UI registry's family pages (collapse_ui/registry.py).

Kept as the export's import path; the export panel and command line read only this.
A page and its export draw the same `charts(digest, values)` list, so they can never differ.
"""

from collapse_ui.registry import DEFAULT_BASE_URL, PAGES, PageSpec, get, register

__all__ = ["DEFAULT_BASE_URL", "PAGES", "PageSpec", "get", "register"]

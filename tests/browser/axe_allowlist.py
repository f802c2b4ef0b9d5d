"""Accessibility findings inside Streamlit's or Plotly's own markup that this app cannot change.

Each entry names one axe rule, a CSS selector pattern (a regular expression matched against the
node's axe target) that confines it to the framework's markup, the reason, and the upstream
issue. A finding that matches no entry fails tests/browser/test_axe_pages.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Allowed:
    rule: str
    target: str  # regular expression, searched in the node's axe target (its CSS selector)
    reason: str
    upstream: str

    def matches(self, rule: str, target: str) -> bool:
        return rule == self.rule and re.search(self.target, target) is not None


ALLOWED: tuple[Allowed, ...] = ()


def allowed(rule: str, target: str) -> bool:
    return any(a.matches(rule, target) for a in ALLOWED)

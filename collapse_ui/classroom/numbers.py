"""Numbers as a class reads them: no exponents, and a share too small to print said in words
("less than 0.001%", not 2.15e-07%)."""

from __future__ import annotations

import math

SMALLEST = 0.001  # below this (in the question's unit) a value is "less than 0.001"


def for_class(value: float, unit: str = "") -> str:
    """Three significant digits in plain notation; tiny positive values as "less than"."""
    if not math.isfinite(value):
        return f"{value}{unit}"
    if value == 0:
        return f"0{unit}"
    if 0 < abs(value) < SMALLEST:
        if value > 0:
            return f"less than {SMALLEST:g}{unit}"
        return f"between -{SMALLEST:g}{unit} and 0{unit}"
    digits = max(0, 2 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"

"""The class's data as a page's truth (no Streamlit): the prompts a teacher can ask, the key of a
data question, and `switch_truth`, the one place that hands the collected values to the data
store (collapse_core.userdata.store: content-addressed, its retention rule) and gets back the
hash a page's `data=<hash>` setting names.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from collapse_core.userdata import store


@dataclass(frozen=True)
class Prompt:
    """What the phones are asked for: a number within [low, high] in `unit`, or a short word."""

    text: str
    kind: str  # "number" or "word"
    low: float = 0.0
    high: float = 1.0
    unit: str = ""


PROMPTS = {
    "height": Prompt("Your height in cm", "number", 50.0, 250.0, "cm"),
    "one_to_ten": Prompt("A number from 1 to 10", "number", 1.0, 10.0),
    "word": Prompt("Your favourite word", "word"),
}
FREE = "free"  # the teacher's own prompt


def question_key(page: str, prompt: Prompt) -> str:
    """The data question's key: the page and a hash of the prompt (a new prompt, a new question)."""
    digest = hashlib.sha256(repr(prompt).encode()).hexdigest()[:12]
    return f"{page}.data:{digest}"


def column_name(prompt: Prompt) -> str:
    """The column the class's values become: numbers are a measurement, words are labels."""
    return "value" if prompt.kind == "number" else "label"


def switch_truth(values, prompt: Prompt) -> str:
    """Store the class's values as a data set named by the prompt; return its hash."""
    if not values:
        raise ValueError("the class has sent no values yet")
    column = [float(v) for v in values] if prompt.kind == "number" else [str(v) for v in values]
    columns = {column_name(prompt): column}
    return store.put_values(columns, name=prompt.text, unit=prompt.unit)

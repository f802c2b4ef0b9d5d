"""Numbers as a class reads them, and the room's answer line inside its plot."""

from __future__ import annotations

import pytest

from collapse_ui.classroom import projector
from collapse_ui.classroom.numbers import for_class
from collapse_ui.families import gaussian


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (2.15e-07, "less than 0.001%"),
        (0.0, "0%"),
        (18.634, "18.6%"),
        (0.0123, "0.0123%"),
        (0.5, "0.5%"),
        (100.0, "100%"),
        (-3e-5, "between -0.001% and 0%"),
    ],
)
def test_numbers_for_a_class_have_no_exponent(value, said):
    assert for_class(value, "%") == said


def test_a_tiny_answer_is_said_in_words_and_drawn_inside_the_plot():
    fig = projector.histogram([10, 20], gaussian.QUESTION, truth=2.15e-07)
    title = fig.layout.title.text
    assert "less than 0.001%" in title and "e-0" not in title
    line = next(s for s in fig.layout.shapes if s.line.color == projector.palette.BLACK)
    low, high = fig.layout.xaxis.range
    assert low < line.x0 < high, "the line is inside the plot, not on its y-axis"

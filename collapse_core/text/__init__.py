"""The text family: a word n-gram model retrained on its own output, with decoding knobs."""

from collapse_core.text.config import TextConfig
from collapse_core.text.metrics import METRICS
from collapse_core.text.simulate import ENGINES

__all__ = ["ENGINES", "METRICS", "TextConfig"]

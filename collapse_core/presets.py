"""Presets from the papers: the Preset record and the registry the pages and the command line
read. Each family lists its own presets (Family.presets, in `<family>/presets.py`); this
module gathers them from the family registry, so it names no family.

Each preset is a full configuration plus the words a teacher needs: a title, a paragraph in
plain words, and the citation. Where the point is a contrast, `compare` holds the other side,
run on the same seed.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from collapse_core.config import ChainConfig

SHUMAILOV = (
    "Shumailov, Shumaylov, Zhao, Papernot, Anderson & Gal (2024). AI models collapse when trained "
    "on recursively generated data. Nature 631, 755-759. (arXiv:2305.17493, 2023)"
)
GERSTGRASSER = (
    "Gerstgrasser et al. (2024). Is Model Collapse Inevitable? Breaking the Curse of Recursion by "
    "Accumulating Real and Synthetic Data. arXiv:2404.01413"
)
KAZDAN = (
    "Kazdan et al. (2024). Collapse or Thrive? Perils and Promises of Synthetic Data in a "
    "Self-Generating World. arXiv:2410.16713"
)
ALEMOHAMMAD = "Alemohammad et al. (2023). Self-Consuming Generative Models Go MAD. arXiv:2307.01850"
KIMURA = (
    "Kimura & Ohta (1969). The average number of generations until fixation of a mutant gene in a "
    "finite population. Genetics 61, 763-771 (Wright-Fisher drift)"
)

HOLTZMAN = (
    "Holtzman, Buys, Du, Forbes & Choi (2020). The Curious Case of Neural Text Degeneration. ICLR "
    "(top-p / nucleus sampling)"
)


@dataclass(frozen=True)
class Preset:
    """A named, cited configuration.

    Attributes:
        name: slug used in URLs and on the command line.
        family: the family it configures (the page that shows it has the same name).
        title, explanation, citation: the words shown beside it.
        config: the full configuration, seed included, so a preset is one exact picture.
        compare: optional second configuration shown side by side (same seed).
        compare_label, label: short names of the two sides.
    """

    name: str
    family: str
    title: str
    explanation: str
    citation: str
    config: ChainConfig
    label: str = ""
    compare: ChainConfig | None = None
    compare_label: str = ""

    @property
    def page(self) -> str:
        """The page that shows it: pages are named after their family."""
        return self.family

    def asdict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out["config"] = self.config.asdict()
        out["compare"] = self.compare.asdict() if self.compare is not None else None
        return out


class _Registry(Mapping):
    """name -> Preset over every registered family's presets (read live, so a family
    registered later, e.g. by a test, joins), plus presets added with `register`.

    Each read works on one snapshot (the family registry's published table and the extra
    presets' dict, replaced whole on every change under the lock), so a reader on another
    thread never sees a half-made table, and iterating never meets a dict that changes size."""

    def __init__(self) -> None:
        self._extra: dict[str, Preset] = {}
        self._lock = threading.RLock()

    def _all(self) -> dict[str, Preset]:
        from collapse_core import families

        out: dict[str, Preset] = {}
        for fam in families.all_families().values():
            for p in fam.presets:
                if p.name in out:
                    raise ValueError(f"preset {p.name!r} is defined twice")
                out[p.name] = p
        for name, p in self._extra.items():
            if name in out:
                raise ValueError(f"preset {name!r} is already registered")
            out[name] = p
        return out

    def __getitem__(self, name: str) -> Preset:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __contains__(self, name: object) -> bool:
        return name in self._all()

    def keys(self):
        return self._all().keys()

    def items(self):
        return self._all().items()

    def values(self):
        return self._all().values()

    def _add(self, preset: Preset) -> None:
        # The families load first, outside this lock: a family module that registers a preset
        # while another thread loads them must not wait on it (two locks, one order).
        self._all()
        with self._lock:
            if preset.name in self._all():
                raise ValueError(f"preset {preset.name!r} is already registered")
            self._extra = {**self._extra, preset.name: preset}

    def _remove(self, name: str) -> None:
        with self._lock:
            self._extra = {k: v for k, v in self._extra.items() if k != name}


PRESETS = _Registry()


def register(preset: Preset) -> None:
    """Add a preset outside a family's own list (a family's own presets need no call)."""
    PRESETS._add(preset)


def unregister(name: str) -> None:
    PRESETS._remove(name)


def get(name: str) -> Preset:
    table = PRESETS._all()
    if name not in table:
        raise ValueError(f"unknown preset {name!r}; known presets: {', '.join(table)}")
    return table[name]


def for_family(family: str) -> dict[str, Preset]:
    """The presets of one family (its page shows them), in registry order."""
    return {name: p for name, p in PRESETS.items() if p.family == family}


for_page = for_family  # pages are named after their family


def settings(cfg: ChainConfig) -> dict:
    """A configuration's fields by name, without the family tag (what a page's controls set)."""
    out = cfg.asdict()
    out.pop("family", None)
    return out

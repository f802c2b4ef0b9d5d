"""The import graph of collapse_core and collapse_ui, read from the source with `ast`: no
circles (imports under `if TYPE_CHECKING:` and inside functions count too), the core never
imports Streamlit or Plotly, and the UI evaluates no closed form of its own (the theory comes
from the core)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("collapse_core", "collapse_ui")


def modules(root: Path = ROOT, packages=PACKAGES) -> dict[str, Path]:
    """Module name -> file, for every .py file of the packages (a package is its __init__)."""
    out = {}
    for pkg in packages:
        for path in sorted((root / pkg).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of `known` that module `name` imports (anywhere in it, relative imports
    resolved; `from pkg import x` is the module pkg.x when that is a module, else pkg)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names
            ]
        else:
            continue
        for target in targets:
            # `import a.b.c` names a.b.c; a name that is no module of ours is left out.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph(root: Path = ROOT, packages=PACKAGES) -> dict[str, set[str]]:
    mods = modules(root, packages)
    known = set(mods)
    return {name: imported(name, path, known) for name, path in mods.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return sorted(out)


def test_the_cycle_finder_finds_a_circle_through_a_type_checking_import(tmp_path):
    pkg = tmp_path / "collapse_ui"
    (pkg / "figures").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "figures" / "__init__.py").write_text("")
    (pkg / "page.py").write_text("from collapse_ui.figures import chart\n")
    (pkg / "figures" / "chart.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..page import Digest\n"
    )
    (pkg / "other.py").write_text("from . import page\n")
    assert cycles(graph(tmp_path, ("collapse_ui",))) == [["collapse_ui.figures.chart", "collapse_ui.page"]]


def test_no_import_circles():
    found = cycles(graph())
    for comp in found:
        print("import circle:", " <-> ".join(comp))
    assert found == [], f"{len(found)} import circle(s): {found}"


@pytest.mark.parametrize("module", [m for m in modules() if m.startswith("collapse_core")])
def test_the_core_imports_neither_streamlit_nor_plotly(module):
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level}
    assert not {n for n in names if n.split(".")[0] in ("streamlit", "plotly")}


# Theory functions of the core a UI module must not call itself: it reads theory(cfg) and
# formulas(cfg) through the family record (collapse_ui/digest.theory_of, page.theory_panel).
THEORY_NAMES = (
    "expected_",
    "accumulate_limit",
    "stationary_",
    "typical_variance_ratio",
    "fresh_sample_",
    "lyapunov_",
    "logdet_step",
    "gammaln",
    "digamma",
    "lgamma",
    "growth_factor",
)


def ui_imports(module: str) -> list[tuple[str, str]]:
    """(module imported from, name) for every `from X import name` in a collapse_ui module."""
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    return [
        (n.module or "", a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
    ] + [(a.name, "") for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]


@pytest.mark.parametrize("module", [m for m in modules() if m.startswith("collapse_ui")])
def test_the_ui_evaluates_no_closed_form_of_its_own(module):
    bad = [
        f"{src}:{name}"
        for src, name in ui_imports(module)
        if src.startswith("scipy.special")
        or (src, name) == ("scipy", "special")
        or (src.startswith("collapse_core") and src.endswith(".theory"))
        or (src.startswith("collapse_core") and name.startswith(THEORY_NAMES))
    ]
    assert bad == [], f"{module} imports theory to evaluate itself: {bad}"


def test_the_theory_panel_reads_the_core_formulas():
    from dataclasses import fields

    from collapse_core import families
    from collapse_ui.registry import PageSpec

    assert "formulas" not in {f.name for f in fields(PageSpec)}  # one source: the core's Family
    with_formulas = {name for name, fam in families.all_families().items() if fam.formulas is not None}
    assert {"gaussian", "categorical"} <= with_formulas
    source = modules()["collapse_ui.page"].read_text(encoding="utf-8")
    assert "families.of(config).formulas(config)" in source

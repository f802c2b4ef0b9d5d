"""Run every benchmark: python -m bench."""

import importlib
import pkgutil

import bench

for mod in sorted(m.name for m in pkgutil.iter_modules(bench.__path__)):
    if mod not in ("timing", "__main__"):
        module = importlib.import_module(f"bench.{mod}")
        if hasattr(module, "main"):
            module.main()

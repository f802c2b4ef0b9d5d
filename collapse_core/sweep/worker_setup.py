"""What every worker process of the sweep's own local Dask cluster does when it starts."""

from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin

from collapse_core import allocator


class KeepFreedMemory(WorkerPlugin):
    """collapse_core.allocator's setting in each worker (they run the engines), also in
    workers added later by scaling. Not installed on a scheduler somebody else runs."""

    name = "collapse-keep-freed-memory"

    def setup(self, worker) -> None:
        allocator.keep_freed_memory()

import sys

from collapse_core.cli import main

# Guarded: Dask's worker processes are spawned and import the main module again.
if __name__ == "__main__":
    sys.exit(main())

import sys

from collapse_core.cli import main

sys.exit(main())

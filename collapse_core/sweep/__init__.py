"""Parameter sweeps over any registered family: a spec (family, base config, one to three swept
fields, metrics with the statistic read per cell, generations read), a runner mapping cells to
simulate() calls (serially or as dask.distributed tasks), a tidy table with provenance, the
"how much real data is enough?" threshold, and the data-provenance knobs (contamination and a
synthetic-data detector) as an effective real share.

numpy only at import; dask, pandas and pyarrow are imported lazily where a sweep runs or is
written.
"""

from collapse_core.sweep.spec import Axis, SweepSpec, cell_seeds, parse_values

__all__ = ["Axis", "SweepSpec", "cell_seeds", "parse_values"]

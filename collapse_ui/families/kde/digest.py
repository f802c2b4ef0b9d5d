"""The kde page's digest: what its charts and headlines read, built once per run (and
cached); the figures import it from here."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collapse_core.kde import density
from collapse_core.kde.kernel import truth_density
from collapse_core.result import Result
from collapse_ui.digest import ChainDigest, digest, extended, theory_of

GRID_POINTS = 600


@dataclass(frozen=True, eq=False)
class KDEDigest(ChainDigest):
    """ChainDigest plus chain 1's density at a few generations on a shared grid."""

    grid: np.ndarray
    truth_density: np.ndarray
    densities: dict[int, np.ndarray]


BANDS = ("variance_ratio", "wasserstein2", "modes", "tail_ratio_3sd", "tail_mass_3sd", "bandwidth")


def digest_result(result: Result) -> KDEDigest:
    cfg = result.config
    th = theory_of(cfg)
    base = digest(result, BANDS, ("variance_ratio", "wasserstein2", "modes"), th)
    pts, hs = result.arrays["snapshot_points"], result.arrays["snapshot_bandwidth"]
    gens = [int(g) for g in result.arrays["snapshot_generations"]]
    sd = cfg.truth_sd
    lo, hi = cfg.mu0 - 4 * sd, cfg.mu0 + 4 * sd
    for i, g in enumerate(gens):
        if g > 0 and pts.shape[1]:
            p = pts[i, 0][np.isfinite(pts[i, 0])]
            lo, hi = min(lo, p.min() - 3 * hs[i, 0]), max(hi, p.max() + 3 * hs[i, 0])
    grid = np.linspace(lo, hi, GRID_POINTS)
    dens = {
        g: density(pts[i, 0], float(hs[i, 0]), grid) for i, g in enumerate(gens) if g > 0 and pts.shape[1]
    }
    return extended(base, KDEDigest, grid=grid, truth_density=truth_density(cfg, grid), densities=dens)

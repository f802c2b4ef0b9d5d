"""The closed forms behind the Gaussian page's theory curves, with their values at a config:
the lecturer's "Theory as numbers" panel. Every value is read off theory(cfg), the function
the curves are drawn from, at the last generation where a curve is meant."""

from __future__ import annotations

import math

from collapse_core.family import Formula
from collapse_core.gaussian.config import GaussianConfig
from collapse_core.gaussian.theory import theory


def formulas(cfg: GaussianConfig) -> list[Formula]:
    th = theory(cfg)
    m, g, dd, n_r = cfg.sample_size, cfg.generations, cfg.ddof, cfg.n_real
    div = "M" if dd == 0 else "M-1"
    q = (m - 1) / (m - dd)
    out: list[Formula] = []
    moments = "expected_variance_ratio" in th
    gamma = cfg.correction
    if cfg.regime == "replace" and not n_r and moments and not gamma:
        out.append(
            Formula(
                f"Expected variance left after G = {g:,} generations (replace, no real data; the variance "
                f"estimate divides by {div}: each generation keeps (M−1)/({div}) of it on average)",
                rf"\frac{{\mathbb{{E}}[\sigma_G^2]}}{{\sigma_0^2}} = \left(\frac{{M-1}}{{{div}}}\right)^G"
                rf" = \left(\frac{{{m - 1:,}}}{{{m - dd:,}}}\right)^{{{g:,}}}".replace(",", "{,}"),
                float(th["expected_variance_ratio"][-1]),
            )
        )
        out.append(
            Formula(
                "The typical chain: the variance's geometric mean (a product of G independent "
                "χ²-factors; the median chain is close to it, far below the expected value)",
                rf"\exp\mathbb{{E}}\left[\ln\frac{{\sigma_G^2}}{{\sigma_0^2}}\right] = \exp\Big(G\,"
                rf"\big[\psi\big(\tfrac{{M-1}}{{2}}\big) + \ln\tfrac{{2}}{{{div}}}\big]\Big)",
                float(th["geometric_mean_variance_ratio"][-1]),
            )
        )
        out.append(
            Formula(
                "Expected squared drift of the mean after G generations, in true variances",
                (
                    rf"\frac{{\mathbb{{E}}[(\mu_G-\mu_0)^2]}}{{\sigma_0^2}} = \frac{{1}}{{M}}\sum_{{t=0}}^{{G-1}}"
                    rf"\left(\frac{{M-1}}{{{div}}}\right)^t"
                    + (
                        r" = 1 - \left(\frac{M-1}{M}\right)^G"
                        if dd == 0
                        else r" = \frac{G}{M}"
                        if q == 1
                        else ""
                    )
                ),
                float(th["expected_mean_drift_sq"][-1]),
            )
        )
    limit = th.get("accumulate_limit")
    if limit is not None:
        out.append(
            Formula(
                "Accumulate with no real data: the variance never falls below this level, however many "
                "generations run (Gerstgrasser et al. 2024)",
                (
                    r"\lim_{t\to\infty}\frac{\mathbb{E}[\sigma_t^2]}{\sigma_0^2} = "
                    r"\frac{\sin(\pi/\sqrt{M})}{\pi/\sqrt{M}}"
                    if dd == 0
                    else r"\lim_{t\to\infty}\frac{\mathbb{E}[\sigma_t^2]}{\sigma_0^2} = "
                    r"\frac{\Gamma(2-\tfrac{1}{M})}{\Gamma(2-a)\,\Gamma(2-b)},\; a,b = \tfrac{1\pm\sqrt{1+4M}}{2M}"
                ),
                limit,
            )
        )
    stationary = th.get("stationary_variance_ratio")
    if gamma and stationary is not None:
        out.append(
            Formula(
                f"Self-correction with γ = {gamma:.2f} (each synthetic point moved that share of the way "
                "onto the truth; Gillman et al. 2024): the level the expected variance settles at, the "
                "fixed point of the exact recursion in the fitted spread s and variance v "
                "(c₁ = E√(χ²_{M−1}/k), c₂ = (M−1)/k)",
                r"v^\ast = \frac{c_2\,(2\gamma(1-\gamma)s^\ast + \gamma^2)}{1 - c_2(1-\gamma)^2},\quad "
                r"s^\ast = \frac{c_1\gamma}{1 - c_1(1-\gamma)}",
                stationary,
            )
        )
    elif stationary is not None and math.isfinite(stationary):
        out.append(
            Formula(
                f"Replace with fresh real data ({n_r:,} of the M = {m:,} points real each generation): the "
                "level the expected variance settles at (the fixed point of the exact moment recursion)",
                r"v^\ast = \lim_{t\to\infty}\frac{\mathbb{E}[\sigma_t^2]}{\sigma_0^2},\quad "
                r"v^\ast = \mathbb{E}\big[\sigma_{t+1}^2/\sigma_0^2 \,\big|\, v_t = v^\ast\big]",
                stationary,
            )
        )
    if "real_weight" in th:
        out.append(
            Formula(
                f"Weighting ({n_r:,} fresh real and {cfg.n_syn:,} synthetic points fitted apart): the weight "
                "on the real fit that keeps the mean closest to the truth in the long run, 1/φ ≈ 0.618 when "
                "the two parts are equally large (He, Xu & Cheng 2025)",
                r"w^\ast = \frac{n}{2m}\left(\sqrt{1 + 4m/n} - 1\right)",
                float(th["optimal_real_weight"]),
            )
        )
        out.append(
            Formula(
                f"The long-run squared error of the mean at the weight used here (w = {th['real_weight']:.3f}), "
                "in true variances; at the optimum, with the unbiased estimate, it is w*/n",
                r"\lim_{t\to\infty}\frac{\mathbb{E}[(\mu_t-\mu_0)^2]}{\sigma_0^2} = "
                r"\frac{w^2/n + (1-w)^2\, v^\ast/m}{1-(1-w)^2}",
                float(th["stationary_mean_error"]),
            )
        )
    if moments and not (cfg.regime == "replace" and not n_r and not gamma):
        out.append(
            Formula(
                f"Expected variance left after G = {g:,} generations (exact moment recursion for these "
                "settings; the red dashed curve)",
                r"\mathbb{E}[\sigma_G^2]/\sigma_0^2",
                float(th["expected_variance_ratio"][-1]),
            )
        )
    return out

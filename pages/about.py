"""How it works: the controls and the charts in plain words, for a teacher or a curious visitor."""

import streamlit as st

from collapse_ui import router_guard

router_guard.ensure()  # before anything renders: see collapse_ui/router_guard.py

st.header("How it works")
st.markdown(
    """
**The experiment.** The truth is a bell curve (a normal distribution). Generation 1 fits a bell
curve to a sample drawn from the truth. Every later generation fits a new bell curve to a sample
drawn from the previous generation's curve. Nobody makes a mistake, yet the curves drift away.

**The controls.**
- *Sample size per generation*: how many points each model learns from. Small samples forget fast.
- *Generations*: how many times the model is refitted to its own output.
- *Training data each generation*: replace it (only the newest data), accumulate it (keep
  everything so far), or accumulate and then draw a sample of the usual size from the pile.
- *Share of real data*: part of each generation's data can be real, either fresh draws from the
  truth or the same original sample reused.
- *Variance estimate*: maximum likelihood (what the paper's experiments use) or the unbiased
  textbook formula. Both collapse.
- *Chains run side by side* and *Seed*: many independent runs show what is typical; the seed
  makes a picture reproducible. Every setting is in the page's address, so copying the link
  shares the exact picture.

**The charts.** Blue is always the simulation (a solid median line and a shaded band where 90% of
the chains lie), thin grey lines are single chains, dashed or dotted coloured lines are formulas from
theory, and black is the truth. The colours are chosen to be told apart with the common kinds
of colour blindness.

**Engines.** Where it can, the page draws each generation's fitted mean and variance straight
from their known sampling distributions (the *exact* engine), so a million points per generation
cost no more than ten. Where that shortcut does not exist, every point is drawn (*Monte Carlo*).

**Vanishing tails.** The second page does the same with words. The truth is a vocabulary (a Zipf
law, equal frequencies, or real English word frequencies); each generation counts the words in
text sampled from the previous generation's frequencies. A word that happens not to be drawn
gets frequency zero and can never be produced again, so the rare words go first. Population
geneticists call this genetic drift (the Wright-Fisher model), and their formulas are drawn as
theory. Fresh real text, or smoothing, can bring a lost word back.

**A multivariate Gaussian.** A third page fits a mean and a full covariance matrix in 2 to 50
dimensions. In two dimensions the fitted ellipse shrinks and its axes turn at random. In more
dimensions the directions do not shrink alike: the weakest direction loses its variance many times
faster than the strongest, so the model flattens long before its total variance is gone. The
expected total variance and the expected log-volume are known exactly and drawn as theory.

**The modes die.** Another page fits a mixture of several bell curves (modes) with the EM
algorithm, in one or two dimensions, and samples the next generation from the fit. Which mode a
sampled point comes from is a weighted coin toss, so the modes' shares drift by chance; a share
that drifts to almost nothing does not come back, and two modes can merge into one. The page
counts the live modes, shows one chain's fitted curves (or, in 2-D, its points and ellipses),
the smallest and largest shares, and the spread and far-out values that go with them. There is
no formula for EM, so there is no theory curve here.

**Pictures that blur.** The digits page does it with pictures: small 8 × 8 scans of handwritten
digits. Each digit is modelled as a bell curve (a Gaussian) over its most important pixel
patterns, refitted each generation on digits drawn from the previous generation's model. Every
refit loses a little of the spread, so the strokes smooth out, the handwriting styles thin out,
and with the digits' shares refitted too, a whole digit can die out. A share of fresh real
scans (from a half of the data the models never saw) holds the digits where they were.

**Kernel density: the spread inflates.** Not every model collapses. A kernel density estimate
keeps its training points and puts a small bell curve of width h on each; drawing from it means
picking a point and adding that bell curve's noise. So each generation *adds* h² of variance
while resampling only M points removes a fraction 1/M: with a fixed width the spread heads for
M h², above the truth's whenever h is wider than 1/√M of its spread, and with Scott's or
Silverman's rule (a width proportional to the spread) it grows geometrically. The shape is still
lost: the tails grow fat and two humps blur into one.

**Regression: errors that add up.** A straight-line model is fitted to rows labelled by the
previous fit plus fresh noise. Each fit adds its own estimation error, σ² d/(T − d − 1), and
nothing takes it away: the test error grows in a straight line (Dohmatob, Feng & Kempe 2024).
Fitting on all rows so far instead divides generation k's new error by about k, so the total
stays bounded (Gerstgrasser et al. 2024).

**In class.** Pick a preset from the papers, switch on presentation mode, and play the chain
generation by generation; *Predict, then run* asks the room first. Links can carry
`present=1`, `show=sample_size` (only that slider) or `hide=...`, and *Export for slides* packs
every chart as PNG, SVG, HTML and CSV with its settings and seed.
"""
)

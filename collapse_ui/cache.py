"""The cached run wrapper: one simulation per (config, engine), shared by every session.

The config is a frozen dataclass with the seed always set (pages put the seed in the URL), so
equal settings are equal cache keys and a shared link hits the same entry. Errors are not
cached: a WorkBudgetError is raised again, cheaply, before any work is done. The digest comes
from the config's family page (collapse_ui/registry.py).
"""

from __future__ import annotations

import streamlit as st

from collapse_core import WorkBudgetError, simulate
from collapse_ui import registry


@st.cache_data(max_entries=64, show_spinner="Running the chains…")
def run(cfg, engine: str = "auto"):
    if cfg.seed is None:
        raise ValueError("cached runs need a seed: an unseeded run would be cached as if it were one")
    return registry.for_config(cfg).digest(simulate(cfg, engine=engine))


def run_or_explain(config_from, values: dict, tip: str):
    """The cached run of config_from(values), or (for a request the core refuses, when the config
    is built or when it runs) a plain message with `tip`, and a stop."""
    try:
        return run(config_from(values))
    except WorkBudgetError as exc:
        st.error(f"That is too much work for an interactive page: {exc}.", icon=":material/hourglass_disabled:")
    except ValueError as exc:  # settings the core refuses together
        st.error(f"These settings cannot run together: {exc}.", icon=":material/block:")
    st.info(tip, icon=":material/lightbulb:")
    st.stop()

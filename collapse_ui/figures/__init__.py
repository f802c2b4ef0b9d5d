"""Pure figure builders: ChainDigest -> plotly Figure, one module per chart, no Streamlit.

Each chart module offers `figure(digest, ...)` and `caption(digest)`, the plain sentence shown
under the chart telling the reader what to notice.
"""

"""Figure export: PNG/SVG through one persistent kaleido server, figure data as CSV, ZIP packs."""

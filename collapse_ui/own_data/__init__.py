"""Your own data as a page's truth: the `data=<hash>` setting (param), the upload/paste picker
every family page shares (picker) and the chart of the data itself (figure)."""

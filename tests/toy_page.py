"""The toy family's page script (tests only): the shared renderer with one control."""

from collapse_ui import page, registry, widgets

page.render(registry.get("toy-poisson"), lambda state: widgets.slider(state, "generations"))

"""The "Export for slides" panel every page shows under its charts (one call per page):

    from collapse_ui.exporting.panel import export_panel
    export_panel(spec, values, digest)

A size chooser, the caption toggle and the permalink; the ZIP is built only when the button is
pressed, with a progress bar while the charts render, then offered for download. The built ZIP
is kept for this session while the settings stay the same, so a rerun does not rebuild it.
Without Chromium the pack still holds HTML, CSV and JSON, and the panel says how to enable
PNG/SVG.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from collapse_ui import cache, chart, public_url
from collapse_ui.exporting import pack, renderer
from collapse_ui.exporting.pages import DEFAULT_BASE_URL, PageSpec

SIZES = {
    "1920 × 1080 (16:9 slide, Full HD)": (1920, 1080),
    "1280 × 720 (16:9, HD)": (1280, 720),
    "1024 × 768 (4:3 slide)": (1024, 768),
    "1200 × 800 (3:2, papers and posts)": (1200, 800),
}
SCALES = (1, 2, 3)


def base_url() -> str:
    """This page's address as others reach it (collapse_ui/public_url.py: never a loopback
    address while the machine has a network one), else the local default."""
    try:
        url = st.context.url
    except Exception:  # no browser session (AppTest, bare mode)
        url = None
    return public_url.current(url or DEFAULT_BASE_URL).base


def _escape(text: str) -> str:
    """The link as markdown text: no character of it starts markdown formatting."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!<>|~" else c for c in text)


def export_panel(spec: PageSpec, values: dict[str, Any], digest: Any) -> None:
    key = f"{spec.name}.export"
    link = spec.permalink(values, base_url())
    with st.container(border=True):
        st.subheader("Export for slides", anchor=False)
        left, middle, right = st.columns([3, 1, 2])
        size_label = left.selectbox("Picture size", list(SIZES), key=f"{key}.size")
        scale = middle.selectbox(
            "PNG scale",
            SCALES,
            index=1,
            key=f"{key}.scale",
            format_func=lambda s: f"{s}×",
            help="Pixels per picture pixel: 2× makes a 1920×1080 picture a sharp 3840×2160 PNG.",
        )
        caption = right.toggle(
            "Settings line under each chart",
            value=True,
            key=chart.caption_key(spec),
            help="Adds the settings and seed under every exported chart, so a picture "
            "never loses how it was made.",
        )
        width, height = SIZES[size_label]
        can_render = renderer.available()
        if can_render:
            st.caption(
                f"A ZIP with every chart as PNG ({width * scale}×{height * scale} pixels) and SVG, "
                "an interactive HTML page that works offline, the data as CSV, the settings and "
                "seed as JSON, and the link below."
            )
        else:
            st.info(
                f"{renderer.ENABLE_HINT} The ZIP below holds the HTML page, the CSV data, the "
                "settings JSON and the link.",
                icon=":material/image_not_supported:",
            )
        # A plain link, not st.code: the code block's highlighter was 360 ms of the browser's work
        # before a cold link's first chart appeared (every element is drawn in one go).
        st.markdown(f"Link to exactly this picture (right-click it to copy): [{_escape(link)}]({link})")

        fingerprint = (tuple(spec.query(values).items()), width, height, scale, caption, can_render)
        # A callback flag rather than the button's return value: a click survives a rerun that
        # happens before the panel is drawn (the legacy-pages switch of collapse_ui/patches.py,
        # for one), a trigger value does not.
        st.button(
            "Build the slide pack",
            key=f"{key}.build",
            icon=":material/folder_zip:",
            on_click=st.session_state.__setitem__,
            args=(f"{key}.requested", True),
        )
        if st.session_state.pop(f"{key}.requested", False):
            req = spec.pack_request(
                values,
                digest=digest,
                base_url=link,
                caption=caption,
                run=cache.run,
                width=width,
                height=height,
                scale=float(scale),
            )
            with st.status("Building the slide pack…", expanded=True) as status:
                if can_render and not renderer.running():
                    st.write("Starting the renderer (once per server, a few seconds)…")
                bar = st.progress(0.0, text="Starting")
                try:
                    data = pack.build_zip(
                        req, progress=lambda frac, msg: bar.progress(min(frac, 1.0), text=msg)
                    )
                except renderer.ExportUnavailable as exc:
                    status.update(label="Rendering failed", state="error")
                    st.error(f"{exc}. {renderer.ENABLE_HINT}")
                    return
                status.update(
                    label=f"Slide pack ready ({len(data) / 1e6:.1f} MB)", state="complete", expanded=False
                )
            st.session_state[f"{key}.zip"] = (fingerprint, data, f"{req.stem}_slides.zip")
        built = st.session_state.get(f"{key}.zip")
        if built is not None and built[0] == fingerprint:
            st.download_button(
                "Download the ZIP",
                data=built[1],
                file_name=built[2],
                mime="application/zip",
                on_click="ignore",
                type="primary",
                icon=":material/download:",
                key=f"{key}.download",
            )
        elif built is not None:  # settings changed: that pack no longer shows this picture
            del st.session_state[f"{key}.zip"]

"""The scaffolding every widget is built from: a live panel, a static panel, sliders, small PNGs.

A widget is a *compute* function (control values → data, numbers from companion)
and a *draw* function (data → a matplotlib Figure).  ``LivePanel`` calls both on
every control change; ``StaticPanel`` calls both for every position of a slider
grid when the page is built and lets the browser switch between the pictures.
"""

from __future__ import annotations

import html
import io
import os
import time
from collections.abc import Mapping

import ipywidgets
from matplotlib.figure import Figure

from .._validation import check_callable, check_choice, check_int, check_positive_real, describe

STATIC_NOTE = (
    "<small><em>Precomputed: each slider position was computed when this page was built, "
    "so the slider works without Python. Run the chapter live (the launch button at the top "
    "of the page: Binder or Colab, or JupyterLab on your computer) and the same widget "
    "recomputes for any value.</em></small>"
)

MODES = ("live", "static")


def widget_mode(mode=None):
    """``"live"`` or ``"static"``: the given mode, else $COMPANION_WIDGETS, else ``"live"``."""
    if mode is None:
        from_environment = os.environ.get("COMPANION_WIDGETS") or "live"
        if from_environment not in MODES:
            raise ValueError(
                f"the environment variable COMPANION_WIDGETS must be 'live' or 'static' (or unset), "
                f"got {from_environment!r}"
            )
        return from_environment
    return check_choice(mode, "mode", MODES)


#: A widget's figure is shown at this many pixels per inch of its size (as the book's other figures) …
SHOWN_DPI = 80
#: … and its PNG holds twice as many pixels in each direction: crisp on high-density screens.
PIXEL_RATIO = 2
#: A phone's text column holds a figure this wide (in inches at ``SHOWN_DPI``: 342 px) without scaling it down.
PHONE_WIDTH_IN = 4.3
#: Widgets fit a phone: controls at most this wide, and narrower when the column is.
CONTROL_MAX_WIDTH = "360px"


def control_layout():
    """The layout of one control row: the column's width, at most ``CONTROL_MAX_WIDTH`` (a phone)."""
    return ipywidgets.Layout(width="100%", max_width=CONTROL_MAX_WIDTH)


def shown_width(fig) -> int:
    """The width in CSS pixels a widget's figure is shown at (``SHOWN_DPI`` per inch)."""
    return int(round(fig.get_figwidth() * SHOWN_DPI))


def image_widget(png=b"", width=None):
    """An ``ipywidgets.Image`` that shows ``png`` ``width`` px wide, or narrower: the column's width."""
    layout = ipywidgets.Layout(max_width="100%", height="auto")
    if width is not None:
        layout.width = f"{int(width)}px"
    return ipywidgets.Image(value=png, format="png", layout=layout)


def figure_png(fig, dpi=SHOWN_DPI * PIXEL_RATIO, colors=32) -> bytes:
    """Render a matplotlib Figure to a small PNG: a 32-colour palette (a third of the size, looks the
    same for these flat-coloured plots), no timestamp, so identical figures give identical bytes.
    At the default ``dpi`` the PNG has ``PIXEL_RATIO`` × the pixels it is shown at (``shown_width``).

    ``colors=None`` skips the palette: a full-colour PNG, about twice the bytes but rendered in a
    fraction of the time — what a live slider wants, whose image goes from the kernel to the browser
    on the reader's own machine (the precomputed frames of the web page keep the palette)."""
    from PIL import Image  # Pillow comes with matplotlib

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {describe(fig)}")
    dpi = check_positive_real(dpi, "dpi", maximum=600)
    if colors is not None:
        colors = check_int(colors, "colors", minimum=2, maximum=256)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    if colors is None:
        return buffer.getvalue()
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT).save(out, format="PNG", optimize=True)
    return out.getvalue()


def new_figure(width, height, ncols=1, nrows=1):
    """A Figure with ``ncols`` side-by-side (or ``nrows`` stacked) axes, outside pyplot (never shown by itself).

    A figure at most ``PHONE_WIDTH_IN`` wide is shown unscaled on a phone, so its text keeps its size there."""
    fig = Figure(figsize=(width, height), layout="none")
    # fixed margins: a third faster than constrained layout, and sliders must feel live
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.17, top=0.88, wspace=0.38)
    axes = [fig.add_subplot(nrows, ncols, k + 1) for k in range(nrows * ncols)]
    return fig, axes


def _check_controls(controls):
    if not isinstance(controls, Mapping) or not controls:
        raise TypeError(f"controls must be a non-empty dict {{name: widget}}, got {describe(controls)}")
    for name, control in controls.items():
        if not isinstance(control, ipywidgets.ValueWidget):
            raise TypeError(f"controls[{name!r}] must be an ipywidgets control with a value, got {describe(control)}")
    return dict(controls)


class LivePanel(ipywidgets.VBox):
    """Controls, a figure and a status line; changing any control recomputes and redraws.

    ``compute(**values)`` returns data (numbers from companion); ``draw(data)`` returns a Figure;
    ``status(data)`` (optional) returns the HTML of the line under the figure.  ``extra`` widgets
    (a progress bar, say) sit between the controls and the figure.  After every update ``.data``,
    ``.figure`` and ``.seconds`` (time of the last update) are set.
    """

    def __init__(self, controls, compute, draw, status=None, extra=()):
        self.controls = _check_controls(controls)
        self.compute = check_callable(compute, "compute", "compute(**values)")
        self.draw = check_callable(draw, "draw", "draw(data)")
        self.describe = check_callable(status, "status", "status(data)") if status is not None else (lambda data: "")
        extra = list(extra)
        for widget in extra:
            if not isinstance(widget, ipywidgets.Widget):
                raise TypeError(f"extra must hold ipywidgets, got {describe(widget)}")
        self.image = image_widget()
        self.status = ipywidgets.HTML()
        for control in self.controls.values():
            if isinstance(control, ipywidgets.DOMWidget) and not control.layout.width:
                control.layout.width, control.layout.max_width = "100%", CONTROL_MAX_WIDTH
            control.observe(self.update, names="value")
        super().__init__(list(self.controls.values()) + extra + [self.image, self.status])
        self.update()

    def values(self):
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change=None):
        """Recompute, redraw, and show the new figure and status."""
        start = time.perf_counter()
        self.data = self.compute(**self.values())
        self.figure = self.draw(self.data)
        # live: speed over bytes
        self.image.value = figure_png(self.figure, colors=None)
        self.image.layout.width = f"{shown_width(self.figure)}px"
        self.status.value = self.describe(self.data)
        self.seconds = time.perf_counter() - start


def selection_slider(name, values, fmt):
    """A slider over a fixed list of values, each shown with ``fmt`` (e.g. ``"{:g}"``)."""
    return ipywidgets.SelectionSlider(
        options=[(fmt.format(v), v) for v in values],
        value=values[0],
        description=name,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=control_layout(),
    )


def _check_grid(grid, start):
    if not isinstance(grid, (list, tuple)) or len(grid) not in (1, 2):
        raise ValueError(
            f"grid must list one or two sliders [(name, values, fmt), …], got {describe(grid)}"
            + (f" of length {len(grid)}" if isinstance(grid, (list, tuple)) else "")
        )
    checked = []
    for k, entry in enumerate(grid):
        if not isinstance(entry, (list, tuple)) or len(entry) != 3:
            raise TypeError(f"grid[{k}] must be (name, values, fmt), got {describe(entry)}")
        name, values, fmt = entry
        if not isinstance(name, str) or not isinstance(fmt, str):
            raise TypeError(
                f"grid[{k}] must be (name, values, fmt) with name and fmt strings, "
                f"got name {describe(name)} and fmt {describe(fmt)}"
            )
        if not isinstance(values, (list, tuple)) or not values:
            raise ValueError(f"grid[{k}] values must be a non-empty list, got {describe(values)}")
        checked.append((name, list(values), fmt))
    if start is None:
        return checked, [0] * len(checked)
    if not isinstance(start, (list, tuple)) or len(start) != len(checked):
        raise ValueError(f"start must list one index per slider ({len(checked)}), got {describe(start)}")
    start = [
        check_int(index, f"start[{k}]", minimum=0, maximum=len(checked[k][1]) - 1) for k, index in enumerate(start)
    ]
    return checked, start


class StaticPanel(ipywidgets.VBox):
    """Precomputed figures for a grid of one or two slider values, switched in the browser.

    ``grid`` is ``[(name, values, fmt)]`` or two such entries; ``render(v)`` or
    ``render(v1, v2)`` returns a Figure.  One slider: a ``Stack`` of ``Image``
    widgets with ``slider.index`` jslinked to ``stack.selected_index``.  Two
    sliders: an outer ``Stack`` (slider 1) of inner ``Stack`` s (all jslinked to
    slider 2).  ``.pngs`` holds the PNG bytes, indexed like the grid.  ``alt`` says what
    the figure shows; in the page, the image's alt text becomes "<alt>, for <slider> = <value>, …"
    (book/_static/a11y.js reads it from a hidden element of the note).
    """

    def __init__(self, render, grid, alt, start=None, note=STATIC_NOTE):
        check_callable(render, "render", "render(value) or render(value_1, value_2)")
        grid, start = _check_grid(grid, start)
        if not isinstance(alt, str) or not alt.strip():
            raise TypeError(f"alt must be a non-empty string saying what the figure shows, got {describe(alt)}")
        if note is not None and not isinstance(note, str):
            raise TypeError(f"note must be a string of HTML (or None), got {describe(note)}")
        self.links = []  # the browser-side links, kept for inspection
        self.sliders = [selection_slider(name, values, fmt) for name, values, fmt in grid]
        for slider, index in zip(self.sliders, start):
            slider.index = index
        self.widths = set()  # the width the figures are shown at (one, if the render function is consistent)

        def png_of(fig):
            self.widths.add(shown_width(fig))
            return figure_png(fig)

        def image(png):
            return image_widget(png, max(self.widths))

        if len(grid) == 1:
            self.pngs = [png_of(render(v)) for v in grid[0][1]]
            self.stack = ipywidgets.Stack([image(png) for png in self.pngs], selected_index=start[0])
            self.links.append(ipywidgets.jslink((self.sliders[0], "index"), (self.stack, "selected_index")))
        else:
            self.pngs = [[png_of(render(v1, v2)) for v2 in grid[1][1]] for v1 in grid[0][1]]
            inner = []
            for row in self.pngs:
                stack = ipywidgets.Stack([image(png) for png in row], selected_index=start[1])
                self.links.append(ipywidgets.jslink((self.sliders[1], "index"), (stack, "selected_index")))
                inner.append(stack)
            self.stack = ipywidgets.Stack(inner, selected_index=start[0])
            self.links.append(ipywidgets.jslink((self.sliders[0], "index"), (self.stack, "selected_index")))
        self.alt = alt
        caption = ipywidgets.HTML(f'<span class="static-alt" hidden>{html.escape(alt)}</span>{note or ""}')
        super().__init__(self.sliders + [self.stack, caption])
        self.add_class("static-slider")

"""Sliders for the chapters (ipywidgets).  Imported only where a widget is shown.

Every widget here exists in two forms built from the same pieces — a *compute*
function that asks ``companion`` for numbers and a *draw* function that turns
them into a matplotlib figure:

* **live** (in JupyterLab, Binder, Colab): any control change recomputes and
  redraws; the figure is a PNG in an ``Image`` widget, swapped in one step, so
  nothing flickers.
* **static** (on the web page, where there is no Python): every slider position
  of a grid is computed in advance; the figures sit in a ``Stack`` whose
  ``selected_index`` is linked *in the browser* (``jslink``) to the slider, so
  moving the slider switches the figure with no kernel.  A note says that the
  live form recomputes for any value.

``mode=None`` picks the form from the environment variable ``COMPANION_WIDGETS``
(``"static"`` while the book is built, ``"live"`` otherwise).

Each widget is a ``VBox`` subclass that keeps what it computed (``.data``) and
drew (``.figure``), so tests can set a control and check the result.

The package has three parts:

==================  =====================================================================
``_controls``       the scaffolding: ``LivePanel``, ``StaticPanel``, sliders, ``figure_png``
``chapters``        the chapters' widgets: ``network_widget``, ``loss_widget``,
                    ``learning_rate_widget``
``network_explorer``  the explorer: ``explore`` (train one network), ``explorer_compute``
                    (the panel's settings → data, no UI), ``explorer_draw`` (data → Figure),
                    ``explorer`` (the panel)
==================  =====================================================================
"""

from ._controls import STATIC_NOTE, LivePanel, StaticPanel, figure_png, widget_mode
from .chapters import ALPHAS, learning_rate_widget, loss_widget, network_widget
from .network_explorer import EXPLORER_DEFAULTS, explore, explorer, explorer_compute, explorer_draw

__all__ = [
    "widget_mode",
    "figure_png",
    "LivePanel",
    "StaticPanel",
    "STATIC_NOTE",
    "network_widget",
    "loss_widget",
    "learning_rate_widget",
    "ALPHAS",
    "explorer",
    "explore",
    "explorer_compute",
    "explorer_draw",
    "EXPLORER_DEFAULTS",
]

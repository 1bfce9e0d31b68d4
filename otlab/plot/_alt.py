"""Alt text for every matplotlib figure a notebook shows, so that screen readers can read it.

Jupyter front ends show a figure's PNG as an ``<img>`` with no ``alt``. When otlab.plot is
imported in IPython, figures are also offered as HTML: the same PNG in an ``<img>`` whose alt
text says what the figure shows (its titles, axis labels and legend entries). Front ends that
prefer HTML (JupyterLab, Voila, nbconvert) show that; ``image/png`` stays for everything else
(the tour's PNG files).
"""

from __future__ import annotations

import html

from matplotlib.figure import Figure, FigureBase


def describe(figure: Figure) -> str:
    """A figure in words: its title, then per panel its title, axis labels and legend."""
    suptitle = figure._suptitle.get_text() if figure._suptitle else ""
    panels = []
    for ax in figure.axes:
        if not ax.get_visible() or not ax.has_data():
            continue
        parts = [ax.get_title() or ax.get_title("left") or "a panel"]
        labels = [f"x: {ax.get_xlabel()}" if ax.get_xlabel() else "", ""]
        labels[1] = f"y: {ax.get_ylabel()}" if ax.get_ylabel() else ""
        legend = ax.get_legend()
        if legend is not None:
            entries = [t.get_text() for t in legend.get_texts() if t.get_text()]
            labels.append("showing " + ", ".join(entries) if entries else "")
        details = "; ".join(label for label in labels if label)
        panels.append(f"{parts[0]} ({details})" if details else parts[0])
    text = (suptitle + ". " if suptitle else "") + ". ".join(panels)
    return "Figure: " + (text or "a plot")


def figure_html(figure: Figure) -> str | None:
    """The figure as an ``<img>`` with alt text (the ``text/html`` formatter of a Figure)."""
    from IPython.core.pylabtools import print_figure

    png = print_figure(figure, "png", bbox_inches="tight", base64=True)
    if not png:  # an empty figure
        return None
    return f'<img src="data:image/png;base64,{png}" alt="{html.escape(describe(figure))}">'


def register(shell=None) -> bool:
    """Offer every Figure as HTML with alt text in this IPython; False outside IPython."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    # Registered for Figure's base class: matplotlib's inline backend drops every formatter of
    # Figure itself when it starts (often after this import), but lookups follow the MRO.
    shell.display_formatter.formatters["text/html"].for_type(FigureBase, figure_html)
    return True

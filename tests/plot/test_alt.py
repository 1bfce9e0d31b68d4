"""Every figure a notebook shows carries alt text (otlab/plot/_alt.py)."""

from __future__ import annotations

from matplotlib.figure import Figure

from otlab.plot._alt import describe, register


def test_describe_names_titles_axes_and_legend():
    figure = Figure()
    left, right = figure.subplots(ncols=2)
    left.plot([0, 1], label="W1")
    left.plot([1, 0], label="JS")
    left.legend()
    left.set(title="divergences", xlabel="theta", ylabel="nats")
    right.scatter([0], [0])
    figure.suptitle("Two views")
    assert describe(figure) == (
        "Figure: Two views. divergences (x: theta; y: nats; showing W1, JS). a panel"
    )
    assert describe(Figure()) == "Figure: a plot"


def test_ipython_shows_figures_as_images_with_alt_text():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    assert register(shell)
    figure = Figure()
    figure.subplots().plot([0, 1])
    figure.axes[0].set_title("a line")
    data, _ = shell.display_formatter.format(figure)
    assert data["text/html"].startswith('<img src="data:image/png;base64,')
    assert data["text/html"].endswith('alt="Figure: a line">')

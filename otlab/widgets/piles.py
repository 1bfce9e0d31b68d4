"""The piles editor: a slider per pile of P and of Q, the earth mover's plan and W1 live.

Every panel is drawn once with :mod:`otlab.plot.piles`; a change of the sliders only moves
bars, labels and the arrow (``update_carried``, ``update_move``), which ``LiveFigure`` blits
over a cached image of the rest. A step slider (with a play button) walks through the moves
one at a time.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from otlab._validation import as_float_array, check_finite, check_positive_int, describe, fail
from otlab.exact import PilesResult, piles_emd
from otlab.plot.piles import plot_carried, plot_move, plot_piles, update_carried, update_move
from otlab.widgets._live import App, LiveFigure

__all__ = ["PilesEditor"]

_FUNC = "PilesEditor.update"


class PilesEditor(App):
    """Edit two rows of dirt piles and watch the optimal moves, the surplus and W1.

    Panels: P and Q side by side; the running surplus across each gap (what the cost adds
    up); the piles after the first ``step`` moves. ``self.readout`` shows
    "W1 = 0.500 | cost = 5 (mass x distance) | total mass 10 | ..." or, when the totals
    differ, the error message of :func:`otlab.piles_emd`.

    Parameters
    ----------
    p, q : sequence of int
        Starting heights; one slider per pile (``description`` "P[0]", "Q[0]", ...).
    positions : (n,) array_like, optional
        Pile locations, default ``0..n-1``.
    max_height : int
        Largest height a slider allows.
    """

    refusal = "Cannot move this dirt"

    def __init__(self, p=(3, 2, 1, 4), q=(1, 2, 4, 3), *, positions=None, max_height: int = 8):
        # The sliders hold whole heights from 0 to max_height: checked before they are built.
        max_height = check_positive_int("PilesEditor", "max_height", max_height)
        p = _slider_heights("p", p, max_height)
        q = _slider_heights("q", q, max_height, count=len(p))
        self.positions = positions
        self.result: PilesResult | None = None
        self._busy = False  # set while update() moves the step slider itself

        def slider(name, i, value):
            return widgets.IntSlider(
                value=int(value),
                min=0,
                max=max_height,
                description=f"{name}[{i}]",
                orientation="vertical",
                layout=widgets.Layout(width="48px"),
            )

        self.p_sliders = [slider("P", i, v) for i, v in enumerate(p)]
        self.q_sliders = [slider("Q", i, v) for i, v in enumerate(q)]
        self.step_slider = widgets.IntSlider(value=0, min=0, max=0, description="move")
        self.play = widgets.Play(value=0, min=0, max=0, interval=900, description="play moves")
        widgets.jslink((self.play, "value"), (self.step_slider, "value"))
        self.readout = widgets.HTML()

        self.live = LiveFigure(figsize=(10.5, 3.2), ncols=3)
        left, self.ax_carried, self.ax_move = self.live.axes
        plot_piles(p, q, positions, ax=left)
        left.set_title("P (dirt) and Q (piles to build)", fontsize="medium")
        left.set_ylim(0, max_height + 0.5)
        self.p_bars, self.q_bars = left.containers[0], left.containers[1]
        # Draw the other panels once, from piles that need no moves; update() moves them.
        still = piles_emd(np.ones(len(p)), np.ones(len(p)), positions)
        plot_carried(still, ax=self.ax_carried)
        plot_move(still, 0, ax=self.ax_move)
        self.message = self.live.figure.text(
            0.67, 0.5, "no transport plan:\nsee the message below", ha="center", va="center"
        )
        self.message.set_visible(False)
        # What a slider moves: bars, labels, arrow and the titles that quote numbers. The rest
        # (axes, ticks, legends) is a cached still image; update() invalidates it only when
        # the limits change or the panels are hidden or shown.
        self.moving = {
            ax: [
                *(a for a in [*ax.patches, *ax.texts] if a.get_gid()),
                ax.title,
            ]
            for ax in (self.ax_carried, self.ax_move)
        }
        self.live.animate(*self.p_bars, *self.q_bars, *(a for m in self.moving.values() for a in m))

        for s in [*self.p_sliders, *self.q_sliders]:
            s.observe(self._on_piles, names="value")
        self.step_slider.observe(self._on_step, names="value")
        rows = widgets.HBox(
            [
                widgets.VBox([widgets.HTML("<b>P</b>"), widgets.HBox(self.p_sliders)]),
                widgets.VBox([widgets.HTML("<b>Q</b>"), widgets.HBox(self.q_sliders)]),
            ]
        )
        steps = widgets.HBox([self.play, self.step_slider])
        self.widget = widgets.VBox([rows, steps, self.live.image, self.readout])
        self.update(p, q, step=0)

    def _on_piles(self, _change) -> None:
        p = [s.value for s in self.p_sliders]
        q = [s.value for s in self.q_sliders]
        self.update(p, q, step=self.step_slider.value)

    def _on_step(self, change) -> None:
        if not self._busy:
            p = [s.value for s in self.p_sliders]
            q = [s.value for s in self.q_sliders]
            self.update(p, q, step=change["new"])

    def update(self, p, q, step: int | None = None) -> None:
        """Solve piles ``p`` -> ``q`` and redraw, showing the first ``step`` moves.

        ``step=None`` shows all moves; a step beyond the last move shows the last.
        Invalid piles (unequal totals, nothing to move) put the error in the readout.
        """
        p, q = self._heights("p", p), self._heights("q", q)
        if step is not None:
            step = check_positive_int(_FUNC, "step", step, minimum=0)
        for bars, heights in ((self.p_bars, p), (self.q_bars, q)):
            for bar, height in zip(bars, heights, strict=True):
                bar.set_height(height)
        result = piles_emd(p, q, self.positions)
        self.result = result
        count = len(result.moves)
        step = count if step is None else min(step, count)
        self._set_steps(step, count)
        self._show_plan(True)
        limits = [ax.get_ylim() for ax in self.moving]
        update_carried(self.ax_carried, result)
        update_move(self.ax_move, result, step)
        if limits != [ax.get_ylim() for ax in self.moving]:
            self.live.invalidate()  # new tick labels: the still image must be redrawn
        self.readout.value = self.readout_html(result, step)
        self.live.redraw()

    def show_error(self, error: Exception) -> None:
        """No plan for these piles: hide the plan panels and say why in the readout."""
        self.result = None
        self._set_steps(0, 0)
        self._show_plan(False)
        super().show_error(error)
        self.live.redraw()

    def _show_plan(self, visible: bool) -> None:
        """Show the surplus and move panels, or the message that there is no plan."""
        if self.message.get_visible() != visible:
            return
        for ax, artists in self.moving.items():
            ax.set_visible(visible)
            for artist in artists:  # moving artists are drawn on their own, axes or not
                artist.set_visible(visible)
        self.message.set_visible(not visible)
        self.live.invalidate()

    @staticmethod
    def readout_html(result: PilesResult, step: int) -> str:
        """The numbers of ``result``: "W1 = 0.500 | cost = 5 (mass x distance) | ..."."""
        total = float(result.p.sum())
        moves = ", ".join(f"{a:g} from pile {s} to {d}" for s, d, a in result.moves) or "none"
        parts = [
            f"<b>W1 = {result.distance:.3f}</b>",
            html.escape(f"cost = {result.cost:g} (mass x distance)"),
            html.escape(f"total mass {total:g}"),
            html.escape(f"move {step} of {len(result.moves)}: work so far {result.work(step):g}"),
        ]
        return " | ".join(parts) + "<br>" + html.escape(f"moves: {moves}")

    def _heights(self, name: str, value) -> np.ndarray:
        arr = check_finite(_FUNC, name, as_float_array(_FUNC, name, value))
        if arr.shape != (len(self.p_sliders),):
            fail(
                _FUNC,
                f"`{name}` with {len(self.p_sliders)} pile heights",
                describe(arr),
                "pass one height per pile",
            )
        return arr

    def _set_steps(self, step: int, count: int) -> None:
        """Move the step slider and the play button without re-entering update()."""
        self._busy = True
        try:
            # Widen the range first so the value always fits.
            self.step_slider.max = self.play.max = max(count, self.step_slider.value)
            self.step_slider.value = self.play.value = step
            self.step_slider.max = self.play.max = count
        finally:
            self._busy = False


def _slider_heights(name: str, value, max_height: int, count: int | None = None) -> list[int]:
    """Starting heights for the sliders: whole numbers from 0 to ``max_height``."""
    func = "PilesEditor"
    arr = check_finite(func, name, as_float_array(func, name, value))
    if arr.ndim != 1 or arr.size == 0 or (count is not None and arr.size != count):
        size = "one height per pile" if count is None else f"{count} heights, as many as `p`"
        fail(func, f"`{name}` as a list of {size}", describe(arr), "pass e.g. p=(3, 2, 1, 4)")
    if np.any(arr != np.round(arr)) or np.any(arr < 0) or np.any(arr > max_height):
        fail(
            func,
            f"`{name}` as whole heights from 0 to max_height = {max_height}",
            f"{arr.tolist()}"[:60],
            "round the heights, or raise max_height",
        )
    return [int(v) for v in arr]

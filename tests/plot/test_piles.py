"""otlab.plot.piles: bars, surplus and moves drawn from the exact piles result."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from otlab import piles_emd, plot

P, Q = [3, 2, 1, 4], [1, 2, 4, 3]


def by_gid(ax) -> dict:
    """gid -> the artists carrying it (every bar of a bar chart carries its chart's gid)."""
    groups = {}
    for artist in [*ax.patches, *ax.lines, *ax.collections, *ax.texts]:
        if artist.get_gid():
            groups.setdefault(artist.get_gid(), []).append(artist)
    return groups


def heights(bars) -> list[float]:
    return [bar.get_height() for bar in bars]


def test_all_listed_in_package():
    for name in plot.piles.__all__:
        assert getattr(plot, name) is getattr(plot.piles, name)


def test_plot_piles_draws_p_and_q_side_by_side(ax):
    assert plot.plot_piles(P, Q, positions=[0, 1, 3, 4], ax=ax) is ax
    bars = by_gid(ax)
    assert heights(bars["P"]) == P and heights(bars["Q"]) == Q
    p_left = [bar.get_x() + bar.get_width() / 2 for bar in bars["P"]]
    q_left = [bar.get_x() + bar.get_width() / 2 for bar in bars["Q"]]
    assert np.all(np.array(p_left) < q_left)  # P to the left of Q at every position
    assert list(ax.get_xticks()) == [0, 1, 3, 4]
    assert "position" in ax.get_xlabel() and "mass" in ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["P", "Q"]


def test_plot_piles_makes_its_own_figure_and_allows_unequal_totals():
    ax = plot.plot_piles([1, 0], [0, 5])
    assert heights(by_gid(ax)["Q"]) == [0, 5]
    plt.close(ax.figure)


def test_plot_carried_shows_the_running_surplus(ax):
    r = piles_emd(P, Q)
    assert plot.plot_carried(r, ax=ax) is ax
    bars = by_gid(ax)["carried"]
    assert heights(bars) == [2.0, 2.0, -1.0]  # one bar per gap
    assert [bar.get_x() + bar.get_width() / 2 for bar in bars] == [0.5, 1.5, 2.5]
    labels = [t.get_text() for t in by_gid(ax)["carried-label"]]
    assert labels == ["2 →", "2 →", "← 1"]
    assert "5" in ax.get_title() and ax.get_ylabel()
    assert f"W1 = {r.distance:.3g}" in ax.get_title()  # the distance, not only the raw cost


def test_update_carried_moves_the_same_artists(ax):
    plot.plot_carried(piles_emd(P, Q), ax=ax)
    before = by_gid(ax)
    plot.update_carried(ax, piles_emd([0, 0, 0, 8], [8, 0, 0, 0]))
    after = by_gid(ax)
    assert after["carried"] == before["carried"]  # same artists, new heights
    assert heights(after["carried"]) == [-8.0, -8.0, -8.0]
    assert [t.get_text() for t in after["carried-label"]] == ["← 8"] * 3
    assert "24" in ax.get_title() and ax.get_ylim()[0] < -8
    plot.update_carried(ax, piles_emd([1, 2, 3, 4], [1, 2, 3, 4]))
    assert [t.get_text() for t in by_gid(ax)["carried-label"]] == [""] * 3


@pytest.mark.parametrize("step", [0, 1, 2, 3])
def test_plot_move_shows_the_piles_after_each_step(ax, step):
    r = piles_emd(P, Q)
    plot.plot_move(r, step, ax=ax)
    artists = by_gid(ax)
    assert heights(artists["piles"]) == r.after(step).tolist()
    assert heights(artists["target"]) == Q
    assert artists["move"][0].get_visible() == (step > 0)
    assert f"after {step} of 3 moves" in ax.get_title()
    assert f"work {r.work(step):g} of 5" in ax.get_title()


def test_plot_move_arrow_goes_from_source_to_destination(ax):
    r = piles_emd(P, Q)
    plot.plot_move(r, 3, ax=ax)  # the last move: 1 unit from pile 3 to pile 2
    (arrow,) = by_gid(ax)["move"]
    (x0, _), (x1, _) = arrow._posA_posB
    assert (x0, x1) == (3.0, 2.0)
    assert [t.get_text() for t in by_gid(ax)["amount"]] == ["1"]


def test_update_move_steps_through_the_moves(ax):
    r = piles_emd(P, Q)
    plot.plot_move(r, 0, ax=ax)
    bars = by_gid(ax)["piles"]
    for step in (1, 2, 3, 0):
        plot.update_move(ax, r, step)
        assert by_gid(ax)["piles"] == bars and heights(bars) == r.after(step).tolist()
        assert by_gid(ax)["move"][0].get_visible() == (step > 0)
        assert ax.get_title().startswith(f"after {step} of 3 moves")


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: plot.plot_piles([1, np.nan], [1, 1]), ValueError, "plot_piles: finite values"),
        (lambda: plot.plot_piles([1, -1], [1, 1]), ValueError, "plot_piles: non-negative"),
        (lambda: plot.plot_piles([1, 1], [1]), ValueError, "plot_piles: `q` as 2 pile heights"),
        (lambda: plot.plot_piles([], []), ValueError, "plot_piles: `p` as a non-empty 1-D"),
        (
            lambda: plot.plot_piles([1, 1], [1, 1], positions=[1, 0]),
            ValueError,
            "plot_piles: 2 strictly increasing `positions`",
        ),
        (lambda: plot.plot_carried([1, 2]), TypeError, "plot_carried: a PilesResult"),
        (lambda: plot.plot_move(None, 0), TypeError, "plot_move: a PilesResult"),
        (lambda: plot.plot_move(piles_emd(P, Q), 4), ValueError, "plot_move: `step`"),
        (lambda: plot.update_carried(plt.gca(), None), TypeError, "update_carried: a PilesRes"),
        (lambda: plot.update_move(plt.gca(), "r", 0), TypeError, "update_move: a PilesResult"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value).startswith(message)
    plt.close("all")


def test_plot_carried_labels_only_a_few_gaps(ax):
    many = piles_emd(np.arange(20) % 3, np.arange(20)[::-1] % 3)
    plot.plot_carried(many, ax=ax)
    assert "carried-label" not in by_gid(ax) and len(by_gid(ax)["carried"]) == 19
    plot.update_carried(ax, many)  # still works without labels
    fig, other = plt.subplots()
    plot.plot_carried(many, labels=True, ax=other)
    assert len(by_gid(other)["carried-label"]) == 19
    plt.close(fig)

"""otlab.plot.exact: quantiles, plans, potentials and fields drawn from the exact core."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy import stats

from otlab import emd, kantorovich_potential, plot, toy, wasserstein_1d


@pytest.fixture(scope="module")
def solved():
    x = toy.sample("8gaussians", 60, seed=0)
    y = toy.sample("gaussian", 60, seed=1, cov=[[0.3, 0.0], [0.0, 0.3]])
    return emd(x, y)


def by_gid(ax) -> dict:
    return {a.get_gid(): a for a in [*ax.lines, *ax.collections] if a.get_gid()}


def test_all_listed_in_package():
    for name in plot.exact.__all__:
        assert getattr(plot, name) is getattr(plot.exact, name)


def test_plot_quantiles_of_samples_are_step_functions(ax):
    u, v = [0.0, 1.0, 2.0, 3.0], [1.0, 5.0]
    assert plot.plot_quantiles(u, v, ax=ax) is ax
    lines = by_gid(ax)
    t, fu = lines["P"].get_data()
    fv = lines["Q"].get_ydata()
    assert set(fu) == set(u) and set(fv) == set(v)
    assert np.all(fu[t <= 0.25] == 0.0) and np.all(fv[t > 0.5] == 5.0)
    assert "area" in lines
    assert f"W1 = {wasserstein_1d(u, v):.3f}" in ax.get_title()
    assert ax.get_xlabel() == "quantile level t" and ax.get_ylabel()


def test_plot_quantiles_of_distributions(ax):
    plot.plot_quantiles(stats.norm(0, 1), stats.norm(2, 1), ax=ax)
    lines = by_gid(ax)
    gap = lines["Q"].get_ydata() - lines["P"].get_ydata()
    assert np.allclose(gap, 2.0)  # same shape, shifted by 2: the quantiles are parallel
    assert "W1 = 2.000" in ax.get_title()


def test_plot_plan_draws_one_segment_per_transported_pair(ax, solved):
    r = solved
    assert plot.plot_plan(r.x, r.y, r.plan, ax=ax) is ax
    artists = by_gid(ax)
    segments = artists["plan"].get_segments()
    assert len(segments) == np.count_nonzero(r.plan > 1e-12)
    # Every segment joins a y_j to an x_i that the plan pairs.
    for seg in segments:
        j = np.flatnonzero(np.all(r.y == seg[0], axis=1))[0]
        i = np.flatnonzero(np.all(r.x == seg[1], axis=1))[0]
        assert r.plan[i, j] > 0
    np.testing.assert_array_equal(artists["x"].get_offsets(), r.x)
    np.testing.assert_array_equal(artists["y"].get_offsets(), r.y)
    assert ax.get_xlabel() and ax.get_ylabel()


def test_plot_plan_width_and_alpha_grow_with_mass(ax):
    x, y = [[0.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [1.0, 1.0]]
    plan = np.array([[0.7, 0.0], [0.1, 0.2]])
    plot.plot_plan(x, y, plan, ax=ax, max_lines=2)
    lines = by_gid(ax)["plan"]
    widths, alphas = lines.get_linewidths(), lines.get_colors()[:, 3]
    assert len(lines.get_segments()) == 2  # the two heaviest only
    assert widths[0] > widths[1] and alphas[0] > alphas[1]


def test_plot_plan_legend_below_the_axes_or_none(ax, solved):
    r = solved
    plot.plot_plan(r.x, r.y, r.plan, ax=ax, legend="below")
    anchor = ax.get_legend().get_bbox_to_anchor().transformed(ax.transAxes.inverted())
    assert anchor.y0 < 0  # under the Axes: nothing drawn on them is covered
    ax.clear()
    plot.plot_plan(r.x, r.y, r.plan, ax=ax, legend=None)
    assert ax.get_legend() is None


def test_plot_sample_rates_one_log_log_curve_per_case(ax):
    sizes = [10, 100, 1000]
    estimates = {"d = 1": [[1.0, 1.2], [0.3, 0.3], [0.1, 0.1]], "d = 4": [0.5, 0.3, 0.17]}
    assert plot.plot_sample_rates(sizes, estimates, guides={"d = 4": -0.25}, ax=ax) is ax
    curves = [line for line in ax.get_lines() if line.get_gid() == "rate"]
    assert [line.get_label() for line in curves] == ["d = 1", "d = 4"]
    np.testing.assert_allclose(curves[0].get_ydata(), [1.1, 0.3, 0.1])
    (guide,) = [line for line in ax.get_lines() if line.get_gid() == "guide"]
    np.testing.assert_allclose(guide.get_ydata(), 0.5 * np.array([1, 10, 100]) ** -0.25)
    assert ax.get_xscale() == ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="one row per size"):
        plot.plot_sample_rates(sizes, {"bad": [1.0, 2.0]}, ax=ax)


def test_plot_potential_is_the_potential_on_a_grid(solved):
    f = kantorovich_potential(solved)
    ax = plot.plot_potential(f, (-3, 3), (-2, 2), n=40, levels=10)
    contours = by_gid(ax)["potential"]
    _, _, F = f.on_grid((-3, 3), (-2, 2), n=40)
    assert contours.levels.min() <= F.min() and contours.levels.max() >= F.max()
    assert len(ax.figure.axes) == 2  # the colorbar
    assert ax.get_xlim() == (-3, 3)
    plt.close(ax.figure)


def test_plot_potential_without_colorbar(ax, solved):
    plot.plot_potential(kantorovich_potential(solved), (-3, 3), (-3, 3), colorbar=False, ax=ax)
    assert len(ax.figure.axes) == 1


def test_plot_potential_field_draws_unit_gradients(ax, solved):
    f = kantorovich_potential(solved)
    assert plot.plot_potential_field(f, (-3, 3), (-3, 3), n=7, ax=ax) is ax
    quiver = by_gid(ax)["field"]
    assert quiver.N == 49
    assert np.allclose(np.hypot(quiver.U, quiver.V), 1.0)
    np.testing.assert_allclose(np.column_stack([quiver.U, quiver.V])[0], f.grad([[-3.0, -3.0]])[0])


def test_plot_sample_estimates(ax):
    sizes = [10, 100, 1000]
    estimates = np.array([[1.5, 1.7], [1.3, 1.35], [1.25, 1.22]])
    assert plot.plot_sample_estimates(sizes, estimates, 1.2, ax=ax) is ax
    lines = by_gid(ax)
    np.testing.assert_allclose(lines["estimate"].get_ydata(), estimates.mean(axis=1))
    assert list(lines["exact"].get_ydata()) == [1.2, 1.2]
    assert ax.get_xscale() == "log" and "n" in ax.get_xlabel()


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: plot.plot_quantiles([0.0], stats.norm()), TypeError, "plot_quantiles: two"),
        (lambda: plot.plot_quantiles([np.nan], [0.0]), ValueError, "plot_quantiles: finite"),
        (lambda: plot.plot_plan([[0, 0]], [[1, 1]], np.eye(2)), ValueError, "plot_plan: `plan`"),
        (lambda: plot.plot_plan([[0, 0, 0]], [[1, 1]], [[1]]), ValueError, "plot_plan: `x`"),
        (lambda: plot.plot_plan([[0, 0]], [[1, 1]], [[np.nan]]), ValueError, "plot_plan: finite"),
        (lambda: plot.plot_potential("f", (0, 1), (0, 1)), TypeError, "plot_potential: a Potent"),
        (lambda: plot.plot_potential_field(3, (0, 1), (0, 1)), TypeError, "plot_potential_field"),
        (
            lambda: plot.plot_sample_estimates([1, 2], [1.0], 1.0),
            ValueError,
            "plot_sample_estimates: `estimates` with one row per size",
        ),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value).startswith(message)
    plt.close("all")

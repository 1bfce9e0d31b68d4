"""Mode coverage against samples whose answer is known."""

import numpy as np
import pytest
import torch

from otlab import toy
from otlab.gan import mode_coverage


def test_true_samples_cover_every_mode_at_the_chi_rate():
    samples = toy.sample("8gaussians", 40_000, seed=0)
    cov = mode_coverage(samples, "8gaussians")
    assert cov.modes_covered == cov.n_modes == 8
    # |z| <= 3 for a standard 2-D Gaussian has probability 1 - exp(-9/2).
    assert cov.fraction_near == pytest.approx(1 - np.exp(-4.5), abs=3e-3)
    assert cov.tolerance == pytest.approx(3 * 0.02)


def test_twenty_five_gaussians_with_their_own_parameters():
    samples = toy.sample("25gaussians", 10_000, seed=1, spacing=2.0, sd=0.1)
    cov = mode_coverage(samples, "25gaussians", spacing=2.0, sd=0.1)
    assert cov.modes_covered == 25
    np.testing.assert_allclose(cov.modes, toy.grid_centres(2.0))
    # The wrong parameters see nothing where the modes should be.
    assert mode_coverage(samples, "25gaussians", spacing=1.0, sd=0.1).modes_covered < 25


def test_a_collapsed_generator_covers_one_mode():
    centre = toy.ring_centres(8)[3]
    cov = mode_coverage(np.tile(centre, (500, 1)), "8gaussians")
    assert cov.modes_covered == 1
    assert cov.covered[3]
    assert cov.counts.tolist() == [0, 0, 0, 500, 0, 0, 0, 0]


def test_samples_between_modes_count_for_none():
    between = np.tile([1.0, 1.0], (100, 1))  # inside the ring, far from every centre
    cov = mode_coverage(between, "8gaussians")
    assert cov.modes_covered == 0 and cov.fraction_near == 0.0


def test_min_share_sets_how_many_samples_a_mode_needs():
    centres = toy.ring_centres(8)
    samples = np.concatenate([np.tile(centres[0], (90, 1)), np.tile(centres[1], (10, 1))])
    # Fair share 100 / 8 = 12.5: 10 samples are 0.8 of it.
    assert mode_coverage(samples, "8gaussians", min_share=0.8).modes_covered == 2
    assert mode_coverage(samples, "8gaussians", min_share=0.81).modes_covered == 1


def test_parallel_lines_measure_the_distance_to_each_segment():
    points = np.array(
        [
            [0.0, 0.5],  # on line 0
            [0.5, 0.2],  # on line 1 (theta = 0.5)
            [0.52, 1.04],  # 0.045 from the end of line 1: at it
            [1.04, 1.04],  # 0.0566 from the end of line 2: not at it
            [1.0, -0.05],  # just below line 2: at it
            [0.25, 0.5],  # half-way between lines
        ]
    )
    cov = mode_coverage(points, "parallel_lines", theta=0.5, lines=3, min_share=0.1)
    assert cov.counts.tolist() == [1, 2, 1]
    assert cov.fraction_near == pytest.approx(4 / 6)
    np.testing.assert_allclose(cov.modes, [[0.0, 0.5], [0.5, 0.5], [1.0, 0.5]])


def test_parallel_lines_defaults_match_toy():
    samples = toy.sample("parallel_lines", 2000, seed=0)  # theta = 1, two lines
    cov = mode_coverage(samples, "parallel_lines")
    assert cov.n_modes == 2 and cov.modes_covered == 2 and cov.fraction_near == 1.0


def test_tolerance_can_be_widened_and_accepts_torch():
    samples = torch.tensor([[2.2, 0.0]] * 10)
    assert mode_coverage(samples, "8gaussians").modes_covered == 0
    assert mode_coverage(samples, "8gaussians", tolerance=0.25).modes_covered == 1


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (([[0.0, 0.0]], "swissroll"), {}, "`dataset` one of '8gaussians'"),
        (([[0.0, 0.0]], "8gaussians"), {"spacing": 1.0}, "parameters of '8gaussians' among"),
        (([[0.0, 0.0]], "8gaussians"), {"sd": -1.0}, "`sd` > 0"),
        (([[0.0, 0.0]], "8gaussians"), {"tolerance": 0.0}, "`tolerance` > 0"),
        (([[0.0, 0.0]], "8gaussians"), {"min_share": 0.0}, "`min_share` > 0"),
        (([[0.0, 0.0]], "parallel_lines"), {"lines": 2.5}, "`lines` an integer >= 1"),
        (([[0.0, 0.0]], "parallel_lines"), {"theta": float("inf")}, "a finite `theta`"),
        (([[0.0, 0.0, 0.0]], "8gaussians"), {}, "`samples` with 2 coordinates"),
        (([[np.nan, 0.0]], "8gaussians"), {}, "finite values in `samples`"),
        ((np.empty((0, 2)), "8gaussians"), {}, "a non-empty `samples`"),
    ],
)
def test_bad_input_is_refused_with_a_fix(args, kwargs, match):
    with pytest.raises(ValueError, match=f"mode_coverage: .*{match}"):
        mode_coverage(*args, **kwargs)


def test_strings_are_not_samples():
    with pytest.raises(TypeError, match="mode_coverage: `samples` as an array of numbers"):
        mode_coverage("points", "8gaussians")

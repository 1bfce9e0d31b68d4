"""transport_directions and mean_cosine: the exact answer beside a generator's samples."""

import numpy as np
import pytest

import otlab
from otlab.gan import mean_cosine, transport_directions


def test_transport_directions_point_along_the_plan():
    real = np.array([[2.0, 0.0], [0.0, 3.0]])
    fake = np.array([[0.0, 0.0], [0.0, 1.0]])
    t = transport_directions(real, fake)
    assert t.distance == pytest.approx(otlab.emd(real, fake).distance, abs=1e-12)
    np.testing.assert_allclose(np.linalg.norm(t.direction, axis=1), 1.0)
    # Each direction is the unit vector towards the data point its sample is sent to.
    for j, i in enumerate(t.result.plan.argmax(axis=0)):
        offset = real[i] - fake[j]
        np.testing.assert_allclose(t.direction[j], offset / np.linalg.norm(offset))


def test_transport_directions_are_the_gradient_of_the_exact_potential():
    rng = np.random.default_rng(0)
    real = otlab.toy.sample("8gaussians", 40, seed=0)
    fake = rng.normal(size=(40, 2)) * 0.3
    t = transport_directions(real, fake)
    # Just off each sample, along its transport segment, the potential's gradient is d_j.
    np.testing.assert_allclose(t.potential.grad(fake + 1e-6 * t.direction), t.direction, atol=1e-6)


def test_mean_cosine_skips_zero_rows_and_checks_shapes():
    assert mean_cosine([[1.0, 0.0], [0.0, 0.0]], [[2.0, 0.0], [1.0, 0.0]]) == 1.0
    assert np.isnan(mean_cosine([[0.0, 0.0]], [[1.0, 0.0]]))
    with pytest.raises(ValueError, match="mean_cosine: u and v of one shape"):
        mean_cosine([[1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]])

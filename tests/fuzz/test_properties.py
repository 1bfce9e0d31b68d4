"""Valid edge cases of the exact core, drawn by hypothesis: single points, duplicate points,
masses at the 1e-300 scale, integer count histograms, torch tensors where numpy arrays are
expected. Each answer must be finite and equal a peer (POT's ot.emd2, scipy) or a closed form.

The fuzz registry checks that bad input is refused; these check that odd but valid input is
answered right (issue 13: bad input never crashes, never lies).
"""

from __future__ import annotations

import numpy as np
import ot
import pytest
import scipy.spatial.distance
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import otlab

FAST = settings(max_examples=30, deadline=None, derandomize=True)
TINY = 1e-300  # masses at this scale: their products underflow, their ratios do not

coordinate = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
exponent = st.sampled_from([1, 2, 3])
solvers = st.sampled_from(["network_simplex", "highs"])


def cloud(n, dim=2):
    """(n, dim) points, duplicates allowed (hypothesis shrinks towards repeated zeros)."""
    return st.lists(st.lists(coordinate, min_size=dim, max_size=dim), min_size=n, max_size=n).map(
        np.array
    )


@st.composite
def problems(draw, max_points: int = 5):
    """Two point clouds with integer count weights of the same total."""
    n, m = draw(st.integers(1, max_points)), draw(st.integers(1, max_points))
    x, y = draw(cloud(n)), draw(cloud(m))
    a = np.array(draw(st.lists(st.integers(0, 9), min_size=n, max_size=n)))
    b = np.array(draw(st.lists(st.integers(0, 9), min_size=m, max_size=m)))
    a[0] += 1  # a positive total
    total = int(a.sum())
    b = _with_total(b, total)
    return x, y, a, b


def _with_total(counts: np.ndarray, total: int) -> np.ndarray:
    """Integer counts with the given total, close to the drawn shape."""
    counts = counts + 1
    scaled = np.floor(counts * total / counts.sum()).astype(int)
    scaled[0] += total - int(scaled.sum())
    return scaled


def peer_emd(x, y, a, b, p) -> float:
    """POT's exact cost sum(plan * |x - y|^p), on probability vectors, scaled back."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    total = a.sum()
    # scipy's cdist, not ot.dist: that expands |x|^2 + |y|^2 - 2 x.y and is off by 1e-7 at
    # coincident points, where the exact answer is 0.
    cost = scipy.spatial.distance.cdist(x, y) ** p
    return float(ot.emd2(a / total, b / total, cost)) * total


# --------------------------------------------------------------------------- otlab.emd


@FAST
@given(problems(), exponent, solvers)
def test_emd_with_count_weights_and_duplicates_matches_pot(problem, p, solver):
    x, y, a, b = problem
    result = otlab.emd(x, y, a, b, p=p, solver=solver)
    assert np.isfinite(result.cost)
    np.testing.assert_allclose(result.cost, peer_emd(x, y, a, b, p), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(result.plan.sum(axis=1), a, rtol=1e-9, atol=1e-9)


@FAST
@given(problems(), exponent, solvers)
def test_emd_with_masses_at_1e300_scales_the_cost(problem, p, solver):
    x, y, a, b = problem
    tiny = otlab.emd(x, y, a * TINY, b * TINY, p=p, solver=solver)
    assert np.isfinite(tiny.cost) and tiny.cost >= 0
    np.testing.assert_allclose(tiny.cost / TINY, peer_emd(x, y, a, b, p), rtol=1e-8, atol=1e-9)


@FAST
@given(cloud(1), cloud(1), exponent)
def test_emd_between_single_points_is_their_distance(x, y, p):
    result = otlab.emd(x, y, p=p)
    np.testing.assert_allclose(result.distance, np.linalg.norm(x - y), rtol=1e-9, atol=1e-12)


@FAST
@given(cloud(3), st.integers(1, 4))
def test_emd_between_a_cloud_and_its_repeated_copy_is_zero(x, copies):
    assert otlab.emd(x, np.repeat(x, copies, axis=0)).cost == pytest.approx(0.0, abs=1e-12)


@FAST
@given(problems(max_points=4))
def test_emd_accepts_torch_tensors(problem):
    torch = pytest.importorskip("torch")
    x, y, a, b = problem
    expected = otlab.emd(x, y, a, b).cost
    got = otlab.emd(torch.tensor(x), torch.tensor(y), torch.tensor(a), torch.tensor(b)).cost
    np.testing.assert_allclose(got, expected, rtol=1e-12)


# --------------------------------------------------------------------------- wasserstein_1d


@st.composite
def lines(draw):
    """Samples on a line with integer count weights of the same total (duplicates allowed)."""
    n, m = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    u = np.array(draw(st.lists(coordinate, min_size=n, max_size=n)))
    v = np.array(draw(st.lists(coordinate, min_size=m, max_size=m)))
    a = np.array(draw(st.lists(st.integers(0, 9), min_size=n, max_size=n)))
    a[0] += 1
    b = _with_total(np.array(draw(st.lists(st.integers(0, 9), min_size=m, max_size=m))), a.sum())
    return u, v, a, b


@FAST
@given(lines())
def test_wasserstein_1d_matches_scipy(problem):
    u, v, a, b = problem
    expected = scipy.stats.wasserstein_distance(u, v, a, b)
    for scale in (1.0, TINY):  # counts, and the same masses at the 1e-300 scale
        got = otlab.wasserstein_1d(u, v, u_weights=a * scale, v_weights=b * scale)
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9)


@FAST
@given(lines(), st.sampled_from([2, 3]))
def test_wasserstein_1d_for_p_above_1_matches_pot(problem, p):
    u, v, a, b = problem
    expected = peer_emd(u[:, None], v[:, None], a / a.sum(), b / b.sum(), p) ** (1 / p)
    got = otlab.wasserstein_1d(u, v, p=p, u_weights=a, v_weights=b)
    np.testing.assert_allclose(got, expected, rtol=1e-7, atol=1e-9)


@FAST
@given(coordinate, coordinate, exponent)
def test_wasserstein_1d_between_single_points_is_their_gap(s, t, p):
    assert otlab.wasserstein_1d([s], [t], p=p) == pytest.approx(abs(s - t), rel=1e-12, abs=1e-12)


@FAST
@given(lines())
def test_wasserstein_1d_accepts_torch_tensors(problem):
    torch = pytest.importorskip("torch")
    u, v, a, b = problem
    expected = otlab.wasserstein_1d(u, v, u_weights=a, v_weights=b)
    tensors = [torch.tensor(t) for t in (u, v, a, b)]
    got = otlab.wasserstein_1d(tensors[0], tensors[1], u_weights=tensors[2], v_weights=tensors[3])
    np.testing.assert_allclose(got, expected, rtol=1e-12)


# --------------------------------------------------------------------------- gaussian_w2

variance = st.floats(0, 10, allow_nan=False)  # 0: a Dirac, still a (degenerate) Gaussian


@FAST
@given(st.lists(coordinate, min_size=2, max_size=2), st.lists(coordinate, min_size=2, max_size=2))
def test_gaussian_w2_between_diracs_is_the_distance_of_their_means(m1, m2):
    zero = np.zeros((2, 2))
    got = otlab.gaussian_w2(m1, zero, m2, zero)
    assert got == pytest.approx(np.linalg.norm(np.subtract(m1, m2)), rel=1e-9, abs=1e-12)


@FAST
@given(cloud(1), cloud(1), st.lists(variance, min_size=4, max_size=4))
def test_gaussian_w2_of_diagonal_covariances_has_its_closed_form(m1, m2, variances):
    d1, d2 = np.array(variances[:2]), np.array(variances[2:])
    # Commuting covariances: W2^2 = |m1 - m2|^2 + sum_k (sqrt(d1_k) - sqrt(d2_k))^2.
    expected = np.sqrt(np.sum((m1 - m2) ** 2) + np.sum((np.sqrt(d1) - np.sqrt(d2)) ** 2))
    got = otlab.gaussian_w2(m1[0], np.diag(d1), m2[0], np.diag(d2))
    assert np.isfinite(got)
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-6)


@FAST
@given(coordinate, coordinate, variance, variance)
def test_gaussian_w2_in_one_dimension_with_torch_tensors(m1, m2, v1, v2):
    torch = pytest.importorskip("torch")
    expected = np.hypot(m1 - m2, np.sqrt(v1) - np.sqrt(v2))
    got = otlab.gaussian_w2(
        torch.tensor([m1]), torch.tensor([[v1]]), torch.tensor([m2]), torch.tensor([[v2]])
    )
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-6)


# --------------------------------------------------------------------------- divergences


@st.composite
def histograms(draw):
    """Two count histograms on one support, q positive everywhere (so KL(p || q) is finite)."""
    k = draw(st.integers(1, 6))
    p = np.array(draw(st.lists(st.integers(0, 20), min_size=k, max_size=k)))
    p[0] += 1
    q = np.array(draw(st.lists(st.integers(1, 20), min_size=k, max_size=k)))
    return p, q


def js_peer(p, q) -> float:
    return float(scipy.spatial.distance.jensenshannon(p, q) ** 2)  # natural log, normalised


@FAST
@given(histograms(), st.sampled_from([1.0, TINY]))
def test_divergences_of_counts_and_tiny_masses_match_scipy(pair, scale):
    p, q = pair
    pn, qn = p / p.sum(), q / q.sum()
    cases = [
        (otlab.kl(p * scale, q * scale), scipy.stats.entropy(p, q)),
        (otlab.kl(p * scale, q * scale, base=2), scipy.stats.entropy(p, q, base=2)),
        (otlab.js(p * scale, q * scale), js_peer(p, q)),
        (otlab.tv(p * scale, q * scale), 0.5 * np.abs(pn - qn).sum()),
    ]
    for got, expected in cases:
        assert np.isfinite(got)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


@FAST
@given(histograms())
def test_divergences_accept_torch_tensors(pair):
    torch = pytest.importorskip("torch")
    p, q = pair
    tp, tq = torch.tensor(p), torch.tensor(q)
    for divergence in (otlab.kl, otlab.js, otlab.tv):
        assert divergence(tp, tq) == pytest.approx(divergence(p, q), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("divergence", [otlab.kl, otlab.js, otlab.tv])
def test_divergences_of_a_single_bin_are_zero(divergence):
    assert divergence([3], [7]) == 0.0

"""otlab.exact.entropic: Sinkhorn against POT and the exact LP, the divergence, the potential."""

import warnings

import numpy as np
import ot
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from scipy.spatial.distance import cdist

from otlab import (
    emd,
    entropic_potential,
    kantorovich_potential,
    sinkhorn,
    sinkhorn_divergence,
    sinkhorn_loss,
    toy,
)
from otlab.exact.entropic import SinkhornResult, SinkhornWarning
from otlab.exact.soft_potential import EntropicPotential


def clouds(seed, n=30, m=20):
    """Two clouds with random (Dirichlet) masses: a non-degenerate LP with unique duals."""
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((n, 2)), rng.standard_normal((m, 2)) + [1.0, 0.5]
    return x, y, rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(m))


# POT as peer ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("p, eps", [(1, 0.05), (2, 0.1), (1, 0.01)])
def test_equals_pot_sinkhorn_log(seed, p, eps):
    x, y, a, b = clouds(seed)
    r = sinkhorn(x, y, a, b, eps=eps, p=p)
    plan = ot.bregman.sinkhorn_log(a, b, cdist(x, y) ** p, eps, numItermax=10_000, stopThr=1e-9)
    assert np.abs(r.plan - plan).max() <= 1e-8
    assert r.cost == pytest.approx(float(np.sum(plan * cdist(x, y) ** p)), abs=1e-8)
    assert r.converged and r.error < 1e-9 and r.iterations > 1


def test_result_fields_and_the_plan_formula():
    x, y, a, b = clouds(0)
    r = sinkhorn(x, y, a, b, eps=0.1, p=2)
    assert isinstance(r, SinkhornResult)
    assert r.plan.shape == (30, 20) and r.f.shape == (30,) and r.g.shape == (20,)
    # plan_ij = a_i b_j exp((f_i + g_j - C_ij) / eps)
    formula = np.outer(a, b) * np.exp((r.f[:, None] + r.g[None, :] - r.cost_matrix) / r.eps)
    assert np.allclose(r.plan, formula, rtol=1e-10, atol=1e-15)
    assert np.allclose(r.plan.sum(axis=1), a, atol=1e-12)
    assert np.allclose(r.plan.sum(axis=0), b, atol=1e-9)
    # Dual value = entropic cost at convergence.
    assert a @ r.f + b @ r.g == pytest.approx(r.entropic_cost, abs=1e-8)
    assert r.distance == pytest.approx(np.sqrt(r.cost))


def test_counts_keep_their_units():
    x, y, a, b = clouds(1, 4, 3)
    unit = sinkhorn(x, y, a, b, eps=0.2)
    counts = sinkhorn(x, y, 10 * a, 10 * b, eps=0.2)
    assert np.allclose(counts.plan, 10 * unit.plan) and counts.cost == pytest.approx(10 * unit.cost)
    assert counts.distance == pytest.approx(unit.distance)
    assert counts.entropic_cost == pytest.approx(unit.entropic_cost)


def test_zero_masses_leave_finite_potentials():
    x, y, a, b = clouds(2, 5, 4)
    a[1], b[2] = 0.0, 0.0
    a, b = a / a.sum(), b / b.sum()
    r = sinkhorn(x, y, a, b, eps=0.1)
    assert np.all(np.isfinite(r.f)) and np.all(np.isfinite(r.g))
    assert np.all(r.plan[1] == 0) and np.all(r.plan[:, 2] == 0)
    # The massless point's potential is the soft c-transform there, like every other point's.
    f = entropic_potential(r)
    assert f(x[1:2])[0] == pytest.approx(r.f[1], abs=1e-9)


# Towards the exact LP as eps -> 0 -------------------------------------------------------------


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("p", [1, 2])
def test_cost_approaches_emd_within_one_percent(seed, p):
    x, y, a, b = clouds(seed)
    exact = emd(x, y, a, b, p=p)
    r = sinkhorn(x, y, a, b, eps=0.01 * exact.cost, p=p)
    assert r.converged
    assert exact.cost <= r.cost <= 1.01 * exact.cost  # the exact plan is the cheapest


def test_cost_decreases_to_emd_as_eps_falls():
    x, y, a, b = clouds(3)
    exact = emd(x, y, a, b).cost
    costs = [sinkhorn(x, y, a, b, eps=eps).cost for eps in (1.0, 0.3, 0.1, 0.03, 0.01)]
    assert all(np.diff(costs) < 0) and costs[-1] - exact < 0.01 * exact


def test_entropic_potential_tends_to_the_kantorovich_potential():
    x, y, a, b = clouds(4)
    exact = kantorovich_potential(emd(x, y, a, b))
    _, _, target = exact.on_grid((-3, 3), (-3, 3), n=40)
    gaps = []
    for eps in (0.3, 0.03, 0.003):
        _, _, soft = entropic_potential(sinkhorn(x, y, a, b, eps=eps)).on_grid((-3, 3), (-3, 3), 40)
        gaps.append(np.ptp(soft - target))  # potentials are defined up to a constant
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 0.05


# The entropic potential -----------------------------------------------------------------------


def test_potential_equals_f_at_the_points_and_has_the_right_gradient():
    x, y, a, b = clouds(5)
    for p in (1, 2):
        r = sinkhorn(x, y, a, b, eps=0.1, p=p)
        f = entropic_potential(r)
        assert isinstance(f, EntropicPotential)
        assert np.allclose(f(x), r.f, atol=1e-8)
        z = np.random.default_rng(0).standard_normal((7, 2)) * 2
        h = 1e-6
        numeric = np.column_stack([(f(z + h * e) - f(z - h * e)) / (2 * h) for e in np.eye(2)])
        assert np.allclose(f.grad(z), numeric, atol=1e-6)


def test_p1_potential_is_1_lipschitz_and_on_grid_matches_call():
    x, y, a, b = clouds(6)
    f = entropic_potential(sinkhorn(x, y, a, b, eps=0.05))
    X, Y, F = f.on_grid((-2, 2), (-1, 3), n=17)
    assert X.shape == Y.shape == F.shape == (17, 17)
    assert np.allclose(F.ravel(), f(np.column_stack([X.ravel(), Y.ravel()])))
    assert np.all(
        np.linalg.norm(f.grad(np.column_stack([X.ravel(), Y.ravel()])), axis=1) <= 1 + 1e-12
    )


def test_soft_minimum_is_below_the_hard_one_in_one_point():
    # One source point: f(z) = |z - y| - g exactly, for every eps.
    r = sinkhorn([[2.0, 0.0]], [[0.0, 0.0]], eps=0.3)
    f = entropic_potential(r)
    z = np.array([[1.0, 1.0], [-3.0, 4.0]])
    assert np.allclose(f(z), np.linalg.norm(z, axis=1) - r.g[0])


# The Sinkhorn divergence ---------------------------------------------------------------------


@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 12),
    m=st.integers(2, 12),
    eps=st.floats(0.05, 2.0),
    p=st.sampled_from([1, 2]),
)
def test_divergence_is_nonnegative_and_zero_on_equal_inputs(seed, n, m, eps, p):
    x, y, a, b = clouds(seed, n, m)
    assert sinkhorn_divergence(x, y, a, b, eps=eps, p=p) >= -1e-8
    assert sinkhorn_divergence(x, x, a, a, eps=eps, p=p) == 0.0


def test_divergence_is_symmetric_and_zero_for_permuted_points():
    x, y, a, b = clouds(7, 15, 10)
    s_xy = sinkhorn_divergence(x, y, a, b, eps=0.2)
    assert s_xy == pytest.approx(sinkhorn_divergence(y, x, b, a, eps=0.2), abs=1e-8)
    order = np.random.default_rng(0).permutation(15)
    assert abs(sinkhorn_divergence(x, x[order], a, a[order], eps=0.2)) < 1e-8


def test_divergence_tends_to_emd_at_small_eps_and_grows_with_a_shift():
    # A translated copy is the slowest case for Sinkhorn (its error decays like 1 / iteration),
    # so these ask for tol=1e-5: the divergence is then accurate to about 1e-5.
    x = toy.sample("gaussian", 30, seed=0)
    shifted = [
        sinkhorn_divergence(x, x + [s, 0.0], eps=0.3, p=2, tol=1e-5) for s in (0.5, 1.0, 2.0)
    ]
    assert np.all(np.diff(shifted) > 0)
    # As eps -> 0 the debiased divergence approaches W_p^p, the exact LP's cost.
    x, y, a, b = clouds(8)
    for p in (1, 2):
        exact = emd(x, y, a, b, p=p).cost
        small = sinkhorn_divergence(x, y, a, b, eps=0.01 * exact, p=p)
        assert small == pytest.approx(exact, rel=0.02)


def test_symmetric_self_terms_converge_where_alternating_updates_crawl():
    # 8 tight clusters: POT's alternating updates need > 10^4 iterations on OT(x, x) at this eps.
    x = toy.sample("8gaussians", 60, seed=0)
    y = toy.sample("gaussian", 40, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sinkhorn_divergence(x, y, eps=0.1) > 0


# sinkhorn_loss: the torch version ------------------------------------------------------------


@pytest.mark.parametrize("p, eps", [(1, 0.1), (2, 0.3)])
def test_loss_matches_the_divergence_and_finite_differences(p, eps):
    real = toy.sample("8gaussians", 30, seed=0)
    fake = toy.sample("gaussian", 20, seed=1)
    tensor = torch.tensor(fake, requires_grad=True)
    loss = sinkhorn_loss(tensor, torch.tensor(real), eps=eps, p=p, tol=1e-10, max_iter=10_000)
    assert loss.ndim == 0
    expected = sinkhorn_divergence(real, fake, eps=eps, p=p, tol=1e-10)
    assert float(loss.detach()) == pytest.approx(expected, abs=1e-8)
    loss.backward()
    h = 1e-5
    for i, k in [(0, 0), (7, 1), (19, 0)]:
        plus, minus = fake.copy(), fake.copy()
        plus[i, k] += h
        minus[i, k] -= h
        numeric = (
            sinkhorn_divergence(real, plus, eps=eps, p=p, tol=1e-12, max_iter=50_000)
            - sinkhorn_divergence(real, minus, eps=eps, p=p, tol=1e-12, max_iter=50_000)
        ) / (2 * h)
        assert float(tensor.grad[i, k]) == pytest.approx(numeric, abs=1e-6)


def test_loss_gradient_moves_fake_towards_real():
    real = torch.tensor(toy.sample("gaussian", 64, seed=0))
    fake = (real + torch.tensor([2.0, 0.0])).clone().requires_grad_(True)
    sinkhorn_loss(fake, real, eps=0.5, p=2, tol=1e-4).backward()
    assert float(fake.grad[:, 0].mean()) > 0  # descending the loss moves fake left, onto real


def test_loss_is_zero_on_equal_batches_and_float32_works():
    real = torch.tensor(toy.sample("moons", 32, seed=0), dtype=torch.float32)
    fake = real.clone().requires_grad_(True)
    loss = sinkhorn_loss(fake, real, eps=0.3, tol=1e-4)
    assert abs(float(loss.detach())) < 1e-4 and loss.dtype == torch.float32
    loss.backward()
    assert torch.isfinite(fake.grad).all()


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"eps": 0.0}, ValueError, "`eps` > 0, got 0.0"),
        ({"eps": -1.0}, ValueError, "`eps` > 0"),
        ({"eps": float("nan")}, ValueError, "a finite `eps`"),
        ({"eps": float("inf")}, ValueError, "a finite `eps`"),
        ({"eps": "0.1"}, TypeError, "`eps` as a real number"),
        ({"eps": None}, TypeError, "`eps` as a real number"),
        ({"eps": 0.1, "p": 0.5}, ValueError, "p >= 1"),
        ({"eps": 0.1, "max_iter": 0}, ValueError, "`max_iter` an integer >= 1"),
        ({"eps": 0.1, "tol": 0.0}, ValueError, "`tol` > 0"),
    ],
)
def test_bad_input(kwargs, error, message):
    x, y, _, _ = clouds(0, 4, 3)
    with pytest.raises(error, match="^sinkhorn: ") as info:
        sinkhorn(x, y, **kwargs)
    assert message in str(info.value) and "; " in str(info.value)


def test_eps_is_required_and_masses_must_match():
    with pytest.raises(TypeError):
        sinkhorn([[0.0]], [[1.0]])  # eps has no default
    with pytest.raises(ValueError, match="^sinkhorn: equal total mass"):
        sinkhorn([[0.0]], [[1.0]], [1.0], [2.0], eps=0.1)


def test_not_converged_warns_with_a_fix_and_says_so_in_the_result():
    x, y, a, b = clouds(0)
    with pytest.warns(SinkhornWarning, match=r"^sinkhorn: marginals within tol=1e-09, got") as w:
        r = sinkhorn(x, y, a, b, eps=0.001, max_iter=50)
    assert "raise max_iter, raise eps" in str(w[0].message)
    assert not r.converged and r.iterations == 50 and r.error > 1e-9


def test_divergence_and_loss_bad_input():
    x, y, _, _ = clouds(0, 4, 3)
    with pytest.raises(ValueError, match=r"^sinkhorn_divergence: an exponent 1 <= p <= 2"):
        sinkhorn_divergence(x, y, eps=0.1, p=3)
    with pytest.raises(ValueError, match=r"^sinkhorn_divergence: `eps` > 0"):
        sinkhorn_divergence(x, y, eps=-0.1)
    with pytest.raises(TypeError, match=r"^sinkhorn_loss: `fake` as a \(B, d\) torch tensor"):
        sinkhorn_loss(y, torch.tensor(x), eps=0.1)
    with pytest.raises(ValueError, match=r"^sinkhorn_loss: finite values in `fake`"):
        sinkhorn_loss(torch.full((3, 2), float("nan")), torch.tensor(x), eps=0.1)
    with pytest.raises(ValueError, match=r"^sinkhorn_loss: `eps` > 0"):
        sinkhorn_loss(torch.tensor(y), torch.tensor(x), eps=0.0)


def test_entropic_potential_needs_a_sinkhorn_result():
    with pytest.raises(TypeError, match="^entropic_potential: a SinkhornResult"):
        entropic_potential(emd([[0.0]], [[1.0]]))


def test_public_names():
    import otlab

    for name in [
        "sinkhorn",
        "sinkhorn_divergence",
        "sinkhorn_loss",
        "entropic_potential",
        "sliced_wasserstein",
        "displacement_interpolation",
        "gaussian_geodesic",
        "SinkhornResult",
        "EntropicPotential",
        "Interpolant",
    ]:
        assert name in otlab.__all__ and hasattr(otlab, name)

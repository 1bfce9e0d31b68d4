"""otlab.critics.fit (and its loop, otlab.critics.training): training a critic between two fixed
samples."""

import numpy as np
import pytest
import torch

import otlab
from otlab import toy
from otlab.critics import (
    CriticFit,
    certified_estimate,
    fit_critic,
    gradient_penalty,
    lipschitz_penalty,
    make_critic,
    training,
)

TINY = {"width": 16, "depth": 2, "steps": 40, "snapshot_every": 10, "grid_size": 12}


def pair(n=48, shift=(2.0, 0.0)):
    fake = toy.sample("gaussian", n, seed=1, cov=((0.25, 0.0), (0.0, 0.25)))
    return fake + np.asarray(shift), fake


def tiny_fit(constraint="gp", **kwargs):
    real, fake = pair()
    options = {**TINY, **kwargs}
    return fit_critic(real, fake, constraint=constraint, seed=0, progress=False, **options)


@pytest.mark.parametrize("constraint", ["gp", "lp", "clip", "sn"])
def test_same_seed_same_numbers(constraint):
    first, second = tiny_fit(constraint), tiny_fit(constraint)
    assert np.array_equal(first.history.estimate, second.history.estimate)
    assert np.array_equal(first.history.grad_norm_max, second.history.grad_norm_max)
    assert np.array_equal(first.snapshots.values, second.snapshots.values)
    assert first.estimate == second.estimate and first.lipschitz == second.lipschitz
    other = fit_critic(*pair(), constraint=constraint, seed=1, progress=False, **TINY)
    assert not np.array_equal(first.history.estimate, other.history.estimate)


def test_global_random_state_untouched():
    before = torch.random.get_rng_state()
    tiny_fit("sn")
    assert torch.equal(before, torch.random.get_rng_state())


def test_result_layout():
    fit = tiny_fit()
    assert isinstance(fit, CriticFit) and fit.steps == 40 and not fit.interrupted
    fields = ("estimate", "penalty", "grad_norm_mean", "grad_norm_min", "grad_norm_max", "lr")
    for field in fields:
        assert getattr(fit.history, field).shape == (40,)
    assert fit.snapshots.certified_estimate.shape == (5,)
    assert fit.certified_estimate == fit.snapshots.certified_estimate[-1]
    assert np.all(np.diff(fit.history.seconds) >= 0)
    assert np.array_equal(fit.snapshots.steps, [0, 10, 20, 30, 40])
    assert fit.snapshots.values.shape == (5, 12, 12)
    assert fit.snapshots.X.shape == (12, 12)
    # the grid covers the data
    points = np.vstack([fit.real, fit.fake])
    assert fit.snapshots.X.min() < points[:, 0].min() and fit.snapshots.X.max() > points[:, 0].max()
    assert fit.estimate == fit.snapshots.estimate[-1]
    h = fit.history
    assert np.all(h.grad_norm_min <= h.grad_norm_mean) and np.all(
        h.grad_norm_mean <= h.grad_norm_max
    )


class LinearCritic(torch.nn.Module):
    """f(x) = w . x + b: Lipschitz constant |w| exactly, gap w . (mean real - mean fake)."""

    def __init__(self, w, b=0.7):
        super().__init__()
        self.w = torch.nn.Parameter(torch.tensor(w, dtype=torch.float32))
        self.b = torch.nn.Parameter(torch.tensor(b))

    def forward(self, x):
        return x @ self.w + self.b


def test_estimate_lipschitz_and_normalised_estimate_of_a_known_critic(monkeypatch):
    # Freeze training on a linear critic: every number of the fit is then known by hand.
    w = [1.5, -2.0]  # |w| = 2.5
    monkeypatch.setattr(training, "make_critic", lambda **kwargs: LinearCritic(w))
    monkeypatch.setattr(training._Trainer, "_step", lambda self, step: None)
    fit = tiny_fit()
    gap = float(np.asarray(w) @ (fit.real.mean(axis=0) - fit.fake.mean(axis=0)))  # = 1.5 * 2
    assert gap == pytest.approx(3.0)
    assert fit.lipschitz == pytest.approx(2.5, rel=1e-6)
    assert fit.estimate == pytest.approx(gap, rel=1e-5)
    assert fit.normalized_estimate == pytest.approx(gap / 2.5, rel=1e-5)


@pytest.mark.parametrize(
    "constraint, penalty", [("gp", gradient_penalty), ("lp", lipschitz_penalty)]
)
@pytest.mark.parametrize("sampling", ["real", "real+fake"])
def test_training_penalty_is_the_shared_penalty(constraint, penalty, sampling):
    # The first recorded penalty is that of the initial critic: the one gradient_penalty /
    # lipschitz_penalty (tested against closed forms) give for the same network and points.
    real, fake = pair()
    fit = fit_critic(
        real, fake, constraint=constraint, seed=0, progress=False, sampling=sampling, **TINY
    )
    initial = make_critic(
        width=TINY["width"],
        depth=TINY["depth"],
        activation=fit.config.activation,
        generator=torch.Generator().manual_seed(0),
    )
    as_tensor = lambda x: torch.as_tensor(x, dtype=torch.float32)  # noqa: E731
    expected = penalty(initial, as_tensor(real), as_tensor(fake), sampling=sampling)
    assert fit.history.penalty[0] == pytest.approx(float(expected.detach()), rel=1e-5)


def test_final_estimate_is_the_gap_of_the_returned_critic():
    fit = tiny_fit("sn")
    gap = fit.critic(fit.real).mean() - fit.critic(fit.fake).mean()
    assert fit.estimate == pytest.approx(gap, rel=1e-5)
    # evaluating does not change the function (spectral norm is frozen in eval mode)
    assert np.array_equal(fit.critic(fit.real), fit.critic(fit.real))


def test_certified_estimate_is_that_of_the_returned_critic_and_a_bound():
    fit = tiny_fit()
    values = fit.critic(fit.fake)
    assert fit.certified_estimate == pytest.approx(
        certified_estimate(fit.real, fit.fake, values), rel=1e-9
    )
    exact = otlab.emd(fit.real, fit.fake).distance
    assert np.all(fit.snapshots.certified_estimate <= exact + 1e-9)


# The convergence rule ---------------------------------------------------------------------

SETTLE = {**TINY, "steps": None, "max_steps": 1000, "settle_window": 4}


def test_a_critic_that_does_not_move_settles_after_each_window(monkeypatch):
    # Frozen training: every window is flat, so each of the 1 + lr_decays settles takes
    # exactly settle_window - 1 snapshot intervals, and the lr is cut between them.
    monkeypatch.setattr(training._Trainer, "_step", lambda self, step: None)
    real, fake = pair()
    fit = fit_critic(real, fake, seed=0, progress=False, **SETTLE, lr_decays=2)
    assert fit.settled and fit.steps == 3 * (4 - 1) * TINY["snapshot_every"]
    fit = fit_critic(real, fake, seed=0, progress=False, **SETTLE, schedule="constant")
    assert fit.settled and fit.steps == (4 - 1) * TINY["snapshot_every"]


def test_training_until_settled_stops_at_the_same_step_for_the_same_seed():
    real, fake = pair()
    first = fit_critic(real, fake, seed=0, progress=False, **SETTLE)
    second = fit_critic(real, fake, seed=0, progress=False, **SETTLE)
    assert first.settled and first.steps < SETTLE["max_steps"]
    assert first.steps == second.steps
    assert np.array_equal(first.history.estimate, second.history.estimate)
    assert first.certified_estimate == second.certified_estimate
    # the plateau schedule cut the lr twice on the way, by lr_decay each time
    lr = first.config.lr
    assert np.allclose(np.unique(first.history.lr), sorted([lr, 0.3 * lr, 0.09 * lr]))


def test_max_steps_caps_an_unsettled_run():
    real, fake = pair()
    fit = fit_critic(real, fake, seed=0, progress=False, **{**SETTLE, "max_steps": 30})
    assert fit.steps == 30 and not fit.settled
    assert fit.snapshots.steps[-1] == 30


def test_fixed_steps_run_to_the_end_whatever_the_estimates_do(monkeypatch):
    monkeypatch.setattr(training._Trainer, "_step", lambda self, step: None)
    fit = tiny_fit(steps=200, settle_window=4)
    assert fit.steps == 200 and fit.settled  # settled on the way, but did not stop


def test_lipschitz_is_the_largest_gradient_norm_on_grid_and_data():
    fit = tiny_fit()
    grid = np.column_stack([fit.snapshots.X.ravel(), fit.snapshots.Y.ravel()])
    probe = np.vstack([grid, fit.real, fit.fake])
    assert fit.lipschitz == pytest.approx(fit.critic.grad_norm(probe).max(), rel=1e-5)


def test_penalty_history_matches_constraint():
    assert np.all(tiny_fit("clip").history.penalty == 0)
    assert np.all(tiny_fit("gp").history.penalty > 0)


def test_clipping_bounds_the_weights():
    fit = tiny_fit("clip", clip=0.03125)
    for p in fit.critic.network.parameters():
        assert float(p.detach().abs().max()) <= 0.03125


def test_spectral_norm_layers():
    fit = tiny_fit("sn")
    net = fit.critic.network
    assert not net.training
    linears = [m for m in net.modules() if isinstance(m, torch.nn.Linear)]
    assert all(torch.nn.utils.parametrize.is_parametrized(m, "weight") for m in linears)


def test_mini_batches_and_unequal_sizes():
    real, fake = pair(48)
    fit = fit_critic(real, fake[:30], seed=0, progress=False, batch_size=16, **TINY)
    assert fit.steps == 40 and np.isfinite(fit.estimate)
    full = fit_critic(real, fake[:30], seed=0, progress=False, **TINY)
    assert np.isfinite(full.estimate)


@pytest.mark.parametrize(
    "make", [np.random.default_rng, lambda seed: torch.Generator().manual_seed(seed)]
)
def test_seed_accepts_a_generator(make):
    real, fake = pair()
    first = fit_critic(real, fake, seed=make(7), progress=False, **TINY)
    second = fit_critic(real, fake, seed=make(7), progress=False, **TINY)
    assert isinstance(first.seed, int) and first.seed == second.seed
    assert np.array_equal(first.history.estimate, second.history.estimate)
    assert np.array_equal(first.snapshots.values, second.snapshots.values)
    # the recorded int seed reproduces the fit
    again = fit_critic(real, fake, seed=first.seed, progress=False, **TINY)
    assert np.array_equal(first.history.estimate, again.history.estimate)
    # the generator advances: drawing again gives another seed
    generator = make(7)
    fit_critic(real, fake, seed=generator, progress=False, **TINY)
    assert fit_critic(real, fake, seed=generator, progress=False, **TINY).seed != first.seed


def test_seed_none_draws_and_records_one():
    real, fake = pair()
    fit = fit_critic(real, fake, progress=False, **TINY)
    again = fit_critic(real, fake, seed=fit.seed, progress=False, **TINY)
    assert np.array_equal(fit.history.estimate, again.history.estimate)


def test_progress_bar(capsys):
    real, fake = pair()
    fit_critic(real, fake, seed=0, progress=True, **TINY)
    assert "critic (gp)" in capsys.readouterr().err
    fit_critic(real, fake, seed=0, progress=False, **TINY)
    assert capsys.readouterr().err == ""


def test_keyboard_interrupt_returns_the_fit_so_far(monkeypatch):
    original = training._Trainer._step

    def step(self, step):
        if step == 17:
            raise KeyboardInterrupt
        original(self, step)

    monkeypatch.setattr(training._Trainer, "_step", step)
    fit = tiny_fit()
    assert fit.interrupted and fit.steps == 17
    assert fit.snapshots.steps[-1] == 17 and np.isfinite(fit.estimate)


@pytest.mark.parametrize("constraint", ["gp", "sn"])
def test_divergence_names_the_step_and_a_fix(constraint):
    with pytest.raises(FloatingPointError, match=r"fit_critic: .* at step \d+; lower lr"):
        tiny_fit(constraint, lr=1e12, schedule="constant")


def test_torch_tensors_are_accepted():
    real, fake = pair()
    fit = fit_critic(torch.as_tensor(real), torch.as_tensor(fake), seed=0, progress=False, **TINY)
    assert fit.real.dtype == np.float64


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"constraint": "wc"}, ValueError, "'clip', 'gp', 'lp', 'sn'"),
        ({"preset": "slow"}, ValueError, "'fast', 'paper'"),
        ({"steps": 0}, ValueError, "`steps` an integer >= 1"),
        ({"seed": 1.5}, TypeError, "`seed` an int >= 0"),
        ({"seed": -1}, ValueError, "`seed` >= 0, got -1"),
        ({"device": "meta"}, ValueError, "`device` 'cpu' or 'cuda'"),
        ({"seed": np.random.RandomState(0)}, TypeError, "numpy.random.Generator, a torch"),
        ({"device": "tpu:x"}, ValueError, "`device` a torch device"),
        ({"lerning_rate": 1.0}, TypeError, "lerning_rate"),
    ],
)
def test_bad_options(kwargs, error, match):
    with pytest.raises(error, match=f"fit_critic: .*{match}"):
        fit_critic(*pair(), progress=False, **kwargs)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_cuda_without_gpu_says_so():
    with pytest.raises(ValueError, match="fit_critic: a CUDA device.*use device='cpu'"):
        fit_critic(*pair(), device="cuda", progress=False)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU")
def test_cuda_matches_cpu_closely():
    real, fake = pair()
    cpu = fit_critic(real, fake, seed=0, progress=False, **TINY)
    gpu = fit_critic(real, fake, seed=0, progress=False, device="cuda", **TINY)
    assert gpu.estimate == pytest.approx(cpu.estimate, rel=1e-3)
    assert gpu.critic(real).shape == (48,)


@pytest.mark.parametrize(
    "real, fake, error, match",
    [
        (np.zeros((5, 3)), np.zeros((5, 2)), ValueError, "`real` with 2 coordinates"),
        (np.zeros((5, 2)), [[np.nan, 0.0]], ValueError, "finite values in `fake`"),
        ("points", np.zeros((5, 2)), TypeError, "`real` as an array"),
        (np.zeros((0, 2)), np.zeros((5, 2)), ValueError, "a non-empty `real`"),
    ],
)
def test_bad_samples(real, fake, error, match):
    with pytest.raises(error, match=f"fit_critic: {match}"):
        fit_critic(real, fake, progress=False)


# The experiments of the course -----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("penalty_weight", [10.0, 100.0])
def test_point_masses_value_difference_approaches_the_distance(penalty_weight):
    # Interpolates lie on the segment [t, s] only. A slope k along it gains k * L in the gap
    # and costs lambda * (k - 1)^2, so the optimum is k = 1 + L / (2 lambda): the difference
    # f(s) - f(t) = L + L^2 / (2 lambda) tends to L = |s - t| as lambda grows.
    s, t = np.array([1.0, 2.0]), np.array([-1.0, 0.5])
    length = np.linalg.norm(s - t)
    real = toy.sample("point_masses", 64, seed=0, locations=[s])
    fake = toy.sample("point_masses", 64, seed=1, locations=[t])
    fit = fit_critic(real, fake, seed=0, progress=False, penalty_weight=penalty_weight)
    assert fit.settled  # the default trains until settled
    difference = float(fit.critic([s])[0] - fit.critic([t])[0])
    assert difference == pytest.approx(length + length**2 / (2 * penalty_weight), rel=0.01)
    if penalty_weight >= 100:
        assert difference == pytest.approx(length, rel=0.02)


@pytest.mark.slow
def test_translate_gradient_aligns_with_the_shift():
    v = np.array([1.5, -0.5])
    fake = toy.sample("gaussian", 128, seed=2, cov=((0.5, 0.1), (0.1, 0.3)))
    real = fake + v
    exact = otlab.emd(real, fake)
    assert exact.distance == pytest.approx(np.linalg.norm(v), rel=1e-9)  # W1 of a translate
    fit = fit_critic(real, fake, seed=0, progress=False, steps=400)
    comparison = otlab.compare_critic(fit, exact)
    assert comparison.mean_cosine >= 0.99
    assert fit.estimate == pytest.approx(np.linalg.norm(v), rel=0.03)

# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 08 · Beyond the exact LP
#
# The exact LP of notebook 03 stores an n x m plan and its solver's time grows faster than
# n²; for large problems `otlab.emd` refuses and points elsewhere. This notebook is about
# those other places, and about two questions the earlier notebooks left open:
#
# 1. **Entropic transport** (Sinkhorn): blur the plan a little, solve much more easily, and
#    watch cost, plan and potential come back to the exact ones as the blur `eps` shrinks.
# 2. **Sliced transport**: project on random lines, where transport is a sort.
# 3. **W1 or W2?** Where the two optimal plans differ, and what "moving along a geodesic"
#    means (displacement interpolation, checked against Gaussians in closed form).
# 4. **Three witnesses** of the difference between two distributions: the W1 potential, the
#    MMD witness and the optimal JS discriminator, on the theta family of notebook 02.
# 5. **Time against size** for the three solvers, measured.
#
# Everything is computed with POT underneath: its log-domain Sinkhorn (`ot.bregman.sinkhorn_log`),
# its sliced distance, and its torch backend for the GAN loss at the end of section 1.

# %%
import os
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import display

import otlab
from otlab import plot, toy, widgets
from otlab.divergences import theta_slopes

SEED = 0
FAST = bool(os.environ.get("OTLAB_FAST"))
N_EPS = 30 if FAST else 50  # points per cloud for the eps slider
EPS_VALUES = [1.0, 0.3, 0.1, 0.03, 0.01] if FAST else [1.0, 0.3, 0.1, 0.03, 0.01, 0.003]
COUNTS = [1, 3, 10, 30, 100, 300]  # projections for sliced W
SEEDS = 10 if FAST else 30  # seeds per projection count
N_GAUSS = 100 if FAST else 300  # samples per Gaussian for the interpolation
SIZES = [50, 100, 200, 400] if FAST else [100, 200, 400, 800, 1600]  # timings

# %% [markdown]
# ## 1. Entropic transport: a blurred plan that is easy to find
#
# Add to the transport cost a multiple `eps` of the plan's relative entropy:
#
# $$\mathrm{OT}_\varepsilon = \min_{P \ge 0,\ P\mathbf 1 = a,\ P^\top \mathbf 1 = b}
#   \sum_{ij} P_{ij} C_{ij} + \varepsilon\, \mathrm{KL}(P \,|\, a \otimes b).$$
#
# The entropy term pulls the plan towards "everyone sends a little to everyone", so the
# optimal plan spreads out; in exchange it has the form P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps),
# and Sinkhorn's algorithm finds f and g by alternately fixing the row sums and the column
# sums. `otlab.sinkhorn` runs it in the log domain, so a small eps does not underflow; it
# returns the plan, the cost Σ P C (without the entropy), the potentials f and g, and the
# number of iterations it needed.
#
# The potential f extends to the whole plane as a *soft* minimum,
# f_eps(z) = -eps log Σ_j b_j exp((g_j - |z - y_j|)/eps) (`otlab.entropic_potential`), a smoothed
# version of the Kantorovich potential min_j (|z - y_j| - g_j) of notebook 03. As eps falls,
# each should approach its exact counterpart. The masses below are random, which makes the
# exact potential unique (up to a constant) so that there is one limit to approach.

# %%
rng = np.random.default_rng(SEED)
x = toy.sample("8gaussians", N_EPS, seed=SEED, sd=0.2)
y = toy.sample("gaussian", N_EPS - 10, seed=SEED + 1)
a, b = rng.dirichlet(np.ones(N_EPS)), rng.dirichlet(np.ones(N_EPS - 10))
exact = otlab.emd(x, y, a, b)
_, _, f_exact = otlab.kantorovich_potential(exact).on_grid((-3, 3), (-3, 3), n=60)
print(f"emd: cost = {exact.cost:.5f}")
print(f"{'eps':>6} {'cost':>9} {'gap':>8} {'potential gap':>14} {'iterations':>11} {'time':>8}")
rows = []
for eps in EPS_VALUES:
    start = time.perf_counter()
    r = otlab.sinkhorn(x, y, a, b, eps=eps)
    seconds = time.perf_counter() - start
    _, _, f_eps = otlab.entropic_potential(r).on_grid((-3, 3), (-3, 3), n=60)
    gap, f_gap = (r.cost - exact.cost) / exact.cost, np.ptp(f_eps - f_exact)
    rows.append((eps, gap, f_gap, r.iterations, r.converged))
    print(f"{eps:6g} {r.cost:9.5f} {gap:+8.2%} {f_gap:14.4f} {r.iterations:11d} {seconds:7.2f}s")
eps_, gaps, f_gaps, iterations, converged = map(np.array, zip(*rows, strict=True))
rate = np.polyfit(np.log(eps_), np.log(f_gaps), 1)[0]
print(
    f"the potential gap shrinks like eps^{rate:.2f}; iterations grow {iterations[-1] / iterations[0]:.0f}-fold"
)
assert np.all(converged) and np.all(np.diff(gaps) < 0) and np.all(np.diff(f_gaps) < 0)
assert gaps[-1] < 0.01 and iterations[-1] > 10 * iterations[0]

# %% [markdown]
# The cost comes down to the exact one (the entropic plan is a valid plan, so its cost is
# never below the optimum), the potential's gap to the exact potential shrinks with eps at the
# rate printed (the "potential gap" is the range of f_eps - f_exact over a grid on [-3, 3]²,
# so the arbitrary constant does not count), and the price is paid in iterations: the
# smallest eps needs many times the iterations of the largest.
#
# Move the slider: at large eps every pair carries some mass and the potential is a smooth
# bowl; as eps falls the plan sharpens to the few pairs of the exact plan and the potential
# grows the kinks of the exact one.

# %%
entropic_app = widgets.EntropicApp(x, y, a, b, eps_values=EPS_VALUES, eps=0.1)
display(entropic_app)

# %% [markdown]
# **A divergence, and a GAN loss.** OT_eps(α, α) is not 0: the blurred plan of a
# distribution to itself still moves mass. The *Sinkhorn divergence* removes that bias,
#
# $$S_\varepsilon(\alpha, \beta) = \mathrm{OT}_\varepsilon(\alpha, \beta)
#   - \tfrac12 \mathrm{OT}_\varepsilon(\alpha, \alpha) - \tfrac12 \mathrm{OT}_\varepsilon(\beta, \beta),$$
#
# which is ≥ 0, 0 only for equal inputs, and tends to W_p^p as eps → 0. A generator can
# descend it directly, with no critic at all (a "Sinkhorn GAN"): `otlab.sinkhorn_loss` is the
# same number on two torch batches, differentiable in the generated batch through POT's torch
# backend.

# %%
s_eps = otlab.sinkhorn_divergence(x, y, a, b, eps=0.03)
print(f"S_eps(x, y) = {s_eps:.5f} at eps = 0.03 (W1 = {exact.cost:.5f})")
print(f"S_eps(x, x) = {otlab.sinkhorn_divergence(x, x, a, a, eps=0.03)}")
real = torch.tensor(toy.sample("8gaussians", 64, seed=SEED))
fake = torch.tensor(toy.sample("gaussian", 64, seed=SEED + 1), requires_grad=True)
loss = otlab.sinkhorn_loss(fake, real, eps=0.1)
loss.backward()
same = otlab.sinkhorn_divergence(real.numpy(), fake.detach().numpy(), eps=0.1, tol=1e-6)
print(f"sinkhorn_loss = {loss.item():.6f}, sinkhorn_divergence = {same:.6f} on the same batches")
# Each generated point carries mass 1/64, so its gradient is 1/64 of the direction it moves.
print(
    f"mean length of 64 x the gradient per generated point: {64 * fake.grad.norm(dim=1).mean():.4f}"
)
assert s_eps > 0 and abs(loss.item() - same) < 1e-5

# %% [markdown]
# ## 2. Sliced Wasserstein: transport along random lines
#
# Projected onto a line, both clouds become sets of numbers, and on a line optimal transport
# is a sort (notebook 03). Sliced Wasserstein averages W_p^p over random directions θ:
#
# $$SW_p(\alpha, \beta)^p = \mathbb E_\theta\, W_p^p(\theta_\# \alpha, \theta_\# \beta).$$
#
# Each projection costs a sort, so it is cheap at any size, and never larger than W_p (a
# projection only brings points closer). It is a different distance, not an approximation of
# W_p that improves with more projections: more projections only reduce the Monte Carlo
# spread around SW_p itself, like 1 / sqrt(number of projections).

# %%
table = np.array(
    [
        [otlab.sliced_wasserstein(x, y, a, b, n_projections=k, seed=s) for s in range(SEEDS)]
        for k in COUNTS
    ]
)  # (counts, seeds)
for k, row in zip(COUNTS, table, strict=True):
    print(
        f"{k:4d} projections: mean {row.mean():.4f}, spread (std over {SEEDS} seeds) {row.std():.4f}"
    )
print(f"exact W1 = {exact.distance:.4f}")
shrink = table[0].std() / table[-1].std()
print(
    f"spread at {COUNTS[0]} / spread at {COUNTS[-1]} = {shrink:.1f} (1/sqrt law: {np.sqrt(COUNTS[-1] / COUNTS[0]):.1f})"
)
assert np.all(table <= exact.distance + 1e-12) and shrink > 5

# %% [markdown]
# Move the sliders: the number of directions (left, one line each) and the seed that draws
# them. The dots on the right are the estimates for every seed; the dashed line is W1.

# %%
sliced_app = widgets.SlicedApp(x, y, counts=COUNTS, seeds=SEEDS, n_projections=10, seed=SEED)
display(sliced_app)

# %% [markdown]
# ## 3. W1 or W2?
#
# **Shifting a row of books.** Books stand at positions 0, 1, ..., n - 1 and must end at
# 1, 2, ..., n, each book a mass 1/n. Two plans come to mind: shift every book by one, or
# carry the first book to the end. Under W1 (cost = distance) both cost 1: n moves of length
# 1, or one move of length n. W1 has many optimal plans. Under W2 (cost = distance²) the
# shift still costs 1 but the long carry costs n: W2 prefers many short moves, and its optimal
# plan here is unique.

# %%
N_BOOKS = 6
source = np.arange(N_BOOKS, dtype=float)  # y: where the books stand
target = source + 1.0  # x: where they must go
shift = np.eye(N_BOOKS) / N_BOOKS  # book k to slot k
carry = np.zeros((N_BOOKS, N_BOOKS))  # the first book to the end, the others stay
carry[N_BOOKS - 1, 0] = 1 / N_BOOKS
for k in range(1, N_BOOKS):
    carry[k - 1, k] = 1 / N_BOOKS
w1, w2 = otlab.emd(target, source, p=1), otlab.emd(target, source, p=2)
for name, plan in (("shift", shift), ("carry one", carry)):
    print(
        f"{name:>9}: cost with |d| = {np.sum(plan * w1.cost_matrix):.4f}, "
        f"with |d|² = {np.sum(plan * w2.cost_matrix):.4f}"
    )
print(f"optimal: W1 cost = {w1.cost:.4f}, W2 cost = {w2.cost:.4f}")
assert np.isclose(np.sum(carry * w1.cost_matrix), w1.cost)  # carrying one book is W1-optimal
assert np.isclose(np.sum(shift * w1.cost_matrix), w1.cost)
assert np.allclose(w2.plan, shift) and np.sum(carry * w2.cost_matrix) > 5 * w2.cost

fig, axes = plt.subplots(1, 3, figsize=(13, 2.6), layout="constrained")
for ax, plan, title in (
    (axes[0], shift, "shift every book (W1- and W2-optimal)"),
    (axes[1], carry, "carry one book (W1-optimal only)"),
    (axes[2], w1.plan, "the plan otlab.emd(p=1) returns"),
):
    plot.plot_line_plan(target, source, plan, ax=ax)
    ax.set_title(title, fontsize="medium")
plt.show()

# %% [markdown]
# Halfway along each plan (each book stopped at the midpoint of its move) we get a
# distribution "halfway between". Both are halfway in W1; only the shift's is halfway in W2.
# So W1 has many shortest paths between two distributions, W2 has one: the **displacement
# interpolation** (McCann) along its optimal plan, `otlab.displacement_interpolation`.

# %%
for name, plan in (("shift", shift), ("carry one", carry)):
    mid_points = (0.5 * target[:, None] + 0.5 * source[None, :])[plan > 0]
    mid_weights = plan[plan > 0]
    for p, whole in ((1, w1.distance), (2, w2.distance)):
        to_start = otlab.emd(target, mid_points, None, mid_weights, p=p).distance
        to_end = otlab.emd(mid_points, source, mid_weights, None, p=p).distance
        print(
            f"{name:>9} midpoint, W{p}: {to_start:.4f} to the start, {to_end:.4f} to the end "
            f"(half of W{p} = {whole / 2:.4f})"
        )

# %% [markdown]
# **Gaussians, in closed form.** Between two Gaussians the W2 geodesic stays Gaussian: the
# mean moves in a straight line and the covariance follows the Monge map T(x) = A x + b,
# Σ_t = ((1 - t) I + t A) Σ₁ ((1 - t) I + t A) (`otlab.gaussian_geodesic`). Interpolating the
# exact W2 plan between samples should reproduce it, and on a geodesic the distance splits
# exactly: W2(μ_t, μ_0) = t W2 and W2(μ_t, μ_1) = (1 - t) W2.

# %%
mean1, cov1 = np.array([0.0, 0.0]), np.eye(2)
mean2, cov2 = np.array([3.0, 1.0]), np.array([[0.3, 0.2], [0.2, 1.5]])
xs = toy.sample("gaussian", N_GAUSS, mean=mean1, cov=cov1, seed=SEED)
ys = toy.sample("gaussian", N_GAUSS, mean=mean2, cov=cov2, seed=SEED + 1000)
whole = otlab.emd(xs, ys, p=2)
closed = otlab.gaussian_w2(mean1, cov1, mean2, cov2)
print(f"W2 between the samples = {whole.distance:.4f}; between the Gaussians = {closed:.4f}")
for t in (0.25, 0.5, 0.75):
    mid = otlab.displacement_interpolation(whole, t)
    ratio_start = otlab.emd(xs, mid.points, None, mid.weights, p=2).distance / whole.distance
    ratio_end = otlab.emd(mid.points, ys, mid.weights, None, p=2).distance / whole.distance
    mean_t, cov_t = otlab.gaussian_geodesic(mean1, cov1, mean2, cov2, t)
    closed_ratio = otlab.gaussian_w2(mean1, cov1, mean_t, cov_t) / closed
    cov_gap = np.abs(np.cov(mid.points.T, aweights=mid.weights) - cov_t).max()
    print(
        f"t = {t}: samples W2(mu_t, mu_0) / W2 = {ratio_start:.6f}, W2(mu_t, mu_1) / W2 = "
        f"{ratio_end:.6f}; closed form {closed_ratio:.6f}; covariance off by {cov_gap:.3f}"
    )
    assert abs(ratio_start - t) < 1e-6 and abs(ratio_end - (1 - t)) < 1e-6
    assert abs(closed_ratio - t) < 1e-9

# %% [markdown]
# The split is exact for the samples too (their interpolation is a geodesic between the two
# empirical distributions); the covariance of μ_t matches the closed form up to sampling
# error. Move t:

# %%
interpolation_app = widgets.InterpolationApp(
    mean1=mean1, cov1=cov1, mean2=mean2, cov2=cov2, n=N_GAUSS, t=0.3, seed=SEED
)
display(interpolation_app)

# %% [markdown]
# ## 4. Three witnesses, side by side
#
# Each way of comparing P and Q comes with a function that tells them apart, a *witness*:
#
# - **W1**: the Kantorovich potential f, 1-Lipschitz, with E_P f - E_Q f = W1;
# - **MMD** with a Gaussian kernel of width σ: h(z) = (E_P k(z, X) - E_Q k(z, Y)) / MMD, of
#   unit norm in the kernel's space, with E_P h - E_Q h = MMD (`otlab.mmd_witness`);
# - **JS**: the optimal discriminator D* = p / (p + q) of notebook 02.
#
# On the theta family (P on the segment x = 0, Q_theta on x = theta) and along the line
# y = 0.5:

# %%
THETA, BANDWIDTH = 0.5, 0.5
w = otlab.theta_witnesses(THETA, bandwidth=BANDWIDTH, n=100, seed=SEED)
fig, axes = plt.subplots(1, 4, figsize=(16, 3.6), layout="constrained")
for ax, which in zip(axes[:3], ("w1", "mmd", "js"), strict=True):
    plot.plot_witness(w, which, ax=ax)
plot.plot_theta_values(np.linspace(-2, 2, 401), bandwidth=BANDWIDTH, ax=axes[3])
axes[3].set_title("what each witness certifies, against theta", fontsize="medium")
plt.show()

# %% [markdown]
# The Kantorovich potential falls with slope one from P to Q and keeps going; the MMD
# witness is a smooth bump above P and a dip below Q; D* is 1 on P, 0 on Q, and anything at
# all in between (drawn at 1/2). D* does not care how far apart the segments are, so JS is
# log 2 for every theta ≠ 0 and a generator following it gets no slope. The other two keep
# one, the MMD's fading once theta exceeds the kernel's width:

# %%
print(
    f"from {w.n} samples at theta = {THETA}: W1 = {w.w1_value:.4f}, MMD = {w.mmd_value:.4f}, JS = {w.js_value:.4f}"
)
step = 1e-4
for theta in (0.25, 0.5, 1.0, 2.0):
    mmd_slope = (
        otlab.theta_mmd(theta + step, bandwidth=BANDWIDTH)
        - otlab.theta_mmd(theta - step, bandwidth=BANDWIDTH)
    ) / (2 * step)
    slopes = theta_slopes(theta)
    print(
        f"theta = {theta}: dW1/dtheta = {slopes.w1:.3f}, dMMD/dtheta = {mmd_slope:.4f}, "
        f"dJS/dtheta = {slopes.js:.3f}"
    )
    assert slopes.js == 0 and slopes.w1 == 1 and mmd_slope > 0
assert w.js_value == np.log(2)

# %% [markdown]
# ## 5. Time against problem size
#
# Finally, the three solvers on the same problem at growing sizes: `emd` (network simplex),
# `sinkhorn` at a moderate eps (5% of the mean cost) and `sliced_wasserstein` with 50
# projections. The slopes of the lines are the exponents of n in the running time on this
# machine; the last row shows each approximation's error against the exact W1.


# %%
def timed(func, *args, **kwargs):
    """(value, seconds) of one call."""
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return value, time.perf_counter() - start


times = {"emd": [], "sinkhorn": [], "sliced (50)": []}
for n in SIZES:
    xs_n = toy.sample("8gaussians", n, seed=SEED)
    ys_n = toy.sample("gaussian", n, seed=SEED + 1)
    eps_n = 0.05 * float(otlab.emd(xs_n[:50], ys_n[:50]).cost_matrix.mean())
    values = {}
    values["emd"], seconds_emd = timed(otlab.emd, xs_n, ys_n)
    values["sinkhorn"], seconds_sinkhorn = timed(
        otlab.sinkhorn, xs_n, ys_n, eps=eps_n, max_iter=2000, tol=1e-6
    )
    values["sliced (50)"], seconds_sliced = timed(
        otlab.sliced_wasserstein, xs_n, ys_n, n_projections=50, seed=SEED
    )
    for name, seconds in zip(times, (seconds_emd, seconds_sinkhorn, seconds_sliced), strict=True):
        times[name].append(seconds)
    print(f"n = {n:5d}: " + ", ".join(f"{k} {times[k][-1]:.3f} s" for k in times))
exact_w1 = values["emd"].distance
print(
    f"at n = {SIZES[-1]}: W1 = {exact_w1:.4f}; sinkhorn cost {values['sinkhorn'].cost:.4f} "
    f"({(values['sinkhorn'].cost - exact_w1) / exact_w1:+.1%}, eps = {eps_n:.3f}, "
    f"{values['sinkhorn'].iterations} iterations); sliced W1 {values['sliced (50)']:.4f} "
    f"({(values['sliced (50)'] - exact_w1) / exact_w1:+.1%})"
)
plot.plot_timings(SIZES, times)
plt.show()

# %% [markdown]
# In the plane and at these sizes the network simplex is hard to beat: it is exact and fast.
# Sinkhorn's iterations cost a pass over the n x n cost matrix each, so its time grows like n²
# times the iteration count (which grows as eps falls), while the sliced distance costs a
# few sorts and stays far below both, but measures something else (here well below W1).
# Sinkhorn earns its place elsewhere: it is smooth in the points (a GAN can differentiate it,
# section 1), it runs on a GPU as matrix operations, and `benchmarks/bench_entropic.py` times
# all three at n = 4000 per side.

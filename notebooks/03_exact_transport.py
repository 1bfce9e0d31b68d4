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
# # 03 · Exact optimal transport
#
# The cheapest way to turn one distribution into another, computed exactly: on a line, between
# Gaussians and between point clouds, each answer with a certificate. Notebook 01 moved dirt
# along a road; here the same question is answered in the settings where it can be solved
# exactly:
#
# 1. **On a line**, sorting solves it: W_p is the gap between the two quantile functions.
# 2. **Between Gaussians**, there is a closed form. Samples overestimate it, and in high
#    dimension the overestimate shrinks very slowly.
# 3. **Between point clouds** in the plane, it is a linear program. Two solvers must agree.
# 4. The LP's **dual** gives a potential at every sample point: a price list proving the plan
#    optimal. Extended to the whole plane it is exactly the function a WGAN critic tries to
#    learn, and its gradient points along the transport lines.
#
# Convention used throughout the course: `x` (weights `a`) is the target, the "real" data;
# `y` (weights `b`) is the source, the "generated" data.

# %%
import os
import time

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from scipy import stats

import otlab
from otlab import plot, toy, widgets

SEED = 0
FAST = bool(os.environ.get("OTLAB_FAST"))
N_LINE = 2_000 if FAST else 20_000  # samples per distribution on the line
SIZES = [10, 30, 100, 300] if FAST else [10, 30, 100, 300, 1000]  # Gaussian estimates
REPEATS = 4 if FAST else 10  # seeds per sample size
DIMS = [1, 2, 5, 10]  # dimensions for the bias of W1 from samples
N_CLOUD = 150 if FAST else 400  # points per cloud in the plane
N_LP = 30 if FAST else 80  # points per cloud for the HiGHS comparison (n^2 variables)

# %% [markdown]
# ## 1. On a line, sorting is transport
#
# On a line an optimal plan never crosses itself, so the k-th smallest sample of one
# distribution goes to the k-th smallest of the other. Written with quantile functions
# (inverse CDFs) F⁻¹ and G⁻¹,
#
# $$W_p(\mu, \nu)^p = \int_0^1 \big|F^{-1}(t) - G^{-1}(t)\big|^p\,dt .$$
#
# For p = 1 this is the **area between the two quantile curves**. The left panel uses samples
# (the first coordinate of two toy data sets, where the quantile function is a staircase);
# the right one uses two distributions from `scipy.stats`, integrated exactly.

# %%
real_x = toy.sample("8gaussians", N_LINE, seed=SEED)[:, 0]
fake_x = toy.sample("moons", N_LINE, seed=SEED + 1)[:, 0]
norm_a, norm_b = stats.norm(0, 1), stats.norm(1, 2)

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6))
plot.plot_quantiles(real_x, fake_x, labels=("8 Gaussians (x)", "moons (x)"), ax=left)
plot.plot_quantiles(norm_a, norm_b, labels=("N(0, 1)", "N(1, 2²)"), ax=right)
plt.show()

# %% [markdown]
# The samples' W1 agrees with scipy's `wasserstein_distance`. For the two normals the
# quantile functions are straight in the normal scale, F⁻¹(t) = m + s z(t), so W2 has a
# closed form, sqrt((m₁ - m₂)² + (s₁ - s₂)²), which the integral reproduces.

# %%
w1_samples = otlab.wasserstein_1d(real_x, fake_x)
w1_scipy = stats.wasserstein_distance(real_x, fake_x)
print(f"samples: W1 = {w1_samples:.6f} (otlab), {w1_scipy:.6f} (scipy)")
w2_integral = otlab.wasserstein_1d(norm_a, norm_b, p=2)
w2_closed = np.hypot(0 - 1, 1 - 2)
print(f"N(0,1) vs N(1,2²): W2 = {w2_integral:.8f} by integration, {w2_closed:.8f} in closed form")

# %% [markdown]
# Sorting makes this fast: for a million samples per side, W1 costs about two sorts.

# %%
shift = 0.5
big_a, big_b = np.random.default_rng(SEED).standard_normal((2, 1_000_000))
start = time.perf_counter()
w1_big = otlab.wasserstein_1d(big_a, big_b + shift)
print(f"W1 between 10^6 samples of N(0, 1) and N({shift}, 1) = {w1_big:.4f}")
print(f"computed in {time.perf_counter() - start:.3f} s; between the distributions W1 = {shift}")

# %% [markdown]
# ## 2. Gaussians: a closed form, and samples that approach it
#
# Between two Gaussians N(m₁, Σ₁) and N(m₂, Σ₂) in any dimension, W2 has a closed form
# (the Bures-Wasserstein formula),
#
# $$W_2^2 = \|m_1 - m_2\|^2 + \operatorname{tr}\Big(\Sigma_1 + \Sigma_2
#   - 2\big(\Sigma_1^{1/2}\Sigma_2\Sigma_1^{1/2}\big)^{1/2}\Big),$$
#
# and the optimal plan is a map, T(x) = A x + b, a linear stretch followed by a shift.
# `otlab.gaussian_w2` and `otlab.gaussian_map` compute both. In one dimension the map from
# N(0, 1) to N(1, 2²) doubles and shifts by one:

# %%
A1, b1 = otlab.gaussian_map(0.0, 1.0, 1.0, 4.0)
print(f"T(x) = {A1[0, 0]:.3f} x + {b1[0]:.3f};  W2 = {otlab.gaussian_w2(0.0, 1.0, 1.0, 4.0):.6f}")

mean1, cov1 = np.array([0.0, 0.0]), np.array([[1.0, 0.0], [0.0, 1.0]])
mean2, cov2 = np.array([1.5, 0.5]), np.array([[0.5, 0.3], [0.3, 0.8]])
w2_gauss = otlab.gaussian_w2(mean1, cov1, mean2, cov2)
A, b = otlab.gaussian_map(mean1, cov1, mean2, cov2)
print(f"in the plane: W2 = {w2_gauss:.4f}; A =\n{A.round(3)}\nb = {b.round(3)}")

# %% [markdown]
# In practice we only ever see samples. The exact W2 between n samples of each Gaussian is an
# n x n transport problem (section 3 explains how it is solved). For a few sample sizes and a
# few seeds each, compare the estimates with the closed form. The scatter between seeds
# shrinks at about the rate of any average of n numbers, n^(-1/2) (the printout fits the
# power): that is the ordinary rate, nothing slow about it. The mean estimate also differs
# from the closed form (its *bias*, printed too), but here the two Gaussians are far apart
# compared with their width, and the bias is lost in the scatter. It is the bias, though,
# that carries the lesson, and the next experiment isolates it.

# %%
estimates = np.empty((len(SIZES), REPEATS))
for i, n in enumerate(SIZES):
    for r in range(REPEATS):
        x = toy.sample("gaussian", n, mean=mean1, cov=cov1, seed=SEED + r)
        y = toy.sample("gaussian", n, mean=mean2, cov=cov2, seed=SEED + 1000 + r)
        estimates[i, r] = otlab.emd(x, y, p=2).distance
bias = estimates.mean(axis=1) - w2_gauss
for n, row, b in zip(SIZES, estimates, bias, strict=True):
    print(
        f"n = {n:5d}: mean estimate {row.mean():.4f} (bias {b:+.4f}), spread (std) {row.std():.4f}"
    )
print(f"closed form:        {w2_gauss:.4f}")
slope = np.polyfit(np.log(SIZES), np.log(estimates.std(axis=1)), 1)[0]
print(f"the spread shrinks like n^{slope:.2f} (an average of n numbers: n^-0.50)")
plot.plot_sample_estimates(SIZES, estimates, w2_gauss)
plt.show()

# %% [markdown]
# ### The bias of W1, and the curse of dimension
#
# WGANs use W1, so look at W1 directly, in more than two dimensions too. Take two samples
# of n points from the *same* distribution, the standard normal in d dimensions. Their true
# distance is 0, so every estimate is pure bias: two finite samples never line up exactly,
# and the matching pays for their mismatch. How fast does that shrink? Theory says
# n^(-1/2) in one dimension (and nearly so in two) but only n^(-1/d) from three dimensions
# on: a point's partner in the other sample is typically n^(-1/d) away. Between two
# *different* distributions the same mismatch is added on top of the true distance (by the
# triangle inequality, by at most the sum of the two samples' own errors), which is why
# estimates from samples err upwards.

# %%
estimates_w1 = {}
for d in DIMS:
    table = np.empty((len(SIZES), REPEATS))
    for i, n in enumerate(SIZES):
        for r in range(REPEATS):
            rng = np.random.default_rng([SEED, d, n, r])
            x, y = rng.standard_normal((2, n, d))  # two samples of N(0, I_d)
            table[i, r] = otlab.emd(x, y).distance
    estimates_w1[f"d = {d}"] = table
rates = {
    label: np.polyfit(np.log(SIZES), np.log(table.mean(axis=1)), 1)[0]
    for label, table in estimates_w1.items()
}
print("W1 between two n-samples of N(0, I_d) (the truth is 0):")
for d, (label, table) in zip(DIMS, estimates_w1.items(), strict=True):
    theory = -1 / 2 if d <= 2 else -1 / d
    print(
        f"  {label:>6}: {table[-1].mean():.3f} at n = {SIZES[-1]}; shrinks like "
        f"n^{rates[label]:.2f} (theory n^{theory:.2f}); halving it takes "
        f"{2 ** (-1 / rates[label]):.0f}x more samples"
    )
slowest = [rates[f"d = {d}"] for d in DIMS]
ordered = bool(np.all(np.diff(slowest) > 0))
# CLAIM lines are collected by benchmarks/claims.py (make claims) at the default settings.
print(
    f"CLAIM {'PASS' if ordered else 'FAIL'}: the bias of W1 shrinks more slowly in each "
    f"higher dimension (exponents {', '.join(f'{r:.2f}' for r in slowest)} for d = {DIMS})"
)
top = rates[f"d = {DIMS[-1]}"]
print(
    f"CLAIM {'PASS' if abs(top + 1 / DIMS[-1]) < 0.1 else 'FAIL'}: in d = {DIMS[-1]} the bias "
    f"shrinks like n^{top:.2f}, within 0.1 of theory's n^{-1 / DIMS[-1]:.2f}"
)
assert ordered, "the W1 bias should shrink more slowly as d grows"
guides = {f"d = {d}": -1 / 2 if d <= 2 else -1 / d for d in DIMS}
fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
plot.plot_sample_rates(SIZES, estimates_w1, guides=guides, ax=ax)
ax.set_title("W1 between two samples of one distribution (dashed: theory's slope)")
plt.show()

# %% [markdown]
# The same bias sets the floor of every W1 a WGAN notebook measures. Notebook 06 compares
# 512 generated points with 512 data points; even a perfect generator would be measured
# this far from the data:

# %%
for sd in (0.02, 0.1):
    floor = [
        otlab.emd(
            toy.sample("8gaussians", 512, sd=sd, seed=SEED + 2 * r),
            toy.sample("8gaussians", 512, sd=sd, seed=SEED + 2 * r + 1),
        ).distance
        for r in range(REPEATS)
    ]
    print(
        f"8 Gaussians (sd {sd}): W1 between two 512-point samples from {min(floor):.3f} to "
        f"{max(floor):.3f} over {REPEATS} seeds (the truth is 0)"
    )

# %% [markdown]
# Move the slider to see the samples and their plan at each n (and change the seed to see
# how much a single estimate wobbles).

# %%
gaussian_app = widgets.GaussianSamplesApp(
    mean1=mean1, cov1=cov1, mean2=mean2, cov2=cov2, sizes=SIZES, repeats=2, n=SIZES[1]
)
display(gaussian_app)

# %% [markdown]
# ## 3. Point clouds in the plane: the linear program
#
# With weights a (on the points x) and b (on y), a transport plan is a table P ≥ 0 whose rows
# add up to a and whose columns add up to b; its cost is Σ P_ij |x_i - y_j|. Finding the
# cheapest plan is a linear program:
#
# $$\min_{P \ge 0} \sum_{ij} P_{ij} |x_i - y_j| \quad\text{subject to}\quad
#   P\mathbf 1 = a, \quad P^\top \mathbf 1 = b .$$
#
# `otlab.emd` solves it with POT's network simplex, a version of the simplex method that
# exploits this structure. Below, the real points form a ring of eight clusters and the
# generated ones a single blob; each line is a pair (x_i, y_j) that the plan connects.

# %%
x = toy.sample("8gaussians", N_CLOUD, seed=SEED)
y = toy.sample("gaussian", N_CLOUD, seed=SEED + 1, cov=[[0.3, 0.0], [0.0, 0.3]])
result = otlab.emd(x, y)
print(f"W1 = {result.distance:.4f} between {N_CLOUD} + {N_CLOUD} points")
print(f"pairs used by the plan: {np.count_nonzero(result.plan > 1e-12)} of {result.plan.size}")
plot.plot_plan(x, y, result.plan)
plt.show()

# %% [markdown]
# With equal numbers of equally weighted points, the plan uses exactly n pairs: it is a
# **matching** (a theorem of Birkhoff: the corners of the set of plans are permutations).
#
# The same LP written out in full, with n·m variables and n + m equality constraints, can be
# handed to any LP solver. `solver="highs"` passes it to scipy's HiGHS. It is much slower, so
# compare on a smaller problem; the two optimal costs must agree to rounding.

# %%
x_small, y_small = x[:N_LP], y[:N_LP]
timings = {}
solutions = {}
for solver in ("network_simplex", "highs"):
    start = time.perf_counter()
    solutions[solver] = otlab.emd(x_small, y_small, solver=solver)
    timings[solver] = time.perf_counter() - start
simplex, highs = solutions["network_simplex"], solutions["highs"]
print(f"{N_LP} x {N_LP} problem: {N_LP * N_LP} variables, {2 * N_LP} constraints")
for solver, r in solutions.items():
    print(f"  {solver:16s} cost = {r.cost:.12f}  ({timings[solver] * 1000:.0f} ms)")
print(f"  difference: {abs(simplex.cost - highs.cost):.2e}")

# %% [markdown]
# ## 4. The dual: prices that certify the plan
#
# Every LP has a dual. Here it assigns a number f_i to each real point and g_j to each
# generated point such that
#
# $$f_i + g_j \le |x_i - y_j| \ \text{for all } i, j, \qquad \sum_i a_i f_i + \sum_j b_j g_j
#   = \text{cost}.$$
#
# Read f and g as prices: a shipping company offering to take the job charges f_i for
# delivering to x_i and g_j for picking up at y_j, and the first condition says its price
# never beats doing a single trip yourself. Any such prices give a lower bound on the cost;
# when the bound meets the plan's cost, the plan is proven optimal. Both solvers return
# these duals (they may differ, since the prices are not unique; the total never does):

# %%
for solver, r in solutions.items():
    violation = np.max(r.f[:, None] + r.g[None, :] - r.cost_matrix)
    dual_total = r.a @ r.f + r.b @ r.g
    print(
        f"{solver:16s} a·f + b·g = {dual_total:.12f} (cost {r.cost:.12f}); "
        f"max(f_i + g_j - C_ij) = {violation:.1e}"
    )
used = result.plan > 1e-12
tight = np.abs(result.f[:, None] + result.g[None, :] - result.cost_matrix)[used].max()
print(f"on the pairs the plan uses, f_i + g_j = C_ij to within {tight:.1e}")

# %% [markdown]
# ## 5. The Kantorovich potential on the whole plane
#
# The prices live on the samples only. For W1 they extend to every point z of the plane:
#
# $$f(z) = \min_j \big(|z - y_j| - g_j\big).$$
#
# Each term is a cone with slope 1, so f is **1-Lipschitz**: it never changes faster than
# the distance travelled. It agrees with the prices (f(x_i) = f_i and f(y_j) = -g_j) and
# therefore still certifies the optimum,
#
# $$\mathbb E_{a} f(x) - \mathbb E_{b} f(y) = W_1 .$$
#
# That is the Kantorovich-Rubinstein duality a WGAN relies on: the critic is trained to
# maximise exactly this difference over 1-Lipschitz functions. `otlab.kantorovich_potential`
# builds f from an `emd` result; later notebooks compare trained critics with it.

# %%
potential = otlab.kantorovich_potential(result)
critic_value = result.a @ potential(x) - result.b @ potential(y)
print(f"E f(real) - E f(generated) = {critic_value:.10f}")
print(f"W1 from the plan           = {result.distance:.10f}")

rng = np.random.default_rng(SEED)
z1, z2 = rng.uniform(-3, 3, size=(2, 10_000, 2))
ratio = np.abs(potential(z1) - potential(z2)) / np.linalg.norm(z1 - z2, axis=1)
print(f"largest |f(z1) - f(z2)| / |z1 - z2| over 10^4 random pairs: {ratio.max():.6f}")

# %% [markdown]
# The picture: f is lowest (blue) among the generated points and rises towards the real ones.
# Beyond them it keeps rising; only differences between the two clouds matter, and the
# expectation above only looks at the samples. The arrows are the gradient, always of length
# one. Along every line of the plan, f rises at exactly slope one from y_j to x_i, so there
# the gradient is the unit vector from y_j towards x_i: the direction in which a generator
# following the critic moves its samples.

# %%
limits = (-3.0, 3.0)
start = time.perf_counter()
X, Y, F = potential.on_grid(limits, limits, n=200)
print(f"f on a 200 x 200 grid in {time.perf_counter() - start:.3f} s")

fig, ax = plt.subplots(figsize=(7.5, 7), layout="constrained")
plot.plot_potential(potential, limits, limits, n=200, ax=ax)
plot.plot_potential_field(potential, limits, limits, n=17, ax=ax, color="0.25")
plot.plot_plan(x, y, result.plan, ax=ax, color="black", alpha=0.25, legend="below")
plt.show()

# %%
rows, cols = np.nonzero(used)
middle = (x[rows] + y[cols]) / 2  # the midpoint of every transport line
direction = (x[rows] - y[cols]) / np.linalg.norm(x[rows] - y[cols], axis=1, keepdims=True)
error = np.linalg.norm(potential.grad(middle) - direction, axis=1).max()
print(f"gradient at the middle of each of the {rows.size} lines vs the unit vector y_j -> x_i:")
print(f"largest difference {error:.1e}")

# %% [markdown]
# ## What to take away
#
# - On a line, W_p is a sort away; with two known Gaussians, a formula away.
# - For samples in the plane, the exact answer is a linear program, affordable up to a few
#   thousand points per side. Estimates from samples are biased upwards, and the bias of W1
#   shrinks like n^(-1/d): slowly in high dimension, which is why a WGAN on minibatches never
#   measures the true distance.
# - The dual of that LP, extended to the plane, is a 1-Lipschitz potential whose gradient has
#   length one and points along the transport. A WGAN critic is a neural network trying to
#   become this function; the critic notebooks measure how close it gets.

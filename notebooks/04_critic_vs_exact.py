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
# # 04 · A learned critic next to the exact potential
#
# The Kantorovich-Rubinstein duality says that the earth mover's distance is a contest
# between functions:
#
# $$W_1(P_r, P_g) = \sup_{\|f\|_L \le 1} \; \mathbb{E}_{x \sim P_r} f(x) - \mathbb{E}_{y \sim P_g} f(y).$$
#
# The winning f is a **Kantorovich potential**: high where the real data sits, low where the
# generated samples are, and climbing at slope exactly one along every path the optimal plan
# uses. A Wasserstein GAN replaces the sup with a small neural network, the **critic**, and
# trains it by gradient ascent while some device keeps it (roughly) 1-Lipschitz.
#
# Usually nobody can say how good that critic is. Here we can: for two point clouds in the
# plane, `otlab.emd` solves the transport problem exactly and `otlab.kantorovich_potential`
# turns its dual into the true f. This notebook trains a critic on the same two clouds and
# compares the two, in pictures and in numbers:
#
# 1. the data and the exact answer;
# 2. training a critic with the gradient penalty (WGAN-GP);
# 3. both functions on one colour scale;
# 4. the critic's gradient against the optimal plan's arrows;
# 5. the numbers that summarise the match, and which of them can be trusted;
# 6. an app to scrub through training and swap datasets and constraints.

# %%
import os

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

import otlab
from otlab import plot, toy, widgets
from otlab.critics import critic_and_potential_on_grid, preset_config

SEED = 0
FAST = bool(os.environ.get("OTLAB_FAST"))
N = 128 if FAST else 512  # points in each cloud
STEPS = 100 if FAST else None  # None: the "fast" preset trains until its estimates settle
APP_STEPS = 40 if FAST else None

# %% [markdown]
# ## 1. Two clouds and their exact transport
#
# The real distribution is the classic ring of eight small Gaussians of radius 2; the
# generated one is a round blob N(0, 0.5² I) in the middle, as if a generator had not yet
# learned to spread out. The exact plan sends each blob point to one of the eight clusters.

# %%
real = toy.sample("8gaussians", N, seed=SEED)
fake = toy.sample("gaussian", N, seed=SEED + 1, cov=[[0.25, 0.0], [0.0, 0.25]])
exact = otlab.emd(real, fake)
potential = otlab.kantorovich_potential(exact)
print(f"{N} points per cloud, exact W1 = {exact.distance:.4f}")

fig, ax = plt.subplots(figsize=(5, 5))
plot.plot_plan(exact.x, exact.y, exact.plan, ax=ax)
ax.set_title("the optimal plan (real: dark, generated: orange)")
plt.show()

# %% [markdown]
# ## 2. Training a critic
#
# `otlab.fit_critic` holds the generated cloud fixed and trains a small multilayer perceptron
# to maximise the gap E_r f - E_g f, minus a penalty that keeps its gradient near length one
# (the WGAN-GP recipe). The defaults are the `"fast"` preset: a 3 x 64 ReLU network trained
# on the whole sample at once, which is possible because our clouds are small. It has no fixed
# number of steps: every few steps it looks at its own estimates, and when they have stopped
# moving it lowers the learning rate; when they have settled again at the lowest rate, it
# stops. The `"paper"` preset uses the published settings instead.

# %%
config = preset_config("gp")
print(
    f"fast preset: width {config.width}, depth {config.depth}, {config.activation}, "
    f"Adam lr {config.lr:g} (cut x{config.lr_decay:g} {config.lr_decays} times when settled), "
    f"penalty weight {config.penalty_weight:g}, sampling {config.sampling!r}, "
    f"until settled, at most {config.max_steps} steps"
)
fit = otlab.fit_critic(real, fake, constraint="gp", seed=SEED, steps=STEPS)
how = "its estimates settled" if fit.settled else "the step count was reached"
print(f"trained {fit.steps} steps; it stopped because {how}")

# %% [markdown]
# ## Three estimates of W1, and the one to trust
#
# The **raw estimate** E_r f - E_g f is the gap the critic was trained to maximise. It is at
# most W1 only if f is 1-Lipschitz, and the penalty merely discourages steeper slopes: where a
# steeper slope pays, the critic takes it, and the raw estimate can overshoot W1.
#
# The **normalised estimate** divides the gap by L, the largest gradient norm otlab measured
# on a dense grid and on the data. That is still a guess. L is only the steepest slope found
# at the points it looked at, so the true constant can be larger and the estimate can land
# above W1; and a single steep spot anywhere, even one that carries no mass, inflates L and
# drags the whole estimate down. The table below follows L and the three estimates through
# training.
#
# The **certified estimate** asks duality instead. Take the critic's values on the generated
# points only, and improve them twice by a c-transform:
#
# $$\varphi_i = \min_j \big(|x_i - y_j| + f(y_j)\big), \qquad
#   \psi_j = \min_i \big(|x_i - y_j| - \varphi_i\big).$$
#
# By construction $\varphi_i + \psi_j \le |x_i - y_j|$ for every pair, so
# $(\varphi, \psi)$ is a feasible point of the dual of the transport problem, and by weak
# duality $\frac1n \sum_i \varphi_i + \frac1m \sum_j \psi_j \le W_1$. No Lipschitz constant
# enters: the number is a lower bound whatever the critic, trained or not, and it equals W1
# exactly when the critic's values are an optimal dual. So it can only err in one direction,
# and its error measures how far the critic is from optimal.

# %%
snaps = fit.snapshots
print(f"exact W1             {exact.distance:.4f}")
print(
    f"raw estimate         {fit.estimate:.4f}  ({100 * (fit.estimate / exact.distance - 1):+.2f}%)"
)
print(f"Lipschitz constant L {fit.lipschitz:.4f}")
print(
    f"normalised estimate  {fit.normalized_estimate:.4f}  "
    f"({100 * (fit.normalized_estimate / exact.distance - 1):+.2f}%)"
)
print(
    f"certified estimate   {fit.certified_estimate:.4f}  "
    f"({100 * (fit.certified_estimate / exact.distance - 1):+.2f}%)"
)
below = bool(snaps.certified_estimate.max() <= exact.distance + 1e-12)
print(f"certified <= exact W1 at every one of the {len(snaps)} snapshots: {below}")
print(
    f"even the untrained critic (step 0) is certified: "
    f"{snaps.certified_estimate[0]:.4f} <= {exact.distance:.4f}"
)

print(f"\n{'step':>5} {'L':>7} {'raw':>8} {'normalised':>11} {'certified':>10}   (error vs W1)")
for i in np.unique(np.linspace(0, len(snaps) - 1, 6).astype(int)):
    error = lambda value: f"{100 * (value / exact.distance - 1):+.2f}%"  # noqa: E731
    print(
        f"{snaps.steps[i]:5d} {snaps.lipschitz[i]:7.3f} {error(snaps.estimate[i]):>8} "
        f"{error(snaps.normalized_estimate[i]):>11} {error(snaps.certified_estimate[i]):>10}"
    )
plot.plot_critic_training(fit, exact=exact.distance)
plt.show()

# %% [markdown]
# ## 3. Both functions on one colour scale
#
# A critic and a potential only matter up to an added constant (the constant cancels in
# E_r f - E_g f), so both are shifted to mean zero over the picture, and the critic is divided
# by its L. Then the colours can be read the same way on both sides.

# %%
X, Y, learned, true = critic_and_potential_on_grid(fit, exact)
bound = max(abs(learned).max(), abs(true).max())
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
plot.plot_critic(X, Y, learned, vmin=-bound, vmax=bound, real=real, fake=fake, ax=left)
left.set_title("learned critic / L (centred)")
plot.plot_critic(X, Y, true, vmin=-bound, vmax=bound, real=real, fake=fake, ax=right)
right.set_title("exact Kantorovich potential (centred)")
plt.show()

# %% [markdown]
# The critic finds the overall shape, a bowl with its bottom on the blob, but rounds off the
# creases of the exact potential: a neural network of this size draws smooth-ish surfaces, and
# the exact potential, a minimum of cones, is sharp wherever two cones meet.
#
# ## 4. Gradients against the plan
#
# Along every segment of the optimal plan the exact potential rises at slope one, straight
# towards the real point: its gradient is the unit vector from y_j to x_i. Below, at the
# midpoints of some of those segments, black arrows show that direction and red arrows the
# critic's gradient (divided by L).

# %%
fig, ax = plt.subplots(figsize=(6, 6))
plot.plot_critic_gradients(fit, exact, max_arrows=80, ax=ax)
ax.set_title("critic gradient (red) against transport direction (black)")
plt.show()

# %% [markdown]
# ## 5. The match in numbers
#
# `otlab.compare_critic` condenses all of this:
#
# - the **relative errors** of the raw, normalised and certified estimates;
# - the **mean cosine** between the critic's gradient and the transport direction, measured
#   inside the plan's segments (1 means every arrow points the right way);
# - the fraction of random **interpolates** (points between a real and a generated sample,
#   where WGAN-GP applies its penalty) at which |grad f| is within 10% of one;
# - the **correlation** between the centred critic and the centred potential over the picture.

# %%
comparison = otlab.compare_critic(fit, exact)
print(f"exact W1                  {comparison.exact:.4f}")
print(
    f"estimate                  {comparison.estimate:.4f}  "
    f"({100 * comparison.relative_error:.1f}% off)"
)
print(
    f"normalised estimate       {comparison.normalized_estimate:.4f}  "
    f"({100 * comparison.normalized_relative_error:.1f}% off)"
)
print(
    f"certified estimate        {comparison.certified_estimate:.4f}  "
    f"({100 * comparison.certified_relative_error:.1f}% off, and never above W1)"
)
print(f"mean gradient cosine      {comparison.mean_cosine:.3f}")
print(f"|grad f| within 10% of 1  {100 * comparison.unit_gradient_fraction:.0f}% of interpolates")
print(f"correlation with f*       {comparison.potential_correlation:.3f}")

# %% [markdown]
# ## 6. Explore
#
# The app trains a critic for the dataset and constraint you pick (each choice trains once and
# is remembered) against the same blob, with fewer points so that it answers in seconds.
# The slider scrubs through the snapshots saved during training: watch the critic start flat,
# grow a bowl, and settle. Things to try:
#
# - `clip`: the raw estimate is tiny (the clipped network is K-Lipschitz for a small unknown
#   K); the normalised one recovers much of W1, and the picture shows a blunter function.
#   What does the certified estimate make of such a critic?
# - `sn`: spectral normalisation bounds each layer, so the whole network is 1-Lipschitz but
#   usually much flatter than it could be: compare its raw estimate with W1.
# - `swissroll` or `moons`: the potential gets ridges where the plan splits; how well does the
#   critic follow them?

# %%
app = widgets.CriticApp(n=128 if FAST else 256, steps=APP_STEPS, seed=SEED)
display(app)

# %% [markdown]
# ## What to take away
#
# - With a gradient penalty, a small critic finds the Kantorovich potential's shape and its
#   gradient field well: the arrows in section 4 and the cosine in section 5 say so.
# - Its raw estimate is not a certified number: the penalty lets the gradient exceed one a
#   little where that pays, so the estimate can overshoot W1. Dividing by the measured
#   Lipschitz constant is still an estimate, not a bound: the measured constant comes from a
#   grid and the data, can miss a steeper spot, and one steep spot drags the estimate down.
# - The certified estimate is a lower bound on W1 for any critic, by weak duality after two
#   c-transforms, and it reaches W1 when the critic is optimal on the samples. It is the number
#   to report; the gap to the exact W1 is how far the critic still is from a Kantorovich
#   potential.
# - Notebook 05 takes the constraints apart: weight clipping, the penalties, spectral norm.

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
# 5. the numbers that summarise the match;
# 6. an app to scrub through training and swap datasets and constraints.

# %%
import os

import matplotlib.pyplot as plt
from IPython.display import display

import otlab
from otlab import plot, toy, widgets
from otlab.critics import critic_and_potential_on_grid, preset_config

SEED = 0
FAST = bool(os.environ.get("OTLAB_FAST"))
N = 128 if FAST else 512  # points in each cloud
STEPS = 100 if FAST else None  # None: the step count of the "fast" preset
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
# on the whole sample at once, which is possible because our clouds are small. The
# `"paper"` preset uses the published settings instead.

# %%
config = preset_config("gp")
print(
    f"fast preset: width {config.width}, depth {config.depth}, {config.activation}, "
    f"Adam lr {config.lr:g}, penalty weight {config.penalty_weight:g}, "
    f"sampling {config.sampling!r}, {config.steps} steps"
)
fit = otlab.fit_critic(real, fake, constraint="gp", seed=SEED, steps=STEPS)
print(f"trained {fit.steps} steps")

# %% [markdown]
# The estimate E_r f - E_g f after training is a number we can hold against the exact W1. A
# critic whose gradient exceeds one somewhere is not quite 1-Lipschitz, so otlab also
# measures its largest gradient norm L on a dense grid and on the data, and reports the
# **normalised estimate** estimate / L: the gap of the critic rescaled by that measured
# constant. It is an estimate, not a guaranteed bound: L is only the steepest slope found at
# the points otlab looked at, so the true constant can be larger, and then estimate / L can
# land above W1 as well as below it.

# %%
print(f"exact W1            {exact.distance:.4f}")
print(f"critic estimate     {fit.estimate:.4f}")
print(f"Lipschitz constant  {fit.lipschitz:.4f}")
print(f"normalised estimate {fit.normalized_estimate:.4f}")
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
# - the **relative errors** of the raw and normalised estimates;
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
#   Lipschitz constant corrects for that, but it is still an estimate, not a bound: the
#   measured constant comes from a grid and the data, and can miss a steeper spot.
# - Notebook 05 takes the constraints apart: weight clipping, the penalties, spectral norm.

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
# # 05 · Keeping a critic 1-Lipschitz
#
# The duality behind the Wasserstein GAN only holds for 1-Lipschitz critics: without the
# constraint, the gap E_r f - E_g f can be made as large as we like by scaling f up. A neural
# network has no such bound built in, so every WGAN variant adds one. This notebook puts the
# four classic devices side by side, on problems whose exact answer `otlab` knows:
#
# - **clip**: after each step, clamp every weight to [-c, c] (the original WGAN);
# - **gp**: add λ E (|∇f(x̂)| - 1)² at random points x̂ between real and generated samples
#   (WGAN-GP);
# - **lp**: penalise only gradients steeper than one, λ E max(0, |∇f(x̂)| - 1)²;
# - **sn**: divide each layer's weight matrix by its largest singular value.
#
# Sections:
#
# 1. two point masses: the gradient penalty's bias, in closed form;
# 2. a cloud and its translate: the critic's gradient should point along the shift;
# 3. eight Gaussians against a blob: the four constraints in one table;
# 4. the pathologies of weight clipping;
# 5. ReLU against Leaky ReLU under the gradient penalty;
# 6. where the penalty looks: interpolates, real points only, generated points only.

# %%
import os

import matplotlib.pyplot as plt
import numpy as np

import otlab
from otlab import plot, toy
from otlab.critics import (
    critic_and_potential_on_grid,
    critic_weights,
    layer_gradient_norms,
)

SEED = 0
FAST = bool(os.environ.get("OTLAB_FAST"))
N = 96 if FAST else 384  # points per cloud
STEPS = 60 if FAST else None  # None: the "fast" preset trains until its estimates settle
SMALL_STEPS = 300  # sections 1 and 2: tiny problems, trained to convergence even when FAST
DEEP_STEPS = 30 if FAST else 500  # training of the deep clipped critics in section 4
BLOB = [[0.25, 0.0], [0.0, 0.25]]  # covariance of the generated blob N(0, 0.5^2 I)


def fit(real, fake, **options):
    """A critic with this notebook's seed and step count (options override the preset)."""
    options.setdefault("steps", STEPS)
    return otlab.fit_critic(real, fake, seed=SEED, progress=False, **options)


# %% [markdown]
# ## 1. Two point masses
#
# Put all the real mass at s and all the generated mass at t. Then W1 = |s - t| and any
# 1-Lipschitz critic can gain at most that much. The interpolates of WGAN-GP all fall on the
# segment from t to s, so the penalty only sees the slope k of the critic along it. The gap is
# k |s - t| and the penalty λ (k - 1)², so the best slope is k = 1 + |s - t| / (2λ): the
# critic's value difference
#
# $$f(s) - f(t) = |s - t| + \frac{|s - t|^2}{2 \lambda}$$
#
# overshoots W1 by a known amount, and approaches it as λ grows.

# %%
s, t = np.array([1.0, 2.0]), np.array([-1.0, 0.5])
distance = np.linalg.norm(s - t)
real_point = toy.sample("point_masses", 32, seed=SEED, locations=[s])
fake_point = toy.sample("point_masses", 32, seed=SEED + 1, locations=[t])
print(f"|s - t| = {distance:.4f}")
print(f"{'lambda':>7} {'f(s) - f(t)':>12} {'closed form':>12}")
for weight in (5.0, 10.0, 100.0):
    result = fit(real_point, fake_point, penalty_weight=weight, steps=SMALL_STEPS)
    difference = result.critic([s])[0] - result.critic([t])[0]
    print(f"{weight:7g} {difference:12.4f} {distance + distance**2 / (2 * weight):12.4f}")

# %% [markdown]
# ## 2. A cloud and its translate
#
# Shift a cloud by a vector v. Every point moves by v, so W1 = |v|, and the optimal critic is
# the linear function f(x) = v·x / |v|: its gradient is the unit vector along v everywhere.

# %%
v = np.array([1.5, -0.5])
base = toy.sample("gaussian", N, seed=SEED + 2, cov=[[0.5, 0.1], [0.1, 0.3]])
shifted = fit(base + v, base, steps=SMALL_STEPS)
shift_comparison = otlab.compare_critic(shifted, otlab.emd(base + v, base))
print(f"|v| = {np.linalg.norm(v):.4f}, exact W1 = {shift_comparison.exact:.4f}")
print(f"critic estimate {shifted.estimate:.4f}")
print(f"mean cosine between the critic's gradient and v: {shift_comparison.mean_cosine:.4f}")

# %% [markdown]
# ## 3. Four constraints, one problem
#
# Now a problem where the potential is not linear: the ring of eight Gaussians against the
# blob. Each constraint trains with its `"fast"` preset (clipping with c = 0.01 and RMSprop,
# as in the WGAN paper). The columns are the raw estimate E_r f - E_g f, the measured
# Lipschitz constant L, the normalised estimate E/L, the certified estimate (the lower bound
# that duality gives from the critic's values on the generated points, notebook 04), the exact
# W1 and the mean cosine between the critic's gradient and the transport direction.

# %%
ring = toy.sample("8gaussians", N, seed=SEED)
blob = toy.sample("gaussian", N, seed=SEED + 1, cov=BLOB)
exact = otlab.emd(ring, blob)
fits = {name: fit(ring, blob, constraint=name) for name in ("clip", "gp", "lp", "sn")}
comparisons = {name: otlab.compare_critic(f, exact) for name, f in fits.items()}
header = (
    f"{'':5} {'estimate':>9} {'L':>8} {'E / L':>8} {'certified':>9} {'exact W1':>9} {'cosine':>7}"
)
print(header)
for name, c in comparisons.items():
    print(
        f"{name:5} {c.estimate:9.4f} {fits[name].lipschitz:8.4f} "
        f"{c.normalized_estimate:8.4f} {c.certified_estimate:9.4f} {c.exact:9.4f} "
        f"{c.mean_cosine:7.3f}"
    )

# %% [markdown]
# What to expect, and the ratios to check it against. With every weight in [-0.01, 0.01] the
# clipped critic is K-Lipschitz for some small K that nobody chose, so its raw estimate is
# roughly K·W1; dividing by the measured constant L is meant to undo that scale, and what it
# cannot undo is shape: a clipped network cannot bend enough to follow the potential.
# Spectral normalisation bounds every layer by one, and the product of those bounds is loose,
# so its raw estimate tends to fall short. The penalties aim at slope one directly, so their
# raw estimate should already be close. The certified estimate needs none of these arguments:
# it is at most W1 for every critic, and its distance below W1 says how far the critic's
# values on the generated points are from an optimal dual. Here is how far each run gets:

# %%
for name, c in comparisons.items():
    print(
        f"{name:5} estimate / W1 = {c.estimate / c.exact:6.3f}   "
        f"(E / L) / W1 = {c.normalized_estimate / c.exact:6.3f}   "
        f"certified / W1 = {c.certified_estimate / c.exact:6.3f}"
    )
clip = comparisons["clip"]
print(
    f"clip: the raw estimate is W1 / {clip.exact / clip.estimate:.3g}; dividing by L brings it "
    f"to {100 * clip.normalized_estimate / clip.exact:.0f}% of W1"
)

# %% [markdown]
# The pictures, each divided by its L and on one colour scale:

# %%
fig, axes = plt.subplots(1, 5, figsize=(20, 4))
for ax, (name, f) in zip(axes, fits.items(), strict=False):
    X, Y, learned, true = critic_and_potential_on_grid(f, exact)
    bound = abs(true).max()
    plot.plot_critic(X, Y, learned, vmin=-bound, vmax=bound, colorbar=False, ax=ax)
    ax.set_title(f"{name}: critic / L")
plot.plot_critic(X, Y, true, vmin=-bound, vmax=bound, colorbar=False, ax=axes[-1])
axes[-1].set_title("exact potential")
plt.show()

# %% [markdown]
# ## 4. What weight clipping does to a network
#
# Gulrajani et al. (2017) pointed out two pathologies of clipping. First, the optimiser pushes
# most weights against the walls: the histogram piles up at ±c, so the network behaves like a
# much simpler one made of ±c entries. Second, backpropagation multiplies the gradient by a
# weight matrix at every layer, and with all entries at ±c the size of that factor is set by
# c: too small and the gradient **vanishes** on its way down to the input, too large and it
# **explodes**. The gradient penalty has neither problem. We train deep critics (8 hidden
# layers of 32 units) on the Swiss roll against the blob, and measure, for each layer, the
# mean norm of the critic's gradient with respect to that layer's input (at layer 0 this is
# the ordinary |∇f| at the data).

# %%
swiss = toy.sample("swissroll", N, seed=SEED)
deep = {"depth": 8, "width": 32, "steps": DEEP_STEPS}
clipped = {c: fit(swiss, blob, constraint="clip", clip=c, **deep) for c in (0.1, 0.01, 0.001)}
penalised = fit(swiss, blob, constraint="gp", **deep)

fig, axes = plt.subplots(1, 4, figsize=(18, 3.5))
for ax, (c, f) in zip(axes, clipped.items(), strict=False):
    weights = critic_weights(f)
    at_wall = np.mean(np.isclose(np.abs(weights), c, rtol=1e-3))
    plot.plot_weight_histogram(weights, clip=c, ax=ax)
    ax.set_title(f"clip c = {c:g}: {100 * at_wall:.0f}% of weights at ±c")
plot.plot_weight_histogram(critic_weights(penalised), ax=axes[3], color="tab:blue")
axes[3].set_title("gradient penalty: no walls")
plt.show()

# %%
fig, ax = plt.subplots(figsize=(6, 4))
for c, f in clipped.items():
    norms = layer_gradient_norms(f)
    plot.plot_layer_gradient_norms(norms, label=f"clip c = {c:g}", ax=ax)
    print(
        f"clip c = {c:<6g} gradient at the output layer {norms[-1]:.1e}, "
        f"at the input {norms[0]:.1e}: x{norms[0] / norms[-1]:.1e} on the way down"
    )
norms = layer_gradient_norms(penalised)
plot.plot_layer_gradient_norms(norms, label="gradient penalty", ax=ax, color="black")
print(
    f"gradient penalty  gradient at the output layer {norms[-1]:.1e}, "
    f"at the input {norms[0]:.1e}: x{norms[0] / norms[-1]:.1e} on the way down"
)
ax.set_title("gradient reaching each layer of a deep critic")
plt.show()

# %% [markdown]
# ## 5. ReLU against Leaky ReLU under the gradient penalty
#
# A ReLU unit whose input is negative passes no gradient at all. Under a gradient penalty that
# matters: the penalty needs the input gradient to flow, and a unit that has gone silent
# everywhere cannot come back. Leaky ReLU keeps a small slope (0.2 here) on the negative side.
# Does that matter on a problem this small? Compare the numbers and the training curves.

# %%
activations = {a: fit(ring, blob, constraint="gp", activation=a) for a in ("relu", "leaky_relu")}
fig, axes = plt.subplots(1, 2, figsize=(11, 3.5), sharey=True)
for ax, (name, f) in zip(axes, activations.items(), strict=False):
    c = otlab.compare_critic(f, exact)
    print(
        f"{name:10} estimate {c.estimate:.4f}, normalised {c.normalized_estimate:.4f}, "
        f"certified {c.certified_estimate:.4f} (exact {c.exact:.4f}), cosine "
        f"{c.mean_cosine:.3f}, |grad| within 10% of 1 at "
        f"{100 * c.unit_gradient_fraction:.0f}% of interpolates"
    )
    plot.plot_critic_training(f, exact=exact.distance, ax=ax)
    ax.set_title(name)
plt.show()

# %% [markdown]
# ## 6. Where the penalty looks
#
# WGAN-GP penalises the gradient at **interpolates**, random points on segments between a
# real and a generated sample. Some implementations penalise at the real points only, or at
# the generated ones. The optimal critic has slope one along the transport segments, which is
# exactly where interpolates fall; penalising at one end only leaves the rest of the segment
# free. We use an asymmetric pair, a tight crescent (the moons) against a wide blob, so that
# swapping the roles of the two would show in the picture. A critic penalised at one end only
# never settles (its gap keeps growing where nothing holds it down), so the three get the same
# fixed budget of steps instead of training until settled.

# %%
SAMPLING_STEPS = 30 if FAST else 600
moons = 0.6 * toy.sample("moons", N, seed=SEED) + np.array([1.5, 0.5])
wide = toy.sample("gaussian", N, seed=SEED + 1, cov=[[0.6, 0.0], [0.0, 0.6]])
exact_pair = otlab.emd(moons, wide)
samplings = ("interpolates", "real", "fake")
by_sampling = {
    s: fit(moons, wide, constraint="gp", sampling=s, steps=SAMPLING_STEPS) for s in samplings
}
fig, axes = plt.subplots(1, 4, figsize=(20, 4))
for ax, (name, f) in zip(axes, by_sampling.items(), strict=False):
    c = otlab.compare_critic(f, exact_pair)
    print(
        f"{name:12} estimate {c.estimate:.4f}, normalised {c.normalized_estimate:.4f}, "
        f"certified {c.certified_estimate:.4f} (exact {c.exact:.4f}), cosine "
        f"{c.mean_cosine:.3f}, correlation with the potential {c.potential_correlation:.3f}"
    )
    X, Y, learned, true = critic_and_potential_on_grid(f, exact_pair)
    bound = abs(true).max()
    plot.plot_critic(X, Y, learned, vmin=-bound, vmax=bound, colorbar=False, ax=ax,
                     real=moons, fake=wide)  # fmt: skip
    ax.set_title(f"penalty at {name}")
plot.plot_critic(X, Y, true, vmin=-bound, vmax=bound, colorbar=False, ax=axes[-1])
axes[-1].set_title("exact potential")
plt.show()

# %% [markdown]
# ## What to take away
#
# - The gradient penalty has a bias you can compute: it trades a little steepness for a
#   larger gap, and the estimate overshoots W1 by about W1² / (2λ) in the simplest case.
# - Clipping does constrain the critic, but to an unknown constant and at the price of a
#   network whose weights sit on the walls and whose gradients vanish or explode with depth.
# - Spectral normalisation guarantees the bound, yet usually undershoots it.
# - Where the penalty is applied matters: interpolates cover the region the transport
#   crosses.

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
# # 02 · Divergences against Wasserstein
#
# A generator learns by nudging its parameters so that some measure of "how different are my
# samples from the data" goes down. The original GAN minimises, in effect, the Jensen-Shannon
# divergence; the Wasserstein GAN minimises the earth mover's distance W1. This notebook shows
# why that swap matters:
#
# 1. KL and JS compare two densities **point by point**. Their integrands show where the
#    difference comes from, and why KL depends on the order of its arguments.
# 2. When the two distributions live on **disjoint supports** (two parallel segments, the
#    example of the WGAN paper), KL is infinite, JS is stuck at log 2 and TV at 1, however far
#    apart the segments are. W1 is simply the distance between them.
# 3. A flat curve has zero derivative: a generator that follows JS gets no signal, one that
#    follows W1 always knows which way to move.
# 4. The best discriminator turns the GAN loss into JS, so the GAN inherits the problem.
#
# Everything below is computed by `otlab`; the sliders at the end let you move the
# distributions yourself.

# %%
import math
import os

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from scipy import stats

import otlab
from otlab import divergences, plot, toy, widgets

SEED = 0
FAST = bool(os.environ.get("OTLAB_FAST"))
# Sample sizes for the sample-based estimates (the exact EMD is an n x n problem).
SIZES = [25, 100, 400] if FAST else [25, 100, 400, 1600]
LOG2 = math.log(2)

# %% [markdown]
# ## 1. KL and JS of two Gaussians, and their integrands
#
# For densities p and q,
#
# $$\mathrm{KL}(p\,\|\,q) = \int p(x) \log\frac{p(x)}{q(x)}\,dx, \qquad
#   \mathrm{JS}(p, q) = \tfrac12 \mathrm{KL}(p\,\|\,m) + \tfrac12 \mathrm{KL}(q\,\|\,m),
#   \quad m = \tfrac12 (p + q).$$
#
# KL has a closed form between Gaussians (`otlab.gaussian_kl`); JS has none, so
# `otlab.gaussian_js` integrates it numerically. The textbook pair is N(0, 1) against N(1, 1):

# %%
kl_pq = otlab.gaussian_kl(0.0, 1.0, 1.0, 1.0)
kl_qp = otlab.gaussian_kl(1.0, 1.0, 0.0, 1.0)
js_textbook = otlab.gaussian_js(0.0, 1.0, 1.0, 1.0)
print(f"KL(N(0,1) || N(1,1)) = {kl_pq:.4f}   KL(N(1,1) || N(0,1)) = {kl_qp:.4f}")
print(f"JS(N(0,1), N(1,1))   = {js_textbook:.4f}   (log 2 = {LOG2:.4f} is the largest JS can be)")

# %% [markdown]
# The divergence is the area under its integrand. On the left, the two KL integrands of the
# textbook pair are mirror images, so the two orders give the same number. On the right, Q is
# narrower and sits further away: `p log(p/q)` is large wherever P has mass that Q barely
# covers (Q's thin tails make log(p/q) huge), while `q log(q/p)` only counts the narrow region
# where Q lives. KL is not symmetric. The JS integrand compares each density with their
# average m, which never vanishes where either has mass, so it stays small and never negative.

# %%
x = np.linspace(-4.0, 5.0, 600)
pairs = {
    "N(0, 1) vs N(1, 1)": (0.0, 1.0, 1.0, 1.0),
    "N(0, 1) vs N(2, 0.5^2)": (0.0, 1.0, 2.0, 0.25),
}
# Each panel gets its own y-axis: a shared one would squash the N(0, 1) / N(1, 1) panel.
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
for ax, (title, params) in zip(axes, pairs.items(), strict=True):
    plot.plot_integrands(divergences.gaussian_integrands(x, *params), ax=ax)
    ax.set_title(title)
plt.show()

for title, (m1, v1, m2, v2) in pairs.items():
    print(
        f"{title:24s} KL(P||Q) = {otlab.gaussian_kl(m1, v1, m2, v2):.4f}   "
        f"KL(Q||P) = {otlab.gaussian_kl(m2, v2, m1, v1):.4f}   JS = {otlab.gaussian_js(m1, v1, m2, v2):.4f}"
    )

# %% [markdown]
# A check that the pictures and the numbers agree: the area under each integrand (a trapezoid
# sum on a wide grid) matches the closed form and the quadrature.

# %%
grid = np.linspace(-20.0, 20.0, 40_001)
curves = divergences.gaussian_integrands(grid, 0.0, 1.0, 2.0, 0.25)
print(
    f"area of p log(p/q): {np.trapezoid(curves.kl_pq, grid):.6f}   gaussian_kl: {otlab.gaussian_kl(0, 1, 2, 0.25):.6f}"
)
print(
    f"area of JS integrand: {np.trapezoid(curves.js, grid):.6f}   gaussian_js: {otlab.gaussian_js(0, 1, 2, 0.25):.6f}"
)

# %% [markdown]
# ## 2. Histograms with disjoint supports
#
# The same divergences work on histograms (counts or probabilities on common bins). The total
# variation distance TV = ½ Σ|p - q| joins them: the largest difference in probability the two
# can give to any event. When p and q have no bin in common, the divergences hit their ceilings
# and stop depending on *where* the mass is:

# %%
p = [3, 1, 0, 0, 0, 0]
q_near = [0, 0, 1, 3, 0, 0]  # two bins to the right
q_far = [0, 0, 0, 0, 1, 3]  # four bins to the right
for name, q in (("near", q_near), ("far", q_far)):
    print(
        f"{name}: KL(p||q) = {otlab.kl(p, q)}, JS = {otlab.js(p, q):.4f} nats "
        f"= {otlab.js(p, q, base=2):.1f} bit, TV = {otlab.tv(p, q):.1f}"
    )

# %% [markdown]
# KL is `inf` (a plain float, no warning): p puts mass where q has none, so log(p/q) is
# infinite there. JS and TV are the same for the near and the far histogram. Only a distance
# that knows how far the mass has to travel can tell them apart.

# %% [markdown]
# ## 3. The theta-shift family
#
# The WGAN paper's example: P is uniform on the vertical segment {0} × [0, 1] and Q_θ is the
# same segment moved to x = θ. For every θ ≠ 0 the supports are disjoint; at θ = 0 the two
# distributions are equal. `otlab.theta_divergences` gives the exact values:

# %%
for theta in (0.0, 0.01, 0.5, -1.0):
    r = otlab.theta_divergences(theta)
    print(
        f"theta = {theta:5.2f}: KL(P||Q) = {r.kl_pq}, KL(Q||P) = {r.kl_qp}, JS = {r.js:.4f}, TV = {r.tv}, W1 = {r.w1}"
    )

# %% [markdown]
# Samples tell the same story. `otlab.toy.theta_pair` draws n points from each segment;
# `divergences.theta_estimates` bins both samples on one grid of square cells (side
# `bin_width`) for KL, JS and TV, and solves the exact earth mover's problem between the two samples (`otlab.emd`)
# for W1. Each matched pair is at least |θ| apart, so the estimate of W1 is never below |θ|;
# the extra comes from matching points at different heights and shrinks, on average, as n
# grows.

# %%
theta = 0.5
real, fake = toy.theta_pair(theta, SIZES[-1], seed=SEED)
for n in SIZES:
    runs = [divergences.theta_estimates(theta, n, seed=SEED + k) for k in range(3)]
    w1 = np.mean([r.w1 for r in runs])
    print(
        f"n = {n:5d}: JS = {runs[0].js:.4f}, TV = {runs[0].tv:.3f}, KL = {runs[0].kl_pq}, "
        f"W1 = {w1:.4f} (mean of {len(runs)} draws; exact {theta})"
    )

# %% [markdown]
# All four measures against θ: exact curves, and estimates from samples as hollow dots. KL is
# infinite off θ = 0 (drawn as the dashed line at the top), JS and TV sit on their ceilings
# and drop to 0 only at the single point θ = 0 (the black dot). W1 = |θ| is a V, and the
# estimates follow it.

# %%
thetas = np.linspace(-1.0, 1.0, 201)
estimates = [divergences.theta_estimates(t, SIZES[1], seed=SEED) for t in np.linspace(-1, 1, 21)]
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained", width_ratios=[1, 2])
plot.plot_theta_segments(theta, real=real[:200], fake=fake[:200], ax=left)
plot.plot_theta_divergences(thetas, estimates=estimates, theta=theta, ax=right)
right.set_title(f"exact curves; dots: estimates from {SIZES[1]} samples each")
plt.show()

# %% [markdown]
# ## 4. What a generator feels: derivatives with respect to θ
#
# A generator with parameter θ updates θ ← θ − lr · d(loss)/dθ. `divergences.theta_slopes`
# takes central differences of each measure at θ:

# %%
for theta in (-0.5, 0.05, 0.5, 0.9):
    s = divergences.theta_slopes(theta)
    print(
        f"theta = {theta:5.2f}: dJS/dtheta = {s.js:.3f}, dTV/dtheta = {s.tv:.3f}, dW1/dtheta = {s.w1:+.3f}"
    )

fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
plot.plot_theta_slopes(thetas, ax=ax)
plt.show()

# %% [markdown]
# JS and TV have slope 0 everywhere except at the jump; KL has no slope at all (it is +inf on
# both sides). W1 has slope ±1 and its sign always points home. A few steps of gradient
# descent on θ, following each measure's slope, make the point:


# %%
START, LR, STEPS = 0.8, 0.05, 20


def descend(measure, theta=START, lr=LR, steps=STEPS):
    for _ in range(steps):
        theta -= lr * getattr(divergences.theta_slopes(theta), measure)
    return theta


print(f"{STEPS} steps of size {LR} from theta = {START}:")
for measure in ("js", "tv", "w1"):
    print(f"  following {measure.upper():2s}: theta ends at {descend(measure):.3f}")

# %% [markdown]
# ## 5. The optimal discriminator and the GAN loss
#
# The GAN value of a discriminator D is L(G, D) = E_real log D(x) + E_generated log(1 − D(x)).
# For fixed densities the best D is D*(x) = p_r(x) / (p_r(x) + p_g(x)), and plugging it in gives
#
# $$ L(G, D^*) = 2\,\mathrm{JS}(p_r, p_g) - 2 \log 2. $$
#
# So a generator trained against a perfect discriminator minimises JS, with all of JS's
# flat spots. Here on two Gaussians evaluated on a grid (`otlab.optimal_discriminator` and
# `otlab.gan_value` normalise each histogram):

# %%
x = np.linspace(-4.0, 6.0, 2001)
p_r = stats.norm.pdf(x, 0.0, 1.0)  # (k,) densities on the grid: N(0, 1) ...
p_g = stats.norm.pdf(x, 2.0, 0.7)  # ... and N(2, 0.7^2)
d_star = otlab.optimal_discriminator(p_r, p_g)
print(f"L(G, D*)          = {otlab.gan_value(p_r, p_g, d_star):.6f}")
print(f"2 JS - 2 log 2    = {2 * otlab.js(p_r, p_g) - 2 * LOG2:.6f}")
print(
    f"a worse D = 1/2   : {otlab.gan_value(p_r, p_g, np.full_like(x, 0.5)):.6f}  (-2 log 2 = {-2 * LOG2:.6f})"
)
print(f"p_r = p_g         : {otlab.gan_value(p_r, p_r, otlab.optimal_discriminator(p_r, p_r)):.6f}")

fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
plot.plot_discriminator(x, p_r, p_g, ax=ax)
plt.show()

# %% [markdown]
# A floating-point trap: far in the left tail p_g is more than 10^16 times smaller than p_r,
# so D* = p_r / (p_r + p_g) rounds to exactly 1 and log(1 − D*) is −inf. Called without a
# discriminator, `otlab.gan_value(p_r, p_g)` evaluates D* in log space and stays exact:

# %%
wide = np.linspace(-8.0, 10.0, 4001)
p_r_wide, p_g_wide = stats.norm.pdf(wide, 0.0, 1.0), stats.norm.pdf(wide, 2.0, 0.7)
print(
    f"with the rounded D*: {otlab.gan_value(p_r_wide, p_g_wide, otlab.optimal_discriminator(p_r_wide, p_g_wide))}"
)
print(
    f"in log space       : {otlab.gan_value(p_r_wide, p_g_wide):.6f}   2 JS - 2 log 2 = {2 * otlab.js(p_r_wide, p_g_wide) - 2 * LOG2:.6f}"
)

# %% [markdown]
# When the supports are disjoint, D* is 1 on the real data and 0 on the generated data, and the
# loss sits at its ceiling 2 log 2 − 2 log 2 = 0 whatever the distance between them:

# %%
p_real, p_fake = [1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1]
d_star = otlab.optimal_discriminator(p_real, p_fake)
print("D* =", d_star, f"  L(G, D*) = {otlab.gan_value(p_real, p_fake, d_star):.3f}")

# %% [markdown]
# ## 6. Move it yourself
#
# **The theta-shift explorer.** Drag θ. Left: the two segments, with the samples behind the
# estimates. Right: the four measures against θ with the current θ marked (filled dots: exact;
# large hollow dots: from the samples). The readout prints the exact values, the estimates
# and the slopes. Things to try: move θ slowly through 0; set θ just off 0, closer than half
# a histogram cell, and watch the binned estimates stay small while the exact JS is
# already log 2.

# %%
theta_app = widgets.ThetaShiftApp(theta=0.5, seed=SEED)
display(theta_app)

# %% [markdown]
# **Two sliding Gaussians.** P = N(0, w²) and Q = N(gap, w²). With wide Gaussians all
# measures change smoothly with the gap. Now shrink the width: KL = gap² / (2 w²) explodes, JS
# rushes to log 2 and goes flat (the theta family again, with soft edges), while W1 = |gap|
# does not care about the width at all.

# %%
gaussian_app = widgets.GaussianShiftApp(gap=1.0, width=1.0)
display(gaussian_app)

# %% [markdown]
# The sliders can also be moved from code; each move runs the same callback as a drag:

# %%
theta_app.slider.value = 0.25
gaussian_app.gap_slider.value = 2.0
gaussian_app.width_slider.value = 0.1
print(theta_app.readout.value.split("<br>")[1])
print(gaussian_app.readout.value)

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
# # 06 · GAN against WGAN: what the loss does to training
#
# The earlier notebooks compared *distances*: the Jensen-Shannon divergence saturates when
# two distributions do not overlap, the Wasserstein distance keeps measuring how far apart
# they are. Here we train generators and watch what that difference does in practice:
#
# 1. why two players doing gradient descent can circle forever (the bilinear game, the
#    Dirac-GAN);
# 2. why a minimax GAN's generator stops learning when its discriminator gets good
#    (vanishing gradients);
# 3. how often each loss drops modes of the data (mode collapse, over several seeds);
# 4. whether the training loss tells you how far the generator still is (loss as a
#    progress meter);
# 5. what training through the *exact* W1 looks like, next to a learned critic.
#
# Everything is small (2-D data, MLPs with a few thousand weights) so that it runs on a
# laptop CPU. With `OTLAB_FAST=1` every training run is cut to a few steps: the code runs,
# but the pictures are not meaningful then.

# %%
import os
import time

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import spearmanr

import otlab
from otlab import plot, toy, widgets
from otlab.gan import GANConfig, dirac_gan, train_gan_seeds

SEED = 0
FAST = bool(os.environ.get("OTLAB_FAST"))
DEFAULTS = GANConfig()  # train_gan's defaults, printed below
# Generator steps of the training runs below (a few in fast mode, so the notebook still runs).
STEPS = 20 if FAST else 1500  # single runs of sections 4-6 (default networks, width 64)
TABLE_STEPS = 20 if FAST else 1000  # each of the 20 runs of the mode-collapse table
VANISH_STEPS = 30 if FAST else 300
EVALS = 4 if FAST else 20  # exact-W1 evaluations (and snapshots) per single run
# The table's 20 runs use smaller networks and batches, so that all of them fit in a minute.
TABLE_OPTIONS = {"width": 32, "batch_size": 128, "steps": TABLE_STEPS}
print(
    f"train_gan defaults: {DEFAULTS.steps} steps, n_critic {DEFAULTS.n_critic}, batch "
    f"{DEFAULTS.batch_size}, {DEFAULTS.depth} x {DEFAULTS.width} networks, learning rates "
    f"falling linearly to 0 over the second half ({DEFAULTS.schedule!r})"
)

# %% [markdown]
# ## 1. A game that does not converge
#
# Take the simplest zero-sum game: player x wants to make $xy$ small, player y wants it
# large. The only equilibrium is $(0, 0)$. Player x's gradient is $y$, player y's is $x$.
# If both take a gradient step from the same point (*simultaneous* updates),
#
# $$ (x, y) \leftarrow (x - \eta y,\; y + \eta x), $$
#
# which is a rotation scaled by $\sqrt{1 + \eta^2}$: the players spiral **away** from the
# equilibrium, whatever the step size. If y answers x's new position (*alternating*
# updates, what GAN code actually does), the path stays on a closed ellipse: bounded, but
# never converging. *Extragradient* (each player first looks one step ahead, then moves with
# the gradient found there) does converge.

# %%
lr = 0.1
games = {
    mode: otlab.bilinear_game(1.0, 0.0, lr=lr, steps=100, mode=mode)
    for mode in ("simultaneous", "alternating", "extragradient")
}
fig, axes = plt.subplots(1, 3, figsize=(13, 4), layout="constrained")
for ax, game in zip(axes, games.values(), strict=True):
    plot.plot_bilinear(game, ax=ax)
plt.show()
for mode, game in games.items():
    print(f"{mode:>13}: radius after 100 steps {game.radius[-1]:.4f} (start 1)")
print(
    f"simultaneous growth per step {games['simultaneous'].growth:.8f}, "
    f"sqrt(1 + lr^2) = {np.sqrt(1 + lr**2):.8f}"
)

# %% [markdown]
# How does the step size $\eta$ change this? Each update is a fixed 2x2 linear map, so the
# answer is in closed form: the simultaneous map grows the radius by $\sqrt{1 + \eta^2}$ per
# step, the extragradient map by $\sqrt{1 - \eta^2 + \eta^4}$ (below 1: it converges), and
# the alternating map has determinant 1 and trace $2 - \eta^2$, so its path stays on an
# ellipse while $|2 - \eta^2| < 2$ and breaks apart beyond. On a grid of step sizes:

# %%
etas = np.linspace(0.01, 3.0, 300)
extra = np.sqrt(1 - etas**2 + etas**4)  # extragradient growth factor per step
closed = np.abs(2 - etas**2) < 2  # alternating: bounded (an ellipse) while |trace| < 2
best = etas[extra.argmin()]
check = otlab.bilinear_game(1.0, 0.0, lr=best, steps=50, mode="extragradient").growth
print(f"alternating stays on an ellipse up to eta = {etas[closed].max():.2f}")
print(
    f"extragradient converges fastest at eta = {best:.2f} (factor {extra.min():.3f} per step; "
    f"bilinear_game measures {check:.3f}) and diverges beyond eta = {etas[extra < 1].max():.2f}"
)

# %% [markdown]
# Move the learning rate and check these thresholds: the simultaneous spiral opens faster,
# the alternating ellipse gets flatter until it breaks apart, and extragradient has a best
# step size, with divergence past the threshold printed above. The right panel is on a log
# scale: a straight line means a constant factor per step.

# %%
widgets.BilinearGameApp(lr=0.1, steps=100)

# %% [markdown]
# ### The Dirac-GAN: a WGAN oscillates too
#
# Mescheder et al. (2018) shrank a GAN to two numbers: the data is a point mass at 0, the
# generator a point mass at $\theta$, the critic is linear, $f(x) = \psi x$. The WGAN
# objective is then $f(0) - f(\theta) = -\psi\theta$: exactly the bilinear game. Clipping
# $\psi$ to $[-1, 1]$ and giving the critic 5 steps per generator step does not fix it:
# the generator overshoots the data, the critic takes a while to turn around, and the
# generator keeps oscillating around 0.

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
for n_critic in (1, 5):
    dirac = dirac_gan(1.0, 0.0, loss="wgan-clip", lr=0.1, steps=600, n_critic=n_critic)
    plot.plot_dirac(dirac, ax=axes[0])
    axes[1].plot(dirac.theta, label=f"n_critic = {n_critic}")
    late = dirac.distance[-150:]
    print(
        f"wgan-clip, n_critic = {n_critic}: |theta| over the last 150 steps "
        f"between {late.min():.3f} and {late.max():.3f}"
    )
axes[0].legend()
axes[1].axhline(0, color="black", lw=0.5)
axes[1].set(xlabel="generator steps", ylabel=r"$\theta$ (data at 0)")
axes[1].legend()
plt.show()

# %%
widgets.DiracGANApp(loss="wgan-clip", n_critic=5)

# %% [markdown]
# ## 2. Vanishing gradients
#
# Now a real experiment, after Arjovsky & Bottou (2017). Hold a generator fixed, with its
# samples off the data (a small blob at the centre of the 8-Gaussian ring), and train a
# discriminator from scratch. At every discriminator step, measure how large the
# generator's gradient would be under three losses:
#
# * the **minimax** GAN loss $\log(1 - D(G(z)))$: as $D(G(z)) \to 0$ this curve goes flat,
#   so its gradient dies;
# * the **non-saturating** loss $-\log D(G(z))$, the usual fix;
# * a **WGAN-GP** critic trained on the same samples: its gradient has norm about 1
#   between the blob and the data, however well it is trained.

# %%
vanish = otlab.vanishing_gradients("8gaussians", steps=VANISH_STEPS, seed=SEED)
fig, axes = plt.subplots(1, 2, figsize=(12, 4), width_ratios=[1, 2], layout="constrained")
plot.plot_samples(vanish.fake, real=vanish.real[:1000], ax=axes[0], title="fixed generator")
plot.plot_gradient_norms(vanish, ax=axes[1])
plt.show()
ratios = vanish.ratios
print(f"after {VANISH_STEPS} discriminator steps, gradient norm / its start:")
print(f"  minimax        {ratios['minimax']:.2e}   (mean D(G(z)) = {vanish.d_fake[-1]:.1e})")
print(f"  non-saturating {ratios['non_saturating']:.2e}")
print(
    f"  WGAN-GP        {ratios['wgan_gp']:.2e}   (never below "
    f"{vanish.wgan_gp.min() / vanish.wgan_gp[0]:.2f} of its start)"
)

# %% [markdown]
# The minimax gradient falls by orders of magnitude as the discriminator becomes sure of
# itself. The non-saturating loss avoids that, but its gradient *grows* instead, with the
# discriminator's confidence: it follows how sharp $D$ is, not how far the samples are.
# The WGAN-GP gradient rises while the untrained critic learns the slope, then stays put:
# its size is set by the Lipschitz constraint, and its direction points to the data.

# %% [markdown]
# ## 3. Mode collapse, over several seeds
#
# Does the Wasserstein loss keep a generator from dropping modes? One run proves nothing,
# so we train five seeds of each loss with the same budget (same networks, optimiser,
# learning rates, 5 critic steps per generator step, same number of steps) on two datasets:
# a ring of 8 Gaussians (sd 0.1) and two parallel segments. `train_gan_seeds` trains the
# five seeds as one batched network, which is faster on a CPU than a loop. To fit the
# whole table in about a minute, these runs are shorter and their networks smaller than
# `train_gan`'s defaults (the time is printed below the table).
#
# A mode counts as covered when at least a fifth of its fair share of 2000 samples lands
# within 3 sd of its centre (for the segments: within 0.1 of the segment).

# %%
DATASETS = {"8gaussians": {"sd": 0.1}, "parallel_lines": {"theta": 1.0, "lines": 2}}
TOLERANCE = {"8gaussians": None, "parallel_lines": 0.1}  # None: 3 sd of the Gaussians
LOSSES = ("gan", "wgan-gp")
SEEDS = list(range(5))

table = {}
start = time.perf_counter()
for data, params in DATASETS.items():
    for loss in LOSSES:
        runs = train_gan_seeds(
            data,
            seeds=SEEDS,
            loss=loss,
            eval_every=TABLE_STEPS,
            data_params=params,
            **TABLE_OPTIONS,
        )
        coverage = [
            otlab.mode_coverage(
                run.sample(2000, seed=SEED), data, tolerance=TOLERANCE[data], **params
            )
            for run in runs
        ]
        table[data, loss] = (runs, coverage)
table_seconds = time.perf_counter() - start

print(f"{'dataset':<15}{'loss':<9}" + "".join(f"seed {s:<3}" for s in SEEDS) + "  mean  near  W1")
for (data, loss), (runs, coverage) in table.items():
    covered = [c.modes_covered for c in coverage]
    near = np.mean([c.fraction_near for c in coverage])
    w1 = np.mean([run.final_w1 for run in runs])
    print(
        f"{data:<15}{loss:<9}"
        + "".join(f"{k}/{coverage[0].n_modes:<5}" for k in covered)
        + f"  {np.mean(covered):.1f}  {near:.2f}  {w1:.2f}"
    )
print(f"the table's {len(DATASETS) * len(LOSSES) * len(SEEDS)} runs took {table_seconds:.0f} s")

# %% [markdown]
# *near* is the fraction of samples within the tolerance of some mode (sharpness), *W1*
# the exact distance between 512 samples and the data at the end (lower is better). The
# claim "WGAN-GP covers more modes than the minimax GAN" is checked seed by seed:

# %%
for data in DATASETS:
    gan_cov = [c.modes_covered for c in table[data, "gan"][1]]
    wgan_cov = [c.modes_covered for c in table[data, "wgan-gp"][1]]
    fails = [s for s, g, w in zip(SEEDS, gan_cov, wgan_cov, strict=True) if w <= g]
    print(
        f"{data}: WGAN-GP covers more modes than the GAN for "
        f"{len(SEEDS) - len(fails)} of {len(SEEDS)} seeds; not for seeds {fails}"
    )
gan_w1 = [run.w1 for run in table["8gaussians", "gan"][0]]
falls = sum(w1[-1] < w1[0] for w1 in gan_w1)
print(f"the minimax GAN's exact W1 fell during training for {falls} of {len(SEEDS)} seeds")

# %% [markdown]
# The samples themselves, one row per loss, one column per seed (grey: data, orange:
# 2000 generator samples):

# %%
for data, params in DATASETS.items():
    fig, axes = plt.subplots(
        len(LOSSES),
        len(SEEDS),
        figsize=(3 * len(SEEDS), 3 * len(LOSSES)),
        sharex=True,
        sharey=True,
        layout="constrained",
    )
    real = toy.sample(data, 1000, seed=SEED, **params)
    for row, loss in zip(axes, LOSSES, strict=True):
        runs, coverage = table[data, loss]
        for ax, seed, run, cov in zip(row, SEEDS, runs, coverage, strict=True):
            plot.plot_samples(
                run.sample(2000, seed=SEED),
                real=real,
                ax=ax,
                title=f"{loss}, seed {seed}: {cov.modes_covered}/{cov.n_modes}",
            )
    plt.show()

# %% [markdown]
# Read the table and the grids together, and judge for yourself: the numbers above are
# computed afresh each time; look for these patterns in them.
#
# * Mode collapse shows as a row of small counts with sharp samples (a high *near*): the
#   generator has put its mass on a few modes and left the others empty. Blurry samples
#   show as a low *near* and can fail the 3-sd rule without any collapse: look at the grid
#   before calling a seed a collapse.
# * Two disjoint segments are hard for any generator that maps one Gaussian blob
#   continuously: it must leave a trail of samples between them, or drop one segment.
# * The budget matters. These runs are short; `train_gan`'s defaults (printed at the top)
#   train four times longer with larger networks, and `benchmarks/bench_gan.py` measures
#   what that buys on the 8 Gaussians. Change `TABLE_OPTIONS` and run the table again.

# %% [markdown]
# ## 4. The loss as a progress meter
#
# With a WGAN, $-\text{critic loss}$ estimates the Wasserstein distance: without its
# penalty term it is $\mathbb{E}_r f - \mathbb{E}_g f$ for a (nearly) 1-Lipschitz $f$, so it
# should fall as the generator improves. Here is a WGAN-GP run and a minimax GAN run (same
# networks, optimiser and budget), with the exact W1 (`otlab.emd` on `n_eval` samples)
# measured at regular points during training, and the critic's own measure averaged over the
# steps in between: for WGAN-GP the critic's gap $\mathbb{E}_r f - \mathbb{E}_g f$ (the
# -critic loss without its penalty term), for the GAN the discriminator's loss. Below we
# also correlate the full -critic loss, penalty included.

# %%
common = {
    "steps": STEPS,
    "eval_every": max(STEPS // EVALS, 1),
    "seed": SEED,
    "data_params": {"sd": 0.1},
}
gp_run = otlab.train_gan("8gaussians", loss="wgan-gp", **common)
gan_run = otlab.train_gan("8gaussians", loss="gan", **common)

fig, axes = plt.subplots(1, 2, figsize=(13, 4), layout="constrained")
plot.plot_progress(gp_run, ax=axes[0])
plot.plot_progress(gan_run, ax=axes[1])
plt.show()
rho_gap = spearmanr(gp_run.critic_gap_per_eval[1:], gp_run.w1[1:]).statistic
rho_loss = spearmanr(-gp_run.critic_loss_per_eval[1:], gp_run.w1[1:]).statistic
rho_gan = spearmanr(gan_run.critic_loss_per_eval[1:], gan_run.w1[1:]).statistic
print("Spearman correlation with the exact W1:")
print(f"  WGAN-GP critic gap E_r f - E_g f (-critic loss without penalty) {rho_gap:.2f}")
print(f"  WGAN-GP -critic loss, penalty included                         {rho_loss:.2f}")
print(f"  GAN discriminator loss                                         {rho_gan:.2f}")

# %% [markdown]
# Read the rank correlations above: one near 1 means "when the critic's measure goes down,
# the generator got closer", so the WGAN-GP critic's gap can serve as a progress meter. The GAN's discriminator loss says how well
# the discriminator separates the two samples at this moment, which is a different thing.

# %% [markdown]
# ## 5. The oracle: a generator trained through the exact W1
#
# `loss="wgan-exact"` removes the critic altogether: each step solves the optimal transport
# problem between a generator batch and a data batch exactly (POT's `emd2`, whose torch
# backend gives the gradient) and descends it. That is what every WGAN critic tries to
# approximate. Left: its exact Kantorovich potential at the end of training; middle: the
# WGAN-GP critic learned in the run above; right: W1 against steps for all three runs.

# %%
exact_run = otlab.train_gan("8gaussians", loss="wgan-exact", **common)
fig, axes = plt.subplots(1, 3, figsize=(16, 4.5), layout="constrained")
plot.plot_snapshot(exact_run, ax=axes[0])
plot.plot_snapshot(gp_run, ax=axes[1])
plot.plot_w1_curves([exact_run, gp_run, gan_run], ax=axes[2])
plt.show()
per_step = {}
for run in (exact_run, gp_run, gan_run):
    per_step[run.loss] = run.seconds / run.steps_done
    print(
        f"{run.loss:>10}: final W1 {run.final_w1:.3f} after {run.steps_done} steps "
        f"({run.seconds:.1f} s, {1e3 * per_step[run.loss]:.1f} ms per step)"
    )
print(f"cheapest per step on this machine: {min(per_step, key=per_step.get)}")

# %% [markdown]
# The oracle needs no critic steps (the others take `n_critic` of them per generator step),
# but it solves an
# exact LP per step, whose cost grows quickly with the batch: compare the time per step
# printed above, and imagine batches of thousands of points in high dimension. That is why
# real WGANs learn a critic instead.

# %% [markdown]
# ## 6. Scrub through a run
#
# Drag the slider to replay the WGAN-GP run: the critic in colour (bright = "looks real"),
# the data in grey, the generator's samples in orange, and where that moment sits on the W1
# curve.

# %%
widgets.SnapshotScrubber(gp_run)

# %% [markdown]
# ## What to take away
#
# * Two-player gradient descent does not behave like minimisation: even the simplest game
#   spirals or circles, and a WGAN is no exception (Dirac-GAN).
# * With disjoint supports the minimax GAN's generator gradient vanishes as the
#   discriminator improves; a Lipschitz critic keeps a useful gradient.
# * A WGAN critic's gap estimates W1 and so can serve as a progress meter, to the extent the
#   rank correlations of section 4 say; a GAN discriminator's loss measures something else.
# * Mode collapse is a statement about many runs, and the numbers depend on budget and on
#   how "covered" is measured: count seeds, look at the samples.

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
# # 07 · Train it yourself: a live GAN console with the exact answer beside it
#
# Notebook 06 showed finished training runs. Here you run the training yourself: play and
# pause it, update the critic alone or the generator alone, change the loss or a learning
# rate halfway through, and draw your own data with the mouse. Next to what the networks do,
# the console draws the exact optimal transport answer, recomputed after every update.
#
# **What the console shows**
#
# - *Top left:* the critic (or, for the GAN losses, the discriminator $D = \sigma(f)$) as a
#   heat map with contours, the data in grey and the generator's samples in orange. On some
#   of the samples there are two arrows. The **red** arrow is where the generator's loss
#   pushes that sample, that is, minus the gradient of the loss. The **white** arrow is the
#   **exact transport direction**: the direction in which the exact Kantorovich potential
#   between the current samples and the data (`otlab.emd`) moves that sample.
# - *Top right:* the "manifold" view. A square grid of noise values is passed through the
#   generator, so you can see how it stretches and folds the noise.
# - *Bottom:* the exact W1 next to the critic's estimate $E_r f - E_g f$, and the two
#   losses, plotted against generator steps.
# - *Readout line:* how many steps each player has taken, the exact W1, the critic's
#   estimate, the **mean cosine** between the red and white arrows (1 means the generator
#   is pushed exactly where optimal transport would move it), the mean length of the push,
#   and, on datasets with modes, how many modes the samples cover.
#
# **Controls:** *play* / *pause* / *reset*. *Critic step* and *generator step* each do one
# update of that player only. *Speed* sets how many training rounds go into one frame (a
# round is `n_critic` critic updates followed by one generator update). You can also change
# the loss, the Lipschitz constraint, both learning rates, `n_critic`, the penalty weight
# and the seed while training runs. *Data* picks a toy dataset. *Draw* lets you click or
# drag on the left panel to add data points, and *clear* removes them. Whatever you do from
# code (`console.step_critic(5)`, `console.set_points(...)`, `console.readouts`) is exactly
# what the buttons do.

# %%
import os
import tempfile
from pathlib import Path

import numpy as np
from IPython.display import display

from otlab import toy, widgets

SEED = 0
FAST = bool(os.environ.get("OTLAB_FAST"))
CRITIC_ALONE = 300  # critic updates with the generator held still, in experiments 1 and 2
ROUNDS = 30 if FAST else 100  # training rounds (n_critic critic + 1 generator update) after

# %% [markdown]
# ## The console
#
# Press *play*. WGAN-GP on the eight Gaussians: within a few hundred steps the samples
# spread out towards the modes, the white and red arrows line up, and W1 falls.

# %%
console = widgets.TrainingConsole("8gaussians", loss="wgan-gp", seed=SEED)
display(console)

# %% [markdown]
# ## Experiment 1: the minimax GAN stalls once its discriminator wins
#
# Give the discriminator a head start. Press *critic step* a few hundred times (here we do
# it from code) while the generator stays where it is. The discriminator learns to tell the
# two clouds apart almost perfectly, $D(G(z)) \to 0$. The minimax generator minimises
# $\log(1 - D(G(z)))$, which is flat there: its push is $\sigma(f)\,\nabla f$, and that
# vanishes together with $D$. Watch the red arrows shrink to nothing.

# %%
gan = widgets.TrainingConsole("8gaussians", loss="gan", seed=SEED)
push_before = gan.readouts["mean_push"]
gan.step_critic(CRITIC_ALONE)
push_after = gan.readouts["mean_push"]
w1_before = gan.readouts["w1"]
gan.run_frames(ROUNDS)
w1_after = gan.readouts["w1"]
print(
    f"mean |push| on the generator's samples: {push_before:.3g} before, {push_after:.3g} "
    f"after {CRITIC_ALONE} discriminator updates ({push_before / push_after:.3g} times smaller)"
)
print(f"exact W1 over the next {ROUNDS} rounds of training: {w1_before:.3f} -> {w1_after:.3f}")
assert push_after < push_before / 100  # the generator's gradient has vanished
display(gan)

# %% [markdown]
# After the head start the GAN barely moves, even though training goes on: with no
# gradient the generator cannot improve, and the discriminator stays ahead of it. Try
# switching this console's loss to `gan-ns` (the non-saturating loss $-\log D(G(z))$) and
# press play. The weights are kept, but the push comes back.

# %% [markdown]
# ## Experiment 2: the same data under WGAN-GP
#
# Same seed, same starting networks, same head start, but now with WGAN-GP. Its critic is
# held close to 1-Lipschitz by the gradient penalty, so its gradient keeps a length of about
# 1 however well it separates the clouds. That gradient is the generator's push, and it
# points roughly where exact transport would move each sample.

# %%
wgan = widgets.TrainingConsole("8gaussians", loss="wgan-gp", seed=SEED)
wgan.step_critic(CRITIC_ALONE)
trained = wgan.readouts
wgan.run_frames(ROUNDS)
print(
    f"after {CRITIC_ALONE} critic updates: mean |push| {trained['mean_push']:.3f}, mean cosine "
    f"with the exact transport direction {trained['mean_cosine']:.2f}, critic estimate "
    f"{trained['critic_estimate']:.3f} against the exact W1 {trained['w1']:.3f}"
)
print(f"exact W1 over the next {ROUNDS} rounds: {trained['w1']:.3f} -> {wgan.readouts['w1']:.3f}")
assert trained["mean_push"] > 0.5 and trained["mean_cosine"] > 0.5
assert wgan.readouts["w1"] < 0.8 * trained["w1"]
display(wgan)

# %% [markdown]
# The critic's estimate of W1 is close to the exact value once the critic has trained. The
# generator's gradient lines up with the exact transport direction, and W1 falls well below
# its starting value. Lower the penalty weight to 0 (you get the plain `wgan` loss) and watch
# what happens to the estimate and to the arrows.

# %% [markdown]
# ## Experiment 3: draw two clusters
#
# Press *clear* on the console below, switch *draw* on, and click two small clusters of
# points anywhere on the left panel, for example a few clicks top left and a few bottom
# right. From two points on, the drawing is the data. Then press play. Here a drawing is
# scripted with `set_points`, which is exactly what the mouse calls.

# %%
drawn = np.concatenate(
    [
        toy.sample("gaussian", 12, seed=1, mean=(-1.5, 1.0), cov=[[0.02, 0], [0, 0.02]]),
        toy.sample("gaussian", 12, seed=2, mean=(1.5, -1.0), cov=[[0.02, 0], [0, 0.02]]),
    ]
)
yours = widgets.TrainingConsole("8gaussians", loss="wgan-gp", seed=SEED)
yours.set_points(drawn)
start = yours.readouts
yours.run_frames(ROUNDS)
print(
    f"two drawn clusters of {len(drawn) // 2} points: exact W1 {start['w1']:.3f} -> "
    f"{yours.readouts['w1']:.3f} after {ROUNDS} rounds"
)
assert yours.readouts["w1"] < start["w1"]
display(yours)

# %% [markdown]
# A generator whose noise is one connected blob has to stretch it across the gap between
# the clusters. The manifold view shows the grid thinning out there, and the samples that
# land in the gap carry long white arrows. Try a smaller learning rate, or more critic
# steps per round, and see whether the gap empties faster.

# %% [markdown]
# ## Keep it
#
# `console.save(path)` writes the whole run to a file (weights, optimiser state, random
# streams, data and curves), and `widgets.TrainingConsole.load(path)` brings it back with
# the same numbers. `console.export_gif(path)` turns the run so far into an animated GIF
# for slides.

# %%
folder = Path(tempfile.mkdtemp())
yours.save(folder / "two_clusters.pt")
again = widgets.TrainingConsole.load(folder / "two_clusters.pt")
assert again.readouts == yours.readouts
frames = yours.export_gif(folder / "two_clusters.gif")
print(f"loaded: the same readouts; GIF of {frames} frames in {folder}")

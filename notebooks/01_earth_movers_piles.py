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
# # 01 · The earth mover's distance, with dirt piles
#
# Picture two rows of dirt piles standing at the same spots along a road. The first row, P,
# is the dirt we have; the second, Q, is the shape we want. Moving one unit of dirt by one
# unit of distance costs one unit of work. The **earth mover's distance** is the least work
# that turns P into Q, divided by the amount of dirt moved.
#
# On a line this puzzle has a beautifully simple answer, and working it out by hand is the
# best way into optimal transport:
#
# 1. the piles and what they must become;
# 2. the **running surplus**: how much dirt has to cross each gap between neighbours;
# 3. the moves themselves, one at a time;
# 4. the same answer from a general-purpose solver, and from samples of real data;
# 5. an editor where you build your own piles.

# %%
import os

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

import otlab
from otlab import plot, toy, widgets

SEED = 0
FAST = bool(os.environ.get("OTLAB_FAST"))
SAMPLES = 500 if FAST else 5000  # samples per distribution in section 4

# %% [markdown]
# ## 1. Four piles
#
# P has piles of height 3, 2, 1, 4 at positions 0, 1, 2, 3, and Q wants heights 1, 2, 4, 3
# at the same spots. Both rows hold the same amount of dirt, which is what makes the puzzle
# solvable: transport moves dirt, it never creates or destroys it.

# %%
P = [3, 2, 1, 4]
Q = [1, 2, 4, 3]
print(f"dirt in P: {sum(P)}, dirt wanted by Q: {sum(Q)}")
plot.plot_piles(P, Q, labels=("P (dirt we have)", "Q (piles to build)"))
plt.show()

# %% [markdown]
# ## 2. The running surplus
#
# Walk along the road from the left. After pile k, count the dirt P has so far minus the dirt
# Q needs so far. If that **surplus** is positive, the extra dirt has nowhere to go but across
# the gap to the right; if it is negative, dirt has to come in from the right. Either way,
# exactly |surplus| units must cross that gap, and no plan can do with less. On a line the
# least work is therefore
#
# $$\text{cost} = \sum_k |d_k| \,(t_{k+1} - t_k), \qquad d_k = \sum_{i \le k} (p_i - q_i).$$
#
# `otlab.piles_emd` computes it, together with the surplus it used (`carried`).

# %%
result = otlab.piles_emd(P, Q)
print(f"surplus after each pile: {result.carried.tolist()}")
print(f"cost = {result.cost:g} units of work for {result.p.sum():g} units of dirt")
print(f"earth mover's distance W1 = cost / dirt = {result.distance:.3f}")

# %% [markdown]
# The bars below are the surplus at each gap: green dirt crosses to the right, red to the
# left. The last surplus is always 0: once the whole road is walked, P and Q hold the same
# amount. Each bar times the width of its gap is the work spent there; summing them gives the
# cost printed above.

# %%
plot.plot_carried(result)
plt.show()

# %% [markdown]
# ## 3. The moves, one at a time
#
# A surplus says how much crosses each gap, not who carries it. `result.moves` turns it into
# concrete moves `(from pile, to pile, amount)`. Applied in order, they rebuild Q from P
# without ever digging a pile below zero.

# %%
for number, (src, dst, amount) in enumerate(result.moves, start=1):
    distance = abs(result.positions[dst] - result.positions[src])
    print(
        f"move {number}: {amount:g} units from pile {src} to pile {dst} (work {amount * distance:g})"
    )
print(f"total work {result.work(len(result.moves)):g} = cost {result.cost:g}")

# %%
steps = len(result.moves)
fig, axes = plt.subplots(1, steps + 1, figsize=(3.2 * (steps + 1), 3.0), sharey=True)
for step, ax in enumerate(axes):
    plot.plot_move(result, step, ax=ax)
plt.show()

# %% [markdown]
# The dashed outlines are Q; after the last move the dirt fills them exactly. Notice that no
# dirt crosses another stream of dirt going the other way: on a line an optimal plan never
# does, because swapping two crossing moves would always shorten them. That is why the simple
# left-to-right bookkeeping above is optimal.
#
# ## 4. The same answer from a general solver, and from data
#
# The moves form a **transport plan**: a table `plan[i, j]` of how much dirt goes from pile i
# to pile j. Finding the cheapest plan is a linear program; `otlab.emd` solves it for points
# anywhere (here on a line), and knows nothing about surpluses. It agrees:

# %%
positions = result.positions
general = otlab.emd(positions, positions, P, Q)
print(f"piles_emd cost = {result.cost:g}, emd cost = {general.cost:g}")
print("plan[i, j] (the diagonal is dirt that stays put):\n", result.plan)

# %% [markdown]
# Piles need not be small or evenly spaced. Take two of the course's toy data sets in the
# plane, keep only the first coordinate of each sample, and count samples in bins: two
# histograms, i.e. two rows of piles. Their earth mover's distance (per unit of dirt) is close
# to the exact W1 between the raw samples, computed by sorting them
# (`otlab.wasserstein_1d`, the subject of notebook 03), and gets closer as the bins shrink.

# %%
real = toy.sample("8gaussians", SAMPLES, seed=SEED)[:, 0]
fake = toy.sample("moons", SAMPLES, seed=SEED + 1)[:, 0]
exact_w1 = otlab.wasserstein_1d(real, fake)
print(f"W1 between the {SAMPLES} raw samples: {exact_w1:.4f}")
for bins in (8, 32, 128):
    edges = np.linspace(-2.5, 2.5, bins + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    p_hist, _ = np.histogram(real, edges)
    q_hist, _ = np.histogram(fake, edges)
    piles = otlab.piles_emd(p_hist, q_hist, positions=centres)
    print(f"{bins:4d} bins: W1 between the histograms = {piles.distance:.4f}")

# %%
edges = np.linspace(-2.5, 2.5, 21)
p_hist, _ = np.histogram(real, edges)
q_hist, _ = np.histogram(fake, edges)
centres = (edges[:-1] + edges[1:]) / 2
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.2))
plot.plot_piles(p_hist, q_hist, centres, labels=("8 Gaussians (x)", "moons (x)"), ax=left)
plot.plot_carried(otlab.piles_emd(p_hist, q_hist, positions=centres), ax=right)
for ax in (left, right):
    ax.xaxis.set_major_locator(plt.MaxNLocator(6))  # 20 piles: fewer tick labels
plt.show()

# %% [markdown]
# ## 5. Build your own piles
#
# Each vertical slider sets one pile: the `P[k]` sliders the dirt, the `Q[k]` sliders the
# piles to build. The panels show the two rows, the surplus across each gap, and the piles
# after the first `move` moves; press play to watch them. The line under the figure gives
# W1 and the cost.
#
# Try to predict W1 before you let go of a slider. Then make the totals differ: there is no
# transport plan any more, and the editor says why instead of failing. The message is the
# one `piles_emd` raises:

# %%
try:
    otlab.piles_emd([3, 2, 1, 4], [1, 2, 4, 4])
except ValueError as error:
    print(error)

# %%
editor = widgets.PilesEditor(P, Q)
display(editor)

# %% [markdown]
# Some things to try:
#
# - Move all of P to the first pile and all of Q to the last. How does W1 grow with the
#   distance between them?
# - Find two different P, Q pairs with the same W1.
# - Set P equal to Q. What do the surplus bars and the moves show?
#
# Notebook 03 takes the same idea to distributions on a line (where sorting does the
# bookkeeping), to Gaussians, and to point clouds in the plane, where there is no "left to
# right" any more and the linear program does the work.

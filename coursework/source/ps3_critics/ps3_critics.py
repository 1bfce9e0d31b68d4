# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Problem set 3: WGAN critics and their Lipschitz constraints
#
# By Kantorovich-Rubinstein duality, W1 between the real and the generated distribution is the
# largest value of $\mathbb{E}_{P_r} f - \mathbb{E}_{P_g} f$ over 1-Lipschitz functions $f$. A WGAN
# critic is a neural network trained to find that $f$, and it needs some way to stay (about)
# 1-Lipschitz. You will implement the two classic ways, the gradient penalty and weight clipping,
# train small critics with them, and compare what they learn with the exact answer from `otlab`.
#
# **How this works.** Fill in every cell that says `# YOUR CODE HERE` (delete the
# `raise NotImplementedError()` line) and the written answer at the end. The cell after each
# answer checks it and, when it fails, names the idea to revisit; more checks run when your work
# is graded. Your answers must not call the `otlab` function they are asked to reproduce.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import copy

import numpy as np
import torch

import otlab
from otlab import toy
from otlab.critics import make_critic
from otlab.critics.constraints import clip_weights_, gradient_norm

SEED = 0
STEPS = 200  # optimiser steps per critic: about a second each on a laptop CPU

real = toy.sample("8gaussians", 128, seed=SEED)  # (128, 2): P_r
fake = toy.sample("gaussian", 128, seed=SEED + 1, cov=((0.25, 0.0), (0.0, 0.25)))  # P_g
exact = otlab.emd(real, fake)
potential = otlab.kantorovich_potential(exact)
real_t = torch.as_tensor(real, dtype=torch.float32)
fake_t = torch.as_tensor(fake, dtype=torch.float32)
print(f"exact W1 between the two samples: {exact.distance:.4f}")


def scalar(value):
    """A plain float from a 0-d tensor (detached first) or a number."""
    return float(torch.as_tensor(value).detach())


# %% [markdown] nbgrader={"grade": false, "grade_id": "gp_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 1. The gradient penalty
#
# A differentiable function is 1-Lipschitz exactly when its gradient has norm at most 1
# everywhere, and the optimal critic has gradient norm 1 along the lines that mass travels on.
# WGAN-GP therefore adds to the critic's loss
#
# $$\lambda\, \mathbb{E}_{\hat x}\big(|\nabla f(\hat x)| - 1\big)^2, \qquad
#   \hat x = \epsilon\, x + (1 - \epsilon)\, y, \quad \epsilon \sim U(0, 1),$$
#
# where $x$ is a real point, $y$ a generated one, and each pair gets its own $\epsilon$: $\hat x$
# is a random point on the segment between them.
#
# **1a.** Write `gradient_penalty(critic, real, fake, *, generator)` for `(n, 2)` tensors, without
# the factor $\lambda$. Draw the weights with `torch.rand(n, 1, generator=generator)`, pair
# `real[i]` with `fake[i]`, and get the gradient with `torch.autograd.grad`. The penalty will be
# minimised with respect to the critic's weights, so the gradient must itself stay differentiable
# (`create_graph=True`).


# %% nbgrader={"grade": false, "grade_id": "gradient_penalty", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gradient_penalty(critic, real, fake, *, generator):
    """Mean of (|grad f(x_hat)| - 1)^2 over one random interpolate per (real, fake) pair."""
    ### BEGIN SOLUTION
    eps = torch.rand(real.shape[0], 1, generator=generator)  # (n, 1): one weight per pair
    x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)  # (n, 2)
    (grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)  # (n, 2)
    return ((grad.norm(dim=1) - 1) ** 2).mean()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gradient_penalty", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
def seeded(seed=1):
    return torch.Generator().manual_seed(seed)


w = torch.tensor([3.0, 4.0])
value = scalar(gradient_penalty(lambda z: z @ w, real_t, fake_t, generator=seeded()))
assert np.isclose(value, 16.0), (
    "a linear critic f(x) = w.x has gradient w everywhere, so the penalty is (|w| - 1)^2 = 16 "
    f"for w = (3, 4), got {value}"
)
critic = make_critic(width=16, depth=2, generator=seeded(2))
got = scalar(gradient_penalty(critic, real_t, fake_t, generator=seeded()))
want = scalar(otlab.critics.gradient_penalty(critic, real_t, fake_t, generator=seeded()))
eps2 = torch.rand(real_t.shape[0], 2, generator=seeded())
per_coordinate = float(
    ((gradient_norm(critic, eps2 * real_t + (1 - eps2) * fake_t) - 1) ** 2).mean()
)
at_real = scalar(otlab.critics.gradient_penalty(critic, real_t, fake_t, sampling="real"))
assert not np.isclose(got, per_coordinate, rtol=1e-5), (
    "one epsilon per pair, of shape (n, 1): with a separate epsilon per coordinate x_hat leaves "
    "the segment between real[i] and fake[i]"
)
assert not np.isclose(got, at_real, rtol=1e-5), (
    "the penalty is taken at interpolates between real and fake points, not at the real points"
)
assert np.isclose(got, want, rtol=1e-5), (
    f"the penalty of a small network should be {want:.6f}, got {got:.6f}: check (|grad| - 1)^2, "
    "the mean over the batch, and that epsilon comes from torch.rand(n, 1, generator=generator)"
)
penalty = gradient_penalty(critic, real_t, fake_t, generator=seeded())
penalty.backward()
# (The last bias never moves the gradient, so some parameters may have no .grad at all.)
grads = [p.grad for p in critic.parameters() if p.grad is not None]
assert any(float(g.abs().sum()) > 0 for g in grads), (
    "the penalty must stay in the autograd graph so the optimiser can lower it: pass "
    "create_graph=True to torch.autograd.grad"
)
print(f"penalty of an untrained critic: {got:.4f}")
### BEGIN HIDDEN TESTS
# f(x) = |x|^2 / 2 has gradient x, so the penalty is the mean of (|x_hat| - 1)^2.
eps = torch.rand(5, 1, generator=seeded(3))
a, b = real_t[:5], fake_t[:5]
want = float(((torch.norm(eps * a + (1 - eps) * b, dim=1) - 1) ** 2).mean())
got = scalar(gradient_penalty(lambda z: 0.5 * (z**2).sum(dim=1), a, b, generator=seeded(3)))
assert np.isclose(got, want, rtol=1e-5), (
    "for f(x) = |x|^2 / 2 the gradient at x_hat is x_hat itself: each x_hat must be "
    "eps_i * real[i] + (1 - eps_i) * fake[i]"
)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "clip_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 2. Weight clipping
#
# The original WGAN kept the critic Lipschitz in a cruder way: after every optimiser step, clamp
# every parameter of the network (weights and biases) to $[-c, c]$. A network with bounded
# weights has a bounded gradient, so it is $K$-Lipschitz for some $K$, but nobody tells you $K$.
#
# **2a.** Write `clip_weights(critic, c)`, clamping every parameter of the `torch.nn.Module` in
# place. (Change the parameters under `torch.no_grad()`, e.g. with `param.clamp_(-c, c)`.)


# %% nbgrader={"grade": false, "grade_id": "clip_weights", "locked": false, "schema_version": 3, "solution": true, "task": false}
def clip_weights(critic, c):
    """Clamp every parameter of critic to [-c, c], in place."""
    ### BEGIN SOLUTION
    with torch.no_grad():
        for param in critic.parameters():
            param.clamp_(-c, c)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_clip_weights", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
critic = make_critic(width=16, depth=2, generator=seeded(4))
reference = clip_weights_(copy.deepcopy(critic), 0.05)
clip_weights(critic, 0.05)
for (name, got), want in zip(critic.named_parameters(), reference.parameters(), strict=True):
    assert torch.equal(got, want), (
        f"every parameter is clamped to [-c, c] in place, biases included: {name} differs"
    )
print(
    "largest |parameter| after clipping:", max(scalar(p.abs().max()) for p in critic.parameters())
)
### BEGIN HIDDEN TESTS
critic = make_critic(width=8, depth=3, generator=seeded(5))
before = [p.detach().clone() for p in critic.parameters()]
clip_weights(critic, 1e3)
assert all(torch.equal(p, q) for p, q in zip(critic.parameters(), before, strict=True)), (
    "clipping must leave weights inside [-c, c] unchanged"
)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "loss_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 3. The critic's loss, and training
#
# The critic wants $\mathbb{E}_{P_r} f - \mathbb{E}_{P_g} f$ as large as possible while paying the
# penalty. Optimisers minimise, so the loss is
#
# $$\text{loss} = -\big(\operatorname{mean}_i f(x_i) - \operatorname{mean}_j f(y_j)\big)
#                 + \lambda \cdot \text{penalty}.$$
#
# **3a.** Write `critic_loss(critic, real, fake, *, penalty_weight, generator)` using your
# `gradient_penalty` (skip the penalty when `penalty_weight` is 0).


# %% nbgrader={"grade": false, "grade_id": "critic_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def critic_loss(critic, real, fake, *, penalty_weight, generator):
    """The quantity the critic's optimiser minimises."""
    ### BEGIN SOLUTION
    loss = -(critic(real).mean() - critic(fake).mean())
    if penalty_weight:
        loss = loss + penalty_weight * gradient_penalty(critic, real, fake, generator=generator)
    return loss
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_critic_loss", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
gap = float((real_t.mean(dim=0) - fake_t.mean(dim=0)) @ w)  # E_r f - E_g f for f(x) = w.x
got = scalar(critic_loss(lambda z: z @ w, real_t, fake_t, penalty_weight=0.0, generator=seeded()))
assert not np.isclose(got, gap), (
    "the critic maximises E_r f - E_g f, so the loss its optimiser minimises is the negative gap"
)
assert np.isclose(got, -gap, rtol=1e-5), (
    f"without a penalty the loss is -(E_r f - E_g f) = {-gap:.5f}, got {got}"
)
got = scalar(critic_loss(lambda z: z @ w, real_t, fake_t, penalty_weight=10.0, generator=seeded()))
assert np.isclose(got, -gap + 160.0, rtol=1e-5), (
    f"with lambda = 10 the linear critic pays 10 * (|w| - 1)^2 = 160: expected "
    f"{-gap + 160:.4f}, got {got}"
)
### BEGIN HIDDEN TESTS
got = scalar(critic_loss(lambda z: z @ w, fake_t, real_t, penalty_weight=2.0, generator=seeded()))
assert np.isclose(got, gap + 32.0, rtol=1e-5), (
    "the loss must use its arguments: real first, fake second"
)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "lipschitz_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **3b.** A critic's Lipschitz constant is at least its largest gradient norm at any point we look
# at. Write `largest_gradient_norm(critic, points)` for an `(k, 2)` tensor of points, returning a
# float: the largest Euclidean norm of $\nabla f$ over the points.


# %% nbgrader={"grade": false, "grade_id": "largest_gradient_norm", "locked": false, "schema_version": 3, "solution": true, "task": false}
def largest_gradient_norm(critic, points):
    """max_k |grad f(points[k])|, a lower bound on the Lipschitz constant of critic."""
    ### BEGIN SOLUTION
    points = points.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(points).sum(), points)  # (k, 2)
    return float(grad.norm(dim=1).max())
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_largest_gradient_norm", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
got = largest_gradient_norm(lambda z: z @ w, real_t)
assert np.isclose(got, 5.0), (
    f"the gradient of f(x) = w.x is w, of Euclidean norm |w| = 5 for w = (3, 4), got {got} "
    "(take the norm of each point's gradient, then the largest)"
)
critic = make_critic(width=16, depth=2, generator=seeded(6))
want = float(gradient_norm(critic, real_t).max())
got = largest_gradient_norm(critic, real_t)
assert np.isclose(got, want, rtol=1e-5), (
    f"the largest gradient norm of a small network over the real points is {want:.5f}, "
    f"got {got:.5f}"
)
### BEGIN HIDDEN TESTS
probe = torch.cat([real_t, fake_t, 3 * fake_t])
assert np.isclose(
    largest_gradient_norm(critic, probe), float(gradient_norm(critic, probe).max()), rtol=1e-5
), "the largest gradient norm over all the points given, not a mean"
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "train_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Now train two critics between the fixed samples with your functions: one with the gradient
# penalty ($\lambda = 10$, Adam), one with weight clipping ($c = 0.01$, RMSprop, no penalty), as
# in the two papers. `probe` holds the points where we measure gradients: the data and a grid
# around it.


# %% nbgrader={"grade": false, "grade_id": "train", "locked": true, "schema_version": 3, "solution": false, "task": false}
def train(constraint, *, steps=STEPS, seed=SEED):
    """A critic trained between real_t and fake_t with your loss and your clipping."""
    generator = torch.Generator().manual_seed(seed)
    critic = make_critic(width=64, depth=3, generator=generator)
    if constraint == "gp":
        optimizer = torch.optim.Adam(critic.parameters(), lr=1e-3, betas=(0.5, 0.9))
    else:
        optimizer = torch.optim.RMSprop(critic.parameters(), lr=1e-3)
    weight = 10.0 if constraint == "gp" else 0.0
    for _ in range(steps):
        loss = critic_loss(critic, real_t, fake_t, penalty_weight=weight, generator=generator)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if constraint == "clip":
            clip_weights(critic, 0.01)
    return critic


X, Y = np.meshgrid(np.linspace(-3, 3, 41), np.linspace(-3, 3, 41))
grid = np.column_stack([X.ravel(), Y.ravel()])
probe = torch.cat([real_t, fake_t, torch.as_tensor(grid, dtype=torch.float32)])
own = {constraint: train(constraint) for constraint in ("gp", "clip")}
for constraint, critic in own.items():
    with torch.no_grad():
        estimate = float(critic(real_t).mean() - critic(fake_t).mean())
    print(f"{constraint:>4}: E_r f - E_g f = {estimate:.5f} (exact W1 {exact.distance:.4f})")

# %% nbgrader={"grade": true, "grade_id": "test_training", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
with torch.no_grad():
    values = {
        k: critic(torch.as_tensor(grid, dtype=torch.float32)).numpy() for k, critic in own.items()
    }
    estimates = {
        k: float(critic(real_t).mean() - critic(fake_t).mean()) for k, critic in own.items()
    }
assert estimates["gp"] > 0, (
    f"the trained critic should be high on real points, got E_r f - E_g f = {estimates['gp']:.4f}: "
    "check the sign of the gap in critic_loss"
)
assert abs(estimates["gp"] - exact.distance) < 0.15 * exact.distance, (
    f"the gradient-penalty critic should estimate W1 = {exact.distance:.4f} within 15%, got "
    f"{estimates['gp']:.4f}"
)
correlation = np.corrcoef(values["gp"], potential(grid))[0, 1]
assert correlation > 0.95, (
    f"the gradient-penalty critic should have the shape of the Kantorovich potential "
    f"(correlation {correlation:.3f} on the grid)"
)
largest = max(scalar(p.abs().max()) for p in own["clip"].parameters())
assert largest <= 0.01 + 1e-7, (
    f"the clipped critic has a parameter of size {largest:.4g} > c = 0.01"
)
print(f"gp critic: correlation with the exact potential on the grid {correlation:.3f}")
### BEGIN HIDDEN TESTS
lipschitz = float(gradient_norm(own["clip"], probe).max())
assert 0 < estimates["clip"] < 0.1 * exact.distance, (
    "a clipped critic is K-Lipschitz with a tiny K: its raw estimate is far below W1"
)
assert 0.5 * exact.distance < estimates["clip"] / lipschitz < 1.1 * exact.distance, (
    "divided by its Lipschitz constant, the clipped critic's estimate should recover most of W1"
)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "compare_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 4. Against the exact potential
#
# `otlab.fit_critic` trains the same kind of critic with otlab's own implementation, and
# `otlab.compare_critic` measures it against the exact solution: the raw estimate, the estimate
# divided by the measured Lipschitz constant, how well the gradient points along the optimal
# transport directions (mean cosine) and how closely the critic follows the exact potential on a
# grid (correlation). The last two columns of the table use your `largest_gradient_norm` on your
# own critics.

# %% nbgrader={"grade": false, "grade_id": "compare", "locked": true, "schema_version": 3, "solution": false, "task": false}
yours = {}  # constraint -> (estimate, normalised estimate) of your own critics
for c, critic in own.items():
    with torch.no_grad():
        estimate = float(critic(real_t).mean() - critic(fake_t).mean())
    yours[c] = estimate, estimate / largest_gradient_norm(critic, probe)
fits = {
    c: otlab.fit_critic(real, fake, constraint=c, steps=STEPS, seed=SEED, progress=False)
    for c in ("gp", "clip")
}
comparisons = {c: otlab.compare_critic(fit, exact) for c, fit in fits.items()}
print(f"exact W1 = {exact.distance:.4f}")
print("critic  estimate  Lipschitz  normalised  cosine  correlation |  yours: estimate  normalised")
for c, result in comparisons.items():
    print(
        f"{c:>6}  {result.estimate:8.5f}  {fits[c].lipschitz:9.5f}"
        f"  {result.normalized_estimate:10.4f}"
        f"  {result.mean_cosine:6.3f}  {result.potential_correlation:11.3f} |"
        f"  {yours[c][0]:15.5f}  {yours[c][1]:10.4f}"
    )
factor = comparisons["clip"].estimate / exact.distance
print(f"\nthe clipped critic's estimate is {factor:.2e} times W1")

# %% [markdown] nbgrader={"grade": false, "grade_id": "why_clipping_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **4a (written, graded by hand).** The clipped critic's estimate is off from W1 by the factor
# printed above, while dividing by its Lipschitz constant brings it close. In a few sentences in
# the cell below: why is it off by a factor, what is that factor, and why does the division repair
# most (but not all) of the gap?

# %% [markdown] nbgrader={"grade": true, "grade_id": "why_clipping", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# Clipping every parameter to [-c, c] bounds the gradient of the network, so the critic is
# K-Lipschitz for some K fixed by c, the width and the depth, not 1-Lipschitz. Maximising
# E_r f - E_g f over K-Lipschitz functions gives K times the answer over 1-Lipschitz ones (scale
# the optimal potential by K), so the estimate is about K * W1, and K is tiny and unknown for
# c = 0.01. Dividing the estimate by the measured Lipschitz constant (the largest gradient norm)
# rescales the critic to be 1-Lipschitz, which recovers most of W1. Not all of it: the clipped
# family is only a small part of the K-Lipschitz functions (the network is nearly linear and cannot
# take the kinked shape of the exact potential), the largest gradient norm on a grid only bounds K
# from below, and a few hundred steps do not reach the best clipped critic. The gradient penalty
# avoids the unknown factor by asking for gradient norm 1 directly.
# ### END SOLUTION

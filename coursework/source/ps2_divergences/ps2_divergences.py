# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Problem set 2: divergences against the Wasserstein distance
#
# A GAN's generator learns by following how some measure of the gap between its distribution and
# the data changes. This problem set shows why the choice of measure matters: KL and
# Jensen-Shannon compare the two densities point by point, so once the supports are disjoint they
# stop changing, while the Wasserstein distance keeps measuring how far the mass has to travel.
#
# **How this works.** Fill in every cell that says `# YOUR CODE HERE` (delete the
# `raise NotImplementedError()` line). The cell after each answer checks it and, when it fails,
# names the idea to revisit. More checks run when your work is graded. `otlab` is the answer key;
# your answers must not call the `otlab` function they are asked to reproduce. Divergences are in
# nats (natural logarithms).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
from scipy import special

import otlab
from otlab import toy

SEED = 0
LOG2 = np.log(2.0)

# %% [markdown] nbgrader={"grade": false, "grade_id": "histograms_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 1. KL and JS between histograms
#
# For two histograms on the same bins (counts or probabilities: normalise each to total 1 first),
#
# $$\mathrm{KL}(p \,\|\, q) = \sum_i p_i \log\frac{p_i}{q_i}, \qquad
#   \mathrm{JS}(p, q) = \tfrac12 \mathrm{KL}(p \,\|\, m) + \tfrac12 \mathrm{KL}(q \,\|\, m),
#   \quad m = \tfrac12 (p + q).$$
#
# Two conventions make these well defined everywhere: a bin where $p_i = 0$ contributes nothing
# ($0 \log 0 = 0$), and KL is $+\infty$ as soon as $p$ puts mass in a bin where $q$ has none.
# `scipy.special.xlogy(x, y)` computes $x \log y$ with $0 \log 0 = 0$.
#
# **1a.** Write `kl_divergence(p, q)` and `js_divergence(p, q)`, returning floats (`np.inf` when
# KL is infinite, never NaN).


# %% nbgrader={"grade": false, "grade_id": "divergences", "locked": false, "schema_version": 3, "solution": true, "task": false}
def kl_divergence(p, q):
    """KL(p || q) in nats for two histograms on the same bins."""
    ### BEGIN SOLUTION
    p = np.asarray(p, dtype=float) / np.sum(p)
    q = np.asarray(q, dtype=float) / np.sum(q)
    if np.any((p > 0) & (q == 0)):
        return np.inf
    support = p > 0
    return float(np.sum(p[support] * np.log(p[support] / q[support])))
    ### END SOLUTION


def js_divergence(p, q):
    """JS(p, q) in nats for two histograms on the same bins."""
    ### BEGIN SOLUTION
    p = np.asarray(p, dtype=float) / np.sum(p)
    q = np.asarray(q, dtype=float) / np.sum(q)
    m = (p + q) / 2
    return 0.5 * kl_divergence(p, m) + 0.5 * kl_divergence(q, m)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_kl", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
p, q = np.array([0.5, 0.3, 0.2]), np.array([0.25, 0.25, 0.5])
assert np.isclose(kl_divergence(p, q), otlab.kl(p, q)), (
    f"KL(p || q) = sum p_i log(p_i / q_i) should be {otlab.kl(p, q):.6f}, got {kl_divergence(p, q)}"
)
assert not np.isclose(kl_divergence(p, q), otlab.kl(q, p)), (
    "KL is not symmetric: KL(p || q) weighs log(p / q) by p, you computed KL(q || p)"
)
value = kl_divergence([0.5, 0.5, 0.0], [0.25, 0.25, 0.5])
assert not np.isnan(value), "0 log 0 = 0: a bin where p is empty contributes nothing (got nan)"
assert np.isclose(value, otlab.kl([0.5, 0.5, 0.0], [0.25, 0.25, 0.5])), (
    f"KL with an empty bin in p should be {np.log(2):.6f}, got {value}"
)
value = kl_divergence([0.5, 0.5, 0.0], [1.0, 0.0, 0.0])
assert value == np.inf, f"KL is +inf when p has mass where q has none, got {value}"
print(f"KL(p || q) = {kl_divergence(p, q):.4f}, KL(q || p) = {kl_divergence(q, p):.4f}")
### BEGIN HIDDEN TESTS
counts_p, counts_q = np.array([5, 3, 2]), np.array([1, 1, 2])
assert np.isclose(kl_divergence(counts_p, counts_q), otlab.kl(counts_p, counts_q)), (
    "counts must be normalised to probabilities before taking KL"
)
assert kl_divergence(q, q) == 0 or np.isclose(kl_divergence(q, q), 0.0), "KL(p || p) = 0"
rng = np.random.default_rng(1)
for _ in range(5):
    a, b = rng.random(6), rng.random(6)
    a[rng.integers(6)] = 0.0
    assert np.isclose(kl_divergence(a, b), otlab.kl(a, b)), "KL of random histograms"
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_js", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
assert np.isclose(js_divergence(p, q), otlab.js(p, q)), (
    f"JS(p, q) should be {otlab.js(p, q):.6f}, got {js_divergence(p, q)}"
)
assert np.isclose(js_divergence(p, q), js_divergence(q, p)), "JS is symmetric in p and q"
disjoint = js_divergence([1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0])
assert np.isfinite(disjoint), (
    "JS compares each histogram with the mixture m = (p + q) / 2, which has mass wherever p or q "
    f"has: it is never infinite (got {disjoint})"
)
assert np.isclose(disjoint, LOG2), f"on disjoint supports JS = log 2 = {LOG2:.6f}, got {disjoint}"
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2)
for _ in range(5):
    a, b = rng.integers(0, 5, 8), rng.integers(1, 9, 8)
    assert np.isclose(js_divergence(a, b), otlab.js(a, b)), (
        "JS of count histograms: normalise each histogram to total 1 first"
    )
    assert 0 <= js_divergence(a, b) <= LOG2 + 1e-12, "JS lies between 0 and log 2"
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "theta_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 2. Parallel lines: JS saturates, W1 keeps growing
#
# The example of the WGAN paper: the real distribution $P$ is uniform on the vertical segment
# $\{0\} \times [0, 1]$ and the generated one $Q_\theta$ on $\{\theta\} \times [0, 1]$. For any
# $\theta \ne 0$ the two supports are disjoint. `toy.theta_pair(theta, n, seed=...)` draws `n`
# points of each. The helper below bins both samples on one grid of square cells, so that you can
# apply your `js_divergence` to samples.


# %% nbgrader={"grade": false, "grade_id": "theta_helpers", "locked": true, "schema_version": 3, "solution": false, "task": false}
def histograms(real, fake, bin_width=0.1):
    """Counts of both samples on one grid of square cells of side bin_width (a common support)."""
    both = np.vstack([real, fake])  # (2n, 2)
    edges = [
        np.arange(lo - bin_width / 2, hi + bin_width, bin_width)
        for lo, hi in zip(both.min(axis=0), both.max(axis=0))
    ]
    p, _, _ = np.histogram2d(real[:, 0], real[:, 1], bins=edges)
    q, _, _ = np.histogram2d(fake[:, 0], fake[:, 1], bins=edges)
    return p.ravel(), q.ravel()


THETAS = np.array([0.25, 0.5, 1.0, 1.5, 2.0])

# %% [markdown] nbgrader={"grade": false, "grade_id": "sweep_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **2a.** Write `theta_sweep(thetas, n=200, seed=SEED)`: for each `theta`, draw the pair with
# `toy.theta_pair(theta, n, seed=seed)`, estimate JS from the binned samples with your
# `js_divergence`, and compute W1 between the two samples with `otlab.emd(real, fake).distance`.
# Return two arrays, `(js_values, w1_values)`.


# %% nbgrader={"grade": false, "grade_id": "theta_sweep", "locked": false, "schema_version": 3, "solution": true, "task": false}
def theta_sweep(thetas, n=200, seed=SEED):
    """JS (binned) and W1 (exact EMD) between samples of P and Q_theta, for each theta."""
    ### BEGIN SOLUTION
    js_values, w1_values = [], []
    for theta in thetas:
        real, fake = toy.theta_pair(theta, n, seed=seed)
        js_values.append(js_divergence(*histograms(real, fake)))
        w1_values.append(otlab.emd(real, fake).distance)
    return np.array(js_values), np.array(w1_values)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_theta_sweep", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
js_values, w1_values = map(np.asarray, theta_sweep(THETAS))
exact = [otlab.theta_divergences(theta) for theta in THETAS]
assert js_values.shape == w1_values.shape == THETAS.shape, "one JS and one W1 value per theta"
assert np.allclose(js_values, [e.js for e in exact]), (
    f"JS saturates: for disjoint supports it is log 2 = {LOG2:.4f} whatever theta is, "
    f"got {js_values.round(4).tolist()}"
)
samples = [otlab.divergences.theta_estimates(theta, 200, seed=SEED).w1 for theta in THETAS]
assert np.allclose(w1_values, samples), (
    "W1 between the samples comes from otlab.emd(real, fake).distance on toy.theta_pair(theta, n, "
    f"seed=seed): expected {np.round(samples, 4).tolist()}, got {w1_values.round(4).tolist()}"
)
slopes_js = np.diff(js_values) / np.diff(THETAS)
slopes_w1 = np.diff(w1_values) / np.diff(THETAS)
print("theta:", THETAS.tolist())
print("JS:   ", js_values.round(4).tolist(), " slopes", slopes_js.round(3).tolist())
print("W1:   ", w1_values.round(4).tolist(), " slopes", slopes_w1.round(3).tolist())
print("exact W1 = |theta|:", [e.w1 for e in exact])
### BEGIN HIDDEN TESTS
assert np.allclose(slopes_js, 0.0), "JS is flat in theta: a generator following it gets no signal"
assert np.allclose(
    slopes_w1, [otlab.divergences.theta_slopes(t).w1 for t in THETAS[1:]], atol=0.05
), "W1 grows like |theta|: its slope is 1"
js_small, w1_small = map(np.asarray, theta_sweep([0.0, 3.0], n=50, seed=1))
assert js_small[0] < LOG2 and np.isclose(js_small[1], LOG2), "theta_sweep must use its arguments"
assert w1_small[1] >= 3.0, "W1 between the segments is at least their distance theta"
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "discriminator_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 3. The optimal discriminator
#
# A GAN discriminator $D(x) \in [0, 1]$ maximises
#
# $$L(G, D) = \mathbb{E}_{x \sim p_r} \log D(x) + \mathbb{E}_{x \sim p_g} \log\big(1 - D(x)\big)
#           = \sum_x \Big( p_r(x) \log D(x) + p_g(x) \log\big(1 - D(x)\big) \Big).$$
#
# The sum can be maximised one point at a time: for fixed numbers $a = p_r(x)$ and $b = p_g(x)$,
# set the derivative of $a \log D + b \log(1 - D)$ to zero to find the best $D(x)$. Plugging it
# back in gives $L(G, D^*) = 2\,\mathrm{JS}(p_r, p_g) - 2 \log 2$, so a generator facing a perfect
# discriminator is minimising JS, the divergence you just watched saturate.
#
# **3a.** Write `best_discriminator(p_r, p_g)` (normalise both histograms first; where neither has
# mass, any value is optimal: return 0.5) and `gan_objective(p_r, p_g, d)`, the value $L(G, D)$
# above (normalise the histograms; use $0 \log 0 = 0$).


# %% nbgrader={"grade": false, "grade_id": "discriminator", "locked": false, "schema_version": 3, "solution": true, "task": false}
def best_discriminator(p_r, p_g):
    """D*(x) for each bin: the maximiser of a log D + b log(1 - D) with a = p_r(x), b = p_g(x)."""
    ### BEGIN SOLUTION
    p_r = np.asarray(p_r, dtype=float) / np.sum(p_r)
    p_g = np.asarray(p_g, dtype=float) / np.sum(p_g)
    total = p_r + p_g
    return np.where(total > 0, p_r / np.where(total > 0, total, 1.0), 0.5)
    ### END SOLUTION


def gan_objective(p_r, p_g, d):
    """L(G, D) = sum p_r log d + sum p_g log(1 - d), with 0 log 0 = 0."""
    ### BEGIN SOLUTION
    p_r = np.asarray(p_r, dtype=float) / np.sum(p_r)
    p_g = np.asarray(p_g, dtype=float) / np.sum(p_g)
    d = np.asarray(d, dtype=float)
    return float(np.sum(special.xlogy(p_r, d)) + np.sum(special.xlogy(p_g, 1.0 - d)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gan_objective", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
p_r, p_g = np.array([0.4, 0.4, 0.2, 0.0]), np.array([0.1, 0.2, 0.3, 0.4])
d = np.array([0.7, 0.6, 0.5, 0.0])
want = otlab.gan_value(p_r, p_g, d)
got = gan_objective(p_r, p_g, d)
assert np.isfinite(got), "0 log 0 = 0: a bin without real mass adds nothing to E_r log D"
assert np.isclose(got, want), (
    f"L(G, D) = E_r log D + E_g log(1 - D) should be {want:.6f}, got {got} (the generated term "
    "uses log(1 - D))"
)
### BEGIN HIDDEN TESTS
assert np.isclose(gan_objective(2 * p_r, 5 * p_g, d), want), "normalise count histograms first"
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_best_discriminator", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
d_star = np.asarray(best_discriminator(p_r, p_g), dtype=float)
want = otlab.optimal_discriminator(p_r, p_g)
assert not np.allclose(d_star, 1 - want), (
    "D* weighs the real density against the total, D* = p_r / (p_r + p_g): you returned "
    "p_g / (p_r + p_g)"
)
assert np.allclose(d_star, want), (
    f"D* should be {want.round(4).tolist()}, got {d_star.round(4).tolist()}"
)
identity = 2 * otlab.js(p_r, p_g) - 2 * LOG2
value = otlab.gan_value(p_r, p_g, d_star)
assert np.isclose(value, identity), (
    f"at D* the GAN value equals 2 JS - 2 log 2 = {identity:.6f}, got {value}"
)
print(f"L(G, D*) = {value:.4f} = 2 JS - 2 log 2 = {identity:.4f}")
### BEGIN HIDDEN TESTS
counts_r, counts_g = np.array([4, 0, 2, 0]), np.array([1, 3, 0, 0])
assert np.allclose(
    best_discriminator(counts_r, counts_g), otlab.optimal_discriminator(counts_r, counts_g)
), "normalise both histograms before comparing them, and return 0.5 where neither has mass"
rng = np.random.default_rng(3)
for _ in range(5):
    other = np.clip(d_star + rng.normal(0, 0.1, d_star.shape), 1e-3, 1 - 1e-3)
    assert otlab.gan_value(p_r, p_g, other) <= value + 1e-12, "no discriminator beats D*"
same = np.asarray(best_discriminator(p_g, p_g), dtype=float)
assert np.allclose(same[p_g > 0], 0.5), "when p_r = p_g the best discriminator is 1/2 everywhere"
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "gaussian_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 4. KL between Gaussians in closed form
#
# For $p = N(m_1, \Sigma_1)$ and $q = N(m_2, \Sigma_2)$ in $\mathbb{R}^d$,
#
# $$\mathrm{KL}(p \,\|\, q) = \tfrac12 \Big( \operatorname{tr}(\Sigma_2^{-1} \Sigma_1)
#     + (m_2 - m_1)^\top \Sigma_2^{-1} (m_2 - m_1) - d
#     + \log \frac{\det \Sigma_2}{\det \Sigma_1} \Big).$$
#
# **4a.** Write `gaussian_kl_closed_form(m1, S1, m2, S2)` for means of shape `(d,)` and covariance
# matrices of shape `(d, d)`. (Use `np.linalg.solve` rather than an explicit inverse, and
# `np.linalg.slogdet` for the log-determinants.)


# %% nbgrader={"grade": false, "grade_id": "gaussian_kl", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gaussian_kl_closed_form(m1, S1, m2, S2):
    """KL(N(m1, S1) || N(m2, S2)) in nats."""
    ### BEGIN SOLUTION
    m1, m2 = np.atleast_1d(m1).astype(float), np.atleast_1d(m2).astype(float)
    S1, S2 = np.atleast_2d(S1).astype(float), np.atleast_2d(S2).astype(float)
    gap = m2 - m1
    trace = np.trace(np.linalg.solve(S2, S1))
    mahalanobis = gap @ np.linalg.solve(S2, gap)
    log_det = np.linalg.slogdet(S2)[1] - np.linalg.slogdet(S1)[1]
    return float(0.5 * (trace + mahalanobis - m1.size + log_det))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gaussian_kl", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
value = gaussian_kl_closed_form(
    np.array([0.0]), np.array([[1.0]]), np.array([1.0]), np.array([[1.0]])
)
assert np.isclose(value, 0.5), (
    f"KL(N(0, 1) || N(1, 1)) = 0.5 (half the squared mean gap over the variance), got {value}"
)
m1, S1 = np.array([0.0, 1.0]), np.array([[2.0, 0.0], [0.0, 0.5]])
m2, S2 = np.array([1.0, -1.0]), np.array([[1.0, 0.0], [0.0, 3.0]])
want = otlab.gaussian_kl(m1, S1, m2, S2)
got = gaussian_kl_closed_form(m1, S1, m2, S2)
assert not np.isclose(got, otlab.gaussian_kl(m2, S2, m1, S1)), (
    "KL is an expectation under the first Gaussian: the trace term is tr(S2^-1 S1) and the "
    "Mahalanobis term uses S2; you computed KL(q || p)"
)
assert np.isclose(got, want), f"KL between the 2-D Gaussians should be {want:.6f}, got {got}"
print(f"KL(p || q) = {got:.4f}, KL(q || p) = {gaussian_kl_closed_form(m2, S2, m1, S1):.4f}")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(4)
for dim in (2, 3):
    A, B = rng.normal(size=(dim, dim)), rng.normal(size=(dim, dim))
    S1, S2 = A @ A.T + 0.5 * np.eye(dim), B @ B.T + 0.5 * np.eye(dim)
    m1, m2 = rng.normal(size=dim), rng.normal(size=dim)
    want = otlab.gaussian_kl(m1, S1, m2, S2)
    assert np.isclose(gaussian_kl_closed_form(m1, S1, m2, S2), want), (
        f"with correlated covariances in {dim}-D the trace term needs the matrix product "
        f"S2^-1 S1 (np.linalg.solve(S2, S1)), not an elementwise one: expected {want:.6f}"
    )
assert np.isclose(gaussian_kl_closed_form(m1, S1, m1, S1), 0.0), "KL(p || p) = 0"
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "outro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Sections 2 and 3 together are the argument of the WGAN paper: a perfect discriminator turns the
# generator's loss into JS, and JS does not move once the supports are apart. Problem set 3
# replaces the discriminator by a critic whose best value is W1.

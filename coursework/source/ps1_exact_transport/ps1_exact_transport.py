# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Problem set 1: exact optimal transport
#
# You will compute optimal transport four ways, each small enough to do by hand or in a few lines
# of numpy: dirt piles on a line, quantile functions, the linear program with its dual, and the
# c-transform that turns dual values into a function on the whole plane.
#
# **How this works.** Fill in every cell that says `# YOUR CODE HERE` (delete the
# `raise NotImplementedError()` line). The cell after each answer checks it: run it, and if it
# complains, the message names the idea to look at again. More checks run when your work is graded,
# so test your functions on inputs of your own too. `otlab` is the answer key the checks use; your
# answers must not call the `otlab` function they are asked to reproduce.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
from scipy import optimize

import otlab
from otlab import toy

SEED = 0

# %% [markdown] nbgrader={"grade": false, "grade_id": "piles_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 1. Dirt piles on a line
#
# Piles of dirt `p[0], ..., p[n-1]` stand at positions `t[0] < ... < t[n-1]`; you must reshape them
# into the piles `q` (same total). On a line an optimal plan never lets two loads cross, so all you
# need to know is how much dirt crosses each gap. Walk from left to right and keep a running
# surplus
#
# $$d_k = \sum_{i \le k} (p_i - q_i).$$
#
# After pile $k$ you hold $d_k$ more than the piles so far need. A positive $d_k$ must be carried
# right across the gap to pile $k+1$; a negative $d_k$ is a deficit that dirt from the right must
# fill, so $|d_k|$ crosses leftwards. Each unit crossing the gap costs its width, hence
#
# $$\mathrm{cost} = \sum_{k=0}^{n-2} |d_k|\,(t_{k+1} - t_k).$$
#
# **1a.** Write `surplus(p, q)`: the array $(d_0, \dots, d_{n-1})$, one value per pile (the last
# one is 0 when the totals match).


# %% nbgrader={"grade": false, "grade_id": "surplus", "locked": false, "schema_version": 3, "solution": true, "task": false}
def surplus(p, q):
    """Running surplus d_k = sum_{i <= k} (p_i - q_i), one value per pile."""
    ### BEGIN SOLUTION
    return np.cumsum(np.asarray(p, dtype=float) - np.asarray(q, dtype=float))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_surplus", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
p, q = [3, 2, 1, 4], [1, 2, 4, 3]
want = otlab.piles_emd(p, q).carried
got = np.asarray(surplus(p, q), dtype=float)
assert got.shape == want.shape, (
    f"surplus returns one value per pile ({want.size}), got shape {got.shape}"
)
assert not np.allclose(got, p - np.asarray(q)), (
    "the surplus accumulates: d_k adds up p_i - q_i over every pile i <= k, not pile k alone"
)
assert not np.allclose(got, -want), (
    "the surplus must be carried across each gap: check the sign of d_k "
    "(d_k = sum of p_i - q_i, positive when dirt moves right)"
)
assert np.allclose(got, want), f"surplus{p, q} should be {want.tolist()}, got {got.tolist()}"
print("surplus:", got.tolist())
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1)
for n in (1, 2, 7):
    p = rng.integers(0, 6, n).astype(float)
    q = rng.permutation(p)
    want = otlab.piles_emd(p + 1, q + 1).carried
    got = np.asarray(surplus(p + 1, q + 1), dtype=float)
    assert np.allclose(got, want), (
        f"the surplus must be carried across each gap: for p={p + 1}, q={q + 1} expected "
        f"{want.tolist()}, got {got.tolist()}"
    )
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "pile_cost_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **1b.** Write `pile_cost(p, q, positions=None)`: the cost of the cheapest way to turn `p` into
# `q`. Without positions, pile `k` stands at `k`.


# %% nbgrader={"grade": false, "grade_id": "pile_cost", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pile_cost(p, q, positions=None):
    """Earth mover's cost: sum over gaps of |d_k| times the gap's width."""
    ### BEGIN SOLUTION
    d = surplus(p, q)
    t = np.arange(len(d), dtype=float) if positions is None else np.asarray(positions, float)
    return float(np.sum(np.abs(d[:-1]) * np.diff(t)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_pile_cost", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
p, q = [3, 2, 1, 4], [1, 2, 4, 3]
want = otlab.piles_emd(p, q).cost
got = pile_cost(p, q)
d = otlab.piles_emd(p, q).carried
assert not np.isclose(got, np.sum(d[:-1])), (
    "dirt moving left costs as much as dirt moving right: add |d_k|, not d_k"
)
assert np.isclose(got, want), f"pile_cost{p, q} should be {want:g}, got {got}"
positions = [0.0, 1.0, 3.0, 3.5]
want = otlab.piles_emd(p, q, positions).cost
got = pile_cost(p, q, positions)
assert np.isclose(got, want), (
    f"each crossing costs its mass times the width of its gap: with positions {positions} the "
    f"cost is {want:g}, got {got}"
)
print(f"cost on unit gaps: {pile_cost(p, q):g}; with positions {positions}: {got:g}")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2)
for n in (1, 3, 9):
    p = rng.random(n)
    q = rng.random(n)
    q *= p.sum() / q.sum()
    t = np.cumsum(rng.random(n) + 0.1)
    want = otlab.piles_emd(p, q, t).cost
    assert np.isclose(pile_cost(p, q, t), want), (
        f"each crossing costs |d_k| times the width t[k+1] - t[k]: for {n} piles expected "
        f"{want:.6g}, got {pile_cost(p, q, t)}"
    )
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "quantile_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 2. W_p on the line from quantile functions
#
# On a line the monotone plan is optimal for every $p \ge 1$: the $t$-th quantile of one sample is
# sent to the $t$-th quantile of the other. So
#
# $$W_p(\mu, \nu) = \Big(\int_0^1 |F_\mu^{-1}(t) - F_\nu^{-1}(t)|^p \, dt\Big)^{1/p}.$$
#
# For a sample $u_1, \dots, u_n$ with equal weights the quantile function is a step function:
# $F^{-1}(t)$ is the smallest sample value $x$ with at least a fraction $t$ of the sample at or
# below $x$.
#
# **2a.** Write `empirical_quantile(samples, t)` for an array of levels `t` in (0, 1].


# %% nbgrader={"grade": false, "grade_id": "empirical_quantile", "locked": false, "schema_version": 3, "solution": true, "task": false}
def empirical_quantile(samples, t):
    """F^{-1}(t) of the sample with equal weights, for each level in t (0 < t <= 1)."""
    ### BEGIN SOLUTION
    ordered = np.sort(np.asarray(samples, dtype=float))
    index = np.ceil(np.asarray(t, dtype=float) * ordered.size).astype(int) - 1
    return ordered[np.clip(index, 0, ordered.size - 1)]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_empirical_quantile", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
samples = [3.0, -1.0, 2.0, 0.5]
levels = np.array([0.1, 0.3, 0.6, 0.9])
got = np.asarray(empirical_quantile(samples, levels), dtype=float)
want = np.array([-1.0, 0.5, 2.0, 3.0])
assert got.shape == levels.shape, f"one quantile per level ({levels.size}), got shape {got.shape}"
assert np.allclose(got, want), (
    f"the quantile function reads the sorted sample: the quantiles at {levels.tolist()} of "
    f"{samples} are {want.tolist()}, got {got.tolist()}"
)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(3)
u = rng.normal(size=7)
mid = (np.arange(7) + 0.5) / 7
assert np.allclose(empirical_quantile(u, mid), np.sort(u)), (
    "the quantile function is a step function: on ((k-1)/n, k/n] it equals the k-th smallest value"
)
assert np.isclose(float(np.ravel(empirical_quantile(u, np.array([1.0])))[0]), u.max()), (
    "the quantile at level 1 is the largest sample value"
)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "wasserstein_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **2b.** Write `wasserstein_p(u, v, p=1)` for two samples of possibly different sizes `n` and `m`.
# Both quantile functions are constant between consecutive levels of the form $k/n$ or $l/m$, so
# the integral is an exact finite sum: merge the two sets of levels, evaluate both quantile
# functions once inside each interval, and weight by the interval's width. Return the distance
# $W_p$ (otlab's convention), not its $p$-th power.


# %% nbgrader={"grade": false, "grade_id": "wasserstein_p", "locked": false, "schema_version": 3, "solution": true, "task": false}
def wasserstein_p(u, v, p=1):
    """W_p between the equal-weight samples u and v (sizes may differ)."""
    ### BEGIN SOLUTION
    n, m = len(u), len(v)
    levels = np.union1d(np.arange(1, n + 1) / n, np.arange(1, m + 1) / m)
    lower = np.concatenate([[0.0], levels[:-1]])
    mid = (lower + levels) / 2
    gap = np.abs(empirical_quantile(u, mid) - empirical_quantile(v, mid))
    return float(np.sum((levels - lower) * gap**p) ** (1 / p))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_wasserstein_p", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(SEED)
u, v = rng.normal(0.0, 1.0, 40), rng.normal(1.0, 2.0, 40)
for p in (1, 2):
    want = otlab.wasserstein_1d(u, v, p=p)
    got = wasserstein_p(u, v, p=p)
    assert not (p > 1 and np.isclose(got, want**p)), (
        f"you returned W_p^p: take the p-th root (W_{p} = {want:.4f}, W_{p}^{p} = {want**p:.4f})"
    )
    assert np.isclose(got, want), f"W_{p} of the two samples should be {want:.6f}, got {got}"
    print(f"W_{p} = {got:.4f} (otlab: {want:.4f})")
v_small = v[:25]
want = otlab.wasserstein_1d(u, v_small, p=1)
got = wasserstein_p(u, v_small, p=1)
assert np.isclose(got, want), (
    f"with sizes 40 and 25 the quantile steps do not line up: merge the levels k/40 and l/25 "
    f"(W_1 should be {want:.6f}, got {got})"
)
### BEGIN HIDDEN TESTS
for n, m, p in [(7, 3, 3), (1, 5, 2), (13, 13, 1.5)]:
    a, b = rng.exponential(size=n), rng.normal(size=m)
    want = otlab.wasserstein_1d(a, b, p=p)
    assert np.isclose(wasserstein_p(a, b, p=p), want), (
        f"W_p for sizes {n}, {m} and p = {p}: expected {want:.6f}, got {wasserstein_p(a, b, p=p)}"
    )
shift = wasserstein_p(u, u + 3.0, p=2)
assert np.isclose(shift, 3.0), f"translating a sample by 3 moves it exactly 3, got W_2 = {shift}"
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "lp_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 3. The linear program and its dual
#
# In the plane there is no ordering to exploit; optimal transport is the linear program
#
# $$\min_{P \ge 0} \sum_{ij} P_{ij} C_{ij} \quad \text{subject to} \quad
#   \sum_j P_{ij} = a_i, \quad \sum_i P_{ij} = b_j, \qquad C_{ij} = |x_i - y_j|.$$
#
# Here `x` (weights `a`) plays the real distribution and `y` (weights `b`) the generated one.

# %% nbgrader={"grade": false, "grade_id": "lp_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
x = toy.sample("8gaussians", 3, seed=SEED)
y = toy.sample("gaussian", 4, seed=SEED + 1, cov=((0.5, 0.0), (0.0, 0.5)))
a = np.array([0.5, 0.3, 0.2])
b = np.array([0.1, 0.4, 0.25, 0.25])
print("x =", x.round(3).tolist(), "\ny =", y.round(3).tolist())

# %% [markdown] nbgrader={"grade": false, "grade_id": "cost_matrix_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **3a.** Write `cost_matrix(x, y)`: the `(n, m)` matrix of Euclidean distances $|x_i - y_j|$.


# %% nbgrader={"grade": false, "grade_id": "cost_matrix", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cost_matrix(x, y):
    """(n, m) matrix of |x_i - y_j|."""
    ### BEGIN SOLUTION
    return np.linalg.norm(np.asarray(x)[:, None, :] - np.asarray(y)[None, :, :], axis=-1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_cost_matrix", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
want = otlab.emd(x, y, a, b).cost_matrix
got = np.asarray(cost_matrix(x, y))
assert got.shape == want.shape, (
    f"one row per x_i and one column per y_j: {want.shape}, got {got.shape}"
)
assert not np.allclose(got, want**2), "the ground cost is the distance |x_i - y_j|, not its square"
assert np.allclose(got, want), "C_ij is the Euclidean distance between x_i and y_j"
### BEGIN HIDDEN TESTS
x3, y3 = np.random.default_rng(4).normal(size=(5, 3)), np.random.default_rng(5).normal(size=(2, 3))
assert np.allclose(cost_matrix(x3, y3), otlab.emd(x3, y3).cost_matrix), (
    "the cost matrix must work in any dimension and for n != m"
)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "constraints_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **3b.** `scipy.optimize.linprog` wants the plan as one vector. Flatten it row by row
# (`plan.ravel()`, so entry `i * m + j` is $P_{ij}$) and write `marginal_constraints(a, b)`,
# returning `(A_eq, b_eq)` with `A_eq @ plan.ravel() == b_eq` stating the row sums (the first `n`
# equations, equal to `a`) and then the column sums (the next `m`, equal to `b`).
#
# **3c.** Write `solve_transport_lp(x, y, a, b)` returning `(plan, cost)`, with `plan` of shape
# `(n, m)`, using `optimize.linprog(..., method="highs")`.


# %% nbgrader={"grade": false, "grade_id": "lp", "locked": false, "schema_version": 3, "solution": true, "task": false}
def marginal_constraints(a, b):
    """(A_eq, b_eq): row sums of the plan equal a, column sums equal b."""
    ### BEGIN SOLUTION
    n, m = len(a), len(b)
    rows = np.kron(np.eye(n), np.ones((1, m)))  # (n, n*m): sums plan[i, :]
    cols = np.kron(np.ones((1, n)), np.eye(m))  # (m, n*m): sums plan[:, j]
    return np.vstack([rows, cols]), np.concatenate([a, b])
    ### END SOLUTION


def solve_transport_lp(x, y, a, b):
    """Optimal plan (n, m) and its cost, from scipy's LP solver."""
    ### BEGIN SOLUTION
    C = cost_matrix(x, y)
    A_eq, b_eq = marginal_constraints(a, b)
    res = optimize.linprog(C.ravel(), A_eq=A_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    plan = res.x.reshape(C.shape)
    return plan, float(np.sum(plan * C))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_marginal_constraints", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
exact = otlab.emd(x, y, a, b)
A_eq, b_eq = marginal_constraints(a, b)
A_eq, b_eq = np.asarray(A_eq), np.asarray(b_eq)
assert A_eq.shape == (3 + 4, 3 * 4), (
    f"one equation per row sum and per column sum, one column per plan entry: expected shape "
    f"(7, 12), got {A_eq.shape}"
)
assert np.allclose(b_eq, np.concatenate([a, b])), (
    "b_eq lists the row sums a, then the column sums b"
)
assert np.allclose(A_eq @ exact.plan.ravel(), b_eq), (
    "the optimal plan must satisfy your constraints: the plan is flattened row by row, so row i "
    "of the plan is entries i*m to i*m + m - 1 and column j is entries j, j + m, j + 2m, ..."
)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(6)
P = rng.random((2, 5))
A2, b2 = marginal_constraints(P.sum(axis=1), P.sum(axis=0))
assert np.allclose(np.asarray(A2) @ P.ravel(), b2), (
    "for n = 2 and m = 5 the row-sum block is kron(I_n, 1_m) and the column-sum block "
    "kron(1_n, I_m): check you did not swap n and m"
)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_solve_transport_lp", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
plan, cost = solve_transport_lp(x, y, a, b)
plan = np.asarray(plan)
assert plan.shape == (3, 4), (
    f"the plan has one row per x_i and one column per y_j, got {plan.shape}"
)
assert np.allclose(plan.sum(axis=1), a) and np.allclose(plan.sum(axis=0), b), (
    "a transport plan must move exactly a_i out of x_i and b_j into y_j"
)
assert np.isclose(cost, exact.cost), (
    f"the LP optimum is the earth mover's cost {exact.cost:.6f}, got {cost}"
)
print(f"optimal cost {cost:.4f} (otlab: {exact.cost:.4f})")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(7)
x5, y6 = rng.normal(size=(5, 2)), rng.normal(size=(6, 2)) + 1.0
a5, b6 = rng.random(5), rng.random(6)
b6 *= a5.sum() / b6.sum()
_, cost56 = solve_transport_lp(x5, y6, a5, b6)
assert np.isclose(cost56, otlab.emd(x5, y6, a5, b6).cost), (
    "solve_transport_lp must work for any sizes n != m and weights that are not probabilities"
)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "dual_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The dual of this LP looks for prices $f_i$ (at the real points) and $g_j$ (at the generated
# ones):
#
# $$\max_{f, g} \; \sum_i a_i f_i + \sum_j b_j g_j \quad \text{subject to} \quad
#   f_i + g_j \le C_{ij} \ \text{for every pair } (i, j).$$
#
# Any feasible pair gives a lower bound on the cost (weak duality); at the optimum the two values
# are equal (strong duality), which certifies that a plan is optimal.
#
# **3d.** Write `is_dual_feasible(f, g, C, tol=1e-9)` (True when every constraint holds up to
# `tol`) and `dual_objective(f, g, a, b)`.


# %% nbgrader={"grade": false, "grade_id": "dual", "locked": false, "schema_version": 3, "solution": true, "task": false}
def is_dual_feasible(f, g, C, tol=1e-9):
    """True when f_i + g_j <= C_ij + tol for every pair (i, j)."""
    ### BEGIN SOLUTION
    return bool(np.all(np.add.outer(f, g) <= np.asarray(C) + tol))
    ### END SOLUTION


def dual_objective(f, g, a, b):
    """The dual value sum_i a_i f_i + sum_j b_j g_j."""
    ### BEGIN SOLUTION
    return float(np.dot(a, f) + np.dot(b, g))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_dual", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
C = exact.cost_matrix
assert is_dual_feasible(exact.f, exact.g, C), (
    "the LP's own dual values satisfy f_i + g_j <= C_ij: your check rejects them"
)
assert np.isclose(dual_objective(exact.f, exact.g, a, b), exact.cost), (
    "strong duality: at the optimum a.f + b.g equals the transport cost"
)
f_bad = exact.f.copy()
f_bad[0] += 0.5
assert not is_dual_feasible(f_bad, exact.g, C), (
    "raising f_0 by 0.5 breaks some constraint f_0 + g_j <= C_0j: your check accepts it"
)
print(f"dual value {dual_objective(exact.f, exact.g, a, b):.4f} = primal cost {exact.cost:.4f}")
### BEGIN HIDDEN TESTS
f0, g0 = np.zeros(3), np.zeros(4)
assert is_dual_feasible(f0, g0, C) and np.isclose(dual_objective(f0, g0, a, b), 0.0), (
    "f = 0, g = 0 is feasible (costs are non-negative) with dual value 0"
)
C_small = np.array([[1.0, 0.5], [3.0, 3.0]])
assert not is_dual_feasible(np.zeros(2), np.array([0.0, 1.0]), C_small), (
    "f_i + g_j <= C_ij must hold for every pair (i, j), not only i = j or the pairs the plan uses"
)
assert (
    is_dual_feasible(exact.f - 1.0, exact.g, C)
    and dual_objective(exact.f - 1.0, exact.g, a, b) < exact.cost
), "weak duality: lowering f keeps it feasible and lowers the dual value"
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "ctransform_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 4. The c-transform: from dual values to a function on the plane
#
# The dual values live on the sample points only. The c-transform extends them to every point $z$:
#
# $$f(z) = \min_j \big(|z - y_j| - g_j\big).$$
#
# Each term is a cone of slope 1 with its apex at $y_j$, lowered by $g_j$; the minimum of such cones
# is 1-Lipschitz. For W1 it is the Kantorovich potential, the function a WGAN critic tries to
# learn.
#
# **4a.** Write `c_transform(z, y, g)` for points `z` of shape `(k, 2)`, returning `(k,)` values.
#
# **4b.** Write `max_slope(X, Y, F)`: given a grid from `np.meshgrid(xs, ys)` (so `X` varies along
# axis 1 and `Y` along axis 0) and values `F` on it, return the largest $|\Delta F| / \Delta$
# between horizontal or vertical neighbours. It is a lower bound on the Lipschitz constant.


# %% nbgrader={"grade": false, "grade_id": "ctransform", "locked": false, "schema_version": 3, "solution": true, "task": false}
def c_transform(z, y, g):
    """f(z) = min_j (|z - y_j| - g_j) for each row of z."""
    ### BEGIN SOLUTION
    return np.min(cost_matrix(np.asarray(z), np.asarray(y)) - np.asarray(g), axis=1)
    ### END SOLUTION


def max_slope(X, Y, F):
    """Largest |finite difference| / spacing between horizontal or vertical grid neighbours."""
    ### BEGIN SOLUTION
    along_x = np.abs(np.diff(F, axis=1)) / np.diff(X, axis=1)
    along_y = np.abs(np.diff(F, axis=0)) / np.diff(Y, axis=0)
    return float(max(along_x.max(), along_y.max()))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_c_transform", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
potential = otlab.kantorovich_potential(exact)
xs, ys = np.linspace(-3, 3, 61), np.linspace(-2.5, 2.5, 41)
X, Y = np.meshgrid(xs, ys)
grid = np.column_stack([X.ravel(), Y.ravel()])
got = np.asarray(c_transform(grid, y, exact.g))
want = potential(grid)
cones = cost_matrix(grid, y)
assert got.shape == want.shape, f"one value per point ({want.shape}), got {got.shape}"
assert not np.allclose(got, np.max(cones - exact.g, axis=1)), (
    "the c-transform takes the lowest cone (min over j), not the highest"
)
assert not np.allclose(got, np.min(cones + exact.g, axis=1)), (
    "each cone is lowered by its dual value: |z - y_j| - g_j, not + g_j"
)
assert np.allclose(got, want), (
    "f(z) = min_j (|z - y_j| - g_j) differs from the Kantorovich potential"
)
### BEGIN HIDDEN TESTS
certificate = np.dot(a, c_transform(x, y, exact.g)) - np.dot(b, c_transform(y, y, exact.g))
assert np.isclose(certificate, exact.cost), (
    f"the c-transform certifies the optimum: E_a f(x) - E_b f(y) should be {exact.cost:.6f}, "
    f"got {certificate}"
)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_max_slope", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
slope = max_slope(X, Y, 3.0 * X - 0.5 * Y)
assert np.isclose(slope, 3.0), (
    f"F = 3x - 0.5y changes by 3 per unit step in x: max_slope should be 3, got {slope} "
    "(X varies along axis 1, Y along axis 0, and the grid spacings differ)"
)
F = potential(grid).reshape(X.shape)
lipschitz = max_slope(X, Y, F)
assert lipschitz <= 1 + 1e-9, f"the c-transform is 1-Lipschitz, but max_slope gives {lipschitz}"
print(f"largest slope of the potential on the grid: {lipschitz:.4f} (at most 1)")
### BEGIN HIDDEN TESTS
assert np.isclose(max_slope(X, Y, -2.0 * Y), 2.0), "slopes are absolute values: -2y has slope 2"
assert np.isclose(max_slope(X, Y, 2.0 * F), 2.0 * lipschitz), "scaling f by 2 doubles its slope"
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "outro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# You now have every piece of the exact side: the plan (primal), the prices that certify it (dual),
# and the 1-Lipschitz potential on the whole plane. Problem set 3 trains a neural critic and
# measures how close it gets to this potential.

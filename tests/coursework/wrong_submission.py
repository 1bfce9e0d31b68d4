"""A prepared wrong submission: what one student typed into the answer cells of each problem set.

``tests/coursework/test_coursework.py`` pastes each answer into the matching cell (by nbgrader
``grade_id``) of the released notebook, submits it, autogrades it and generates its feedback.
Every answer cell is filled in; the mistakes below are the classic ones, and each must cost
exactly the test cells listed in ``fails``, whose feedback must contain the given phrase (the
concept the student got wrong). Every other test cell must give full marks. The mistakes in
``hidden_only`` pass the visible tests that the student runs in the released notebook; only the
hidden tests run by ``nbgrader autograde`` catch them.
"""

PS1 = {
    "answers": {
        # Mistake: the surplus is accumulated with the wrong sign (q - p instead of p - q).
        "surplus": """
def surplus(p, q):
    return np.cumsum(np.asarray(q, dtype=float) - np.asarray(p, dtype=float))
""",
        # Correct on its own terms: |d_k| does not care about the sign slip above.
        "pile_cost": """
def pile_cost(p, q, positions=None):
    d = surplus(p, q)
    t = np.arange(len(d), dtype=float) if positions is None else np.asarray(positions, float)
    return float(np.sum(np.abs(d[:-1]) * np.diff(t)))
""",
        "empirical_quantile": """
def empirical_quantile(samples, t):
    ordered = np.sort(np.asarray(samples, dtype=float))
    index = np.ceil(np.asarray(t, dtype=float) * ordered.size).astype(int) - 1
    return ordered[np.clip(index, 0, ordered.size - 1)]
""",
        # Mistake: returns W_p^p, forgetting the p-th root.
        "wasserstein_p": """
def wasserstein_p(u, v, p=1):
    n, m = len(u), len(v)
    levels = np.union1d(np.arange(1, n + 1) / n, np.arange(1, m + 1) / m)
    lower = np.concatenate([[0.0], levels[:-1]])
    mid = (lower + levels) / 2
    gap = np.abs(empirical_quantile(u, mid) - empirical_quantile(v, mid))
    return float(np.sum((levels - lower) * gap**p))
""",
        "cost_matrix": """
def cost_matrix(x, y):
    return np.linalg.norm(np.asarray(x)[:, None, :] - np.asarray(y)[None, :, :], axis=-1)
""",
        "lp": """
def marginal_constraints(a, b):
    n, m = len(a), len(b)
    rows = np.kron(np.eye(n), np.ones((1, m)))
    cols = np.kron(np.ones((1, n)), np.eye(m))
    return np.vstack([rows, cols]), np.concatenate([a, b])


def solve_transport_lp(x, y, a, b):
    C = cost_matrix(x, y)
    A_eq, b_eq = marginal_constraints(a, b)
    res = optimize.linprog(C.ravel(), A_eq=A_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    return res.x.reshape(C.shape), float(res.fun)
""",
        # Mistake (only the hidden tests catch it): checks the pairs i = j, not every (i, j).
        "dual": """
def is_dual_feasible(f, g, C, tol=1e-9):
    k = min(len(f), len(g))
    return bool(np.all(np.asarray(f)[:k] + np.asarray(g)[:k] <= np.diag(C) + tol))


def dual_objective(f, g, a, b):
    return float(np.dot(a, f) + np.dot(b, g))
""",
        "ctransform": """
def c_transform(z, y, g):
    return np.min(cost_matrix(z, y) - np.asarray(g), axis=1)


def max_slope(X, Y, F):
    along_x = np.abs(np.diff(F, axis=1)) / np.diff(X, axis=1)
    along_y = np.abs(np.diff(F, axis=0)) / np.diff(Y, axis=0)
    return float(max(along_x.max(), along_y.max()))
""",
    },
    "fails": {
        "test_surplus": "check the sign of d_k",
        "test_wasserstein_p": "take the p-th root",
        "test_dual": "must hold for every pair (i, j)",
    },
    "hidden_only": {"test_dual"},
}

PS2 = {
    "answers": {
        # Mistake: p log(p / q) evaluated on every bin, so an empty bin of p gives 0 * log 0 = nan.
        "divergences": """
def kl_divergence(p, q):
    p = np.asarray(p, dtype=float) / np.sum(p)
    q = np.asarray(q, dtype=float) / np.sum(q)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(p * np.log(p / q)))


def js_divergence(p, q):
    p = np.asarray(p, dtype=float) / np.sum(p)
    q = np.asarray(q, dtype=float) / np.sum(q)
    m = (p + q) / 2
    return 0.5 * float(np.sum(special.rel_entr(p, m) + special.rel_entr(q, m)))
""",
        "theta_sweep": """
def theta_sweep(thetas, n=200, seed=SEED):
    pairs = [toy.theta_pair(theta, n, seed=seed) for theta in thetas]
    js_values = [js_divergence(*histograms(real, fake)) for real, fake in pairs]
    w1_values = [otlab.emd(real, fake).distance for real, fake in pairs]
    return np.array(js_values), np.array(w1_values)
""",
        # Mistake: the roles of the two densities are swapped in D*.
        "discriminator": """
def best_discriminator(p_r, p_g):
    p_r = np.asarray(p_r, dtype=float) / np.sum(p_r)
    p_g = np.asarray(p_g, dtype=float) / np.sum(p_g)
    total = p_r + p_g
    return np.where(total > 0, p_g / np.where(total > 0, total, 1.0), 0.5)


def gan_objective(p_r, p_g, d):
    p_r = np.asarray(p_r, dtype=float) / np.sum(p_r)
    p_g = np.asarray(p_g, dtype=float) / np.sum(p_g)
    return float(np.sum(special.xlogy(p_r, d)) + np.sum(special.xlogy(p_g, 1 - np.asarray(d))))
""",
        # Mistake (only the hidden tests catch it): `*` is elementwise, so the trace term is right
        # only for diagonal covariances.
        "gaussian_kl": """
def gaussian_kl_closed_form(m1, S1, m2, S2):
    inv = np.linalg.inv(S2)
    gap = np.asarray(m2) - np.asarray(m1)
    log_det = np.log(np.linalg.det(S2) / np.linalg.det(S1))
    return float(0.5 * (np.trace(inv * S1) + gap @ inv @ gap - len(gap) + log_det))
""",
    },
    "fails": {
        "test_kl": "0 log 0 = 0",
        "test_best_discriminator": "D* weighs the real density against the total",
        "test_gaussian_kl": "not an elementwise one",
    },
    "hidden_only": {"test_gaussian_kl"},
}

PS3 = {
    "answers": {
        # Mistake: one epsilon per coordinate, so x_hat leaves the segment between the pair.
        "gradient_penalty": """
def gradient_penalty(critic, real, fake, *, generator):
    eps = torch.rand(real.shape[0], real.shape[1], generator=generator)
    x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    return ((grad.norm(dim=1) - 1) ** 2).mean()
""",
        "clip_weights": """
def clip_weights(critic, c):
    with torch.no_grad():
        for param in critic.parameters():
            param.clamp_(-c, c)
""",
        # Mistake: minimises the gap instead of maximising it, so training learns -f.
        "critic_loss": """
def critic_loss(critic, real, fake, *, penalty_weight, generator):
    gap = critic(real).mean() - critic(fake).mean()
    return gap + penalty_weight * gradient_penalty(critic, real, fake, generator=generator)
""",
        "largest_gradient_norm": """
def largest_gradient_norm(critic, points):
    points = points.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(points).sum(), points)
    return float(grad.norm(dim=1).max())
""",
    },
    "fails": {
        "test_gradient_penalty": "one epsilon per pair",
        "test_critic_loss": "minimises is the negative gap",
        "test_training": "check the sign of the gap in critic_loss",
    },
    "hidden_only": set(),
}

SUBMISSIONS = {"ps1_exact_transport": PS1, "ps2_divergences": PS2, "ps3_critics": PS3}

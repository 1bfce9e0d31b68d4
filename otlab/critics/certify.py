"""The W1 lower bound that duality certifies for any critic: two c-transforms of its values.

A critic's gap E_r f - E_g f is only at most W1 when f is truly 1-Lipschitz, which training
never guarantees; dividing by a measured Lipschitz constant does not either. Weak duality does:
any pair (phi, psi) with ``phi_i + psi_j <= |x_i - y_j|`` gives ``a.phi + b.psi <= W1``. Two
c-transforms turn the critic's values on the fake samples into such a pair, so the number is a
lower bound whatever the critic, and equals W1 when those values are an optimal dual.

numpy only: no torch, so it also certifies values from anywhere (another library's critic).
"""

from __future__ import annotations

import numpy as np

from otlab._validation import as_float_array, as_points, as_weights, check_same_mass, fail
from otlab.exact.lp import ground_cost

_FUNC = "certified_estimate"
_BLOCK = 1 << 20  # distances per block (8 MB): a 512 x 512 problem is one block


def certified_estimate(real, fake, values, *, a=None, b=None) -> float:
    r"""A lower bound on W1(real, fake) from a critic's values on the fake samples.

    .. math::
        \phi_i = \min_j \big(|x_i - y_j| + f(y_j)\big), \qquad
        \psi_j = \min_i \big(|x_i - y_j| - \phi_i\big), \qquad
        \hat W = \frac{\sum_i a_i \phi_i + \sum_j b_j \psi_j}{\sum_i a_i}

    By construction ``phi_i + psi_j <= |x_i - y_j|`` for every pair, so (phi, psi) is feasible
    for the dual of the transport LP and weak duality gives ``hat W <= W1`` for *any* values
    ``f(y_j)``: no Lipschitz constant is assumed or measured. When the values are an optimal
    dual (``-g`` of :func:`otlab.emd`, or the exact Kantorovich potential at the fake points)
    the bound is attained, ``hat W = W1``. Adding a constant to the values changes nothing.

    Parameters
    ----------
    real : (n, d) array_like
        Samples x of P_r (the critic is high there).
    fake : (m, d) array_like
        Samples y of P_g.
    values : (m,) array_like
        The critic's values f(y_j) at the fake samples.
    a, b : (n,), (m,) array_like, keyword-only, optional
        Masses of the samples, equal totals; default uniform (a critic's plain samples).

    Returns
    -------
    float
        A certified lower bound on the exact W1 between the two weighted samples.

    Examples
    --------
    Any values at all give a lower bound; the exact potential gives W1 itself:

    >>> import numpy as np, otlab
    >>> real, fake = [[2.0, 0.0], [0.0, 3.0]], [[0.0, 0.0], [0.0, 1.0]]
    >>> exact = otlab.emd(real, fake)
    >>> round(certified_estimate(real, fake, -exact.g), 6) == round(exact.distance, 6)
    True
    >>> certified_estimate(real, fake, [5.0, -7.0]) <= exact.distance
    True

    References
    ----------
    Villani, *Optimal Transport: Old and New* (2009), ch. 5 (c-transforms);
    Peyre & Cuturi, *Computational Optimal Transport* (2019), section 3.1 and 6.1.
    """
    x = as_points(_FUNC, "real", real)
    y = as_points(_FUNC, "fake", fake, dim=x.shape[1])
    f = as_float_array(_FUNC, "values", values)
    if f.shape != (y.shape[0],) or not np.all(np.isfinite(f)):
        shape = f"shape {f.shape}" if f.shape != (y.shape[0],) else "non-finite values"
        fail(
            _FUNC,
            f"`values` as {y.shape[0]} finite numbers, one per fake sample",
            shape,
            "pass the critic evaluated at the fake samples, e.g. fit.critic(fake)",
        )
    a = as_weights(_FUNC, "a", a, x.shape[0])
    b = as_weights(_FUNC, "b", b, y.shape[0])
    total = check_same_mass(_FUNC, a, b)
    return c_transform_bound(x, y, f, a / total, b / total)


def c_transform_bound(x, y, values, a, b, cost=None) -> float:
    """``a.phi + b.psi`` of :func:`certified_estimate`, without checks (a, b sum to 1).

    ``cost`` is the (n, m) matrix |x_i - y_j| when the caller keeps one (the training loop
    certifies every few steps on the same samples); otherwise it is computed block by block.
    """
    values = np.asarray(values, dtype=float)
    rows = max(1, _BLOCK // max(1, y.shape[0]))
    phi = np.empty(x.shape[0])
    psi = np.full(y.shape[0], np.inf)
    for start in range(0, x.shape[0], rows):  # phi: one block of rows at a time
        block = _cost_block(x, y, cost, start, rows)  # (rows, m)
        phi[start : start + rows] = (block + values).min(axis=1)
    for start in range(0, x.shape[0], rows):  # psi: a running minimum over the blocks
        block = _cost_block(x, y, cost, start, rows)
        np.minimum(psi, (block - phi[start : start + rows, None]).min(axis=0), out=psi)
    return float(a @ phi + b @ psi)


def _cost_block(x, y, cost, start: int, rows: int) -> np.ndarray:
    if cost is not None:
        return cost[start : start + rows]
    return ground_cost(x[start : start + rows], y, 1)

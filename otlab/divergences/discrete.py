"""KL, JS and TV between two histograms, and the optimal discriminator of a GAN between them.

Histograms may be counts or probabilities: each is normalised to total 1 after validation.
Values are in nats unless ``base=2`` (bits) is passed.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from otlab._validation import as_float_array, as_scalar, check_finite, check_nonempty, fail

__all__ = ["gan_value", "js", "kl", "optimal_discriminator", "tv"]

LOG2 = math.log(2.0)


# --- histograms --------------------------------------------------------------------------------


def kl(p, q, *, base: float | None = None) -> float:
    r"""Kullback-Leibler divergence KL(p || q) between two histograms on a common support.

    .. math:: \mathrm{KL}(p \,\|\, q) = \sum_i p_i \log \frac{p_i}{q_i}

    Parameters
    ----------
    p, q : array_like, same shape
        Non-negative masses (counts or probabilities), each normalised to total 1 here.
    base : float, optional, keyword-only
        Base of the logarithm: None for nats, 2 for bits.

    Returns
    -------
    float
        KL >= 0; ``inf`` (a float, without a warning) when p puts mass where q has none.

    Examples
    --------
    >>> round(kl([0.5, 0.5], [0.25, 0.75], base=2), 6)
    0.207519
    >>> kl([1, 1], [2, 0])
    inf
    """
    p, q = _histograms("kl", p, q)
    scale = _log_base("kl", base)
    # kl_div(x, y) = x log(x / y) - x + y sums to the same KL (both totals are 1) but every term
    # is >= 0, so KL >= 0 and KL(p, p) == 0 hold exactly instead of up to cancellation.
    return float(np.sum(special.kl_div(p, q))) / scale


def js(p, q, *, base: float | None = None) -> float:
    r"""Jensen-Shannon divergence between two histograms on a common support.

    .. math::
        \mathrm{JS}(p, q) = \tfrac12 \mathrm{KL}(p \,\|\, m) + \tfrac12 \mathrm{KL}(q \,\|\, m),
        \qquad m = \tfrac12 (p + q)

    Parameters
    ----------
    p, q : array_like, same shape
        Non-negative masses (counts or probabilities), each normalised to total 1 here.
    base : float, optional, keyword-only
        Base of the logarithm: None for nats, 2 for bits.

    Returns
    -------
    float
        Symmetric, between 0 and log 2 (1 bit); log 2 exactly when the supports are disjoint.

    Examples
    --------
    >>> js([1, 0], [0, 1], base=2)
    1.0
    """
    p, q = _histograms("js", p, q)
    scale = _log_base("js", base)
    if not np.any((p > 0) & (q > 0)):
        return LOG2 / scale  # disjoint supports: exactly log 2, with no rounding from the sum
    # With m = (p + q) / 2: KL(p || m) = sum p log(2p / (p + q)) = sum rel_entr(2p, p + q) / 2.
    # Never forming m keeps the smallest masses from underflowing to 0, which would read as an
    # infinite KL. Each bin's
    # pair of terms is (p + q) (log 2 - H(p / (p + q))) >= 0, so only rounding can leave
    # [0, log 2]: the clip below removes it.
    total = p + q
    value = 0.25 * float(np.sum(special.rel_entr(2 * p, total) + special.rel_entr(2 * q, total)))
    return min(max(value, 0.0), LOG2) / scale


def tv(p, q) -> float:
    r"""Total variation distance between two histograms on a common support.

    .. math:: \mathrm{TV}(p, q) = \tfrac12 \sum_i |p_i - q_i| = \max_A |p(A) - q(A)|

    Examples
    --------
    >>> tv([3, 1], [1, 1])
    0.25
    """
    p, q = _histograms("tv", p, q)
    return min(0.5 * float(np.sum(np.abs(p - q))), 1.0)


# --- the optimal discriminator -----------------------------------------------------------------


def optimal_discriminator(p_r, p_g) -> np.ndarray:
    r"""The discriminator that maximises the GAN value for fixed real and generated densities.

    .. math:: D^*(x) = \frac{p_r(x)}{p_r(x) + p_g(x)}

    Parameters
    ----------
    p_r, p_g : array_like, same shape
        Real and generated histograms, or densities on a common grid (each normalised here).

    Returns
    -------
    ndarray, same shape
        Values in [0, 1]; 1/2 where neither distribution has mass (any value is optimal there).

    Examples
    --------
    >>> optimal_discriminator([1, 1, 0], [0, 1, 0]).tolist()
    [1.0, 0.3333333333333333, 0.5]
    """
    p_r, p_g = _histograms("optimal_discriminator", p_r, p_g, names=("p_r", "p_g"))
    total = p_r + p_g
    with np.errstate(invalid="ignore", divide="ignore"):
        d = p_r / total
    return np.where(total > 0, d, 0.5)


def gan_value(p_r, p_g, d=None) -> float:
    r"""The minimax GAN objective of a discriminator ``d`` on a common support.

    .. math::
        L(G, D) = \mathbb{E}_{x \sim p_r} \log D(x) + \mathbb{E}_{x \sim p_g} \log (1 - D(x))

    With ``d = optimal_discriminator(p_r, p_g)`` this equals ``2 JS(p_r, p_g) - 2 log 2``
    (Goodfellow et al., 2014, Theorem 1): the discriminator's best reply turns the generator's
    loss into a Jensen-Shannon divergence.

    Parameters
    ----------
    p_r, p_g : array_like, same shape
        Real and generated histograms (each normalised here).
    d : array_like, same shape, optional
        Discriminator outputs in [0, 1]. None means the optimal discriminator D*, evaluated
        in log space: where p_g is below 1e-16 p_r (far tails), D* rounds to exactly 1 as a
        float and ``log(1 - D*)`` would be -inf, while ``log(p_g / (p_r + p_g))`` is not.

    Returns
    -------
    float
        At most 0; ``-inf`` when d = 0 where p_r has mass, or d = 1 where p_g has mass.

    Examples
    --------
    >>> p_r, p_g = [1, 1], [1, 1]
    >>> round(gan_value(p_r, p_g, optimal_discriminator(p_r, p_g)), 6)  # -2 log 2
    -1.386294
    >>> round(gan_value([3, 1], [1, 3]), 6) == round(2 * js([3, 1], [1, 3]) - 2 * LOG2, 6)
    True
    """
    func = "gan_value"
    p_r, p_g = _histograms(func, p_r, p_g, names=("p_r", "p_g"))
    with np.errstate(divide="ignore", invalid="ignore"):
        if d is None:
            # log D* = log p_r - log(p_r + p_g), log(1 - D*) = log p_g - log(p_r + p_g); where a
            # term's weight is 0, xlogy makes it 0 (no NaN from 0 * -inf).
            log_total = np.log(p_r + p_g)
            log_d = np.log(p_r) - log_total
            log_not_d = np.log(p_g) - log_total
        else:
            d = _discriminator(func, d, p_r.shape)
            log_d, log_not_d = np.log(d), np.log1p(-d)
        real = np.where(p_r > 0, p_r * log_d, 0.0)
        fake = np.where(p_g > 0, p_g * log_not_d, 0.0)
    return float(np.sum(real) + np.sum(fake))


def _discriminator(func: str, d, shape) -> np.ndarray:
    d = _nonempty_finite(func, "d", d)
    if d.shape != shape:
        fail(
            func,
            f"`d` with the shape of the histograms {shape}",
            f"shape {d.shape}",
            "evaluate the discriminator on the same support as p_r and p_g",
        )
    if np.any((d < 0) | (d > 1)):
        fail(
            func,
            "discriminator outputs `d` in [0, 1]",
            f"values from {d.min():g} to {d.max():g}",
            "pass probabilities (apply a sigmoid to logits)",
        )
    return d


# --- helpers -----------------------------------------------------------------------------------


def _histograms(func: str, p, q, *, names=("p", "q")) -> tuple[np.ndarray, np.ndarray]:
    """Two non-negative histograms of one shape with positive totals, each normalised to 1."""
    p = _nonempty_finite(func, names[0], p)
    q = _nonempty_finite(func, names[1], q)
    if p.shape != q.shape:
        fail(
            func,
            f"`{names[0]}` and `{names[1]}` on a common support (the same shape)",
            f"shapes {p.shape} and {q.shape}",
            "bin both samples with the same edges, e.g. np.histogram(x, bins=edges)",
        )
    out = []
    for name, arr in zip(names, (p, q), strict=True):
        if np.any(arr < 0):
            fail(
                func,
                f"non-negative masses in `{name}`",
                f"minimum {arr.min():g}",
                "mass cannot be negative; pass counts or probabilities",
            )
        top = float(arr.max())
        if not top > 0:
            fail(
                func, f"a positive total mass in `{name}`", "total 0", f"put some mass in `{name}`"
            )
        arr = arr / top  # counts up to 1.8e308 would overflow the total before normalising
        out.append(arr / arr.sum())
    return out[0], out[1]


def _nonempty_finite(func: str, name: str, value) -> np.ndarray:
    arr = as_float_array(func, name, value)
    return check_finite(func, name, check_nonempty(func, name, arr))


def _log_base(func: str, base) -> float:
    if base is None:
        return 1.0
    value = as_scalar(func, "base", base, positive=True)
    if value == 1:
        fail(func, "a logarithm `base` other than 1", "1", "use base=None (nats) or base=2 (bits)")
    return math.log(value)

"""Closed forms between Gaussians: the Bures-Wasserstein distance, the Monge map, the geodesic."""

from __future__ import annotations

import numpy as np

from otlab._validation import as_cov, as_mean, fail
from otlab.exact.interpolation import check_t


def gaussian_w2(mean1, cov1, mean2, cov2) -> float:
    r"""W2 between N(mean1, cov1) and N(mean2, cov2), in closed form.

    .. math::
        W_2^2 = \|m_1 - m_2\|^2 + \operatorname{tr}\big(\Sigma_1 + \Sigma_2
                - 2 (\Sigma_1^{1/2} \Sigma_2 \Sigma_1^{1/2})^{1/2}\big)

    Parameters
    ----------
    mean1, mean2 : float or (d,) array_like
    cov1, cov2 : float (a variance, in 1-D) or (d, d) array_like, symmetric PSD

    Returns
    -------
    float
        W2 (not W2^2; OTT's ``w2`` returns the square).

    Examples
    --------
    >>> gaussian_w2(0.0, 1.0, 3.0, 4.0)  # sqrt(3^2 + (1 - 2)^2)
    3.1622776601683795

    References
    ----------
    Dowson & Landau (1982); Givens & Shortt (1984). Peyre & Cuturi,
    *Computational Optimal Transport* (2019), Remark 2.31.
    """
    m1, c1, m2, c2 = gaussian_pair("gaussian_w2", mean1, cov1, mean2, cov2)
    # W2 scales with the data: W2 for (m / s, C / s^2) times s. Working at unit scale keeps
    # squares and products of huge (or tiny) inputs inside float64.
    s = _scale(m1, c1, m2, c2)
    m1, m2, c1, c2 = m1 / s, m2 / s, c1 / s / s, c2 / s / s
    root1 = _sqrtm_psd(c1)
    cross = _sqrtm_psd(root1 @ c2 @ root1)
    squared = float(np.sum((m1 - m2) ** 2) + np.trace(c1) + np.trace(c2) - 2 * np.trace(cross))
    return s * float(np.sqrt(max(squared, 0.0)))


def gaussian_map(mean1, cov1, mean2, cov2) -> tuple[np.ndarray, np.ndarray]:
    r"""The Monge map T(x) = A x + b pushing N(mean1, cov1) onto N(mean2, cov2).

    .. math::
        A = \Sigma_1^{-1/2} (\Sigma_1^{1/2} \Sigma_2 \Sigma_1^{1/2})^{1/2} \Sigma_1^{-1/2},
        \qquad b = m_2 - A m_1

    Returns
    -------
    A : (d, d) array, symmetric positive semi-definite
    b : (d,) array

    Examples
    --------
    >>> A, b = gaussian_map(0.0, 1.0, 1.0, 4.0)
    >>> A.tolist(), b.tolist()
    ([[2.0]], [1.0])
    """
    m1, c1, m2, c2 = gaussian_pair("gaussian_map", mean1, cov1, mean2, cov2)
    s = _scale(m1, c1, m2, c2)  # A is scale-free and b scales with s: work at unit scale
    m1, m2, c1, c2 = m1 / s, m2 / s, c1 / s / s, c2 / s / s
    values, vectors = np.linalg.eigh(c1)
    if values.min() <= 1e-12 * max(values.max(), 1e-300):
        fail(
            "gaussian_map",
            "a non-singular `cov1`",
            f"smallest eigenvalue {values.min():.3g}",
            "the map is defined from a full-rank Gaussian; add a small multiple of the identity",
        )
    root1 = (vectors * np.sqrt(values)) @ vectors.T
    inv_root1 = (vectors / np.sqrt(values)) @ vectors.T
    A = inv_root1 @ _sqrtm_psd(root1 @ c2 @ root1) @ inv_root1
    A = (A + A.T) / 2
    return A, s * (m2 - A @ m1)


def gaussian_pair(func: str, mean1, cov1, mean2, cov2):
    """Validated (mean1, cov1, mean2, cov2) of two Gaussians in the same dimension."""
    m1 = as_mean(func, "mean1", mean1)
    m2 = as_mean(func, "mean2", mean2)
    if m1.shape != m2.shape:
        fail(
            func,
            "means of the same dimension",
            f"shapes {m1.shape} and {m2.shape}",
            "both Gaussians must live in the same space",
        )
    d = m1.shape[0]
    return m1, as_cov(func, "cov1", cov1, d), m2, as_cov(func, "cov2", cov2, d)


def _scale(m1, c1, m2, c2) -> float:
    """A length scale of two Gaussians: the largest |mean| or standard deviation (1 if 0)."""
    sd = np.sqrt(max(float(np.abs(c1).max()), float(np.abs(c2).max())))
    return max(float(np.abs(m1).max()), float(np.abs(m2).max()), sd) or 1.0


def _sqrtm_psd(matrix: np.ndarray) -> np.ndarray:
    """Square root of a symmetric PSD matrix through its eigendecomposition (stable, real)."""
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def gaussian_geodesic(mean1, cov1, mean2, cov2, t: float) -> tuple[np.ndarray, np.ndarray]:
    r"""The W2 geodesic between two Gaussians at time t: again a Gaussian, in closed form.

    .. math::
        m_t = (1 - t) m_1 + t m_2, \qquad
        \Sigma_t = \big((1 - t) I + t A\big) \Sigma_1 \big((1 - t) I + t A\big)

    with ``T(x) = A x + b`` the Monge map of :func:`gaussian_map`. Along it,
    ``W2(N_t, N_1st) = t W2`` and ``W2(N_t, N_2nd) = (1 - t) W2``.

    Parameters
    ----------
    mean1, cov1, mean2, cov2
        As in :func:`gaussian_w2`; ``cov1`` must be non-singular (the map starts from it).
    t : float
        Time in [0, 1].

    Returns
    -------
    mean : (d,) array
    cov : (d, d) array

    Examples
    --------
    >>> m, c = gaussian_geodesic(0.0, 1.0, 2.0, 9.0, 0.5)  # sd 1 -> 3: sd 2 halfway
    >>> m.tolist(), c.tolist()
    ([1.0], [[4.0]])

    References
    ----------
    McCann (1997), Example 1.7; Takatsu, *Wasserstein geometry of Gaussian measures* (2011).
    """
    func = "gaussian_geodesic"
    m1, c1, m2, c2 = gaussian_pair(func, mean1, cov1, mean2, cov2)
    t = check_t(func, t)
    A, _ = gaussian_map(m1, c1, m2, c2)
    step = (1.0 - t) * np.eye(m1.shape[0]) + t * A
    cov = step @ c1 @ step
    return (1.0 - t) * m1 + t * m2, (cov + cov.T) / 2

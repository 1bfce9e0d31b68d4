"""Mode coverage: how many of a toy distribution's modes a generator's samples reach."""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from otlab import toy
from otlab._validation import as_points, as_scalar, check_choice, fail

_FUNC = "mode_coverage"
COVERAGE_DATASETS = ("8gaussians", "25gaussians", "parallel_lines")
# Tolerance around a segment of parallel_lines (they have no sd): 5% of the segment's length.
LINE_TOLERANCE = 0.05


@dataclass(frozen=True, eq=False)
class ModeCoverage:
    """Which modes a set of samples covers.

    Attributes
    ----------
    counts : (n_modes,) int array, samples within ``tolerance`` of each mode (a sample counts
        for its nearest mode only).
    modes : (n_modes, 2) array, mode centres (for parallel lines, the segments' midpoints).
    n_samples : int, how many samples were scored.
    tolerance : float, the distance that counts as "at the mode".
    min_count : float, the count from which a mode is covered.
    """

    counts: np.ndarray
    modes: np.ndarray
    n_samples: int
    tolerance: float
    min_count: float

    @property
    def n_modes(self) -> int:
        return int(self.counts.size)

    @property
    def covered(self) -> np.ndarray:
        """(n_modes,) bool, True where the mode holds at least ``min_count`` samples."""
        return self.counts >= self.min_count

    @property
    def modes_covered(self) -> int:
        return int(self.covered.sum())

    @property
    def fraction_near(self) -> float:
        """Fraction of samples within ``tolerance`` of some mode (high-quality samples)."""
        return float(self.counts.sum() / self.n_samples)


def mode_coverage(
    samples, dataset: str, *, tolerance: float | None = None, min_share: float = 0.2, **params
) -> ModeCoverage:
    r"""Count the modes of a toy dataset that ``samples`` cover.

    A sample is *at* a mode when it lies within ``tolerance`` of it: 3 standard deviations of
    the mode's Gaussian for ``8gaussians`` and ``25gaussians`` (the rule of the unrolled-GAN
    and VEEGAN papers), and the distance to the segment ``{k theta} x [0, 1]`` for
    ``parallel_lines``. A mode is *covered* when at least ``min_share`` of its fair share of
    the samples are at it:

    .. math::
        \text{covered}_k \iff \#\{i : \text{nearest mode}(s_i) = k,\
        d(s_i, k) \le \text{tolerance}\} \ge \text{min\_share} \cdot n / K

    Parameters
    ----------
    samples : (n, 2) array_like
        Generated points (numpy or torch).
    dataset : {"8gaussians", "25gaussians", "parallel_lines"}
        The toy distribution the samples try to imitate.
    tolerance : float, optional, keyword-only
        Distance that counts as "at a mode"; default ``3 * sd`` for the Gaussian mixtures and
        0.05 for the lines.
    min_share : float, keyword-only
        Fraction of the fair share ``n / K`` that a mode needs to count as covered.
    **params
        The dataset's parameters, as for :func:`otlab.toy.sample` (``radius``, ``sd``,
        ``spacing``, ``theta``, ``lines``).

    Returns
    -------
    ModeCoverage

    Examples
    --------
    >>> from otlab import toy
    >>> mode_coverage(toy.sample("8gaussians", 800, seed=0), "8gaussians").modes_covered
    8
    >>> collapsed = toy.ring_centres(8)[[0]].repeat(100, axis=0)
    >>> mode_coverage(collapsed, "8gaussians").modes_covered
    1

    References
    ----------
    Srivastava et al., *VEEGAN* (NeurIPS 2017); Metz et al., *Unrolled GANs* (ICLR 2017).
    """
    check_choice(_FUNC, "dataset", dataset, COVERAGE_DATASETS)
    samples = as_points(_FUNC, "samples", samples, dim=2)
    params = _dataset_params(dataset, params)
    min_share = as_scalar(_FUNC, "min_share", min_share, positive=True)
    if dataset == "parallel_lines":
        lines = params["lines"]
        if isinstance(lines, bool) or not isinstance(lines, numbers.Integral) or lines < 1:
            fail(_FUNC, "`lines` an integer >= 1", repr(lines), "pass e.g. lines=2")
        theta = as_scalar(_FUNC, "theta", params["theta"])
        xs = theta * np.arange(lines)
        modes = np.column_stack([xs, np.full(lines, 0.5)])
        # Distance to the segment {x_k} x [0, 1]: horizontal gap, and vertical overshoot.
        over = np.maximum(np.maximum(-samples[:, 1], samples[:, 1] - 1.0), 0.0)
        dist = np.hypot(samples[:, :1] - xs[None, :], over[:, None])  # (n, K)
        default_tolerance = LINE_TOLERANCE
    else:
        sd = as_scalar(_FUNC, "sd", params["sd"], positive=True)
        if dataset == "8gaussians":
            modes = toy.ring_centres(8, as_scalar(_FUNC, "radius", params["radius"], positive=True))
        else:
            modes = toy.grid_centres(as_scalar(_FUNC, "spacing", params["spacing"], positive=True))
        dist = np.linalg.norm(samples[:, None, :] - modes[None, :, :], axis=2)  # (n, K)
        default_tolerance = 3.0 * sd
    if tolerance is not None:
        tolerance = as_scalar(_FUNC, "tolerance", tolerance, positive=True)
    tolerance = default_tolerance if tolerance is None else tolerance
    nearest = dist.argmin(axis=1)
    near = dist[np.arange(len(samples)), nearest] <= tolerance
    counts = np.bincount(nearest[near], minlength=modes.shape[0])
    n = samples.shape[0]
    return ModeCoverage(counts, modes, n, float(tolerance), min_share * n / modes.shape[0])


def _dataset_params(dataset: str, params: dict) -> dict:
    """The dataset's parameters with toy's defaults filled in; unknown names are an error."""
    defaults = toy.parameters(dataset)
    unknown = sorted(set(params) - set(defaults))
    if unknown:
        fail(
            _FUNC,
            f"parameters of {dataset!r} among {sorted(defaults)}",
            repr(unknown),
            "pass the same parameters as to otlab.toy.sample",
        )
    return {**defaults, **params}

"""Two-dimensional toy distributions, seeded, as numpy arrays of shape (n, 2).

Scales follow the toy experiments of WGAN-GP (Gulrajani et al., 2017): a ring of 8 Gaussians of
radius 2, a 5 x 5 grid, a Swiss roll scaled by 1/7.5, so that pictures and numbers are comparable
with the papers.

>>> from otlab import toy
>>> toy.sample("8gaussians", 4, seed=0).shape
(4, 2)
"""

from __future__ import annotations

import numpy as np

from otlab._seeding import numpy_rng
from otlab._validation import (
    as_cov,
    as_mean,
    as_points,
    as_scalar,
    as_weights,
    check_positive_int,
    entry_point,
)
from otlab._validation import fail as _fail


def eight_gaussians(n: int, *, radius: float = 2.0, sd: float = 0.02, seed=None) -> np.ndarray:
    """A ring of 8 small Gaussians, centres at ``radius * (cos k pi/4, sin k pi/4)``."""
    rng, n, radius, sd = _start("eight_gaussians", n, seed, radius=radius, sd=sd)
    centres = ring_centres(8, radius)
    return centres[rng.integers(0, 8, n)] + sd * rng.standard_normal((n, 2))


def twenty_five_gaussians(n: int, *, spacing: float = 1.0, sd: float = 0.05, seed=None):
    """A 5 x 5 grid of small Gaussians, centres at ``spacing * (i, j)`` for i, j in -2..2."""
    rng, n, spacing, sd = _start("twenty_five_gaussians", n, seed, spacing=spacing, sd=sd)
    centres = grid_centres(spacing)
    return centres[rng.integers(0, 25, n)] + sd * rng.standard_normal((n, 2))


def swissroll(n: int, *, noise: float = 0.25, seed=None) -> np.ndarray:
    """The 2-D Swiss roll: ``t (cos t, sin t)`` for t in [1.5 pi, 4.5 pi], plus noise, / 7.5."""
    rng, n, noise = _start("swissroll", n, seed, noise=noise)
    t = 1.5 * np.pi * (1 + 2 * rng.random(n))
    points = np.column_stack([t * np.cos(t), t * np.sin(t)])
    return (points + noise * rng.standard_normal((n, 2))) / 7.5


def ring(n: int, *, radius: float = 2.0, sd: float = 0.05, seed=None) -> np.ndarray:
    """A circle of the given radius, uniform in angle, with Gaussian radial noise."""
    rng, n, radius, sd = _start("ring", n, seed, radius=radius, sd=sd)
    angle = 2 * np.pi * rng.random(n)
    r = radius + sd * rng.standard_normal(n)
    return np.column_stack([r * np.cos(angle), r * np.sin(angle)])


def moons(n: int, *, noise: float = 0.05, seed=None) -> np.ndarray:
    """Two interleaving half circles (as scikit-learn's make_moons), centred at the origin."""
    rng, n, noise = _start("moons", n, seed, noise=noise)
    t = np.pi * rng.random(n)
    upper = rng.random(n) < 0.5
    x = np.where(upper, np.cos(t), 1 - np.cos(t))
    y = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    points = np.column_stack([x - 0.5, y - 0.25])
    return points + noise * rng.standard_normal((n, 2))


def crescent(
    n: int,
    *,
    radius: float = 1.0,
    thickness: float = 0.3,
    arc: float = np.pi,
    angle: float = 0.0,
    seed=None,
) -> np.ndarray:
    """A crescent moon: an arc of the circle of ``radius`` around the origin, thick in the
    middle and thin at the tips.

    Points spread uniformly along the arc from ``angle`` to ``angle + arc`` (radians); at
    position u in [0, 1] along it the band has width ``thickness * sin(pi u)``. The default is
    the upper half circle. Shift the result to place it: ``crescent(n) + (dx, dy)``.
    """
    rng, n, radius, thickness, arc = _start(
        "crescent", n, seed, radius=radius, thickness=thickness, arc=arc
    )
    angle = as_scalar("crescent", "angle", angle)
    u = rng.random(n)
    r = radius + thickness * np.sin(np.pi * u) * (rng.random(n) - 0.5)
    t = angle + arc * u
    return np.column_stack([r * np.cos(t), r * np.sin(t)])


def parallel_lines(theta: float, n: int, *, lines: int = 2, seed=None) -> np.ndarray:
    """Points uniform on ``lines`` vertical unit segments {k * theta} x [0, 1], k = 0..lines-1.

    With ``lines=2`` this is the union of P and Q_theta from the WGAN paper's example; use
    :func:`theta_pair` to get the two apart.
    """
    rng, n = _start("parallel_lines", n, seed)
    theta = as_scalar("parallel_lines", "theta", theta)
    lines = check_positive_int("parallel_lines", "lines", lines)
    k = rng.integers(0, lines, n)
    return np.column_stack([k * theta, rng.random(n)])


def theta_pair(theta: float, n: int, *, seed=None) -> tuple[np.ndarray, np.ndarray]:
    """Samples of P = U({0} x [0, 1]) ("real") and Q_theta = U({theta} x [0, 1]) ("fake")."""
    rng, n = _start("theta_pair", n, seed)
    theta = as_scalar("theta_pair", "theta", theta)
    real = np.column_stack([np.zeros(n), rng.random(n)])
    fake = np.column_stack([np.full(n, theta), rng.random(n)])
    return real, fake


def point_masses(n: int, *, locations=((0.0, 0.0), (1.0, 0.0)), weights=None, seed=None):
    """n draws from the discrete distribution sum_k w_k delta_{locations_k}."""
    rng, n = _start("point_masses", n, seed)
    locations = as_points("point_masses", "locations", locations, dim=2)
    weights = as_weights("point_masses", "weights", weights, locations.shape[0])
    return locations[rng.choice(locations.shape[0], size=n, p=weights / weights.sum())]


def gaussian(n: int, *, mean=(0.0, 0.0), cov=((1.0, 0.0), (0.0, 1.0)), seed=None) -> np.ndarray:
    """n draws from N(mean, cov) in the plane."""
    rng, n = _start("gaussian", n, seed)
    mean = as_mean("gaussian", "mean", mean)
    if mean.shape != (2,):
        _fail("gaussian", "a mean with 2 coordinates", f"shape {mean.shape}", "pass mean=(mx, my)")
    cov = as_cov("gaussian", "cov", cov, 2)
    return rng.multivariate_normal(mean, cov, size=n, method="eigh")


def ring_centres(count: int = 8, radius: float = 2.0) -> np.ndarray:
    """(count, 2) centres evenly spaced on a circle, the first on the positive x axis."""
    count = check_positive_int("ring_centres", "count", count)
    radius = as_scalar("ring_centres", "radius", radius, positive=True)
    angle = 2 * np.pi * np.arange(count) / count
    return radius * np.column_stack([np.cos(angle), np.sin(angle)])


def grid_centres(spacing: float = 1.0) -> np.ndarray:
    """(25, 2) centres of the 5 x 5 grid."""
    spacing = as_scalar("grid_centres", "spacing", spacing, positive=True)
    i, j = np.meshgrid(np.arange(-2, 3), np.arange(-2, 3), indexing="ij")
    return spacing * np.column_stack([i.ravel(), j.ravel()]).astype(float)


# Points per call at most: 10^8 points are 1.6 GB of float64, beyond that numpy runs out of
# memory on a laptop (and a toy problem never needs them).
MAX_POINTS = 10**8


def _start(func: str, n, seed, **scales) -> tuple:
    """The checks every sampler shares: (rng, n, *scales), each scale a finite number >= 0."""
    values = [as_scalar(func, name, value) for name, value in scales.items()]
    for name, value in zip(scales, values, strict=True):
        if value < 0:
            _fail(func, f"`{name}` >= 0", repr(value), f"pass a non-negative `{name}`")
    n = check_positive_int(func, "n", n)
    if n > MAX_POINTS:
        _fail(func, f"`n` at most {MAX_POINTS:,}", f"{n:,}", "draw fewer points, in batches")
    return (numpy_rng(func, seed), n, *values)


DATASETS = {
    "8gaussians": eight_gaussians,
    "25gaussians": twenty_five_gaussians,
    "swissroll": swissroll,
    "ring": ring,
    "moons": moons,
    "crescent": crescent,
    "parallel_lines": parallel_lines,
    "point_masses": point_masses,
    "gaussian": gaussian,
}


def parameters(name: str) -> dict:
    """The parameters of dataset ``name`` with their defaults (``theta`` too for the lines).

    >>> parameters("8gaussians")
    {'radius': 2.0, 'sd': 0.02}
    """
    if name not in DATASETS:
        _fail(
            "parameters",
            f"a dataset name, one of {', '.join(sorted(DATASETS))}",
            repr(name),
            "pick a name from otlab.toy.DATASETS",
        )
    defaults = {k: v for k, v in DATASETS[name].__kwdefaults__.items() if k != "seed"}
    return {"theta": 1.0, **defaults} if name == "parallel_lines" else defaults


@entry_point("sample")
def sample(name: str, n: int, *, seed=None, **params) -> np.ndarray:
    """n points, shape (n, 2), from the toy distribution ``name`` (one of :data:`DATASETS`).

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.
    n : int
        Number of points.
    seed : int, numpy.random.Generator, torch.Generator or None, optional
        Same seed, same points (see :mod:`otlab._seeding`; a numpy Generator is used as is).
    **params
        Passed to the sampler, e.g. ``sample("parallel_lines", 100, theta=0.5, lines=3)``.
    """
    if name not in DATASETS:
        _fail(
            "sample",
            f"a dataset name, one of {', '.join(sorted(DATASETS))}",
            repr(name),
            "pick a name from otlab.toy.DATASETS",
        )
    n = check_positive_int("sample", "n", n)
    sampler = DATASETS[name]
    allowed = list(parameters(name))
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        _fail(
            "sample", f"parameters of {name!r} among {allowed}", f"{unknown}", "drop or rename them"
        )
    if name == "parallel_lines":
        return sampler(params.pop("theta", 1.0), n, seed=seed, **params)
    return sampler(n, seed=seed, **params)

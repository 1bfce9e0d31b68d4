"""Two tiny games that show why simultaneous gradient play can fail to converge.

Both are plain numpy: the gradients are written out by hand, so a student can check each
update on paper.

- The bilinear game ``min_x max_y x y``: its only equilibrium is (0, 0), yet simultaneous
  gradient steps spiral away from it.
- The Dirac-GAN (Mescheder et al., 2018): real data is a point mass at 0, the generator is a
  point mass at ``theta``, the critic is linear, ``f(x) = psi x``. Unregularised GAN and WGAN
  training both circle around the equilibrium (0, 0) instead of reaching it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otlab._validation import as_scalar, check_choice, check_positive_int

BILINEAR_MODES = ("simultaneous", "alternating", "extragradient")
DIRAC_LOSSES = ("gan", "wgan", "wgan-clip")


@dataclass(frozen=True, eq=False)
class BilinearResult:
    """The path of gradient play on ``min_x max_y x y``.

    Attributes
    ----------
    x, y : (steps + 1,) arrays, the players' positions, starting point first.
    lr : float, the step size.
    mode : str, how the players moved.
    """

    x: np.ndarray
    y: np.ndarray
    lr: float
    mode: str

    @property
    def radius(self) -> np.ndarray:
        """(steps + 1,) distance to the equilibrium (0, 0)."""
        return np.hypot(self.x, self.y)

    @property
    def growth(self) -> float:
        """Mean radius factor per step, ``(r_T / r_0)^(1/T)``; > 1 spirals out, < 1 converges."""
        r = self.radius
        if r[0] == 0:
            return 1.0
        return float((r[-1] / r[0]) ** (1.0 / (r.size - 1)))


def bilinear_game(
    x0: float, y0: float, *, lr: float = 0.1, steps: int = 100, mode: str = "simultaneous"
) -> BilinearResult:
    r"""Gradient play on the bilinear game, the simplest zero-sum game.

    .. math::
        \min_x \max_y \; x y

    Player x descends ``x y`` (gradient ``y``), player y ascends it (gradient ``x``).

    - ``"simultaneous"``: both step from the same point,
      ``(x, y) <- (x - lr y, y + lr x)``. This is a rotation scaled by
      ``sqrt(1 + lr^2)``, so the radius grows by exactly that factor at every step.
    - ``"alternating"``: y answers x's new position, ``x <- x - lr y; y <- y + lr x``.
      The update has determinant 1 and keeps ``x^2 + y^2 - lr x y`` exactly constant, so for
      ``lr < 2`` (where that form is positive definite) the path stays on an ellipse.
    - ``"extragradient"``: both look ahead one step and move with the gradient found there
      (Korpelevich, 1976); the radius shrinks by ``sqrt(1 - lr^2 + lr^4)`` per step, so
      the players converge for ``lr < 1``.

    Parameters
    ----------
    x0, y0 : float
        Starting point.
    lr : float, keyword-only
        Step size, > 0.
    steps : int, keyword-only
        Number of updates.
    mode : {"simultaneous", "alternating", "extragradient"}, keyword-only

    Returns
    -------
    BilinearResult

    Examples
    --------
    >>> run = bilinear_game(1.0, 0.0, lr=0.1, steps=10)
    >>> round(run.growth ** 2, 12)
    1.01

    References
    ----------
    Gidel et al., *A Variational Inequality Perspective on Generative Adversarial Networks*
    (ICLR 2019); Mescheder et al., *Which Training Methods for GANs do actually Converge?*
    (ICML 2018).
    """
    func = "bilinear_game"
    check_choice(func, "mode", mode, BILINEAR_MODES)
    x, y = as_scalar(func, "x0", x0), as_scalar(func, "y0", y0)
    lr = as_scalar(func, "lr", lr, positive=True)
    steps = check_positive_int(func, "steps", steps)
    xs, ys = np.empty(steps + 1), np.empty(steps + 1)
    xs[0], ys[0] = x, y
    for t in range(1, steps + 1):
        if mode == "simultaneous":
            x, y = x - lr * y, y + lr * x
        elif mode == "alternating":
            x = x - lr * y
            y = y + lr * x
        else:  # extragradient: gradients taken at the look-ahead point
            x_half, y_half = x - lr * y, y + lr * x
            x, y = x - lr * y_half, y + lr * x_half
        xs[t], ys[t] = x, y
    return BilinearResult(xs, ys, lr, mode)


@dataclass(frozen=True, eq=False)
class DiracResult:
    """The path of the Dirac-GAN: generator position ``theta`` and critic slope ``psi``.

    Attributes
    ----------
    theta, psi : (steps + 1,) arrays, starting point first.
    loss : str
    lr : float
    n_critic : int
    """

    theta: np.ndarray
    psi: np.ndarray
    loss: str
    lr: float
    n_critic: int

    @property
    def distance(self) -> np.ndarray:
        """(steps + 1,) W1 between the generator and the data, ``|theta|``."""
        return np.abs(self.theta)


def dirac_gan(
    theta0: float = 1.0,
    psi0: float = 0.0,
    *,
    loss: str = "wgan-clip",
    lr: float = 0.1,
    steps: int = 200,
    n_critic: int = 1,
    clip: float = 1.0,
) -> DiracResult:
    r"""Train the Dirac-GAN: a one-parameter generator against a linear critic.

    Real data is a point mass at 0, the generator a point mass at ``theta``, the critic
    ``f(x) = psi x``. Each generator step follows ``n_critic`` critic steps (gradient ascent
    for the critic, descent for the generator):

    .. math::
        \text{wgan:}\quad \min_\theta \max_\psi \; f(0) - f(\theta) = -\psi\theta

    ``"wgan-clip"`` keeps ``psi`` in ``[-clip, clip]`` (weight clipping); ``"wgan"`` has no
    constraint at all, which makes it the bilinear game of :func:`bilinear_game` with
    alternating steps. ``"gan"`` is the minimax GAN with
    discriminator ``sigmoid(psi x)``: the critic maximises ``log sigmoid(0) +
    log(1 - sigmoid(psi theta))`` and the generator minimises the same value.

    The equilibrium is ``theta = 0, psi = 0``; none of these losses reaches it with finite
    critic steps, the path keeps circling (Mescheder et al., 2018).

    Parameters
    ----------
    theta0, psi0 : float
        Starting generator position and critic slope.
    loss : {"gan", "wgan", "wgan-clip"}, keyword-only
    lr : float, keyword-only
        Step size of both players.
    steps : int, keyword-only
        Generator steps.
    n_critic : int, keyword-only
        Critic steps per generator step.
    clip : float, keyword-only
        Bound on ``|psi|`` for ``"wgan-clip"``.

    Returns
    -------
    DiracResult
        ``theta`` and ``psi`` after each generator step.

    Examples
    --------
    >>> run = dirac_gan(1.0, 0.0, loss="wgan-clip", steps=400)
    >>> bool(abs(run.theta[-100:]).max() > 0.1)  # still oscillating after 400 steps
    True

    References
    ----------
    Mescheder, Geiger & Nowozin, *Which Training Methods for GANs do actually Converge?*
    (ICML 2018), section 2.
    """
    func = "dirac_gan"
    check_choice(func, "loss", loss, DIRAC_LOSSES)
    theta, psi = as_scalar(func, "theta0", theta0), as_scalar(func, "psi0", psi0)
    lr = as_scalar(func, "lr", lr, positive=True)
    clip = as_scalar(func, "clip", clip, positive=True)
    steps = check_positive_int(func, "steps", steps)
    n_critic = check_positive_int(func, "n_critic", n_critic)
    thetas, psis = np.empty(steps + 1), np.empty(steps + 1)
    thetas[0], psis[0] = theta, psi
    for t in range(1, steps + 1):
        for _ in range(n_critic):
            psi = psi + lr * _critic_grad(loss, theta, psi)
            if loss == "wgan-clip":
                psi = min(max(psi, -clip), clip)
        theta = theta - lr * _generator_grad(loss, theta, psi)
        thetas[t], psis[t] = theta, psi
    return DiracResult(thetas, psis, loss, lr, n_critic)


def _sigmoid(t: float) -> float:
    return 0.5 * (1.0 + np.tanh(0.5 * t))  # no overflow for large |t|


def _critic_grad(loss: str, theta: float, psi: float) -> float:
    """d/dpsi of the critic's objective (which the critic ascends)."""
    if loss == "gan":  # d/dpsi log(1 - sigmoid(psi theta)) = -theta sigmoid(psi theta)
        return -theta * _sigmoid(psi * theta)
    return -theta  # d/dpsi of f(0) - f(theta) = -psi theta


def _generator_grad(loss: str, theta: float, psi: float) -> float:
    """d/dtheta of the value the generator descends."""
    if loss == "gan":  # d/dtheta log(1 - sigmoid(psi theta))
        return -psi * _sigmoid(psi * theta)
    return -psi

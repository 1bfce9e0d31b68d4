"""The training loop of :func:`otlab.critics.fit_critic`: one run's state, its steps and
snapshots, the rule that says the estimates have settled, and the packed result.

One CPU generator drives everything random (weights, batches, interpolates), and the settle rule
reads numbers only, never the clock: same seed, same stopping step.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch
from tqdm.auto import tqdm

from otlab._seeding import torch_generator
from otlab._validation import fail
from otlab.critics.certify import c_transform_bound
from otlab.critics.config import CriticConfig
from otlab.critics.constraints import (
    clip_weights_,
    gradient_norm,
    one_sided_terms,
    penalty_points,
    two_sided_terms,
)
from otlab.critics.network import make_critic
from otlab.critics.result import CriticFit, CriticFunction, CriticHistory, CriticSnapshots
from otlab.exact.lp import ground_cost

_FUNC = "fit_critic"
# A critic whose gap exceeds this many data diameters has left any Lipschitz regime: stop.
_EXPLODE = 1e4
# The (n, m) distance matrix is kept for the certified estimate up to this many entries (32 MB);
# larger problems recompute it block by block at each snapshot.
_KEEP_COST = 1 << 22
# Relative changes are measured against max(|estimate|, this x the data's diameter), so that
# two samples at W1 = 0 settle too.
_SETTLE_FLOOR = 1e-3


@dataclass(frozen=True)
class _Snapshot:
    """One snapshot's numbers, before CriticSnapshots stacks them."""

    step: int
    values: np.ndarray  # (g, g) critic on the grid
    estimate: float  # E_r f - E_g f on the whole samples
    certified: float  # the c-transform lower bound (otlab.critics.certified_estimate)
    lipschitz: float  # largest |grad f| on the grid and the data
    seconds: float


class _Trainer:
    """The state of one training run; ``run`` trains, ``result`` packs a CriticFit."""

    def __init__(self, real, fake, constraint: str, config: CriticConfig, seed: int, device):
        self.real_np, self.fake_np = real, fake
        self.constraint, self.config, self.seed, self.device = constraint, config, seed, device
        # Fixed steps, or until settled with a cap: either way a known bound for the arrays.
        self.until_settled = config.steps is None
        self.limit = config.max_steps if self.until_settled else config.steps
        # One CPU generator drives everything random: weights, batches, interpolates.
        self.generator = torch_generator(_FUNC, seed)
        self.network = make_critic(
            width=config.width,
            depth=config.depth,
            activation=config.activation,
            spectral_norm=constraint == "sn",
            generator=self.generator,
        ).to(device)
        self.optimizer = _optimizer(self.network, config)
        self.scheduler = None
        if config.schedule == "cosine":
            self.scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(
                self.optimizer, T_max=self.limit
            )
        # "plateau": the lr is cut by _settle; `level` counts the cuts, `since` is the first
        # snapshot taken at the current lr (the settle window only looks from there on).
        self.level, self.since, self.settled = 0, 0, False
        self.real = torch.as_tensor(real, dtype=torch.float32, device=device)  # (n, 2)
        self.fake = torch.as_tensor(fake, dtype=torch.float32, device=device)  # (m, 2)
        self.X, self.Y = _grid(np.vstack([real, fake]), config.grid_size)
        grid = np.column_stack([self.X.ravel(), self.Y.ravel()])
        self.grid = torch.as_tensor(grid, dtype=torch.float32, device=device)  # (g*g, 2)
        # Lipschitz probe: the grid and the data, where the constant matters.
        self.probe = torch.cat([self.grid, self.real, self.fake])
        self.diameter = float(np.ptp(np.vstack([real, fake]), axis=0).max()) or 1.0
        # The certified estimate: uniform weights, and the distances once when they fit.
        n, m = len(real), len(fake)
        self.a, self.b = np.full(n, 1.0 / n), np.full(m, 1.0 / m)
        self.cost = ground_cost(real, fake, 1) if n * m <= _KEEP_COST else None  # (n, m)
        # Per step: estimate, penalty, |grad| mean, min, max (kept on the device: no sync).
        self.records = torch.zeros(self.limit, 5, device=device)
        self.seconds = np.zeros(self.limit)
        self.lrs = np.zeros(self.limit)
        self.done = 0
        self.snaps: list[_Snapshot] = []
        self.start = time.perf_counter()

    def run(self, progress: bool) -> bool:
        """Train; returns True when interrupted by the user."""
        config = self.config
        self.start = time.perf_counter()
        bar = tqdm(total=self.limit, desc=f"critic ({self.constraint})", disable=not progress)
        try:
            for step in range(self.limit):
                if step % config.snapshot_every == 0:
                    self._snapshot(step)
                    self._check(bar)
                    if self._settle():
                        break
                self.lrs[step] = self.optimizer.param_groups[0]["lr"]
                self._step(step)
                self.seconds[step] = time.perf_counter() - self.start
                self.done = step + 1
                bar.update(1)
        except KeyboardInterrupt:
            return True
        finally:
            bar.close()
        return False

    def _settle(self) -> bool:
        """Apply the convergence rule at a snapshot; True when training should stop.

        Settled: over the last ``settle_window`` snapshots at the current lr, the mean of the
        second half of the window differs from the first half's by at most ``settle_tol``
        (relative) for the certified estimate and ``settle_tol_raw`` for the raw one. Then
        "plateau" cuts the lr (``lr_decays`` times) and opens a new window; the settle after the
        last cut stops a run without a fixed step count.
        """
        config = self.config
        window = self.snaps[self.since :][-config.settle_window :]
        if len(window) < config.settle_window:
            return False
        half = len(window) // 2
        floor = _SETTLE_FLOOR * self.diameter
        for name, tol in (("certified", config.settle_tol), ("estimate", config.settle_tol_raw)):
            series = np.array([getattr(snap, name) for snap in window])
            early, late = series[:half].mean(), series[-half:].mean()
            if abs(late - early) > tol * max(abs(late), floor):
                return False
        if config.schedule == "plateau" and self.level < config.lr_decays:
            self.level += 1
            self.since = len(self.snaps) - 1  # this snapshot opens the next window
            for group in self.optimizer.param_groups:
                group["lr"] = config.lr * config.lr_decay**self.level
            return False
        self.settled = True
        return self.until_settled

    def _step(self, step: int) -> None:
        config, net = self.config, self.network
        real, fake = self._batch()
        penalised = self.constraint in ("gp", "lp")
        if config.sampling.startswith("interpolates"):
            points = penalty_points(
                *self._pairs(real, fake), sampling=config.sampling, generator=self.generator
            )
        else:
            points = penalty_points(real, fake, sampling=config.sampling)
        # The same steps as gradient_penalty / lipschitz_penalty (penalty_points, gradient_norm,
        # then the shared per-point terms), unrolled here because the norms are also recorded.
        norms = gradient_norm(net, points, create_graph=penalised)  # (k,)
        gap = net(real).mean() - net(fake).mean()
        if self.constraint == "gp":
            penalty = two_sided_terms(norms).mean()
        elif self.constraint == "lp":
            penalty = one_sided_terms(norms).mean()
        else:
            penalty = torch.zeros((), device=self.device)
        loss = -gap + config.penalty_weight * penalty  # the critic maximises the gap
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()
        if self.constraint == "clip":
            clip_weights_(net, config.clip)
        norms = norms.detach()
        self.records[step] = torch.stack(
            [gap.detach(), penalty.detach(), norms.mean(), norms.min(), norms.max()]
        )

    def _batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The step's batches: the whole samples, or ``batch_size`` points drawn from each."""
        size = self.config.batch_size
        n, m = self.real.shape[0], self.fake.shape[0]
        if size is None or size >= max(n, m):
            return self.real, self.fake
        return self.real[self._draw(n, size)], self.fake[self._draw(m, size)]

    def _pairs(self, real: torch.Tensor, fake: torch.Tensor):
        """Real and fake points paired at random, for the interpolates (a fresh pairing each
        step, so that the penalty sees many segments between the samples)."""
        k = max(real.shape[0], fake.shape[0])
        return real[self._draw(real.shape[0], k)], fake[self._draw(fake.shape[0], k)]

    def _draw(self, n: int, k: int) -> torch.Tensor:
        """k indices into range(n): a random permutation when k <= n, with repeats otherwise."""
        if k <= n:
            idx = torch.randperm(n, generator=self.generator)[:k]
        else:
            idx = torch.randint(0, n, (k,), generator=self.generator)
        return idx.to(self.device)

    def _snapshot(self, step: int) -> None:
        net = self.network
        net.eval()
        # One pass over the probe (grid, real, fake) gives the values and the gradient norms.
        probe = self.probe.detach().requires_grad_(True)
        scores = net(probe)  # (g*g + n + m,)
        (grad,) = torch.autograd.grad(scores.sum(), probe)  # (g*g + n + m, 2)
        net.train()
        scores = scores.detach()
        cells, n = self.grid.shape[0], self.real.shape[0]
        values = scores[:cells].reshape(self.X.shape).cpu().numpy()
        on_real, on_fake = scores[cells : cells + n], scores[cells + n :]
        estimate = float(on_real.mean() - on_fake.mean())
        lipschitz = float(grad.norm(dim=1).max())
        on_fake = on_fake.double().cpu().numpy()
        certified = c_transform_bound(
            self.real_np, self.fake_np, on_fake, self.a, self.b, self.cost
        )
        seconds = time.perf_counter() - self.start
        self.snaps.append(_Snapshot(step, values, estimate, certified, lipschitz, seconds))

    def _check(self, bar=None) -> None:
        """Stop on NaN, inf or an exploding gap, naming the first bad step."""
        records = self.records[: self.done]
        bad = ~torch.isfinite(records).all(dim=1) | (records[:, 0].abs() > _EXPLODE * self.diameter)
        if not bool(bad.any()):
            if bar is not None and self.snaps:
                last = self.snaps[-1]
                bar.set_postfix(
                    estimate=f"{last.estimate:.4f}",
                    certified=f"{last.certified:.4f}",
                    refresh=False,
                )
            return
        step = int(torch.nonzero(bad)[0, 0])
        gap = float(records[step, 0])
        what = f"gap {gap:.3g}" if np.isfinite(gap) else f"a {gap} gap or penalty"
        fix = {
            "clip": f"lower lr (now {self.config.lr:g}) or the clipping bound c "
            f"(now {self.config.clip:g})",
            "sn": f"lower lr (now {self.config.lr:g})",
        }.get(
            self.constraint,
            f"lower lr (now {self.config.lr:g}) or check penalty_weight "
            f"(now {self.config.penalty_weight:g})",
        )
        fail(
            _FUNC,
            "a finite loss and a bounded critic at every step",
            f"{what} at step {step}",
            fix,
            kind=FloatingPointError,
        )

    def result(self, interrupted: bool) -> CriticFit:
        self._check()
        done = self.done
        if not self.snaps or self.snaps[-1].step != done:
            self._snapshot(done)
        self.network.eval()  # spectral norm: freeze the power iteration, so f stays fixed
        records = self.records[:done].cpu().numpy().astype(float)
        history = CriticHistory(
            *records.T, seconds=self.seconds[:done].copy(), lr=self.lrs[:done].copy()
        )
        snaps = self.snaps
        stack = lambda name: np.array([getattr(snap, name) for snap in snaps])  # noqa: E731
        snapshots = CriticSnapshots(
            steps=stack("step"),
            X=self.X,
            Y=self.Y,
            values=np.stack([snap.values for snap in snaps]).astype(float),
            estimate=stack("estimate"),
            certified_estimate=stack("certified"),
            lipschitz=stack("lipschitz"),
            seconds=stack("seconds"),
        )
        last = snaps[-1]
        return CriticFit(
            critic=CriticFunction(self.network),
            history=history,
            snapshots=snapshots,
            estimate=last.estimate,
            certified_estimate=last.certified,
            lipschitz=last.lipschitz,
            real=self.real_np,
            fake=self.fake_np,
            constraint=self.constraint,
            config=self.config,
            seed=self.seed,
            settled=self.settled,
            interrupted=interrupted,
        )


def _grid(points: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """A size x size grid over the bounding box of ``points``, padded by 10% of its span."""
    low, high = points.min(axis=0), points.max(axis=0)
    pad = 0.1 * float((high - low).max()) or 1.0
    X, Y = np.meshgrid(
        np.linspace(low[0] - pad, high[0] + pad, size),
        np.linspace(low[1] - pad, high[1] + pad, size),
    )
    return X, Y


def _optimizer(network: torch.nn.Module, config: CriticConfig) -> torch.optim.Optimizer:
    if config.optimizer == "rmsprop":
        return torch.optim.RMSprop(network.parameters(), lr=config.lr)
    return torch.optim.Adam(network.parameters(), lr=config.lr, betas=tuple(config.betas))

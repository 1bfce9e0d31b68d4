"""How far a run has come: exact W1, mode coverage and a snapshot, computed off the hot path.

At each evaluation the training thread samples the generator and the critic (two cheap
forward passes); the exact transport problems and the coverage count then run on a worker
thread while training goes on (POT's network simplex releases the GIL), and the loop collects
the results when the run ends.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import torch

from otlab.exact import emd, kantorovich_potential
from otlab.gan.coverage import COVERAGE_DATASETS, mode_coverage
from otlab.gan.run import Snapshot

GRID_SIZE = 40  # critic snapshots are GRID_SIZE x GRID_SIZE values


@dataclass(frozen=True)
class Evaluation:
    """One seed at one evaluation step."""

    w1: float  # exact W1 between n_eval generator samples and the evaluation data
    modes_covered: int | None  # None when the data has no modes to count
    fraction_near: float | None
    snapshot: Snapshot | None  # None when the generator's samples were not finite


@dataclass(frozen=True)
class Pending:
    """An evaluation under way: the step, the training seconds so far, and the result to come
    (a list with one :class:`Evaluation` per seed)."""

    step: int
    seconds: float
    future: Future


def grid_axes(real: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Grid axes covering the data with a margin of a quarter of its extent (at least 0.5)."""
    low, high = real.min(axis=0), real.max(axis=0)
    pad = np.maximum(0.25 * (high - low), 0.5)
    gx = np.linspace(low[0] - pad[0], high[0] + pad[0], GRID_SIZE)
    gy = np.linspace(low[1] - pad[1], high[1] + pad[1], GRID_SIZE)
    return gx, gy


def evaluate(pool: ThreadPoolExecutor, trainer, grids, *, seconds: float) -> Pending:
    """Sample the generator and the critic now; hand the exact solves to ``pool``."""
    config = trainer.config
    points = [np.column_stack([a.ravel() for a in np.meshgrid(gx, gy)]) for gx, gy in grids]
    with torch.no_grad():
        samples = trainer.generator(trainer.noise(config.n_eval, trainer.eval_gens))
        samples = samples.double().cpu().numpy()  # (S, n_eval, 2)
        values = None
        if config.row.has_critic:
            grid = torch.as_tensor(np.stack(points), dtype=torch.float32, device=trainer.device)
            values = trainer.critic(grid)[..., 0].double().cpu().numpy()  # (S, G*G)
    step = trainer.generator_steps
    future = pool.submit(_exact, step, samples, values, trainer.data, points, grids)
    return Pending(step, seconds, future)


def _exact(step, samples, values, data, points, grids) -> list[Evaluation]:
    records = []
    for s, real in enumerate(data.real):
        if not np.all(np.isfinite(samples[s])):  # the NaN check names the step that did it
            records.append(Evaluation(float("nan"), None, None, None))
            continue
        exact = emd(real, samples[s])
        field = values[s] if values is not None else kantorovich_potential(exact)(points[s])
        covered = near = None
        if data.name in COVERAGE_DATASETS:
            coverage = mode_coverage(samples[s], data.name, **data.params)
            covered, near = coverage.modes_covered, coverage.fraction_near
        gx, gy = grids[s]
        snapshot = Snapshot(step, samples[s], field.reshape(gy.size, gx.size), exact.distance)
        records.append(Evaluation(exact.distance, covered, near, snapshot))
    return records

"""Where a run's real points come from: a toy distribution (fresh points every batch) or a
fixed point cloud (batches drawn from it with replacement), one stream per seed."""

from __future__ import annotations

import numpy as np
import torch

from otlab import toy
from otlab._seeding import numpy_rng
from otlab._validation import as_points, fail

CHUNK = 64  # batches drawn per call of a toy sampler: its per-call overhead, paid rarely
# float32 networks overflow long before float32 itself does: |x| ~ 1e19 squares to inf.
_FLOAT32_SAFE = 1e15


def check_data(func: str, data, data_params: dict) -> np.ndarray | None:
    """Validate ``data``: a toy name (its parameters checked by sampling two points) or an
    (n, 2) array of at least 2 finite points that float32 networks can hold. Returns the
    points, or None for a toy name."""
    if isinstance(data, str):
        if data not in toy.DATASETS:
            fail(
                func,
                f"`data` a toy name, one of {', '.join(sorted(toy.DATASETS))}",
                repr(data),
                "pick a name from otlab.toy.DATASETS or pass an (n, 2) array",
            )
        try:
            toy.sample(data, 2, seed=0, **data_params)
        except (TypeError, ValueError) as error:
            fail(
                func,
                f"`data_params` that otlab.toy.sample({data!r}, ...) accepts",
                repr(data_params),
                f"fix them as it says: {error}",
            )
        return None
    if data_params:
        fail(
            func,
            "`data_params` only with a toy dataset name",
            repr(data_params),
            "drop data_params when passing points",
        )
    points = as_points(func, "data", data, dim=2)
    if points.shape[0] < 2:
        fail(func, "`data` with at least 2 points", f"shape {points.shape}", "pass more points")
    scale = float(np.abs(points).max())
    if scale > _FLOAT32_SAFE:
        fail(
            func,
            f"`data` within |x| <= {_FLOAT32_SAFE:.0e}, which float32 networks can hold",
            f"points up to |x| = {scale:.3g}",
            "rescale the data first, e.g. (data - data.mean(0)) / data.std()",
        )
    return points


class DataStream:
    """Real batches for S seeds as (k, S, B, 2) float32 tensors, and each seed's evaluation set.

    Parameters
    ----------
    data : str or (n, 2) array (validated by :func:`check_data`)
    data_params : dict, the toy dataset's parameters
    seeds : list of int, one numpy stream per seed
    n_eval : int, size of the fixed evaluation set ``real[s]`` (all points of a smaller cloud)
    device : torch.device
    """

    def __init__(self, data, data_params: dict, seeds: list[int], n_eval: int, device):
        self.device = device
        self.rngs = [numpy_rng("train_gan", seed) for seed in seeds]
        self.name = data if isinstance(data, str) else None
        self.params = data_params
        self.points = None
        self.real = []  # per seed: (n_eval, 2) numpy array
        if self.name is not None:
            for rng in self.rngs:
                self.real.append(toy.sample(self.name, n_eval, seed=rng, **data_params))
            self._buffers = [np.empty((0, 2))] * len(seeds)
        else:
            self.points = torch.as_tensor(data, dtype=torch.float32, device=device)
            for rng in self.rngs:
                keep = (
                    data
                    if len(data) <= n_eval
                    else data[rng.choice(len(data), n_eval, replace=False)]
                )
                self.real.append(np.array(keep, dtype=float))

    def batches(self, k: int, size: int) -> torch.Tensor:
        """(k, S, size, 2): k batches of ``size`` real points for every seed."""
        if self.points is not None:
            rows = [rng.integers(0, self.points.shape[0], k * size) for rng in self.rngs]
            index = torch.as_tensor(np.stack(rows), device=self.device)  # (S, k * size)
            picked = self.points[index]  # (S, k * size, 2)
        else:
            picked = torch.as_tensor(
                np.stack([self._take(s, k * size) for s in range(len(self.rngs))]),
                dtype=torch.float32,
                device=self.device,
            )
        return picked.view(len(self.rngs), k, size, 2).transpose(0, 1)

    def _take(self, s: int, count: int) -> np.ndarray:
        """The next ``count`` points of seed s's stream of i.i.d. toy points."""
        buffer = self._buffers[s]
        if buffer.shape[0] < count:
            fresh = toy.sample(
                self.name, max(CHUNK * count, count), seed=self.rngs[s], **self.params
            )
            buffer = np.concatenate([buffer, fresh])
        self._buffers[s] = buffer[count:]
        return buffer[:count]

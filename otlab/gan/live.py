"""A training run driven one update at a time, with the exact transport answer measured beside it.

This is the maths of :class:`otlab.widgets.TrainingConsole`, kept out of the widget so that
tests and lecturers can drive it from code. A :class:`LiveTraining` holds one run (one seed)
of the training engine (:class:`otlab.gan.trainer.Trainer`); every update is one of

- ``step_critic(n)``: exactly ``n`` critic updates (the generator is untouched);
- ``step_generator(n)``: exactly ``n`` generator updates (the critic is untouched);
- ``train(n)``: ``n`` rounds of ``n_critic`` critic updates and one generator update.

After any of them, :meth:`LiveTraining.measure` looks at the run as it is now: the generator's
samples of a fixed noise batch, where its loss pushes each of them, the exact W1 between those
samples and the data (``otlab.emd``) with the exact transport direction of each sample, the
cosine between the two, the critic on a grid, and the noise grid warped by the generator.
Those measurements are in :mod:`otlab.gan.directions`; what one look holds, in
:mod:`otlab.gan.frame`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, replace

import numpy as np

from otlab._validation import describe, entry_point, fail
from otlab.gan.config import GANConfig, make_config
from otlab.gan.directions import mean_cosine, transport_directions
from otlab.gan.frame import GRID_SIZE, MANIFOLD_POINTS, Frame, History, _noise_grid

__all__ = ["LiveTraining"]

MAX_FRAMES = 240  # frames kept for the GIF; older ones are thinned to every other one
# The console's defaults where they differ from train_gan's: a constant learning rate (there
# is no planned end to decay towards) and exact W1 on 256 points a side, the default batch,
# which the network simplex solves in a few milliseconds.
CONSOLE_DEFAULTS = GANConfig(schedule="constant", n_eval=256)


class LiveTraining:
    """One GAN or WGAN run, trained an update at a time and measured against the exact answer.

    Parameters
    ----------
    data : str or (n, 2) array_like
        A name of :data:`otlab.toy.DATASETS` or at least 2 points (see :func:`otlab.train_gan`).
    config : GANConfig or preset name, optional
        The settings; default :data:`CONSOLE_DEFAULTS` (``train_gan``'s, with a constant
        learning rate and 256 evaluation points).
    seed : int, keyword-only
        Networks, noise and data streams.
    **overrides
        Fields of :class:`GANConfig` (``loss``, ``lr``, ``n_critic``, ``penalty_weight``, ...).

    Examples
    --------
    >>> run = LiveTraining("8gaussians", loss="wgan-gp", seed=0, width=16)
    >>> run.train(2)
    >>> frame = run.measure()
    >>> (frame.generator_steps, frame.critic_steps)
    (2, 10)
    """

    @entry_point("LiveTraining")  # the Trainer's checks report under the name the user called
    def __init__(self, data="8gaussians", config=None, *, seed: int = 0, **overrides):
        from otlab._seeding import resolve_seed
        from otlab.gan.data import check_data

        func = "LiveTraining"
        self.config = make_config(func, CONSOLE_DEFAULTS if config is None else config, overrides)
        points = check_data(func, data, self.config.data_params)
        self.seed = resolve_seed(func, seed)
        self.data = data if points is None else points
        self.view = None  # (xlim, ylim) of the data panel and the critic grid
        self.history = History()
        self.frames: list[Frame] = []
        self.last_losses = {"critic": math.nan, "generator": math.nan}
        self._start()

    # --- set-up ------------------------------------------------------------------------------

    def _start(self) -> None:
        """New networks and streams for ``self.seed``, ``self.config`` and ``self.data``."""
        import torch

        from otlab._seeding import spawn, torch_generator
        from otlab.critics.network import as_device
        from otlab.gan.trainer import Trainer

        device = as_device("LiveTraining", self.config.device)
        self.trainer = Trainer(self.data, self.config, [self.seed], device)
        # The console's own noise: fixed, so the samples move only when the generator does.
        stream = torch_generator("LiveTraining", spawn("LiveTraining", self.seed, 1)[0], device)
        self.noise = torch.randn(
            1, self.config.n_eval, self.config.noise_dim, generator=stream, device=device
        )
        self._set_view()
        self.history = History()
        self.frames = []
        self.last_losses = {"critic": math.nan, "generator": math.nan}

    def _set_view(self, keep_if_inside: bool = False) -> None:
        """The data panel: the data with a margin of a quarter of its extent (at least 0.5)."""
        real = self.trainer.data.real[0]
        if keep_if_inside and self.view is not None:
            (x0, x1), (y0, y1) = self.view
            inside = (real[:, 0] >= x0) & (real[:, 0] <= x1) & (real[:, 1] >= y0)
            if np.all(inside & (real[:, 1] <= y1)):
                return
        low, high = real.min(axis=0), real.max(axis=0)
        pad = np.maximum(0.25 * (high - low), 0.5)
        self.view = (
            (float(low[0] - pad[0]), float(high[0] + pad[0])),
            (float(low[1] - pad[1]), float(high[1] + pad[1])),
        )

    def reset(self, seed: int | None = None) -> None:
        """Start again from fresh networks (the same seed, or ``seed``), keeping the settings."""
        from otlab._seeding import resolve_seed

        if seed is not None:
            self.seed = resolve_seed("LiveTraining.reset", seed)
        self._start()

    def configure(self, **changes) -> GANConfig:
        """Change settings mid-run (``loss``, ``constraint``, ``lr``, ``critic_lr``,
        ``n_critic``, ``penalty_weight``, ...): validated, then in force from the next update,
        with the current weights. A new loss brings its own optimiser defaults unless they are
        given too. Sizes that shape the networks cannot change mid-run."""
        func = "LiveTraining.configure"
        fixed = {"width", "depth", "noise_dim", "activation", "n_eval", "device", "data_params"}
        if fixed & set(changes):
            fail(
                func,
                "settings that keep the networks and data (loss, constraint, lr, critic_lr, "
                "n_critic, penalty_weight, clip, batch_size, betas, optimizer)",
                ", ".join(sorted(fixed & set(changes))),
                "start a new LiveTraining with them instead",
            )
        config = make_config(func, self.config, changes)
        self.trainer.configure(config)
        self.config = config
        return config

    def set_points(self, points) -> None:
        """Train on these points from now on (what drawing does), keeping the weights."""
        from otlab.gan.data import check_data
        from otlab.gan.trainer import set_data

        points = check_data("LiveTraining.set_points", points, {})
        config = replace(self.config, data_params={})
        set_data(self.trainer, points, {})
        self.trainer.config = self.config = config
        self.data = points
        self._set_view(keep_if_inside=True)

    def set_dataset(self, name: str, **params) -> None:
        """Train on the toy dataset ``name`` from now on, keeping the weights."""
        from otlab.gan.data import check_data
        from otlab.gan.trainer import set_data

        check_data("LiveTraining.set_dataset", name, params)
        set_data(self.trainer, name, params)
        self.trainer.config = self.config = replace(self.config, data_params=dict(params))
        self.data = name
        self._set_view()

    # --- updates -----------------------------------------------------------------------------

    def step_critic(self, n: int = 1) -> None:
        """Exactly ``n`` critic updates against the current generator."""
        from otlab._validation import check_positive_int

        n = check_positive_int("LiveTraining.step_critic", "n", n)
        self._needs_critic("step_critic")
        self._guarded(lambda: self._critic(n))

    def step_generator(self, n: int = 1) -> None:
        """Exactly ``n`` generator updates against the current critic (or the exact W1)."""
        from otlab._validation import check_positive_int

        n = check_positive_int("LiveTraining.step_generator", "n", n)

        def run():
            for _ in range(n):
                self._generator()

        self._guarded(run)

    def train(self, n: int = 1) -> None:
        """``n`` rounds of training: ``n_critic`` critic updates, then one generator update."""
        from otlab._validation import check_positive_int

        n = check_positive_int("LiveTraining.train", "n", n)

        def run():
            for _ in range(n):
                if self.config.row.has_critic:
                    self._critic(self.config.n_critic)
                self._generator()

        self._guarded(run)

    def _critic(self, n: int) -> None:
        record = self.trainer.train_critic(n)
        self.last_losses["critic"] = float(record.loss[0])

    def _generator(self) -> None:
        record = self.trainer.train_generator()
        self.last_losses["generator"] = float(record.loss[0])
        if not self.config.row.has_critic:  # an optimal critic's loss is -W1 on the batch
            self.last_losses["critic"] = -float(record.gap[0])

    def _needs_critic(self, what: str) -> None:
        if not self.config.row.has_critic:
            fail(
                f"LiveTraining.{what}",
                "a loss that trains a critic",
                f"loss={self.config.loss!r}, which descends the exact W1 without one",
                "pick another loss, or press the generator step",
            )

    def _guarded(self, updates) -> None:
        """Run ``updates``; if a loss or a weight turns NaN or infinite, put the run back as it
        was before them and raise FloatingPointError naming the step and a likely fix."""
        import torch

        from otlab.critics.network import cpu_threads
        from otlab.gan.trainer import load_trainer_state, trainer_state

        before = trainer_state(self.trainer)
        losses = dict(self.last_losses)
        with cpu_threads(self.config.threads):
            updates()
        trainer = self.trainer
        finite = all(math.isfinite(v) for v in self.last_losses.values() if v == v) and bool(
            torch.isfinite(trainer.generator.params).all()
            and torch.isfinite(trainer.critic.params).all()
        )
        if not finite:
            step = trainer.generator_steps
            load_trainer_state(trainer, before)
            self.last_losses = losses
            raise FloatingPointError(
                f"LiveTraining: finite losses and weights, got NaN or infinity by generator "
                f"step {step} of loss={self.config.name!r} with lr={self.config.lr:g}, "
                f"critic_lr={self.config.critic_lr or self.config.lr:g}; the run was put back "
                f"as it was before: {self.config.row.fix}, then go on"
            )

    # --- looking at the run ------------------------------------------------------------------

    @property
    def real(self) -> np.ndarray:
        """(n, 2) the data that the exact W1 is measured against (the drawn points, all of
        them when there are at most ``n_eval``)."""
        return self.trainer.data.real[0]

    def measure(self, *, record: bool = True) -> Frame:
        """The run now (see :class:`Frame`); with ``record``, added to the history and frames."""
        import torch

        from otlab.critics.network import cpu_threads
        from otlab.gan.coverage import COVERAGE_DATASETS, mode_coverage
        from otlab.gan.trainer import generator_push

        trainer, config = self.trainer, self.config
        real = self.real
        real_t = torch.as_tensor(real[None], dtype=torch.float32, device=trainer.device)
        gx, gy = (np.linspace(*lim, GRID_SIZE) for lim in self.view)
        grid = np.column_stack([a.ravel() for a in np.meshgrid(gx, gy)])
        with cpu_threads(config.threads):
            samples, push = generator_push(trainer, self.noise, real_t)
            with torch.no_grad():
                manifold = trainer.generator(_noise_grid(config.noise_dim, trainer.device))
                critic = estimate = None
                if config.row.has_critic:
                    points = torch.as_tensor(grid[None], dtype=torch.float32, device=trainer.device)
                    scores = trainer.critic(torch.cat([points, real_t, samples], 1))[0, :, 0]
                    scores = scores.double().cpu().numpy()
                    g2, n = grid.shape[0], real.shape[0]
                    estimate = float(scores[g2 : g2 + n].mean() - scores[g2 + n :].mean())
                    critic = scores[:g2].reshape(GRID_SIZE, GRID_SIZE)
                    if not config.row.gap_estimates_w1:  # a GAN: show D = sigmoid(f)
                        critic = 1.0 / (1.0 + np.exp(-critic))
        samples = samples[0].double().cpu().numpy()
        push = push[0].double().cpu().numpy()
        exact = transport_directions(real, samples)
        covered = n_modes = None
        if isinstance(self.data, str) and self.data in COVERAGE_DATASETS:
            coverage = mode_coverage(samples, self.data, **config.data_params)
            covered, n_modes = coverage.modes_covered, coverage.n_modes
        frame = Frame(
            generator_steps=trainer.generator_steps,
            critic_steps=trainer.critic_steps,
            real=real,
            samples=samples,
            push=push,
            direction=exact.direction,
            w1=exact.distance,
            estimate=math.nan if estimate is None else estimate,
            cosine=mean_cosine(push, exact.direction),
            critic=critic,
            grid=(gx, gy),
            manifold=manifold[0].double().cpu().numpy().reshape(-1, MANIFOLD_POINTS, 2),
            modes_covered=covered,
            n_modes=n_modes,
            critic_loss=self.last_losses["critic"],
            generator_loss=self.last_losses["generator"],
            loss=config.name,
        )
        if record:
            self.history.add(frame)
            self.frames.append(frame)
            if len(self.frames) > MAX_FRAMES:  # keep the first, thin the rest
                self.frames = self.frames[:1] + self.frames[2::2]
        return frame

    # --- keeping a run -----------------------------------------------------------------------

    def state(self) -> dict:
        """The whole run as tensors, numbers and strings (``torch.save`` writes it)."""
        import torch

        from otlab.gan.trainer import trainer_state

        config = asdict(self.config)
        return {
            "format": "otlab.LiveTraining/1",
            "config": config,
            "data": self.data if isinstance(self.data, str) else torch.as_tensor(self.data),
            "seed": self.seed,
            "view": [list(lim) for lim in self.view],
            "trainer": trainer_state(self.trainer),
            "history": {name: list(values) for name, values in vars(self.history).items()},
            "last_losses": dict(self.last_losses),
        }

    @classmethod
    def from_state(cls, state: dict) -> LiveTraining:
        """The run that :meth:`state` described, ready to go on."""
        from otlab.gan.trainer import load_trainer_state

        if not isinstance(state, dict) or state.get("format") != "otlab.LiveTraining/1":
            fail(
                "LiveTraining.from_state",
                "a state saved by LiveTraining.state() / TrainingConsole.save()",
                describe(state),
                "load a file written by save()",
            )
        config = dict(state["config"])
        config["betas"] = tuple(config["betas"])
        data = state["data"]
        data = data if isinstance(data, str) else data.double().numpy()
        run = cls(data, GANConfig(**config), seed=state["seed"])
        load_trainer_state(run.trainer, state["trainer"])
        run.view = tuple(tuple(lim) for lim in state["view"])
        run.history = History(**{k: list(v) for k, v in state["history"].items()})
        run.last_losses = dict(state["last_losses"])
        return run

    def save(self, path) -> None:
        """Write :meth:`state` to ``path`` (a PyTorch file)."""
        import torch

        torch.save(self.state(), path)

    @classmethod
    def load(cls, path) -> LiveTraining:
        """The run saved at ``path`` by :meth:`save` (read with ``weights_only=True``: a file
        holds tensors, numbers and strings only, never code)."""
        import torch

        return cls.from_state(torch.load(path, weights_only=True))

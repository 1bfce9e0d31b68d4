"""Matplotlib figures for the course.

Every function takes ``ax=None`` (a new figure when omitted), draws on that Axes only, returns
it, and never calls ``plt.show()``. Inputs may be numpy arrays or torch tensors.
"""

from otlab.plot._alt import register as _register_alt_text
from otlab.plot.console import *  # noqa: F403
from otlab.plot.console import __all__ as _console
from otlab.plot.critic_diagnostics import *  # noqa: F403
from otlab.plot.critic_diagnostics import __all__ as _critic_diagnostics
from otlab.plot.critics import *  # noqa: F403
from otlab.plot.critics import __all__ as _critics
from otlab.plot.divergences import *  # noqa: F403
from otlab.plot.divergences import __all__ as _divergences
from otlab.plot.entropic import *  # noqa: F403
from otlab.plot.entropic import __all__ as _entropic
from otlab.plot.exact import *  # noqa: F403
from otlab.plot.exact import __all__ as _exact
from otlab.plot.games import *  # noqa: F403
from otlab.plot.games import __all__ as _games
from otlab.plot.gan import *  # noqa: F403
from otlab.plot.gan import __all__ as _gan
from otlab.plot.interpolation import *  # noqa: F403
from otlab.plot.interpolation import __all__ as _interpolation
from otlab.plot.piles import *  # noqa: F403
from otlab.plot.piles import __all__ as _piles
from otlab.plot.sliced import *  # noqa: F403
from otlab.plot.sliced import __all__ as _sliced
from otlab.plot.timings import *  # noqa: F403
from otlab.plot.timings import __all__ as _timings
from otlab.plot.witnesses import *  # noqa: F403
from otlab.plot.witnesses import __all__ as _witnesses

__all__ = [
    *_piles,
    *_exact,
    *_entropic,
    *_sliced,
    *_interpolation,
    *_witnesses,
    *_timings,
    *_divergences,
    *_critics,
    *_critic_diagnostics,
    *_games,
    *_gan,
    *_console,
]

_register_alt_text()  # in IPython, figures are shown with alt text (see otlab.plot._alt)

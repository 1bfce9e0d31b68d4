"""Interactive apps (ipywidgets) for the course.

Each app builds its controls and a live figure; its callback ``update(...)`` is a plain method
that tests and the latency benchmark call directly. Display an app by leaving it as the last
expression of a cell.
"""

from otlab.widgets.console import *  # noqa: F403
from otlab.widgets.console import __all__ as _console
from otlab.widgets.critics import *  # noqa: F403
from otlab.widgets.critics import __all__ as _critics
from otlab.widgets.divergences import *  # noqa: F403
from otlab.widgets.divergences import __all__ as _divergences
from otlab.widgets.entropic import *  # noqa: F403
from otlab.widgets.entropic import __all__ as _entropic
from otlab.widgets.exact import *  # noqa: F403
from otlab.widgets.exact import __all__ as _exact
from otlab.widgets.gan import *  # noqa: F403
from otlab.widgets.gan import __all__ as _gan
from otlab.widgets.piles import *  # noqa: F403
from otlab.widgets.piles import __all__ as _piles

__all__ = [*_piles, *_exact, *_entropic, *_divergences, *_critics, *_gan, *_console]

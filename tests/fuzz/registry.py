"""The whole registry: importing this module fills ``base.ENTRIES`` with every entry."""

from . import registry_core, registry_plot, registry_torch, registry_widgets  # noqa: F401
from .base import ENTRIES, Entry, public_names, short

__all__ = ["ENTRIES", "Entry", "public_names", "short"]

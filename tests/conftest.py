"""Shared test settings: hypothesis profiles sized for a 2-core CI machine."""

from hypothesis import settings

settings.register_profile("otlab", max_examples=60, deadline=None)
settings.load_profile("otlab")

"""Widgets for divergences."""

__all__: list[str] = []

"""Widgets for piles."""

__all__: list[str] = []

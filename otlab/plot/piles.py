"""Plots for piles."""

__all__: list[str] = []

"""Plots for exact."""

__all__: list[str] = []

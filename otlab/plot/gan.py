"""Plots for gan."""

__all__: list[str] = []

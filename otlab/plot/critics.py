"""Plots for critics."""

__all__: list[str] = []

"""Widgets for critics."""

__all__: list[str] = []

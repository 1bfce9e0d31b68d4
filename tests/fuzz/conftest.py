"""Order of the fuzz suite: the C-extension check last, so that its child process (started when
its module is collected) runs beside the registry cases instead of being waited for first."""

from __future__ import annotations


def pytest_collection_modifyitems(items):
    last = [item for item in items if item.module.__name__.endswith("test_c_extensions")]
    if last:
        items[:] = [item for item in items if item not in last] + last

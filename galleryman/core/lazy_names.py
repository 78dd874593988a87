"""A package's names imported from their modules when first used (PEP 562 `__getattr__`),
so importing the package costs nothing until a name is needed (the first frame is painted
before httpx, Pillow and SQLite are imported: bench/bench_startup.py)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    package: str, module_of: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """The package's `__getattr__`: `module_of` maps each exported name to the module of the
    package that defines it; `namespace` is the package's `globals()`."""

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value  # found once; later lookups do not come here
        return value

    return __getattr__

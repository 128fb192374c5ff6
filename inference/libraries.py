"""Lazy imports of the model libraries, and the versions that evidence records name.

`import inference` must stay fast and work without torch: checkers call `load` inside
functions, so a library is imported the first time a claim needs it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
from types import ModuleType

from inference.errors import LibraryMissing


def load(name: str) -> ModuleType:
    """Import `name` (transformers, diffusers, torch...) or say clearly that it is missing.

    Example:
        >>> load("json").__name__
        'json'
    """
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise LibraryMissing(f"checking this claim reads the model files through {name!r}, "
                             f"which is not installed ({error})") from error


def versions(*names: str) -> dict[str, str]:
    """The versions of the named libraries as imported (installed, if not yet imported).

    Example:
        >>> versions("pytest") == {"pytest": importlib.metadata.version("pytest")}
        True
    """
    found: dict[str, str] = {}
    for name in names:
        module = sys.modules.get(name)
        version = getattr(module, "__version__", None) if module else None
        if version is None:
            try:
                version = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                continue
        found[name] = str(version)
    return found

"""Nothing leaves the machine unasked: the Hugging Face libraries run offline in capgraph.

`inference/__init__.py` calls `go_offline()` when the package is imported, before any of
huggingface_hub, transformers or diffusers is (they read the switch when imported), and
whatever the caller's environment says: a request, a job or a check can only read what is
already on disk (`local_files_only` is passed as well wherever a folder is opened). The one
way to fetch a model is `capgraph models download`, a local administrator's command, which
calls `allow_downloads()` for its own process only.
"""

from __future__ import annotations

import os
import sys

__all__ = ["allow_downloads", "go_offline"]

SWITCHES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE")


def go_offline() -> None:
    """Set the libraries offline (again, if one was imported already)."""
    for name in SWITCHES:
        os.environ[name] = "1"
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        constants.HF_HUB_OFFLINE = True     # type: ignore[attr-defined]


def allow_downloads() -> None:
    """Let this process download from the Hub (`capgraph models download` only)."""
    for name in SWITCHES:
        os.environ[name] = "0"
    import huggingface_hub.constants as constants

    constants.HF_HUB_OFFLINE = False

"""What a write batch must keep, checked once for every store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def clean_props(props: Mapping[str, Any]) -> Mapping[str, Any]:
    """Drop None values: an absent property and a null one are the same fact in both stores."""
    if None not in props.values():
        return props
    return {k: v for k, v in props.items() if v is not None}

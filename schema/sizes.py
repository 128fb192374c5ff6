"""How long the strings a client sends may be.

Every string argument and variable is held to `CAPGRAPH_MAX_STRING` characters (20,000 by
default), except the arguments in `LONG_ARGUMENTS`, which carry a whole document and have
their own bound; the request body limit (`CAPGRAPH_MAX_BODY_BYTES`) bounds them all.
"""

from __future__ import annotations

MAX_CLAIM_TEXT = 2000
"""The longest claim text `assessClaim` takes: a claim is one statement, not a page."""

MAX_PAGE_TEXT = 200_000
"""The longest page `importPage` takes (the corpus's pages have a few thousand characters)."""

LONG_ARGUMENTS: dict[tuple[str, str], int] = {("importPage", "text"): MAX_PAGE_TEXT}
"""(field, argument) -> its own length limit, above the general one."""

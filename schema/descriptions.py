"""Descriptions several types share, written once: a Relay page's parts, and a reported
signal's fields (`Signal` and `SignalRef` say the same of the same values)."""

from __future__ import annotations

CURSOR = "This item's place in the list: pass it as `after` for the items that follow it."
PAGE_INFO = "Where this page stands: whether more follow, and the cursor to ask for them."
TOTAL_COUNT = "How many items all pages hold together."

SIGNAL_NAME = ("What it measures: `rank`, `adoption`, `quality`, `ecosystem`, `match_graph`, "
               "`pricing`, `starting_price`, `capabilities`, `times_matched`, `type`, "
               "`capabilities_more`, or another row of a page's table in snake_case.")
SIGNAL_VALUE = ("The number, when the page gave one: a rank 0..100, a component's value as "
                "the page wrote it (adoption, quality...), a count, a price in USD; null for "
                "a text.")
SIGNAL_TEXT = "The value, when the page gave a text (`Free`, `Model`); null for a number."
SIGNAL_RAW = "The value exactly as the page wrote it (`43/100`, `9 decomposed`)."
SIGNAL_OBSERVED_AT = "When capgraph read it: the import of its page."

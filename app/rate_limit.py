"""Requests a minute per caller: one token bucket per token or anonymous address; callers at
exempt addresses (by default the machine itself) are not counted.

A bucket holds up to a minute's allowance and refills continuously, so a caller may burst
to the whole allowance and then goes at the steady rate. Buckets live in this process
(each `capgraph serve` worker counts its own); the least recently used are dropped past
`MAX_BUCKETS`, which bounds the memory a flood of addresses can take.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from ipaddress import IPv4Network, IPv6Network, ip_address

__all__ = ["Exemptions", "RateLimiter"]

MAX_BUCKETS = 100_000


class RateLimiter:
    """`take(key, per_minute)`: None if allowed, else the seconds until it would be.

    Example:
        >>> clock = [0.0]
        >>> limiter = RateLimiter(clock=lambda: clock[0])
        >>> [limiter.take("a", 2) for _ in range(3)]
        [None, None, 30.0]
        >>> clock[0] = 30.0
        >>> limiter.take("a", 2), limiter.take("b", 2)
        (None, None)
    """

    def __init__(self, clock: object = None) -> None:
        self._clock = clock if callable(clock) else time.monotonic
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, when
        self._lock = threading.Lock()

    def take(self, key: str, per_minute: int) -> float | None:
        if per_minute <= 0:
            return None                     # no limit
        now = float(self._clock())
        rate = per_minute / 60.0
        with self._lock:
            tokens, when = self._buckets.pop(key, (float(per_minute), now))
            tokens = min(float(per_minute), tokens + (now - when) * rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > MAX_BUCKETS:
                self._buckets.popitem(last=False)
        return None if allowed else round((1.0 - tokens) / rate, 3)


class Exemptions:
    """Whether an address is in one of the exempt networks (an IPv4 address written as IPv6,
    `::ffff:127.0.0.1`, is read as IPv4); anything that is not an IP address is not exempt.

    Example:
        >>> from ipaddress import ip_network
        >>> exempt = Exemptions([ip_network("127.0.0.0/8"), ip_network("::1")])
        >>> [a in exempt for a in ("127.0.0.1", "::ffff:127.0.0.2", "::1", "10.0.0.1", "x")]
        [True, True, True, False, False]
    """

    def __init__(self, networks: Iterable[IPv4Network | IPv6Network]) -> None:
        self._networks = tuple(networks)
        self._seen: OrderedDict[str, bool] = OrderedDict()  # an address parsed once
        self._lock = threading.Lock()

    def __contains__(self, address: str) -> bool:
        if not self._networks:
            return False
        with self._lock:
            known = self._seen.get(address)
        if known is not None:
            return known
        try:
            ip = ip_address(address)
        except ValueError:
            exempt = False
        else:
            if ip.version == 6 and ip.ipv4_mapped is not None:
                ip = ip.ipv4_mapped
            exempt = any(ip in network for network in self._networks)
        with self._lock:
            self._seen[address] = exempt
            while len(self._seen) > MAX_BUCKETS:
                self._seen.popitem(last=False)
        return exempt

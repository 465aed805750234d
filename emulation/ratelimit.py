"""A fixed-window counter per client in the cache: "at most N requests a minute from one address".

The cache is the process's own memory by default (one worker, the demo); with several workers
``CACHE_URL`` names a shared cache (Redis), so the limit holds across them. A cache that is
down lets the request through: a limit is a defence against scraping, not a reason to refuse
service.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def allow(scope: str, client: str, limit: int, window_seconds: int = 60) -> bool:
    """Count one request of ``client`` (an IP address) for ``scope``; False once more than
    ``limit`` requests fell in the current window of ``window_seconds``. ``limit`` <= 0 turns
    the limit off."""
    if limit <= 0:
        return True
    window = int(time.time() // window_seconds)
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{window}:{digest}"
    try:
        if cache.add(key, 1, timeout=window_seconds + 1):
            return True
        return int(cache.incr(key)) <= limit
    except Exception:  # a cache outage must not refuse the page
        return True

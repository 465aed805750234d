"""A fixed-window counter per client in the cache: "at most N requests a minute from one address".

The cache is the process's own memory by default (one worker, the demo); with several workers
``CACHE_URL`` names a shared cache (Redis), so the limit holds across them. A cache that is
down lets the request through: a limit is a defence against scraping, not a reason to refuse
service.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

View = Callable[..., HttpResponse]


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


def limit_per_minute(
    scope: str, setting: str, default: int, *, json: bool = False
) -> Callable[[View], View]:
    """A view decorator: at most ``settings.<setting>`` (``default`` when unset; 0 = no limit)
    requests a minute per client address (REMOTE_ADDR, set by TrustedProxyMiddleware behind a
    trusted proxy). Beyond: 429, ``Retry-After: 60`` and a polite message, as JSON
    (``{"detail": …}``) for an API, else as plain text."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            limit = int(getattr(settings, setting, default))
            if allow(scope, request.META.get("REMOTE_ADDR", "") or "", limit):
                return view(request, *args, **kwargs)
            message = _("Quá nhiều yêu cầu từ địa chỉ này. Vui lòng thử lại sau một phút.")
            response: HttpResponse
            if json:
                response = JsonResponse({"detail": message}, status=429)
            else:
                response = HttpResponse(
                    message, status=429, content_type="text/plain; charset=utf-8"
                )
            response["Retry-After"] = "60"
            return response

        return wrapper

    return decorator

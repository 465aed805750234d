"""One-time form tokens: a form posted twice (a double click on a slow line, a reload of
the POST) does its work once, and the second post is sent where the first one led.

A form that creates something with no natural key (a council note, a meeting, an evidence
upload, a resident's suggestion, a new dossier) carries a hidden field ``once`` with a random
token, issued when the form is rendered (``{% once_field %}``, emulation.templatetags.thidua)
and stored nowhere until it is used (a page carrying one is never stored by the page cache). The view wraps its write in :func:`claim`, inside the
same transaction:

    with transaction.atomic():
        first = once.claim(request)
        if first is not None:
            return redirect(first)           # a replay: the first result, nothing written
        ...the write...
        once.record(request, url)            # where the first post leads

``claim`` inserts the token's row: the unique index makes a concurrent second post wait for
the first transaction, then see the row (replay) or, if the first rolled back, take its place.
A refused post (a form error) rolls back with its transaction, so the corrected form, same
token, is still fresh. A post without a (well-formed) token is processed as before: tokens
protect browsers, scripts and tests may omit them.

The key is the scope, the user ("anon" for residents) and the token: a signed-in user cannot
pre-empt another's token; a resident who guessed another's 32 random characters could at
most make that resident's second post say "thank you" without being stored twice. Rows older than ``KEEP_DAYS`` are
deleted by :func:`forget_old` (called on each claim, at most once an hour per worker).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from emulation.models import FormSubmission

FIELD = "once"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
KEEP_DAYS = 2
_last_cleanup = {"at": 0.0}


def new_token() -> str:
    """A fresh token for one rendering of a form (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def _key(request: HttpRequest, scope: str) -> str | None:
    token = request.POST.get(FIELD, "")
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    user = getattr(request, "user", None)
    who = str(user.pk) if user is not None and user.is_authenticated else "anon"
    return f"{scope}:{who}:{token}"[:120]


def claim(request: HttpRequest, scope: str) -> str | None:
    """Use the posted token of ``scope`` (e.g. "note"); call inside ``transaction.atomic``.

    Returns None when the post is to be processed (fresh token, or none), or the address the
    first post of this form led to (a replay: do nothing, redirect there)."""
    key = _key(request, scope)
    if key is None:
        return None
    _forget_old()
    try:
        with transaction.atomic():
            FormSubmission.objects.create(key=key)
    except IntegrityError:
        first = FormSubmission.objects.filter(key=key).values_list("result_url", flat=True)
        return first.first() or "/"
    request._once_key = key  # type: ignore[attr-defined]
    return None


def record(request: HttpRequest, result_url: str) -> None:
    """Remember where this (first) post led; a no-op when it carried no token."""
    key = getattr(request, "_once_key", None)
    if key is not None:
        FormSubmission.objects.filter(key=key).update(result_url=result_url[:500])


def _forget_old() -> None:
    now = time.monotonic()
    if now - _last_cleanup["at"] < 3600:
        return
    _last_cleanup["at"] = now
    FormSubmission.objects.filter(
        used_at__lt=timezone.now() - dt.timedelta(days=KEEP_DAYS)
    ).delete()

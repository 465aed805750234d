"""The ceiling of this stack: a Django view through every middleware, no query, no template,
returning a page of the requested size (``?bytes=N``)."""

from django.http import HttpRequest, HttpResponse

_HEAD = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>bench</title>'
    "</head><body><main>"
)
_TAIL = "</main></body></html>"


def bare(request: HttpRequest) -> HttpResponse:
    try:
        size = max(0, min(int(request.GET.get("bytes", "20000")), 2_000_000))
    except ValueError:
        size = 20000
    filler = "Thi đua khen thưởng. " * (size // 20 + 1)
    body = (_HEAD + filler)[: max(size - len(_TAIL), 0)] + _TAIL
    return HttpResponse(body)

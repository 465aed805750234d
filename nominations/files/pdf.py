"""PDF rendering with WeasyPrint. Fonts are shipped in static/fonts (Liberation Serif, metrics
of Times New Roman) and loaded with @font-face, so output is identical on every machine.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import escape_uri_path

from emulation.text import printable


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    context = {**context, "font_dir": (Path(settings.BASE_DIR) / "static" / "fonts").as_uri()}
    # Text stored before the input rule may hold controls (a vertical tab from Word): drawn
    # as empty boxes by every font, and they break the PDF's text layer.
    html = printable(render_to_string(template_name, context))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_document(template_name: str, context: dict) -> bytes:
    """An official document (decision, certificate, minutes): Vietnamese whatever the
    interface language of the user who prints it."""
    with translation.override("vi"):
        return render_pdf(template_name, context)


def pdf_response(pdf: bytes, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{escape_uri_path(filename)}"
    return response

"""The Atom feed sends ward-written text as plain text (issue #14): markup in a summary
reaches a feed reader as the characters typed, never as HTML."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree
from django.urls import reverse

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_summaries_are_plain_text(client, make_exemplar):
    summary = 'Giúp <b>hàng xóm</b> & <a href="http://x.invalid">bấm</a> <script>alert(1)</script>'
    make_exemplar("Ngô Thanh Thủy", public_summary=summary)
    body = client.get(reverse("exemplar-feed")).content
    entry = ElementTree.fromstring(body).find(f"{ATOM}entry")
    node = entry.find(f"{ATOM}summary")
    assert node.get("type") == "text"
    assert node.text == summary  # the reader shows these characters, it renders nothing
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    assert b'type="html"' not in body

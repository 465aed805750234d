"""The Nu Html Checker (vnu-jar from npm, run with the machine's Java) finds no error on the
public pages. The jar is committed under tests/public/vendor/ (see README there)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

VNU = Path(__file__).parent / "vendor" / "vnu.jar"


def run_vnu(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java, "Java 17 is needed for the Nu Html Checker (apt-get install default-jre)"
    assert VNU.exists(), f"{VNU} is missing: npm pack vnu-jar, copy build/dist/vnu.jar there"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]


def test_public_pages_are_valid_html(client, public_site, tmp_path, ward, officer):
    from tests.public.test_suggestion_inbox import make_suggestion

    pages = dict(public_site)
    # The suggestion form with errors, and the officer's inbox and detail pages.
    invalid = client.post(reverse("suggest"), {"nominee_name": "", "deeds": "ngắn"})
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    files.append(tmp_path / "suggest-errors.html")
    files[-1].write_bytes(invalid.content)
    suggestion = make_suggestion(ward)
    client.force_login(officer)
    for name, url in [
        ("inbox", reverse("suggestion-inbox")),
        ("inbox-detail", reverse("suggestion-detail", kwargs={"pk": suggestion.pk})),
    ]:
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(client.get(url).content)
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in run_vnu(files)
        if m.get("type") == "error"
    ]
    assert errors == []


def test_the_checker_does_report_errors(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="vi"><head><title>x</title></head>'
        '<body><div id="a"></div><div id="a"></div></body></html>'
    )
    assert [m["message"] for m in run_vnu([bad])] == ["Duplicate ID “a”."]

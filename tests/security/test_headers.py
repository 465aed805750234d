"""Security headers and production settings.

In-process requests check the headers the middleware stack sends; a subprocess with a
production environment (no DEBUG, only SECRET_KEY and ALLOWED_HOSTS) checks the settings and
cookies that the test runner relaxes (scripts/test turns the HTTPS-only ones off).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db

HSTS = "max-age=31536000; includeSubDomains; preload"


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url_name", ["login", "home", "health"])
def test_security_headers_on_pages(client, url_name):
    response = client.get(reverse(url_name), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == HSTS
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("url_name", ["login", "home"])
def test_pages_have_no_inline_script_or_style(client, url_name):
    """The strict CSP would block them: catch them here rather than in a browser."""
    html = client.get(reverse(url_name)).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"<style\b", html) == []
    assert re.findall(r"\sstyle=", html) == []
    assert re.findall(r"\son[a-z]+=", html) == []


def test_hsts_is_not_sent_over_plain_http(client):
    """Browsers ignore it there; the proxy redirects to HTTPS in production."""
    assert "Strict-Transport-Security" not in client.get(reverse("login"))


PRODUCTION_PROBE = """
import json, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'emulation.settings'
import django
django.setup()
from django.conf import settings as s
from django.core.management import call_command
from django.test import Client
call_command('migrate', verbosity=0)
client = Client()
https = client.get('/tai-khoan/dang-nhap/', secure=True, HTTP_HOST='thidua.example.vn')
plain = client.get('/tai-khoan/dang-nhap/', HTTP_HOST='thidua.example.vn')
cookie = https.cookies['csrftoken']
print(json.dumps({
    'debug': s.DEBUG,
    'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE,
    'session_httponly': s.SESSION_COOKIE_HTTPONLY, 'ssl_redirect': s.SECURE_SSL_REDIRECT,
    'hsts': s.SECURE_HSTS_SECONDS, 'validators': len(s.AUTH_PASSWORD_VALIDATORS),
    'axes_limit': s.AXES_FAILURE_LIMIT, 'axes_cooloff': s.AXES_COOLOFF_TIME,
    'axes_params': s.AXES_LOCKOUT_PARAMETERS,
    'https_status': https.status_code,
    'hsts_header': https.headers.get('Strict-Transport-Security'),
    'csp': https.headers.get('Content-Security-Policy'),
    'csrf_cookie_secure': bool(cookie['secure']),
    'plain_status': plain.status_code, 'plain_location': plain.headers.get('Location'),
}))
"""


def test_production_settings_and_cookies(tmp_path):
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(
        {
            "SECRET_KEY": "p" * 20 + "Zq9#xP2!" * 6,
            "ALLOWED_HOSTS": "thidua.example.vn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "STATIC_ROOT": str(ROOT / "var" / "test-static"),
            "SIMPLE_STATIC": "true",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    csp = found.pop("csp")
    assert found == {
        "debug": False,
        "session_secure": True,
        "csrf_secure": True,
        "session_httponly": True,
        "ssl_redirect": True,
        "hsts": 31_536_000,
        "validators": 4,
        "axes_limit": 10,
        "axes_cooloff": 1,
        "axes_params": ["username"],
        "https_status": 200,
        "hsts_header": HSTS,
        "csrf_cookie_secure": True,
        "plain_status": 301,
        "plain_location": "https://thidua.example.vn/tai-khoan/dang-nhap/",
    }
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp

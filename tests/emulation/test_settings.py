"""The settings module, run in a fresh interpreter so the environment is what we set."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_DB = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='emulation.settings';"
    "django.setup(); from django.conf import settings as s;"
    "d=s.DATABASES['default'];"
    "print(d['ENGINE'], d['NAME'], d.get('HOST',''), s.DEBUG, sep='|')"
)


def _run(env_overrides: dict[str, str], code: str = PRINT_DB) -> subprocess.CompletedProcess:
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run({})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_database_url_is_honoured():
    result = _run(
        {
            "SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://thidua:pw@db.example.vn:5433/thidua_prod",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("|") == [
        "django.db.backends.postgresql",
        "thidua_prod",
        "db.example.vn",
        "False",
    ]


def test_without_database_url_falls_back_to_sqlite():
    result = _run({"DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    engine, name, _host, debug = result.stdout.strip().split("|")
    assert engine == "django.db.backends.sqlite3"
    assert name.endswith("var/db.sqlite3")
    assert debug == "True"


def test_production_cookies_are_secure():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='emulation.settings';"
        "django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS)"
    )
    result = _run({"SECRET_KEY": "x" * 50}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "31536000"]


def test_check_deploy_is_clean():
    env = {"SECRET_KEY": "k" * 20 + "Zq9#xP2!" * 6, "ALLOWED_HOSTS": "thidua.example.vn"}
    code = (
        "import os, sys; os.environ['DJANGO_SETTINGS_MODULE']='emulation.settings';"
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level',"
        " 'WARNING'])"
    )
    result = _run(env, code)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_demo_runs_as_production_with_its_photos_served():
    """scripts/demo's environment: DEBUG off, yet the public photos answer (no nginx in front),
    a refused page is the site's own 404, and the two-factor key hint stays for the demo."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='emulation.settings';"
        "django.setup(); from django.conf import settings as s; from django.urls import resolve;"
        "from django.test import Client;"
        "print(s.DEBUG, s.DEMO, s.SECURE_SSL_REDIRECT, resolve('/media/photos/a.jpg').func.__name__,"
        " sep='|')"
    )
    demo = {
        "DEBUG": "false",
        "DEMO": "true",
        "SECRET_KEY": "d" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
    }
    result = _run(demo, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False|True|False|serve"
    # Production (no DEMO): uploaded photos are the web server's job, not Django's.
    production = _run(
        {"SECRET_KEY": "p" * 50}, code.replace("resolve('/media/photos/a.jpg').func.__name__", "''")
    )
    assert production.stdout.strip() == "False|False|True|"
    script = (ROOT / "scripts" / "demo").read_text()
    assert "export DEBUG=false DEMO=true" in script and "--debug) DEV=true" in script

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

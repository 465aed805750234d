"""Settings for benchmarks only: the production settings plus the bench-only URLs.

Used by bench/run.py through DJANGO_SETTINGS_MODULE=bench.settings and BENCH_VIEWS=1. The
production settings module (emulation.settings) never routes to the bench views.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from emulation.settings import *  # noqa: F403

if os.environ.get("BENCH_VIEWS") != "1":
    raise ImproperlyConfigured("bench.settings is for benchmarks: set BENCH_VIEWS=1.")

ROOT_URLCONF = "bench.urls"

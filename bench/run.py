"""One command, one table: the pages under load, side by side at several data sizes.

    .venv/bin/python bench/run.py --db thidua_e_20k --db thidua_e_200k [--duration 10]
        [--connections 32] [--mixed 60] [--mixed-connections 64]

For each database (made with ``manage.py seed_bulk``): prepares bench accounts and sessions,
counts the queries of each page in-process, starts gunicorn (one worker per core,
production settings plus the bench-only URL, ``bench.settings``) on loopback, runs ``wrk``
bounded in time against each page, stops gunicorn, and prints a Markdown table: requests per
second, p50/p95/p99, queries per request, and each page's throughput as a ratio to the bare
Django view (same size, no query) and to the Django admin changelist with a search.
``--mixed N`` adds an N-second mixed public + staff run at 64 connections with the count of
responses by status class and the workers' RSS before and after.

Page cache (emulation/page_cache.py): served as deployed, i.e. with the cache on, while a
background writer bumps the generation ``--writes-per-second`` times a second (default 1: a
write somewhere in the district every second, far more than an office makes), so every worker
re-renders every page that often. ``--no-page-cache`` turns the cache off to measure rendering
alone. "queries/request" counts a rendering (a miss); "render ms" is one rendering alone,
in-process; "hit ms" one request served from the cache.

Needs: PostgreSQL, ``wrk`` (apt-get install -y wrk). Not used by CI.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LUA = str(ROOT / "bench" / "report.lua")
VAR = ROOT / "var"

# name, url name (or a literal path), who asks, how the parameters are found.
PAGES = [
    ("Bare Django view (same size)", "bench-bare", "anonymous"),
    ("Gallery, first page", "gallery", "anonymous"),
    ("Gallery, filtered (ward + year)", "gallery-filtered", "anonymous"),
    ("Gallery, search “nguyen thi huong”", "gallery-search", "anonymous"),
    ("Exemplar page", "exemplar", "anonymous"),
    ("Home page", "home", "anonymous"),
    ("Secretary: review queue", "review-queue", "secretary"),
    ("Ward officer: nomination list", "nomination-list", "officer"),
    ("Django admin changelist, search", "admin-search", "admin"),
]

# The two references are measured alone, never in the mixed load of our own pages.
REFERENCES = ("bench-bare", "admin-search")


def env_for(db: str, port: int, page_cache: bool = True) -> dict[str, str]:
    env = dict(os.environ)
    if not page_cache:
        env.update({"PUBLIC_PAGE_CACHE_SECONDS": "0", "STAFF_PAGE_CACHE_SECONDS": "0"})
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_VIEWS": "1",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}",
            "STATIC_ROOT": env.get("BENCH_STATIC_ROOT", str(VAR / "bench-static")),
            "MEDIA_ROOT": env.get("BENCH_MEDIA_ROOT", str(VAR / "bench-media")),
            "PRIVATE_MEDIA_ROOT": env.get("BENCH_PRIVATE_ROOT", str(VAR / "bench-private")),
            "CONN_MAX_AGE": "600",
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


# --------------------------------------------------------------------------- Django side


def prepare() -> None:
    """Runs inside Django (``run.py --prepare``): accounts, sessions, paths, query counts."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django.utils.module_loading import import_string

    from emulation import page_cache
    from emulation.models import User, Ward
    from nominations.models import Nomination

    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    biggest = Ward.objects.annotate(n=Count("nominations")).order_by("-n", "pk").first()
    users = {
        "secretary": dict(username="bench_thuky", role="secretary"),
        "officer": dict(username="bench_canbo", role="ward_officer", ward=biggest),
        "admin": dict(username="bench_quantri", role="admin", is_staff=True, is_superuser=True),
    }
    cookies, accounts = {"anonymous": ""}, {}
    for who, fields in users.items():
        username = fields.pop("username")
        user, _ = User.objects.update_or_create(username=username, defaults=fields)
        accounts[who] = user
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        # A browser sends the CSRF cookie its first page set; the staff page cache needs it.
        csrf = _get_new_csrf_string()
        cookies[who] = (
            f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}"
        )

    public = (
        Nomination.objects.filter(state="awarded", consent_public=True)
        .select_related("nominee")
        .order_by("-awarded_on", "-pk")
    )
    exemplar = public.first()
    year = exemplar.awarded_on.year

    def path_for(key: str) -> str | None:
        try:
            if key == "gallery-filtered":
                return reverse("gallery") + f"?phuong={exemplar.ward.slug}&nam={year}"
            if key == "gallery-search":
                return reverse("gallery") + "?q=nguyen+thi+huong"
            if key == "exemplar":
                from nominations.public.services import exemplar_url

                return exemplar_url(exemplar)
            if key == "admin-search":
                return reverse("admin:nominations_nomination_changelist") + "?q=nguyen+thi+huong"
            if key == "bench-bare":
                return reverse("bench-bare")
            return reverse(key)
        except (NoReverseMatch, ImportError):
            return None

    client = Client(HTTP_HOST="127.0.0.1")
    pages = []
    gallery_bytes = None
    for name, key, who in PAGES:
        path = path_for(key)
        if path is None:
            pages.append(dict(name=name, key=key, who=who, path=None))
            continue
        if key == "bench-bare":
            path += "?bytes={GALLERY_BYTES}"
        client.logout()
        client.cookies.clear()
        if who != "anonymous":
            client.force_login(accounts[who], backend="django.contrib.auth.backends.ModelBackend")
            client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
        probe = path.replace("{GALLERY_BYTES}", "20000")
        client.get(probe)  # warm caches (content types, templates)
        cache.clear()
        # Count the worst case: a rendering that also reads the page-cache generation (a
        # worker re-reads it at most once a second, so otherwise the count depends on timing).
        page_cache._seen.update(value=None, at=0.0)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(probe)
        query_count = len(queries)  # now: a later reconnection may clear the log
        size = len(response.content)

        def median_ms(clear: bool, probe: str = probe) -> float:
            timings = []
            for _ in range(15):  # service time of one request alone, in this process
                if clear:
                    cache.clear()
                started = time.perf_counter()
                client.get(probe)
                timings.append((time.perf_counter() - started) * 1000)
            return sorted(timings)[len(timings) // 2]

        render_ms = median_ms(clear=True)
        client.get(probe)
        hit_ms = median_ms(clear=False)
        if key == "gallery":
            gallery_bytes = size
        pages.append(
            dict(
                name=name,
                key=key,
                who=who,
                path=path,
                status=response.status_code,
                queries=query_count,
                bytes=size,
                cookie=cookies[who],
                alone_ms=round(render_ms, 1),
                hit_ms=round(hit_ms, 2),
            )
        )
    for page in pages:
        if page["path"] and "{GALLERY_BYTES}" in page["path"]:
            page["path"] = page["path"].replace("{GALLERY_BYTES}", str(gallery_bytes or 20000))
            page["bytes"] = gallery_bytes or 20000
    print("JSON " + json.dumps({"pages": pages, "nominations": Nomination.objects.count()}))


# --------------------------------------------------------------------------- orchestration


def _json_line(text: str) -> dict:
    for line in text.splitlines():
        if line.startswith("JSON "):
            return json.loads(line[5:])
    raise RuntimeError(text[-3000:])


def _wait_ready(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/suc-khoe/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer")


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            GUNICORN,
            "emulation.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(VAR / "bench-gunicorn.log").open("a"),
        start_new_session=True,
    )
    _wait_ready(port)
    return proc


def stop_gunicorn(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def worker_rss_kb(proc: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    rss = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss.append(int(line.split()[1]))
    return rss


def check_status(port: int, page: dict) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{page['path']}")
    if page["cookie"]:
        request.add_header("Cookie", page["cookie"])

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def wrk(
    port: int, path: str, cookie: str, duration: int, connections: int, paths_file: str = ""
) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", LUA]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    env = dict(os.environ, PATHS_FILE=paths_file)
    out = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        env=env,
        timeout=duration + 60,
    )
    result = _json_line(out.stdout)
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


class Writer(threading.Thread):
    """Bumps the page-cache generation N times a second, as writes by staff would."""

    def __init__(self, db: str, per_second: float) -> None:
        super().__init__(daemon=True)
        self.db, self.per_second, self.stop, self.count = db, per_second, threading.Event(), 0

    def run(self) -> None:
        import psycopg2

        if self.per_second <= 0:
            return
        conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=self.db)
        conn.autocommit = True
        with conn.cursor() as cursor:
            while not self.stop.wait(1 / self.per_second):
                cursor.execute("SELECT nextval('thidua_page_generation')")
                self.count += 1
        conn.close()


def bench_database(db: str, args) -> dict:
    env = env_for(db, args.port, page_cache=not args.no_page_cache)
    out = subprocess.run(
        [PY, __file__, "--prepare"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    prepared = _json_line(out.stdout + out.stderr)
    print(f"# {db}: {prepared['nominations']:,} nominations", file=sys.stderr)
    proc = start_gunicorn(env, args.port, args.workers)
    results = {"db": db, "nominations": prepared["nominations"], "pages": []}
    writer = Writer(db, 0 if args.no_page_cache else args.writes_per_second)
    writer.start()
    try:
        for page in prepared["pages"]:
            if not page["path"]:
                print(f"  - {page['name']}: not built yet", file=sys.stderr)
                results["pages"].append(page)
                continue
            page["http_status"] = check_status(args.port, page)
            wrk(args.port, page["path"], page["cookie"], 2, 4)  # warm-up
            page.update(
                wrk(args.port, page["path"], page["cookie"], args.duration, args.connections)
            )
            print(
                f"  - {page['name']}: {page['rps']:.0f} rps, p95 {page['p95'] / 1000:.0f} ms, "
                f"status {page['http_status']}, {page['queries']} queries",
                file=sys.stderr,
            )
            results["pages"].append(page)
        if args.mixed:
            results["mixed"] = mixed(
                args,
                proc,
                [p for p in prepared["pages"] if p["path"] and p["key"] not in REFERENCES],
            )
    finally:
        writer.stop.set()
        stop_gunicorn(proc)
    results["bumps"] = writer.count
    return results


def mixed(args, proc, pages: list[dict]) -> dict:
    # Weighted: residents dominate (3 public requests for 1 staff request).
    weighted = []
    for page in pages:
        weighted += [page] * (3 if page["who"] == "anonymous" else 1)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(
            "return {\n"
            + "".join(
                f"  {{path={json.dumps(p['path'])}, cookie={json.dumps(p['cookie'])}}},\n"
                for p in weighted
            )
            + "}\n"
        )
        paths_file = handle.name
    wrk(args.port, weighted[0]["path"], "", 5, args.mixed_connections, paths_file)  # warm-up
    before = worker_rss_kb(proc)
    result = wrk(args.port, weighted[0]["path"], "", args.mixed, args.mixed_connections, paths_file)
    after = worker_rss_kb(proc)
    os.unlink(paths_file)
    result.update(
        rss_before_kb=before,
        rss_after_kb=after,
        seconds=args.mixed,
        connections=args.mixed_connections,
    )
    return result


def table(runs: list[dict]) -> str:
    lines = []
    sizes = " / ".join(f"{r['nominations']:,}" for r in runs)
    lines.append(
        f"| page | at {sizes} nominations: req/s | p50 ms | p95 ms | p99 ms "
        "| queries/request | × bare view | × admin changelist | render ms | hit ms |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    keys = [p["key"] for p in runs[0]["pages"]]
    for key in keys:
        cells = {c: [] for c in ("rps", "p50", "p95", "p99", "q", "bare", "admin", "alone", "hit")}
        name = ""
        for run in runs:
            page = next(p for p in run["pages"] if p["key"] == key)
            name = page["name"]
            if "rps" not in page:
                for c in cells:
                    cells[c].append("–")
                continue
            bare = next(p for p in run["pages"] if p["key"] == "bench-bare").get("rps")
            admin = next(p for p in run["pages"] if p["key"] == "admin-search").get("rps")
            cells["rps"].append(f"{page['rps']:.0f}")
            cells["p50"].append(f"{page['p50'] / 1000:.0f}")
            cells["p95"].append(f"{page['p95'] / 1000:.0f}")
            cells["p99"].append(f"{page['p99'] / 1000:.0f}")
            bad = page["s4xx"] + page["s5xx"] + page["s3xx"]
            cells["q"].append(str(page["queries"]) + (f" ({bad} non-2xx!)" if bad else ""))
            cells["bare"].append(f"{page['rps'] / bare:.2f}" if bare else "–")
            cells["admin"].append(f"{page['rps'] / admin:.1f}" if admin else "–")
            cells["alone"].append(f"{page['alone_ms']:.0f}")
            cells["hit"].append(f"{page.get('hit_ms', 0):.1f}")
        lines.append(f"| {name} | " + " | ".join(" / ".join(cells[c]) for c in cells) + " |")
    for run in runs:
        m = run.get("mixed")
        if m:
            lines.append("")
            lines.append(
                f"Mixed load at {run['nominations']:,} nominations, {m['connections']} "
                f"connections, {m['seconds']} s: {m['requests']:,} requests "
                f"({m['rps']:.0f}/s), p95 {m['p95'] / 1000:.0f} ms, p99 {m['p99'] / 1000:.0f} ms;"
                f" 2xx {m['s2xx']:,}, 3xx {m['s3xx']}, 4xx {m['s4xx']}, 5xx {m['s5xx']}, socket "
                f"errors {m['connect'] + m['read'] + m['write'] + m['timeout']}; worker RSS "
                f"before {[r // 1024 for r in m['rss_before_kb']]} MB, after "
                f"{[r // 1024 for r in m['rss_after_kb']]} MB."
            )
    return "\n".join(lines)


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--db",
        action="append",
        default=[],
        help="database name on 127.0.0.1:5432 (repeat for several sizes)",
    )
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--mixed", type=int, default=0, help="seconds of mixed load (0: none)")
    parser.add_argument("--mixed-connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--port", type=int, default=8191)
    parser.add_argument("--json", help="also write the raw results to this file")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="turn the page cache off (rendering on every request)",
    )
    parser.add_argument(
        "--writes-per-second",
        type=float,
        default=1.0,
        help="page-cache generation bumps per second during the run",
    )
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    if not args.db:
        sys.exit("give at least one --db (made with manage.py seed_bulk)")
    VAR.mkdir(exist_ok=True)
    collectstatic(env_for(args.db[0], args.port))
    runs = [bench_database(db, args) for db in args.db]
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=1, ensure_ascii=False))
    load = os.getloadavg()
    print(
        f"\n{os.cpu_count()} cores, gunicorn {args.workers} workers (sync), wrk 2 threads, "
        f"{args.connections} connections, {args.duration} s per page, loopback; page cache "
        f"{'off' if args.no_page_cache else f'on, {args.writes_per_second:g} write/s'}; "
        f"load average "
        f"at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min).\n"
    )
    print(table(runs))


if __name__ == "__main__":
    main()

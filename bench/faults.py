"""PostgreSQL restarted in the middle of load. Not in CI: needs root (to run a
throwaway PostgreSQL cluster as the postgres user) and ``wrk``.

    .venv/bin/python bench/faults.py [--nominations 20000] [--seconds 40] [--gap 3]

1. Starts a private PostgreSQL cluster on port 55439 under var/faults-pg (never the shared
   server on 5432), creates a database, migrates, ``seed_bulk``.
2. Starts gunicorn (one worker per core, production settings) against it.
3. Runs ``wrk`` on a mix of public pages and, at the same time, a writer process that files
   and submits nominations through ``nominations.workflow`` in a loop.
4. After a third of the run: ``pg_ctl stop -m fast``, waits ``--gap`` seconds, starts it again.
5. Prints: responses by status (the gap's failures must all be the friendly 503 page), the
   writer's successes and refusals, requests after the restart (all 200, no app restart), and
   the integrity checks: every nomination the writer reported as created exists, none it did
   not report exists, each state matches its last Transition, ``version`` = 1 + moves.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.run import LUA, PY, _json_line, start_gunicorn, stop_gunicorn  # noqa: E402

PG_BIN = (
    Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1])
    if Path("/usr/lib/postgresql").exists()
    else None
)
PORT_PG = 55439
PORT_APP = 8193
DATA = ROOT / "var" / "faults-pg"
DB = "thidua_faults"
WRITER_PREFIX = "Ghi Thử Lỗi"


def as_postgres(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *cmd],
        capture_output=True,
        text=True,
        timeout=120,
    )


def pg_ctl(action: str, *extra: str) -> None:
    result = as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(DATA / "data"), "-w", action, *extra)
    if result.returncode != 0 and action != "stop":
        raise RuntimeError(result.stdout + result.stderr)


def start_cluster() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    shutil.chown(DATA, "postgres", "postgres")
    if not (DATA / "data" / "PG_VERSION").exists():
        result = as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(DATA / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
    pg_ctl(
        "start",
        "-l",
        str(DATA / "log"),
        "-o",
        f"-p {PORT_PG} -k {DATA} -c listen_addresses=127.0.0.1",
    )


def app_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "emulation.settings",
            "DEBUG": "false",
            "SECRET_KEY": "faults-only-secret-key-" + "y" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PORT_PG}/{DB}",
            "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
            "MEDIA_ROOT": str(ROOT / "var" / "faults-media"),
            "PRIVATE_MEDIA_ROOT": str(ROOT / "var" / "faults-private"),
            "CONN_MAX_AGE": "600",
            "LOG_LEVEL": "CRITICAL",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def manage(env, *args: str) -> str:
    out = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stdout[-2000:] + out.stderr[-3000:])
    return out.stdout


# --------------------------------------------------------------------------- Django side


def writer(seconds: float) -> None:
    """Runs inside Django (``faults.py --writer N``): file + submit nominations in a loop."""
    import django

    django.setup()
    from django.db import InterfaceError, OperationalError, close_old_connections, transaction
    from django.utils import timezone

    from campaigns.models import Campaign
    from emulation.models import User, Ward
    from nominations import workflow
    from nominations.models import Nomination, Nominee

    ward = Ward.objects.order_by("pk").first()
    officer, _ = User.objects.update_or_create(
        username="faults_canbo", defaults=dict(role="ward_officer", ward=ward)
    )
    today = timezone.localdate()
    campaign = next(
        c
        for c in Campaign.objects.filter(status="open").order_by("pk")
        if c.accepts_nominations(today)
    )
    kind = next(
        k for k in campaign.award_kinds.all() if k.fits("individual") and not k.requires_initiative
    )
    created, submitted, refused, failures = [], [], 0, 0
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        i += 1
        try:
            with transaction.atomic():
                nominee = Nominee.objects.create(
                    ward=ward,
                    kind="individual",
                    full_name=f"{WRITER_PREFIX} {os.getpid()} {i}",
                    gender="female",
                    birth_year=1980,
                    position="Tình nguyện viên",
                )
                nom = Nomination(
                    ward=ward,
                    campaign=campaign,
                    nominee=nominee,
                    award_kind=kind,
                    field="charity",
                    public_summary="Giúp đỡ người nghèo.",
                    achievement_report="Báo cáo.",
                    created_by=officer,
                )
                nom.refresh_search_text()
                nom.save()
            created.append(nom.pk)
            workflow.submit(nom, officer)
            submitted.append(nom.pk)
        except (OperationalError, InterfaceError):
            failures += 1
            close_old_connections()  # what Django does between two requests
            time.sleep(0.2)
        except workflow.WorkflowError:
            refused += 1
    print(
        "JSON "
        + json.dumps(
            {
                "created": created,
                "submitted": submitted,
                "db_failures": failures,
                "refused": refused,
            }
        )
    )


def integrity(report: dict) -> None:
    """Runs inside Django (``faults.py --check FILE``)."""
    import django

    django.setup()
    from nominations.models import Nomination

    created, submitted = set(report["created"]), set(report["submitted"])
    rows = list(
        Nomination.objects.filter(nominee__full_name__startswith=WRITER_PREFIX).prefetch_related(
            "transitions"
        )
    )
    found = {n.pk for n in rows}
    problems = []
    if found != created:
        problems.append(
            f"rows without a reported creation: {sorted(found - created)[:5]}, "
            f"reported but missing: {sorted(created - found)[:5]}"
        )
    for n in rows:
        moves = list(n.transitions.all())
        last = moves[-1].to_state if moves else "draft"
        if n.state != last or n.version != 1 + len(moves):
            problems.append(
                f"nomination {n.pk}: state {n.state}, last move {last}, "
                f"version {n.version}, {len(moves)} moves"
            )
    unreported = {n.pk for n in rows if n.state == "submitted"} - submitted
    print(
        "JSON "
        + json.dumps(
            {
                "rows": len(rows),
                "submitted_rows": sum(n.state == "submitted" for n in rows),
                "drafts": sum(n.state == "draft" for n in rows),
                "problems": problems[:20],
                "submitted_but_unreported": sorted(unreported),
            }
        )
    )


# --------------------------------------------------------------------------- orchestration

FRIENDLY = "Hệ thống tạm thời gián đoạn"


def status_of(url: str) -> int:
    """The status; a 503 without the friendly page counts as 599, no answer as 0."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as err:
        if err.code == 503:
            body = err.read().decode("utf-8", "replace")
            return 503 if FRIENDLY in body and err.headers.get("Retry-After") else 599
        return err.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description="PostgreSQL restart under load")
    parser.add_argument("--writer", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--check", help=argparse.SUPPRESS)
    parser.add_argument("--nominations", type=int, default=20000)
    parser.add_argument("--seconds", type=int, default=40)
    parser.add_argument("--gap", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    if args.writer:
        writer(args.writer)
        return
    if args.check:
        integrity(json.loads(Path(args.check).read_text()))
        return
    if os.geteuid() != 0 or PG_BIN is None or not shutil.which("wrk"):
        sys.exit("needs root, PostgreSQL server binaries and wrk")
    env = app_env()
    start_cluster()
    try:
        exists = (
            subprocess.run(
                [
                    "psql",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(PORT_PG),
                    "-U",
                    "postgres",
                    "-Atc",
                    f"SELECT 1 FROM pg_database WHERE datname='{DB}'",
                ],
                capture_output=True,
                text=True,
            ).stdout.strip()
            == "1"
        )
        if args.reseed or not exists:
            subprocess.run(
                [
                    "psql",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(PORT_PG),
                    "-U",
                    "postgres",
                    "-qc",
                    f"DROP DATABASE IF EXISTS {DB}",
                    "-c",
                    f"CREATE DATABASE {DB}",
                ],
                check=True,
            )
            manage(env, "migrate", "-v0")
            print(
                manage(
                    env,
                    "seed_bulk",
                    "--nominations",
                    str(args.nominations),
                    "--wards",
                    "126",
                    "--awarded",
                    str(args.nominations * 3 // 10),
                ).splitlines()[-1]
            )
        manage(env, "collectstatic", "--noinput", "-v0")
        run(args, env)
    finally:
        pg_ctl("stop", "-m", "fast")


def run(args, env) -> None:
    proc = start_gunicorn(env, PORT_APP, os.cpu_count() or 1)
    base = f"http://127.0.0.1:{PORT_APP}"
    paths = ["/", "/guong-sang/", "/guong-sang/?q=nguyen+van", "/phong-trao/", "/suc-khoe/"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(
            "return {\n" + "".join(f'  {{path="{p}", cookie=""}},\n' for p in paths) + "}\n"
        )
        paths_file = handle.name
    timeline = []
    try:
        wrk = subprocess.Popen(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.seconds}s",
                "--timeout",
                "10s",
                "-s",
                LUA,
                base + "/",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PATHS_FILE=paths_file),
        )
        writer_proc = subprocess.Popen(
            [PY, __file__, "--writer", str(args.seconds - 2)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        sampler_stop = threading.Event()

        def sample():
            while not sampler_stop.is_set():
                timeline.append((round(time.monotonic() - t0, 1), status_of(base + "/guong-sang/")))
                time.sleep(0.25)

        t0 = time.monotonic()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        time.sleep(args.seconds / 3)
        stopped_at = time.monotonic() - t0
        pg_ctl("stop", "-m", "fast")
        time.sleep(args.gap)
        pg_ctl(
            "start",
            "-l",
            str(DATA / "log"),
            "-o",
            f"-p {PORT_PG} -k {DATA} -c listen_addresses=127.0.0.1",
        )
        started_at = time.monotonic() - t0
        out, err = wrk.communicate(timeout=args.seconds + 60)
        load = _json_line(out)
        w_out, w_err = writer_proc.communicate(timeout=120)
        written = _json_line(w_out + w_err)
        sampler_stop.set()
        sampler.join()
        after = [status_of(base + p) for p in paths for _ in range(3)]
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(written, handle)
            report_file = handle.name
        check = subprocess.run(
            [PY, __file__, "--check", report_file],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        checked = _json_line(check.stdout + check.stderr)
    finally:
        stop_gunicorn(proc)
        os.unlink(paths_file)
    bad_sample = [(t, s) for t, s in timeline if s != 200]
    print(
        f"PostgreSQL stop requested at {stopped_at:.1f} s, started again at {started_at:.1f} s "
        f"(gap {args.gap} s), load {args.seconds} s at {args.connections} connections."
    )
    print(
        f"Load: {load['requests']:,} requests; 2xx {load['s2xx']:,}, 3xx {load['s3xx']}, "
        f"4xx {load['s4xx']}, 5xx {load['s5xx']} of which 503 {load['s503']}; socket errors "
        f"{load['connect'] + load['read'] + load['write'] + load['timeout']}."
    )
    print(
        f"Sampler (GET /guong-sang/ every 0.25 s): {len(timeline)} samples, non-200: "
        f"{bad_sample[:3]}{' … ' if len(bad_sample) > 6 else ' '}{bad_sample[-3:]}; "
        f"last non-200 at {bad_sample[-1][0] if bad_sample else '-'} s."
    )
    print(
        f"After the restart, without restarting the app: {after.count(200)}/{len(after)} "
        "requests answered 200."
    )
    print(
        f"Writer: {len(written['created'])} created, {len(written['submitted'])} submitted, "
        f"{written['db_failures']} database errors (rolled back), {written['refused']} "
        "refused by the workflow."
    )
    print(
        f"Integrity: {checked['rows']} writer rows ({checked['submitted_rows']} submitted, "
        f"{checked['drafts']} drafts); problems: {checked['problems'] or 'none'}; submitted "
        f"but unreported: {checked['submitted_but_unreported'] or 'none'}."
    )
    ok = (
        load["s5xx"] == load["s503"]
        and not checked["problems"]
        and after.count(200) == len(after)
        and all(s in (200, 503) for _t, s in timeline)
    )
    print("RESULT:", "OK" if ok else "FAILED")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()

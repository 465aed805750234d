"""Benchmark of the exports and the statistics page (not a test; not run by CI).

    .venv/bin/python bench/export_bench.py [--sizes 20000 200000] [--keep] [--reuse]
        [--statistics-only]

Creates a scratch PostgreSQL database (``thidua_bench_export`` on 127.0.0.1:5432, user
postgres), migrates it, bulk-creates synthetic nominations over ten campaign years (21 wards,
8 campaigns a year, a third of them awarded by an issued decision with money), and for each size
measures, each in a fresh child process so that the peak RSS is the export's own:

- the nomination list export as xlsx and as CSV (the council's whole list, no filter): wall
  time, file size, peak RSS (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) and the RSS of the
  same process before the export (Django loaded);
- the statistics page over ten years (all wards), rendered through the Django test client:
  first and warm render time, number of queries.

Prints a Markdown table; the database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "thidua_bench_export"
PG = "postgres://postgres@127.0.0.1:5432/"
FIRST_YEAR, LAST_YEAR = 2017, 2026


def _django(db: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "emulation.settings",
            "DEBUG": "true",
            "DATABASE_URL": PG + db,
            "ALLOWED_HOSTS": "*",
            "SIMPLE_STATIC": "true",
            "LOG_LEVEL": "ERROR",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _admin(sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(PG + "postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


# --- seeding (child process) -------------------------------------------------------------------


def seed(target: int) -> None:
    """Bring the database to ``target`` nominations (adds only what is missing)."""
    import datetime as dt
    import random
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import transaction

    from campaigns.models import AwardKind, BaseSalary, Campaign
    from emulation.models import Authority, User, Ward
    from emulation.text import fold
    from nominations.models import Award, Decision, Nomination, Nominee
    from nominations.models.nomination import nominee_sort_key

    call_command("migrate", verbosity=0)
    rng = random.Random(target)
    authority, _ = Authority.objects.get_or_create(
        name="Ủy ban nhân dân quận Đống Đa",
        defaults={"short_name": "Quận Đống Đa", "place": "Hà Nội"},
    )
    wards = [
        Ward.objects.get_or_create(name=f"Phường số {i:02d}", defaults={"code": f"B{i:02d}"})[0]
        for i in range(1, 22)
    ]
    BaseSalary.objects.get_or_create(valid_from=dt.date(2016, 1, 1), defaults={"amount": 1_800_000})
    kinds = []
    for order, (name, coef) in enumerate(
        [
            ("Giấy khen", "0.3"),
            ("Lao động tiên tiến", "0.3"),
            ("Chiến sĩ thi đua cơ sở", "1.0"),
            ("Tập thể lao động tiên tiến", "0.8"),
        ]
    ):
        kinds.append(
            AwardKind.objects.get_or_create(
                name=name,
                defaults={
                    "form": "title",
                    "for_individual": True,
                    "for_collective": True,
                    "for_household": True,
                    "coefficient_individual": Decimal(coef),
                    "coefficient_collective": Decimal(coef),
                    "coefficient_household": Decimal(coef),
                    "order": order,
                },
            )[0]
        )
    campaigns, decisions = [], {}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for number in range(8):
            campaign, created = Campaign.objects.get_or_create(
                name=f"Phong trào {number + 1}",
                opens_on=dt.date(year, 1, 10),
                defaults={
                    "launched_by": "UBND quận",
                    "deadline": dt.date(year, 11, 30),
                    "closes_on": dt.date(year, 12, 31),
                    "status": "closed",
                },
            )
            if created:
                campaign.award_kinds.set(kinds)
            campaigns.append(campaign)
        decisions[year] = Decision.objects.get_or_create(
            authority=authority,
            year=year,
            number=100,
            defaults={
                "title": f"Khen thưởng năm {year}",
                "state": "issued",
                "symbol": "QĐ-UBND",
                "decided_on": dt.date(year, 12, 20),
            },
        )[0]
    User.objects.get_or_create(username="bench_secretary", defaults={"role": "secretary"})
    have = Nomination.objects.count()
    given = [
        "An",
        "Bình",
        "Chi",
        "Dũng",
        "Hà",
        "Hương",
        "Khánh",
        "Lan",
        "Minh",
        "Nam",
        "Thảo",
        "Tính",
        "Trang",
        "Vinh",
        "Yến",
    ]
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
    fields = [
        "education",
        "health",
        "charity",
        "security",
        "culture",
        "economy",
        "environment",
        "community",
    ]
    states = [
        "submitted",
        "in_review",
        "recommended",
        "not_recommended",
        "awarded",
        "awarded",
        "awarded",
        "returned",
        "withdrawn",
    ]
    batch = 5000
    while have < target:
        size = min(batch, target - have)
        with transaction.atomic():
            nominees = []
            for index in range(size):
                name = f"{rng.choice(families)} Văn {rng.choice(given)} {have + index}"
                kind = "individual" if index % 5 else "collective"
                nominees.append(
                    Nominee(
                        ward=wards[index % 21],
                        kind=kind,
                        full_name=name,
                        gender=("male" if index % 2 else "female") if kind == "individual" else "",
                        birth_year=1950 + index % 50,
                        position="Tổ trưởng",
                        workplace="Tổ dân phố",
                        name_folded=fold(name),
                        sort_key=nominee_sort_key(name, kind),
                    )
                )
            Nominee.objects.bulk_create(nominees, batch_size=batch)
            nominations = []
            for nominee in nominees:
                campaign = rng.choice(campaigns)
                state = rng.choice(states)
                nominations.append(
                    Nomination(
                        ward=nominee.ward,
                        campaign=campaign,
                        nominee=nominee,
                        award_kind=rng.choice(kinds),
                        field=rng.choice(fields),
                        state=state,
                        public_summary="Thành tích tiêu biểu.",
                        awarded_on=dt.date(campaign.opens_on.year, 12, 20)
                        if state == "awarded"
                        else None,
                        search_text=fold(f"{nominee.full_name} {nominee.ward.name}"),
                    )
                )
            Nomination.objects.bulk_create(nominations, batch_size=batch)
            Award.objects.bulk_create(
                [
                    Award(
                        decision=decisions[n.campaign.opens_on.year],
                        nomination=n,
                        coefficient=Decimal("0.3"),
                        base_salary=1_800_000,
                        amount=540_000,
                    )
                    for n in nominations
                    if n.state == "awarded"
                ],
                batch_size=batch,
            )
        have += size
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does on a live database
    print(json.dumps({"nominations": Nomination.objects.count()}))


# --- measuring (child process) -----------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure_export(fmt: str) -> None:
    from django.http import QueryDict

    from emulation.models import User
    from nominations import permissions
    from nominations.reports import exports
    from nominations.reports.forms import NominationFilterForm

    user = User.objects.get(username="bench_secretary")
    before = _current_rss_mb()
    start = time.perf_counter()
    form = NominationFilterForm(QueryDict(""), user=user)
    assert form.is_valid()
    size = 0
    if fmt == "rows":  # the database and row building alone, nothing written
        for row in exports.nomination_rows(form.apply(permissions.nominations_for(user))):
            size += len(row)
    else:
        response = exports.respond([exports.nomination_list_sheet(user, form)], "bench", fmt)
        for chunk in response.streaming_content:
            size += len(chunk)
        response.close()
    elapsed = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 2),
                "bytes": size,
                "rss_before_mb": round(before, 1),
                "peak_rss_mb": round(_rss_mb(), 1),
            }
        )
    )


def measure_statistics() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from emulation.models import User

    setup_test_environment()  # so that the response carries its template context

    user = User.objects.get(username="bench_secretary")
    client = Client()
    client.force_login(user)
    params = {"year_from": FIRST_YEAR, "year_to": LAST_YEAR}
    times = []
    for _ in range(3):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/bao-cao/", params)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    total = response.context["tables"][0][0].total.nominations
    print(
        json.dumps(
            {
                "first_s": round(times[0], 3),
                "warm_s": round(min(times[1:]), 3),
                "queries": len(queries),
                "nominations_counted": total,
            }
        )
    )


def _child(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if out.returncode:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(out.returncode)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", type=int, default=[20_000, 200_000])
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--statistics-only", action="store_true", help="skip the exports (statistics page only)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the existing database (seed only what is missing)",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        _django(DB)
        command, *rest = options.child
        if command == "seed":
            seed(int(rest[0]))
        elif command == "export":
            measure_export(rest[0])
        elif command == "statistics":
            measure_statistics()
        return 0

    if not options.reuse:
        _admin(f"DROP DATABASE IF EXISTS {DB}")
        _admin(f"CREATE DATABASE {DB}")
    rows = []
    try:
        for size in sorted(options.sizes):
            start = time.perf_counter()
            _child("--child", "seed", str(size))
            seeded = time.perf_counter() - start
            load = os.getloadavg()[0]
            skipped = {"seconds": "-", "bytes": 0, "peak_rss_mb": "-", "rss_before_mb": "-"}
            if options.statistics_only:
                fetch = xlsx = csv = skipped
            else:
                fetch = _child("--child", "export", "rows")
                xlsx = _child("--child", "export", "xlsx")
                csv = _child("--child", "export", "csv")
            stats = _child("--child", "statistics")
            rows.append((size, load, fetch, xlsx, csv, stats))
            print(
                f"{size}: seeded in {seeded:.0f} s; load {load:.1f}; rows only {fetch}; "
                f"xlsx {xlsx}; csv {csv}; stats {stats}",
                file=sys.stderr,
            )
    finally:
        if not options.keep:
            _admin(f"DROP DATABASE IF EXISTS {DB}")
    print(
        "| nominations | load avg | rows read only | xlsx time | xlsx size "
        "| xlsx peak RSS (before) | CSV time | CSV size "
        "| CSV peak RSS (before) | statistics, 10 years: first / warm render, queries |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for size, load, fetch, xlsx, csv, stats in rows:
        print(
            f"| {size:,} | {load:.1f} | {fetch['seconds']} s | "
            f"{xlsx['seconds']} s | {xlsx['bytes'] / 1e6:.1f} MB | "
            f"{xlsx['peak_rss_mb']} MB ({xlsx['rss_before_mb']} MB) | {csv['seconds']} s | "
            f"{csv['bytes'] / 1e6:.1f} MB | {csv['peak_rss_mb']} MB ({csv['rss_before_mb']} MB)"
            f" | {stats['first_s']} s / {stats['warm_s']} s, {stats['queries']} queries |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Backup and restore: scripts/backup of the test database and upload folders, scripts/restore
into a new database and empty folders, then the same rows and the same files."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump must see committed rows


def _url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _counts(cursor) -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - our own table names
        counts[table] = cursor.fetchone()[0]
    return counts


def _checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **env}
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def restored_name():
    name = f"{connection.settings_dict['NAME']}_restored"[:60]
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_backup_then_restore_gives_the_same_rows_and_files(tmp_path, restored_name):
    call_command("seed_bulk", nominations=120, wards=4, years=2, awarded=40, stdout=io.StringIO())
    ward = factories.WardFactory(name="Cát Linh", code="DD01")
    evidence = Path(settings.PRIVATE_MEDIA_ROOT) / "evidence" / "ab" / "bien-ban.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 minh chung cua phuong " + ward.name.encode())
    with connection.cursor() as cursor:
        before = _counts(cursor)
    media_before = _checksums(Path(settings.MEDIA_ROOT))
    private_before = _checksums(Path(settings.PRIVATE_MEDIA_ROOT))
    assert before["nominations_nomination"] == 120
    assert len(media_before) == 36
    assert len(private_before) == 1

    backup = _run(
        "backup",
        str(tmp_path / "backups"),
        DATABASE_URL=_url(connection.settings_dict["NAME"]),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert sorted(p.name for p in folder.iterdir()) == [
        "FILES.sha256",
        "SHA256SUMS",
        "db.dump",
        "media.tar.gz",
        "private.tar.gz",
    ]
    assert len((folder / "FILES.sha256").read_text().splitlines()) == 37

    target_media, target_private = tmp_path / "r-media", tmp_path / "r-private"
    restore = _run(
        "restore",
        str(folder),
        DATABASE_URL=_url(restored_name),
        MEDIA_ROOT=str(target_media),
        PRIVATE_MEDIA_ROOT=str(target_private),
    )
    assert restore.returncode == 0, restore.stderr

    import psycopg2

    db = connection.settings_dict
    restored = psycopg2.connect(
        dbname=restored_name,
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    try:
        with restored.cursor() as cursor:
            after = _counts(cursor)
            cursor.execute("SELECT count(*), sum(amount) FROM nominations_award")
            awards_after = cursor.fetchone()
    finally:
        restored.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), sum(amount) FROM nominations_award")
        awards_before = cursor.fetchone()
    assert after == before
    assert awards_after == awards_before
    assert _checksums(target_media) == media_before
    assert _checksums(target_private) == private_before


def test_restore_refuses_a_damaged_backup_and_a_database_in_use(tmp_path, restored_name):
    url = _url(connection.settings_dict["NAME"])
    backup = _run(
        "backup",
        str(tmp_path / "b"),
        DATABASE_URL=url,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    into_live = _run(
        "restore",
        str(folder),
        DATABASE_URL=url,
        MEDIA_ROOT=str(tmp_path / "m"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "p"),
    )
    assert into_live.returncode == 3
    assert "already has" in into_live.stderr
    with (folder / "db.dump").open("ab") as dump:
        dump.write(b"tampered")
    damaged = _run(
        "restore",
        str(folder),
        DATABASE_URL=_url(restored_name),
        MEDIA_ROOT=str(tmp_path / "m"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "p"),
    )
    assert damaged.returncode != 0
    assert "db.dump: FAILED" in damaged.stdout + damaged.stderr

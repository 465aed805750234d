"""Purge expired personal data (nominations.personal_data.purge_expired); run daily, e.g.
from cron: ``15 2 * * * manage.py purge_personal_data``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nominations import personal_data


class Command(BaseCommand):
    help = "Xóa dữ liệu cá nhân đã hết thời hạn lưu giữ (PERSONAL_DATA_RETENTION_DAYS)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = personal_data.purge_expired()
        self.stdout.write(
            f"dossiers={counts['dossiers']} nominees={counts['nominees']} "
            f"suggestions={counts['suggestions']} days={personal_data.retention_days()}"
        )

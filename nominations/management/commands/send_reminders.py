"""``manage.py send_reminders``: the daily reminders (drafts before a deadline, dossiers past
the processing deadline, votes before a meeting). Run it once a day from cron; a second run
the same day sends nothing again (docs/deployment.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from nominations.management import reminders


class Command(BaseCommand):
    help = "Gửi thông báo nhắc việc trong ngày (chạy mỗi ngày một lần bằng cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        today = timezone.localdate(now)
        drafts = reminders.drafts(today)
        overdue = reminders.overdue(today)
        votes = reminders.votes(now)
        self.stdout.write(f"drafts={drafts} overdue={overdue} votes={votes}")

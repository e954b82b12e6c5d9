"""Write Ofsted's Annex A lists for a period as one xlsx workbook."""

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.returns.annex_a import annex_a_workbook


class Command(BaseCommand):
    help = "Export Ofsted's ILACS Annex A lists 1-7 for a period (--start/--end as YYYY-MM-DD)."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, type=date.fromisoformat)
        parser.add_argument("--end", required=True, type=date.fromisoformat)
        parser.add_argument("--output", required=True, type=Path, help="The xlsx file to write")

    def handle(self, *args, start: date, end: date, output: Path, **options):
        if end < start:
            raise CommandError("--end must be on or after --start")
        started = time.monotonic()
        output.write_bytes(annex_a_workbook(start, end))
        self.stdout.write(f"Annex A {start}–{end}: {time.monotonic() - started:.2f} s → {output}")

"""Write the SSDA903 return for a collection year as CSV files, one per table, into a folder."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.returns.periods import collection_year
from hearth.returns.ssda903 import write_ssda903


class Command(BaseCommand):
    help = "Write every SSDA903 table for a collection year (e.g. 2026-27) as CSV files into --output."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Collection year, e.g. 2026-27")
        parser.add_argument("--output", required=True, type=Path, help="Folder to write the CSV files into")

    def handle(self, *args, year: str, output: Path, **options):
        try:
            period = collection_year(year)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if output.exists() and not output.is_dir():
            raise CommandError(f"{output} is a file: give a folder")
        started = time.perf_counter()
        counts = write_ssda903(period, output)
        took = time.perf_counter() - started
        summary = ", ".join(f"{name} {count}" for name, count in counts.items())
        self.stdout.write(f"SSDA903 {period.label} written to {output} in {took:.1f} s: {summary}")

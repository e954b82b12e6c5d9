"""Load an authority's previous SSDA903 returns (DfE's CSV files) into the record."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.returns.imports.common import ImportFailed
from hearth.returns.imports.ssda903 import import_ssda903


class Command(BaseCommand):
    help = (
        "Import SSDA903 CSV files from a folder (one or more years, oldest loaded first). "
        "Nothing is saved if any file fails; rows a service refuses are listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="Folder holding the CSV files")
        parser.add_argument(
            "--year", help="Collection year, e.g. 2026-27 (default: from the file names or dates)"
        )

    def handle(self, *args, folder: Path, year: str | None, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        try:
            report = import_ssda903(folder, year=year)
        except ImportFailed as failed:
            for problem in failed.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing was imported: {len(failed.problems)} problem(s) in the files"
            ) from failed
        for line in report.lines():
            self.stdout.write(line)

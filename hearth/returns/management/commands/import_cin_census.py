"""Load an authority's previous CIN census return (DfE's XML message) into the record."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.returns.imports.cin_census import import_cin_census
from hearth.returns.imports.common import ImportFailed


class Command(BaseCommand):
    help = (
        "Import a CIN census XML message. Nothing is saved if the file fails; "
        "children a service refuses are listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The census message (XML)")
        parser.add_argument("--year", help="Collection year, e.g. 2026-27 (default: the message's own)")

    def handle(self, *args, file: Path, year: str | None, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file")
        try:
            report = import_cin_census(file, year=year)
        except ValueError as error:
            raise CommandError(str(error)) from error
        except ImportFailed as failed:
            for problem in failed.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing was imported: {len(failed.problems)} problem(s) in {file.name}"
            ) from failed
        for line in report.lines():
            self.stdout.write(line)

"""Write the CIN census message for a collection year, derived from the record as it stands."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from hearth.returns.cin_census import census_children, census_message
from hearth.returns.periods import collection_year


class Command(BaseCommand):
    help = "Export the CIN census XML for a collection year (e.g. --year 2026-27)."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Collection year, such as 2026-27")
        parser.add_argument("--output", required=True, type=Path, help="The XML file to write")

    def handle(self, *args, year: str, output: Path, **options):
        import xml.etree.ElementTree as ET

        try:
            period = collection_year(year)
        except ValueError as error:
            raise CommandError(str(error)) from error
        started = time.monotonic()
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            children = census_children(period)
        message = census_message(period, children)
        ET.indent(message)
        output.write_bytes(ET.tostring(message, encoding="utf-8", xml_declaration=True) + b"\n")
        episodes = sum(len(child.episodes) for child in children)
        self.stdout.write(
            f"CIN census {period.label}: {len(children)} children, {episodes} episodes, "
            f"{len(queries)} queries, {time.monotonic() - started:.2f} s → {output}"
        )

"""Check the CIN census and the SSDA903 Hearth would submit now with DfE's rules, and keep the results.

Run it nightly (see docs/returns.md) so the data-quality page, each child's record and the
workers' worktrays show what to fix; analysts can also run it from the data-quality page.
"""

from django.core.management.base import BaseCommand, CommandError

from hearth.returns.models import ValidationRun
from hearth.returns.periods import collection_year, current_collection_year
from hearth.returns.validation import cin_validation_run, ssda903_validation_run


class Command(BaseCommand):
    help = "Run DfE's CIN census and SSDA903 validation rules on the current returns and store the issues."

    def add_arguments(self, parser):
        parser.add_argument("--year", default=None, help="Collection year (default: the current one)")

    def handle(self, *args, year: str | None, **options):
        try:
            period = collection_year(year) if year else current_collection_year()
        except ValueError as error:
            raise CommandError(str(error)) from error
        failures = []
        for name, validate in (("CIN census", cin_validation_run), ("SSDA903", ssda903_validation_run)):
            run = validate(year=period)
            if run.status == ValidationRun.Status.FAILED:
                failures.append(f"{name}: {run.failure}")
                continue
            took = (run.finished_at - run.started_at).total_seconds()
            self.stdout.write(
                f"{name} {period.label}: {run.children_in_return} children, {run.errors} errors, "
                f"{run.queries} queries, {len(run.crashed_rules)} rules crashed, {took:.1f} s"
            )
        if failures:
            raise CommandError("Validation failed: " + "; ".join(failures))

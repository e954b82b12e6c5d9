"""Work out the worktray's stored clocks again, or check them against the records.

manage.py due_work             # the stale children (what a worktray would do as it is read)
manage.py due_work --rebuild   # every child with an open case, marked or not
manage.py due_work --check     # compare the stored clocks with the records; exit 1 if any differ
"""

from django.core.management.base import BaseCommand, CommandError

from hearth.childinneed.models import Referral
from hearth.childrenincare.models import PeriodOfCare
from hearth.worktray.due_work import due_work_differences, due_work_refresh, due_work_refresh_stale


def open_case_children() -> set[int]:
    """The children clocks can run for: an open referral or an open period of care."""
    children = set(Referral.objects.filter(closure_date__isnull=True).values_list("child_id", flat=True))
    return children | set(
        PeriodOfCare.objects.filter(end_date__isnull=True).values_list("child_id", flat=True)
    )


class Command(BaseCommand):
    help = "Work out the worktray's stored clocks again (the stale ones, or all), or check them."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--rebuild", action="store_true", help="every child with an open case")
        action.add_argument("--check", action="store_true", help="compare with the records")

    def handle(self, *args, rebuild: bool, check: bool, **options):
        if check:
            children = open_case_children()
            differences = due_work_differences(children)
            for side, row in differences[:20]:
                self.stdout.write(f"only in the {side}: {row}")
            if differences:
                raise CommandError(f"{len(differences)} clocks differ from the records")
            self.stdout.write(f"The stored clocks of {len(children)} children match their records.")
            return
        done = due_work_refresh(open_case_children()) if rebuild else due_work_refresh_stale()
        self.stdout.write(f"Worked out the clocks of {done} children.")

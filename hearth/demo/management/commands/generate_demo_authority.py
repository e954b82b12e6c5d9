"""Build a synthetic authority, deterministically from a seed.

A database that already holds the same demo (same scale, seed and generator version) is
reused as it is. One holding an older demo is rebuilt. One holding anything that is not a
demo is left alone and the command stops, so it can never wipe a real record.
"""

import random
import time
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from hearth.accounts.models import User
from hearth.demo.adopters import create_demo_adopters
from hearth.demo.children_in_care import close_episodes_after_care, create_demo_children_in_care
from hearth.demo.health_and_missing import create_demo_health_and_missing
from hearth.demo.journeys import create_demo_journeys
from hearth.demo.legal_orders import create_demo_legal_orders
from hearth.demo.models import DemoRun
from hearth.demo.organisation import create_demo_organisation
from hearth.demo.people import create_demo_people
from hearth.demo.permanence_and_leaving_care import create_demo_permanence_and_leaving_care
from hearth.demo.scales import SCALES
from hearth.demo.staff import create_demo_staff
from hearth.transactions import all_or_nothing
from hearth.worktray.due_work import due_work_refresh_stale

# Bump when the generator changes what it makes, so `make demo` rebuilds an old demo.
GENERATOR_VERSION = 17


class Command(BaseCommand):
    help = "Generate a deterministic synthetic demo authority."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The date the demo treats as today (default: the real date).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, scale: str, seed: int, today: date | None, no_progress: bool, **options):
        today = today or date.today()
        existing = DemoRun.objects.order_by("-pk").first()
        if existing and (existing.scale, existing.seed, existing.generator_version) == (
            scale,
            seed,
            GENERATOR_VERSION,
        ):
            self.stdout.write(f"Reusing the {existing} already in this database.")
            return
        if existing:
            self.stdout.write(f"Replacing the out-of-date {existing}.")
            call_command("flush", interactive=False, verbosity=0)
        elif User.objects.exists():
            raise CommandError(
                "This database already holds records that are not a generated demo; "
                "refusing to add a demo authority to it."
            )

        started = time.monotonic()
        settings = SCALES[scale]
        rng = random.Random(seed)
        steps = [
            ("Staff and roles", lambda: create_demo_staff(rng, settings.staff_per_role)),
            (
                "Organisation",
                lambda: create_demo_organisation(
                    rng, settings.staff_per_role, colleagues_sign_in=settings.colleagues_sign_in
                ),
            ),
            ("People and families", lambda: create_demo_people(rng, settings.families, today)),
            (
                "Children's journeys",
                lambda: create_demo_journeys(
                    rng,
                    settings.years_of_history,
                    today,
                    contacts_per_year=settings.contacts_per_year,
                    flow_years=settings.flow_years,
                ),
            ),
            ("Children in care", lambda: create_demo_children_in_care(rng, settings.years_of_history, today)),
            (
                "Permanence and care leavers",
                lambda: create_demo_permanence_and_leaving_care(rng, settings.families, today),
            ),
            # Care that ended without a permanence order leaves the episode of need to the worker.
            ("Episodes of need after care", lambda: close_episodes_after_care(today)),
            ("Health, education and missing", lambda: create_demo_health_and_missing(rng, today)),
            ("Legal orders and pre-proceedings", lambda: create_demo_legal_orders(rng, today)),
            ("Adopters", lambda: create_demo_adopters(rng, today, min(400, max(2, settings.families // 80)))),
            # Every record above marked its child's clocks stale: work them out now, not on the
            # first worktray a manager opens.
            ("Worktray clocks", due_work_refresh_stale),
        ]
        # Nothing half-made: the whole demo is one transaction, without a savepoint per action.
        with all_or_nothing():
            progress = tqdm(steps, desc="Demo authority", unit="step", disable=no_progress)
            for label, step in progress:
                progress.set_postfix_str(label)
                step()
            DemoRun.objects.create(
                scale=scale,
                seed=seed,
                generator_version=GENERATOR_VERSION,
                reference_date=today,
                seconds_taken=time.monotonic() - started,
            )
        self.stdout.write(self.style.SUCCESS(f"Generated the {scale} demo authority (seed {seed})."))

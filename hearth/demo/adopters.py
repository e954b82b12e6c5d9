"""Demo adopter households, through the adopters and permanence services.

The first households (up to ten) take one stage each, so even a small demo shows every stage:
enquiry, stage 1, between stages, stage 2, awaiting the agency decision, approved and waiting,
matched, placed, adopted, left. Of the rest, about one in six is in assessment or approved and
waiting, one in 25 matched or with children placed, one in seven left, and the others adopted
over the years. A household matched, placed or adopted is linked to one of the demo's own
adoptions when one is free (its journey planned backwards from the child's match, so approval
comes first); otherwise its match, placement and order are its own steps, for children of
another authority. About one household in ten is fast-tracked (previous adopters or foster
carers), and one in four is interested in fostering for adoption. Everything is drawn from
``rng`` and recorded in date order, so the services' rules run on every step.
"""

import random
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.roles import Role
from hearth.adopters.models import Step
from hearth.adopters.services import household_enquiry_record, household_step_record
from hearth.permanence.models import Adoption
from hearth.permanence.services import adoption_household_link

FIRST_F = [
    "Amira",
    "Beth",
    "Chloe",
    "Dina",
    "Erin",
    "Fatima",
    "Grace",
    "Hana",
    "Imani",
    "Jess",
    "Kerry",
    "Lucy",
]
FIRST_M = ["Adam", "Ben", "Callum", "Dev", "Ewan", "Femi", "Gary", "Hamza", "Ian", "Josh", "Kwame", "Liam"]
LAST = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Francis",
    "Green",
    "Hussain",
    "Jones",
    "Kaur",
    "Lewis",
]
ETHNICITIES = ("WBRI", "WBRI", "WBRI", "WBRI", "APKN", "AIND", "BCRB", "BAFR", "MWBC", "WIRI", "CHNE", "OOTH")

# The order of a full journey, and the days from the step before (lowest, highest).
PATH = [
    Step.ENQUIRY,
    Step.STAGE1_STARTED,
    Step.STAGE1_ENDED,
    Step.STAGE2_STARTED,
    Step.APPLICATION,
    Step.STAGE2_ENDED,
    Step.APPROVED,
    Step.MATCHED,
    Step.PLACED,
    Step.ADOPTION_ORDER,
]
GAPS = {
    Step.STAGE1_STARTED: (7, 40),
    Step.STAGE1_ENDED: (40, 75),  # two months is 59-62 days: a few finish late
    Step.STAGE2_STARTED: (3, 60),
    Step.APPLICATION: (0, 0),
    Step.STAGE2_ENDED: (90, 135),  # four months is about 120 days
    Step.APPROVED: (5, 25),
    Step.MATCHED: (30, 300),
    Step.PLACED: (10, 45),
    Step.ADOPTION_ORDER: (90, 300),
}
# The step each stage has just reached, and how long ago (days) it was reached.
REACHED = {
    "enquiry": (Step.ENQUIRY, (1, 30)),
    "stage1": (Step.STAGE1_STARTED, (5, 75)),
    "between_stages": (Step.STAGE1_ENDED, (5, 120)),
    "stage2": (Step.APPLICATION, (10, 140)),
    "awaiting_decision": (Step.STAGE2_ENDED, (1, 20)),
    "approved": (Step.APPROVED, (10, 400)),
    "matched": (Step.MATCHED, (5, 40)),
    "placed": (Step.PLACED, (10, 200)),
    "adopted": (Step.ADOPTION_ORDER, (20, 365 * 8)),
}
EVERY_STAGE = ["stage2", "approved", "stage1", "matched", "placed", "adopted", "left", "enquiry"]
EVERY_STAGE += ["between_stages", "awaiting_decision"]
ACTIVE = ["enquiry", "stage1", "stage1", "between_stages", "stage2", "stage2", "stage2", "awaiting_decision"]
ACTIVE += ["approved"] * 6
SEXES = {"MF": "FM", "FF": "FF", "MM": "MM", "F1": "F", "M1": "M"}


def _path(fast_track: bool, until: str) -> list[str]:
    steps = PATH[: PATH.index(until) + 1]
    if fast_track:
        steps = [step for step in steps if step not in (Step.STAGE1_STARTED, Step.STAGE1_ENDED)]
    return steps


def _schedule(rng: random.Random, steps: list[str], last_on: date) -> list[tuple[str, date]]:
    """Dates for ``steps``, planned backwards from the last one."""
    days = [last_on]
    for step in reversed(steps[1:]):
        days.append(days[-1] - timedelta(days=rng.randint(*GAPS[step])))
    return list(zip(steps, reversed(days), strict=True))


def _adopters(rng: random.Random, sexes: str, enquiry_on: date) -> tuple[str, list[dict]]:
    last = rng.choice(LAST)
    people = []
    for sex in sexes:
        born = enquiry_on - timedelta(days=rng.randint(27 * 365, 50 * 365))
        people.append(
            {
                "first_name": rng.choice(FIRST_F if sex == "F" else FIRST_M),
                "last_name": last,
                "date_of_birth": born,
                "sex": sex,
                "ethnicity": rng.choice(ETHNICITIES),
                "disabilities": [] if rng.random() < 0.1 else ["NONE"] if rng.random() < 0.9 else ["MOB"],
            }
        )
    name = " and ".join(person["first_name"] for person in people) + f" {last}"
    return name, people


def _household(rng: random.Random, by, steps: list[tuple[str, date]], sexes: str, *, fast_track: bool):
    (_, enquiry_on), rest = steps[0], steps[1:]
    name, people = _adopters(rng, sexes, enquiry_on)
    household = household_enquiry_record(
        name=name,
        enquiry_on=enquiry_on,
        adopters=people,
        fostering_for_adoption=rng.random() < 0.25,
        fast_track=fast_track,
        by=by,
    )
    for step, on in rest:
        extra = {"children": 2 if rng.random() < 0.15 else 1} if step == Step.PLACED else {}
        household_step_record(household=household, step=step, on=on, by=by, **extra)
    return household


def _sexes(rng: random.Random) -> str:
    return rng.choice(["FM", "FM", "FM", "FF", "MM", "F", "F", "M"])


def _own_journey(rng: random.Random, by, stage: str, today: date) -> None:
    """A household whose every step is its own (children of another authority, if any)."""
    # Fast track skips stage 1, so a household shown in stage 1 is never fast-tracked.
    fast_track = rng.random() < 0.1 and stage not in ("stage1", "between_stages")
    if stage == "left":
        until = rng.choice(
            [Step.ENQUIRY, Step.STAGE1_STARTED, Step.STAGE1_ENDED, Step.APPLICATION, Step.STAGE2_ENDED]
        )
        steps = _schedule(rng, _path(fast_track, until), today - timedelta(days=rng.randint(40, 365 * 5)))
        household = _household(rng, by, steps, _sexes(rng), fast_track=fast_track)
        reason = "3" if until == Step.STAGE2_ENDED and rng.random() < 0.6 else rng.choice("112")
        left_on = min(today, steps[-1][1] + timedelta(days=rng.randint(5, 35)))
        household_step_record(household=household, step=Step.LEFT, on=left_on, leaving_reason=reason, by=by)
        return
    until, (low, high) = REACHED[stage]
    last_on = today - timedelta(days=rng.randint(low, high))
    _household(rng, by, _schedule(rng, _path(fast_track, until), last_on), _sexes(rng), fast_track=fast_track)


def _linked_journey(rng: random.Random, by, adoption: Adoption) -> None:
    """A household approved before ``adoption``'s match, then named on it."""
    approved_by = adoption.matched_on - timedelta(days=rng.randint(20, 200))
    steps = _schedule(rng, _path(False, Step.APPROVED), approved_by)
    sexes = SEXES.get(adoption.adopter_sex, "FM")
    household = _household(rng, by, steps, sexes, fast_track=False)
    adoption_household_link(adoption=adoption, household=household, by=by)


def _free_adoptions() -> dict[str, list[Adoption]]:
    """The demo's matched adoptions with no household yet, by how far they went."""
    free = Adoption.objects.filter(matched_on__isnull=False, household__isnull=True).filter(
        Q(adopters_are_foster_carers=False) | Q(adopters_are_foster_carers__isnull=True)
    )
    found: dict[str, list[Adoption]] = {"matched": [], "placed": [], "adopted": []}
    for adoption in free.filter(reversed_on__isnull=True).order_by("pk"):
        stage = "adopted" if adoption.adoption_order_on else "placed" if adoption.placed_on else "matched"
        found[stage].append(adoption)
    return found


def create_demo_adopters(rng: random.Random, today: date, households: int) -> int:
    """About ``households`` adopter households at every stage; returns how many were made."""
    today = min(today, timezone.localdate())
    staff = list(User.objects.filter(groups__name=Role.FOSTERING_ADOPTION, is_active=True).order_by("pk"))
    if not staff or households <= 0:
        return 0
    by = staff[0]
    # Draw from a copy of the stream, so adding adopters changes nothing else the demo draws.
    rng, shared = random.Random(), rng
    rng.setstate(shared.getstate())
    free = _free_adoptions()
    stages = EVERY_STAGE[: min(households, len(EVERY_STAGE))]
    for _ in range(households - len(stages)):
        draw = rng.random()
        if draw < 0.18:
            stages.append(rng.choice(ACTIVE))
        elif draw < 0.22:
            stages.append(rng.choice(["matched", "placed"]))
        else:
            stages.append("left" if draw < 0.37 else "adopted")
    for stage in stages:
        if stage in free and free[stage]:
            _linked_journey(rng, by, free[stage].pop(0))
        else:
            _own_journey(rng, by, stage, today)
    return len(stages)

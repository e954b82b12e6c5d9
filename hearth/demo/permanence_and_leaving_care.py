"""Demo permanence and care leavers, through the permanence, leaving-care and care services.

Adoptions are planned backwards from the adoption order: some completed in the current collection
year (from 1 April), some earlier, some still under way, one in five decisions reversed. Other
children leave care on special guardianship orders, child arrangements orders or a planned return
home. Care leavers are young people who were in care from their mid-teens to 18 (a few left at 17,
a few are still in care at 16 or 17), with personal advisers, needs assessments, pathway plans
reviewed (mostly on time), staying put with their foster carers, and the contact around each
birthday in DfE codes. Everything is drawn from the ``rng`` and recorded in date order through the
services, so the rules run on every record. New people are created for these histories so they
never collide with the children-in-care demo's periods.
"""

import random
import zlib
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.roles import Role
from hearth.allocation.services import allocation_end
from hearth.childrenincare.services import period_of_care_end, period_of_care_start
from hearth.demo.children_in_care import allocate_for_care, away_from_home, children_in_care_workers
from hearth.demo.postcodes import real_postcode
from hearth.leavingcare import services as leaving
from hearth.people.models import PersonType
from hearth.people.services import person_create
from hearth.permanence import services as permanence

FIRST = [
    "Ava",
    "Leo",
    "Maya",
    "Noah",
    "Isla",
    "Zain",
    "Ruby",
    "Omar",
    "Lily",
    "Kian",
    "Esme",
    "Tyler",
    "Aisha",
    "Jack",
]
LAST = ["Hughes", "Rahman", "Bennett", "Nowak", "Campbell", "Iqbal", "Turner", "Mensah", "Shaw", "Doyle"]
ADOPTERS = [
    (2, "MF", "L11", "Sam and Alex"),
    (2, "FF", "L12", "Jo and Priya"),
    (2, "MM", "L2", "Dan and Ravi"),
    (2, "MF", "L3", "Chris and Hana"),
    (1, "F1", "L0", "Helen"),
    (1, "M1", "L0", "Marcus"),
]
ACTIVITIES = ["F1", "F2", "F2", "P2", "F4", "F5", "F5", "P5", "G4", "G5", "G5", "G6"]
ACCOMMODATION = ["U1", "U1", "U1", "Z1", "Z1", "E1", "D1", "T1", "B1", "C1", "K1", "U2", "S2", "R1"]


DEMO_ETHNICITIES = ("WBRI", "WBRI", "WBRI", "APKN", "BCRB", "MWBC", "AIND", "BAFR", "WOTH", "OOTH")


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def _placement(rng: random.Random, carer: str) -> dict:
    return {
        "placement_type": rng.choice(["U4", "U6", "U6", "U1"]),
        "provider": "PR1",
        "carer_name": carer,
        "postcode": real_postcode(
            f"B{rng.randint(1, 38)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        ),
        "ofsted_urn": f"SC{rng.randint(100000, 999999)}",
    }


def _child(rng: random.Random, born: date, by):
    first, last = _name(rng)
    return person_create(
        by=by,
        person_type=PersonType.CHILD,
        first_name=first,
        last_name=last,
        date_of_birth=born,
        sex=rng.choice("MF"),
        # Chosen from the name, not the random stream, so the rest of the demo is unchanged.
        ethnicity=DEMO_ETHNICITIES[zlib.crc32(f"{first} {last}".encode()) % len(DEMO_ETHNICITIES)],
        upn_unknown_reason="UN5",  # sourcing the UPN: DfE's rules (442) want a UPN or a reason
    )


def _home_postcode(child) -> str:
    return real_postcode(f"home {child.pk}")


# (worker, team) of the children-in-care teams, set by create_demo_permanence_and_leaving_care.
_CIC_WORKERS: list = []


def _come_into_care(rng: random.Random, child, start: date, by, legal_status: str = "C2"):
    carer = f"{rng.choice(['Pat and Sol', 'Gill', 'Tariq and Nadia', 'Ann'])} {rng.choice(LAST)}"
    if _CIC_WORKERS:
        # Every child looked after has a social worker from the day they come into care (SW12STG2).
        worker, team = _CIC_WORKERS[child.pk % len(_CIC_WORKERS)]
        allocate_for_care(child, team, worker, start)
    home = _home_postcode(child)
    return period_of_care_start(
        child=child,
        start_date=start,
        legal_status=legal_status,
        placement=away_from_home(_placement(rng, carer), home),
        category_of_need=rng.choice(["N1", "N1", "N1", "N4", "N5", "N8"]),
        home_postcode=home,
        by=by,
    )


def _adoption(rng: random.Random, today: date, order_by: date | None, stop_after: str | None, by) -> None:
    """One child's adoption; ``order_by`` is the adoption order date, or None for a case under way."""
    gaps = [
        rng.randint(60, 200),
        rng.randint(20, 90),
        rng.randint(30, 150),
        rng.randint(7, 40),
        rng.randint(75, 220),
    ]
    end = order_by or today - timedelta(days=rng.randint(5, 40))
    steps = ["decision", "authority", "match", "placed", "order"]
    last_index = 4 if order_by else steps.index(stop_after)
    start = end - timedelta(days=sum(gaps[: last_index + 1]))
    born = start - timedelta(days=rng.randint(3, 900))
    child = _child(rng, born, by)
    _come_into_care(rng, child, start, by, legal_status=rng.choice(["C1", "C2", "V2"]))
    day = start
    permanence.permanence_plan_record(
        child=child, plan_type="adoption", agreed_on=start + timedelta(days=gaps[0] // 2), by=by
    )
    day += timedelta(days=gaps[0])
    adoption = permanence.adoption_decision_record(child=child, decided_on=day, by=by)
    if last_index == 0:
        return
    day += timedelta(days=gaps[1])
    kind = "consent" if rng.random() < 0.15 else "order"
    permanence.adoption_authority_record(adoption=adoption, kind=kind, on=day, by=by)
    if last_index == 1:
        return
    day += timedelta(days=gaps[2])
    number, sex, status, names = rng.choice(ADOPTERS)
    foster = rng.random() < 0.15
    permanence.adoption_match_record(
        adoption=adoption,
        matched_on=day,
        number_of_adopters=number,
        adopter_sex=sex,
        adopter_legal_status=status,
        adopters_are_foster_carers=foster,
        adopters_names="" if foster else f"{names} {rng.choice(LAST)}",
        by=by,
    )
    if last_index == 2:
        return
    day += timedelta(days=gaps[3])
    permanence.adoption_placement_record(
        adoption=adoption,
        placed_on=day,
        provider=rng.choice(["PR1", "PR1", "PR5"]),
        # Chosen from the child, not the random stream: DfE's rules (169/179/392) look it up.
        postcode=away_from_home({"postcode": real_postcode(f"adopters {child.pk}")}, _home_postcode(child))[
            "postcode"
        ],
        by=by,
    )
    if last_index == 3:
        return
    permanence.adoption_order_record(
        adoption=adoption, order_on=end, reason="E11" if rng.random() < 0.7 else "E12", by=by
    )
    allocation_end(child=child, on=end, by=by)


def _reversed(rng: random.Random, today: date, by) -> None:
    start = today - timedelta(days=rng.randint(300, 900))
    child = _child(rng, start - timedelta(days=rng.randint(100, 1500)), by)
    _come_into_care(rng, child, start, by)
    adoption = permanence.adoption_decision_record(
        child=child, decided_on=start + timedelta(days=rng.randint(60, 150)), by=by
    )
    reversed_on = adoption.should_be_placed_on + timedelta(days=rng.randint(60, 200))
    if reversed_on < today:
        permanence.adoption_decision_reverse(
            adoption=adoption, reversed_on=reversed_on, reason=rng.choice(["RD1", "RD2", "RD3", "RD4"]), by=by
        )
        permanence.permanence_plan_record(
            child=child, plan_type="long_term_fostering", agreed_on=reversed_on, by=by
        )


def _other_order(rng: random.Random, today: date, index: int, by) -> None:
    made_on = today - timedelta(days=rng.randint(10, 700))
    start = made_on - timedelta(days=rng.randint(150, 800))
    child = _child(rng, start - timedelta(days=rng.randint(200, 3000)), by)
    _come_into_care(rng, child, start, by)
    kind, reasons, plan = [
        ("sgo", ["E45", "E46", "E47", "E48"], "special_guardianship"),
        ("sgo", ["E45", "E46"], "special_guardianship"),
        ("cao", ["E41"], "child_arrangements"),
        ("return_home", ["E4A"], "return_home"),
    ][index % 4]
    permanence.permanence_plan_record(
        child=child, plan_type=plan, agreed_on=start + timedelta(days=60), by=by
    )
    permanence.permanence_order_record(
        child=child,
        kind=kind,
        made_on=made_on,
        reason_ceased=rng.choice(reasons),
        carer_name=f"{rng.choice(['Gran', 'Aunt Sue', 'Uncle Bo', 'Mr and Mrs'])} {rng.choice(LAST)}",
        by=by,
    )
    allocation_end(child=child, on=made_on, by=by)


def _birthday(person, age: int) -> date:
    return person.date_of_birth + relativedelta(years=age)


def _contact(rng: random.Random, person, age: int, earliest: date, today: date, by) -> None:
    birthday = _birthday(person, age)
    day = max(earliest, birthday + timedelta(days=rng.randint(-25, 25)))
    # A birthday just ahead: the contact is made early, within the 3 months before it.
    day = min(day, today)
    if day < max(earliest, birthday - relativedelta(months=3)) or day > birthday + relativedelta(months=1):
        return
    roll = rng.random()
    in_touch = (
        "YES"
        if roll < 0.82
        else "NO"
        if roll < 0.88
        else "REFU"
        if roll < 0.93
        else "NREQ"
        if roll < 0.97
        else "RHOM"
    )
    activity = "0" if in_touch == "REFU" else rng.choice(ACTIVITIES)
    accommodation = "0" if in_touch == "REFU" else rng.choice(ACCOMMODATION)
    if in_touch == "RHOM":
        # Returned home for good: nothing to report (rule 344). The codes above are still
        # drawn so the random draws after them are those they always were.
        activity = accommodation = "0"
    if age == 17 and accommodation in leaving.FORMER_FOSTER_CARERS:
        accommodation = "U1"  # staying put begins at 18 (rule 3001); the draw above is kept
    leaving.birthday_contact_record(
        young_person=person,
        age=age,
        contact_date=day,
        in_touch=in_touch,
        activity=activity,
        accommodation=accommodation,
        by=by,
    )


def _care_leaver(rng: random.Random, today: date, index: int, advisers: list[User], by) -> None:
    still_in_care = index % 10 == 0
    left_at_17 = index % 10 == 1
    if still_in_care:
        born = today - relativedelta(years=16) - timedelta(days=rng.randint(40, 600))
    elif left_at_17:
        born = today - relativedelta(years=17) - timedelta(days=rng.randint(200, 300))
    else:
        born = today - relativedelta(years=18) - timedelta(days=rng.randint(10, 6 * 365))
    person = _child(rng, born, by)
    sixteen, eighteen = _birthday(person, 16), _birthday(person, 18)
    start = _birthday(person, 14) + timedelta(days=rng.randint(0, 600))
    period = _come_into_care(rng, person, start, by)
    staying_put = not still_in_care and not left_at_17 and rng.random() < 0.3
    if left_at_17:
        left = _birthday(person, 17) - timedelta(days=rng.randint(20, 90))
        period_of_care_end(
            period=period, end_date=left, reason_ceased=rng.choice(["E13", "E4B", "E5"]), by=by
        )
    elif not still_in_care:
        left = eighteen
        period_of_care_end(
            period=period,
            end_date=left,
            reason_ceased="E17" if staying_put else rng.choice(["E5", "E6", "E8"]),
            by=by,
        )
    else:
        left = None
    if left is not None:
        allocation_end(child=person, on=left, by=by)
    adviser = advisers[index % len(advisers)]
    assessed = sixteen + timedelta(days=rng.randint(20, 110))
    if assessed <= today:
        leaving.needs_assessment_record(young_person=person, completed_on=assessed, by=by)
    agreed = sixteen + timedelta(days=rng.randint(100, 160))
    if agreed <= today:
        leaving.personal_adviser_assign(young_person=person, adviser=adviser, start_date=agreed, by=by)
        plan = leaving.pathway_plan_record(young_person=person, agreed_on=agreed, by=by)
        review = agreed
        while True:
            review += timedelta(days=rng.choice([150, 170, 180, 182, 200]))
            if review > today or review >= _birthday(person, 21) + relativedelta(months=3):
                break
            leaving.pathway_plan_review(plan=plan, review_date=review, by=by)
    decided = left if left else sixteen + timedelta(days=rng.randint(0, 30))
    decided = max(decided, sixteen)
    if decided <= today:
        category = ["eligible", "relevant", "former_relevant"][0 if still_in_care else 1 if left_at_17 else 2]
        leaving.eligibility_decide(
            young_person=person,
            category=category,
            decided_on=min(today, decided),
            by=by,
            reason="Recorded from the care history",
        )
    if staying_put and eighteen <= today:
        arrangement = leaving.staying_put_start(
            young_person=person, carer_name=period.placements.first().carer_name, start_date=eighteen, by=by
        )
        ends = eighteen + timedelta(days=rng.randint(120, 1000))
        if ends <= today and rng.random() < 0.6:
            leaving.staying_put_end(arrangement=arrangement, end_date=ends, by=by)
    if still_in_care:
        return
    asked = today >= _birthday(person, 21) and rng.random() < 0.4
    if asked:
        leaving.support_request_record(
            young_person=person,
            requested_on=min(today, _birthday(person, 21) + timedelta(days=rng.randint(0, 60))),
            by=by,
        )
    last_age = 24 if asked else 21
    for age in range(17, last_age + 1):
        if _birthday(person, age) - relativedelta(months=3) > today:
            break
        if age == 17 and not left_at_17:
            continue
        _contact(rng, person, age, left + timedelta(days=1) if age <= 18 else left, today, by)


def create_demo_permanence_and_leaving_care(rng: random.Random, families: int, today: date) -> int:
    """Adoptions, other permanence orders and care leavers; returns how many young people."""
    today = min(today, timezone.localdate())
    workers = list(User.objects.filter(groups__name=Role.SOCIAL_WORKER, is_active=True).order_by("pk"))
    adoption_staff = list(
        User.objects.filter(groups__name=Role.FOSTERING_ADOPTION, is_active=True).order_by("pk")
    )
    if not workers:
        return 0
    by_adoption = (adoption_staff or workers)[0]
    adoptions = max(4, min(150, families // 80))
    leavers = max(6, min(600, families // 16))
    collection_start = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    _CIC_WORKERS[:] = children_in_care_workers()
    count = 0
    for index in range(adoptions):
        if index % 5 == 4:
            _reversed(rng, today, by_adoption)
        elif index % 3 == 0:
            order_on = collection_start + timedelta(
                days=rng.randint(0, max(0, (today - collection_start).days - 1))
            )
            _adoption(rng, today, order_on, None, by_adoption)
        elif index % 3 == 1:
            _adoption(rng, today, collection_start - timedelta(days=rng.randint(1, 700)), None, by_adoption)
        else:
            _adoption(rng, today, None, rng.choice(["decision", "authority", "match", "placed"]), by_adoption)
        count += 1
    for index in range(max(4, adoptions // 2)):
        _other_order(rng, today, index, workers[index % len(workers)])
        count += 1
    for index in range(leavers):
        _care_leaver(rng, today, index, workers, workers[index % len(workers)])
        count += 1
    return count

"""Demo people: families of children, parents, siblings, half-siblings and grandparents.

Everything is made through the people services' batch functions, so every record passes the
same validation a worker's entry does (valid NHS numbers and UPNs, DfE codes, dates in order)
and carries a history row. Deterministic from the ``rng`` passed in.

Identifiers are synthetic: NHS numbers use the 999 range the NHS keeps for testing, and UPNs
a made-up local authority number, so no generated number can belong to a real person.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from hearth.accounts.models import User
from hearth.people.identifiers import nhs_number_check_digit, upn_check_letter
from hearth.people.models import Person, PersonType
from hearth.people.services import addresses_add_many, people_create_many, relationships_add_many

FAMILIES_PER_BATCH = 250
# UPNs carry the authority's own DfE LA number (characters 2-4), as a real pupil's would: DfE
# rule 1530 refuses a return whose UPNs name no recognised authority.
DEMO_LA_NUMBER = settings.HEARTH_LA_CODE

# Name pools by broad heritage, so a family's names fit together.
_NAMES = {
    "white": (
        [
            "Oliver",
            "Harry",
            "Jack",
            "George",
            "Charlie",
            "Leo",
            "Alfie",
            "Thomas",
            "Jacob",
            "Riley",
            "Connor",
            "Kyle",
        ],
        [
            "Olivia",
            "Amelia",
            "Isla",
            "Ava",
            "Lily",
            "Ella",
            "Grace",
            "Poppy",
            "Sophie",
            "Chloe",
            "Megan",
            "Kayleigh",
        ],
        [
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Williams",
            "Wilson",
            "Thompson",
            "Walker",
            "Wright",
            "Hall",
            "Green",
            "Lewis",
            "Hughes",
            "Edwards",
            "Turner",
            "O'Brien",
            "Murphy",
            "Nowak",
            "Kowalski",
        ],
    ),
    "asian": (
        [
            "Mohammed",
            "Muhammad",
            "Ali",
            "Ibrahim",
            "Yusuf",
            "Hamza",
            "Zain",
            "Arjun",
            "Harjit",
            "Rayyan",
            "Imran",
            "Aryan",
        ],
        [
            "Aisha",
            "Fatima",
            "Maryam",
            "Zara",
            "Amira",
            "Hafsa",
            "Simran",
            "Priya",
            "Noor",
            "Inaya",
            "Sana",
            "Ayesha",
        ],
        [
            "Khan",
            "Hussain",
            "Ahmed",
            "Ali",
            "Begum",
            "Iqbal",
            "Rahman",
            "Akhtar",
            "Mahmood",
            "Patel",
            "Singh",
            "Kaur",
            "Islam",
            "Uddin",
            "Shah",
        ],
    ),
    "black": (
        [
            "Joshua",
            "Daniel",
            "Samuel",
            "Tyrese",
            "Kofi",
            "Emmanuel",
            "David",
            "Jayden",
            "Malachi",
            "Tobi",
            "Elijah",
        ],
        [
            "Grace",
            "Abigail",
            "Precious",
            "Blessing",
            "Esther",
            "Nia",
            "Amara",
            "Imani",
            "Zuri",
            "Chantelle",
            "Ruth",
        ],
        [
            "Campbell",
            "Johnson",
            "Williams",
            "Okafor",
            "Mensah",
            "Adeyemi",
            "Clarke",
            "Brown",
            "Francis",
            "Osei",
            "Henry",
            "Mohamed",
            "Abdi",
        ],
    ),
}
# DfE ethnicity codes with rough weights for a large, diverse English city, and the name pool
# each draws from.
_ETHNICITIES = [
    ("WBRI", 34, "white"),
    ("WIRI", 1, "white"),
    ("WOTH", 4, "white"),
    ("WROM", 1, "white"),
    ("APKN", 14, "asian"),
    ("ABAN", 4, "asian"),
    ("AIND", 5, "asian"),
    ("AOTH", 3, "asian"),
    ("BCRB", 5, "black"),
    ("BAFR", 7, "black"),
    ("BOTH", 2, "black"),
    ("MWBC", 6, "mixed"),
    ("MWBA", 2, "mixed"),
    ("MWAS", 2, "mixed"),
    ("MOTH", 3, "mixed"),
    ("CHNE", 1, "asian"),
    ("OOTH", 3, "mixed"),
    ("NOBT", 3, "mixed"),
]
_STREETS = [
    "Stratford Road",
    "Coventry Road",
    "Soho Road",
    "Ladypool Road",
    "Alum Rock Road",
    "Bristol Road",
    "Washwood Heath Road",
    "Pershore Road",
    "Kingstanding Road",
    "Chester Road",
    "Slade Road",
    "Warwick Road",
    "Church Road",
    "Victoria Road",
    "Park Road",
    "Highfield Road",
    "Station Road",
    "Grange Road",
    "Mill Lane",
    "Holly Lane",
    "Oak Tree Lane",
    "Cherry Close",
    "Orchard Way",
]
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Spellings a worker at the front door might type for the same name.
_MISSPELT = {
    "Mohammed": "Muhammad",
    "Muhammad": "Mohammed",
    "Thompson": "Thomson",
    "Aisha": "Ayesha",
    "Connor": "Conor",
    "Megan": "Meghan",
    "Zara": "Zahra",
    "Hussain": "Hussein",
    "Sophie": "Sophia",
    "Campbell": "Cambell",
    "Okafor": "Okafur",
    "Rahman": "Rehman",
    "Kayleigh": "Kaylee",
}


@dataclass
class _Household:
    """One address history shared by the people who live together."""

    moves: list[tuple[str, str, date, date | None]]  # line 1, postcode, moved in, left


@dataclass
class _Draft:
    fields: dict
    household: _Household | None = None
    person: Person | None = None


@dataclass
class _Batch:
    drafts: list[_Draft] = field(default_factory=list)
    relationships: list[tuple[_Draft, _Draft, str, dict]] = field(default_factory=list)

    def add(self, household: _Household | None = None, **fields) -> _Draft:
        draft = _Draft(fields, household)
        self.drafts.append(draft)
        return draft

    def relate(self, person: _Draft, relative: _Draft, kind: str, **extra) -> None:
        self.relationships.append((person, relative, kind, extra))


class _Identifiers:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.nhs_used: set[str] = set()
        self.upn_used: set[str] = set()

    def nhs_number(self) -> str:
        while True:
            first_nine = "999" + f"{self.rng.randrange(1_000_000):06d}"
            check = nhs_number_check_digit(first_nine)
            number = f"{first_nine}{check}"
            if check is not None and number not in self.nhs_used:
                self.nhs_used.add(number)
                return number

    def upn(self, born: date) -> str:
        """LA number, a school number, the two-digit year they started school, a serial."""
        while True:
            started = (born.year + 4) % 100
            body = f"{DEMO_LA_NUMBER}{self.rng.randrange(2000, 7000):04d}{started:02d}{self.rng.randrange(1000):03d}"
            upn = upn_check_letter(body) + body
            if upn not in self.upn_used:
                self.upn_used.add(upn)
                return upn


def _postcode(rng: random.Random) -> str:
    letters = "".join(rng.choice(_POSTCODE_LETTERS) for _ in range(2))
    return f"B{rng.randint(1, 99)} {rng.randint(1, 9)}{letters}"


def _household(rng: random.Random, latest: date, since: date) -> _Household:
    """One to three addresses, the last current; the first from ``since`` or later."""
    count = rng.choice([1, 1, 1, 2, 2, 3])
    span = max((latest - since).days, count + 1)
    starts = sorted({since + timedelta(days=rng.randrange(span)) for _ in range(count)})
    starts[0] = since
    moves = []
    for index, start in enumerate(starts):
        left = starts[index + 1] if index + 1 < len(starts) else None
        line_1 = f"{rng.randint(1, 240)} {rng.choice(_STREETS)}"
        moves.append((line_1, _postcode(rng), start, left))
    return _Household(moves)


def _born(rng: random.Random, latest: date, youngest: int, oldest: int) -> date:
    days = rng.randint(youngest * 365, oldest * 365 + 364)
    return latest - timedelta(days=days)


class _FamilyMaker:
    def __init__(self, rng: random.Random, latest: date):
        self.rng = rng
        self.latest = latest
        self.ids = _Identifiers(rng)
        codes, weights, pools = zip(*_ETHNICITIES, strict=True)
        self.codes, self.weights, self.pools = codes, weights, dict(zip(codes, pools, strict=True))

    def _ethnicity(self) -> str:
        return self.rng.choices(self.codes, self.weights)[0]

    def _names(self, ethnicity: str) -> tuple[list[str], list[str], list[str]]:
        pool = self.pools[ethnicity]
        if pool == "mixed":
            pool = self.rng.choice(["white", "asian", "black"])
        return _NAMES[pool]

    def _adult(self, batch: _Batch, sex: str, surname: str, ethnicity: str, born: date, household) -> _Draft:
        boys, girls, _ = self._names(ethnicity)
        return batch.add(
            household,
            person_type=PersonType.ADULT,
            first_name=self.rng.choice(girls if sex == "F" else boys),
            last_name=surname,
            sex=sex,
            date_of_birth=born,
            ethnicity=ethnicity,
            nhs_number=self.ids.nhs_number() if self.rng.random() < 0.7 else "",
        )

    def _child(
        self, batch: _Batch, surname: str, ethnicity: str, born: date, household, restricted: bool
    ) -> _Draft:
        boys, girls, _ = self._names(ethnicity)
        sex = self.rng.choice("MF")
        age = (self.latest - born).days // 365
        return batch.add(
            household,
            person_type=PersonType.CHILD,
            first_name=self.rng.choice(girls if sex == "F" else boys),
            last_name=surname,
            sex=sex,
            date_of_birth=born,
            ethnicity=ethnicity,
            nhs_number=self.ids.nhs_number() if self.rng.random() < 0.92 else "",
            upn=self.ids.upn(born) if age >= 5 and self.rng.random() < 0.85 else "",
            is_restricted=restricted,
        )

    def family(self, batch: _Batch) -> list[_Draft]:
        """A mother and her children; often a father, sometimes a half-sibling by another father,
        sometimes grandparents. Returns the children."""
        rng, latest = self.rng, self.latest
        ethnicity = self._ethnicity()
        surname = rng.choice(self._names(ethnicity)[2])
        mother_born = _born(rng, latest, 22, 46)
        home = _household(rng, latest, since=mother_born + timedelta(days=18 * 365))
        mother = self._adult(batch, "F", surname, ethnicity, mother_born, home)

        father = None
        if rng.random() < 0.75:
            father_home = (
                home
                if rng.random() < 0.55
                else _household(rng, latest, since=mother_born + timedelta(days=19 * 365))
            )
            father = self._adult(batch, "M", surname, ethnicity, _born(rng, latest, 23, 52), father_home)

        youngest_possible = max(0, (latest - mother_born).days // 365 - 40)
        oldest_possible = max(youngest_possible, (latest - mother_born).days // 365 - 17)
        restricted = rng.random() < 0.01
        children = [
            self._child(
                batch,
                surname,
                ethnicity,
                _born(rng, latest, youngest_possible, min(oldest_possible, 17)),
                home,
                restricted,
            )
            for _ in range(rng.choice([1, 1, 2, 2, 2, 3, 3, 4]))
        ]
        for child in children:
            batch.relate(child, mother, "mother", lives_with=True, has_parental_responsibility=True)
            if father:
                batch.relate(
                    child,
                    father,
                    "father",
                    lives_with=father.household is home,
                    has_parental_responsibility=rng.random() < 0.8,
                )
        for index, child in enumerate(children):
            for sibling in children[index + 1 :]:
                batch.relate(child, sibling, "sibling", lives_with=True)

        if rng.random() < 0.3:  # a half-sibling by another father
            other_surname = rng.choice(self._names(ethnicity)[2])
            half = self._child(
                batch,
                other_surname,
                ethnicity,
                _born(rng, latest, 0, min(oldest_possible, 12)),
                home,
                restricted,
            )
            batch.relate(half, mother, "mother", lives_with=True, has_parental_responsibility=True)
            if rng.random() < 0.5:
                other_father = self._adult(
                    batch,
                    "M",
                    other_surname,
                    ethnicity,
                    _born(rng, latest, 22, 50),
                    _household(rng, latest, since=mother_born + timedelta(days=19 * 365)),
                )
                batch.relate(half, other_father, "father", has_parental_responsibility=rng.random() < 0.5)
            for child in children:
                batch.relate(child, half, "half_sibling", lives_with=True)
            children.append(half)

        if rng.random() < 0.45:  # the mother's parents
            grand_home = _household(rng, latest, since=mother_born)
            grandparents = [
                self._adult(
                    batch,
                    "F",
                    surname,
                    ethnicity,
                    _born(rng, latest, _age(mother_born, latest) + 20, 85),
                    grand_home,
                )
            ]
            if rng.random() < 0.5:
                grandparents.append(
                    self._adult(
                        batch,
                        "M",
                        surname,
                        ethnicity,
                        _born(rng, latest, _age(mother_born, latest) + 22, 88),
                        grand_home,
                    )
                )
            for grandparent in grandparents:
                batch.relate(mother, grandparent, "mother" if grandparent.fields["sex"] == "F" else "father")
                for child in children:
                    batch.relate(child, grandparent, "grandparent")
        return children

    def near_duplicate(self, batch: _Batch, original: _Draft) -> None:
        """A second record of a child, as a hurried contact might make it: a name spelt
        differently, no identifiers, no relationships."""
        fields = original.fields
        first = _MISSPELT.get(fields["first_name"], fields["first_name"])
        last = _MISSPELT.get(fields["last_name"], fields["last_name"])
        if (first, last) == (fields["first_name"], fields["last_name"]):
            last = last + "e" if not last.endswith("e") else last[:-1]
        batch.add(
            None,
            person_type=PersonType.CHILD,
            first_name=first,
            last_name=last,
            sex=fields["sex"],
            date_of_birth=fields["date_of_birth"],
            ethnicity=fields["ethnicity"],
        )


def _age(born: date, latest: date) -> int:
    return (latest - born).days // 365


def _save(batch: _Batch, by) -> int:
    people = people_create_many(by=by, people=[draft.fields for draft in batch.drafts])
    for draft, person in zip(batch.drafts, people, strict=True):
        draft.person = person
    addresses = []
    for draft in batch.drafts:
        for line_1, postcode, moved_in, left in draft.household.moves if draft.household else []:
            start = max(moved_in, draft.fields["date_of_birth"])
            if left is not None and left <= start:
                continue  # they were born after the household left this address
            addresses.append(
                {
                    "person": draft.person,
                    "line_1": line_1,
                    "town": "Birmingham",
                    "postcode": postcode,
                    "start_date": start,
                    "end_date": left,
                }
            )
    addresses_add_many(by=by, addresses=addresses)
    relationships_add_many(
        by=by,
        relationships=[
            {"person": person.person, "relative": relative.person, "kind": kind, **extra}
            for person, relative, kind, extra in batch.relationships
        ],
    )
    return len(people)


def create_demo_people(rng: random.Random, families: int, today: date) -> int:
    """``families`` families (about five and a half people each); returns how many people."""
    by = User.objects.filter(username="frontdoor").first()
    # Never later than the real date: a date of birth in the future would be refused.
    latest = min(today, timezone.localdate())
    maker = _FamilyMaker(rng, latest)
    made = 0
    batch = _Batch()
    for number in range(families):
        children = maker.family(batch)
        if rng.random() < 0.02:
            maker.near_duplicate(batch, rng.choice(children))
        if (number + 1) % FAMILIES_PER_BATCH == 0:
            made += _save(batch, by)
            batch = _Batch()
    if batch.drafts:
        made += _save(batch, by)
    return made

"""Small helpers the person-record tests share: a family made through the services."""

from datetime import date

from hearth.people.models import Person, PersonType
from hearth.people.services import person_create, relationship_add


def child(by, **fields) -> Person:
    values = {"first_name": "Sam", "last_name": "Jones", "date_of_birth": date(2015, 4, 1), "sex": "M"}
    return person_create(by=by, **{**values, **fields})


def adult(by, first_name: str, last_name: str = "Jones", **fields) -> Person:
    return person_create(
        by=by, person_type=PersonType.ADULT, first_name=first_name, last_name=last_name, **fields
    )


def family_of(by, child_person: Person, *, relatives: int) -> list[Person]:
    """``relatives`` people, each related to the child: a mother, a father, then siblings."""
    made = []
    kinds = ["mother", "father"] + ["sibling"] * max(relatives - 2, 0)
    for index, kind in enumerate(kinds[:relatives]):
        person = adult(by, f"Relative{index}")
        relationship_add(person=child_person, relative=person, kind=kind, by=by)
        made.append(person)
    return made

"""People for the audit tests: a child, and a child whose record is restricted to one worker."""

from datetime import date

import pytest

from hearth.audit.services import person_restrict
from hearth.people.services import address_add, person_create

DATE_OF_BIRTH = date(2015, 3, 14)
ADDRESS_LINE = "12 Larkspur Close"
POSTCODE = "LS6 2QT"


@pytest.fixture
def child(social_worker):
    person = person_create(
        by=social_worker, first_name="Riley", last_name="Marsh", date_of_birth=DATE_OF_BIRTH
    )
    address_add(
        person=person,
        by=social_worker,
        line_1=ADDRESS_LINE,
        town="Leeds",
        postcode=POSTCODE,
        start_date=date(2020, 1, 6),
    )
    return person


@pytest.fixture
def restricted_child(child, social_worker, team_manager):
    """Riley's record, restricted so that only Sam (the allocated social worker) may open it."""
    return person_restrict(
        person=child, by=team_manager, named_users=[social_worker], reason="A member of staff is a relative"
    )

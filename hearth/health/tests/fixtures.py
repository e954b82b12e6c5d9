"""Children in care shared by the health, education, missing and UASC tests (each app's
conftest imports them). Periods of care are created directly: the children-in-care services
own the rules for starting one."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from hearth.childrenincare.models import PeriodOfCare
from hearth.people.models import Person
from hearth.people.services import person_create


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def date_fields(name: str, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def into_care(child: Person, on: date, by=None) -> PeriodOfCare:
    return PeriodOfCare.objects.create(child=child, start_date=on, category_of_need="N1", created_by=by)


@pytest.fixture
def teenager(db, social_worker) -> Person:
    """Born 10 June 2011: 14 in 2025, 15 in 2026."""
    return person_create(
        by=social_worker, first_name="Mia", last_name="Hart", date_of_birth=date(2011, 6, 10), sex="F"
    )


@pytest.fixture
def toddler(db, social_worker) -> Person:
    """Born 1 March 2022: 4 in 2026, 5 on 1 March 2027."""
    return person_create(
        by=social_worker, first_name="Noah", last_name="Hart", date_of_birth=date(2022, 3, 1), sex="M"
    )


@pytest.fixture
def teenager_in_care(teenager, social_worker) -> PeriodOfCare:
    return into_care(teenager, date(2025, 1, 6), social_worker)

"""The demo's health, education, missing and UASC records for its children in care."""

import random
from datetime import date

from hearth.childrenincare.models import UASCStatus
from hearth.demo.health_and_missing import create_demo_health_and_missing
from hearth.education.models import PersonalEducationPlan
from hearth.health.models import HealthEvent
from hearth.health.tests.fixtures import into_care
from hearth.missing.models import MissingEpisode
from hearth.people.services import person_create


def _children_in_care(by, count=24):
    for n in range(count):
        child = person_create(
            by=by,
            first_name=f"Demo{n}",
            last_name="Child",
            date_of_birth=date(2008 + n % 14, 1 + n % 12, 3),
            sex="F",
        )
        into_care(child, date(2022, 1 + n % 12, 10))


def _snapshot():
    return (
        list(
            HealthEvent.objects.order_by("pk").values_list(
                "child__first_name", "kind", "event_date", "sdq_score"
            )
        ),
        list(
            PersonalEducationPlan.objects.order_by("pk").values_list(
                "child__first_name", "kind", "meeting_date"
            )
        ),
        list(
            MissingEpisode.objects.order_by("pk").values_list(
                "child__first_name", "started_at", "rhi_held_at"
            )
        ),
        list(UASCStatus.objects.order_by("pk").values_list("child__first_name", "status_from")),
    )


def test_the_demo_gives_children_in_care_health_peps_and_missing_episodes(db, social_worker):
    _children_in_care(social_worker)
    assert create_demo_health_and_missing(random.Random(3), date(2026, 11, 1)) == 24
    kinds = set(HealthEvent.objects.values_list("kind", flat=True))
    assert {"iha", "rha", "dental", "immunisations", "sdq", "development"} <= kinds
    assert PersonalEducationPlan.objects.filter(kind="initial").exists()
    assert MissingEpisode.objects.exists()
    assert MissingEpisode.objects.filter(rhi_held_at__isnull=False).exists()


def test_the_same_seed_gives_the_same_records(db, social_worker):
    _children_in_care(social_worker, count=10)
    create_demo_health_and_missing(random.Random(5), date(2026, 11, 1))
    first = _snapshot()
    for model in (HealthEvent, PersonalEducationPlan, MissingEpisode, UASCStatus):
        model.objects.all().delete()
    create_demo_health_and_missing(random.Random(5), date(2026, 11, 1))
    assert [rows for rows in _snapshot()][:3] == [rows for rows in first][:3]

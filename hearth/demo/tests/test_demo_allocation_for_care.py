"""A child coming into care is allocated to a children-in-care worker, however the case stands."""

from datetime import date

from hearth.allocation.models import Allocation
from hearth.demo.children_in_care import allocate_for_care
from hearth.organisation.models import TeamType
from hearth.worktray.tests.journey import make_child, make_team, refer_and_allocate


def test_a_case_already_with_the_care_worker_stays_with_them(social_worker):
    team = make_team("Children in care 1", TeamType.CHILDREN_IN_CARE, members=[social_worker])
    child = make_child(social_worker)
    refer_and_allocate(child, on=date(2025, 1, 6), team=team, worker=social_worker, by=social_worker)
    assert allocate_for_care(child, team, social_worker, date(2025, 3, 3)) is False
    assert list(Allocation.objects.filter(child=child).values_list("start_date", "end_date")) == [
        (date(2025, 1, 6), None)
    ]


def test_a_case_with_another_team_is_transferred_on_the_day_care_starts(social_worker, another_social_worker):
    area = make_team("Area 1", TeamType.SAFEGUARDING, members=[another_social_worker])
    care = make_team("Children in care 1", TeamType.CHILDREN_IN_CARE, members=[social_worker])
    child = make_child(social_worker)
    refer_and_allocate(
        child, on=date(2025, 1, 6), team=area, worker=another_social_worker, by=another_social_worker
    )
    assert allocate_for_care(child, care, social_worker, date(2025, 3, 3)) is True
    current = Allocation.objects.get(child=child, end_date__isnull=True)
    assert (current.team, current.worker, current.start_date) == (care, social_worker, date(2025, 3, 3))

from datetime import date

import pytest
from django.core.management import call_command

from hearth.accounts.models import User
from hearth.allocation.models import Allocation
from hearth.casenotes.models import CaseNote
from hearth.childinneed.models import Referral
from hearth.childrenincare.models import PeriodOfCare
from hearth.chronology.registry import chronology_for
from hearth.frontdoor.models import Contact
from hearth.organisation.selectors import team_for_user, teams_managed_by
from hearth.worktray.selectors import worktray_for

TODAY = date(2026, 11, 20)


def _generate(seed=1):
    call_command(
        "generate_demo_authority",
        "--scale",
        "tiny",
        "--seed",
        str(seed),
        "--today",
        TODAY.isoformat(),
        "--no-progress",
    )


def _history():
    return list(
        Contact.objects.order_by("received_at", "pk").values_list("received_at", "decision", "concerns")
    )


@pytest.mark.django_db(transaction=True)
def test_demo_children_have_journeys_made_through_the_services():
    _generate()
    assert Contact.objects.exists()
    referrals = list(Referral.objects.all())
    assert referrals
    # Every referral came from a contact signed off at the front door, or opened with a period of
    # care (a child looked after is a child in need), and was allocated.
    care_starts = set(PeriodOfCare.objects.values_list("child_id", "start_date"))
    assert all(r.contact_id or (r.child_id, r.referral_date) in care_starts for r in referrals)
    assert any(r.contact_id for r in referrals)
    allocated = set(Allocation.objects.values_list("child_id", flat=True))
    assert {referral.child_id for referral in referrals} <= allocated
    assert all(r.closure_reason for r in referrals if r.closure_date)
    assert CaseNote.objects.filter(kind__in=CaseNote.VISIT_KINDS).exists()
    assert not CaseNote.objects.filter(is_draft=True).exists()
    # Nothing is dated after the demo's today.
    assert not Contact.objects.filter(received_at__date__gt=TODAY).exists()
    child = referrals[0].child
    titles = [entry.title for entry in chronology_for([child.pk])]
    assert "Contact received" in titles and "Referral" in titles


@pytest.mark.django_db(transaction=True)
def test_the_demo_social_worker_has_a_caseload_and_their_manager_sees_it():
    _generate()
    worker = User.objects.get(username="socialworker")
    manager = User.objects.get(username="teammanager")
    assert Allocation.objects.filter(worker=worker, end_date__isnull=True).exists()
    assert team_for_user(worker) in list(teams_managed_by(manager))
    tray = worktray_for(worker, today=TODAY)
    assert tray.overdue or tray.due_soon
    assert any(
        member.worker_name == worker.get_full_name() for member in worktray_for(manager, today=TODAY).team
    )


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_histories():
    _generate(seed=3)
    first = _history()
    call_command("flush", interactive=False, verbosity=0)
    _generate(seed=3)
    assert _history() == first

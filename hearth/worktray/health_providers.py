"""Worktray providers for children in care: health assessments, PEPs and return home
interviews due. One query each for all the children in view (imported from ``WorktrayConfig.ready``).

The due dates come from the health, education and missing apps' own clock functions, so the
worktray and the child's pages never disagree.
"""

from datetime import timedelta

from django.db.models import Max, OuterRef, Q, Subquery

from hearth.childrenincare.models import PeriodOfCare
from hearth.education.models import PersonalEducationPlan
from hearth.education.selectors import PEP_FROM_AGE, pep_due
from hearth.health.models import ASSESSMENT_KINDS, HealthEvent
from hearth.health.selectors import assessment_due
from hearth.health.services import age_on
from hearth.missing.models import MissingEpisode
from hearth.missing.selectors import rhi_due_at
from hearth.worktray.providers import Scope, Task, _child_task, case_provider, clock_provider, link

# Returns longer ago than this drop off the worktray: the episode page still shows them late.
RHI_LOOKBACK = timedelta(days=30)


def _open_periods(scope: Scope, latest_event):
    return (
        PeriodOfCare.objects.filter(child_id__any_of=scope.child_ids, end_date__isnull=True)
        .annotate(latest=Subquery(latest_event))
        .values("child_id", "start_date", "latest", "child__date_of_birth")
    )


@clock_provider
def health_assessments_due(scope: Scope) -> list[Task]:
    last = (
        HealthEvent.objects.filter(child_id=OuterRef("child_id"), kind__in=ASSESSMENT_KINDS)
        .values("child_id")
        .annotate(latest=Max("event_date"))
        .values("latest")
    )
    tasks = []
    for row in _open_periods(scope, last):
        due = assessment_due(row["child__date_of_birth"], row["start_date"], row["latest"])
        if due is not None:
            tasks.append(
                _child_task(
                    scope,
                    row["child_id"],
                    title=f"{due.what} for the child in care",
                    due=due.due,
                    href=link("health:overview", row["child_id"]),
                    kind="health_assessment",
                )
            )
    return tasks


@clock_provider
def education_plans_due(scope: Scope) -> list[Task]:
    last = (
        PersonalEducationPlan.objects.filter(child_id=OuterRef("child_id"))
        .values("child_id")
        .annotate(latest=Max("meeting_date"))
        .values("latest")
    )
    tasks = []
    for row in _open_periods(scope, last):
        due = pep_due(row["child__date_of_birth"], row["start_date"], row["latest"])
        dob = row["child__date_of_birth"]
        if due is None or (dob and age_on(dob, due.due) < PEP_FROM_AGE):
            continue
        tasks.append(
            _child_task(
                scope,
                row["child_id"],
                title=f"Hold the {due.what}" if due.what == "PEP review" else "Complete the initial PEP",
                due=due.due,
                href=link("education:plans", row["child_id"]),
                kind="pep",
            )
        )
    return tasks


@case_provider
def return_interviews_due(scope: Scope) -> list[Task]:
    since = scope.today - RHI_LOOKBACK
    rows = MissingEpisode.objects.filter(
        child_id__any_of=scope.child_ids, ended_at__date__gte=since, rhi_held_at__isnull=True
    ).exclude(Q(rhi_outcome=MissingEpisode.Outcome.DECLINED))
    return [
        _child_task(
            scope,
            episode.child_id,
            title="Offer and hold the return home interview",
            due=rhi_due_at(episode),
            href=link("missing:episode-edit", episode.child_id, episode.pk),
            kind="rhi",
        )
        for episode in rows
    ]

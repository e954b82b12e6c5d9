"""Worktray providers for children in care: looked-after reviews and statutory visits due.
One query each for all the children in view (imported from ``WorktrayConfig.ready``).

The due dates come from the children in care app's own clock functions
(``review_due_from``, and ``visit_clock`` with everything reg 28 depends on: the placement, its
flags, the legal status and the first review), so the worktray and the Care tab never disagree.
"""

from django.db.models import Count, Max, OuterRef, Subquery

from hearth.casenotes.models import CaseNote, LatestVisit
from hearth.childrenincare.models import CareReview, LegalStatus, PeriodOfCare, Placement
from hearth.childrenincare.selectors import review_due_from, visit_clock
from hearth.worktray.providers import Scope, Task, _child_task, _local_date, clock_provider, link


@clock_provider
def care_reviews_due(scope: Scope) -> list[Task]:
    rows = (
        PeriodOfCare.objects.filter(child_id__any_of=scope.child_ids, end_date__isnull=True)
        .annotate(reviews_held=Count("reviews"), last_review=Max("reviews__review_date"))
        .values("child_id", "start_date", "reviews_held", "last_review")
    )
    return [
        _child_task(
            scope,
            row["child_id"],
            title="Hold the looked-after review",
            due=review_due_from(row["start_date"], row["reviews_held"], row["last_review"]),
            href=link("childrenincare:care", row["child_id"]),
            kind="cla_review",
        )
        for row in rows
    ]


@clock_provider
def care_visits_due(scope: Scope) -> list[Task]:
    # The last statutory visit that saw the child, from the case notes' read model: one row
    # per child, however long the child's history.
    last_visit = LatestVisit.objects.filter(
        child_id=OuterRef("child_id"), kind=CaseNote.Kind.CLA_VISIT
    ).values("last_seen_at")[:1]
    placement = Placement.objects.filter(period=OuterRef("pk"), end_date__isnull=True)
    status = LegalStatus.objects.filter(period=OuterRef("pk"), end_date__isnull=True)
    first_review = CareReview.objects.filter(period=OuterRef("pk")).order_by("review_date")
    rows = (
        PeriodOfCare.objects.filter(child_id__any_of=scope.child_ids, end_date__isnull=True)
        .annotate(
            last_visit=Subquery(last_visit),
            placement_start=Subquery(placement.values("start_date")[:1]),
            placement_type=Subquery(placement.values("placement_type")[:1]),
            long_term=Subquery(placement.values("long_term")[:1]),
            reg_24_temporary=Subquery(placement.values("reg_24_temporary")[:1]),
            legal_status=Subquery(status.values("legal_status")[:1]),
            legal_status_start=Subquery(status.values("start_date")[:1]),
            first_review=Subquery(first_review.values("review_date")[:1]),
        )
        .values(
            "child_id",
            "last_visit",
            "placement_start",
            "placement_type",
            "long_term",
            "reg_24_temporary",
            "legal_status",
            "legal_status_start",
            "first_review",
        )
    )
    tasks = []
    for row in rows:
        if row["placement_start"] is None:
            continue
        clock = visit_clock(
            placement_start=row["placement_start"],
            last_visit=_local_date(row["last_visit"]) if row["last_visit"] else None,
            placement_type=row["placement_type"] or "",
            long_term=bool(row["long_term"]),
            reg_24_temporary=bool(row["reg_24_temporary"]),
            legal_status=row["legal_status"] or "",
            legal_status_start=row["legal_status_start"],
            first_review=row["first_review"],
        )
        tasks.append(
            _child_task(
                scope,
                row["child_id"],
                title="Statutory visit to the child in care",
                due=clock.due,
                href=link("casenotes:new", row["child_id"]),
                kind="cla_visit",
            )
        )
    return tasks

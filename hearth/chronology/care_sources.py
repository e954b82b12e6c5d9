"""Chronology sources for children in care: coming into and leaving care, changes of legal
status and placement, and looked-after reviews. One query each, for all the children asked
for (imported from ``ChronologyConfig.ready``)."""

from hearth.childrenincare.models import CareReview, LegalStatus, PeriodOfCare, Placement
from hearth.chronology.registry import ChronologyEntry, link, source
from hearth.reference.selectors import code_label


def _within(field: str, start, end) -> dict:
    filters = {}
    if start:
        filters[f"{field}__gte"] = start
    if end:
        filters[f"{field}__lte"] = end
    return filters


def _entry(day, title: str, detail: str, child_id: int) -> ChronologyEntry:
    return ChronologyEntry(day, "care", title, detail, link("childrenincare:care", child_id), None, child_id)


@source("care")
def periods_of_care(child_ids, start, end):
    entries = []
    for period in PeriodOfCare.objects.filter(child_id__in=child_ids):
        need = code_label("category_of_need", period.category_of_need)
        entries.append(
            _entry(period.start_date, "Came into care", f"Category of need: {need}", period.child_id)
        )
        if period.end_date:
            reason = code_label("reason_episode_ceased", period.reason_ceased)
            entries.append(_entry(period.end_date, "Left care", reason, period.child_id))
    return entries


@source("care")
def legal_statuses(child_ids, start, end):
    rows = LegalStatus.objects.filter(period__child_id__in=child_ids, **_within("start_date", start, end))
    return [
        _entry(
            status.start_date,
            "Legal status",
            f"{status.legal_status}: {code_label('legal_status', status.legal_status)}",
            child_id,
        )
        for status, child_id in ((row, row.period.child_id) for row in rows.select_related("period"))
    ]


@source("care")
def placements(child_ids, start, end):
    rows = Placement.objects.filter(
        period__child_id__in=child_ids, **_within("start_date", start, end)
    ).select_related("period")
    entries = []
    for placement in rows:
        detail = f"{placement.placement_type}: {code_label('placement_type', placement.placement_type)}"
        if placement.carer_name:
            detail += f", {placement.carer_name}"
        entries.append(_entry(placement.start_date, "Placement", detail, placement.period.child_id))
    return entries


@source("care")
def care_reviews(child_ids, start, end):
    rows = CareReview.objects.filter(
        period__child_id__in=child_ids, **_within("review_date", start, end)
    ).select_related("period", "chair")
    return [
        _entry(
            review.review_date,
            "Looked-after review",
            f"Chaired by {review.chair.get_full_name() or review.chair.username}. "
            f"{code_label('review_participation', review.participation)}",
            review.period.child_id,
        )
        for review in rows
    ]

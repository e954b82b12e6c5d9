"""Chronology sources for children in care: coming into and leaving care, changes of legal
status and placement, looked-after reviews and deprivation of liberty orders. One query each, for all the children asked
for (imported from ``ChronologyConfig.ready``)."""

from hearth.childrenincare.models import (
    CareReview,
    DeprivationOfLibertyOrder,
    LegalStatus,
    PeriodOfCare,
    Placement,
)
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


@source("care", reads=(PeriodOfCare, "child"))
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


@source("care", reads=(LegalStatus, "period__child"))
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


@source("care", reads=(Placement, "period__child"))
def placements(child_ids, start, end):
    rows = Placement.objects.filter(
        period__child_id__in=child_ids, **_within("start_date", start, end)
    ).values_list("start_date", "placement_type", "carer_name", "period__child_id")
    entries = []
    for start_date, placement_type, carer_name, child_id in rows:
        detail = f"{placement_type}: {code_label('placement_type', placement_type)}"
        if carer_name:
            detail += f", {carer_name}"
        entries.append(_entry(start_date, "Placement", detail, child_id))
    return entries


@source("care", reads=(CareReview, "period__child"))
def care_reviews(child_ids, start, end):
    # Columns, not models: a long stay in care has a review every few months.
    rows = CareReview.objects.filter(
        period__child_id__in=child_ids, **_within("review_date", start, end)
    ).values_list(
        "review_date",
        "participation",
        "period__child_id",
        "chair__first_name",
        "chair__last_name",
        "chair__username",
    )
    return [
        _entry(
            review_date,
            "Looked-after review",
            f"Chaired by {f'{first_name} {last_name}'.strip() or username}. "
            f"{code_label('review_participation', participation)}",
            child_id,
        )
        for review_date, participation, child_id, first_name, last_name, username in rows
    ]


@source("care", reads=(DeprivationOfLibertyOrder, "period__child"))
def liberty_orders(child_ids, start, end):
    """The day each order was made and the day it ended (the page keeps those in range)."""
    entries = []
    for order in DeprivationOfLibertyOrder.objects.filter(period__child_id__in=child_ids).select_related(
        "period"
    ):
        child_id = order.period.child_id
        entries.append(
            _entry(
                order.start_date,
                "Deprivation of liberty order made",
                "The court authorised depriving the child of their liberty where they live",
                child_id,
            )
        )
        if order.end_date:
            entries.append(_entry(order.end_date, "Deprivation of liberty order ended", "", child_id))
    return entries

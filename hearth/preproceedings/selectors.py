"""Reading a child's pre-proceedings: two queries, however many there are."""

from dataclasses import dataclass

from django.db.models import Prefetch

from hearth.preproceedings.models import PreProceedings, PreProceedingsReviewMeeting
from hearth.reference.selectors import code_label


@dataclass
class PreProceedingsItem:
    record: PreProceedings
    review_meetings: list
    outcome_label: str

    @property
    def review_meetings_count(self) -> int:
        return len(self.review_meetings)


def pre_proceedings_for_child(child) -> list[PreProceedingsItem]:
    """Every pre-proceedings of the child's episodes of need, newest first, with its review
    meetings (oldest first)."""
    records = (
        PreProceedings.objects.filter(referral__child=child)
        .select_related("referral")
        .prefetch_related(
            Prefetch(
                "review_meetings", queryset=PreProceedingsReviewMeeting.objects.order_by("held_on", "pk")
            )
        )
        .order_by("-decided_on", "-pk")
    )
    return [
        PreProceedingsItem(
            record=record,
            review_meetings=list(record.review_meetings.all()),
            outcome_label=code_label("pre_proceedings_outcome", record.outcome) if record.outcome else "",
        )
        for record in records
    ]


def pre_proceedings_of_child(child, pk: int) -> PreProceedings:
    return PreProceedings.objects.select_related("referral").get(pk=pk, referral__child=child)

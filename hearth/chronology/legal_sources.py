"""Chronology sources for pre-proceedings under the Public Law Outline: each dated step, and
each review meeting. One query each, for all the children asked for (imported from
``ChronologyConfig.ready``)."""

from hearth.chronology.registry import ChronologyEntry, link, source
from hearth.preproceedings.models import PreProceedings, PreProceedingsReviewMeeting
from hearth.reference.selectors import code_label

STEPS = (
    ("decided_on", "Pre-proceedings started", "The legal planning meeting decided to start pre-proceedings"),
    ("letter_sent_on", "Letter before proceedings sent", ""),
    ("initial_meeting_on", "Initial pre-proceedings meeting", ""),
    ("step_decision_on", "Pre-proceedings decision", ""),
    ("court_application_on", "Application to start care proceedings", ""),
    ("proceedings_letter_on", "Letter initiating care proceedings", ""),
)


@source("child_protection", reads=(PreProceedings, "referral__child"))
def pre_proceedings(child_ids, start, end):
    entries = []
    for record in PreProceedings.objects.filter(referral__child_id__in=child_ids).select_related("referral"):
        child_id = record.referral.child_id
        href = link("preproceedings:overview", child_id)
        for name, title, detail in STEPS:
            day = getattr(record, name)
            if day is None:
                continue
            if name == "step_decision_on" and record.outcome:
                detail = f"{record.outcome}: {code_label('pre_proceedings_outcome', record.outcome)}"
            entries.append(ChronologyEntry(day, "child_protection", title, detail, href, None, child_id))
    return entries


@source("child_protection", reads=(PreProceedingsReviewMeeting, "pre_proceedings__referral__child"))
def pre_proceedings_review_meetings(child_ids, start, end):
    meetings = PreProceedingsReviewMeeting.objects.filter(
        pre_proceedings__referral__child_id__in=child_ids
    ).values_list("held_on", "pre_proceedings__referral__child_id")
    return [
        ChronologyEntry(
            held_on,
            "child_protection",
            "Pre-proceedings review meeting",
            "",
            link("preproceedings:overview", child_id),
            None,
            child_id,
        )
        for held_on, child_id in meetings
    ]

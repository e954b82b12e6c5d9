"""Every write to a child's pre-proceedings.

``pre_proceedings_start`` records the legal planning meeting's decision to start pre-proceedings
on an episode of need; ``pre_proceedings_update`` records the later steps as they happen (in any
order a worker gets to them), and ``pre_proceedings_review_meeting_record`` each review meeting.
Each checks the whole record before saving anything, so the steps always follow one another as
the Public Law Outline and DfE's draft census rules have them:

- the letter before proceedings is sent on or after the decision to start (9006), and says
  whether it offers a family group decision-making meeting (9007);
- the initial meeting follows the decision (and the letter, which invites the parents to it);
  review meetings follow the initial meeting and come before the decision to step up or down;
- the decision to step up or down is on or after the start (9009) and gives its outcome;
- the court application follows that decision (9012), and the letter to the parents initiating
  care proceedings follows the application (9013).

Dates are refused in the future, before the referral and after its closure. Edits carry the
version the form was opened at (``ConcurrentEditError`` when someone saved since).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.childinneed.models import Referral
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.preproceedings.models import PreProceedings, PreProceedingsReviewMeeting
from hearth.reference.selectors import is_valid_code
from hearth.transactions import atomic_action

__all__ = [
    "STEP_FIELDS",
    "ConcurrentEditError",
    "pre_proceedings_review_meeting_record",
    "pre_proceedings_start",
    "pre_proceedings_update",
]

Errors = dict[str, list[str]]

# What ``pre_proceedings_update`` may set, in the order the steps happen.
STEP_FIELDS = (
    "decided_on",
    "letter_sent_on",
    "fgdm_offered",
    "fgdm_facilitated",
    "initial_meeting_on",
    "step_decision_on",
    "outcome",
    "court_application_on",
    "proceedings_letter_on",
)
DATE_FIELDS = {
    "decided_on": "date the legal planning meeting decided to start pre-proceedings",
    "letter_sent_on": "date the letter before proceedings was sent",
    "initial_meeting_on": "date of the initial pre-proceedings meeting",
    "step_decision_on": "date of the decision to step up or down",
    "court_application_on": "date of the court application",
    "proceedings_letter_on": "date of the letter initiating care proceedings",
}


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _add(errors: Errors, field: str, problems: list[str] | str | None) -> None:
    if not problems:
        return
    errors.setdefault(field, []).extend([problems] if isinstance(problems, str) else problems)


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _date_problems(referral: Referral, day: date | None, what: str) -> list[str]:
    """A step's date: not in the future, within the episode of need."""
    if day is None:
        return []
    problems = []
    if day > timezone.localdate():
        problems.append(f"The {what} must be today or in the past")
    if day < referral.referral_date:
        problems.append(f"The {what} must be on or after the referral, on {_long(referral.referral_date)}")
    if referral.closure_date is not None and day > referral.closure_date:
        problems.append(
            f"The referral closed on {_long(referral.closure_date)}: the {what} must be on or before it"
        )
    return problems


def _after(errors: Errors, field: str, day: date | None, earlier: date | None, message: str) -> None:
    if day is not None and earlier is not None and day < earlier:
        _add(errors, field, message)


def step_errors(record: PreProceedings, reviews: list[date], others: list[PreProceedings]) -> Errors:
    """Everything wrong with the record as it would be saved. ``reviews`` are its review meetings'
    dates; ``others`` the episode's other pre-proceedings."""
    errors: Errors = {}
    referral = record.referral
    for name, what in DATE_FIELDS.items():
        _add(errors, name, _date_problems(referral, getattr(record, name), what))
    start = record.decided_on
    if start is None:
        _add(
            errors, "decided_on", "Enter the date the legal planning meeting decided to start pre-proceedings"
        )
    starting = f"pre-proceedings started, on {_long(start)}" if start else ""

    letter = record.letter_sent_on
    _after(
        errors,
        "letter_sent_on",
        letter,
        start,
        f"The letter before proceedings is sent on or after {starting}",
    )
    if letter is not None and record.fgdm_offered is None:
        _add(errors, "fgdm_offered", "Say whether the letter offered a family group decision-making meeting")
    if letter is None and record.fgdm_offered is not None:
        _add(
            errors,
            "letter_sent_on",
            "Enter the date the letter before proceedings was sent, which made or did not make the offer",
        )

    meeting = record.initial_meeting_on
    _after(errors, "initial_meeting_on", meeting, start, f"The initial meeting is on or after {starting}")
    if letter is not None:
        _after(
            errors,
            "initial_meeting_on",
            meeting,
            letter,
            f"The letter before proceedings, sent on {_long(letter)}, invites the parents to the initial "
            "meeting: the meeting is on or after it",
        )
    if reviews and meeting is None:
        _add(
            errors,
            "initial_meeting_on",
            "Review meetings are recorded: enter the date of the initial meeting",
        )
    elif reviews and meeting is not None and reviews[0] <= meeting:
        _add(
            errors,
            "initial_meeting_on",
            f"A review meeting was held on {_long(reviews[0])}: the initial meeting came before it",
        )

    decision, outcome = record.step_decision_on, record.outcome
    _after(
        errors,
        "step_decision_on",
        decision,
        start,
        f"The decision to step up or down is on or after {starting}",
    )
    if decision is not None and reviews and decision < reviews[-1]:
        _add(
            errors,
            "step_decision_on",
            f"A review meeting was held on {_long(reviews[-1])}: the decision to step up or down came after it",
        )
    if decision is not None and not outcome:
        _add(errors, "outcome", "Select the outcome of pre-proceedings")
    elif outcome and decision is None:
        _add(
            errors,
            "step_decision_on",
            "Enter the date of the decision to step up or down, which gave the outcome",
        )
    if outcome and not is_valid_code("pre_proceedings_outcome", outcome, on=decision):
        _add(errors, "outcome", "Select an outcome from the DfE list")

    application = record.court_application_on
    if application is not None and decision is None:
        _add(
            errors,
            "court_application_on",
            "Record the decision to step up into care proceedings before the court application",
        )
    _after(
        errors,
        "court_application_on",
        application,
        decision,
        f"The court application follows the decision to step up, on {_long(decision) if decision else ''}",
    )
    letter_to_parents = record.proceedings_letter_on
    if letter_to_parents is not None and application is None:
        _add(
            errors,
            "proceedings_letter_on",
            "Enter the date of the court application: the letter initiating care proceedings follows it",
        )
    _after(
        errors,
        "proceedings_letter_on",
        letter_to_parents,
        application,
        f"The letter initiating care proceedings follows the court application, on "
        f"{_long(application) if application else ''}",
    )

    # One set of pre-proceedings at a time within the episode.
    for other in others:
        if start is None:
            break
        if other.decided_on <= start:
            if other.step_decision_on is None:
                _add(
                    errors,
                    "decided_on",
                    f"Pre-proceedings started on {_long(other.decided_on)} have no decision to step up or down "
                    "yet: record it first",
                )
            elif start <= other.step_decision_on:
                _add(
                    errors,
                    "decided_on",
                    f"The pre-proceedings before ended with a decision on {_long(other.step_decision_on)}: "
                    "new pre-proceedings start after it",
                )
        elif decision is None or decision >= other.decided_on:
            _add(
                errors,
                "step_decision_on",
                f"Later pre-proceedings started on {_long(other.decided_on)}: these ended with a decision "
                "before that day",
            )
    return errors


def _clean(record: PreProceedings, errors: Errors) -> None:
    try:
        record.full_clean(exclude=["referral"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            _add(errors, name, messages)


@atomic_action
def pre_proceedings_start(*, referral: Referral, decided_on: date, by) -> PreProceedings:
    """The legal planning meeting decided on ``decided_on`` to start pre-proceedings (PPStartDate)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    errors: Errors = {}
    if referral.no_further_action:
        _add(errors, "decided_on", "A referral with no further action has no pre-proceedings")
    record = PreProceedings(referral=referral, decided_on=decided_on, created_by=by)
    others = list(referral.pre_proceedings.all())
    for problems in step_errors(record, [], others).values():
        _add(errors, "decided_on", problems)  # the one date given
    _raise_if(errors)
    _clean(record, errors)
    _raise_if(errors)
    record._history_user = by
    record.save()
    return record


@atomic_action
def pre_proceedings_update(
    *, pre_proceedings: PreProceedings, by, expected_version: int | None = None, **steps
) -> PreProceedings:
    """Record (or correct) the steps given in ``steps`` (any of ``STEP_FIELDS``); the others
    stay as they are."""
    unknown = set(steps) - set(STEP_FIELDS)
    if unknown:
        raise TypeError(f"Unknown pre-proceedings steps: {', '.join(sorted(unknown))}")
    record = PreProceedings.objects.select_related("referral").get(pk=pre_proceedings.pk)
    if "outcome" in steps:
        steps["outcome"] = (steps["outcome"] or "").strip().upper()
    for name, value in steps.items():
        setattr(record, name, value)
    reviews = list(record.review_meetings.order_by("held_on").values_list("held_on", flat=True))
    others = list(record.referral.pre_proceedings.exclude(pk=record.pk))
    errors = step_errors(record, reviews, others)
    _raise_if(errors)
    _clean(record, errors)
    _raise_if(errors)
    record._history_user = by
    save_if_unchanged(
        record,
        expected_version=pre_proceedings.version if expected_version is None else expected_version,
        fields=list(steps),
    )
    return record


@atomic_action
def pre_proceedings_review_meeting_record(
    *, pre_proceedings: PreProceedings, held_on: date, by, expected_version: int | None = None
) -> PreProceedingsReviewMeeting:
    """A review meeting held on ``held_on``, after the initial meeting and before the decision
    to step up or down. The census counts them (ReviewMeetingsCount)."""
    record = PreProceedings.objects.select_related("referral").get(pk=pre_proceedings.pk)
    errors: Errors = {}
    problems = _date_problems(record.referral, held_on, "date of the review meeting")
    if held_on is None:
        problems.append("Enter the date of the review meeting")
    elif record.initial_meeting_on is None:
        problems.append("Record the initial pre-proceedings meeting first: review meetings follow it")
    else:
        if held_on <= record.initial_meeting_on:
            problems.append(
                f"A review meeting follows the initial meeting, held on {_long(record.initial_meeting_on)}"
            )
        if record.step_decision_on is not None and held_on > record.step_decision_on:
            problems.append(
                f"Pre-proceedings ended with the decision on {_long(record.step_decision_on)}: "
                "a review meeting comes before it"
            )
        if record.review_meetings.filter(held_on=held_on).exists():
            problems.append(f"A review meeting on {_long(held_on)} is already recorded")
    _add(errors, "held_on", problems)
    _raise_if(errors)
    meeting = PreProceedingsReviewMeeting(pre_proceedings=record, held_on=held_on, created_by=by)
    try:
        meeting.full_clean(exclude=["pre_proceedings"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    # Raise the record's version, so a form opened before this meeting was added is refused.
    record._history_user = by
    save_if_unchanged(
        record,
        expected_version=pre_proceedings.version if expected_version is None else expected_version,
        fields=[],
    )
    meeting._history_user = by
    meeting.save()
    return meeting

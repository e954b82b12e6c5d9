"""Reading assessments and their 45-working-day clock."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from hearth.assessment.models import Assessment
from hearth.childinneed.models import Referral
from hearth.childinneed.selectors import open_referral
from hearth.reference.selectors import code_label
from hearth.timescales.clocks import due_date
from hearth.timescales.working_days import working_days_between


def open_assessment(referral: Referral) -> Assessment | None:
    """The episode's assessment that is not yet authorised (there is at most one). One query."""
    return referral.assessments.filter(authorised_on__isnull=True).order_by("-start_date", "-pk").first()


def assessment_due(assessment: Assessment) -> date:
    """The assessment is due 45 working days after the referral (not the start of the assessment)."""
    return due_date_for_referral(assessment.referral)


def due_date_for_referral(referral: Referral) -> date:
    return due_date("assessment.complete", referral.referral_date)


def factor_labels(assessment: Assessment) -> list[tuple[str, str]]:
    """(code, label) for the assessment's factors, from the cached code list."""
    return [(code, code_label("assessment_factor", code)) for code in assessment.factors]


@dataclass(frozen=True)
class AssessmentClock:
    due: date
    # Working days from the referral to authorisation, once authorised (DfE's timeliness measure).
    taken: int | None
    # Working days left until the due date (negative when overdue), while the assessment is open.
    remaining: int | None

    @property
    def is_open(self) -> bool:
        return self.taken is None

    @property
    def overdue(self) -> bool:
        return self.remaining is not None and self.remaining < 0

    @property
    def in_timescale(self) -> bool | None:
        return None if self.taken is None else self.taken <= 45

    @property
    def days_overdue(self) -> int:
        return -self.remaining if self.overdue else 0


def assessment_clock(assessment: Assessment, *, today: date | None = None) -> AssessmentClock:
    today = today or timezone.localdate()
    due = assessment_due(assessment)
    if assessment.authorised_on:
        taken = working_days_between(assessment.referral.referral_date, assessment.authorised_on)
        return AssessmentClock(due=due, taken=taken, remaining=None)
    return AssessmentClock(due=due, taken=None, remaining=working_days_between(today, due))


def child_assessments(child) -> list[Assessment]:
    """Every assessment of the child, newest first, with its referral and authoriser. One query."""
    return list(
        Assessment.objects.filter(referral__child=child)
        .select_related("referral", "authorised_by")
        .order_by("-start_date", "-pk")
    )


def assessment_for_child(child, pk: int) -> Assessment:
    """The child's assessment ``pk``, or Assessment.DoesNotExist if it is not theirs."""
    return Assessment.objects.select_related(
        "referral", "referral__child", "authorised_by", "created_by"
    ).get(pk=pk, referral__child=child)


def current_referral(child) -> Referral | None:
    """The child's open episode, where new work is recorded. One query."""
    return open_referral(child)

"""Writing assessments: start, record as the work goes, complete (submit) and authorise.

Every function validates the whole change, then saves it with its history in one
transaction; bad input raises ValidationError with a message per field and saves nothing.
Edits go through ``save_if_unchanged`` so a worker saving over someone else's change is told.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.accounts.roles import Role
from hearth.assessment.models import Assessment
from hearth.childinneed.models import Referral
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.reference.selectors import is_valid_code
from hearth.transactions import atomic_action

__all__ = [
    "ConcurrentEditError",
    "assessment_authorise",
    "assessment_complete",
    "assessment_record",
    "assessment_start",
    "episode_date_errors",
    "factor_errors",
]

NO_FACTORS = "21"
RECORDABLE_FIELDS = (
    "start_date",
    "child_seen_on",
    "child_seen_alone",
    "child_views",
    "analysis",
    "factors",
    "outcome",
)


def episode_date_errors(referral: Referral, day: date | None, what: str) -> list[str]:
    """What is wrong with ``day`` as the date of something that happened in ``referral``'s
    episode: not in the future, not before the child was born (unless the referral was made
    before the birth), not before the referral and not after the episode closed."""
    if day is None:
        return []
    problems = []
    child = referral.child
    if day > timezone.localdate():
        problems.append(f"The {what} must be today or in the past")
    # A pre-birth referral's work starts before the birth; once the child is born, those dates
    # stay valid. Only an episode that began after the birth is held to the date of birth.
    born_before_referral = child.date_of_birth and child.date_of_birth <= referral.referral_date
    if born_before_referral and day < child.date_of_birth:
        problems.append(
            f"The {what} must be on or after the child's date of birth, {child.date_of_birth:%-d %B %Y}"
        )
    if day < referral.referral_date:
        problems.append(
            f"The {what} must be on or after the referral date, {referral.referral_date:%-d %B %Y}"
        )
    if referral.closure_date and day > referral.closure_date:
        problems.append(
            f"The {what} must be on or before the date the case closed, {referral.closure_date:%-d %B %Y}"
        )
    return problems


def factor_errors(factors: list[str], *, on: date | None = None) -> list[str]:
    """The DfE rules for factors identified at assessment (8869, 8898, valid codes)."""
    problems = []
    unknown = [code for code in factors if not is_valid_code("assessment_factor", code, on=on)]
    if unknown:
        problems.append(
            f"{', '.join(unknown)} {'is not a' if len(unknown) == 1 else 'are not'} valid factor code"
        )
    if len(set(factors)) != len(factors):
        problems.append("Each factor can be chosen only once")
    if NO_FACTORS in factors and len(factors) > 1:
        problems.append("'No factors identified' cannot be chosen with other factors")
    return problems


def _add(errors: dict[str, list[str]], field: str, problems: list[str]) -> None:
    if problems:
        errors.setdefault(field, []).extend(problems)


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _check(assessment: Assessment) -> dict[str, list[str]]:
    """The rules that hold for an assessment at every stage."""
    errors: dict[str, list[str]] = {}
    referral = assessment.referral
    _add(errors, "start_date", episode_date_errors(referral, assessment.start_date, "start date"))
    seen = assessment.child_seen_on
    if seen is not None:
        _add(errors, "child_seen_on", episode_date_errors(referral, seen, "date the child was seen"))
        if assessment.start_date and seen < assessment.start_date:
            _add(errors, "child_seen_on", ["The date the child was seen must be on or after the start date"])
    elif assessment.child_seen_alone:
        _add(errors, "child_seen_on", ["Enter the date the child was seen, if they were seen alone"])
    if assessment.completed_on is None:
        if assessment.factors:
            _add(errors, "factors", ["Factors are recorded when the assessment is completed"])
    else:
        _add(
            errors, "completed_on", episode_date_errors(referral, assessment.completed_on, "completion date")
        )
        if assessment.start_date and assessment.completed_on < assessment.start_date:
            _add(errors, "completed_on", ["The completion date must be on or after the start date"])
        if not assessment.factors:
            _add(errors, "factors", ["Select the factors identified, or 'No factors identified'"])
        _add(errors, "factors", factor_errors(list(assessment.factors), on=assessment.completed_on))
        if not assessment.outcome:
            _add(errors, "outcome", ["Select the outcome of the assessment"])
    if assessment.authorised_on is not None:
        _add(
            errors,
            "authorised_on",
            episode_date_errors(referral, assessment.authorised_on, "authorisation date"),
        )
        if assessment.completed_on and assessment.authorised_on < assessment.completed_on:
            _add(errors, "authorised_on", ["The authorisation date must be on or after the completion date"])
    try:
        assessment.full_clean(exclude=["referral", "created_by", "authorised_by"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            _add(errors, field, messages)
    return errors


def _save(assessment: Assessment, *, by, expected_version: int, fields: list[str]) -> None:
    assessment._history_user = by
    save_if_unchanged(assessment, expected_version=expected_version, fields=fields)


@atomic_action
def assessment_start(*, referral: Referral, start_date: date, by) -> Assessment:
    """Start a single assessment in the referral's episode (one open assessment at a time)."""
    referral = Referral.objects.select_for_update().select_related("child").get(pk=referral.pk)
    assessment = Assessment(referral=referral, start_date=start_date, created_by=by)
    errors = _check(assessment)
    if referral.no_further_action:
        _add(
            errors, "start_date", ["This referral was closed with no further action, so it has no assessment"]
        )
    open_one = referral.assessments.filter(authorised_on__isnull=True).first()
    if open_one is not None:
        _add(
            errors,
            "start_date",
            [f"There is already an open assessment in this episode, started {open_one.start_date:%-d %B %Y}"],
        )
    _raise_if(errors)
    assessment._history_user = by
    assessment.save()
    return assessment


def _editable(assessment: Assessment) -> None:
    if assessment.authorised_on is not None:
        raise ValidationError("This assessment has been authorised and can no longer be changed")


@atomic_action
def assessment_record(*, assessment: Assessment, by, expected_version: int, **fields) -> Assessment:
    """Record the work of an open assessment: seen dates, the child's views, analysis, and
    (once completed) the factors and outcome. Only the fields given change."""
    unknown = set(fields) - set(RECORDABLE_FIELDS)
    if unknown:
        raise TypeError(f"assessment_record cannot change {', '.join(sorted(unknown))}")
    _editable(assessment)
    for name, value in fields.items():
        if name == "factors":
            value = list(value or [])
        if name in ("child_views", "analysis", "outcome") and value is None:
            value = ""
        setattr(assessment, name, value)
    _raise_if(_check(assessment))
    _save(assessment, by=by, expected_version=expected_version, fields=list(fields))
    return assessment


@atomic_action
def assessment_complete(
    *,
    assessment: Assessment,
    completed_on: date,
    factors: list[str],
    outcome: str,
    by,
    expected_version: int | None = None,
) -> Assessment:
    """The worker completes the assessment and submits it to a manager for authorisation."""
    expected = assessment.version if expected_version is None else expected_version
    _editable(assessment)
    if assessment.completed_on is not None:
        raise ValidationError(
            {
                "completed_on": [
                    f"This assessment was already completed on {assessment.completed_on:%-d %B %Y}"
                ]
            }
        )
    if completed_on is None:
        raise ValidationError({"completed_on": ["Enter the date the assessment was completed"]})
    assessment.completed_on = completed_on
    assessment.factors = list(factors or [])
    assessment.outcome = outcome or ""
    _raise_if(_check(assessment))
    _save(assessment, by=by, expected_version=expected, fields=["completed_on", "factors", "outcome"])
    return assessment


@atomic_action
def assessment_authorise(
    *, assessment: Assessment, authorised_on: date, by, expected_version: int | None = None
) -> Assessment:
    """A team manager authorises a completed assessment; this closes it (DfE's authorisation date)."""
    expected = assessment.version if expected_version is None else expected_version
    if by is None or not by.has_role(Role.TEAM_MANAGER):
        raise ValidationError("Only a team manager can authorise an assessment")
    if assessment.authorised_on is not None:
        raise ValidationError(
            {
                "authorised_on": [
                    f"This assessment was already authorised on {assessment.authorised_on:%-d %B %Y}"
                ]
            }
        )
    if assessment.completed_on is None:
        raise ValidationError(
            {"authorised_on": ["The assessment must be completed and submitted before it is authorised"]}
        )
    if authorised_on is None:
        raise ValidationError({"authorised_on": ["Enter the date the assessment was authorised"]})
    assessment.authorised_on = authorised_on
    assessment.authorised_by = by
    _raise_if(_check(assessment))
    _save(assessment, by=by, expected_version=expected, fields=["authorised_on", "authorised_by"])
    return assessment

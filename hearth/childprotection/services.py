"""Writing child protection work: strategy discussion, section 47, conferences, the plan.

The order is the statutory one and each step checks the one before: a section 47 enquiry
needs a strategy discussion that initiated it; an initial conference needs a section 47
enquiry (or is a transfer-in); a plan starts only at an initial conference that decided on
one, on the conference date (DfE 2885); a review conference continues or ends it.

Every function validates everything first and raises ValidationError (a message per field),
then saves with its history in one transaction, so bad input changes nothing.

A CP plan and a CIN plan never run at the same time (DfE 4001/4016/4017). When an initial
conference starts a CP plan while the child has an open CIN plan, the CIN plan ends on the
conference date in the same action: the conference has replaced it, and that is what
workers expect to happen (asking them to end it first would mean guessing the conference's
decision). A CIN plan that started after the conference date, or a closed one running past
it, is refused with a message naming it, because the record is then wrong somewhere else.
"""

from datetime import date

from django.core.exceptions import ValidationError

from hearth.accounts.roles import Role
from hearth.assessment.services import episode_date_errors
from hearth.childinneed.models import CINPlan, Referral
from hearth.childinneed.services import cin_plan_end
from hearth.childprotection.models import (
    ChildProtectionPlan,
    Conference,
    CoreGroup,
    Section47,
    StrategyDiscussion,
)
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.reference.selectors import is_valid_code
from hearth.transactions import atomic_action

__all__ = [
    "ConcurrentEditError",
    "conference_hold",
    "core_group_record",
    "cp_plan_carry_over",
    "cp_plan_end",
    "section_47_conclude",
    "section_47_start",
    "strategy_discussion_record",
]

Errors = dict[str, list[str]]


def _add(errors: Errors, field: str, problems: list[str] | str) -> None:
    if isinstance(problems, str):
        problems = [problems]
    if problems:
        errors.setdefault(field, []).extend(problems)


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _locked_referral(referral: Referral) -> Referral:
    """The referral, locked for this transaction so two workers' steps in one episode queue."""
    return Referral.objects.select_for_update().select_related("child").get(pk=referral.pk)


def _save_new(record, by) -> None:
    record._history_user = by
    record.save()


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


# Strategy discussion and section 47 ------------------------------------------------------


def clean_attendees(attendees: list[dict]) -> tuple[list[dict], list[str]]:
    """Attendees as [{"agency": ..., "name": ...}] with blanks trimmed, and any problems."""
    cleaned, problems = [], []
    for number, attendee in enumerate(attendees or [], start=1):
        agency = str(attendee.get("agency", "")).strip()
        name = str(attendee.get("name", "")).strip()
        if not agency and not name:
            continue
        if not agency or not name:
            problems.append(f"Attendee {number}: enter both the agency and the person's name")
            continue
        cleaned.append({"agency": agency, "name": name})
    if not cleaned and not problems:
        problems.append("Enter who attended, with their agency")
    return cleaned, problems


@atomic_action
def strategy_discussion_record(
    *,
    referral: Referral,
    held_on: date,
    attendees: list[dict],
    section_47_initiated: bool,
    by,
    decision_notes: str = "",
) -> StrategyDiscussion:
    referral = _locked_referral(referral)
    errors: Errors = {}
    if held_on is None:
        _add(errors, "held_on", "Enter the date of the strategy discussion")
    _add(errors, "held_on", episode_date_errors(referral, held_on, "date of the strategy discussion"))
    people, problems = clean_attendees(attendees)
    _add(errors, "attendees", problems)
    if section_47_initiated is None:
        _add(errors, "section_47_initiated", "Select whether a section 47 enquiry was started")
    elif section_47_initiated and referral.no_further_action:
        _add(
            errors,
            "section_47_initiated",
            "This referral was closed with no further action, so it cannot have a section 47 enquiry",
        )
    _raise_if(errors)
    discussion = StrategyDiscussion(
        referral=referral,
        held_on=held_on,
        attendees=people,
        section_47_initiated=bool(section_47_initiated),
        decision_notes=decision_notes or "",
        created_by=by,
    )
    discussion.full_clean()
    _save_new(discussion, by)
    return discussion


@atomic_action
def section_47_start(*, strategy_discussion: StrategyDiscussion, start_date: date, by) -> Section47:
    referral = _locked_referral(strategy_discussion.referral)
    errors: Errors = {}
    if not strategy_discussion.section_47_initiated:
        _add(
            errors,
            "strategy_discussion",
            f"The strategy discussion on {_long(strategy_discussion.held_on)} did not start a section 47 enquiry",
        )
    elif Section47.objects.filter(strategy_discussion=strategy_discussion).exists():
        _add(
            errors,
            "strategy_discussion",
            f"The strategy discussion on {_long(strategy_discussion.held_on)} already has its section 47 enquiry",
        )
    if start_date is None:
        _add(errors, "start_date", "Enter the date the section 47 enquiry started")
    else:
        _add(errors, "start_date", episode_date_errors(referral, start_date, "start date"))
        if start_date < strategy_discussion.held_on:
            _add(
                errors, "start_date", "The section 47 enquiry must start on or after the strategy discussion"
            )
    if referral.no_further_action:
        _add(
            errors,
            "start_date",
            "This referral was closed with no further action, so it has no section 47 enquiry",
        )
    _raise_if(errors)
    enquiry = Section47(
        referral=referral, strategy_discussion=strategy_discussion, start_date=start_date, created_by=by
    )
    enquiry.full_clean()
    _save_new(enquiry, by)
    return enquiry


@atomic_action
def section_47_conclude(
    *, section_47: Section47, completed_on: date, outcome: str, by, expected_version: int | None = None
) -> Section47:
    """Record the enquiry's outcome; an outcome other than "conference" means no ICPC (ICPCnotRequired)."""
    expected = section_47.version if expected_version is None else expected_version
    referral = _locked_referral(section_47.referral)
    errors: Errors = {}
    if section_47.completed_on is not None:
        _add(
            errors, "completed_on", f"This enquiry was already concluded on {_long(section_47.completed_on)}"
        )
    if completed_on is None:
        _add(errors, "completed_on", "Enter the date the enquiry concluded")
    else:
        _add(
            errors, "completed_on", episode_date_errors(referral, completed_on, "date the enquiry concluded")
        )
        if completed_on < section_47.start_date:
            _add(errors, "completed_on", "The enquiry must conclude on or after the day it started")
    if outcome not in Section47.Outcome.values:
        _add(errors, "outcome", "Select the outcome of the enquiry")
    elif outcome != Section47.Outcome.CONFERENCE and section_47.conferences.exists():
        _add(errors, "outcome", "An initial conference has already been held for this enquiry")
    _raise_if(errors)
    section_47.completed_on = completed_on
    section_47.outcome = outcome
    section_47.conference_not_required = outcome != Section47.Outcome.CONFERENCE
    section_47.full_clean()
    section_47._history_user = by
    save_if_unchanged(
        section_47,
        expected_version=expected,
        fields=["completed_on", "outcome", "conference_not_required"],
    )
    return section_47


# Conferences and the plan -----------------------------------------------------------------


def _child_plans(child):
    return ChildProtectionPlan.objects.filter(referral__child=child)


def _plan_start_errors(referral: Referral, start: date, category: str) -> Errors:
    """What stops a CP plan for ``referral``'s child starting on ``start``."""
    errors: Errors = {}
    if not category:
        _add(errors, "category", "Select the category of abuse for the plan")
    elif not is_valid_code("abuse_category", category, on=start):
        _add(errors, "category", "Select a category of abuse from the list")
    plans = list(_child_plans(referral.child))
    open_plan = next((plan for plan in plans if plan.end_date is None), None)
    if open_plan is not None:
        _add(
            errors,
            "outcome",
            f"The child already has a child protection plan, from {_long(open_plan.start_date)}",
        )
    for plan in plans:
        # Plans are end-exclusive: one may start on the day the previous one ended.
        if plan.end_date is not None and plan.start_date <= start < plan.end_date:
            _add(
                errors,
                "held_on",
                f"The child had a child protection plan from {_long(plan.start_date)} to {_long(plan.end_date)}; "
                "a new plan cannot start inside it",
            )
        if plan.start_date > start:
            _add(
                errors,
                "held_on",
                f"A later child protection plan from {_long(plan.start_date)} is already recorded",
            )
    return errors


def _cin_plans_to_end(referral: Referral, start: date, errors: Errors) -> list[CINPlan]:
    """The open CIN plan that the new CP plan replaces; refuse CIN plans that would overlap it
    in a way ending them on ``start`` cannot fix."""
    to_end = []
    for cin_plan in CINPlan.objects.filter(referral__child=referral.child).select_for_update():
        ends = cin_plan.end_date
        if cin_plan.start_date > start or (
            cin_plan.start_date == start and ends is not None and ends > start
        ):
            _add(
                errors,
                "held_on",
                f"The CIN plan from {_long(cin_plan.start_date)} starts on or after this conference; "
                "a CIN plan and a child protection plan cannot run at the same time. Correct the CIN plan first",
            )
        elif ends is None:
            to_end.append(cin_plan)
        elif ends > start:
            _add(
                errors,
                "held_on",
                f"The CIN plan from {_long(cin_plan.start_date)} to {_long(ends)} runs past this conference; "
                "a CIN plan and a child protection plan cannot run at the same time. Correct the CIN plan first",
            )
    return to_end


def _conference_date_errors(referral: Referral, held_on: date | None) -> list[str]:
    if held_on is None:
        return ["Enter the date of the conference"]
    problems = episode_date_errors(referral, held_on, "date of the conference")
    if held_on.weekday() >= 5:
        problems.append("A conference cannot be held on a Saturday or Sunday")
    return problems


@atomic_action
def conference_hold(
    *,
    referral: Referral,
    kind: str,
    held_on: date,
    chair,
    outcome: str,
    category: str = "",
    section_47: Section47 | None = None,
    by,
    notes: str = "",
) -> Conference:
    """Record a conference and what it decided.

    An initial (or transfer-in) conference deciding on a plan starts the ChildProtectionPlan
    on the conference date; a review conference continues the open plan (optionally changing
    its latest category) or ends it on the conference date.
    """
    referral = _locked_referral(referral)
    errors: Errors = {}
    _add(errors, "held_on", _conference_date_errors(referral, held_on))
    if chair is None or not chair.has_role(Role.CP_CHAIR_IRO):
        _add(errors, "chair", "A conference must be chaired by a child protection chair")
    category = category or ""
    plan = None
    cin_plans: list[CINPlan] = []
    if kind in (Conference.Kind.INITIAL, Conference.Kind.TRANSFER_IN):
        if outcome not in (Conference.Outcome.PLAN, Conference.Outcome.NO_PLAN):
            _add(errors, "outcome", "Select whether the child needs a child protection plan")
        if kind == Conference.Kind.INITIAL:
            _add(errors, "section_47", _initial_conference_enquiry_errors(referral, section_47, held_on))
        elif section_47 is not None:
            _add(errors, "section_47", "A transfer-in conference does not follow a section 47 enquiry here")
        if referral.no_further_action:
            _add(
                errors, "outcome", "This referral was closed with no further action, so it has no conference"
            )
        if outcome == Conference.Outcome.PLAN and held_on is not None:
            for field, problems in _plan_start_errors(referral, held_on, category).items():
                _add(errors, field, problems)
            cin_plans = _cin_plans_to_end(referral, held_on, errors)
        elif outcome == Conference.Outcome.NO_PLAN and category:
            _add(errors, "category", "Leave the category empty when the child does not need a plan")
    elif kind == Conference.Kind.REVIEW:
        if section_47 is not None:
            _add(errors, "section_47", "A review conference reviews the plan, not a section 47 enquiry")
        if outcome not in (Conference.Outcome.CONTINUE, Conference.Outcome.END_PLAN):
            _add(errors, "outcome", "Select whether the plan continues or ends")
        plan = ChildProtectionPlan.objects.filter(referral=referral, end_date__isnull=True).first()
        if plan is None:
            _add(errors, "kind", "There is no open child protection plan to review")
        elif held_on is not None:
            latest = plan.review_conferences.order_by("-held_on").first()
            if held_on <= plan.start_date:
                _add(
                    errors,
                    "held_on",
                    f"A review conference must be after the plan started, {_long(plan.start_date)}",
                )
            elif latest is not None and held_on <= latest.held_on:
                _add(
                    errors,
                    "held_on",
                    f"A review conference must be after the last review, {_long(latest.held_on)}",
                )
        if category and not is_valid_code("abuse_category", category, on=held_on):
            _add(errors, "category", "Select a category of abuse from the list")
    else:
        _add(errors, "kind", "Select the kind of conference")
    _raise_if(errors)

    conference = Conference(
        referral=referral,
        kind=kind,
        section_47=section_47 if kind == Conference.Kind.INITIAL else None,
        plan=plan,
        held_on=held_on,
        chair=chair,
        outcome=outcome,
        category=category,
        notes=notes or "",
        created_by=by,
    )
    conference.full_clean()
    _save_new(conference, by)
    if kind != Conference.Kind.REVIEW and outcome == Conference.Outcome.PLAN:
        for cin_plan in cin_plans:
            _cin_plan_end(cin_plan, end_date=held_on, by=by)
        new_plan = ChildProtectionPlan(
            referral=referral,
            initial_conference=conference,
            start_date=held_on,
            initial_category=category,
            latest_category=category,
            created_by=by,
        )
        new_plan.full_clean()
        _save_new(new_plan, by)
    elif plan is not None:
        if category and category != plan.latest_category:
            plan.latest_category = category
            plan._history_user = by
            save_if_unchanged(plan, expected_version=plan.version, fields=["latest_category"])
        if outcome == Conference.Outcome.END_PLAN:
            _end_plan(
                plan, end_date=held_on, reason="The review conference decided the plan should end", by=by
            )
    return conference


def _initial_conference_enquiry_errors(
    referral: Referral, section_47: Section47 | None, held_on
) -> list[str]:
    if section_47 is None:
        return ["An initial conference needs the section 47 enquiry that led to it"]
    if section_47.referral_id != referral.pk:
        return ["The section 47 enquiry belongs to a different referral"]
    problems = []
    if held_on is not None and held_on < section_47.start_date:
        problems.append(
            f"The conference must be on or after the section 47 enquiry started, {_long(section_47.start_date)}"
        )
    if section_47.completed_on and section_47.conference_not_required:
        problems.append(
            f"The section 47 enquiry concluded on {_long(section_47.completed_on)} that no conference was needed"
        )
    if Conference.objects.filter(section_47=section_47).exists():
        problems.append("This section 47 enquiry already has its initial conference")
    return problems


def _cin_plan_end(cin_plan: CINPlan, *, end_date: date, by) -> None:
    """End the CIN plan the new CP plan replaces, through the child in need app's service, in
    this transaction so the conference, the new plan and the ended CIN plan are saved together."""
    try:
        cin_plan_end(plan=cin_plan, end_date=end_date, by=by)
    except ValidationError as error:
        raise ValidationError(
            {
                "held_on": [
                    f"The CIN plan from {_long(cin_plan.start_date)} cannot be ended on the date of the conference: "
                    + " ".join(error.messages)
                ]
            }
        ) from error


def _end_plan(plan: ChildProtectionPlan, *, end_date: date, reason: str, by, expected_version=None) -> None:
    plan.end_date = end_date
    plan.end_reason = reason
    plan.full_clean()
    plan._history_user = by
    save_if_unchanged(
        plan,
        expected_version=plan.version if expected_version is None else expected_version,
        fields=["end_date", "end_reason"],
    )


@atomic_action
def core_group_record(*, plan: ChildProtectionPlan, held_on: date, by, notes: str = "") -> CoreGroup:
    referral = _locked_referral(plan.referral)
    errors: Errors = {}
    if held_on is None:
        _add(errors, "held_on", "Enter the date of the core group meeting")
    else:
        _add(errors, "held_on", episode_date_errors(referral, held_on, "date of the core group meeting"))
        if held_on < plan.start_date:
            _add(
                errors,
                "held_on",
                f"A core group must be on or after the plan started, {_long(plan.start_date)}",
            )
        if plan.end_date and held_on > plan.end_date:
            _add(errors, "held_on", f"The plan ended on {_long(plan.end_date)}")
    _raise_if(errors)
    core_group = CoreGroup(plan=plan, held_on=held_on, notes=notes or "", created_by=by)
    core_group.full_clean()
    _save_new(core_group, by)
    return core_group


@atomic_action
def cp_plan_end(
    *, plan: ChildProtectionPlan, end_date: date, reason: str, by, expected_version: int | None = None
) -> ChildProtectionPlan:
    """End a plan outside a review conference (for example, the child moved to another authority)."""
    referral = _locked_referral(plan.referral)
    errors: Errors = {}
    if plan.end_date is not None:
        _add(errors, "end_date", f"This plan already ended on {_long(plan.end_date)}")
    if end_date is None:
        _add(errors, "end_date", "Enter the date the plan ended")
    else:
        _add(errors, "end_date", episode_date_errors(referral, end_date, "end date"))
        if end_date < plan.start_date:
            _add(errors, "end_date", f"The plan cannot end before it started, {_long(plan.start_date)}")
        latest = plan.review_conferences.order_by("-held_on").first()
        if latest is not None and end_date < latest.held_on:
            _add(errors, "end_date", f"The plan was reviewed on {_long(latest.held_on)}, after this date")
    if not (reason or "").strip():
        _add(errors, "reason", "Enter why the plan ended")
    _raise_if(errors)
    _end_plan(plan, end_date=end_date, reason=reason.strip(), by=by, expected_version=expected_version)
    return plan


@atomic_action
def cp_plan_carry_over(
    *, plan: ChildProtectionPlan, by, earlier_plans_elsewhere: int, latest_category: str = ""
) -> ChildProtectionPlan:
    """Record what a legacy import knows of a plan that Hearth's own steps cannot show: how many
    plans the child had before Hearth's record begins, and a latest category set at a review
    conference the imported return leaves out (one held before its year)."""
    plan = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
    errors: Errors = {}
    if earlier_plans_elsewhere is None or earlier_plans_elsewhere < 0:
        _add(errors, "earlier_plans_elsewhere", "Enter how many earlier plans the child had, 0 or more")
    if latest_category and not is_valid_code("abuse_category", latest_category, on=plan.start_date):
        _add(errors, "latest_category", "Select a category of abuse from the list")
    _raise_if(errors)
    plan.earlier_plans_elsewhere = earlier_plans_elsewhere
    fields = ["earlier_plans_elsewhere"]
    if latest_category:
        plan.latest_category = latest_category
        fields.append("latest_category")
    plan.full_clean()
    plan._history_user = by
    save_if_unchanged(plan, expected_version=plan.version, fields=fields)
    return plan

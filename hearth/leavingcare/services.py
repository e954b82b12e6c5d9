"""Every write to a care leaver's record.

Who may have one: a young person who has been looked after and has left care, or turned 18.
The eligibility decision, personal adviser, needs assessment and pathway plan may also be
recorded for an eligible child still in care from their 16th birthday, because the duties to
assess and plan start then (Care Planning Regs 2010, regs 41–43); staying put, birthday
contacts and requests for support from 21 to 25 are for young people who have left care.

Each function checks everything first and raises ``ValidationError`` with a message per field,
then saves with its history in one transaction; bad input changes nothing. Edits carry the
version the form was opened at (``ConcurrentEditError`` if someone saved first).
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.leavingcare.models import (
    AdviserContact,
    BirthdayContact,
    Category,
    EligibilityDecision,
    NeedsAssessment,
    PathwayPlan,
    PathwayPlanReview,
    PersonalAdviser,
    StayingPut,
    SupportRequest,
)
from hearth.leavingcare.selectors import (
    OC3_AGES,
    SUPPORT_AGES,
    birthday,
    care_history,
    contact_window,
    suggested_category,
)
from hearth.people.models import Person
from hearth.reference.selectors import is_valid_code
from hearth.transactions import atomic_action

__all__ = [
    "ConcurrentEditError",
    "adviser_contact_record",
    "birthday_contact_record",
    "birthday_contact_update",
    "eligibility_decide",
    "needs_assessment_record",
    "pathway_plan_record",
    "pathway_plan_review",
    "personal_adviser_assign",
    "staying_put_end",
    "staying_put_start",
    "support_request_record",
]

Errors = dict[str, list[str]]
NO_INFORMATION = "0"
# OC3: a young person who has died or has returned to a parent for a continuous 6 months or more
# (RHOM) has no activity or accommodation to report (DfE rule 344). DfE does not require 0 for REFU;
# Hearth records 0 there too, as the trust has no contact to learn them from.
NO_INFORMATION_IN_TOUCH = frozenset({"DIED", "REFU", "RHOM"})
# Staying put with former foster carers (Z1, Z2) begins at 18: not at the 17th birthday (rule 3001).
FORMER_FOSTER_CARERS = frozenset({"Z1", "Z2"})


def _staying_put_errors(age: int | None, accommodation: str) -> Errors:
    errors: Errors = {}
    if age == 17 and accommodation in FORMER_FOSTER_CARERS:
        _add(
            errors,
            "accommodation",
            "At 17 a young person cannot be living with former foster carers (staying put begins "
            "at 18): choose the accommodation they have",
        )
    return errors


def _add(errors: Errors, field: str, problems) -> None:
    if problems:
        errors.setdefault(field, []).extend([problems] if isinstance(problems, str) else problems)


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _save(record, by) -> None:
    record._history_user = by
    record.save()


def _clean(record, errors: Errors, exclude=("young_person", "plan", "adviser")) -> None:
    try:
        record.full_clean(exclude=list(exclude))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            _add(errors, name, messages)


def date_errors(person: Person, day: date | None, what: str) -> list[str]:
    if day is None:
        return [f"Enter the {what}"]
    problems = []
    if day > timezone.localdate():
        problems.append(f"The {what} must be today or in the past")
    if person.date_of_birth and day < person.date_of_birth:
        problems.append(
            f"The {what} must be on or after the young person's date of birth, {_long(person.date_of_birth)}"
        )
    return problems


def care_leaver_errors(
    person: Person, on: date | None, *, while_in_care: bool = False, care_history_elsewhere: bool = False
) -> list[str]:
    """Why ``person`` cannot have a care leaver record on ``on`` (empty when they can). A care
    history held in the previous system (a legacy import's decision) counts as having been looked after."""
    if on is None or person.date_of_birth is None:
        return [] if person.date_of_birth else ["Record the young person's date of birth first"]
    history = care_history(person, on)
    if not history.ever_looked_after and not (
        care_history_elsewhere
        or EligibilityDecision.objects.filter(young_person=person, care_history_elsewhere=True).exists()
    ):
        return ["This young person has not been looked after: there is no care leaver record to keep"]
    eighteen = birthday(person, 18)
    if history.looked_after_on and on < eighteen:
        if while_in_care and on >= birthday(person, 16):
            return []
        if while_in_care:
            return [f"While in care this starts from the 16th birthday, {_long(birthday(person, 16))}"]
        return [
            f"The young person is still looked after on {_long(on)}: this is recorded once they "
            f"leave care or turn 18 (on {_long(eighteen)})"
        ]
    if on >= birthday(person, 25):
        return [f"Support as a care leaver ends at 25, on {_long(birthday(person, 25))}"]
    return []


def _person(person: Person) -> Person:
    return Person.objects.select_for_update().get(pk=person.pk)


# --- eligibility, adviser, assessment, pathway plan ---------------------------------------------------


@atomic_action
def eligibility_decide(
    *,
    young_person: Person,
    category: str,
    decided_on: date,
    by,
    reason: str = "",
    care_history_elsewhere: bool = False,
) -> EligibilityDecision:
    """The worker's decision of the young person's category, kept with what Hearth suggested.
    ``care_history_elsewhere`` is for legacy importers: the young person's care is recorded only
    in the previous system (their time in care ended before the returns imported)."""
    person = _person(young_person)
    errors: Errors = {}
    if category not in Category.values:
        _add(errors, "category", "Select the young person's category")
    _add(errors, "decided_on", date_errors(person, decided_on, "date of the decision"))
    if "decided_on" not in errors:
        _add(
            errors,
            "decided_on",
            care_leaver_errors(
                person, decided_on, while_in_care=True, care_history_elsewhere=care_history_elsewhere
            ),
        )
    suggested = suggested_category(person, decided_on) if "decided_on" not in errors else ""
    if category and suggested and category != suggested and not (reason or "").strip():
        _add(
            errors,
            "reason",
            f"The care history suggests {Category(suggested).label.lower()}: say why you decided otherwise",
        )
    _raise_if(errors)
    decision = EligibilityDecision(
        young_person=person,
        category=category,
        decided_on=decided_on,
        suggested=suggested,
        reason=(reason or "").strip(),
        care_history_elsewhere=care_history_elsewhere,
        created_by=by,
    )
    _clean(decision, errors)
    _raise_if(errors)
    _save(decision, by)
    return decision


@atomic_action
def personal_adviser_assign(*, young_person: Person, adviser, start_date: date, by) -> PersonalAdviser:
    """A personal adviser from ``start_date``; the current one (if any) ends that day."""
    person = _person(young_person)
    errors: Errors = {}
    if adviser is None or not adviser.is_active:
        _add(errors, "adviser", "Select the personal adviser")
    _add(errors, "start_date", date_errors(person, start_date, "date the adviser started"))
    if "start_date" not in errors:
        _add(errors, "start_date", care_leaver_errors(person, start_date, while_in_care=True))
    current = (
        PersonalAdviser.objects.select_for_update().filter(young_person=person, end_date__isnull=True).first()
    )
    if current and start_date and start_date <= current.start_date:
        _add(
            errors,
            "start_date",
            f"The current adviser started on {_long(current.start_date)}: the new one must start after that",
        )
    if current and adviser is not None and current.adviser_id == adviser.pk:
        _add(errors, "adviser", "This is already the young person's personal adviser")
    _raise_if(errors)
    assignment = PersonalAdviser(young_person=person, adviser=adviser, start_date=start_date, created_by=by)
    _clean(assignment, errors)
    _raise_if(errors)
    if current is not None:
        current.end_date = start_date
        current._history_user = by
        current.save(update_fields=["end_date"])
    _save(assignment, by)
    return assignment


@atomic_action
def needs_assessment_record(
    *, young_person: Person, completed_on: date, by, summary: str = ""
) -> NeedsAssessment:
    person = _person(young_person)
    errors: Errors = {}
    _add(errors, "completed_on", date_errors(person, completed_on, "date the assessment was completed"))
    if "completed_on" not in errors:
        _add(errors, "completed_on", care_leaver_errors(person, completed_on, while_in_care=True))
    _raise_if(errors)
    assessment = NeedsAssessment(
        young_person=person, completed_on=completed_on, summary=summary, created_by=by
    )
    _clean(assessment, errors)
    _raise_if(errors)
    _save(assessment, by)
    return assessment


@atomic_action
def pathway_plan_record(*, young_person: Person, agreed_on: date, by, summary: str = "") -> PathwayPlan:
    """A pathway plan agreed on ``agreed_on``; it is reviewed at least every 6 months."""
    person = _person(young_person)
    errors: Errors = {}
    _add(errors, "agreed_on", date_errors(person, agreed_on, "date the plan was agreed"))
    if "agreed_on" not in errors:
        _add(errors, "agreed_on", care_leaver_errors(person, agreed_on, while_in_care=True))
    _raise_if(errors)
    plan = PathwayPlan(young_person=person, agreed_on=agreed_on, summary=summary, created_by=by)
    _clean(plan, errors)
    _raise_if(errors)
    _save(plan, by)
    return plan


@atomic_action
def pathway_plan_review(*, plan: PathwayPlan, review_date: date, by, notes: str = "") -> PathwayPlanReview:
    plan = PathwayPlan.objects.select_for_update().select_related("young_person").get(pk=plan.pk)
    errors: Errors = {}
    _add(errors, "review_date", date_errors(plan.young_person, review_date, "date of the review"))
    last = plan.reviews.order_by("-review_date").values_list("review_date", flat=True).first()
    if review_date and review_date < plan.agreed_on:
        _add(
            errors,
            "review_date",
            f"The review must be on or after the plan was agreed, on {_long(plan.agreed_on)}",
        )
    elif review_date and last and review_date <= last:
        _add(errors, "review_date", f"The last review was on {_long(last)}: a new one must be after it")
    _raise_if(errors)
    review = PathwayPlanReview(plan=plan, review_date=review_date, notes=notes, created_by=by)
    _clean(review, errors)
    _raise_if(errors)
    _save(review, by)
    return review


# --- staying put and support to 25 -------------------------------------------------------------------


@atomic_action
def staying_put_start(*, young_person: Person, carer_name: str, start_date: date, by) -> StayingPut:
    """The young person stays on with their former foster carers after 18 (CA 1989 s23CZA)."""
    person = _person(young_person)
    errors: Errors = {}
    if not (carer_name or "").strip():
        _add(errors, "carer_name", "Enter the former foster carers' names")
    _add(errors, "start_date", date_errors(person, start_date, "date staying put started"))
    if "start_date" not in errors:
        eighteen = birthday(person, 18)
        if eighteen and start_date < eighteen:
            _add(errors, "start_date", f"Staying put starts on or after the 18th birthday, {_long(eighteen)}")
        else:
            _add(errors, "start_date", care_leaver_errors(person, start_date))
    if StayingPut.objects.filter(young_person=person, end_date__isnull=True).exists():
        _add(errors, "start_date", "A staying put arrangement is already open: end it first")
    _raise_if(errors)
    arrangement = StayingPut(
        young_person=person, carer_name=carer_name.strip(), start_date=start_date, created_by=by
    )
    _clean(arrangement, errors)
    _raise_if(errors)
    _save(arrangement, by)
    return arrangement


@atomic_action
def staying_put_end(
    *, arrangement: StayingPut, end_date: date, by, expected_version: int | None = None
) -> StayingPut:
    arrangement = StayingPut.objects.select_for_update().select_related("young_person").get(pk=arrangement.pk)
    errors: Errors = {}
    _add(errors, "end_date", date_errors(arrangement.young_person, end_date, "date staying put ended"))
    if end_date and end_date < arrangement.start_date:
        _add(
            errors,
            "end_date",
            f"Staying put started on {_long(arrangement.start_date)}: it cannot end before that",
        )
    if arrangement.end_date:
        _add(errors, "end_date", f"This arrangement already ended on {_long(arrangement.end_date)}")
    if expected_version is not None and arrangement.version != expected_version:
        arrangement.end_date = end_date
        save_if_unchanged(arrangement, expected_version=expected_version, fields=["end_date"])
    _raise_if(errors)
    arrangement.end_date = end_date
    arrangement._history_user = by
    save_if_unchanged(arrangement, expected_version=arrangement.version, fields=["end_date"])
    return arrangement


@atomic_action
def support_request_record(
    *, young_person: Person, requested_on: date, by, notes: str = ""
) -> SupportRequest:
    """A former relevant young person aged 21 to 25 asks for support (CA 1989 s23CZB)."""
    person = _person(young_person)
    errors: Errors = {}
    _add(errors, "requested_on", date_errors(person, requested_on, "date of the request"))
    if "requested_on" not in errors:
        twenty_one = birthday(person, 21)
        if twenty_one and requested_on < birthday(person, 21) - relativedelta(months=3):
            _add(errors, "requested_on", f"Support on request is from the 21st birthday, {_long(twenty_one)}")
        else:
            _add(errors, "requested_on", care_leaver_errors(person, requested_on))
    _raise_if(errors)
    request = SupportRequest(young_person=person, requested_on=requested_on, notes=notes, created_by=by)
    _clean(request, errors)
    _raise_if(errors)
    _save(request, by)
    return request


# --- the contact around each birthday (OC3) ------------------------------------------------------------


def oc3_code_errors(in_touch: str, activity: str, accommodation: str) -> tuple[Errors, str, str]:
    """DfE codes, and consistent: DIED, REFU or RHOM give activity and accommodation 0 (filled in
    when left blank); a young person in touch has a real activity and accommodation."""
    errors: Errors = {}
    in_touch = (in_touch or "").strip().upper()
    activity = (activity or "").strip().upper()
    accommodation = (accommodation or "").strip().upper()
    if not in_touch:
        _add(errors, "in_touch", "Select whether the trust is in touch with the young person")
    elif not is_valid_code("oc3_in_touch", in_touch):
        _add(errors, "in_touch", "Select a code from the DfE list")
    if in_touch in NO_INFORMATION_IN_TOUCH:
        activity = activity or NO_INFORMATION
        accommodation = accommodation or NO_INFORMATION
        if activity != NO_INFORMATION:
            _add(errors, "activity", f"With {in_touch} there is no activity to record: it is 0")
        if accommodation != NO_INFORMATION:
            _add(errors, "accommodation", f"With {in_touch} there is no accommodation to record: it is 0")
        return errors, activity, accommodation
    for name, value, code_list, what in (
        ("activity", activity, "oc3_activity", "activity"),
        ("accommodation", accommodation, "oc3_accommodation", "accommodation"),
    ):
        if not value:
            _add(errors, name, f"Select the young person's {what}")
        elif not is_valid_code(code_list, value):
            _add(errors, name, f"Select an {what} code from the DfE list")
        elif in_touch == "YES" and value == NO_INFORMATION:
            _add(errors, name, f"The trust is in touch with the young person: record their {what}, not 0")
    return errors, activity, accommodation


def _contact_date_errors(
    person: Person, age: int | None, contact_date: date | None, *, has_request: bool
) -> Errors:
    errors: Errors = {}
    allowed = list(OC3_AGES) + (list(SUPPORT_AGES) if has_request else [])
    if age not in allowed:
        if age in SUPPORT_AGES:
            _add(
                errors,
                "age",
                "After the 21st birthday, contact is recorded only where the young person has asked for support",
            )
        else:
            _add(errors, "age", "Birthday contacts are for the 17th to the 21st birthday")
        return errors
    _add(errors, "contact_date", date_errors(person, contact_date, "date of the contact"))
    if "contact_date" in errors:
        return errors
    window = contact_window(person, age)
    if window and not window[0] <= contact_date <= window[1]:
        _add(
            errors,
            "contact_date",
            f"The contact for the {age}th birthday must be between {_long(window[0])} and {_long(window[1])} "
            "(3 months before to 1 month after the birthday)",
        )
    else:
        _add(errors, "contact_date", care_leaver_errors(person, contact_date))
    return errors


@atomic_action
def birthday_contact_record(
    *,
    young_person: Person,
    age: int,
    contact_date: date,
    in_touch: str,
    activity: str,
    accommodation: str,
    by,
) -> BirthdayContact:
    person = _person(young_person)
    has_request = SupportRequest.objects.filter(young_person=person).exists()
    errors = _contact_date_errors(person, age, contact_date, has_request=has_request)
    code_errors, activity, accommodation = oc3_code_errors(in_touch, activity, accommodation)
    code_errors |= _staying_put_errors(age, accommodation) if "accommodation" not in code_errors else {}
    for name, problems in code_errors.items():
        _add(errors, name, problems)
    if age is not None and BirthdayContact.objects.filter(young_person=person, age=age).exists():
        _add(errors, "age", f"The contact for the {age}th birthday is already recorded: change it instead")
    _raise_if(errors)
    contact = BirthdayContact(
        young_person=person,
        age=age,
        contact_date=contact_date,
        in_touch=in_touch.strip().upper(),
        activity=activity,
        accommodation=accommodation,
        created_by=by,
    )
    _clean(contact, errors)
    _raise_if(errors)
    _save(contact, by)
    return contact


@atomic_action
def birthday_contact_update(
    *,
    contact: BirthdayContact,
    contact_date: date,
    in_touch: str,
    activity: str,
    accommodation: str,
    expected_version: int,
    by,
) -> BirthdayContact:
    """Correct a birthday contact; refused if someone else changed it since the form was opened."""
    contact = BirthdayContact.objects.select_related("young_person").get(pk=contact.pk)
    person = contact.young_person
    has_request = SupportRequest.objects.filter(young_person=person).exists()
    errors = _contact_date_errors(person, contact.age, contact_date, has_request=has_request)
    code_errors, activity, accommodation = oc3_code_errors(in_touch, activity, accommodation)
    code_errors |= (
        _staying_put_errors(contact.age, accommodation) if "accommodation" not in code_errors else {}
    )
    for name, problems in code_errors.items():
        _add(errors, name, problems)
    contact.contact_date = contact_date
    contact.in_touch = (in_touch or "").strip().upper()
    contact.activity = activity
    contact.accommodation = accommodation
    if contact.version != expected_version:
        save_if_unchanged(
            contact,
            expected_version=expected_version,
            fields=["contact_date", "in_touch", "activity", "accommodation"],
        )
    _raise_if(errors)
    _clean(contact, errors)
    _raise_if(errors)
    contact._history_user = by
    save_if_unchanged(
        contact,
        expected_version=expected_version,
        fields=["contact_date", "in_touch", "activity", "accommodation"],
    )
    return contact


# --- the personal adviser's visits and other contact ----------------------------------------------------


@atomic_action
def adviser_contact_record(
    *, young_person: Person, contact_date: date, kind: str, by, seen: bool = False, notes: str = ""
) -> AdviserContact:
    """A contact between the personal adviser and the young person. Only a visit records whether
    the young person was seen, and only a visit where they were seen restarts the visit clock."""
    person = _person(young_person)
    errors: Errors = {}
    if kind not in AdviserContact.Kind.values:
        _add(errors, "kind", "Select the kind of contact")
    _add(errors, "contact_date", date_errors(person, contact_date, "date of the contact"))
    if "contact_date" not in errors:
        _add(errors, "contact_date", care_leaver_errors(person, contact_date, while_in_care=True))
    if seen and kind in AdviserContact.Kind.values and kind != AdviserContact.Kind.VISIT:
        _add(errors, "seen", "Only a visit records whether the young person was seen: choose Visit")
    _raise_if(errors)
    contact = AdviserContact(
        young_person=person,
        contact_date=contact_date,
        kind=kind,
        seen=bool(seen),
        notes=(notes or "").strip(),
        created_by=by,
    )
    _clean(contact, errors)
    _raise_if(errors)
    _save(contact, by)
    return contact

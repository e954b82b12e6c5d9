"""Every write to an adopter household.

A household is opened by its enquiry (``household_enquiry_record``) with one or two adopters,
each a person on the people record (an existing one, or made here through the people
services). Each later step is recorded once, dated, and checked against the steps it follows
(``household_step_record``): stage 2 only after stage 1 has ended (unless fast-tracked),
approval only after the application and the end of stage 2, a match only after approval,
nothing after the household left or adopted, no date in the future. A step recorded with the
wrong details is corrected (``household_step_correct``) or, recorded by mistake, withdrawn
(``household_step_withdraw``) with a reason kept in the step's history, under the same rules:
a step that later steps depend on stays until they go. Every change locks the household and
raises its version, so a form opened before someone else's change is refused
(``ConcurrentEditError``) and bad input changes nothing.
"""

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.adopters.journey import Journey
from hearth.adopters.models import Adopter, AdopterEvent, AdopterHousehold, LeavingReason, Step
from hearth.adopters.selectors import HouseholdRow, household_record
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.people.models import Person, PersonType
from hearth.people.services import person_create
from hearth.transactions import atomic_action

__all__ = [
    "ConcurrentEditError",
    "adopter_add",
    "household_enquiry_record",
    "household_step_correct",
    "household_step_record",
    "household_step_withdraw",
    "household_update",
]

Errors = dict[str, list[str]]
MAX_ADOPTERS = 2  # one adopter or a couple (SSDA903 NB_ADOPTR)
MINIMUM_AGE = 21  # Adoption and Children Act 2002 ss50-51
REASON_MAX_LENGTH = 2000  # as long as any reason the audit pages take; the history keeps it whole


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _lower(label: str) -> str:
    return label[0].lower() + label[1:]


def _date_errors(errors: Errors, name: str, on: date | None, what: str) -> None:
    if on is None:
        _add(errors, name, f"Enter the {what}")
    elif on > timezone.localdate():
        _add(errors, name, f"The {what} must be today or in the past")


def _locked(household: AdopterHousehold) -> AdopterHousehold:
    return AdopterHousehold.objects.select_for_update().get(pk=household.pk)


def _journey(household: AdopterHousehold) -> Journey:
    return household_record(household.pk).journey


def _touch(household: AdopterHousehold, *, expected_version: int | None, by, fields=()) -> None:
    """Raise the household's version (refusing a stale form) with a history row for the change."""
    household._history_user = by
    save_if_unchanged(
        household,
        expected_version=household.version if expected_version is None else expected_version,
        fields=list(fields),
    )


def _check_version(household: AdopterHousehold, expected_version: int | None) -> None:
    if expected_version is not None and household.version != expected_version:
        # Let save_if_unchanged say who changed what, before any rule is checked.
        save_if_unchanged(household, expected_version=expected_version, fields=[])


# --- adopters --------------------------------------------------------------------------------


def _live_household_of(person: Person, *, other_than: int | None = None) -> AdopterHousehold | None:
    """A household still in the process that ``person`` already belongs to."""
    for adopter in (
        Adopter.objects.filter(person=person).exclude(household_id=other_than).select_related("household")
    ):
        if not _journey(adopter.household).finished_on:
            return adopter.household
    return None


def _adopter_person(entry: Person | dict[str, Any], field_prefix: str, errors: Errors, by) -> Person | None:
    """An existing person, or a new one made through the people services from ``entry``."""
    if isinstance(entry, Person):
        if entry.person_type in (PersonType.CHILD, PersonType.UNBORN):
            _add(errors, f"{field_prefix}hearth_id", f"{entry.display_name} is a child on Hearth's record")
        elif (busy := _live_household_of(entry)) is not None:
            _add(
                errors,
                f"{field_prefix}hearth_id",
                f"{entry.display_name} is already an adopter in {busy}, still in the process",
            )
        return entry
    fields = {"person_type": PersonType.CARER, **entry}
    if not (fields.get("first_name") or "").strip() or not (fields.get("last_name") or "").strip():
        _add(errors, f"{field_prefix}first_name", "Enter the adopter's first and last names")
        return None
    try:
        # A savepoint: a refused person must not leave the household half made.
        with transaction.atomic():
            return person_create(by=by, **fields)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                _add(errors, f"{field_prefix}{name}", message)
    return None


@atomic_action
def household_enquiry_record(
    *,
    name: str,
    enquiry_on: date,
    adopters: list[Person | dict[str, Any]],
    by,
    fostering_for_adoption: bool = False,
    fast_track: bool = False,
) -> AdopterHousehold:
    """A new household from its enquiry, with one or two adopters.

    Each adopter is a ``Person`` already on the record or a dict of person fields (names, date
    of birth, sex, ethnicity, disabilities) for a new one. Errors about the first adopter's
    fields are named ``adopter1_<field>``, the second's ``adopter2_<field>``."""
    errors: Errors = {}
    name = (name or "").strip()
    if not name:
        _add(errors, "name", "Enter a name for the household")
    _date_errors(errors, "enquiry_on", enquiry_on, "date the enquiry was received")
    if not adopters:
        _add(errors, "__all__", "Add at least one adopter")
    elif len(adopters) > MAX_ADOPTERS:
        _add(errors, "__all__", "A household has one or two adopters")
    people = [
        _adopter_person(entry, f"adopter{number}_", errors, by) for number, entry in enumerate(adopters, 1)
    ]
    chosen = [person.pk for person in people if person is not None]
    if len(chosen) != len(set(chosen)):
        _add(errors, "__all__", "The same person cannot be both adopters")
    _raise_if(errors)
    household = AdopterHousehold(
        name=name,
        fostering_for_adoption=bool(fostering_for_adoption),
        fast_track=bool(fast_track),
        created_by=by,
    )
    household.full_clean()
    household._history_user = by
    household.save()
    for person in people:
        adopter = Adopter(household=household, person=person, created_by=by)
        adopter._history_user = by
        adopter.save()
    event = AdopterEvent(household=household, step=Step.ENQUIRY, on=enquiry_on, created_by=by)
    event._history_user = by
    event.save()
    return household


@atomic_action
def adopter_add(
    *, household: AdopterHousehold, adopter: Person | dict[str, Any], by, expected_version: int | None = None
) -> Adopter:
    """A second adopter joins the household (a partner who joins the assessment)."""
    household = _locked(household)
    _check_version(household, expected_version)
    errors: Errors = {}
    record = household_record(household.pk)
    if record.journey.finished_on:
        _add(errors, "__all__", f"This household's journey finished on {_long(record.journey.finished_on)}")
    if len(record.adopters) >= MAX_ADOPTERS:
        _add(errors, "__all__", "A household has one or two adopters: this one already has two")
    _raise_if(errors)
    person = _adopter_person(adopter, "adopter1_", errors, by)
    if person is not None and any(a.person_id == person.pk for a in record.adopters):
        _add(errors, "adopter1_hearth_id", f"{person.display_name} is already an adopter in this household")
    _raise_if(errors)
    row = Adopter(household=household, person=person, created_by=by)
    row._history_user = by
    row.save()
    _touch(household, expected_version=expected_version, by=by)
    return row


@atomic_action
def household_update(
    *,
    household: AdopterHousehold,
    name: str,
    fostering_for_adoption: bool,
    fast_track: bool,
    by,
    expected_version: int | None = None,
) -> AdopterHousehold:
    """The household's name, its interest in fostering for adoption, and whether it is fast-tracked."""
    household = _locked(household)
    _check_version(household, expected_version)
    errors: Errors = {}
    name = (name or "").strip()
    if not name:
        _add(errors, "name", "Enter a name for the household")
    dates = _journey(household).dates
    if bool(fast_track) != household.fast_track and (
        Step.STAGE1_STARTED in dates or Step.STAGE2_STARTED in dates
    ):
        _add(
            errors,
            "fast_track",
            "Assessment has already started: fast track can be chosen only before stage 1 or stage 2 begins",
        )
    _raise_if(errors)
    household.name = name
    household.fostering_for_adoption = bool(fostering_for_adoption)
    household.fast_track = bool(fast_track)
    household.full_clean()
    _touch(
        household,
        expected_version=expected_version,
        by=by,
        fields=["name", "fostering_for_adoption", "fast_track"],
    )
    return household


# --- the journey -----------------------------------------------------------------------------


def _step_errors(
    household, record, step: str, on: date | None, children, reason: str, *, correcting: bool = False
) -> Errors:
    """What is wrong with recording ``step`` on ``on``. With ``correcting``, ``record`` is the
    household without the step being corrected (``_without``): the enquiry's date may then be
    corrected too, and a household that has finished may have its earlier steps put right, on
    or before the day it finished."""
    journey, errors = record.journey, {}
    label = Step(step).label if step in Step.values else ""
    if step not in Step.values or (step == Step.ENQUIRY and not correcting):
        _add(errors, "step", "Choose a step of the adoption process")
        return errors
    _date_errors(errors, "on", on, f"date of this step ({_lower(label)})")
    if correcting:
        for finish in (Step.LEFT, Step.ADOPTION_ORDER):
            finished_on = journey.dates.get(finish)
            if finish != step and finished_on and on and on > finished_on:
                _add(
                    errors,
                    "on",
                    f"{Step(finish).label} is recorded on {_long(finished_on)}: {_lower(label)} must be on "
                    "or before it",
                )
    elif journey.dates.get(Step.LEFT):
        _add(
            errors,
            "__all__",
            f"This household left the adoption process on {_long(journey.dates[Step.LEFT])}: "
            "if they come back, record a new enquiry",
        )
        return errors
    elif journey.dates.get(Step.ADOPTION_ORDER):
        _add(
            errors,
            "__all__",
            f"This household's adoption order was made on {_long(journey.dates[Step.ADOPTION_ORDER])}",
        )
        return errors
    if step in journey.recorded:
        _add(errors, "__all__", f"{label} was already recorded, on {_long(journey.recorded[step].on)}")
        return errors
    if step == Step.STAGE1_STARTED and household.fast_track:
        _add(errors, "__all__", "This household is fast-tracked: it goes straight to stage 2")
        return errors
    for needed in journey.before(step):
        if needed not in journey.dates:
            _add(errors, "__all__", f"{label} comes after {_lower(Step(needed).label)}: record that first")
        elif on and on < journey.dates[needed]:
            _add(
                errors,
                "on",
                f"{label} must be on or after {_lower(Step(needed).label)}, on {_long(journey.dates[needed])}",
            )
    # A later step already on the record (a child's match, say) must not come before this one.
    for later, needs in ((s, journey.before(s)) for s in journey.dates):
        if step in needs and on and journey.dates[later] < on:
            _add(
                errors,
                "on",
                f"{Step(later).label} is recorded on {_long(journey.dates[later])}: {_lower(label)} must be on or before it",
            )
    if step == Step.LEFT:
        if reason not in LeavingReason.values:
            _add(errors, "leaving_reason", "Select why the household left the adoption process")
        if on and journey.latest and on < journey.latest:
            _add(
                errors,
                "on",
                f"The household's latest step was on {_long(journey.latest)}: leaving must be on or after it",
            )
    elif reason:
        _add(errors, "leaving_reason", "A reason is given only when the household leaves the process")
    if step == Step.PLACED:
        if not children or children < 1:
            _add(errors, "children", "Enter how many children were placed with the household")
    elif children:
        _add(errors, "children", "The number of children is given only with the placement")
    if step == Step.APPROVED and on:
        if not record.adopters:
            _add(errors, "__all__", "Add the adopters before recording approval")
        for adopter in record.adopters:
            born = adopter.person.date_of_birth
            if born and relativedelta(on, born).years < MINIMUM_AGE:
                _add(
                    errors,
                    "on",
                    f"{adopter.person.display_name} was under {MINIMUM_AGE} on that day: "
                    "an adopter must be 21 or over (Adoption and Children Act 2002, sections 50 and 51)",
                )
    return errors


@atomic_action
def household_step_record(
    *,
    household: AdopterHousehold,
    step: str,
    on: date,
    by,
    children: int | None = None,
    leaving_reason: str = "",
    expected_version: int | None = None,
) -> AdopterEvent:
    """Record one dated step of the household's journey; ``children`` with a placement of
    children not on Hearth's record, ``leaving_reason`` (Annex A 1, 2 or 3) when it leaves."""
    household = _locked(household)
    _check_version(household, expected_version)
    record = household_record(household.pk)
    errors = _step_errors(household, record, step, on, children, leaving_reason or "")
    _raise_if(errors)
    event = AdopterEvent(
        household=household,
        step=step,
        on=on,
        children=children if step == Step.PLACED else None,
        leaving_reason=leaving_reason if step == Step.LEFT else "",
        created_by=by,
    )
    event.full_clean(exclude=["household"])
    event._history_user = by
    event.save()
    _touch(household, expected_version=expected_version, by=by)
    return event


# --- putting a recorded step right -----------------------------------------------------------


def _without(record: HouseholdRow, step: str) -> HouseholdRow:
    """The household as if ``step`` had never been recorded (its children's dates still count)."""
    journey = record.journey
    return HouseholdRow(
        record.household,
        Journey(
            fast_track=journey.fast_track,
            recorded={recorded: event for recorded, event in journey.recorded.items() if recorded != step},
            children=journey.children,
        ),
    )


def _recorded_step(record: HouseholdRow, step: str, errors: Errors) -> AdopterEvent | None:
    event = record.journey.recorded.get(step) if step in Step.values else None
    if event is None:
        what = Step(step).label if step in Step.values else "This step"
        _add(errors, "__all__", f"{what} is not recorded for this household: there is nothing to put right")
    return event


def _reason(errors: Errors, reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        _add(errors, "reason", f"Enter why the step is being {what}")
    elif len(reason) > REASON_MAX_LENGTH:
        _add(errors, "reason", f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer")
    return reason


def _with_reason(household: AdopterHousehold, event: AdopterEvent, *, reason: str, by) -> None:
    """Who put the step right and why, for the history rows the step's and household's saves write."""
    event._history_user = by
    event._change_reason = reason
    household._change_reason = reason


@atomic_action
def household_step_correct(
    *,
    household: AdopterHousehold,
    step: str,
    on: date,
    reason: str,
    by,
    children: int | None = None,
    leaving_reason: str = "",
    expected_version: int | None = None,
) -> AdopterEvent:
    """Put right a step recorded with the wrong date (or, for a placement, number of children;
    for leaving, reason), checked as if it were being recorded now among the household's other
    steps. ``reason`` says why, and is kept in the step's history and the household's."""
    household = _locked(household)
    _check_version(household, expected_version)
    record = household_record(household.pk)
    errors: Errors = {}
    event = _recorded_step(record, step, errors)
    _raise_if(errors)
    leaving_reason = leaving_reason or ""
    errors = _step_errors(
        household, _without(record, step), step, on, children, leaving_reason, correcting=True
    )
    reason = _reason(errors, reason, "corrected")
    children = children if step == Step.PLACED else None
    leaving_reason = leaving_reason if step == Step.LEFT else ""
    if not errors and (on, children, leaving_reason) == (event.on, event.children, event.leaving_reason):
        _add(
            errors,
            "on",
            f"{Step(step).label} is already recorded on {_long(event.on)}: enter the right details, "
            "or go back if nothing needs correcting",
        )
    _raise_if(errors)
    event.on, event.children, event.leaving_reason = on, children, leaving_reason
    event.full_clean(exclude=["household"])
    _with_reason(household, event, reason=reason, by=by)
    event.save(update_fields=["on", "children", "leaving_reason"])
    _touch(household, expected_version=expected_version, by=by)
    return event


def _withdrawal_errors(record: HouseholdRow, step: str) -> Errors:
    errors: Errors = {}
    label = Step(step).label
    if step == Step.ENQUIRY:
        _add(
            errors,
            "__all__",
            "The enquiry opens the household's record and cannot be withdrawn: correct its date instead",
        )
        return errors
    rest = _without(record, step).journey
    if step not in rest.dates:  # a child's record may still give the step its date
        for later, on in sorted(rest.dates.items(), key=lambda item: item[1]):
            if step not in rest.before(later):
                continue
            if later in rest.recorded:
                then = "withdraw or correct that first"
            else:
                then = "it comes from a child's Permanence tab: change it there first"
            _add(
                errors,
                "__all__",
                f"{Step(later).label} is recorded on {_long(on)} and follows {_lower(label)}: {then}",
            )
    if step in (Step.LEFT, Step.ADOPTION_ORDER) and not rest.finished_on:
        # Withdrawing the end puts the household back in the process: its adopters cannot be in
        # another household that still is.
        for adopter in record.adopters:
            busy = _live_household_of(adopter.person, other_than=record.household.pk)
            if busy is not None:
                _add(
                    errors,
                    "__all__",
                    f"{adopter.person.display_name} is now an adopter in {busy}, still in the process: "
                    f"{_lower(label)} cannot be withdrawn",
                )
    return errors


@atomic_action
def household_step_withdraw(
    *, household: AdopterHousehold, step: str, reason: str, by, expected_version: int | None = None
) -> None:
    """Remove a step recorded by mistake, unless a later step follows from it. The step's
    history keeps it, with who withdrew it and ``reason``; the enquiry is never withdrawn."""
    household = _locked(household)
    _check_version(household, expected_version)
    record = household_record(household.pk)
    errors: Errors = {}
    event = _recorded_step(record, step, errors)
    _raise_if(errors)
    errors = _withdrawal_errors(record, step)
    reason = _reason(errors, reason, "withdrawn")
    _raise_if(errors)
    _with_reason(household, event, reason=reason, by=by)
    event.delete()
    _touch(household, expected_version=expected_version, by=by)

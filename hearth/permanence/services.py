"""Every write to a child's permanence.

Adoption is recorded as the dated steps the law sets out, each checked against the step before:
the agency decision maker's decision that the child should be placed for adoption (AAR 2005
reg 19), authority to place (a placement order, ACA 2002 s21, or the parents' consent, s19),
the match with adopters, the placement (a children-in-care placement of type A3–A6), and the
adoption order, which ends the period of care (903 REC E11/E12). A decision may instead be
reversed, with its 903 reason (RD1–RD4). Special guardianship, child arrangements orders and
return home end the period of care with their own DfE reasons.

Each function checks everything first and raises ``ValidationError`` with a message per field,
then saves with its history in one transaction, so bad input changes nothing. Edits to an
adoption carry the version the form was opened at and are refused if someone else saved first
(``ConcurrentEditError``).
"""

import re
from datetime import date

from django.core.exceptions import ValidationError

from hearth.adopters.models import AdopterHousehold
from hearth.adopters.selectors import household_match_errors
from hearth.childrenincare.models import PeriodOfCare
from hearth.childrenincare.selectors import open_period_of_care, period_on
from hearth.childrenincare.services import (
    ADOPTION_PLACEMENTS,
    date_errors,
    legal_status_change,
    period_of_care_end,
    placement_change,
)
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.people.models import Person
from hearth.permanence.models import (
    Adoption,
    OutcomeKind,
    PermanenceOutcome,
    PermanencePlan,
    PlanType,
    PreviousPermanence,
)
from hearth.permanence.selectors import adoption_authority_on
from hearth.reference.selectors import is_valid_code
from hearth.transactions import atomic_action

__all__ = [
    "ConcurrentEditError",
    "adoption_authority_record",
    "adoption_decision_record",
    "adoption_decision_reverse",
    "adoption_household_link",
    "adoption_match_record",
    "adoption_order_record",
    "adoption_placement_link",
    "adoption_placement_record",
    "permanence_order_record",
    "permanence_plan_record",
    "previous_permanence_record",
]

Errors = dict[str, list[str]]

ADOPTION_ORDER_REASONS = {"E11": "adopted, application unopposed", "E12": "adopted, consent dispensed with"}
# Which DfE reasons each permanence order may end care with (903 REC, rule 149).
OUTCOME_REASONS = {
    OutcomeKind.SPECIAL_GUARDIANSHIP: ("E45", "E46", "E47", "E48"),
    OutcomeKind.CHILD_ARRANGEMENTS: ("E41",),
    OutcomeKind.RETURN_HOME: ("E4A",),
}
# AD1: SEX_ADOPTR and LS_ADOPTR agree with NB_ADOPTR.
ONE_ADOPTER_SEXES = ("M1", "F1")
TWO_ADOPTER_SEXES = ("MM", "FF", "MF")
COUPLE_STATUSES = ("L11", "L12", "L2", "L3", "L4")


def _add(errors: Errors, field: str, problems) -> None:
    if not problems:
        return
    errors.setdefault(field, []).extend([problems] if isinstance(problems, str) else problems)


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _relay(error: ValidationError, errors: Errors, rename: dict[str, str]) -> None:
    """Put a children-in-care service's field errors under this form's field names."""
    for name, messages in error.message_dict.items():
        _add(errors, rename.get(name, name), messages)


def _locked(adoption: Adoption) -> Adoption:
    fresh = Adoption.objects.select_for_update().select_related("child", "period").get(pk=adoption.pk)
    return fresh


def _save_changed(adoption: Adoption, *, expected_version: int | None, fields: list[str], by) -> Adoption:
    adoption._history_user = by
    save_if_unchanged(
        adoption,
        expected_version=adoption.version if expected_version is None else expected_version,
        fields=fields,
    )
    return adoption


def _check_version(adoption: Adoption, expected_version: int | None, values: dict) -> None:
    if expected_version is not None and adoption.version != expected_version:
        for name, value in values.items():
            setattr(adoption, name, value)
        # save_if_unchanged builds the list of what the other person changed.
        save_if_unchanged(adoption, expected_version=expected_version, fields=list(values))


def _clean(record, errors: Errors, exclude=("child", "period", "placement")) -> None:
    try:
        record.full_clean(exclude=list(exclude))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            _add(errors, name, messages)


# --- the plan for permanence --------------------------------------------------------------------


@atomic_action
def permanence_plan_record(
    *, child: Person, plan_type: str, agreed_on: date, by, ratified_at=None, notes: str = ""
) -> PermanencePlan:
    """A new plan for permanence from ``agreed_on``; the current plan (if any) ends that day."""
    child = Person.objects.select_for_update().get(pk=child.pk)
    errors: Errors = {}
    if plan_type not in PlanType.values:
        _add(errors, "plan_type", "Select the plan for permanence")
    _add(errors, "agreed_on", date_errors(child, agreed_on, "date the plan was agreed"))
    current = PermanencePlan.objects.filter(child=child, ended_on__isnull=True).first()
    if current and agreed_on and agreed_on < current.agreed_on:
        _add(
            errors,
            "agreed_on",
            f"The current plan was agreed on {_long(current.agreed_on)}: a new plan must be on or after that day",
        )
    if ratified_at is not None:
        if ratified_at.period.child_id != child.pk:
            _add(errors, "ratified_at", "Select a review of this child")
        elif agreed_on and ratified_at.review_date < agreed_on:
            _add(
                errors,
                "ratified_at",
                "The review that ratified the plan must be on or after the day it was agreed",
            )
    _raise_if(errors)
    plan = PermanencePlan(
        child=child,
        plan_type=plan_type,
        agreed_on=agreed_on,
        ratified_at=ratified_at,
        notes=notes,
        created_by=by,
    )
    _clean(plan, errors, exclude=("child", "ratified_at"))
    _raise_if(errors)
    if current is not None:
        current.ended_on = agreed_on
        current._history_user = by
        current.save(update_fields=["ended_on"])
    plan._history_user = by
    plan.save()
    return plan


# --- adoption, step by step ------------------------------------------------------------------------


@atomic_action
def adoption_decision_record(
    *, child: Person, decided_on: date, by, continued_period: PeriodOfCare | None = None
) -> Adoption:
    """The agency decision maker decided that the child should be placed for adoption (903 DATE_INT).

    ``continued_period`` is for legacy importers: a period Hearth holds only from a later episode
    (``first_episode_reason`` set) in which the decision was made before that episode."""
    child = Person.objects.select_for_update().get(pk=child.pk)
    errors: Errors = {}
    _add(errors, "decided_on", date_errors(child, decided_on, "date of the decision"))
    period = None
    if continued_period is not None and decided_on and not errors:
        period = continued_period
        if not (
            period.child_id == child.pk and period.first_episode_reason and decided_on < period.start_date
        ):
            _add(
                errors,
                "decided_on",
                "Only a decision made before the first episode held of an imported period belongs to it",
            )
        elif period.end_date is not None:
            _add(errors, "decided_on", f"That period of care ended on {_long(period.end_date)}")
    elif decided_on and not errors:
        period = period_on(child, decided_on)
        if period is None:
            _add(
                errors,
                "decided_on",
                "The child was not looked after on that day: a decision to place for adoption is for a child in care",
            )
        elif period.end_date is not None:
            _add(errors, "decided_on", f"That period of care ended on {_long(period.end_date)}")
    standing = Adoption.objects.filter(
        child=child, reversed_on__isnull=True, adoption_order_on__isnull=True
    ).first()
    if standing is not None:
        _add(
            errors,
            "decided_on",
            f"A decision that the child should be placed for adoption, made on {_long(standing.should_be_placed_on)}, "
            "still stands: reverse it before recording another",
        )
    _raise_if(errors)
    adoption = Adoption(child=child, period=period, should_be_placed_on=decided_on, created_by=by)
    _clean(adoption, errors)
    _raise_if(errors)
    adoption._history_user = by
    adoption.save()
    return adoption


def _step_errors(adoption: Adoption, errors: Errors) -> None:
    if adoption.reversed_on:
        _add(errors, "__all__", f"This decision was reversed on {_long(adoption.reversed_on)}")
    if adoption.adoption_order_on:
        _add(errors, "__all__", f"The child was adopted on {_long(adoption.adoption_order_on)}")


@atomic_action
def adoption_authority_record(
    *, adoption: Adoption, kind: str, on: date, by, expected_version: int | None = None
) -> Adoption:
    """Authority to place the child for adoption: a placement order granted (``kind="order"``,
    which also makes the child's legal status E1) or the parents' consent (``kind="consent"``)."""
    adoption = _locked(adoption)
    field = {"order": "placement_order_on", "consent": "consent_on"}.get(kind)
    _check_version(adoption, expected_version, {field or "placement_order_on": on})
    errors: Errors = {}
    _step_errors(adoption, errors)
    if field is None:
        _add(errors, "kind", "Select a placement order or the parents' consent")
    what = "date the placement order was granted" if kind == "order" else "date consent was given"
    _add(errors, "on", date_errors(adoption.child, on, what))
    if on and on < adoption.should_be_placed_on:
        _add(
            errors,
            "on",
            f"Authority to place comes after the decision that the child should be placed, on {_long(adoption.should_be_placed_on)}",
        )
    if adoption.period.end_date is not None:
        _add(errors, "on", f"The child's period of care ended on {_long(adoption.period.end_date)}")
    if field and getattr(adoption, field):
        _add(errors, "kind", f"This was already recorded, on {_long(getattr(adoption, field))}")
    _raise_if(errors)
    setattr(adoption, field, on)
    if kind == "order":
        current = adoption.period.legal_statuses.filter(end_date__isnull=True).first()
        if current is None or current.legal_status != "E1":
            try:
                legal_status_change(period=adoption.period, legal_status="E1", on=on, by=by)
            except ValidationError as error:
                _relay(error, errors, {"legal_status": "on"})
                _raise_if(errors)
    return _save_changed(adoption, expected_version=expected_version, fields=[field], by=by)


def adopter_errors(number: int | None, sex: str, legal_status: str) -> Errors:
    """AD1: one or two adopters, and their sex and legal status codes agree with the number."""
    errors: Errors = {}
    if number not in (1, 2):
        _add(errors, "number_of_adopters", "Select one or two adopters")
    if not sex:
        _add(errors, "adopter_sex", "Select the sex of the adopter or adopters")
    elif not is_valid_code("adopter_sex", sex):
        _add(errors, "adopter_sex", "Select a code from the DfE list")
    elif number == 1 and sex not in ONE_ADOPTER_SEXES:
        _add(errors, "adopter_sex", "For one adopter, select single male (M1) or single female (F1)")
    elif number == 2 and sex not in TWO_ADOPTER_SEXES:
        _add(errors, "adopter_sex", "For two adopters, select MM, FF or MF")
    if not legal_status:
        _add(errors, "adopter_legal_status", "Select the adopters' legal status")
    elif not is_valid_code("adopter_legal_status", legal_status):
        _add(errors, "adopter_legal_status", "Select a code from the DfE list")
    elif number == 1 and legal_status != "L0":
        _add(errors, "adopter_legal_status", "One adopter is a single person (L0)")
    elif number == 2 and legal_status not in COUPLE_STATUSES:
        _add(errors, "adopter_legal_status", "Two adopters are a couple: select L11, L12, L2, L3 or L4")
    elif legal_status == "L3" and sex != "MF":
        _add(
            errors,
            "adopter_legal_status",
            "An unmarried opposite-sex couple (L3) is a male and a female adopter (MF)",
        )
    elif legal_status == "L4" and sex not in ("MM", "FF"):
        _add(
            errors,
            "adopter_legal_status",
            "An unmarried same-sex couple (L4) is two male or two female adopters",
        )
    return errors


@atomic_action
def adoption_match_record(
    *,
    adoption: Adoption,
    matched_on: date,
    number_of_adopters: int,
    adopter_sex: str,
    adopter_legal_status: str,
    adopters_are_foster_carers: bool,
    by,
    adopters_names: str = "",
    household: AdopterHousehold | None = None,
    expected_version: int | None = None,
) -> Adoption:
    """The child is matched with their adopters (903 DATE_MATCH and the AD1 adopter columns);
    ``household`` when this authority assessed them (hearth.adopters), which must have been
    approved by the match."""
    adoption = _locked(adoption)
    values = {
        "matched_on": matched_on,
        "number_of_adopters": number_of_adopters,
        "adopter_sex": (adopter_sex or "").upper(),
        "adopter_legal_status": (adopter_legal_status or "").upper(),
        "adopters_are_foster_carers": bool(adopters_are_foster_carers),
        "adopters_names": (adopters_names or "").strip() or (household.name if household else ""),
        "household": household,
    }
    _check_version(adoption, expected_version, values)
    errors: Errors = {}
    _step_errors(adoption, errors)
    if household is not None:
        _add(errors, "household", household_match_errors(household, matched_on))
    _add(errors, "matched_on", date_errors(adoption.child, matched_on, "date of the match"))
    if matched_on and matched_on < adoption.should_be_placed_on:
        _add(
            errors,
            "matched_on",
            f"The match must be on or after the decision that the child should be placed for adoption, on {_long(adoption.should_be_placed_on)}",
        )
    if adoption.placed_on:
        _add(
            errors,
            "matched_on",
            f"The child was already placed with these adopters on {_long(adoption.placed_on)}",
        )
    for name, problems in adopter_errors(
        number_of_adopters, values["adopter_sex"], values["adopter_legal_status"]
    ).items():
        _add(errors, name, problems)
    _raise_if(errors)
    for name, value in values.items():
        setattr(adoption, name, value)
    _clean(adoption, errors)
    _raise_if(errors)
    return _save_changed(adoption, expected_version=expected_version, fields=list(values), by=by)


def adoption_placement_type(authority: str | None, with_foster_carers: bool) -> str | None:
    """The 903 placement type for a placement for adoption: A3/A4 with consent, A5/A6 with a
    placement order; the first of each pair when the adopters are the current foster carers."""
    if authority == "consent":
        return "A3" if with_foster_carers else "A4"
    if authority == "order":
        return "A5" if with_foster_carers else "A6"
    return None


@atomic_action
def adoption_placement_record(
    *,
    adoption: Adoption,
    placed_on: date,
    provider: str,
    by,
    postcode: str = "",
    ofsted_urn: str = "XXXXXXX",
    weekly_cost=None,
    expected_version: int | None = None,
) -> Adoption:
    """The child moves in with their adopters: a children-in-care placement of type A3–A6,
    chosen from the authority held on the day and whether the adopters are the foster carers."""
    adoption = _locked(adoption)
    _check_version(adoption, expected_version, {"placed_on": placed_on})
    errors: Errors = {}
    _step_errors(adoption, errors)
    _add(errors, "placed_on", date_errors(adoption.child, placed_on, "date the child was placed"))
    if not adoption.matched_on:
        _add(errors, "placed_on", "Record the match with the adopters before the placement")
    elif placed_on and placed_on < adoption.matched_on:
        _add(
            errors,
            "placed_on",
            f"The child can be placed only on or after the match, on {_long(adoption.matched_on)}",
        )
    if adoption.placed_on:
        _add(errors, "placed_on", f"The child was already placed for adoption on {_long(adoption.placed_on)}")
    authority = adoption_authority_on(adoption.child, placed_on) if placed_on and not errors else None
    if placed_on and not errors and authority is None:
        _add(
            errors,
            "placed_on",
            f"On {_long(placed_on)} there was no placement order and no consent recorded: a child can be "
            "placed for adoption only with one or the other",
        )
    _raise_if(errors)
    try:
        placement = placement_change(
            period=adoption.period,
            on=placed_on,
            by=by,
            reason_changed="CARPL",
            same_carer=bool(adoption.adopters_are_foster_carers),
            placement_type=adoption_placement_type(authority, bool(adoption.adopters_are_foster_carers)),
            provider=provider,
            carer_name=adoption.adopters_names,
            postcode=postcode,
            ofsted_urn=ofsted_urn,
            weekly_cost=weekly_cost,
        )
    except ValidationError as error:
        _relay(error, errors, {"on": "placed_on", "placement_type": "placed_on", "carer_name": "placed_on"})
        _raise_if(errors)
    adoption.placed_on = placed_on
    adoption.placement = placement
    return _save_changed(
        adoption, expected_version=expected_version, fields=["placed_on", "placement"], by=by
    )


@atomic_action
def adoption_placement_link(
    *, adoption: Adoption, placement, by, expected_version: int | None = None
) -> Adoption:
    """The child's current A3–A6 placement, recorded on the care timeline before this adoption's
    match was known (a legacy import), is the placement with these adopters."""
    adoption = _locked(adoption)
    _check_version(adoption, expected_version, {"placed_on": placement.start_date})
    errors: Errors = {}
    _step_errors(adoption, errors)
    if placement.period_id != adoption.period_id or placement.placement_type not in ADOPTION_PLACEMENTS:
        _add(
            errors, "placement", "Select the child's placement for adoption (A3 to A6) in this period of care"
        )
    elif placement.end_date is not None:
        _add(errors, "placement", f"That placement ended on {_long(placement.end_date)}")
    if not adoption.matched_on:
        _add(errors, "placement", "Record the match with the adopters before the placement")
    if adoption.placed_on:
        _add(errors, "placement", f"The child was already placed for adoption on {_long(adoption.placed_on)}")
    _raise_if(errors)
    adoption.placed_on = placement.start_date
    adoption.placement = placement
    return _save_changed(
        adoption, expected_version=expected_version, fields=["placed_on", "placement"], by=by
    )


@atomic_action
def adoption_household_link(
    *, adoption: Adoption, household: AdopterHousehold, by, expected_version: int | None = None
) -> Adoption:
    """The adopters this child was matched with are a household this authority assessed: name
    it on the adoption, for a match recorded before the household was (a legacy import, or the
    household's record made later), so its dates are read from the child's record."""
    adoption = _locked(adoption)
    _check_version(adoption, expected_version, {"household": household})
    errors: Errors = {}
    if not adoption.matched_on:
        _add(errors, "household", "Record the match with the adopters before naming their household")
    elif adoption.reversed_on and adoption.reversed_on < adoption.matched_on:
        _add(errors, "household", f"This decision was reversed on {_long(adoption.reversed_on)}")
    else:
        _add(errors, "household", household_match_errors(household, adoption.matched_on))
    _raise_if(errors)
    adoption.household = household
    fields = ["household"]
    if not adoption.adopters_names:
        adoption.adopters_names = household.name
        fields.append("adopters_names")
    return _save_changed(adoption, expected_version=expected_version, fields=fields, by=by)


@atomic_action
def adoption_order_record(
    *, adoption: Adoption, order_on: date, reason: str, by, expected_version: int | None = None
) -> Adoption:
    """The court made the adoption order: the period of care ends that day with 903 REC E11
    (application unopposed) or E12 (parents' consent dispensed with)."""
    adoption = _locked(adoption)
    _check_version(
        adoption, expected_version, {"adoption_order_on": order_on, "adoption_order_reason": reason}
    )
    errors: Errors = {}
    _step_errors(adoption, errors)
    _add(errors, "order_on", date_errors(adoption.child, order_on, "date of the adoption order"))
    if not adoption.placed_on:
        _add(errors, "order_on", "Record the child's placement with the adopters before the adoption order")
    elif order_on and order_on < adoption.placed_on:
        _add(
            errors,
            "order_on",
            f"The adoption order must be on or after the placement, on {_long(adoption.placed_on)}",
        )
    if reason not in ADOPTION_ORDER_REASONS:
        _add(
            errors,
            "reason",
            "Select whether the application was unopposed (E11) or consent was dispensed with (E12)",
        )
    _raise_if(errors)
    try:
        period_of_care_end(period=adoption.period, end_date=order_on, reason_ceased=reason, by=by)
    except ValidationError as error:
        _relay(error, errors, {"end_date": "order_on", "reason_ceased": "reason"})
        _raise_if(errors)
    adoption.adoption_order_on = order_on
    adoption.adoption_order_reason = reason
    return _save_changed(
        adoption,
        expected_version=expected_version,
        fields=["adoption_order_on", "adoption_order_reason"],
        by=by,
    )


@atomic_action
def adoption_decision_reverse(
    *, adoption: Adoption, reversed_on: date, reason: str, by, expected_version: int | None = None
) -> Adoption:
    """The plan for adoption is no longer the plan (903 DATE_PLACED_CEASED with RD1–RD4)."""
    adoption = _locked(adoption)
    _check_version(adoption, expected_version, {"reversed_on": reversed_on, "reversal_reason": reason})
    errors: Errors = {}
    _step_errors(adoption, errors)
    _add(
        errors,
        "reversed_on",
        date_errors(adoption.child, reversed_on, "date the decision was reversed", may_be_18th_birthday=True),
    )
    latest = max(
        d
        for d in (
            adoption.should_be_placed_on,
            adoption.placement_order_on,
            adoption.consent_on,
            adoption.matched_on,
            adoption.placed_on,
        )
        if d
    )
    if reversed_on and reversed_on < latest:
        _add(
            errors,
            "reversed_on",
            f"The decision can be reversed only on or after its latest step, on {_long(latest)}",
        )
    if not reason:
        _add(errors, "reason", "Select why the decision was reversed")
    elif not is_valid_code("placed_ceased_reason", reason):
        _add(errors, "reason", "Select a reason from the DfE list (RD1 to RD4)")
    if adoption.placement_id and reversed_on and not errors:
        placement = adoption.placement
        if placement.end_date is None:
            _add(
                errors,
                "reversed_on",
                "The child is still placed with the adopters: record their move first, then reverse the decision",
            )
    _raise_if(errors)
    adoption.reversed_on = reversed_on
    adoption.reversal_reason = reason
    return _save_changed(
        adoption, expected_version=expected_version, fields=["reversed_on", "reversal_reason"], by=by
    )


# --- other permanence orders ---------------------------------------------------------------------


@atomic_action
def permanence_order_record(
    *, child: Person, kind: str, made_on: date, reason_ceased: str, by, carer_name: str = ""
) -> PermanenceOutcome:
    """A special guardianship order (903 E45–E48, by who the carers are), a child arrangements
    order (E41) or a planned return home (E4A): the child's period of care ends that day."""
    child = Person.objects.select_for_update().get(pk=child.pk)
    errors: Errors = {}
    if kind not in OUTCOME_REASONS:
        _add(errors, "kind", "Select the order or return home")
    elif reason_ceased not in OUTCOME_REASONS[kind]:
        allowed = ", ".join(OUTCOME_REASONS[kind])
        _add(
            errors,
            "reason_ceased",
            f"Select the DfE reason for a {OutcomeKind(kind).label.lower()} ({allowed})",
        )
    _add(errors, "made_on", date_errors(child, made_on, "date", may_be_18th_birthday=True))
    period: PeriodOfCare | None = open_period_of_care(child)
    if period is None:
        _add(errors, "made_on", "The child is not looked after: there is no period of care to end")
    standing = Adoption.objects.filter(
        child=child, reversed_on__isnull=True, adoption_order_on__isnull=True
    ).first()
    if standing is not None:
        _add(
            errors,
            "kind",
            "A decision that the child should be placed for adoption still stands: reverse it first",
        )
    if kind == OutcomeKind.SPECIAL_GUARDIANSHIP and not (carer_name or "").strip():
        _add(errors, "carer_name", "Enter the special guardians' names")
    _raise_if(errors)
    outcome = PermanenceOutcome(
        child=child,
        period=period,
        kind=kind,
        made_on=made_on,
        reason_ceased=reason_ceased,
        carer_name=(carer_name or "").strip(),
        created_by=by,
    )
    _clean(outcome, errors)
    _raise_if(errors)
    try:
        period_of_care_end(period=period, end_date=made_on, reason_ceased=reason_ceased, by=by)
    except ValidationError as error:
        _relay(error, errors, {"end_date": "made_on"})
        _raise_if(errors)
    outcome._history_user = by
    outcome.save()
    return outcome


# --- previous permanence (SSDA903 PrevPerm) ------------------------------------------------------------

NO_PREVIOUS_PERMANENCE = "Z1"
# LA_PERM: a 3-digit old-style local authority code, or one of the other UK nations.
OTHER_NATIONS = frozenset({"WAL", "SCO", "NUK", "NIR"})
_DATE_PERM = re.compile(r"^(\d{2}|ZZ)/(\d{2}|ZZ)/(\d{4})$")


def order_date_earliest(text: str) -> tuple[date | None, str]:
    """The earliest day a 903 DATE_PERM can mean (an unknown day or month, ZZ, read as the
    first), and what is wrong with it ("" when it is well formed)."""
    match = _DATE_PERM.match(text)
    if not match:
        return None, "Enter the date of the order as DD/MM/YYYY, with ZZ for an unknown day or month"
    day, month, year = match.groups()
    if month == "ZZ" and day != "ZZ":
        return None, "When the month is not known, write the day as ZZ too (ZZ/ZZ/YYYY)"
    try:
        earliest = date(int(year), 1 if month == "ZZ" else int(month), 1 if day == "ZZ" else int(day))
    except ValueError:
        return None, "Enter a real date for the order, with ZZ for an unknown day or month"
    return earliest, ""


def previous_permanence_errors(period: PeriodOfCare, code: str, authority: str, order_date: str) -> Errors:
    errors: Errors = {}
    if not code or not is_valid_code("previous_permanence", code):
        _add(errors, "previous_permanence", "Select whether the child had a permanent home before")
        return errors
    if code == NO_PREVIOUS_PERMANENCE:
        # 903 rule 635: with Z1, LA_PERM and DATE_PERM are left blank.
        if authority:
            _add(errors, "authority", "Leave the local authority blank when there was no previous permanence")
        if order_date:
            _add(errors, "order_date", "Leave the date blank when there was no previous permanence")
        return errors
    if authority and not (re.fullmatch(r"\d{3}", authority) or authority in OTHER_NATIONS):
        _add(
            errors,
            "authority",
            "Enter the local authority as its 3-digit code, or WAL, SCO, NIR or NUK for elsewhere in the UK",
        )
    if order_date:
        earliest, problem = order_date_earliest(order_date)
        if problem:
            _add(errors, "order_date", problem)
        elif earliest > period.start_date:
            _add(
                errors,
                "order_date",
                f"The order must be on or before the child came into care, on {_long(period.start_date)}",
            )
    return errors


@atomic_action
def previous_permanence_record(
    *,
    period: PeriodOfCare,
    previous_permanence: str,
    by,
    authority: str = "",
    order_date: str = "",
    expected_version: int | None = None,
) -> PreviousPermanence:
    """Whether the child had a permanent home (adoption, special guardianship, a child
    arrangements or residence order) before this period of care: one record per period,
    changed in place with the version the form was opened at."""
    period = PeriodOfCare.objects.select_for_update().get(pk=period.pk)
    code = (previous_permanence or "").strip().upper()
    authority = (authority or "").strip().upper()
    order_date = (order_date or "").strip().upper()
    errors = previous_permanence_errors(period, code, authority, order_date)
    _raise_if(errors)
    values = {"previous_permanence": code, "authority": authority, "order_date": order_date}
    record = PreviousPermanence.objects.select_for_update().filter(period=period).first()
    if record is None:
        record = PreviousPermanence(period=period, created_by=by, **values)
        _clean(record, errors)
        _raise_if(errors)
        record._history_user = by
        record.save()
        return record
    expected = record.version if expected_version is None else expected_version
    for name, value in values.items():
        setattr(record, name, value)
    _clean(record, errors)
    _raise_if(errors)
    record._history_user = by
    save_if_unchanged(record, expected_version=expected, fields=list(values))
    return record

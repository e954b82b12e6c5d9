"""Every write to a child's time in care.

A period of care holds two timelines, legal statuses and placements, that must each cover the
whole period with no gaps and no overlaps. Nobody edits the timelines directly: each action
below ends the current entry on the day the next one starts, so the rule holds by
construction, and the SSDA903 episodes derived from them (episodes.py) are always consistent.

Each function checks everything first and raises ``ValidationError`` with a message per field,
then saves with its history in one transaction, so bad input changes nothing. Every action on
a period locks the period row and raises the period's version; a form carries the version it
was opened at (``expected_version``), so two workers acting on one child's care at once never
silently overwrite each other (``ConcurrentEditError``).

Rules that apply to every date: not in the future, not before the child's birth, and not after
their 18th birthday (a young person aged 18 is a care leaver, recorded in leaving care; the
period itself may end on the birthday).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.accounts.roles import Role
from hearth.childinneed.selectors import open_referral
from hearth.childinneed.services import referral_close_for_care, referral_open_for_care
from hearth.childrenincare.models import (
    CareReview,
    DeprivationOfLibertyOrder,
    IROAssignment,
    LegalStatus,
    PeriodOfCare,
    Placement,
)
from hearth.concurrency import ConcurrentEditError, save_if_unchanged
from hearth.people.models import Person, PersonType
from hearth.reference.selectors import code_label, is_valid_code
from hearth.transactions import atomic_action

__all__ = [
    "ConcurrentEditError",
    "EpisodeOfNeedChange",
    "care_review_hold",
    "dolo_end",
    "dolo_start",
    "iro_assign",
    "legal_status_change",
    "period_of_care_end",
    "period_of_care_start",
    "placement_change",
]

Errors = dict[str, list[str]]

# DfE placement types that take no provider (rule 178) and no Ofsted URN (rules 218/222).
TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
NO_PROVIDER_PLACEMENTS = TEMPORARY_PLACEMENTS | {"Z11", "Z12", "Z13", "Z14"}
NO_URN_PLACEMENTS = NO_PROVIDER_PLACEMENTS | {"P1", "P3", "R1", "R2", "R5"}
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
PLACEMENT_ORDER = "E1"
UNKNOWN_URN = "XXXXXXX"
# DfE rule 242: only a foster or adoption placement may give its URN as unknown.
UNKNOWN_URN_PLACEMENTS = ADOPTION_PLACEMENTS | {"U1", "U2", "U3", "U4", "U5", "U6"}
# Police protection lasts at most 72 hours (Children Act 1989 s46(6); DfE rule 361).
POLICE_PROTECTION = "L1"
POLICE_PROTECTION_DAYS = 3
# An emergency protection order lasts 8 days, extendable once by 7 (Children Act 1989 s45);
# DfE's rule 362 allows an L2 at most 21 days.
EMERGENCY_PROTECTION = "L2"
EMERGENCY_PROTECTION_DAYS = 21
# Why the first episode Hearth holds of an imported period began ("" for a period held whole).
CONTINUED_EPISODE_REASONS = frozenset({"", "L", "P", "T", "B", "U"})
# Special guardianship to former foster carers (DfE rule 516): the child's last placement is
# with those carers, a foster placement.
TO_FORMER_FOSTER_CARERS = frozenset({"E45", "E46"})
FOSTER_PLACEMENTS = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
# Reasons a period ends that only a young person aged 18 or over can have.
ADULT_REASONS = frozenset({"E17"})
PLACEMENT_FIELDS = (
    "placement_type",
    "provider",
    "carer_name",
    "postcode",
    "ofsted_urn",
    "weekly_cost",
    "long_term",
    "reg_24_temporary",
)
# DfE placement types that are long-term by definition (CPPCR reg 28(2)(c)(i) visits).
LONG_TERM_PLACEMENTS = frozenset({"U1", "U4"})
# A connected person's temporary approval (reg 24) is fostering with a relative or friend.
REG_24_PLACEMENTS = frozenset({"U3"})
# The placements a child under a deprivation of liberty order may be in (DfE rule 709); rule 710
# names four the order can never cover (a secure home, parents, custody, supported living).
LIBERTY_ORDER_PLACEMENTS = frozenset({"K2", "Z12", "Z13"})
NEVER_UNDER_LIBERTY_ORDER = frozenset({"K1", "P1", "R5", "K3"})
# The source of the episode of need opened when a child comes into care with none open: the
# care record does not say who first raised the concern, so DfE's "unknown" (10) unless the
# caller knows better.
CARE_REFERRAL_SOURCE = "10"
# Care ending in one of these ends the child's need for a social worker too: the episode of need
# closes that day with the CIN census reason (903 REC -> CIN ReasonForClosure). After any other
# ending (home, independence, 18, custody...) support often goes on, so the worker decides.
EPISODE_CLOSED_BY_CARE_ENDING = {
    "E11": "RC1",  # adopted
    "E12": "RC1",
    "E2": "RC2",  # died
    "E41": "RC3",  # child arrangements order
    "E45": "RC4",  # special guardianship order
    "E46": "RC4",
    "E47": "RC4",
    "E48": "RC4",
    "E3": "RC5",  # care taken over by another local authority
    "E7": "RC6",  # residential care funded by adult social care
}


@dataclass(frozen=True)
class EpisodeOfNeedChange:
    """What starting or ending a period of care did to the child's episode of need (a
    ``childinneed.Referral``), left on the period the service returns as
    ``period.episode_of_need`` so the page can tell the worker.

    ``opened``: the episode that opened with the care (None when one already covered it).
    ``closed``: the episode that closed with the care. ``left_open``: the episode still open
    once care ended, for the worker to close when the child no longer needs a plan."""

    opened: object | None = None
    closed: object | None = None
    left_open: object | None = None


# --- small helpers ----------------------------------------------------------------------------


def _add(errors: Errors, field: str, problems: list[str] | str | None) -> None:
    if not problems:
        return
    if isinstance(problems, str):
        problems = [problems]
    errors.setdefault(field, []).extend(problems)


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def eighteenth_birthday(child: Person) -> date | None:
    if child.date_of_birth is None:
        return None
    return child.date_of_birth + relativedelta(years=18)


def date_errors(
    child: Person, day: date | None, what: str, *, may_be_18th_birthday: bool = False
) -> list[str]:
    """What is wrong with ``day`` as the date of ``what`` in the child's care."""
    if day is None:
        return [f"Enter the {what}"]
    problems = []
    if day > timezone.localdate():
        problems.append(f"The {what} must be today or in the past")
    if child.date_of_birth and day < child.date_of_birth:
        problems.append(
            f"The {what} must be on or after the child's date of birth, {_long(child.date_of_birth)}"
        )
    adult_on = eighteenth_birthday(child)
    if adult_on and (day > adult_on or (day == adult_on and not may_be_18th_birthday)):
        problems.append(
            f"The child was 18 on {_long(adult_on)}: a young person aged 18 is no longer looked after. "
            "Record their support as a care leaver instead"
        )
    return problems


def _is_iro(user) -> bool:
    return bool(user) and user.is_active and user.has_role(Role.CP_CHAIR_IRO)


def _locked(period: PeriodOfCare) -> PeriodOfCare:
    """The caller's period, locked for this transaction (so two actions on one child's care
    queue) and read afresh, so the caller's object shows the change once the action is done."""
    # One query: the refresh reads the row through the locking queryset.
    period.refresh_from_db(from_queryset=PeriodOfCare.objects.select_for_update())
    period._prefetched_objects_cache = {}
    return period


def _touch(
    period: PeriodOfCare, *, expected_version: int | None, by, fields: list[str] | None = None
) -> None:
    """Raise the period's version, refusing if someone acted on it since the form was opened."""
    period._history_user = by
    save_if_unchanged(
        period,
        expected_version=period.version if expected_version is None else expected_version,
        fields=fields or [],
    )


def _save_new(record, by) -> None:
    record._history_user = by
    record.save()


def _full_clean(record, errors: Errors, *, prefix: str = "", exclude: list[str] | None = None) -> None:
    try:
        record.full_clean(exclude=["period", *(exclude or [])])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            _add(errors, f"{prefix}{name}", messages)


def _current(entries) -> LegalStatus | Placement | IROAssignment | None:
    return next((entry for entry in entries if entry.end_date is None), None)


# --- placement details --------------------------------------------------------------------------


def urn_is_well_formed(urn: str) -> bool:
    """An Ofsted URN: "SC" and 6 digits, or 7 digits; "XXXXXXX" when not known."""
    if urn == UNKNOWN_URN:
        return True
    if len(urn) == 8 and urn[:2] == "SC" and urn[2:].isdigit():
        return True
    return len(urn) == 7 and urn.isdigit()


@dataclass
class PlacementDetails:
    placement_type: str = ""
    provider: str = ""
    carer_name: str = ""
    postcode: str = ""
    ofsted_urn: str = ""
    weekly_cost: Decimal | None = None
    long_term: bool = False
    reg_24_temporary: bool = False

    @classmethod
    def from_fields(cls, fields: dict) -> "PlacementDetails":
        unknown = set(fields) - set(PLACEMENT_FIELDS)
        if unknown:
            raise TypeError(f"Unknown placement fields: {', '.join(sorted(unknown))}")

        def text(name: str, *, upper: bool = False) -> str:
            value = (fields.get(name) or "").strip()
            return value.upper() if upper else value

        return cls(
            placement_type=text("placement_type", upper=True),
            provider=text("provider", upper=True),
            carer_name=text("carer_name"),
            postcode=" ".join(text("postcode", upper=True).split()),
            ofsted_urn=text("ofsted_urn", upper=True),
            weekly_cost=fields.get("weekly_cost"),
            long_term=bool(fields.get("long_term")),
            reg_24_temporary=bool(fields.get("reg_24_temporary")),
        )


def adoption_authority(child: Person, on: date, legal_status_on: str | None) -> str | None:
    """The authority to place the child for adoption on ``on``: "order" (a placement order,
    legal status E1) or "consent" (the parents' consent, recorded by the permanence app)."""
    if legal_status_on == PLACEMENT_ORDER:
        return "order"
    # Imported here: permanence builds on this app's services, so the import cannot be at the top.
    from hearth.permanence.selectors import adoption_authority_on

    return adoption_authority_on(child, on)


# DfE's adoption placement types say which authority they rest on.
PLACED_WITH_CONSENT = frozenset({"A3", "A4"})
PLACED_WITH_ORDER = frozenset({"A5", "A6"})


def placement_errors(
    details: PlacementDetails, *, child: Person, on: date | None, legal_status_on: str | None
) -> Errors:
    """The DfE rules for one placement's details (types, provider, URN, adoption authority)."""
    errors: Errors = {}
    kind = details.placement_type
    if not kind:
        _add(errors, "placement_type", "Select the placement type")
    elif not is_valid_code("placement_type", kind, on=on):
        _add(errors, "placement_type", "Select a placement type from the DfE list")
    if details.provider and not is_valid_code("placement_provider", details.provider, on=on):
        _add(errors, "provider", "Select a placement provider from the DfE list")
    elif kind in NO_PROVIDER_PLACEMENTS and details.provider:
        _add(errors, "provider", f"A {kind} placement has no provider: leave the provider blank")
    elif kind and kind not in NO_PROVIDER_PLACEMENTS and not details.provider:
        _add(errors, "provider", "Select the placement provider")
    urn = details.ofsted_urn
    if kind in NO_URN_PLACEMENTS and urn:
        _add(errors, "ofsted_urn", f"A {kind} placement has no Ofsted URN: leave it blank")
    elif kind and kind not in NO_URN_PLACEMENTS:
        if not urn:
            _add(errors, "ofsted_urn", "Enter the Ofsted URN of the placement, or XXXXXXX if it is not known")
        elif not urn_is_well_formed(urn):
            _add(
                errors,
                "ofsted_urn",
                "Enter the Ofsted URN as SC and 6 digits (like SC123456) or 7 digits, or XXXXXXX if it is not known",
            )
        elif urn == UNKNOWN_URN and kind not in UNKNOWN_URN_PLACEMENTS:
            _add(
                errors,
                "ofsted_urn",
                f"A {kind} placement is registered with Ofsted: enter its URN (XXXXXXX is only for foster "
                "and adoption placements)",
            )
    if details.reg_24_temporary and kind and kind not in REG_24_PLACEMENTS:
        _add(
            errors,
            "reg_24_temporary",
            "A temporary approval under regulation 24 is a foster placement with a relative or friend: "
            "choose placement type U3, or untick regulation 24",
        )
    elif details.reg_24_temporary and details.long_term:
        _add(
            errors,
            "long_term",
            "A temporary approval under regulation 24 cannot be a placement intended to last until 18: "
            "untick one of them",
        )
    if details.long_term and kind in TEMPORARY_PLACEMENTS:
        _add(errors, "long_term", f"A {kind} placement is temporary: it cannot be intended to last until 18")
    if details.weekly_cost is not None and details.weekly_cost < 0:
        _add(errors, "weekly_cost", "The weekly cost cannot be less than zero")
    if kind in ADOPTION_PLACEMENTS and on is not None:
        authority = adoption_authority(child, on, legal_status_on)
        if authority is None:
            _add(
                errors,
                "placement_type",
                "A child can be placed for adoption only with a placement order (legal status E1) or the "
                "parents' consent recorded",
            )
        elif kind in PLACED_WITH_ORDER and authority != "order":
            _add(
                errors,
                "placement_type",
                f"{kind} is a placement with a placement order, but only the parents' consent is recorded: "
                "choose A3 or A4",
            )
        elif kind in PLACED_WITH_CONSENT and authority != "consent":
            _add(
                errors,
                "placement_type",
                f"{kind} is a placement with consent, but a placement order is in force: choose A5 or A6",
            )
    return errors


def _placement(period: PeriodOfCare, details: PlacementDetails, start: date, by, **extra) -> Placement:
    return Placement(
        period=period,
        placement_type=details.placement_type,
        provider=details.provider,
        carer_name=details.carer_name,
        postcode=details.postcode,
        ofsted_urn=details.ofsted_urn,
        weekly_cost=details.weekly_cost,
        long_term=details.long_term,
        reg_24_temporary=details.reg_24_temporary,
        start_date=start,
        created_by=by,
        **extra,
    )


# --- starting and ending a period of care ---------------------------------------------------------


@atomic_action
def period_of_care_start(
    *,
    child: Person,
    start_date: date,
    legal_status: str,
    placement: dict,
    category_of_need: str,
    by,
    home_postcode: str = "",
    first_episode_reason: str = "",
    referral_source: str = CARE_REFERRAL_SOURCE,
) -> PeriodOfCare:
    """The child becomes looked after: the period, its first legal status and first placement,
    all starting on ``start_date``, in one action. A child looked after is a child in need: with
    no episode of need open that day, one opens with it (``childinneed.referral_open_for_care``),
    its primary need the period's category of need and its source ``referral_source``;
    ``period.episode_of_need.opened`` on the period returned says whether one did.

    ``first_episode_reason`` is for legacy importers only: a period whose earlier episodes Hearth
    never held starts on the first episode it does hold, and this says why that episode began
    (903 RNE, not S)."""
    child = Person.objects.select_for_update().get(pk=child.pk)
    errors: Errors = {}
    if child.person_type != PersonType.CHILD:
        _add(errors, "child", "Only a born child can be looked after")
    if child.date_of_birth is None:
        _add(errors, "child", "Record the child's date of birth before they come into care")
    _add(errors, "start_date", date_errors(child, start_date, "date the child came into care"))
    earlier = list(PeriodOfCare.objects.filter(child=child).order_by("-start_date"))
    open_period = next((period for period in earlier if period.end_date is None), None)
    if open_period is not None:
        _add(
            errors,
            "start_date",
            f"The child is already looked after, since {_long(open_period.start_date)}: "
            "end that period of care first",
        )
    elif start_date is not None:
        for period in earlier:
            if start_date < period.end_date:
                _add(
                    errors,
                    "start_date",
                    f"An earlier period of care ran to {_long(period.end_date)}: "
                    "a new one must start on or after that day",
                )
                break
    if not legal_status:
        _add(errors, "legal_status", "Select the legal status")
    elif not is_valid_code("legal_status", legal_status, on=start_date):
        _add(errors, "legal_status", "Select a legal status from the DfE list")
    if not category_of_need:
        _add(errors, "category_of_need", "Select the category of need")
    elif not is_valid_code("category_of_need", category_of_need, on=start_date):
        _add(errors, "category_of_need", "Select a category of need from the DfE list (N1 to N8)")
    details = PlacementDetails.from_fields(placement or {})
    for name, problems in placement_errors(
        details, child=child, on=start_date, legal_status_on=legal_status
    ).items():
        _add(errors, name, problems)
    if first_episode_reason not in CONTINUED_EPISODE_REASONS:
        _add(errors, "first_episode_reason", "A period held part-way through starts with RNE L, P, T, B or U")
    if not is_valid_code("referral_source", referral_source, on=start_date):
        _add(errors, "referral_source", "Select a referral source from the DfE list")
    _raise_if(errors)

    period = PeriodOfCare(
        child=child,
        start_date=start_date,
        category_of_need=category_of_need,
        home_postcode=" ".join((home_postcode or "").upper().split()),
        first_episode_reason=first_episode_reason,
        created_by=by,
    )
    _full_clean(period, errors, exclude=["child"])
    _raise_if(errors)
    _save_new(period, by)
    status = LegalStatus(period=period, legal_status=legal_status, start_date=start_date, created_by=by)
    first_placement = _placement(period, details, start_date, by)
    _full_clean(status, errors)
    _full_clean(first_placement, errors)
    _raise_if(errors)  # inside the transaction: the period is rolled back with it
    _save_new(status, by)
    _save_new(first_placement, by)
    try:
        opened = referral_open_for_care(
            child=child, on=start_date, primary_need=category_of_need, source=referral_source, by=by
        )
    except ValidationError as refused:
        # Refused for its date (clashing with the child's other episodes, or after their death).
        _add(errors, "start_date", [f"Episode of need: {message}" for message in refused.messages])
        _raise_if(errors)
    period.episode_of_need = EpisodeOfNeedChange(opened=opened)
    return period


@atomic_action
def period_of_care_end(
    *, period: PeriodOfCare, end_date: date, reason_ceased: str, by, expected_version: int | None = None
) -> PeriodOfCare:
    """The child stops being looked after: the period, its open legal status, placement and IRO
    assignment all end on ``end_date``. When the reason ends the need too (adoption, special
    guardianship, a child arrangements order, death, another authority or adult services), the
    open episode of need closes that day with the matching reason, unless other work on it is
    open (``childinneed.referral_close_for_care``). ``period.episode_of_need`` on the period
    returned says which episode closed, or which is still open for the worker to close."""
    period = _locked(period)
    child = period.child
    errors: Errors = {}
    if period.end_date is not None:
        _add(errors, "end_date", f"This period of care already ended on {_long(period.end_date)}")
    _add(
        errors,
        "end_date",
        date_errors(child, end_date, "date the child left care", may_be_18th_birthday=True),
    )
    statuses = list(period.legal_statuses.all())
    placements = list(period.placements.all())
    orders = list(period.liberty_orders.all())
    _add(errors, "end_date", _police_protection_errors(_current(statuses), end_date))
    still_in_force = _current(orders)
    if still_in_force is not None:
        # DfE rule 707: no order stays open once the child has left care. The day it ended is
        # the court's, so Hearth asks for it rather than assuming it is this one.
        _add(
            errors,
            "end_date",
            f"A deprivation of liberty order has been in force since {_long(still_in_force.start_date)} and "
            "is not recorded as ended: record the day it ended (on or before the day the child leaves "
            "care) first, then end the period of care",
        )
    if end_date is not None:
        latest = max(
            [period.start_date]
            + [entry.start_date for entry in statuses + placements + orders]
            + [order.end_date for order in orders if order.end_date]
        )
        if end_date < latest:
            _add(
                errors,
                "end_date",
                f"The period of care cannot end before its latest change, on {_long(latest)}",
            )
        last_review = period.reviews.order_by("-review_date").values_list("review_date", flat=True).first()
        if last_review and end_date < last_review:
            _add(errors, "end_date", f"A review was held on {_long(last_review)}, after this date")
    if not reason_ceased:
        _add(errors, "reason_ceased", "Select why the child left care")
    elif reason_ceased == "X1":
        _add(
            errors,
            "reason_ceased",
            "X1 is not a reason to leave care: Hearth works it out for each change within the period",
        )
    elif not is_valid_code("reason_episode_ceased", reason_ceased, on=end_date):
        _add(errors, "reason_ceased", "Select a reason from the DfE list")
    elif reason_ceased in ADULT_REASONS and end_date is not None:
        adult_on = eighteenth_birthday(child)
        if adult_on and end_date < adult_on:
            _add(errors, "reason_ceased", f"{reason_ceased} is only for a young person aged 18 or over")
    elif reason_ceased in TO_FORMER_FOSTER_CARERS:
        last = _current(placements) or max(placements, key=lambda p: p.start_date, default=None)
        if last is None or last.placement_type not in FOSTER_PLACEMENTS:
            _add(
                errors,
                "reason_ceased",
                f"{reason_ceased} is an order to the child's foster carers, but the child is not in a foster "
                "placement: choose the reason for other carers",
            )
    _raise_if(errors)

    period.end_date = end_date
    period.reason_ceased = reason_ceased
    _full_clean(period, errors, exclude=["child"])
    _raise_if(errors)
    _touch(period, expected_version=expected_version, by=by, fields=["end_date", "reason_ceased"])
    for entry in [_current(statuses), _current(placements), _current(period.iro_assignments.all())]:
        if entry is not None:
            entry.end_date = end_date
            entry._history_user = by
            entry.save(update_fields=["end_date"])
    closed = None
    if reason_ceased in EPISODE_CLOSED_BY_CARE_ENDING:
        closed = referral_close_for_care(
            child=child, on=end_date, closure_reason=EPISODE_CLOSED_BY_CARE_ENDING[reason_ceased], by=by
        )
    period.episode_of_need = EpisodeOfNeedChange(
        closed=closed, left_open=None if closed is not None else open_referral(child)
    )
    return period


# --- changes within the period -------------------------------------------------------------------


def _police_protection_errors(current: LegalStatus | None, ends_on: date | None) -> list[str]:
    """Police protection (L1) ends within 72 hours, what followed it starting by the third day
    (rule 361); an emergency protection order (L2) within 21 days (rule 362)."""
    if current is None or ends_on is None:
        return []
    if current.legal_status == POLICE_PROTECTION:
        days, what = POLICE_PROTECTION_DAYS, "Police protection lasts at most 72 hours"
    elif current.legal_status == EMERGENCY_PROTECTION:
        days, what = EMERGENCY_PROTECTION_DAYS, "An emergency protection order lasts at most 21 days"
    else:
        return []
    latest = current.start_date + timedelta(days=days)
    if ends_on <= latest:
        return []
    return [
        f"{what}: it began on {_long(current.start_date)}, so what "
        f"followed it started by {_long(latest)}. Record that date"
    ]


def _change_date_errors(period: PeriodOfCare, on: date | None, current, what: str) -> list[str]:
    problems = date_errors(period.child, on, what)
    if period.end_date is not None:
        problems.append(f"This period of care ended on {_long(period.end_date)}")
    if on is not None and current is not None and on <= current.start_date:
        problems.append(f"The {what} must be after {_long(current.start_date)}, when the current one started")
    return problems


def _entry_on(entries, day: date):
    """The timeline entry in force on ``day``."""
    in_force = [
        entry
        for entry in entries
        if entry.start_date <= day and (entry.end_date is None or day <= entry.end_date)
    ]
    return max(in_force, key=lambda entry: entry.start_date, default=None)


@atomic_action
def legal_status_change(
    *, period: PeriodOfCare, legal_status: str, on: date, by, expected_version: int | None = None
) -> LegalStatus:
    """A new legal status from ``on``; the current one ends that day."""
    period = _locked(period)
    statuses = list(period.legal_statuses.all())
    current = _current(statuses)
    errors: Errors = {}
    _add(errors, "on", _change_date_errors(period, on, current, "date the legal status changed"))
    _add(errors, "on", _police_protection_errors(current, on))
    if not legal_status:
        _add(errors, "legal_status", "Select the new legal status")
    elif not is_valid_code("legal_status", legal_status, on=on):
        _add(errors, "legal_status", "Select a legal status from the DfE list")
    elif current is not None and current.legal_status == legal_status:
        _add(errors, "legal_status", f"The child's legal status is already {legal_status}")
    if current is not None and on is not None and legal_status != PLACEMENT_ORDER:
        placement = _current(list(period.placements.all()))
        if placement is not None and placement.placement_type in ("A5", "A6"):
            _add(
                errors,
                "legal_status",
                f"The child is placed for adoption under a placement order ({placement.placement_type}): "
                "move the placement before the placement order ends",
            )
    _raise_if(errors)
    new = LegalStatus(period=period, legal_status=legal_status, start_date=on, created_by=by)
    _full_clean(new, errors)
    _raise_if(errors)
    _touch(period, expected_version=expected_version, by=by)
    if current is not None:
        current.end_date = on
        current._history_user = by
        current.save(update_fields=["end_date"])
    _save_new(new, by)
    return new


@atomic_action
def placement_change(
    *,
    period: PeriodOfCare,
    on: date,
    by,
    reason_changed: str,
    same_carer: bool = False,
    expected_version: int | None = None,
    **placement_fields,
) -> Placement:
    """The child moves to a new placement on ``on``; the current one ends that day with its
    reason (903 REASON_PLACE_CHANGE, not given for a temporary T0–T4 placement).
    ``same_carer`` says the carer stays the same (903 RNE T or U), for example when foster
    carers are approved as the child's adopters."""
    period = _locked(period)
    placements = list(period.placements.all())
    current = _current(placements)
    errors: Errors = {}
    _add(errors, "on", _change_date_errors(period, on, current, "date of the move"))
    details = PlacementDetails.from_fields(placement_fields)
    temporary = current is not None and current.placement_type in TEMPORARY_PLACEMENTS
    reason = (reason_changed or "").strip().upper()
    if temporary:
        reason = ""  # DfE rule 226: no reason for ending a temporary placement
    elif not reason:
        _add(errors, "reason_changed", "Select why the placement changed")
    elif not is_valid_code("reason_place_change", reason, on=on):
        _add(errors, "reason_changed", "Select a reason for the change from the DfE list")
    elif (
        reason == "CUSTOD"
        and on is not None
        and period.child.date_of_birth
        and on < period.child.date_of_birth + relativedelta(years=10)
    ):
        _add(errors, "reason_changed", "CUSTOD is not a reason for a child under 10")
    if same_carer and current is not None:
        if not details.carer_name:
            details.carer_name = current.carer_name
        elif current.carer_name and details.carer_name.casefold() != current.carer_name.casefold():
            _add(
                errors,
                "carer_name",
                f"You said the carer stays the same, but the current carer is {current.carer_name}",
            )
        if details.placement_type == current.placement_type:
            _add(
                errors,
                "placement_type",
                "With the same carer and the same placement type nothing has changed: choose the new placement type",
            )
    legal_status_on = None
    if on is not None:
        status = _entry_on(list(period.legal_statuses.all()), on)
        legal_status_on = status.legal_status if status else None
    for name, problems in placement_errors(
        details, child=period.child, on=on, legal_status_on=legal_status_on
    ).items():
        _add(errors, name, problems)
    if on is not None and "placement_type" not in errors:
        _add(
            errors,
            "placement_type",
            _orders_overlapping_placement(list(period.liberty_orders.all()), details.placement_type, on),
        )
    _raise_if(errors)
    new = _placement(period, details, on, by, same_carer_as_previous=bool(same_carer))
    _full_clean(new, errors)
    _raise_if(errors)
    _touch(period, expected_version=expected_version, by=by)
    if current is not None:
        current.end_date = on
        current.reason_changed = reason
        current._history_user = by
        current.save(update_fields=["end_date", "reason_changed"])
    _save_new(new, by)
    return new


# --- reviews and the IRO -----------------------------------------------------------------------


@atomic_action
def care_review_hold(
    *,
    period: PeriodOfCare,
    review_date: date,
    chair,
    participation: str,
    by,
    decisions: str = "",
    expected_version: int | None = None,
) -> CareReview:
    """A looked-after review, chaired by an IRO, with how the child took part (903 REVIEW_CODE)."""
    period = _locked(period)
    child = period.child
    errors: Errors = {}
    _add(
        errors,
        "review_date",
        date_errors(child, review_date, "date of the review", may_be_18th_birthday=True),
    )
    if review_date is not None:
        if review_date <= period.start_date:
            _add(
                errors,
                "review_date",
                f"The review must be after the child came into care on {_long(period.start_date)}",
            )
        if period.end_date is not None and review_date > period.end_date:
            _add(errors, "review_date", f"This period of care ended on {_long(period.end_date)}")
        if period.reviews.filter(review_date=review_date).exists():
            _add(errors, "review_date", f"A review on {_long(review_date)} is already recorded")
    if chair is None:
        _add(errors, "chair", "Select the independent reviewing officer who chaired the review")
    elif not _is_iro(chair):
        _add(errors, "chair", "The review must be chaired by an independent reviewing officer")
    if not participation:
        _add(errors, "participation", "Select how the child took part in the review")
    elif not is_valid_code("review_participation", participation, on=review_date):
        _add(errors, "participation", "Select how the child took part from the DfE list")
    elif review_date is not None and child.date_of_birth:
        under_4 = review_date < child.date_of_birth + relativedelta(years=4)
        if under_4 and participation != "PN0":
            _add(errors, "participation", "The child was under 4 at the review: select PN0")
        elif not under_4 and participation == "PN0":
            _add(errors, "participation", "PN0 is only for a child under 4 at the review")
    _raise_if(errors)
    review = CareReview(
        period=period,
        review_date=review_date,
        chair=chair,
        participation=participation,
        decisions=(decisions or "").strip(),
        created_by=by,
    )
    _full_clean(review, errors, exclude=["chair"])
    _raise_if(errors)
    _touch(period, expected_version=expected_version, by=by)
    _save_new(review, by)
    return review


@atomic_action
def iro_assign(
    *, period: PeriodOfCare, iro, start_date: date, by, expected_version: int | None = None
) -> IROAssignment:
    """The child's IRO from ``start_date``; the previous IRO's assignment ends that day."""
    period = _locked(period)
    assignments = list(period.iro_assignments.all())
    current = _current(assignments)
    errors: Errors = {}
    problems = date_errors(period.child, start_date, "date the IRO took over")
    if period.end_date is not None:
        problems.append(f"This period of care ended on {_long(period.end_date)}")
    if start_date is not None and start_date < period.start_date:
        problems.append(f"The IRO cannot start before the child came into care on {_long(period.start_date)}")
    if start_date is not None and current is not None and start_date <= current.start_date:
        problems.append(f"The date must be after {_long(current.start_date)}, when the current IRO started")
    _add(errors, "start_date", problems)
    if iro is None:
        _add(errors, "iro", "Select the independent reviewing officer")
    elif not _is_iro(iro):
        _add(errors, "iro", "Select someone with the independent reviewing officer role")
    elif current is not None and current.iro_id == iro.pk:
        _add(errors, "iro", "This is already the child's IRO")
    _raise_if(errors)
    assignment = IROAssignment(period=period, iro=iro, start_date=start_date, created_by=by)
    _full_clean(assignment, errors, exclude=["iro"])
    _raise_if(errors)
    _touch(period, expected_version=expected_version, by=by)
    if current is not None:
        current.end_date = start_date
        current._history_user = by
        current.save(update_fields=["end_date"])
    _save_new(assignment, by)
    return assignment


# --- deprivation of liberty orders ---------------------------------------------------------------
#
# An order covers the days from its start up to the day it ended, and a placement the days from
# its start up to the day the child moved on: a child may move into a children's home on the
# day an order is made, and out of it on the day the order ends. (The community validator's
# rules 709/710 compare the same dates inclusively; they crash on every return today, see
# docs/returns.md.)


def _days(start: date, end: date | None) -> tuple[date, date | None]:
    """The half-open span [start, end) of days something covers; at least its first day."""
    return start, None if end is None else max(end, start + timedelta(days=1))


def _overlap(first: tuple[date, date | None], second: tuple[date, date | None]) -> bool:
    (a_start, a_end), (b_start, b_end) = first, second
    return (b_end is None or a_start < b_end) and (a_end is None or b_start < a_end)


def _placement_label(placement_type: str) -> str:
    return f"{placement_type} ({code_label('placement_type', placement_type).lower()})"


def _not_under_an_order(placement_type: str) -> str:
    """Why a placement type cannot hold a child under a deprivation of liberty order."""
    rule = "DfE rule 710" if placement_type in NEVER_UNDER_LIBERTY_ORDER else "DfE rule 709"
    return (
        f"a child under a deprivation of liberty order lives in a children's home (K2) or a Z12 or Z13 "
        f"placement, never {placement_type} ({rule})"
    )


def _orders_overlapping_placement(
    orders: list[DeprivationOfLibertyOrder], placement_type: str, starts: date
) -> list[str]:
    """What is wrong with a placement of ``placement_type`` from ``starts`` (open-ended) given
    the period's orders."""
    if placement_type in LIBERTY_ORDER_PLACEMENTS:
        return []
    for order in orders:
        if _overlap(_days(order.start_date, order.end_date), (starts, None)):
            held = f"to {_long(order.end_date)}" if order.end_date else "and is not recorded as ended"
            return [
                f"A deprivation of liberty order runs from {_long(order.start_date)} {held}: "
                f"{_not_under_an_order(placement_type)}. If the order has ended, record its end first"
            ]
    return []


def _placements_under_order(placements: list[Placement], start: date, end: date | None) -> list[str]:
    """The placements an order from ``start`` to ``end`` would cover that it cannot."""
    problems = []
    for placement in placements:
        if placement.placement_type in LIBERTY_ORDER_PLACEMENTS:
            continue
        if _overlap(_days(placement.start_date, placement.end_date), _days(start, end)):
            on = max(placement.start_date, start)
            problems.append(
                f"On {_long(on)} the child was in placement {_placement_label(placement.placement_type)}: "
                f"{_not_under_an_order(placement.placement_type)}. Record the move first, or check the dates"
            )
    return problems


@atomic_action
def dolo_start(
    *, period: PeriodOfCare, start_date: date, by, expected_version: int | None = None
) -> DeprivationOfLibertyOrder:
    """A deprivation of liberty order made for the looked-after child, in force from
    ``start_date`` until ``dolo_end`` records its end (903 DoLo: DOLO_START)."""
    period = _locked(period)
    child = period.child
    errors: Errors = {}
    problems = date_errors(child, start_date, "date the order started")
    if period.end_date is not None:
        problems.append(f"This period of care ended on {_long(period.end_date)}")
    orders = list(period.liberty_orders.all())
    if start_date is not None:
        if start_date < period.start_date:
            problems.append(
                f"The order must start on or after the day the child came into care, {_long(period.start_date)}"
            )
        for order in orders:
            if order.end_date is None:
                problems.append(
                    f"An order has been in force since {_long(order.start_date)} and is not recorded as ended: "
                    "record its end first (orders for one child cannot overlap, DfE rule 705)"
                )
            elif _overlap(_days(order.start_date, order.end_date), (start_date, None)):
                problems.append(
                    f"Another order ran from {_long(order.start_date)} to {_long(order.end_date)}: orders for "
                    f"one child cannot overlap (DfE rule 705). A new order starts on or after {_long(order.end_date)}"
                )
        if not problems:
            problems = _placements_under_order(list(period.placements.all()), start_date, None)
    _add(errors, "start_date", problems)
    _raise_if(errors)
    order = DeprivationOfLibertyOrder(period=period, start_date=start_date, created_by=by)
    _full_clean(order, errors)
    _raise_if(errors)
    _touch(period, expected_version=expected_version, by=by)
    _save_new(order, by)
    return order


@atomic_action
def dolo_end(
    *, order: DeprivationOfLibertyOrder, end_date: date, by, expected_version: int | None = None
) -> DeprivationOfLibertyOrder:
    """The order ended on ``end_date`` (903 DoLo: DOLO_END). ``expected_version`` is the period's."""
    period = _locked(order.period)
    order = DeprivationOfLibertyOrder.objects.select_for_update().get(pk=order.pk)
    errors: Errors = {}
    problems = date_errors(period.child, end_date, "date the order ended", may_be_18th_birthday=True)
    if order.end_date is not None:
        problems.append(f"This order already ended on {_long(order.end_date)}")
    elif end_date is not None:
        if end_date < order.start_date:
            problems.append(f"The order cannot end before it started, on {_long(order.start_date)}")
        if period.end_date is not None and end_date > period.end_date:
            problems.append(f"The child left care on {_long(period.end_date)}: the order ended by then")
    _add(errors, "end_date", problems)
    _raise_if(errors)
    order.end_date = end_date
    _full_clean(order, errors)
    _raise_if(errors)
    _touch(period, expected_version=expected_version, by=by)
    order._history_user = by
    order.save(update_fields=["end_date"])
    return order

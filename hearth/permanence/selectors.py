"""Reads of a child's permanence, each in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from hearth.childrenincare.models import CareReview, LegalStatus, PeriodOfCare
from hearth.permanence.models import Adoption, PermanenceOutcome, PermanencePlan, PreviousPermanence

PLACEMENT_ORDER = "E1"


def _live_on(day: date) -> Q:
    """Adoption decisions still standing on ``day``: not reversed and not yet completed before it."""
    return (Q(reversed_on__isnull=True) | Q(reversed_on__gt=day)) & (
        Q(adoption_order_on__isnull=True) | Q(adoption_order_on__gte=day)
    )


def adoption_authority_on(child, day: date) -> str | None:
    """The authority the trust holds on ``day`` to place the child for adoption.

    ``"order"`` when a placement order is in force (legal status E1 on that day, or a placement
    order recorded on a standing decision), ``"consent"`` when the parents' consent to placement
    is recorded (Adoption and Children Act 2002 s19/s21), otherwise ``None``. Two queries.
    Called by ``childrenincare.services.placement_change`` before any A3–A6 placement.
    """
    if day is None or child is None:
        return None
    child_id = getattr(child, "pk", child)
    order_status = (
        LegalStatus.objects.filter(
            period__child_id=child_id, legal_status=PLACEMENT_ORDER, start_date__lte=day
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .exists()
    )
    if order_status:
        return "order"
    authority = None
    for order_on, consent_on in Adoption.objects.filter(_live_on(day), child_id=child_id).values_list(
        "placement_order_on", "consent_on"
    ):
        if order_on and order_on <= day:
            return "order"
        if consent_on and consent_on <= day:
            authority = "consent"
    return authority


# --- the child's permanence page ------------------------------------------------------------------

# Adoption scorecard thresholds (DfE "Adoption scorecards: year ending March 2018 – methodology";
# final 2016–19 thresholds, shared/docs/timescales.md §5a). Performance measures, not duties.
A1_THRESHOLD_DAYS = 426  # entering care to moving in with the adoptive family
A2_THRESHOLD_DAYS = 121  # court authority to place (placement order) to the match decision
THRESHOLD_SOURCE = "DfE adoption scorecard thresholds 2016 to 2019 (A1 426 days, A2 121 days)"


@dataclass(frozen=True)
class Measure:
    label: str
    start: date | None
    end: date | None
    days: int | None
    threshold: int
    complete: bool

    @property
    def within(self) -> bool | None:
        return None if self.days is None else self.days <= self.threshold


def adoption_timeliness(adoption: Adoption, *, today: date | None = None) -> list[Measure]:
    """A1 (entering care to placed with adopters) and A2 (placement order to match) for one
    adoption, in days; while a step is still to come, the days waited so far. No queries when
    ``adoption.period`` is already loaded."""
    today = today or timezone.localdate()
    entered = adoption.period.start_date
    authority = adoption.placement_order_on or adoption.consent_on

    def measure(label, start, end, threshold):
        if start is None:
            return Measure(label, None, end, None, threshold, False)
        finish = end or today
        return Measure(label, start, end, (finish - start).days, threshold, end is not None)

    return [
        measure(
            "Entering care to moving in with the adopters (A1)",
            entered,
            adoption.placed_on,
            A1_THRESHOLD_DAYS,
        ),
        measure("Authority to place to the match (A2)", authority, adoption.matched_on, A2_THRESHOLD_DAYS),
    ]


@dataclass
class PermanenceRecord:
    plans: list[PermanencePlan]
    adoptions: list[Adoption]
    outcomes: list[PermanenceOutcome]
    open_period: PeriodOfCare | None
    reviews: list = field(default_factory=list)

    @property
    def current_plan(self) -> PermanencePlan | None:
        return next((plan for plan in self.plans if plan.ended_on is None), None)

    @property
    def previous_permanence(self) -> PreviousPermanence | None:
        """What was recorded of the child's permanence before the open period of care."""
        if self.open_period is None:
            return None
        try:
            return self.open_period.previous_permanence
        except PreviousPermanence.DoesNotExist:
            return None

    @property
    def open_adoption(self) -> Adoption | None:
        return next((adoption for adoption in self.adoptions if adoption.is_open), None)


def permanence_record(child) -> PermanenceRecord:
    """Everything the Permanence tab shows. Five queries, however long the history."""
    plans = list(
        PermanencePlan.objects.filter(child=child).select_related("ratified_at").order_by("-agreed_on", "-pk")
    )
    adoptions = list(
        Adoption.objects.filter(child=child)
        .select_related("period", "placement", "household")
        .order_by("-should_be_placed_on", "-pk")
    )
    outcomes = list(PermanenceOutcome.objects.filter(child=child).order_by("-made_on", "-pk"))
    open_period = (
        PeriodOfCare.objects.filter(child=child, end_date__isnull=True)
        .select_related("previous_permanence")
        .first()
    )
    reviews = list(CareReview.objects.filter(period__child=child).order_by("-review_date", "-pk"))
    return PermanenceRecord(plans, adoptions, outcomes, open_period, reviews)


def adoption_for_child(child, pk: int) -> Adoption:
    return Adoption.objects.select_related("child", "period").get(pk=pk, child=child)


# --- SSDA903 rows for the returns --------------------------------------------------------------------


def _d(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


AD1_COLUMNS = (
    "CHILD",
    "DOB",
    "DATE_INT",
    "DATE_MATCH",
    "FOSTER_CARE",
    "NB_ADOPTR",
    "SEX_ADOPTR",
    "LS_ADOPTR",
)
PLACED_ADOPTION_COLUMNS = ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED")
PREV_PERM_COLUMNS = ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM")


def ad1_row(child, *, year_start: date | None = None, year_end: date | None = None) -> dict[str, str] | None:
    """The child's 903 AD1 row: their adoption from care (period ended E11/E12), with the
    decision, match and adopters. Optionally only an adoption order inside the collection year.
    One query."""
    adoptions = Adoption.objects.filter(child=child, adoption_order_on__isnull=False)
    if year_start:
        adoptions = adoptions.filter(adoption_order_on__gte=year_start)
    if year_end:
        adoptions = adoptions.filter(adoption_order_on__lte=year_end)
    adoption = adoptions.select_related("child").order_by("-adoption_order_on", "-pk").first()
    if adoption is None:
        return None
    person = adoption.child
    return {
        "CHILD": person.reference,
        "DOB": _d(person.date_of_birth),
        "DATE_INT": _d(adoption.should_be_placed_on),
        "DATE_MATCH": _d(adoption.matched_on),
        "FOSTER_CARE": ""
        if adoption.adopters_are_foster_carers is None
        else str(int(adoption.adopters_are_foster_carers)),
        "NB_ADOPTR": str(adoption.number_of_adopters or ""),
        "SEX_ADOPTR": adoption.adopter_sex,
        "LS_ADOPTR": adoption.adopter_legal_status,
    }


def placed_for_adoption_rows(child, *, year_end: date | None = None) -> list[dict[str, str]]:
    """The child's 903 PlacedAdoption rows: each should-be-placed decision (DATE_PLACED) and, if
    it was reversed, when and why. Decisions made after ``year_end`` are left out, and a reversal
    after it is shown as still standing. One query."""
    adoptions = (
        Adoption.objects.filter(child=child).select_related("child").order_by("should_be_placed_on", "pk")
    )
    if year_end:
        adoptions = adoptions.filter(should_be_placed_on__lte=year_end)
    rows = []
    for adoption in adoptions:
        reversed_in_time = adoption.reversed_on and (year_end is None or adoption.reversed_on <= year_end)
        rows.append(
            {
                "CHILD": adoption.child.reference,
                "DOB": _d(adoption.child.date_of_birth),
                "DATE_PLACED": _d(adoption.should_be_placed_on),
                "DATE_PLACED_CEASED": _d(adoption.reversed_on) if reversed_in_time else "",
                "REASON_PLACED_CEASED": adoption.reversal_reason if reversed_in_time else "",
            }
        )
    return rows


def prev_perm_row(period: PeriodOfCare) -> dict[str, str] | None:
    """The 903 PrevPerm row for a period of care, when previous permanence was recorded. One query."""
    record = PreviousPermanence.objects.filter(period=period).select_related("period__child").first()
    if record is None:
        return None
    person = record.period.child
    none = record.previous_permanence == "Z1"  # rule 635: no LA or date with Z1
    return {
        "CHILD": person.reference,
        "DOB": _d(person.date_of_birth),
        "PREV_PERM": record.previous_permanence,
        "LA_PERM": "" if none else record.authority,
        "DATE_PERM": "" if none else record.order_date,
    }

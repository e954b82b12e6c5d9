"""Chronology sources for permanence and care leavers: the plan for permanence, each step of an
adoption, special guardianship, child arrangements orders and return home, and a care leaver's
category, personal adviser, needs assessment, pathway plan and reviews, staying put, adviser
contact, birthday contacts and requests for support. One query each, for all the children asked
for (imported from ``ChronologyConfig.ready``), under the "Permanence and leaving care" filter.
"""

from hearth.chronology.registry import ChronologyEntry, link, source
from hearth.leavingcare.models import (
    AdviserContact,
    BirthdayContact,
    EligibilityDecision,
    NeedsAssessment,
    PathwayPlan,
    PathwayPlanReview,
    PersonalAdviser,
    StayingPut,
    SupportRequest,
)
from hearth.permanence.models import Adoption, PermanenceOutcome, PermanencePlan
from hearth.reference.selectors import code_label

KIND = "permanence"


def _within(field: str, start, end) -> dict:
    filters = {}
    if start:
        filters[f"{field}__gte"] = start
    if end:
        filters[f"{field}__lte"] = end
    return filters


def _permanence(day, title: str, detail: str, child_id: int) -> ChronologyEntry:
    return ChronologyEntry(day, KIND, title, detail, link("permanence:overview", child_id), None, child_id)


def _leaving_care(day, title: str, detail: str, child_id: int) -> ChronologyEntry:
    return ChronologyEntry(day, KIND, title, detail, link("leavingcare:overview", child_id), None, child_id)


def _long(day) -> str:
    return f"{day:%-d %B %Y}"


# --- permanence ----------------------------------------------------------------------------------


@source(KIND, reads=(PermanencePlan, "child"))
def permanence_plans(child_ids, start, end):
    entries = []
    for plan in PermanencePlan.objects.filter(child_id__in=child_ids).select_related("ratified_at"):
        entries.append(
            _permanence(plan.agreed_on, "Plan for permanence", plan.get_plan_type_display(), plan.child_id)
        )
        if plan.ratified_at:
            entries.append(
                _permanence(
                    plan.ratified_at.review_date,
                    "Plan for permanence ratified",
                    f"{plan.get_plan_type_display()}, at the looked-after review",
                    plan.child_id,
                )
            )
    return entries


@source(KIND, reads=(Adoption, "child"))
def adoptions(child_ids, start, end):
    entries = []
    for adoption in Adoption.objects.filter(child_id__in=child_ids):
        steps = [
            (
                adoption.should_be_placed_on,
                "Should be placed for adoption",
                "Agency decision maker's decision",
            ),
            (adoption.placement_order_on, "Placement order granted", ""),
            (adoption.consent_on, "Parents' consent to placement for adoption", ""),
        ]
        if adoption.matched_on:
            who = adoption.adopters_names or "the adopters"
            foster = ", the child's foster carers" if adoption.adopters_are_foster_carers else ""
            steps.append((adoption.matched_on, "Matched with adopters", f"With {who}{foster}"))
        steps.append((adoption.placed_on, "Placed for adoption", ""))
        if adoption.adoption_order_on:
            reason = adoption.adoption_order_reason
            steps.append(
                (
                    adoption.adoption_order_on,
                    "Adoption order",
                    f"Period of care ended ({reason})" if reason else "",
                )
            )
        if adoption.reversed_on:
            label = code_label("placed_ceased_reason", adoption.reversal_reason)
            steps.append(
                (adoption.reversed_on, "Adoption decision reversed", f"{adoption.reversal_reason}: {label}")
            )
        entries.extend(
            _permanence(day, title, detail, adoption.child_id) for day, title, detail in steps if day
        )
    return entries


@source(KIND, reads=(PermanenceOutcome, "child"))
def permanence_outcomes(child_ids, start, end):
    rows = PermanenceOutcome.objects.filter(child_id__in=child_ids, **_within("made_on", start, end))
    entries = []
    for outcome in rows:
        detail = code_label("reason_episode_ceased", outcome.reason_ceased)
        if outcome.carer_name:
            detail += f". {outcome.carer_name}"
        entries.append(_permanence(outcome.made_on, outcome.get_kind_display(), detail, outcome.child_id))
    return entries


# --- care leavers ----------------------------------------------------------------------------------


@source(KIND, reads=(EligibilityDecision, "young_person"))
def care_leaver_decisions(child_ids, start, end):
    rows = EligibilityDecision.objects.filter(
        young_person_id__in=child_ids, **_within("decided_on", start, end)
    )
    return [
        _leaving_care(
            decision.decided_on,
            "Care leaver category decided",
            decision.get_category_display(),
            decision.young_person_id,
        )
        for decision in rows
    ]


@source(KIND, reads=(PersonalAdviser, "young_person"))
def personal_advisers(child_ids, start, end):
    rows = PersonalAdviser.objects.filter(
        young_person_id__in=child_ids, **_within("start_date", start, end)
    ).select_related("adviser")
    return [
        _leaving_care(
            assignment.start_date,
            "Personal adviser",
            assignment.adviser.get_full_name() or assignment.adviser.username,
            assignment.young_person_id,
        )
        for assignment in rows
    ]


@source(KIND, reads=(NeedsAssessment, "young_person"))
def needs_assessments(child_ids, start, end):
    rows = NeedsAssessment.objects.filter(
        young_person_id__in=child_ids, **_within("completed_on", start, end)
    )
    return [
        _leaving_care(row.completed_on, "Leaving care needs assessment", "", row.young_person_id)
        for row in rows
    ]


@source(KIND, reads=(PathwayPlan, "young_person"))
def pathway_plans(child_ids, start, end):
    rows = PathwayPlan.objects.filter(young_person_id__in=child_ids, **_within("agreed_on", start, end))
    return [_leaving_care(row.agreed_on, "Pathway plan agreed", "", row.young_person_id) for row in rows]


@source(KIND, reads=(PathwayPlanReview, "plan__young_person"))
def pathway_plan_reviews(child_ids, start, end):
    rows = PathwayPlanReview.objects.filter(
        plan__young_person_id__in=child_ids, **_within("review_date", start, end)
    ).select_related("plan")
    return [
        _leaving_care(
            review.review_date,
            "Pathway plan reviewed",
            f"Plan agreed {_long(review.plan.agreed_on)}",
            review.plan.young_person_id,
        )
        for review in rows
    ]


@source(KIND, reads=(StayingPut, "young_person"))
def staying_put(child_ids, start, end):
    entries = []
    for arrangement in StayingPut.objects.filter(young_person_id__in=child_ids):
        entries.append(
            _leaving_care(
                arrangement.start_date,
                "Staying put began",
                f"With {arrangement.carer_name}",
                arrangement.young_person_id,
            )
        )
        if arrangement.end_date:
            entries.append(
                _leaving_care(
                    arrangement.end_date,
                    "Staying put ended",
                    f"With {arrangement.carer_name}",
                    arrangement.young_person_id,
                )
            )
    return entries


@source(KIND, reads=(AdviserContact, "young_person"))
def adviser_contacts(child_ids, start, end):
    rows = AdviserContact.objects.filter(young_person_id__in=child_ids, **_within("contact_date", start, end))
    entries = []
    for contact in rows:
        detail = contact.get_kind_display()
        if contact.kind == AdviserContact.Kind.VISIT:
            detail += ": seen" if contact.seen else ": not seen"
        entries.append(
            _leaving_care(contact.contact_date, "Personal adviser contact", detail, contact.young_person_id)
        )
    return entries


@source(KIND, reads=(BirthdayContact, "young_person"))
def birthday_contacts(child_ids, start, end):
    rows = BirthdayContact.objects.filter(
        young_person_id__in=child_ids, **_within("contact_date", start, end)
    )
    return [
        _leaving_care(
            contact.contact_date,
            f"Contact around the {contact.age}th birthday",
            f"In touch: {code_label('oc3_in_touch', contact.in_touch)}. "
            f"Activity: {code_label('oc3_activity', contact.activity)}. "
            f"Accommodation: {code_label('oc3_accommodation', contact.accommodation)}.",
            contact.young_person_id,
        )
        for contact in rows
    ]


@source(KIND, reads=(SupportRequest, "young_person"))
def support_requests(child_ids, start, end):
    entries = []
    for request in SupportRequest.objects.filter(young_person_id__in=child_ids):
        entries.append(
            _leaving_care(
                request.requested_on, "Asked for support (21 to 25)", request.notes, request.young_person_id
            )
        )
        if request.ended_on:
            entries.append(_leaving_care(request.ended_on, "Support ended", "", request.young_person_id))
    return entries

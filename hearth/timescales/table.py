"""The timescale table: every clock Hearth runs, with the guidance it comes from.

Figures are from shared/docs/timescales.md (sections 1-10 and 13), which gives the primary
source for each. WT23 = Working Together to Safeguard Children 2023. Care Planning Regs =
Care Planning, Placement and Case Review (England) Regulations 2010.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Clock:
    key: str
    name: str
    anchor: str
    amount: int
    unit: str
    force: str
    source: str
    repeats: bool = False


WT23_3 = "Working Together to Safeguard Children 2023, chapter 3"
WT23_4 = "Working Together to Safeguard Children 2023, chapter 4"
CPR = "Care Planning, Placement and Case Review (England) Regulations 2010"

TABLE: list[Clock] = [
    Clock(
        "referral.decision", "Decide the response to a referral", "referral received", 1, "WD", "SG", WT23_3
    ),
    Clock(
        "contact.decision",
        "Decide the outcome of a contact",
        "contact received",
        1,
        "WD",
        "LP",
        "Local MASH protocol (contact outcome within one working day)",
    ),
    Clock(
        "assessment.complete",
        "Complete the assessment",
        "referral received",
        45,
        "WD",
        "SG",
        WT23_3 + "; measured by the CIN census from referral to authorisation",
    ),
    Clock(
        "icpc.held",
        "Hold the initial child protection conference",
        "strategy discussion that started the section 47 enquiry",
        15,
        "WD",
        "SG",
        WT23_4,
    ),
    Clock(
        "core_group.first",
        "Hold the first core group",
        "initial child protection conference",
        10,
        "WD",
        "LP",
        "Local core group guidance (10 working days, from earlier Working Together)",
    ),
    Clock(
        "rcpc.first",
        "Hold the first review conference",
        "initial child protection conference",
        3,
        "months",
        "SG",
        WT23_4,
    ),
    Clock(
        "rcpc.next",
        "Hold the next review conference",
        "previous review conference",
        6,
        "months",
        "SG",
        WT23_4,
        True,
    ),
    Clock(
        "cp.visit",
        "Visit the child on a child protection plan",
        "previous child protection visit",
        10,
        "WD",
        "LP",
        "Local child protection procedures (10 working days is the common default)",
        True,
    ),
    Clock(
        "cin.plan",
        "Draw up the child in need plan",
        "assessment concluding the child is in need",
        10,
        "WD",
        "LP",
        "Local child in need procedures",
    ),
    Clock(
        "cin.review",
        "Review the child in need plan",
        "plan start or previous review",
        3,
        "months",
        "LP",
        "Local child in need procedures",
        True,
    ),
    Clock("cla.care_plan", "Prepare the care plan", "first placement", 10, "WD", "R", CPR + ", reg 4"),
    Clock(
        "cla.placement_plan", "Prepare the placement plan", "placement start", 5, "WD", "R", CPR + ", reg 9"
    ),
    Clock(
        "cla.review.first",
        "Hold the first looked-after review",
        "start of the period of care",
        20,
        "WD",
        "R",
        CPR + ", reg 33",
    ),
    Clock(
        "cla.review.second",
        "Hold the second looked-after review",
        "first review",
        3,
        "months",
        "R",
        CPR + ", reg 33",
    ),
    Clock(
        "cla.review.next",
        "Hold the next looked-after review",
        "previous review",
        6,
        "months",
        "R",
        CPR + ", reg 33",
        True,
    ),
    Clock(
        "cla.visit.first",
        "Visit the child in a new placement",
        "placement start",
        7,
        "CD",
        "R",
        CPR + ", reg 28(2)(a)",
    ),
    Clock(
        "cla.visit.next",
        "Visit the child in care (first year of a placement)",
        "previous statutory visit",
        42,
        "CD",
        "R",
        CPR + ", reg 28(2)(b)",
        True,
    ),
    Clock(
        "health.iha",
        "Initial health assessment",
        "start of the period of care",
        20,
        "WD",
        "SG",
        "Promoting the health and wellbeing of looked-after children (2022)",
    ),
    Clock(
        "pep.initial",
        "Complete the personal education plan",
        "start of the period of care",
        20,
        "WD",
        "SG",
        "Promoting the education of looked-after and previously looked-after children (2018)",
    ),
    Clock(
        "missing.rhi",
        "Offer the return home interview",
        "return from missing",
        72,
        "hours",
        "SG",
        "Children who run away or go missing from home or care (2014)",
    ),
    Clock(
        "pathway_plan.review",
        "Review the pathway plan",
        "previous pathway plan review",
        6,
        "months",
        "R",
        "Care Leavers (England) Regulations 2010",
        True,
    ),
    Clock(
        "lado.referral",
        "Refer an allegation to the LADO",
        "allegation known",
        1,
        "WD",
        "SG",
        WT23_4 + " (allegations against people who work with children)",
    ),
    Clock(
        "complaint.stage1",
        "Respond to a stage 1 complaint",
        "complaint received",
        10,
        "WD",
        "R",
        "Children Act 1989 Representations Procedure (England) Regulations 2006",
    ),
]

# Health and education of looked-after children (hearth/health, hearth/education).
TABLE += [
    Clock(
        "health.rha.under5",
        "Review health assessment (child under 5 on the due date)",
        "previous health assessment",
        6,
        "months",
        "R",
        CPR + ", reg 7(4); Promoting the health and wellbeing of looked-after children (2015)",
        True,
    ),
    Clock(
        "health.rha",
        "Review health assessment (child 5 or over on the due date)",
        "previous health assessment",
        12,
        "months",
        "R",
        CPR + ", reg 7(4); Promoting the health and wellbeing of looked-after children (2015)",
        True,
    ),
    Clock(
        "pep.review",
        "Review the personal education plan (termly: Hearth counts a term as 3 months)",
        "previous personal education plan meeting",
        3,
        "months",
        "LP",
        "Promoting the education of looked-after and previously looked-after children (2018): "
        "PEP reviewed each school term; the length of a term is a local figure",
        True,
    ),
]

# Permanence and care leavers (hearth/permanence, hearth/leavingcare); timescales.md §5 and §8.
AAR = "Adoption Agencies Regulations 2005"
TABLE += [
    Clock(
        "adoption.authority.review.first",
        "Review the child's case: authority to place held, child not yet placed",
        "placement order granted or consent given",
        3,
        "months",
        "R",
        AAR + ", reg 36(1)",
    ),
    Clock(
        "adoption.authority.review.next",
        "Review again while the child waits to be placed for adoption",
        "previous review while waiting",
        6,
        "months",
        "R",
        AAR + ", reg 36(1)",
        True,
    ),
    Clock(
        "adoption.placed.review.first",
        "First review after placement for adoption",
        "child placed for adoption",
        4,
        "weeks",
        "R",
        AAR + ", reg 36(3)-(4)",
    ),
    Clock(
        "leaving_care.needs_assessment",
        "Complete the leaving-care needs assessment",
        "16th birthday, or becoming eligible if later",
        3,
        "months",
        "R",
        CPR + ", regs 41-43; Children Act 1989 Schedule 2 paragraph 19B",
    ),
    Clock(
        "pa.visit.first",
        "Personal adviser visits the accommodation provided",
        "accommodation first provided",
        7,
        "CD",
        "R",
        "Care Leavers (England) Regulations 2010, reg 8",
    ),
    Clock(
        "pa.visit.next",
        "Personal adviser visits again",
        "previous personal adviser visit",
        2,
        "months",
        "R",
        "Care Leavers (England) Regulations 2010, reg 8",
        True,
    ),
]

# Statutory visits to a child in care at the frequencies of CPPCR reg 28 (timescales.md rows
# 4.11-4.16 and section 13, cla.visit.next). Which applies is decided by
# hearth.childrenincare.selectors.visit_clock, for the Care tab and the worktray alike.
TABLE += [
    Clock(
        "cla.visit.next.long_term",
        "Visit the child in care (after the first year of a placement intended to last until 18)",
        "previous statutory visit",
        3,
        "months",
        "R",
        CPR + ", reg 28(2)(c)(i)",
        True,
    ),
    Clock(
        "cla.visit.next.after_first_year",
        "Visit the child in care (after the first year of any other placement)",
        "previous statutory visit",
        42,
        "CD",
        "R",
        CPR + ", reg 28(2)(c)(ii)",
        True,
    ),
    Clock(
        "cla.visit.weekly_to_first_review",
        "Visit the child weekly until the first review (connected person's temporary approval under "
        "reg 24, or interim care order and living with a parent)",
        "placement start or previous statutory visit",
        7,
        "CD",
        "R",
        CPR + ", reg 28(4)(a)",
        True,
    ),
    Clock(
        "cla.visit.next.after_first_review",
        "Visit the child after the first review (connected person's temporary approval under reg 24, "
        "or interim care order and living with a parent)",
        "previous statutory visit",
        28,
        "CD",
        "R",
        CPR + ", reg 28(4)(b)",
        True,
    ),
    Clock(
        "cla.visit.care_order_at_home",
        "Visit the child living with a parent after a care order is made",
        "care order made",
        7,
        "CD",
        "R",
        CPR + ", reg 28(5)(a)",
    ),
    Clock(
        "cla.visit.next.care_order_at_home",
        "Visit the child living with a parent under a care order",
        "previous statutory visit",
        42,
        "CD",
        "R",
        CPR + ", reg 28(5)(b)",
        True,
    ),
]

# Adopter recruitment in two stages (hearth/adopters); timescales.md section 6 and section 13.
ADOPTER_GUIDANCE = AAR + " (as amended 2013), regs 21-27; Statutory guidance on adoption (2013), chapter 3"
TABLE += [
    Clock(
        "adopter.stage1",
        "Finish stage 1 (pre-assessment) for prospective adopters",
        "stage 1 started (registration of interest accepted)",
        2,
        "months",
        "SG",
        ADOPTER_GUIDANCE,
    ),
    Clock(
        "adopter.stage2.notice",
        "Prospective adopters give notice to start stage 2 (after this, stage 1 starts again)",
        "stage 1 ended",
        6,
        "months",
        "R",
        ADOPTER_GUIDANCE,
    ),
    Clock(
        "adopter.stage2",
        "Finish stage 2 (assessment) for prospective adopters",
        "stage 2 started (notice to proceed)",
        4,
        "months",
        "SG",
        ADOPTER_GUIDANCE,
    ),
]

"""The reference customer's services register, as data.

Birmingham's two scope papers set the register: the initial proposed scope approved by Cabinet
in August 2016 (services in, out, or needing more investigation) and the recommended scope for
the January 2017 Cabinet report (core, people-directorate support and corporate support services
in scope, and the services left out). Each service carries the position each paper gave it, so
the register shows how its scope moved. The papers name only the month of each Cabinet, so each
position takes effect on the first day of that month.

Another authority supplies its own tuple of ``ServiceData`` to ``services_register_load``.
Descriptions are short summaries written for Hearth, not the papers' text.
"""

from dataclasses import dataclass
from datetime import date

from hearth.organisation.models import Delivery, ScopeStatus


@dataclass(frozen=True)
class Decision:
    source: str
    effective_from: date


@dataclass(frozen=True)
class Position:
    decision: Decision
    status: str
    delivery: str
    reason: str = ""
    agreement_party: str = ""
    agreement_detail: str = ""


@dataclass(frozen=True)
class ServiceData:
    code: str
    name: str
    description: str
    positions: tuple[Position, ...]


INITIAL_SCOPE = Decision("August 2016 Cabinet: initial proposed scope", date(2016, 8, 1))
RECOMMENDED_SCOPE = Decision("January 2017 Cabinet: recommended scope", date(2017, 1, 1))

COUNCIL = "Birmingham City Council"

CORE = ScopeStatus.CORE
PEOPLE = ScopeStatus.PEOPLE_SUPPORT
CORPORATE = ScopeStatus.CORPORATE_SUPPORT
CONSIDER = ScopeStatus.UNDER_CONSIDERATION
OUT = ScopeStatus.OUT_OF_SCOPE


def _core_throughout(code: str, name: str, description: str, *, recommended_reason: str = "") -> ServiceData:
    """A core service the first paper put in scope and the second kept there."""
    return ServiceData(
        code,
        name,
        description,
        (
            Position(
                INITIAL_SCOPE, CORE, Delivery.TRUST, "Proposed as part of the trust's core social work."
            ),
            Position(
                RECOMMENDED_SCOPE,
                CORE,
                Delivery.TRUST,
                recommended_reason or "Confirmed as a core service in scope.",
            ),
        ),
    )


def _considered_then(
    code: str, name: str, description: str, recommended: Position, *, initial_reason: str
) -> ServiceData:
    """A service the first paper left for further consideration."""
    return ServiceData(
        code,
        name,
        description,
        (Position(INITIAL_SCOPE, CONSIDER, Delivery.UNDECIDED, initial_reason), recommended),
    )


SUPPORT_SERVICES_REASON = (
    "Support services (HR, IT, property, finance, communications) left to be considered."
)

SERVICES: tuple[ServiceData, ...] = (
    # Core services in scope.
    _core_throughout(
        "adoption",
        "Adoption",
        "Recruits and assesses adoptive families, matches children with them, and supports families "
        "after adoption or a special guardianship order. Could later join a regional adoption agency.",
    ),
    _core_throughout(
        "asti",
        "Assessment and Short-Term Intervention (ASTI) teams",
        "Area-based teams that assess children newly referred and offer short, focused help.",
    ),
    _core_throughout(
        "cp-chairs-iro-lado-disclosure",
        "Child protection chairs and independent reviewing officers, LADO, disclosure team",
        "Chairs child protection conferences and reviews of children in care, handles allegations "
        "against people who work with children, and manages disclosure of records.",
    ),
    _core_throughout(
        "children-in-care",
        "Children in care teams",
        "Area teams for children in care up to 18, working towards permanence or a safe return home, "
        "including court work and a specialist team for unaccompanied asylum-seeking children.",
    ),
    _core_throughout(
        "complaints-quality-assurance",
        "Complaints, quality assurance, policy, research and principal social workers",
        "The statutory complaints procedure, practice audit and quality assurance, policy, research "
        "and the principal social workers who lead practice and learning.",
    ),
    _considered_then(
        "disabled-childrens-social-care",
        "Disabled Children's Social Care",
        "Social work for disabled children and their families, working alongside special educational "
        "needs, health and adult services for young people moving to adulthood.",
        Position(
            RECOMMENDED_SCOPE,
            CORE,
            Delivery.TRUST,
            "Brought into scope as a core service; links with SEN, health and adult transitions to be kept.",
        ),
        initial_reason="Recently moved from education; its links with SEN and health needed more thought.",
    ),
    _core_throughout(
        "family-support",
        "Family Support",
        "Intensive, locality-based help for families under pressure, mostly from family support "
        "workers rather than social workers.",
    ),
    _core_throughout(
        "fostering",
        "Fostering",
        "Recruits, assesses and supports the trust's own foster carers, working closely with placements.",
    ),
    _core_throughout(
        "leaving-care",
        "Leaving Care teams",
        "Area teams supporting care leavers up to 25. A leaving care trust shared with other "
        "authorities or the voluntary sector may be explored.",
    ),
    _core_throughout(
        "specialist-teams",
        "No recourse to public funds, homeless young people, edge of care and specialist services",
        "Teams for families with no recourse to public funds and homeless young people, edge of care "
        "work, specialist assessment, contact, rights and participation, and family group conferences.",
        recommended_reason="Kept in scope; rights and participation and family group conferencing "
        "were named as part of this group.",
    ),
    _core_throughout(
        "partnership-management",
        "Partnership management and development",
        "Supports the safeguarding children board and the authority's wider partnerships for "
        "children and families.",
    ),
    _considered_then(
        "residential-homes-disabled-children",
        "Residential care homes for disabled children",
        "The council's children's homes for disabled children, run alongside disabled children's "
        "social care.",
        Position(
            RECOMMENDED_SCOPE,
            CORE,
            Delivery.TRUST,
            "Brought into scope, to be managed with disabled children's social care.",
        ),
        initial_reason="To follow whatever was decided for disabled children's social care.",
    ),
    _core_throughout(
        "safeguarding",
        "Safeguarding teams",
        "Locality teams doing long-term child in need and child protection work with families.",
    ),
    _core_throughout(
        "single-point-of-entry",
        "Single point of entry for contacts and referrals",
        "The front door: advice service and multi-agency safeguarding hub (MASH) for every contact "
        "and referral, with the emergency duty team out of hours.",
    ),
    _core_throughout(
        "therapeutic-emotional-support",
        "Therapeutic Emotional Support Service",
        "Mental health support for children in or on the edge of care, and for foster carers.",
    ),
    _core_throughout(
        "youth-offending",
        "Youth Offending Service",
        "Works with young people who offend; many are also known to safeguarding or children in care teams.",
    ),
    # People-directorate support services in scope.
    _considered_then(
        "bscb-support",
        "Safeguarding children board support team",
        "Supports the local safeguarding children board and the partnership around it.",
        Position(
            RECOMMENDED_SCOPE,
            PEOPLE,
            Delivery.TRUST,
            "In scope: the trust leads the safeguarding partnership, so the support staff sit with it.",
        ),
        initial_reason="Its best home, possibly a wider partnership or regional one, needed thought.",
    ),
    _considered_then(
        "commissioning-contracting",
        "Commissioning and Contracting",
        "Manages the contract with the council, commissions services for the trust and runs the "
        "placements service that buys external placements.",
        Position(
            RECOMMENDED_SCOPE,
            PEOPLE,
            Delivery.TRUST,
            "In scope; the placements service must be part of the trust.",
        ),
        initial_reason="Needed for the trust but its shape was still to be worked out.",
    ),
    _considered_then(
        "communications-people-directorate",
        "Communications (trust's own resource)",
        "The trust's own communications staff.",
        Position(RECOMMENDED_SCOPE, PEOPLE, Delivery.TRUST, "The trust to have its own communications."),
        initial_reason=SUPPORT_SERVICES_REASON,
    ),
    _considered_then(
        "it-services-people-directorate",
        "IT Services (ICT management)",
        "The trust's own ICT management, including bringing in and looking after the social care "
        "system that replaces the old one.",
        Position(RECOMMENDED_SCOPE, PEOPLE, Delivery.TRUST, "The trust to have its own ICT management."),
        initial_reason=SUPPORT_SERVICES_REASON,
    ),
    _considered_then(
        "performance-data-analysis",
        "Performance Data and Analysis",
        "Looks after the social care database, trains staff to use it, and reports the trust's "
        "performance against its commissioned outcomes to the council.",
        Position(RECOMMENDED_SCOPE, PEOPLE, Delivery.TRUST, "Recommended as part of the trust."),
        initial_reason="Expected to be needed but listed for further consideration.",
    ),
    ServiceData(
        "professional-support-services",
        "Professional Support Services",
        "Administrative and business support to the social work teams.",
        (
            Position(
                INITIAL_SCOPE,
                CORE,
                Delivery.TRUST,
                "Proposed for inclusion although children's services did not manage it then.",
            ),
            Position(
                RECOMMENDED_SCOPE,
                PEOPLE,
                Delivery.TRUST,
                "Kept in scope, now counted as people-directorate support.",
            ),
        ),
    ),
    ServiceData(
        "projects-programmes",
        "Projects and Programmes",
        "Project and programme support for the trust's improvement work.",
        (
            Position(
                RECOMMENDED_SCOPE,
                PEOPLE,
                Delivery.AGREEMENT_POSSIBLE,
                "Added in the recommended scope to support the improvement journey.",
                agreement_party=COUNCIL,
                agreement_detail="Could be an SLA or traded agreement",
            ),
        ),
    ),
    _considered_then(
        "workforce-development",
        "Workforce Development",
        "Training and professional development for the trust's staff.",
        Position(RECOMMENDED_SCOPE, PEOPLE, Delivery.TRUST, "Recommended as part of the trust."),
        initial_reason="Expected to be needed but listed for further consideration.",
    ),
    # Corporate support services in scope.
    _considered_then(
        "communications-corporate",
        "Communications (corporate)",
        "Corporate communications functions that the trust may buy from the council.",
        Position(
            RECOMMENDED_SCOPE,
            CORPORATE,
            Delivery.TRUST_BUYING_SOME,
            "In scope; some functions can be bought back from the council.",
            agreement_party=COUNCIL,
            agreement_detail="Web hosting and printing",
        ),
        initial_reason=SUPPORT_SERVICES_REASON,
    ),
    _considered_then(
        "finance",
        "Finance",
        "A small finance team to manage the contract money and the trust's budgets.",
        Position(
            RECOMMENDED_SCOPE,
            CORPORATE,
            Delivery.TRUST_BUYING_SOME,
            "A small in-house function, free to buy back transactional work.",
            agreement_party=COUNCIL,
            agreement_detail="Payroll",
        ),
        initial_reason=SUPPORT_SERVICES_REASON,
    ),
    _considered_then(
        "hr",
        "HR",
        "A small HR team for recruitment, retention and advice to the board and senior managers.",
        Position(
            RECOMMENDED_SCOPE,
            CORPORATE,
            Delivery.AGREEMENT_POSSIBLE,
            "A small function is required; it could be provided under an agreement.",
            agreement_party=COUNCIL,
            agreement_detail="Could be an SLA or traded agreement",
        ),
        initial_reason=SUPPORT_SERVICES_REASON,
    ),
    _considered_then(
        "it-services-corporate",
        "IT Services (corporate)",
        "Corporate IT services, which stay with the council at first and are bought back by the trust.",
        Position(
            RECOMMENDED_SCOPE,
            CORPORATE,
            Delivery.BOUGHT_BACK,
            "In scope, but initially the council's responsibility under a buy-back arrangement.",
            agreement_party=COUNCIL,
            agreement_detail="Buy-back arrangement",
        ),
        initial_reason=SUPPORT_SERVICES_REASON,
    ),
    _considered_then(
        "legal-services",
        "Legal services advice",
        "Children's legal services for family court and pre-proceedings work, advising social workers.",
        Position(RECOMMENDED_SCOPE, CORPORATE, Delivery.TRUST, "Recommended as part of the trust."),
        initial_reason="Could be part of the trust; listed for further consideration.",
    ),
    _considered_then(
        "property",
        "Property",
        "The trust's offices and accommodation.",
        Position(
            RECOMMENDED_SCOPE,
            CORPORATE,
            Delivery.BOUGHT_BACK,
            "The trust is responsible for its accommodation, bought back from the council at first.",
            agreement_party=COUNCIL,
            agreement_detail="Accommodation, initially",
        ),
        initial_reason=SUPPORT_SERVICES_REASON,
    ),
    # Out of scope, or still to be decided.
    ServiceData(
        "early-years-health-visiting",
        "Early Years, school nursing and health visiting",
        "Universal services for young children and families, being recommissioned separately.",
        (
            Position(INITIAL_SCOPE, OUT, Delivery.NOT_TRUST, "Universal services, unlikely to be in scope."),
            Position(RECOMMENDED_SCOPE, OUT, Delivery.NOT_TRUST, "Confirmed out of scope."),
        ),
    ),
    ServiceData(
        "education-services",
        "Education Services",
        "The council's statutory education duties: school improvement, school places, pupil tracking "
        "and support to schools.",
        (
            Position(INITIAL_SCOPE, OUT, Delivery.NOT_TRUST, "Would dilute the trust's social work focus."),
            Position(RECOMMENDED_SCOPE, OUT, Delivery.NOT_TRUST, "Stays with the council and its partners."),
        ),
    ),
    _considered_then(
        "virtual-school",
        "Virtual School for children in care",
        "Champions the education of children in care.",
        Position(
            RECOMMENDED_SCOPE,
            CONSIDER,
            Delivery.UNDECIDED,
            "First placed out of scope, but more discussion is planned before a final decision.",
        ),
        initial_reason="Could help plan for children in care as a whole; needed more thought.",
    ),
)

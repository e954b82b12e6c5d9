"""The statutory code lists Hearth records in, with their sources.

Values are DfE's own codes so returns are derived without translation. Each list names the
specification it comes from; a code withdrawn in a later year gets a ``valid_to`` date rather
than being deleted, so older records stay readable.
"""

from dataclasses import dataclass, field
from datetime import date

CIN_2026 = "DfE Children in need census 2026 to 2027 specification, code tables"
SSDA903_2026 = "DfE SSDA903 children looked after return 2026 to 2027, guidance and validation rules"


@dataclass(frozen=True)
class ListSpec:
    name: str
    title: str
    source: str
    codes: list[tuple[str, str]]
    withdrawn: dict[str, date] = field(default_factory=dict)


CODE_LISTS: list[ListSpec] = [
    ListSpec(
        "sex",
        "Sex",
        SSDA903_2026 + " (rule 101: M, F, U from 2024-25)",
        [("M", "Male"), ("F", "Female"), ("U", "Not known or not recorded")],
    ),
    ListSpec(
        "ethnicity",
        "Ethnicity",
        CIN_2026 + " (item 4220)",
        [
            ("WBRI", "White British"),
            ("WIRI", "White Irish"),
            ("WIRT", "Traveller of Irish heritage"),
            ("WOTH", "Any other White background"),
            ("WROM", "Gypsy or Roma"),
            ("MWBC", "White and Black Caribbean"),
            ("MWBA", "White and Black African"),
            ("MWAS", "White and Asian"),
            ("MOTH", "Any other mixed background"),
            ("AIND", "Indian"),
            ("APKN", "Pakistani"),
            ("ABAN", "Bangladeshi"),
            ("AOTH", "Any other Asian background"),
            ("BCRB", "Black Caribbean"),
            ("BAFR", "Black African"),
            ("BOTH", "Any other Black background"),
            ("CHNE", "Chinese"),
            ("OOTH", "Any other ethnic group"),
            ("REFU", "Refused"),
            ("NOBT", "Information not yet obtained"),
        ],
    ),
    ListSpec(
        "disability",
        "Disability",
        CIN_2026 + " (items 8540, 8790, 8794; NONE cannot be combined with others)",
        [
            ("NONE", "No disability"),
            ("MOB", "Mobility"),
            ("HAND", "Hand function"),
            ("PC", "Personal care"),
            ("INC", "Incontinence"),
            ("COMM", "Communication"),
            ("LD", "Learning"),
            ("HEAR", "Hearing"),
            ("VIS", "Vision"),
            ("BEH", "Behaviour"),
            ("CON", "Consciousness"),
            ("AUT", "Autism or Asperger syndrome"),
            ("DDA", "Other disability under the Equality Act"),
        ],
    ),
    ListSpec(
        "upn_unknown",
        "Reason a unique pupil number is not known",
        CIN_2026 + " (UPNunknown; UN6 and UN7 exist only in the CIN census)",
        [
            ("UN1", "Child under 6 or not yet in school"),
            ("UN2", "Never attended an English state school"),
            ("UN3", "UPN record not yet received"),
            ("UN4", "UPN not known"),
            ("UN5", "Sourcing the UPN is in progress"),
            ("UN6", "Child aged under 6 at referral"),
            ("UN7", "Referral with no further action"),
        ],
    ),
]

CODE_LISTS += [
    ListSpec(
        "referral_source",
        "Referral source",
        CIN_2026 + " (ReferralSource, item 8866)",
        [
            ("1A", "Individual: family member, relative or carer"),
            ("1B", "Individual: acquaintance"),
            ("1C", "Individual: self"),
            ("1D", "Individual: other"),
            ("2A", "Schools"),
            ("2B", "Education services"),
            ("3A", "Health: GP"),
            ("3B", "Health: health visitor"),
            ("3C", "Health: school nurse"),
            ("3D", "Health: other primary health services"),
            ("3E", "Health: A&E"),
            ("3F", "Health: other"),
            ("4", "Housing"),
            ("5A", "LA services: social care, e.g. adults"),
            ("5B", "LA services: other internal"),
            ("5C", "LA services: external, e.g. from another local authority"),
            ("5D", "Early help"),
            ("6", "Police"),
            ("7", "Other legal agency"),
            ("8", "Other"),
            ("9", "Anonymous"),
            ("10", "Unknown"),
        ],
    ),
    ListSpec(
        "primary_need",
        "Primary need at referral",
        CIN_2026 + " (PrimaryNeedCode, item 8650)",
        [
            ("N1", "Abuse or neglect"),
            ("N2", "Child's disability"),
            ("N3", "Parental disability or illness"),
            ("N4", "Family in acute stress"),
            ("N5", "Family dysfunction"),
            ("N6", "Socially unacceptable behaviour"),
            ("N7", "Low income"),
            ("N8", "Absent parenting"),
            ("N9", "Cases other than children in need"),
            ("N0", "Not stated"),
        ],
    ),
    ListSpec(
        "closure_reason",
        "Reason for closure of a child in need episode",
        CIN_2026 + " (ReasonForClosure, item 8640)",
        [
            ("RC1", "Adopted"),
            ("RC2", "Died"),
            ("RC3", "Child arrangements order"),
            ("RC4", "Special guardianship order"),
            ("RC5", "Transferred to services of another local authority"),
            ("RC6", "Transferred to adult social care"),
            ("RC7", "Services ceased for any other reason, including no longer in need"),
            ("RC8", "Case closed after assessment, no further action"),
            ("RC9", "Case closed after assessment, referred to early help"),
        ],
    ),
    ListSpec(
        "assessment_factor",
        "Factors identified at assessment",
        CIN_2026 + " (AssessmentFactors; 18A and 19A deprecated, 21 must stand alone)",
        [
            ("1A", "Alcohol misuse: concerns about the child"),
            ("1B", "Alcohol misuse: concerns about the parent or carer"),
            ("1C", "Alcohol misuse: concerns about another person in the household"),
            ("2A", "Drug misuse: concerns about the child"),
            ("2B", "Drug misuse: concerns about the parent or carer"),
            ("2C", "Drug misuse: concerns about another person in the household"),
            ("3A", "Domestic abuse: concerns about the child"),
            ("3B", "Domestic abuse: concerns about the parent or carer"),
            ("3C", "Domestic abuse: concerns about another person in the household"),
            ("4A", "Mental health: concerns about the child"),
            ("4B", "Mental health: concerns about the parent or carer"),
            ("4C", "Mental health: concerns about another person in the household"),
            ("5A", "Learning disability: concerns about the child"),
            ("5B", "Learning disability: concerns about the parent or carer"),
            ("5C", "Learning disability: concerns about another person in the household"),
            ("6A", "Physical disability or illness: concerns about the child"),
            ("6B", "Physical disability or illness: concerns about the parent or carer"),
            ("6C", "Physical disability or illness: concerns about another person in the household"),
            ("7A", "Young carer"),
            ("8B", "Privately fostered: overseas child who intends to return"),
            ("8C", "Privately fostered: overseas child who intends to stay"),
            ("8D", "Privately fostered: UK child in education away from home"),
            ("8E", "Privately fostered: UK child making an alternative family arrangement"),
            ("8F", "Privately fostered: other"),
            ("9A", "Unaccompanied asylum-seeking child"),
            ("10A", "Going missing"),
            ("11A", "Child sexual exploitation"),
            ("12A", "Trafficking"),
            ("13A", "Gangs"),
            ("14A", "Socially unacceptable behaviour"),
            ("15A", "Self-harm"),
            ("16A", "Neglect"),
            ("17A", "Emotional abuse"),
            ("18B", "Physical abuse: child on child"),
            ("18C", "Physical abuse: adult on child"),
            ("19B", "Sexual abuse: child on child"),
            ("19C", "Sexual abuse: adult on child"),
            ("20", "Other"),
            ("21", "No factors identified"),
            ("22A", "Female genital mutilation"),
            ("23A", "Abuse linked to faith or belief"),
            ("24A", "Child criminal exploitation"),
        ],
    ),
    ListSpec(
        "abuse_category",
        "Category of abuse",
        CIN_2026 + " (InitialCategoryOfAbuse and LatestCategoryOfAbuse, items 8905 and 8910)",
        [
            ("NEG", "Neglect"),
            ("PHY", "Physical abuse"),
            ("SAB", "Sexual abuse"),
            ("EMO", "Emotional abuse"),
            ("MUL", "Multiple (not recommended)"),
        ],
    ),
]

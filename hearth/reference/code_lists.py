"""The statutory code lists Hearth records in, with their sources.

Values are DfE's own codes so returns are derived without translation. Each list names the
specification it comes from; a code withdrawn in a later year gets a ``valid_to`` date rather
than being deleted, so older records stay readable.
"""

from dataclasses import dataclass, field
from datetime import date

CIN_2026 = "DfE Children in need census 2026 to 2027 specification, code tables"
SSDA903_2026 = "DfE SSDA903 children looked after return 2026 to 2027, guidance and validation rules"
# OC3 ACTIV and ACCOM "0": not in touch and not known, died, or back home with a parent for a continuous
# 6 months or more (the RHOM code; DfE rule 344 requires 0 for DIED and RHOM).
NO_INFORMATION_LABEL = (
    "No information: not known, the young person died, or returned home for 6 months or more"
)


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
    # CS131 comes from DfE's draft 2026-27 rules, which give the codes but not their meanings:
    # the labels are the draft's likely reading and unconfirmed (docs/returns.md). Correct them
    # here when DfE publishes the code set; records keep their codes.
    ListSpec(
        "pre_proceedings_outcome",
        "Outcome of pre-proceedings (unconfirmed labels)",
        CIN_2026 + " (PPOutcome, item N00833, code set CS131; draft, labels not yet published)",
        [
            ("A", "Stepped down: care proceedings not needed (unconfirmed)"),
            ("B", "Care proceedings to be issued (unconfirmed)"),
            ("C", "Other outcome (unconfirmed)"),
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

SSDA903_PLACE = SSDA903_2026 + " (PLACE, rule 146; H5, P2 and Z1 removed in 2025-26)"

CODE_LISTS += [
    ListSpec(
        "legal_status",
        "Legal status of a looked-after child",
        SSDA903_2026 + " (LS, rule 144)",
        [
            ("C1", "Interim care order"),
            ("C2", "Full care order"),
            ("D1", "Freeing order granted"),
            ("E1", "Placement order granted"),
            ("V2", "Single period of accommodation under section 20"),
            ("V3", "Accommodated under an agreed series of short-term breaks, episodes recorded"),
            ("V4", "Accommodated under an agreed series of short-term breaks, agreements recorded"),
            ("J1", "Remanded to local authority accommodation or youth detention accommodation"),
            ("J2", "Placed in local authority accommodation under PACE 1984"),
            ("J3", "Sentenced to a youth rehabilitation order with residence or intensive fostering"),
            ("L1", "Under police protection and in local authority accommodation"),
            ("L2", "Emergency protection order"),
            ("L3", "Under a child assessment order and in local authority accommodation"),
        ],
    ),
    ListSpec(
        "category_of_need",
        "Category of need of a looked-after child",
        SSDA903_2026 + " (CIN, rule 145: N1 to N8 only)",
        [
            ("N1", "Abuse or neglect"),
            ("N2", "Child's disability"),
            ("N3", "Parental illness or disability"),
            ("N4", "Family in acute stress"),
            ("N5", "Family dysfunction"),
            ("N6", "Socially unacceptable behaviour"),
            ("N7", "Low income"),
            ("N8", "Absent parenting"),
        ],
    ),
    ListSpec(
        "placement_type",
        "Placement type",
        SSDA903_PLACE,
        [
            ("A3", "Placed for adoption with consent with current foster carer"),
            ("A4", "Placed for adoption with consent, not with current foster carer"),
            ("A5", "Placed for adoption with a placement order with current foster carer"),
            ("A6", "Placed for adoption with a placement order, not with current foster carer"),
            ("K1", "Secure children's home"),
            ("K2", "Children's home"),
            ("K3", "Supported accommodation registered with Ofsted"),
            ("R1", "Residential care home"),
            ("R2", "NHS, health trust or other medical or nursing establishment"),
            ("R3", "Family centre or mother and baby unit"),
            ("R5", "Young offender institution or prison"),
            ("S1", "Residential school"),
            ("P1", "Placed with own parents or other person with parental responsibility"),
            ("P3", "Residential employment"),
            ("T0", "Temporary move of any type"),
            ("T1", "Temporary period in hospital"),
            ("T2", "Temporary absence on holiday"),
            ("T3", "Temporary accommodation while the normal foster carer is on holiday"),
            ("T4", "Other temporary accommodation of seven days or less"),
            ("U1", "Foster placement with a relative or friend, long-term"),
            ("U2", "Foster placement with a relative or friend who is an approved adopter"),
            ("U3", "Foster placement with a relative or friend, other"),
            ("U4", "Foster placement with another carer, long-term"),
            ("U5", "Foster placement with another carer who is an approved adopter"),
            ("U6", "Foster placement with another carer, other"),
            ("Z11", "Other placement (Z11)"),
            ("Z12", "Other placement (Z12)"),
            ("Z13", "Other placement (Z13)"),
            ("Z14", "Other placement (Z14)"),
        ],
    ),
    ListSpec(
        "placement_provider",
        "Placement provider",
        SSDA903_2026 + " (PLACE_PROVIDER, rule 178; blank for T0 to T4 and Z11 to Z14)",
        [
            ("PR0", "Parents or other person with parental responsibility"),
            ("PR1", "Own provision by the local authority"),
            ("PR2", "Other local authority provision"),
            ("PR3", "Other public provision"),
            ("PR4", "Private provision"),
            ("PR5", "Voluntary or third sector provision"),
        ],
    ),
    ListSpec(
        "reason_episode_ceased",
        "Reason a period of care ended",
        SSDA903_2026 + " (REC, rule 149; X1 is derived, never chosen)",
        [
            ("E11", "Adopted: application unopposed"),
            ("E12", "Adopted: consent dispensed with by the court"),
            ("E2", "Died"),
            ("E3", "Care taken over by another local authority"),
            (
                "E4A",
                "Returned home to parents or others with parental responsibility, as part of care planning",
            ),
            (
                "E4B",
                "Returned home to parents or others with parental responsibility, not part of care planning",
            ),
            ("E13", "Left care to live with parents, relatives or others without parental responsibility"),
            ("E41", "Child arrangements order"),
            ("E45", "Special guardianship order to former foster carers who are relatives or friends"),
            ("E46", "Special guardianship order to former foster carers, not relatives or friends"),
            (
                "E47",
                "Special guardianship order to carers other than former foster carers, relatives or friends",
            ),
            ("E48", "Special guardianship order to other carers"),
            ("E5", "Moved to independent living with supportive accommodation"),
            ("E6", "Moved to independent living without formal support"),
            ("E7", "Transferred to residential care funded by adult social care"),
            ("E9", "Sentenced to custody"),
            ("E14", "Accommodation on remand ended"),
            ("E15", "Age assessment found the child to be 18 or over"),
            ("E16", "Child moved abroad"),
            ("E17", "Aged 18 or over and remained with current carers (staying put)"),
            ("E8", "Period of care ceased for any other reason"),
        ],
    ),
    ListSpec(
        "reason_place_change",
        "Reason for a change of placement",
        SSDA903_2026 + " (REASON_PLACE_CHANGE, rule 1009; CUSTOD not for a child under 10)",
        [
            ("CARPL", "Change to or implementation of the care plan"),
            ("CLOSE", "Resignation of carer or closure of provision"),
            ("ALLEG", "Allegation (section 47 enquiry)"),
            ("STAND", "Standards of care concern"),
            ("APPRR", "Approval removed"),
            ("CREQB", "Carer requests placement end because of the child's behaviour"),
            ("CREQO", "Carer requests placement end for another reason"),
            ("CHILD", "Child requests placement end"),
            ("LAREQ", "Responsible or area authority requests placement end"),
            ("PLACE", "Change in the status of the placement only"),
            ("CUSTOD", "Custody arrangement"),
            ("OTHER", "Other"),
        ],
    ),
    ListSpec(
        "review_participation",
        "How the child took part in their review",
        SSDA903_2026 + " (REVIEW_CODE, rule 167)",
        [
            ("PN0", "Child under 4 at the time of the review"),
            ("PN1", "Child attends and speaks for themselves"),
            ("PN2", "Child attends and an advocate speaks for them"),
            ("PN3", "Child attends and conveys views symbolically"),
            ("PN4", "Child attends but does not speak for themselves or convey their views"),
            ("PN5", "Child does not attend but briefs an advocate"),
            ("PN6", "Child does not attend but conveys views by a facilitative medium"),
            ("PN7", "Child does not attend, nor are their views conveyed"),
        ],
    ),
]

# Health and missing episodes of looked-after children (hearth/health, hearth/missing).
CODE_LISTS += [
    ListSpec(
        "sdq_reason",
        "Reason no strengths and difficulties questionnaire score is given",
        SSDA903_2026 + " (OC2 SDQ_REASON)",
        [
            ("SDQ1", "No form returned because the child was under 4 or over 17"),
            ("SDQ2", "Carer refused to complete and return the questionnaire"),
            ("SDQ3", "Not possible because of the severity of the child's disability"),
            ("SDQ4", "Other"),
            ("SDQ5", "Young person refused to allow the questionnaire to be completed"),
        ],
    ),
    ListSpec(
        "missing_type",
        "Missing or away from placement",
        SSDA903_2026 + " (Missing table, MISSING, rule 1006)",
        [("M", "Missing from placement"), ("A", "Away from placement without authorisation")],
    ),
]

# Permanence and care leavers (hearth/permanence, hearth/leavingcare): AD1, PlacedAdoption,
# PrevPerm and OC3 columns. Valid values from the 903 rules; labels from the DfE guide.
SSDA903_OC3_ACCOM = [
    ("B", "With parents or relatives"),
    ("C", "Community home or other form of residential care"),
    ("D", "Semi-independent, transitional accommodation"),
    ("E", "Supported lodgings"),
    ("G", "Gone abroad"),
    ("H", "Deported"),
    ("K", "Ordinary lodgings, without formal support"),
    ("R", "Residence not known"),
    ("S", "No fixed abode or homeless"),
    ("T", "Foyers and similar supported accommodation"),
    ("U", "Independent living"),
    ("V", "Emergency accommodation"),
    ("W", "Bed and breakfast"),
    ("X", "In custody"),
    ("Y", "Other accommodation"),
    ("Z", "With former foster carers"),
]
CODE_LISTS += [
    ListSpec(
        "adopter_sex",
        "Sex of the adopter or adopters",
        SSDA903_2026 + " (AD1 SEX_ADOPTR; MM, FF and MF only for two adopters)",
        [
            ("M1", "Single male adopter"),
            ("F1", "Single female adopter"),
            ("MM", "Two male adopters"),
            ("FF", "Two female adopters"),
            ("MF", "A male and a female adopter"),
        ],
    ),
    ListSpec(
        "adopter_legal_status",
        "Legal status of the adopter or adopters",
        SSDA903_2026 + " (AD1 LS_ADOPTR)",
        [
            ("L0", "Single person"),
            ("L11", "Married couple, opposite sex"),
            ("L12", "Married couple, same sex"),
            ("L2", "Civil partners"),
            ("L3", "Unmarried couple, opposite sex"),
            ("L4", "Unmarried couple, same sex"),
        ],
    ),
    ListSpec(
        "placed_ceased_reason",
        "Why the decision that the child should be placed for adoption was reversed",
        SSDA903_2026 + " (PlacedAdoption REASON_PLACED_CEASED)",
        [
            ("RD1", "The child's needs changed"),
            ("RD2", "The court did not make a placement order"),
            ("RD3", "Prospective adopters could not be found"),
            ("RD4", "Any other reason"),
        ],
    ),
    ListSpec(
        "previous_permanence",
        "Permanence before this period of care",
        SSDA903_2026 + " (PrevPerm PREV_PERM, rules 630 to 635)",
        [
            ("P1", "Adoption"),
            ("P2", "Special guardianship order"),
            ("P3", "Residence order or child arrangements order"),
            ("P4", "Unknown type of permanence order"),
            ("Z1", "No previous permanence, or not known"),
        ],
    ),
    ListSpec(
        "oc3_in_touch",
        "Whether the authority is in touch with the care leaver",
        SSDA903_2026 + " (OC3 IN_TOUCH, rule 131)",
        [
            ("YES", "Yes, in touch"),
            ("NO", "No, not in touch"),
            ("DIED", "The young person has died"),
            ("REFU", "The young person refuses contact"),
            ("NREQ", "The young person no longer needs services"),
            (
                "RHOM",
                "The young person returned to live with a parent or someone with parental "
                "responsibility for a continuous 6 months or more",
            ),
        ],
    ),
    ListSpec(
        "oc3_activity",
        "Care leaver's main activity",
        SSDA903_2026
        + " (OC3 ACTIV, rule 132; 0 when not known, and always for DIED or RHOM: rules 344, 345)",
        [
            ("F1", "Full-time higher education"),
            ("P1", "Part-time higher education"),
            ("F2", "Full-time education other than higher education"),
            ("P2", "Part-time education other than higher education"),
            ("F4", "Full-time apprenticeship"),
            ("P4", "Part-time apprenticeship"),
            ("F5", "Full-time employment or training"),
            ("P5", "Part-time employment or training"),
            ("G4", "Not in education, employment or training: illness or disability"),
            ("G5", "Not in education, employment or training: other reasons"),
            ("G6", "Not in education, employment or training: pregnancy or parenting"),
            ("0", NO_INFORMATION_LABEL),
        ],
    ),
    ListSpec(
        "oc3_accommodation",
        "Care leaver's accommodation and whether it is suitable",
        SSDA903_2026 + " (OC3 ACCOM, rule 133; digit 1 suitable, 2 unsuitable; S1 and X1 are not valid)",
        [
            (letter + digit, f"{label}: {'suitable' if digit == '1' else 'not suitable'}")
            for letter, label in SSDA903_OC3_ACCOM
            for digit in ("1", "2")
            if letter + digit not in ("S1", "X1")
        ]
        + [("0", NO_INFORMATION_LABEL)],
    ),
]

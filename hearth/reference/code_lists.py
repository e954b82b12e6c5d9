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

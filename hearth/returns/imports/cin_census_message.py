"""Read and check a CIN census message (DfE's XML, as ``export_cin_census`` writes it).

``read_census(path, year=...)`` returns the children in the shape the export derives
(``hearth.returns.cin_census.CensusChild`` and its parts), so a round trip compares like with
like. It refuses the whole file (``ImportFailed``) for anything that is not a census message of
the year: XML that does not parse or carries a DTD (defusedxml refuses entity tricks), unknown or
repeated elements, unknown codes, dates that cannot be (an end before its start, after the
reference date or in the future), a message for another year. Each problem names the file, the
child (LAchildID) and the element. Elements of the specification that Hearth does not record are
listed in ``skipped`` and the rest loads.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils import timezone

from hearth.reference.selectors import is_valid_code
from hearth.returns.cin_census import (
    CensusAssessment,
    CensusChild,
    CensusCPPlan,
    CensusEpisode,
    CensusPlan,
    CensusPreProceedings,
    CensusSection47,
)
from hearth.returns.imports.common import ImportFailed, Problem
from hearth.returns.periods import CollectionYear, collection_year

ONE, OPTIONAL, MANY = "one", "optional", "many"
# Each element's children in the specification's order (returns.md §2.1), with how often each
# may appear. The header's Source is written by the sending system and not read.
SHAPE: dict[str, dict[str, str]] = {
    "Message": {"Header": ONE, "Children": ONE},
    "Header": {"CollectionDetails": ONE, "Source": OPTIONAL},
    "CollectionDetails": {"Collection": ONE, "Year": ONE, "ReferenceDate": ONE},
    "Children": {"Child": MANY},
    "Child": {"ChildIdentifiers": ONE, "ChildCharacteristics": ONE, "CINdetails": MANY},
    "ChildIdentifiers": {
        "LAchildID": ONE,
        "UPN": OPTIONAL,
        "FormerUPN": OPTIONAL,
        "UPNunknown": OPTIONAL,
        "PersonBirthDate": OPTIONAL,
        "ExpectedPersonBirthDate": OPTIONAL,
        "Sex": OPTIONAL,
        "PersonDeathDate": OPTIONAL,
    },
    "ChildCharacteristics": {"Ethnicity": OPTIONAL, "Disabilities": OPTIONAL},
    "Disabilities": {"Disability": MANY},
    "CINdetails": {
        "CINreferralDate": ONE,
        "ReferralSource": OPTIONAL,
        "PrimaryNeedCode": OPTIONAL,
        "CINclosureDate": OPTIONAL,
        "ReasonForClosure": OPTIONAL,
        "DateOfInitialCPC": OPTIONAL,
        "Assessments": MANY,
        "CINPlanDates": MANY,
        "Section47": MANY,
        "ReferralNFA": OPTIONAL,
        "ChildProtectionPlans": MANY,
        "PreProceedingsandFGDM": MANY,
    },
    "Assessments": {
        "AssessmentActualStartDate": ONE,
        "AssessmentInternalReviewDate": OPTIONAL,
        "AssessmentAuthorisationDate": OPTIONAL,
        "FactorsIdentifiedAtAssessment": OPTIONAL,
    },
    "FactorsIdentifiedAtAssessment": {"AssessmentFactors": MANY},
    "CINPlanDates": {"CINPlanStartDate": ONE, "CINPlanEndDate": OPTIONAL},
    "Section47": {
        "S47ActualStartDate": ONE,
        "InitialCPCtarget": OPTIONAL,
        "DateOfInitialCPC": OPTIONAL,
        "ICPCnotRequired": OPTIONAL,
    },
    "ChildProtectionPlans": {
        "CPPstartDate": ONE,
        "CPPendDate": OPTIONAL,
        "InitialCategoryOfAbuse": ONE,
        "LatestCategoryOfAbuse": ONE,
        "NumberOfPreviousCPP": ONE,
        "Reviews": OPTIONAL,
    },
    "Reviews": {"CPPreviewDate": MANY},
    "PreProceedingsandFGDM": {
        "PPStartDate": ONE,
        "LBPSentDate": OPTIONAL,
        "FGDMMeetingOffer": OPTIONAL,
        "FGDMMeetingFac": OPTIONAL,
        "InitialPPMeetingDate": OPTIONAL,
        "ReviewMeetingsCount": OPTIONAL,
        "StepDecisionDate": OPTIONAL,
        "PPOutcome": OPTIONAL,
        "CourtAppDate": OPTIONAL,
        "LetterInitCPDate": OPTIONAL,
    },
}
# In the specification but not recorded by Hearth: reported as not loaded, never guessed at.
NOT_RECORDED = {
    "AssessmentInternalReviewDate": "Hearth does not record an assessment's internal review date",
}
FLAGS = {"1": True, "true": True, "0": False, "false": False}
LA_CHILD_ID = re.compile(r"^[A-Za-z0-9]{1,20}$")


@dataclass
class CensusFile:
    name: str
    year: CollectionYear
    children: list[CensusChild]
    skipped: list[Problem] = field(default_factory=list)  # elements Hearth does not record


def _tag(element) -> str:
    return element.tag.rsplit("}", 1)[-1]  # DfE's validator ignores namespaces; so does Hearth


class _Reader:
    def __init__(self, name: str, year: CollectionYear | None):
        self.name = name
        self.year = year
        self.problems: list[Problem] = []
        self.skipped: list[Problem] = []
        self.child_id = ""
        self.today = timezone.localdate()

    def problem(self, where: str, message: str) -> None:
        child = f"LAchildID {self.child_id}" if self.child_id else ""
        self.problems.append(Problem(self.name, None, ", ".join(p for p in (child, where) if p), message))

    # --- shape ------------------------------------------------------------------------------

    def children_of(self, element, where: str) -> dict[str, list]:
        """The element's children by tag, checked against SHAPE."""
        tag = _tag(element)
        allowed = SHAPE[tag]
        found: dict[str, list] = {}
        for child in element:
            if not isinstance(child.tag, str):
                continue  # a comment or processing instruction
            name = _tag(child)
            if name not in allowed:
                self.problem(f"{where}/{name}", f"{name} is not an element of {tag} in the CIN census")
                continue
            found.setdefault(name, []).append(child)
        for name, how in allowed.items():
            count = len(found.get(name, []))
            if how == ONE and count == 0:
                self.problem(f"{where}/{name}", f"{tag} has no {name}")
            elif how in (ONE, OPTIONAL) and count > 1:
                self.problem(f"{where}/{name}", f"{name} appears {count} times; {tag} may have one")
        for name, message in NOT_RECORDED.items():
            for _ in found.get(name, []):
                child = f"LAchildID {self.child_id}, " if self.child_id else ""
                self.skipped.append(
                    Problem(self.name, None, f"{child}{where}/{name}", f"not loaded: {message}")
                )
        return found

    def text(self, found: dict, name: str, where: str) -> str:
        elements = found.get(name) or []
        if not elements:
            return ""
        element = elements[0]
        if len(element):
            self.problem(f"{where}/{name}", f"{name} holds elements; it should hold a value")
        return (element.text or "").strip()

    # --- values -----------------------------------------------------------------------------

    def day(self, found: dict, name: str, where: str) -> date | None:
        value = self.text(found, name, where)
        if not value:
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.problem(f"{where}/{name}", f"{value} is not a date (YYYY-MM-DD)")
            return None
        if name in ("ExpectedPersonBirthDate", "InitialCPCtarget"):
            return day  # a due date, which may lie ahead
        # A child's birth and death are details as known when the message was made, which
        # for an earlier year's census may be after its reference date.
        if self.year and day > self.year.end and name not in ("PersonBirthDate", "PersonDeathDate"):
            self.problem(f"{where}/{name}", f"{value} is after the census reference date {self.year.end}")
        elif day > self.today:
            self.problem(f"{where}/{name}", f"{value} is in the future")
        return day

    def code(self, value: str, code_list: str, where: str) -> str:
        if value and not any(
            is_valid_code(code_list, value, on=day) for day in (self.year.start, self.year.end)
        ):
            self.problem(where, f"{value} is not a code of DfE's list for {code_list.replace('_', ' ')}")
        return value

    def coded(self, found: dict, name: str, code_list: str, where: str) -> str:
        return self.code(self.text(found, name, where), code_list, f"{where}/{name}")

    def flag(self, found: dict, name: str, where: str) -> bool:
        value = self.text(found, name, where)
        if value.lower() not in FLAGS:
            self.problem(f"{where}/{name}", f"{value or 'nothing'} is not a flag (1, 0, true or false)")
            return False
        return FLAGS[value.lower()]

    def order(self, first: date | None, then: date | None, where: str, message: str) -> None:
        if first and then and then < first:
            self.problem(where, message)

    # --- the message ------------------------------------------------------------------------

    def message(self, root) -> list[CensusChild]:
        if _tag(root) != "Message":
            self.problem(_tag(root), "the file is not a CIN census message (its root is not Message)")
            return []
        found = self.children_of(root, "Message")
        header = self.children_of(found["Header"][0], "Header") if found.get("Header") else {}
        self.header(header)
        if self.problems or not found.get("Children"):
            return []
        children = []
        seen: set[str] = set()
        for element in self.children_of(found["Children"][0], "Children").get("Child", []):
            child = self.child(element)
            if child is None:
                continue
            if child.la_child_id in seen:
                self.problem("ChildIdentifiers/LAchildID", "this child appears more than once (DfE 8510)")
            seen.add(child.la_child_id)
            children.append(child)
        return children

    def header(self, header: dict) -> None:
        if not header.get("CollectionDetails"):
            return
        details = self.children_of(header["CollectionDetails"][0], "Header/CollectionDetails")
        where = "Header/CollectionDetails"
        if self.text(details, "Collection", where) != "CIN":
            self.problem(f"{where}/Collection", "the message is not a CIN census (Collection is not CIN)")
        ending = self.text(details, "Year", where)
        if not re.fullmatch(r"\d{4}", ending):
            self.problem(f"{where}/Year", f"{ending or 'nothing'} is not a year")
            return
        year = collection_year(f"{int(ending) - 1}-{ending[2:]}")
        if self.year and self.year != year:
            self.problem(
                f"{where}/Year", f"the message is for {year.label}; the import is for {self.year.label}"
            )
            return
        self.year = year
        reference = self.text(details, "ReferenceDate", where)
        if reference != year.end.isoformat():
            self.problem(
                f"{where}/ReferenceDate", f"{reference or 'nothing'} is not 31 March {ending} (DfE rule 100)"
            )
        if year.start > self.today:
            self.problem(f"{where}/Year", f"the {year.label} census year has not begun")

    def child(self, element) -> CensusChild | None:
        self.child_id = ""
        found = self.children_of(element, "Child")
        ids = (
            self.children_of(found["ChildIdentifiers"][0], "ChildIdentifiers")
            if found.get("ChildIdentifiers")
            else {}
        )
        la_child_id = self.text(ids, "LAchildID", "ChildIdentifiers")
        if not LA_CHILD_ID.match(la_child_id):
            self.problem(
                "ChildIdentifiers/LAchildID",
                f"{la_child_id or 'nothing'} is not an LAchildID (1 to 20 letters and digits)",
            )
            return None
        self.child_id = la_child_id
        where = "ChildIdentifiers"
        birth = self.day(ids, "PersonBirthDate", where)
        expected = self.day(ids, "ExpectedPersonBirthDate", where)
        death = self.day(ids, "PersonDeathDate", where)
        if birth and expected:
            self.problem(where, "give PersonBirthDate or ExpectedPersonBirthDate, not both (DfE 8525Q)")
        self.order(birth, death, f"{where}/PersonDeathDate", "the child died before they were born")
        traits = (
            self.children_of(found["ChildCharacteristics"][0], "ChildCharacteristics")
            if found.get("ChildCharacteristics")
            else {}
        )
        disabilities = []
        if traits.get("Disabilities"):
            listed = self.children_of(traits["Disabilities"][0], "ChildCharacteristics/Disabilities")
            for item in listed.get("Disability", []):
                code = (item.text or "").strip()
                disabilities.append(
                    self.code(code, "disability", "ChildCharacteristics/Disabilities/Disability")
                )
        child = CensusChild(
            person_id=0,
            la_child_id=la_child_id,
            upn=self.text(ids, "UPN", where),
            former_upn=self.text(ids, "FormerUPN", where),
            upn_unknown=self.coded(ids, "UPNunknown", "upn_unknown", where),
            birth_date=birth,
            expected_birth_date=expected,
            sex=self.coded(ids, "Sex", "sex", where),
            death_date=death,
            ethnicity=self.coded(traits, "Ethnicity", "ethnicity", "ChildCharacteristics"),
            disabilities=disabilities,
        )
        for number, item in enumerate(found.get("CINdetails", []), start=1):
            child.episodes.append(self.episode(item, f"CINdetails {number}"))
        return child

    def episode(self, element, where: str) -> CensusEpisode:
        found = self.children_of(element, where)
        referred = self.day(found, "CINreferralDate", where)
        closed = self.day(found, "CINclosureDate", where)
        reason = self.coded(found, "ReasonForClosure", "closure_reason", where)
        self.order(referred, closed, f"{where}/CINclosureDate", "the episode closes before its referral")
        if bool(closed) != bool(reason):
            self.problem(where, "a closure date and a reason for closure go together (DfE 8805/8810)")
        if closed and self.year and closed < self.year.start:
            self.problem(f"{where}/CINclosureDate", f"{closed} is before the census year began (DfE 8620)")
        episode = CensusEpisode(
            referral_id=0,
            referral_date=referred or date.min,
            source=self.coded(found, "ReferralSource", "referral_source", where),
            primary_need=self.coded(found, "PrimaryNeedCode", "primary_need", where),
            closure_date=closed,
            closure_reason=reason,
            transfer_in_icpc=self.day(found, "DateOfInitialCPC", where),
            no_further_action=self.flag(found, "ReferralNFA", where),
        )
        for number, item in enumerate(found.get("Assessments", []), start=1):
            episode.assessments.append(self.assessment(item, f"{where}, Assessments {number}"))
        for number, item in enumerate(found.get("CINPlanDates", []), start=1):
            part = self.children_of(item, f"{where}, CINPlanDates {number}")
            here = f"{where}, CINPlanDates {number}"
            plan = CensusPlan(
                self.day(part, "CINPlanStartDate", here), self.day(part, "CINPlanEndDate", here)
            )
            self.order(plan.start, plan.end, f"{here}/CINPlanEndDate", "the plan ends before it starts")
            episode.cin_plans.append(plan)
        for number, item in enumerate(found.get("Section47", []), start=1):
            episode.section_47s.append(self.section_47(item, f"{where}, Section47 {number}"))
        for number, item in enumerate(found.get("ChildProtectionPlans", []), start=1):
            episode.cp_plans.append(self.cp_plan(item, f"{where}, ChildProtectionPlans {number}"))
        for number, item in enumerate(found.get("PreProceedingsandFGDM", []), start=1):
            episode.pre_proceedings.append(
                self.pre_proceedings(item, f"{where}, PreProceedingsandFGDM {number}")
            )
        return episode

    def optional_flag(self, found: dict, name: str, where: str) -> bool | None:
        return self.flag(found, name, where) if found.get(name) else None

    def pre_proceedings(self, element, where: str) -> CensusPreProceedings:
        found = self.children_of(element, where)
        count = self.text(found, "ReviewMeetingsCount", where)
        if count and not count.isdigit():
            self.problem(f"{where}/ReviewMeetingsCount", f"{count} is not a number")
        record = CensusPreProceedings(
            start=self.day(found, "PPStartDate", where),
            letter_sent=self.day(found, "LBPSentDate", where),
            fgdm_offered=self.optional_flag(found, "FGDMMeetingOffer", where),
            fgdm_facilitated=self.optional_flag(found, "FGDMMeetingFac", where),
            initial_meeting=self.day(found, "InitialPPMeetingDate", where),
            review_meetings=int(count) if count.isdigit() else None,
            step_decision=self.day(found, "StepDecisionDate", where),
            outcome=self.coded(found, "PPOutcome", "pre_proceedings_outcome", where),
            court_application=self.day(found, "CourtAppDate", where),
            proceedings_letter=self.day(found, "LetterInitCPDate", where),
        )
        # DfE's draft rules 9006, 9009, 9012 and 9013: each step follows the one it answers.
        self.order(
            record.start,
            record.letter_sent,
            f"{where}/LBPSentDate",
            "the letter is before pre-proceedings started",
        )
        self.order(
            record.start,
            record.step_decision,
            f"{where}/StepDecisionDate",
            "the decision is before pre-proceedings started",
        )
        self.order(
            record.step_decision,
            record.court_application,
            f"{where}/CourtAppDate",
            "the court application is before the decision",
        )
        self.order(
            record.court_application,
            record.proceedings_letter,
            f"{where}/LetterInitCPDate",
            "the letter initiating care proceedings is before the court application",
        )
        return record

    def assessment(self, element, where: str) -> CensusAssessment:
        found = self.children_of(element, where)
        start = self.day(found, "AssessmentActualStartDate", where)
        authorised = self.day(found, "AssessmentAuthorisationDate", where)
        self.order(start, authorised, f"{where}/AssessmentAuthorisationDate", "authorised before it started")
        factors = []
        if found.get("FactorsIdentifiedAtAssessment"):
            listed = self.children_of(
                found["FactorsIdentifiedAtAssessment"][0], f"{where}, FactorsIdentifiedAtAssessment"
            )
            for item in listed.get("AssessmentFactors", []):
                code = (item.text or "").strip()
                factors.append(self.code(code, "assessment_factor", f"{where}/AssessmentFactors"))
        if factors and not authorised:
            self.problem(where, "factors are given only once an assessment is authorised (DfE 8614)")
        return CensusAssessment(start, authorised, factors)

    def section_47(self, element, where: str) -> CensusSection47:
        found = self.children_of(element, where)
        start = self.day(found, "S47ActualStartDate", where)
        icpc = self.day(found, "DateOfInitialCPC", where)
        not_required = self.flag(found, "ICPCnotRequired", where)
        self.order(start, icpc, f"{where}/DateOfInitialCPC", "the conference is before the enquiry started")
        if icpc and not_required:
            self.problem(where, "ICPCnotRequired is 1 but an initial conference date is given")
        return CensusSection47(start, self.day(found, "InitialCPCtarget", where), icpc, not_required)

    def cp_plan(self, element, where: str) -> CensusCPPlan:
        found = self.children_of(element, where)
        start = self.day(found, "CPPstartDate", where)
        end = self.day(found, "CPPendDate", where)
        self.order(start, end, f"{where}/CPPendDate", "the plan ends before it starts")
        previous = self.text(found, "NumberOfPreviousCPP", where)
        if not previous.isdigit():
            self.problem(f"{where}/NumberOfPreviousCPP", f"{previous or 'nothing'} is not a number")
        reviews = []
        if found.get("Reviews"):
            listed = self.children_of(found["Reviews"][0], f"{where}, Reviews")
            for item in listed.get("CPPreviewDate", []):
                reviews.append(self.day({"CPPreviewDate": [item]}, "CPPreviewDate", where))
        for day in reviews:
            if day and start and day <= start:
                self.problem(
                    f"{where}/Reviews", f"the review on {day} is not after the plan started (DfE 8841)"
                )
            if day and end and day > end:
                self.problem(f"{where}/Reviews", f"the review on {day} is after the plan ended")
        return CensusCPPlan(
            start=start,
            end=end,
            initial_category=self.coded(found, "InitialCategoryOfAbuse", "abuse_category", where),
            latest_category=self.coded(found, "LatestCategoryOfAbuse", "abuse_category", where),
            previous_plans=int(previous) if previous.isdigit() else 0,
            reviews=sorted(day for day in reviews if day),
        )


def read_census(path: Path, *, year: CollectionYear | None = None) -> CensusFile:
    """The file's children, or ImportFailed listing every problem found in it."""
    reader = _Reader(path.name, year)
    try:
        root = fromstring(path.read_bytes(), forbid_dtd=True)
    except (ParseError, DefusedXmlException) as error:
        raise ImportFailed(
            [Problem(path.name, None, "", f"not well-formed or unsafe XML: {error}")]
        ) from error
    except OSError as error:
        raise ImportFailed([Problem(path.name, None, "", f"cannot be read: {error}")]) from error
    children = reader.message(root)
    if reader.problems:
        raise ImportFailed(reader.problems)
    return CensusFile(path.name, reader.year, children, reader.skipped)

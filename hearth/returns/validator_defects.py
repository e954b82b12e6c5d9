"""Where DfE's 903 rules, as the installed community package implements them, are wrong about a
return Hearth makes correctly: the one place such findings are set aside, each with its reason.

- Rules that raise on any data in ``csc-validator-be-903`` 0.1.17 (returns.md §1.5): they report
  nothing, and are kept as "crashed" rather than counted as errors.
- Rules 1001 and 1002 (care leaver information for someone who was not a relevant or former
  relevant child) judge a care leaver by the episodes in the two years' files the tool is given.
  DfE's note on both says so: "this check may generate false positives if a child had episodes
  prior to last year's collection". A young person who left care at 18 three years ago has no
  episode in either file. DfE's own collection holds every earlier year, so the rule is only
  meaningful on the whole care history, which Hearth has: an issue is set aside when the young
  person's recorded care meets the rule's own test (at least 13 weeks, 91 days, looked after
  since the 14th birthday, some of it after the 16th, V3/V4 short breaks not counted, and not
  adopted), and kept otherwise.
"""

from collections import defaultdict
from dataclasses import replace
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch

from hearth.childrenincare.models import LegalStatus, PeriodOfCare
from hearth.people.selectors import person_ids_by_return_id

KNOWN_CRASHES = frozenset({"231", "233", "706", "709", "710"})
CARE_HISTORY_RULES = frozenset({"1001", "1002"})
SHORT_BREAKS = frozenset({"V3", "V4"})
ADOPTED = frozenset({"E11", "E12"})
DAYS_SINCE_14 = 91


def _days_from(spans: list[tuple[date, date]], since: date) -> int:
    return sum(max(0, (end - max(start, since)).days) for start, end in spans)


def was_relevant_or_former_relevant(dob: date, periods: list[PeriodOfCare], today: date) -> bool:
    """The test of rules 1001/1002 on the whole recorded care history."""
    spans = []
    for period in periods:
        for status in period.legal_statuses.all():
            if status.legal_status in SHORT_BREAKS:
                continue
            spans.append((status.start_date, status.end_date or period.end_date or today))
    latest = max(periods, key=lambda p: p.start_date, default=None)
    if latest is not None and latest.reason_ceased in ADOPTED:
        return False
    return (
        _days_from(spans, dob + relativedelta(years=14)) >= DAYS_SINCE_14
        and _days_from(spans, dob + relativedelta(years=16)) >= 1
    )


def without_validator_defects(result, *, today: date):
    """The validator's result with the care-history false positives taken out (four queries when
    there are any). ``result`` is a ``validation.ValidatorResult``."""
    person_ids = person_ids_by_return_id(
        issue.child_id for issue in result.issues if issue.code in CARE_HISTORY_RULES
    )
    suspects = set(person_ids.values())
    if not suspects:
        return result
    periods: dict[int, list[PeriodOfCare]] = defaultdict(list)
    for period in (
        PeriodOfCare.objects.filter(child_id__in=suspects)
        .select_related("child")
        .prefetch_related(Prefetch("legal_statuses", queryset=LegalStatus.objects.order_by("start_date")))
    ):
        periods[period.child_id].append(period)
    cleared = {
        child_id
        for child_id, held in periods.items()
        if held[0].child.date_of_birth
        and was_relevant_or_former_relevant(held[0].child.date_of_birth, held, today)
    }
    kept = [
        issue
        for issue in result.issues
        if not (issue.code in CARE_HISTORY_RULES and person_ids.get(issue.child_id) in cleared)
    ]
    return replace(result, issues=kept)

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
- Rule 707 (a DoLO without an end date for a child who has left care) reads the Episodes table
  after rule 365 has written the collection's end date into the DEC of every open episode: the
  package hands each rule a shallow copy of the tables, and 365 assigns into it in place. So every
  child still looked after at 31 March with an order in force is reported as having left care.
  An issue is set aside when the record shows the child's order, and the period of care holding
  it, both still in force on the day the return is checked; it is kept otherwise.
- Rule SW12STG2 (a child's social worker episodes must cover their care) pairs every episode
  that starts or ends care with every one of the child's social worker episodes, and fails the
  episode if any pair fails the test. A child with a worker before care in the year (which the
  rule's own message asks to be reported) therefore fails whenever the first episode carries on
  past a change of legal status (REC X1): that worker's episode began before care. An issue is
  set aside when, in the return as sent, each of the child's episodes the rule looks at has a
  social worker episode that passes the test; it is kept when any has none.
- Rules 361 and 362 (police protection over 72 hours, an emergency protection order over 21
  days) measure an episode still open to the collection's last day, 31 March. Checked part-way
  through the year, a child taken into police protection yesterday has "lasted" four months.
  An issue is set aside when, measured to the day the return is checked, every stretch of that
  legal status in the child's episodes is within its limit; it is kept when any is over.
"""

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch

from hearth.childrenincare.models import DeprivationOfLibertyOrder, LegalStatus, PeriodOfCare
from hearth.people.selectors import person_ids_by_return_id

KNOWN_CRASHES = frozenset({"231", "233", "706", "709", "710"})
CARE_HISTORY_RULES = frozenset({"1001", "1002"})
OPEN_EPISODES_OVERWRITTEN = frozenset({"707"})
PAIRWISE_SOCIAL_WORKER_RULES = frozenset({"SW12STG2"})
# Rule: (legal status, the most days it may last) as the rule counts them.
SHORT_ORDER_LIMITS = {"361": ("L1", 3), "362": ("L2", 21)}
SET_ASIDE_RULES = (
    CARE_HISTORY_RULES
    | OPEN_EPISODES_OVERWRITTEN
    | PAIRWISE_SOCIAL_WORKER_RULES
    | frozenset(SHORT_ORDER_LIMITS)
)
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


def still_under_an_order(child_ids: set[int], today: date) -> set[int]:
    """Of these children, those with a deprivation of liberty order, and the period of care
    holding it, both in force on ``today`` (one query when there are any)."""
    if not child_ids:
        return set()
    in_force = DeprivationOfLibertyOrder.objects.filter(period__child_id__in=child_ids, start_date__lte=today)
    in_force = in_force.exclude(end_date__lte=today).exclude(period__end_date__lte=today)
    return set(in_force.values_list("period__child_id", flat=True))


def _day(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def social_worker_episodes_cover(episodes: list[dict], sw_episodes: list[dict], year_start: date) -> bool:
    """Rule SW12STG2's own test for one child, asked of each episode with *some* social worker
    episode rather than with every one: an episode that starts care has a worker episode from
    its start on; one that ends care (other than X1) has one begun by its end."""
    starts = [_day(row["SW_DECOM"]) for row in sw_episodes if row["SW_DECOM"]]
    for episode in episodes:
        began, ended = _day(episode["DECOM"]), _day(episode["DEC"])
        # The rule looks at episodes that start care, or end with something other than X1 (an
        # open episode's blank reason does not count as "other than X1" in the tool's reading).
        ends_care = episode["REC"] not in ("", "X1")
        if episode["LS"] in SHORT_BREAKS or not (episode["RNE"] == "S" or ends_care):
            continue
        if ended is not None and ended < year_start - relativedelta(years=1):
            continue
        if not any(
            (ended is not None and ends_care and start <= ended) or (episode["RNE"] == "S" and start >= began)
            for start in starts
        ):
            return False
    return True


def short_orders_within_limit(episodes: list[dict], status: str, limit: int, today: date) -> bool:
    """Whether every unbroken stretch of ``status`` in a child's episodes (one episode's end the
    next one's start) lasts at most ``limit`` days, an open one measured to ``today``."""
    stretches: list[list[date]] = []
    for episode in sorted(episodes, key=lambda row: _day(row["DECOM"])):
        if episode["LS"] != status:
            continue
        began, ended = _day(episode["DECOM"]), _day(episode["DEC"]) or today
        if stretches and stretches[-1][1] == began:
            stretches[-1][1] = ended
        else:
            stretches.append([began, ended])
    return all((ended - began).days <= limit for began, ended in stretches)


def _mid_year_false_positives(result, tables: dict | None, today: date) -> set[tuple[str, str]]:
    """(rule, child) pairs of rules 361/362 that only fail because an open order is measured to
    31 March."""
    flagged = {(issue.code, issue.child_id) for issue in result.issues if issue.code in SHORT_ORDER_LIMITS}
    if not flagged or tables is None:
        return set()
    children = {child for _, child in flagged}
    episodes = defaultdict(list)
    for row in tables["Episodes"]:
        if row["CHILD"] in children:
            episodes[row["CHILD"]].append(row)
    return {
        (code, child)
        for code, child in flagged
        if short_orders_within_limit(episodes[child], *SHORT_ORDER_LIMITS[code], today)
    }


def _pairwise_false_positives(result, tables: dict | None, year_start: date | None) -> set[str]:
    """The children flagged by SW12STG2 whose social worker episodes in fact cover their care."""
    flagged = {issue.child_id for issue in result.issues if issue.code in PAIRWISE_SOCIAL_WORKER_RULES}
    if not flagged or tables is None or year_start is None:
        return set()
    episodes, workers = defaultdict(list), defaultdict(list)
    for row in tables["Episodes"]:
        if row["CHILD"] in flagged:
            episodes[row["CHILD"]].append(row)
    for row in tables["SWEpisodes"]:
        if row["CHILD"] in flagged:
            workers[row["CHILD"]].append(row)
    return {
        child
        for child in flagged
        if workers[child] and social_worker_episodes_cover(episodes[child], workers[child], year_start)
    }


def without_validator_defects(
    result, *, today: date, tables: dict | None = None, year_start: date | None = None
):
    """The validator's result with the care-history, rule-707, SW12STG2 and mid-year 361/362
    false positives taken out (up to five queries when there are any). ``result`` is a ``validation.ValidatorResult``;
    ``tables`` the SSDA903 tables it checked (``ssda903_tables``) for a collection year starting
    on ``year_start``, without which SW12STG2 issues are all kept."""
    covered = _pairwise_false_positives(result, tables, year_start)
    within_limit = _mid_year_false_positives(result, tables, today)
    if covered or within_limit:
        result = replace(
            result,
            issues=[
                issue
                for issue in result.issues
                if not (issue.code in PAIRWISE_SOCIAL_WORKER_RULES and issue.child_id in covered)
                and (issue.code, issue.child_id) not in within_limit
            ],
        )
    person_ids = person_ids_by_return_id(
        issue.child_id
        for issue in result.issues
        if issue.code in CARE_HISTORY_RULES | OPEN_EPISODES_OVERWRITTEN
    )
    if not person_ids:
        return result
    ordered = {issue.child_id for issue in result.issues if issue.code in OPEN_EPISODES_OVERWRITTEN}
    under_order = still_under_an_order({person_ids[ref] for ref in ordered if ref in person_ids}, today)
    if under_order:
        result = replace(
            result,
            issues=[
                issue
                for issue in result.issues
                if not (
                    issue.code in OPEN_EPISODES_OVERWRITTEN and person_ids.get(issue.child_id) in under_order
                )
            ],
        )
    suspects = {
        person_ids[issue.child_id]
        for issue in result.issues
        if issue.code in CARE_HISTORY_RULES and issue.child_id in person_ids
    }
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

"""The SSDA903 (children looked after) return, derived from the record whenever it is asked for.

``ssda903_tables(year)`` reads the whole authority in a fixed number of queries (one per kind
of record, however many children) and gives every table of the 2026-27 return as rows of
strings in DfE's column layout (docs/returns.md); ``write_ssda903(year, folder)`` writes them
as CSV files, one per table, and ``ssda903_zip(year)`` packs them for the download.

Who is in it (returns.md §1.4): every child looked after at any time in the year, with all the
episodes of each period of care open in the year, those before 1 April included. Anything
dated after 31 March has not happened yet as far as that year is concerned, so an earlier
year's return (the "previous year" the continuity rules compare with) can be produced at any
time. DoLo holds every deprivation of liberty order of those periods in force at any time in the
year: one that ended before 1 April was in last year's return, one made after 31 March is not yet
in this one, and one still in force on 31 March is sent with DOLO_END blank, so next year's return
repeats it with the same DOLO_START (rule 706).
"""

import csv
import io
import zipfile
from collections import defaultdict
from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, Q
from django.utils import timezone

from hearth.allocation.models import Allocation
from hearth.childrenincare.episodes import derive_episodes
from hearth.childrenincare.models import (
    CareReview,
    DeprivationOfLibertyOrder,
    LegalStatus,
    PeriodOfCare,
    Placement,
    UASCStatus,
)
from hearth.health.models import HealthEvent
from hearth.health.oc2 import OC2_COLUMNS, oc2_row
from hearth.leavingcare.models import BirthdayContact, EligibilityDecision
from hearth.leavingcare.selectors import OC3_AGES, OC3_CATEGORIES
from hearth.missing.models import MissingEpisode
from hearth.people.models import Person
from hearth.permanence.models import Adoption, PreviousPermanence
from hearth.returns.periods import CollectionYear
from hearth.uasc.services import eighteenth_birthday

COLUMNS: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "Episodes": (
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
    "Reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "UASC": ("CHILD", "SEX", "DOB", "DUC"),
    "OC2": tuple(OC2_COLUMNS),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    "PlacedAdoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "PrevPerm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "Missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "SWEpisodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    "DoLo": ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
}
SHORT_BREAKS = frozenset({"V3", "V4"})
# A change of worker starts within 7 days of the last one ending; later, it is a new involvement.
SW_CHANGE_DAYS = 7
SW_REASONS = frozenset(
    {"FCONTA", "MANAGE", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"}
)


def _d(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _periods(year: CollectionYear) -> list[PeriodOfCare]:
    """Periods of care open at any time in the year, with their timelines and deprivation of
    liberty orders: five queries."""
    return list(
        PeriodOfCare.objects.filter(start_date__lte=year.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=year.start))
        .select_related("child")
        .prefetch_related(
            Prefetch("legal_statuses", queryset=LegalStatus.objects.filter(start_date__lte=year.end)),
            Prefetch("placements", queryset=Placement.objects.filter(start_date__lte=year.end)),
            Prefetch(
                "reviews", queryset=CareReview.objects.filter(review_date__range=(year.start, year.end))
            ),
            Prefetch(
                "liberty_orders",
                queryset=DeprivationOfLibertyOrder.objects.filter(start_date__lte=year.end).exclude(
                    end_date__lt=year.start
                ),
            ),
        )
        .order_by("child_id", "start_date", "pk")
    )


def period_episodes(period: PeriodOfCare, year: CollectionYear):
    """The period's episodes as they stood on 31 March: changes recorded after it are left out
    (their timelines are prefetched up to the year end), and an end after it leaves the last
    episode open."""
    episodes = derive_episodes(period)
    if episodes and period.end_date is not None and period.end_date > year.end:
        last = episodes[-1]
        last.DEC, last.REC = None, ""
    # Episodes finished before 1 April were in last year's return (rules 502/503 compare the
    # episode open on 31 March last year with this year's first).
    return [episode for episode in episodes if episode.DEC is None or year.start <= episode.DEC]


def _header_row(child: Person, *, looked_after: bool = True) -> dict[str, str]:
    return {
        "CHILD": child.return_id,
        "SEX": child.sex,
        "DOB": _d(child.date_of_birth),
        "ETHNIC": child.ethnicity,
        "UPN": child.upn or child.upn_unknown_reason,
        # Hearth does not yet record whether a young woman in care is a mother: "0" for girls.
        # Rule 628: none for care leavers not looked after in the year.
        "MOTHER": "0" if child.sex == "F" and looked_after else "",
        "MC_DOB": "",
    }


def continuously_looked_after(periods: list[PeriodOfCare], year: CollectionYear) -> bool:
    """Looked after for the whole year to 31 March in one period, never under short breaks."""
    for period in periods:
        if period.start_date <= year.start and (period.end_date is None or period.end_date > year.end):
            return not any(s.legal_status in SHORT_BREAKS for s in period.legal_statuses.all())
    return False


def _looked_after_on(periods: list[PeriodOfCare], day: date) -> bool:
    return any(p.start_date <= day and (p.end_date is None or p.end_date >= day) for p in periods)


def _oc3_rows(
    year: CollectionYear, as_at: date, periods: dict[int, list[PeriodOfCare]]
) -> list[dict[str, str]]:
    """As ``hearth.leavingcare.selectors.oc3_row``, for everyone at once: two queries. Left out:
    a birthday still to come with no contact recorded yet (not due), and a young person looked
    after on the birthday, who is not yet a care leaver (rule 1016: leaving on or after the 17th
    or 18th birthday means no OC3 item for it). ``periods`` are the year's periods of care."""
    oldest, youngest = (
        year.start - relativedelta(years=max(OC3_AGES)),
        year.end - relativedelta(years=min(OC3_AGES)),
    )
    decisions = (
        EligibilityDecision.objects.filter(
            decided_on__lte=year.end,
            young_person__date_of_birth__gte=oldest,
            young_person__date_of_birth__lte=youngest,
        )
        .select_related("young_person")
        .order_by("young_person_id", "decided_on", "pk")
    )
    latest: dict[int, EligibilityDecision] = {}
    for decision in decisions:
        latest[decision.young_person_id] = decision
    people = {pk: d.young_person for pk, d in latest.items() if d.category in OC3_CATEGORIES}
    contacts = {
        (c.young_person_id, c.age): c
        for c in BirthdayContact.objects.filter(young_person_id__in=list(people)).order_by(
            "-contact_date", "-pk"
        )
    }
    rows = []
    for pk, person in sorted(people.items()):
        dob = person.date_of_birth
        ages = [age for age in OC3_AGES if year.start <= dob + relativedelta(years=age) <= year.end]
        if not ages:
            continue
        contact = contacts.get((pk, ages[0]))
        birthday = dob + relativedelta(years=ages[0])
        if (contact is None and birthday > as_at) or _looked_after_on(periods.get(pk, []), birthday):
            continue
        rows.append(
            {
                "CHILD": person.return_id,
                "DOB": _d(dob),
                "IN_TOUCH": contact.in_touch if contact else "",
                "ACTIV": contact.activity if contact else "",
                "ACCOM": contact.accommodation if contact else "",
            }
        )
    return rows


def _sw_id(allocation: Allocation) -> str:
    staff = getattr(allocation.worker, "staff_member", None) if allocation.worker_id else None
    number = (staff.registration_number if staff else "") or ""
    if number.upper().startswith("SW"):
        return number.upper()
    return "XX" + (f"{allocation.worker_id:06d}" if allocation.worker_id else "0000")


def _sw_rows(child: Person, allocations: list[Allocation], year: CollectionYear) -> list[dict[str, str]]:
    """Social-worker episodes overlapping the year. SW_DEC only where a following episode
    exists (rule SW17STG2 wants the latest one open, even after the child has left care)."""
    allocations = sorted(allocations, key=lambda a: (a.start_date, a.pk))
    rows = []
    for index, allocation in enumerate(allocations):
        following = allocations[index + 1] if index + 1 < len(allocations) else None
        code = (allocation.reason or "").strip().upper()[:6]
        previous = allocations[index - 1] if index else None
        if previous is None or (
            previous.end_date and (allocation.start_date - previous.end_date).days > SW_CHANGE_DAYS
        ):
            reason = "FCONTA"  # a first allocation, or a new one after the case closed (SW10a)
        elif code in SW_REASONS:
            reason = code
        else:
            reason = "TSPROC"  # a transfer between workers in the ordinary course of work
        ended = allocation.end_date if following is not None else None
        rows.append(
            {
                "CHILD": child.return_id,
                "DOB": _d(child.date_of_birth),
                "SW_ID": _sw_id(allocation),
                "SW_DECOM": _d(allocation.start_date),
                "SW_DEC": _d(ended),
                "SW_REASON": reason,
            }
        )
    return rows


def ssda903_tables(year: CollectionYear, *, as_at: date | None = None) -> dict[str, list[dict[str, str]]]:
    """Every table of the return for the year, as rows of strings. A fixed number of queries.

    ``as_at`` (today by default, never after 31 March) is the day the return is taken: OC2's
    health items come from the 12 months to it and OC3 asks only for birthdays reached by it, so
    a return checked part-way through the year asks for what is due, not for next spring's SDQ
    or birthday contact. For a finished year both are exactly the collection year's."""
    as_at = min(year.end, as_at or timezone.localdate())
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in COLUMNS}
    by_child: dict[int, list[PeriodOfCare]] = defaultdict(list)
    for period in _periods(year):
        by_child[period.child_id].append(period)
    child_ids = list(by_child)
    events: dict[int, list[HealthEvent]] = defaultdict(list)
    for event in HealthEvent.objects.filter(
        child_id__in=child_ids,
        event_date__range=(as_at - relativedelta(years=1) + relativedelta(days=1), as_at),
    ).order_by("event_date", "pk"):
        events[event.child_id].append(event)
    allocations: dict[int, list[Allocation]] = defaultdict(list)
    for allocation in (
        Allocation.objects.filter(child_id__in=child_ids, start_date__lte=year.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=year.start))
        .select_related("worker__staff_member")
    ):
        allocations[allocation.child_id].append(allocation)
    missing: dict[int, list[MissingEpisode]] = defaultdict(list)
    for episode in MissingEpisode.objects.filter(
        child_id__in=child_ids, started_at__date__gte=year.start, started_at__date__lte=year.end
    ).order_by("started_at", "pk"):
        missing[episode.child_id].append(episode)
    adoptions: dict[int, list[Adoption]] = defaultdict(list)
    for adoption in Adoption.objects.filter(
        child_id__in=child_ids, should_be_placed_on__lte=year.end
    ).order_by("should_be_placed_on", "pk"):
        adoptions[adoption.child_id].append(adoption)
    new_periods = [p.pk for periods in by_child.values() for p in periods if p.start_date >= year.start]
    previous_permanence = {
        record.period_id: record for record in PreviousPermanence.objects.filter(period_id__in=new_periods)
    }
    uasc = {status.child_id: status for status in UASCStatus.objects.filter(child_id__in=child_ids)}

    for child_id, periods in by_child.items():
        child = periods[0].child
        dob = _d(child.date_of_birth)
        tables["Header"].append(_header_row(child))
        status = uasc.get(child_id)
        status = status if status is not None and status.status_from <= year.end else None
        for period in periods:
            for episode in period_episodes(period, year):
                row = episode.row()
                if status is not None:
                    row["HOME_POST"] = ""  # no home in England: no distance for a UASC (rule 406)
                tables["Episodes"].append({"CHILD": child.return_id, **row})
            for review in sorted(period.reviews.all(), key=lambda r: (r.review_date, r.pk)):
                tables["Reviews"].append(
                    {
                        "CHILD": child.return_id,
                        "DOB": dob,
                        "REVIEW": _d(review.review_date),
                        "REVIEW_CODE": review.participation,
                    }
                )
            for order in sorted(period.liberty_orders.all(), key=lambda o: (o.start_date, o.pk)):
                ended = order.end_date if order.end_date and order.end_date <= year.end else None
                tables["DoLo"].append(
                    {
                        "CHILD": child.return_id,
                        "DOB": dob,
                        "DOLO_START": _d(order.start_date),
                        "DOLO_END": _d(ended),
                    }
                )
            record = previous_permanence.get(period.pk)
            if period.start_date >= year.start:
                none = record is None or record.previous_permanence == "Z1"  # rule 635
                tables["PrevPerm"].append(
                    {
                        "CHILD": child.return_id,
                        "DOB": dob,
                        "PREV_PERM": record.previous_permanence if record else "Z1",
                        "LA_PERM": "" if none else record.authority,
                        "DATE_PERM": "" if none else record.order_date,
                    }
                )
        if continuously_looked_after(periods, year):
            tables["OC2"].append(
                oc2_row(child, events[child_id], year_start=year.start, year_end=year.end, as_at=as_at)
            )
        if status is not None:
            # DUC: the day UASC status ceased, or while it lasts the 18th birthday when it will
            # (rule 205B compares it with last year's, which must be that birthday).
            ceased = status.status_ceased_on
            if (ceased is None or ceased > year.end) and child.date_of_birth:
                ceased = eighteenth_birthday(child.date_of_birth)
            tables["UASC"].append({"CHILD": child.return_id, "SEX": child.sex, "DOB": dob, "DUC": _d(ceased)})
        for adoption in adoptions[child_id]:
            if adoption.reversed_on and adoption.reversed_on < year.start:
                continue  # reversed in an earlier year, and returned then (rules 118, 561, 584)
            reversed_in_time = adoption.reversed_on and adoption.reversed_on <= year.end
            tables["PlacedAdoption"].append(
                {
                    "CHILD": child.return_id,
                    "DOB": dob,
                    "DATE_PLACED": _d(adoption.should_be_placed_on),
                    "DATE_PLACED_CEASED": _d(adoption.reversed_on) if reversed_in_time else "",
                    "REASON_PLACED_CEASED": adoption.reversal_reason if reversed_in_time else "",
                }
            )
            if adoption.adoption_order_on and year.start <= adoption.adoption_order_on <= year.end:
                tables["AD1"].append(
                    {
                        "CHILD": child.return_id,
                        "DOB": dob,
                        "DATE_INT": _d(adoption.should_be_placed_on),
                        "DATE_MATCH": _d(adoption.matched_on),
                        "FOSTER_CARE": ""
                        if adoption.adopters_are_foster_carers is None
                        else str(int(adoption.adopters_are_foster_carers)),
                        "NB_ADOPTR": str(adoption.number_of_adopters or ""),
                        "SEX_ADOPTR": adoption.adopter_sex,
                        "LS_ADOPTR": adoption.adopter_legal_status,
                    }
                )
        for episode in missing[child_id]:
            ended = episode.ended_at and timezone.localtime(episode.ended_at).date()
            tables["Missing"].append(
                {
                    "CHILD": child.return_id,
                    "DOB": dob,
                    "MISSING": episode.episode_type,
                    "MIS_START": _d(timezone.localtime(episode.started_at).date()),
                    "MIS_END": _d(ended) if ended and ended <= year.end else "",
                }
            )
        tables["SWEpisodes"].extend(_sw_rows(child, allocations[child_id], year))
    tables["OC3"] = _oc3_rows(year, as_at, by_child)
    # Care leavers in OC3 are children of the return too (the validator joins OC3 to Header).
    listed = {row["CHILD"] for row in tables["Header"]}
    leavers = [row["CHILD"] for row in tables["OC3"] if row["CHILD"] not in listed]
    if leavers:
        # CHILD is the return ID: the previous system's ID for an imported child, else the Hearth ID.
        found = Person.objects.filter(
            Q(legacy_id__in=leavers) | Q(pk__in=[int(ref) for ref in leavers if ref.isdigit()])
        ).order_by("pk")
        for person in found:
            if person.return_id in leavers:
                tables["Header"].append(_header_row(person, looked_after=False))
    return tables


def _csv(name: str, rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS[name], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def file_name(year: CollectionYear, table: str) -> str:
    return f"ssda903_{year.label}_{table}.csv"


def write_ssda903(year: CollectionYear, folder: Path, tables: dict | None = None) -> dict[str, int]:
    """Write every table as ``ssda903_<year>_<Table>.csv`` (UTF-8); the row count of each."""
    tables = ssda903_tables(year) if tables is None else tables
    folder.mkdir(parents=True, exist_ok=True)
    for name in COLUMNS:
        (folder / file_name(year, name)).write_text(_csv(name, tables[name]), encoding="utf-8")
    return {name: len(tables[name]) for name in COLUMNS}


def ssda903_zip(year: CollectionYear) -> bytes:
    """The return as one zip of CSV files, for the analyst's download."""
    tables = ssda903_tables(year)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in COLUMNS:
            archive.writestr(file_name(year, name), _csv(name, tables[name]))
    return out.getvalue()

"""Load an authority's SSDA903 returns from its previous system into the record.

``import_ssda903(folder)`` reads and checks every file first (``ssda903_files``); any file that
fails makes the whole import fail with nothing saved. Then, in one transaction, each year
(oldest first) is carried into the record through the services workers' pages call, every event
with the clock set to its own date (``common.recorded_at``):

- Header: the child (``person_create`` with ``legacy_id`` = CHILD; a child already holding that
  legacy_id is reused and its details brought up to date with ``person_update``).
- Episodes: periods of care and their two timelines (``period_of_care_start``,
  ``legal_status_change``, ``placement_change``, ``period_of_care_end``); a period whose first
  episode here is not RNE S began before the files and keeps that RNE (``first_episode_reason``).
- Reviews (``care_review_hold``, chaired by the importing user), PrevPerm, PlacedAdoption and AD1
  (the adoption's steps, ending in ``adoption_order_record`` for E11/E12), DoLo (``dolo_start`` and
  ``dolo_end`` on the period holding the order), UASC, Missing, OC2 (as health events), OC3
  (eligibility and the birthday contact) and SWEpisodes (allocations).

A row a service refuses is reported with the service's reasons and the rest load. Rows already
in the record (a year imported twice, or the episode open on 31 March that the next year's files
repeat) are counted as held and not loaded again.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.allocation.models import Allocation
from hearth.allocation.services import allocation_end, case_allocate, case_transfer
from hearth.childrenincare.episodes import derive_episodes
from hearth.childrenincare.models import DeprivationOfLibertyOrder, PeriodOfCare, UASCStatus
from hearth.childrenincare.services import (
    TEMPORARY_PLACEMENTS,
    care_review_hold,
    dolo_end,
    dolo_start,
    legal_status_change,
    period_of_care_end,
    period_of_care_start,
    placement_change,
)
from hearth.health.models import HealthEvent
from hearth.health.services import health_event_record
from hearth.leavingcare.models import BirthdayContact, Category, EligibilityDecision
from hearth.leavingcare.selectors import OC3_AGES, OC3_CATEGORIES, suggested_category
from hearth.leavingcare.services import birthday_contact_record, eligibility_decide
from hearth.missing.models import MissingEpisode
from hearth.missing.services import missing_episode_record
from hearth.organisation.models import Service, StaffMember, Team, TeamType, registration_number_validator
from hearth.organisation.services import service_create, staff_member_create, team_create
from hearth.people.models import Person, PersonType
from hearth.people.services import person_create, person_update
from hearth.permanence.models import Adoption, PreviousPermanence
from hearth.permanence.services import (
    adoption_authority_record,
    adoption_decision_record,
    adoption_decision_reverse,
    adoption_match_record,
    adoption_order_record,
    adoption_placement_link,
    previous_permanence_record,
)
from hearth.returns.imports.common import ImportReport, Problem, importing_user, messages_of, recorded_at
from hearth.returns.imports.ssda903_files import UPN_UNKNOWN, X1, Row, YearFiles, read_returns
from hearth.uasc.services import eighteenth_birthday, uasc_status_cease, uasc_status_record

ADOPTED = frozenset({"E11", "E12"})
PLACED_FOR_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
WITH_CONSENT = frozenset({"A3", "A4"})
# A move whose reason the files do not give (it is not sent for moves into or out of a temporary
# placement, rule 226) is recorded as OTHER, which the export never sends for such a move.
UNSTATED_REASON = "OTHER"
IMPORT_SERVICE = ("legacy-import", "Cases imported from the previous system")
IMPORT_TEAM = "Imported from the previous system"
# What the export sends for a case held by a team with no named worker.
NO_WORKER = "XX0000"
# Missing episodes come with days only: away from 09:00, back by 17:00.
MISSING_FROM, MISSING_TO = time(9), time(17)
# Within a day: the period starts, its legal status changes, the adoption's steps, a deprivation
# of liberty order ends, the move (a child may leave a children's home the day its order ends, or
# come into one the day an order is made), an order starts, reviews, a reversal, then the period
# ends.
(
    START,
    PREVIOUS,
    STATUS,
    DECISION,
    CONSENT,
    MATCH,
    ORDER_ENDS,
    MOVE,
    ORDER_STARTS,
    REVIEW,
    REVERSAL,
    LINK,
    END,
) = range(13)


@dataclass
class Chunk:
    """One period of care as the files show it."""

    rows: list[Row]
    period: PeriodOfCare | None = None
    failed: bool = False

    @property
    def start(self) -> date:
        return self.rows[0]["DECOM"]

    @property
    def end(self) -> date | None:
        last = self.rows[-1]
        return last["DEC"] if last["REC"] and last["REC"] != X1 else None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(order=True)
class Event:
    day: date
    order: int
    seq: int
    run: object = field(compare=False)  # () -> str | None: "held" when already in the record
    table: str = field(compare=False)
    file: str = field(compare=False)
    row: int | None = field(compare=False)
    clock: object = field(compare=False, default=None)
    chunk: Chunk | None = field(compare=False, default=None)
    starts_chunk: bool = field(compare=False, default=False)


def _moment(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def split_periods(rows: list[Row]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for row in sorted(rows, key=lambda r: r["DECOM"]):
        if not chunks or row["RNE"] == "S" or chunks[-1].end is not None:
            chunks.append(Chunk([row]))
        else:
            chunks[-1].rows.append(row)
    return chunks


class SSDA903Import:
    def __init__(self, report: ImportReport):
        self.report = report
        self.user: User = importing_user()
        self.workers: dict[str, tuple[User, Team]] = {}
        self.team: Team | None = None
        self.seq = 0

    # --- running events --------------------------------------------------------------------------

    def _event(
        self, events: list, day: date, order: int, run, table: str, files: YearFiles, row, **extra
    ) -> None:
        self.seq += 1
        number = row.number if isinstance(row, Row) else row
        events.append(Event(day, order, self.seq, run, table, files.file(table), number, **extra))

    def _run(self, events: list[Event]) -> None:
        for event in sorted(events):
            if event.chunk is not None and event.chunk.failed:
                self.report.refuse(
                    event.table,
                    Problem(event.file, event.row, "", "Not loaded: this child's period of care was refused"),
                )
                continue
            try:
                with transaction.atomic(), recorded_at(event.clock or event.day):
                    outcome = event.run()
            except ValidationError as error:
                for name, message in messages_of(error):
                    self.report.refused.append(Problem(event.file, event.row, name, message))
                self.report.count(event.table, "refused")
                if event.starts_chunk:
                    event.chunk.failed = True
                continue
            except IntegrityError as error:
                self.report.refuse(
                    event.table, Problem(event.file, event.row, "", f"Refused by the database: {error}")
                )
                if event.starts_chunk:
                    event.chunk.failed = True
                continue
            self.report.count(event.table, outcome or "loaded")

    # --- children --------------------------------------------------------------------------------

    def children(self, files: YearFiles) -> dict[str, Person]:
        people = {}
        for row in files.rows("Header"):
            self.report.count("Header", "read")
            upn = row["UPN"]
            details = {
                "date_of_birth": row["DOB"],
                "sex": row["SEX"],
                "ethnicity": row["ETHNIC"],
                "upn": "" if upn in UPN_UNKNOWN else upn,
                "upn_unknown_reason": upn if upn in UPN_UNKNOWN else "",
            }
            person = Person.objects.filter(legacy_id=row["CHILD"], merged_into__isnull=True).first()
            try:
                with transaction.atomic():
                    if person is None:
                        person = person_create(
                            by=self.user, person_type=PersonType.CHILD, legacy_id=row["CHILD"], **details
                        )
                        self.report.count("Header", "loaded")
                    else:
                        changed = {k: v for k, v in details.items() if getattr(person, k) != v}
                        if changed:
                            person = person_update(
                                person=person, by=self.user, expected_version=person.version, **changed
                            )
                        self.report.count("Header", "loaded" if changed else "held")
            except ValidationError as error:
                for name, message in messages_of(error):
                    self.report.refused.append(Problem(files.file("Header"), row.number, name, message))
                self.report.count("Header", "refused")
                continue
            people[row["CHILD"]] = person
        return people

    # --- care: periods, reviews, permanence -------------------------------------------------------------

    def care(self, files: YearFiles, child: Person, events: list, rows: dict[str, list[Row]]) -> None:
        chunks = split_periods(rows["Episodes"])
        for chunk in chunks:
            self._period_events(files, child, chunk, events)
        self._review_events(files, chunks, rows["Reviews"], events)
        self._previous_permanence_events(files, chunks, rows["PrevPerm"], events)
        self._adoption_events(files, child, chunks, rows["PlacedAdoption"], rows["AD1"], events)
        self._liberty_order_events(files, chunks, rows["DoLo"], events)

    def _period_events(self, files: YearFiles, child: Person, chunk: Chunk, events: list) -> None:
        first = chunk.rows[0]
        existing = (
            PeriodOfCare.objects.filter(child=child, start_date__lte=first["DECOM"])
            .exclude(end_date__lt=first["DECOM"])
            .order_by("-start_date")
            .first()
        )
        pending = chunk.rows
        if existing is not None:
            chunk.period = existing
            held = {episode.DECOM for episode in derive_episodes(existing)}
            latest = max(held)
            pending = [row for row in chunk.rows if row["DECOM"] > latest]
            for row in chunk.rows:
                if row["DECOM"] <= latest:
                    self.report.count("Episodes", "read")
                    self.report.count("Episodes", "held")
        else:
            self._event(
                events,
                first["DECOM"],
                START,
                lambda: self._start(child, chunk, first),
                "Episodes",
                files,
                first,
                chunk=chunk,
                starts_chunk=True,
            )
            self.report.count("Episodes", "read")
            pending = chunk.rows[1:]
        previous_of = {id(b): a for a, b in zip(chunk.rows, chunk.rows[1:], strict=False)}
        for row in pending:
            self.report.count("Episodes", "read")
            self._event(
                events,
                row["DECOM"],
                MOVE,
                lambda row=row: self._change(chunk, previous_of[id(row)], row),
                "Episodes",
                files,
                row,
                chunk=chunk,
            )
        last = chunk.rows[-1]
        if chunk.end is not None and not (existing is not None and existing.end_date is not None):
            self._event(
                events, chunk.end, END, lambda: self._end(chunk, last), "Episodes", files, last, chunk=chunk
            )

    @staticmethod
    def _placement(row: Row) -> dict:
        return {
            "placement_type": row["PLACE"],
            "provider": row["PLACE_PROVIDER"],
            "postcode": row["PL_POST"],
            "ofsted_urn": row["URN"],
        }

    def _start(self, child: Person, chunk: Chunk, row: Row) -> None:
        chunk.period = period_of_care_start(
            child=child,
            start_date=row["DECOM"],
            legal_status=row["LS"],
            placement=self._placement(row),
            category_of_need=row["CIN"],
            home_postcode=row["HOME_POST"],
            first_episode_reason="" if row["RNE"] == "S" else row["RNE"],
            by=self.user,
        )

    def _change(self, chunk: Chunk, previous: Row, row: Row) -> None:
        """One episode after another within a period: the legal status, the placement or both."""
        moved = row["RNE"] in ("P", "T", "B", "U")
        if row["LS"] != previous["LS"]:
            legal_status_change(period=chunk.period, legal_status=row["LS"], on=row["DECOM"], by=self.user)
        elif row["RNE"] in ("L", "B", "U"):
            raise ValidationError(
                {"RNE": f"RNE {row['RNE']} says the legal status changed, but it is {row['LS']} still"}
            )
        if not moved:
            if self._placement(row) != self._placement(previous):
                raise ValidationError(
                    {"RNE": "RNE L says only the legal status changed, but the placement differs"}
                )
            return
        reason = previous["REASON_PLACE_CHANGE"]
        if not reason and previous["PLACE"] not in TEMPORARY_PLACEMENTS:
            reason = UNSTATED_REASON
            if row["PLACE"] not in TEMPORARY_PLACEMENTS:
                self.report.notes.append(
                    f"{row['CHILD']}: no REASON_PLACE_CHANGE for the move on {row['DECOM']:%d/%m/%Y}; recorded as OTHER"
                )
        placement_change(
            period=chunk.period,
            on=row["DECOM"],
            by=self.user,
            reason_changed=reason,
            same_carer=row["RNE"] in ("T", "U"),
            **self._placement(row),
        )

    def _end(self, chunk: Chunk, row: Row) -> str:
        adoption = Adoption.objects.filter(
            period=chunk.period, reversed_on__isnull=True, adoption_order_on__isnull=True
        ).first()
        if row["REC"] in ADOPTED and adoption is not None and adoption.matched_on:
            if not adoption.placed_on:
                placement = chunk.period.placements.filter(end_date__isnull=True).first()
                if placement is not None:
                    adoption = adoption_placement_link(adoption=adoption, placement=placement, by=self.user)
            adoption_order_record(adoption=adoption, order_on=row["DEC"], reason=row["REC"], by=self.user)
        else:
            period_of_care_end(
                period=chunk.period, end_date=row["DEC"], reason_ceased=row["REC"], by=self.user
            )
        return "step"  # the ending of a row already counted

    def _review_events(self, files: YearFiles, chunks: list[Chunk], rows: list[Row], events: list) -> None:
        for row in rows:
            self.report.count("Reviews", "read")
            day = row["REVIEW"]
            chunk = next((c for c in chunks if c.start < day and (c.end is None or day <= c.end)), None)
            if chunk is None:
                chunk = Chunk(rows=[])  # no period in the files: refused by name below
                self.report.refuse(
                    "Reviews",
                    Problem(
                        files.file("Reviews"),
                        row.number,
                        "REVIEW",
                        "No period of care in Episodes holds this review",
                    ),
                )
                continue

            def hold(chunk=chunk, row=row):
                if chunk.period.reviews.filter(review_date=row["REVIEW"]).exists():
                    return "held"
                care_review_hold(
                    period=chunk.period,
                    review_date=row["REVIEW"],
                    chair=self.user,
                    participation=row["REVIEW_CODE"],
                    by=self.user,
                )

            self._event(events, day, REVIEW, hold, "Reviews", files, row, chunk=chunk)

    def _liberty_order_events(self, files, chunks: list[Chunk], rows: list[Row], events: list) -> None:
        """Each DoLo row on the period holding its start: the order made that day and, when the
        row gives its end, ended on that one. A row repeating last year's open order is held."""
        for row in rows:
            self.report.count("DoLo", "read")
            started, ended = row["DOLO_START"], row["DOLO_END"]
            chunk = next((c for c in chunks if c.covers(started)), None)
            if chunk is None:
                self.report.refuse(
                    "DoLo",
                    Problem(
                        files.file("DoLo"),
                        row.number,
                        "DOLO_START",
                        "No period of care in Episodes holds this order: a DoLO is recorded for a child looked after",
                    ),
                )
                continue

            def held(chunk=chunk, started=started) -> DeprivationOfLibertyOrder | None:
                return DeprivationOfLibertyOrder.objects.filter(
                    period=chunk.period, start_date=started
                ).first()

            def make(held=held, chunk=chunk, started=started):
                if held() is not None:
                    return "held"
                dolo_start(period=chunk.period, start_date=started, by=self.user)

            self._event(events, started, ORDER_STARTS, make, "DoLo", files, row, chunk=chunk)
            if ended is None:
                continue

            def end(held=held, ended=ended):
                order = held()
                if order is None:
                    # Its start was refused (and reported); nothing to end.
                    return "step"
                if order.end_date is not None:
                    return "step"
                dolo_end(order=order, end_date=ended, by=self.user)
                return "step"

            self._event(events, ended, ORDER_ENDS, end, "DoLo", files, row, chunk=chunk)

    def _previous_permanence_events(self, files, chunks: list[Chunk], rows: list[Row], events: list) -> None:
        year = files.year
        starting = [c for c in chunks if c.start >= year.start and c.rows[0]["RNE"] == "S"]
        for index, row in enumerate(rows):
            self.report.count("PrevPerm", "read")
            if index >= len(starting):
                self.report.refuse(
                    "PrevPerm",
                    Problem(
                        files.file("PrevPerm"),
                        row.number,
                        "",
                        "No period of care starting in the year for this row",
                    ),
                )
                continue
            chunk = starting[index]

            def record(chunk=chunk, row=row):
                if PreviousPermanence.objects.filter(period=chunk.period).exists():
                    return "held"
                previous_permanence_record(
                    period=chunk.period,
                    previous_permanence=row["PREV_PERM"],
                    authority=row["LA_PERM"],
                    order_date=row["DATE_PERM"],
                    by=self.user,
                )

            self._event(events, chunk.start, PREVIOUS, record, "PrevPerm", files, row, chunk=chunk)

    def _adoption_events(self, files, child, chunks, placed: list[Row], ad1: list[Row], events: list) -> None:
        matches = {row["DATE_INT"]: row for row in ad1}
        self.report.count("AD1", "read", len(ad1))
        decisions = {row["DATE_PLACED"]: row for row in placed}
        for day in sorted(set(decisions) | set(matches)):
            row = decisions.get(day)
            if row is not None:
                self.report.count("PlacedAdoption", "read")
            table, source = ("PlacedAdoption", row) if row is not None else ("AD1", matches[day])
            chunk = next((c for c in chunks if c.covers(day)), None)
            continued = False
            if chunk is None and chunks and chunks[0].rows[0]["RNE"] != "S" and day < chunks[0].start:
                chunk, continued = chunks[0], True
            if chunk is None:
                self.report.refuse(
                    table,
                    Problem(
                        files.file(table),
                        source.number,
                        "",
                        "No period of care in Episodes holds this decision",
                    ),
                )
                if day in matches and row is not None:
                    self.report.refuse(
                        "AD1", Problem(files.file("AD1"), matches[day].number, "", "Its decision was refused")
                    )
                continue
            state: dict = {}

            def decide(chunk=chunk, day=day, continued=continued, state=state):
                adoption = Adoption.objects.filter(child=child, should_be_placed_on=day).first()
                if adoption is not None:
                    state["adoption"] = adoption
                    return "held"
                state["adoption"] = adoption_decision_record(
                    child=child,
                    decided_on=day,
                    by=self.user,
                    continued_period=chunk.period if continued else None,
                )

            self._event(
                events, max(day, chunk.start), DECISION, decide, table, files, source, clock=day, chunk=chunk
            )
            self._consent_event(files, chunk, day, state, table, source, events)
            match = matches.get(day)
            if match is not None and match["DATE_MATCH"]:

                def matched(match=match, state=state):
                    adoption = state.get("adoption")
                    if adoption is None:
                        raise ValidationError("Its decision was not loaded")
                    if adoption.matched_on:
                        return "held"
                    state["adoption"] = adoption_match_record(
                        adoption=adoption,
                        matched_on=match["DATE_MATCH"],
                        number_of_adopters=int(match["NB_ADOPTR"] or 0),
                        adopter_sex=match["SEX_ADOPTR"],
                        adopter_legal_status=match["LS_ADOPTR"],
                        adopters_are_foster_carers=match["FOSTER_CARE"] == "1",
                        by=self.user,
                    )

                self._event(
                    events,
                    max(match["DATE_MATCH"], chunk.start),
                    MATCH,
                    matched,
                    "AD1",
                    files,
                    match,
                    clock=match["DATE_MATCH"],
                    chunk=chunk,
                )
            elif match is not None:
                self.report.count("AD1", "loaded")  # its decision carries it
            if row is not None and row["DATE_PLACED_CEASED"]:

                def reverse(row=row, state=state):
                    adoption = state.get("adoption")
                    if adoption is None:
                        raise ValidationError("Its decision was not loaded")
                    if adoption.reversed_on:
                        return "held"
                    adoption_decision_reverse(
                        adoption=adoption,
                        reversed_on=row["DATE_PLACED_CEASED"],
                        reason=row["REASON_PLACED_CEASED"],
                        by=self.user,
                    )
                    return "step"  # the row is counted with its decision

                self._event(
                    events,
                    row["DATE_PLACED_CEASED"],
                    REVERSAL,
                    reverse,
                    "PlacedAdoption",
                    files,
                    row,
                    chunk=chunk,
                )

    def _consent_event(
        self, files, chunk: Chunk, day: date, state: dict, table: str, source: Row, events
    ) -> None:
        """A placement with consent (A3/A4) needs the parents' consent recorded: the files do not
        date it, so it is recorded on the day of the placement."""
        placed = next((r for r in chunk.rows[1:] if r["PLACE"] in WITH_CONSENT and r["DECOM"] >= day), None)
        if placed is None:
            return

        def consent(state=state):
            adoption = state.get("adoption")
            if adoption is None or adoption.consent_on:
                return "step"
            state["adoption"] = adoption_authority_record(
                adoption=adoption, kind="consent", on=placed["DECOM"], by=self.user
            )
            return "step"

        self._event(events, placed["DECOM"], CONSENT, consent, table, files, source, chunk=chunk)

    # --- the rest of the return -----------------------------------------------------------------------

    def uasc(self, files: YearFiles, child: Person, rows: list[Row], first_day: date | None, events) -> None:
        year = files.year
        for row in rows:
            self.report.count("UASC", "read")
            ceased = row["DUC"]
            adult = eighteenth_birthday(child.date_of_birth) if child.date_of_birth else None

            def record(row=row, ceased=ceased, adult=adult):
                status = UASCStatus.objects.filter(child=child).first()
                outcome = "held"
                if status is None:
                    status = uasc_status_record(
                        child=child, status_from=min(first_day or year.start, year.end), by=self.user
                    )
                    outcome = None
                if (
                    ceased
                    and ceased <= min(year.end, timezone.localdate())
                    and status.status_ceased_on is None
                ):
                    uasc_status_cease(
                        status=status, ceased_on=ceased, expected_version=status.version, by=self.user
                    )
                    outcome = None
                elif ceased and ceased > year.end and ceased != adult:
                    raise ValidationError(
                        {
                            "DUC": "A status ceasing after the year ends other than at 18 cannot be recorded yet"
                        }
                    )
                return outcome

            self._event(
                events,
                min(first_day or year.start, year.end),
                REVIEW,
                record,
                "UASC",
                files,
                row,
                clock=max(
                    min(first_day or year.start, year.end),
                    ceased if ceased and ceased <= year.end else year.start,
                ),
            )

    def missing(self, files: YearFiles, child: Person, rows: list[Row], events) -> None:
        for row in rows:
            self.report.count("Missing", "read")
            started = _moment(row["MIS_START"], MISSING_FROM)
            ended = _moment(row["MIS_END"], MISSING_TO) if row["MIS_END"] else None

            def record(row=row, started=started, ended=ended):
                if MissingEpisode.objects.filter(child=child, started_at=started).exists():
                    return "held"
                missing_episode_record(
                    child=child, episode_type=row["MISSING"], started_at=started, ended_at=ended, by=self.user
                )

            self._event(
                events, row["MIS_START"], REVIEW, record, "Missing", files, row, clock=ended or started
            )

    def health(self, files: YearFiles, child: Person, rows: list[Row], events) -> None:
        """OC2 as the health events it is derived from, dated 1 April (inside the 12 months the
        export reads for this year, outside next year's); an SDQ score, and the assessment that
        decides whether SDQ1 applies, from the fourth birthday when that falls later."""
        year = files.year
        dob = child.date_of_birth
        for row in rows:
            self.report.count("OC2", "read")
            day = year.start
            fourth = dob + relativedelta(years=4) if dob else None
            sdq_day = max(day, fourth) if fourth and fourth <= min(year.end, timezone.localdate()) else day
            kinds = HealthEvent.Kind
            wanted: list[tuple[str, date, dict]] = []
            if row["HEALTH_ASSESSMENT"] == "1":
                wanted.append((kinds.REVIEW_ASSESSMENT, sdq_day, {}))
            if row["TEETH_CHECK"] == "1":
                wanted.append((kinds.DENTAL, day, {}))
            if row["IMMUNISATIONS"] == "1":
                wanted.append((kinds.IMMUNISATIONS, day, {"immunisations_up_to_date": True}))
            if row["HEALTH_CHECK"] == "1":
                wanted.append((kinds.DEVELOPMENT, day, {}))
            if row["CONVICTED"] == "1":
                wanted.append((kinds.CONVICTION, day, {}))
            if row["SUBSTANCE_MISUSE"] == "1":
                received = row["INTERVENTION_RECEIVED"] == "1"
                offered = received or row["INTERVENTION_OFFERED"] == "1"
                wanted.append(
                    (
                        kinds.SUBSTANCE_MISUSE,
                        day,
                        {"intervention_received": received, "intervention_offered": offered},
                    )
                )
            if row["SDQ_SCORE"]:
                wanted.append((kinds.SDQ, sdq_day, {"sdq_score": int(row["SDQ_SCORE"])}))
            elif row["SDQ_REASON"]:
                wanted.append((kinds.SDQ, sdq_day, {"sdq_reason": row["SDQ_REASON"]}))

            def record(wanted=wanted):
                if HealthEvent.objects.filter(child=child, event_date__range=(year.start, year.end)).exists():
                    return "held"
                for kind, on, extra in wanted:
                    with recorded_at(on):
                        health_event_record(child=child, kind=kind, event_date=on, by=self.user, **extra)

            self._event(events, sdq_day, REVIEW, record, "OC2", files, row, clock=sdq_day)

    def care_leaver(self, files: YearFiles, child: Person, rows: list[Row], events) -> None:
        year = files.year
        dob = child.date_of_birth
        today = min(timezone.localdate(), year.end)
        for row in rows:
            self.report.count("OC3", "read")
            ages = [a for a in OC3_AGES if dob and year.start <= dob + relativedelta(years=a) <= year.end]
            if not ages:
                self.report.refuse(
                    "OC3",
                    Problem(
                        files.file("OC3"), row.number, "DOB", "No 17th to 21st birthday falls in the year"
                    ),
                )
                continue
            age = ages[0]
            birthday = dob + relativedelta(years=age)

            def record(row=row, age=age, birthday=birthday):
                outcome = "held"
                decided = EligibilityDecision.objects.filter(
                    young_person=child, category__in=OC3_CATEGORIES, decided_on__lte=year.end
                ).exists()
                if not decided:
                    periods = list(PeriodOfCare.objects.filter(child=child).order_by("start_date"))
                    left = max((p.end_date for p in periods if p.end_date), default=None)
                    on = min(max(left or year.start, dob + relativedelta(years=16)), today)
                    suggested = suggested_category(child, on) if periods else ""
                    category = (
                        suggested
                        if suggested in OC3_CATEGORIES
                        else (
                            Category.RELEVANT
                            if on < dob + relativedelta(years=18)
                            else Category.FORMER_RELEVANT
                        )
                    )
                    with recorded_at(on):
                        eligibility_decide(
                            young_person=child,
                            category=category,
                            decided_on=on,
                            by=self.user,
                            reason="Imported from the SSDA903 OC3 return",
                            care_history_elsewhere=not periods,
                        )
                    outcome = None
                if (
                    row["IN_TOUCH"]
                    and not BirthdayContact.objects.filter(young_person=child, age=age).exists()
                ):
                    on = max(min(birthday, timezone.localdate()), birthday - relativedelta(months=3))
                    with recorded_at(on):
                        birthday_contact_record(
                            young_person=child,
                            age=age,
                            contact_date=on,
                            in_touch=row["IN_TOUCH"],
                            activity=row["ACTIV"],
                            accommodation=row["ACCOM"],
                            by=self.user,
                        )
                    outcome = None
                return outcome

            self._event(events, birthday, REVIEW, record, "OC3", files, row)

    def social_workers(self, files: YearFiles, child: Person, rows: list[Row], events) -> None:
        rows = sorted(rows, key=lambda r: r["SW_DECOM"])
        for index, row in enumerate(rows):
            self.report.count("SWEpisodes", "read")
            following = rows[index + 1] if index + 1 < len(rows) else None

            def record(row=row, following=following):
                outcome = "held"
                if not Allocation.objects.filter(child=child, start_date=row["SW_DECOM"]).exists():
                    worker, team = self._worker(row["SW_ID"])
                    reason = row["SW_REASON"]
                    if Allocation.objects.filter(child=child, end_date__isnull=True).exists():
                        case_transfer(
                            child=child,
                            to_team=team,
                            to_worker=worker,
                            on=row["SW_DECOM"],
                            by=self.user,
                            reason=reason or "TSPROC",
                        )
                    else:
                        case_allocate(
                            child=child,
                            team=team,
                            worker=worker,
                            start_date=row["SW_DECOM"],
                            by=self.user,
                            reason=reason,
                        )
                    outcome = None
                ends = row["SW_DEC"]
                if ends and (following is None or following["SW_DECOM"] != ends):
                    current = Allocation.objects.filter(child=child, end_date__isnull=True).first()
                    if current is not None and current.start_date == row["SW_DECOM"]:
                        with recorded_at(ends):
                            allocation_end(child=child, on=ends, by=self.user)
                        outcome = None
                return outcome

            self._event(events, row["SW_DECOM"], REVIEW, record, "SWEpisodes", files, row)

    def _worker(self, sw_id: str) -> tuple[User | None, Team]:
        """The worker an SW_ID names: a member of staff with that Social Work England number,
        or an account made for it (no password) in the import's team."""
        if sw_id in self.workers:
            return self.workers[sw_id]
        if sw_id == NO_WORKER:
            return None, self._team()
        registered = True
        try:
            registration_number_validator(sw_id)
        except ValidationError:
            registered = False
        member = (
            StaffMember.objects.filter(registration_number=sw_id).select_related("user", "team").first()
            if registered
            else None
        )
        if member is not None:
            if member.user is None or member.team is None:
                raise ValidationError(
                    {
                        "SW_ID": f"{sw_id} is on the staff list without a sign-in or team: give them both, then import again"
                    }
                )
            self.workers[sw_id] = (member.user, member.team)
            return self.workers[sw_id]
        team = self._team()
        username = f"sw-{sw_id.lower()}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username, password=None, first_name="Social worker", last_name=sw_id
            )
            staff_member_create(
                role_label="Social worker (imported)",
                team=team,
                user=user,
                registration_number=sw_id if registered else "",
            )
        self.workers[sw_id] = (user, team)
        return self.workers[sw_id]

    def _team(self) -> Team:
        if self.team is None:
            self.team = Team.objects.filter(name=IMPORT_TEAM).first()
            if self.team is None:
                code, name = IMPORT_SERVICE
                service = Service.objects.filter(code=code).first() or service_create(code=code, name=name)
                self.team = team_create(
                    name=IMPORT_TEAM, team_type=TeamType.CHILDREN_IN_CARE, service=service
                )
        return self.team

    # --- a year ---------------------------------------------------------------------------------------

    def year(self, files: YearFiles) -> None:
        people = self.children(files)
        grouped = {name: table.by_child() for name, table in files.tables.items()}
        events: list[Event] = []
        for child_id, child in people.items():
            rows = defaultdict(list, {name: grouped[name].get(child_id, []) for name in grouped})
            self.care(files, child, events, rows)
            first_day = min((r["DECOM"] for r in rows["Episodes"]), default=None)
            self.uasc(files, child, rows["UASC"], first_day, events)
            self.missing(files, child, rows["Missing"], events)
            self.health(files, child, rows["OC2"], events)
            self.care_leaver(files, child, rows["OC3"], events)
            self.social_workers(files, child, rows["SWEpisodes"], events)
        refused_children = {row["CHILD"] for row in files.rows("Header")} - set(people)
        for name, table in files.tables.items():
            if name == "Header":
                continue
            for row in table.rows:
                if row["CHILD"] in refused_children:
                    self.report.count(name, "read")
                    self.report.refuse(
                        name, Problem(table.file, row.number, "CHILD", "Not loaded: the child was refused")
                    )
        self._run(events)


def import_ssda903(folder: Path, *, year: str | None = None) -> ImportReport:
    """Read every file (raising ``ImportFailed``, nothing saved, when any fails) and load them,
    year by year oldest first, in one transaction."""
    years = read_returns(folder, year)
    report = ImportReport()
    with transaction.atomic():
        importer = SSDA903Import(report)
        for files in years:
            importer.year(files)
    return report

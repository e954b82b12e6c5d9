"""A household's journey worked out from what is recorded, with no queries of its own.

The household's own steps come from its events. Matching, placement and the adoption order
also come from the adoption records of this authority's children that name the household
(permanence.Adoption.household), so a match recorded on a child's record is never typed again
here. Where both exist (a sibling group, one child from another authority) the earlier date
counts and the children placed are added up. Services use this to check a new step; selectors
use it to show the stage and the clocks.
"""

from dataclasses import dataclass, field
from datetime import date

from hearth.adopters.models import LeavingReason, Step
from hearth.timescales.clocks import due_date

# The steps that must be recorded before each step, and on or before its date.
BEFORE: dict[str, tuple[str, ...]] = {
    Step.ENQUIRY: (),
    Step.STAGE1_STARTED: (Step.ENQUIRY,),
    Step.STAGE1_ENDED: (Step.STAGE1_STARTED,),
    Step.STAGE2_STARTED: (Step.STAGE1_ENDED,),
    Step.STAGE2_ENDED: (Step.STAGE2_STARTED,),
    Step.APPLICATION: (Step.ENQUIRY,),
    Step.APPROVED: (Step.APPLICATION, Step.STAGE2_ENDED),
    Step.MATCHED: (Step.APPROVED,),
    Step.PLACED: (Step.MATCHED,),
    Step.ADOPTION_ORDER: (Step.PLACED,),
    Step.LEFT: (Step.ENQUIRY,),
}
# Fast track (previous adopters, approved foster carers) goes straight to stage 2.
FAST_TRACK_BEFORE = {**BEFORE, Step.STAGE2_STARTED: (Step.ENQUIRY,)}
FROM_CHILDREN = (Step.MATCHED, Step.PLACED, Step.ADOPTION_ORDER)

STAGES: list[tuple[str, str]] = [
    ("enquiry", "Enquiry"),
    ("stage1", "Stage 1"),
    ("between_stages", "Between stages"),
    ("stage2", "Stage 2"),
    ("awaiting_decision", "Awaiting the agency decision"),
    ("approved", "Approved, waiting for a match"),
    ("matched", "Matched"),
    ("placed", "Child or children placed"),
    ("adopted", "Adopted"),
    ("left", "Left the process"),
]
STAGE_LABELS = dict(STAGES)
FINISHED = ("adopted", "left")


@dataclass(frozen=True)
class LinkedChild:
    """A child on Hearth's record matched with the household (their permanence.Adoption)."""

    adoption_id: int
    child_id: int
    child_name: str
    matched_on: date | None
    placed_on: date | None
    adoption_order_on: date | None


@dataclass(frozen=True)
class Clock:
    key: str
    label: str
    started: date
    due: date
    done: date | None
    stopped: bool  # the household left before the stage finished

    def status(self, today: date) -> str:
        if self.done is not None:
            return "met" if self.done <= self.due else "late"
        if self.stopped:
            return "stopped"
        return "overdue" if today > self.due else "due"


@dataclass
class Journey:
    fast_track: bool
    recorded: dict[str, object] = field(default_factory=dict)  # step -> AdopterEvent
    children: list[LinkedChild] = field(default_factory=list)

    def __post_init__(self):
        self.dates: dict[str, date] = {step: event.on for step, event in self.recorded.items()}
        for step, attr in zip(FROM_CHILDREN, ("matched_on", "placed_on", "adoption_order_on"), strict=True):
            days = [getattr(child, attr) for child in self.children if getattr(child, attr)]
            if days:
                self.dates[step] = min([*days, *([self.dates[step]] if step in self.dates else [])])

    # --- what has happened ---------------------------------------------------------------

    @property
    def children_placed(self) -> int:
        placed = self.recorded.get(Step.PLACED)
        return sum(1 for child in self.children if child.placed_on) + (
            (placed.children or 0) if placed else 0
        )

    @property
    def leaving_reason(self) -> str:
        left = self.recorded.get(Step.LEFT)
        return left.leaving_reason if left else ""

    @property
    def leaving_reason_label(self) -> str:
        return LeavingReason(self.leaving_reason).label if self.leaving_reason else ""

    @property
    def stage(self) -> str:
        d = self.dates
        for step, stage in (
            (Step.LEFT, "left"),
            (Step.ADOPTION_ORDER, "adopted"),
            (Step.PLACED, "placed"),
            (Step.MATCHED, "matched"),
            (Step.APPROVED, "approved"),
            (Step.STAGE2_ENDED, "awaiting_decision"),
            (Step.STAGE2_STARTED, "stage2"),
            (Step.STAGE1_ENDED, "between_stages"),
            (Step.STAGE1_STARTED, "stage1"),
        ):
            if step in d:
                return stage
        return "enquiry"

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    @property
    def finished_on(self) -> date | None:
        return self.dates.get(Step.LEFT) or self.dates.get(Step.ADOPTION_ORDER)

    @property
    def latest(self) -> date | None:
        return max(self.dates.values(), default=None)

    def before(self, step: str) -> tuple[str, ...]:
        return (FAST_TRACK_BEFORE if self.fast_track else BEFORE)[step]

    def may_record(self, step: str) -> bool:
        """Whether the household's own event for ``step`` could be recorded next."""
        if self.finished_on or step == Step.ENQUIRY or step in self.recorded:
            return False
        if step == Step.STAGE1_STARTED and self.fast_track:
            return False
        return all(needed in self.dates for needed in self.before(step))

    @property
    def next_steps(self) -> list[str]:
        return [step for step in Step.values if self.may_record(step)]

    # --- statutory clocks (timescale table) ------------------------------------------------

    @property
    def clocks(self) -> list[Clock]:
        d, stopped = self.dates, Step.LEFT in self.dates
        found = []
        for key, label, start, end in (
            ("adopter.stage1", "Stage 1 finished", Step.STAGE1_STARTED, Step.STAGE1_ENDED),
            ("adopter.stage2.notice", "Notice to start stage 2", Step.STAGE1_ENDED, Step.STAGE2_STARTED),
            ("adopter.stage2", "Stage 2 finished", Step.STAGE2_STARTED, Step.STAGE2_ENDED),
        ):
            if start in d:
                found.append(Clock(key, label, d[start], due_date(key, d[start]), d.get(end), stopped))
        return found

    def open_clock(self) -> Clock | None:
        return next((c for c in self.clocks if c.done is None and not c.stopped), None)


def journey_of(household, events, children) -> Journey:
    """``events`` are the household's AdopterEvents; ``children`` its LinkedChild rows."""
    return Journey(
        fast_track=household.fast_track,
        recorded={event.step: event for event in events},
        children=list(children),
    )


def as_of(journey: Journey, day: date) -> Journey:
    """The journey as it stood at the end of ``day`` (for a return's period)."""
    return Journey(
        fast_track=journey.fast_track,
        recorded={step: event for step, event in journey.recorded.items() if event.on <= day},
        children=[
            LinkedChild(
                child.adoption_id,
                child.child_id,
                child.child_name,
                *(
                    value if value and value <= day else None
                    for value in (child.matched_on, child.placed_on, child.adoption_order_on)
                ),
            )
            for child in journey.children
        ],
    )

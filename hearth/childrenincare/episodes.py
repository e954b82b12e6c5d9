"""The SSDA903 episodes of a period of care, derived from its two timelines.

DfE counts a child's care in episodes: a new one starts whenever the legal status, the
placement or the carer changes. Hearth records the changes themselves (legal statuses and
placements, each a timeline covering the whole period), so the episodes are worked out here
and never typed. Columns and codes are those of the 903 Episodes table (returns.md §1.2–1.3):

- DECOM: the day the episode started. RNE: why it started: S the period's first episode,
  L legal status only, P placement and carer, T placement with the same carer, B legal status
  and placement and carer, U legal status and placement with the same carer.
- DEC / REC: when and why it ended: X1 when the next episode starts the same day (the child
  stays looked after), else the period's end and its reason; both blank while open.
- REASON_PLACE_CHANGE: on an episode ending X1 when the next one is a placement move, the
  reason the placement ended; never for a temporary (T0–T4) placement or the episode before
  one (DfE rule 226), never on open episodes.
"""

from dataclasses import asdict, dataclass
from datetime import date

from hearth.childrenincare.models import LegalStatus, PeriodOfCare, Placement

TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
PLACEMENT_MOVES = frozenset({"P", "T", "B", "U"})
COLUMNS = (
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
)


@dataclass
class Episode:
    DECOM: date
    RNE: str
    LS: str
    CIN: str
    PLACE: str
    PLACE_PROVIDER: str
    DEC: date | None
    REC: str
    REASON_PLACE_CHANGE: str
    HOME_POST: str
    PL_POST: str
    URN: str

    def row(self) -> dict[str, str]:
        """The episode as the 903 CSV writes it: every value a string, dates DD/MM/YYYY."""
        return {
            name: (value.strftime("%d/%m/%Y") if isinstance(value, date) else (value or ""))
            for name, value in asdict(self).items()
        }

    @property
    def is_open(self) -> bool:
        return self.DEC is None


def _entries(period: PeriodOfCare, name: str) -> list:
    """The timeline, from the prefetch when there is one (no query then)."""
    cached = getattr(period, "_prefetched_objects_cache", {}).get(name)
    rows = list(cached) if cached is not None else list(getattr(period, name).all())
    return sorted(rows, key=lambda entry: (entry.start_date, entry.pk or 0))


def _in_force(entries: list, day: date):
    """The entry of a timeline in force from ``day`` (the latest to start on or before it)."""
    chosen = None
    for entry in entries:
        if entry.start_date <= day:
            chosen = entry
    return chosen


def _reason_for_new_episode(
    first: bool, status_changed: bool, placement: Placement | None, moved: bool
) -> str:
    if first:
        return "S"
    same_carer = bool(placement and placement.same_carer_as_previous)
    if status_changed and moved:
        return "U" if same_carer else "B"
    if moved:
        return "T" if same_carer else "P"
    return "L"


def derive_episodes(period: PeriodOfCare) -> list[Episode]:
    """The period's 903 episodes, oldest first. No query when the timelines are prefetched
    (``selectors.periods_with_timelines``), two otherwise."""
    statuses: list[LegalStatus] = _entries(period, "legal_statuses")
    placements: list[Placement] = _entries(period, "placements")
    status_starts = {entry.start_date for entry in statuses}
    placement_starts = {entry.start_date for entry in placements}
    changes = sorted(day for day in status_starts | placement_starts if day >= period.start_date)
    episodes: list[Episode] = []
    for index, day in enumerate(changes):
        status = _in_force(statuses, day)
        placement = _in_force(placements, day)
        episodes.append(
            Episode(
                DECOM=day,
                RNE=(period.first_episode_reason or "S")
                if index == 0
                else _reason_for_new_episode(False, day in status_starts, placement, day in placement_starts),
                LS=status.legal_status if status else "",
                CIN=period.category_of_need,
                PLACE=placement.placement_type if placement else "",
                PLACE_PROVIDER=placement.provider if placement else "",
                DEC=None,
                REC="",
                REASON_PLACE_CHANGE="",
                HOME_POST=period.home_postcode,
                PL_POST=placement.postcode if placement else "",
                URN=placement.ofsted_urn if placement else "",
            )
        )
    for episode, following in zip(episodes, episodes[1:], strict=False):
        episode.DEC = following.DECOM
        episode.REC = "X1"
        # DfE rule 226: no reason on a temporary placement, nor on the episode before one.
        temporary = episode.PLACE in TEMPORARY_PLACEMENTS or following.PLACE in TEMPORARY_PLACEMENTS
        if following.RNE in PLACEMENT_MOVES and not temporary:
            ending = _in_force(placements, episode.DECOM)
            episode.REASON_PLACE_CHANGE = ending.reason_changed if ending else ""
    if episodes and period.end_date is not None:
        episodes[-1].DEC = period.end_date
        episodes[-1].REC = period.reason_ceased
    return episodes

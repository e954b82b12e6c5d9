"""What a worker's worktray shows.

Each part of the service contributes the tasks it knows about (due dates computed from the
statutory timescale table). Until those parts exist the worktray is empty, and says so.
"""

from dataclasses import dataclass, field
from datetime import date

from hearth.audit.selectors import overrides_to_review_count


@dataclass(frozen=True)
class Task:
    title: str
    due: date
    href: str
    child_name: str = ""


@dataclass
class Worktray:
    overdue: list[Task] = field(default_factory=list)
    due_soon: list[Task] = field(default_factory=list)
    # Restricted records opened with a reason, waiting for this manager's review.
    overrides_to_review: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_soon)


def worktray_for(user) -> Worktray:
    return Worktray(overrides_to_review=overrides_to_review_count(user))

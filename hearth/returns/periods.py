"""Collection years: DfE's returns run from 1 April to 31 March."""

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

YEAR_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class CollectionYear:
    label: str  # "2026-27"
    start: date  # 1 April 2026
    end: date  # 31 March 2027, the census reference date

    @property
    def ending(self) -> int:
        """The year the collection ends, as DfE's headers and validators name it (2027)."""
        return self.end.year

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def collection_year(label: str) -> CollectionYear:
    """``"2026-27"`` → 1 April 2026 to 31 March 2027; anything else is refused by name."""
    match = YEAR_PATTERN.match(label or "")
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{label!r} is not a collection year: give it as 2026-27")
    first = int(match.group(1))
    return CollectionYear(label, date(first, 4, 1), date(first + 1, 3, 31))


def current_collection_year(today: date | None = None) -> CollectionYear:
    today = today or timezone.localdate()
    first = today.year if today.month >= 4 else today.year - 1
    return collection_year(f"{first}-{(first + 1) % 100:02d}")

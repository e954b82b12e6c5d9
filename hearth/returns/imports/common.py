"""What the legacy importers share: the problem report, the clock and the importing user.

Each importer reads its files first and refuses the whole import, saving nothing, when a file
cannot be read as the return it claims to be (``ImportFailed``). Rows that read well but that a
service refuses are listed in the ``ImportReport`` with the service's reasons, and the rest load.
"""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from unittest import mock

from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.roles import Role
from hearth.accounts.services import staff_roles_set

IMPORTER_USERNAME = "legacy-import"
# The importing user chairs imported reviews and records everything else; it has no password.
IMPORTER_ROLES = [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CP_CHAIR_IRO]
# The hour a dated event is recorded at, when the return gives only its day.
RECORDING_HOUR = 18


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # the line in the file, the header being line 1
    field: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(
            part for part in (self.file, f"row {self.row}" if self.row else "", self.field) if part
        )
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """A file failed as a whole; nothing was saved."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the files")
        self.problems = problems


@dataclass
class ImportReport:
    """Rows per table read, loaded, already held and refused, with why each was refused."""

    counts: dict[str, Counter] = field(default_factory=dict)
    refused: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, table: str, outcome: str, number: int = 1) -> None:
        self.counts.setdefault(table, Counter())[outcome] += number

    def refuse(self, table: str, problem: Problem) -> None:
        self.count(table, "refused")
        self.refused.append(problem)

    def lines(self) -> list[str]:
        out = []
        for table, counts in self.counts.items():
            parts = ", ".join(
                f"{outcome} {counts[outcome]}" for outcome in ("read", "loaded", "held", "refused")
            )
            out.append(f"{table}: {parts}")
        if self.refused:
            out.append(f"Refused rows ({len(self.refused)}):")
            out.extend(f"  {problem}" for problem in self.refused)
        out.extend(f"Note: {note}" for note in self.notes)
        return out


def messages_of(error: ValidationError) -> list[tuple[str, str]]:
    """A service's ValidationError as (field, message) pairs."""
    if hasattr(error, "error_dict"):
        return [(name, message) for name, messages in error.message_dict.items() for message in messages]
    return [("", message) for message in error.messages]


@contextmanager
def recorded_at(moment: date | datetime) -> Iterator[None]:
    """Set the clock services read (``timezone.now``) to when an event happened, so its record,
    its history and the service's "not in the future" checks are those of that day. The demo
    generator sets its clock the same way (hearth.demo.journeys.demo_clock)."""
    if not isinstance(moment, datetime):
        moment = timezone.make_aware(datetime.combine(moment, time(RECORDING_HOUR)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def importing_user() -> User:
    """The account importers record as: active so it may chair reviews, but without a password,
    so nobody can sign in with it. Created on first use."""
    user = User.objects.filter(username=IMPORTER_USERNAME).first()
    if user is None:
        user = User.objects.create_user(
            username=IMPORTER_USERNAME, password=None, first_name="Legacy", last_name="import"
        )
        staff_roles_set(user=user, roles=IMPORTER_ROLES)
    return user

"""Checking the returns with DfE's own rules, and keeping what they find.

The rules are the community's packages (``csc-validator-be-cin``; ``csc-validator-be-903``
for the SSDA903), which pin pandas and numpy versions Hearth does not use, so they live in
their own virtualenv (``make validators``) and run in a subprocess: ``validator_runner.py``
takes the return Hearth would submit now and prints the issues as JSON. This module writes
the return to a temporary file, runs the subprocess, maps each issue's child ID (the previous
system's ID for an imported child, else the Hearth ID) back to the child, and stores the run
with its issues in one transaction, so pages read the latest run instead of running the rules.
"""

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hearth.people.selectors import person_ids_by_return_id
from hearth.returns.cin_census import census_children, census_message
from hearth.returns.models import IssueType, Return, ValidationIssue, ValidationRun
from hearth.returns.periods import CollectionYear, current_collection_year

RUNNER = Path(__file__).with_name("validator_runner.py")
TIMEOUT_SECONDS = 600


class ValidatorUnavailable(RuntimeError):
    """The validators' virtualenv is missing: run ``make validators``."""


@dataclass(frozen=True)
class RawIssue:
    code: str
    type: str
    message: str
    child_id: str
    table: str
    fields: list[str]


@dataclass(frozen=True)
class ValidatorResult:
    ruleset: str
    issues: list[RawIssue]
    crashed: list[dict]
    rules_run: int


def validators_python() -> Path:
    python = Path(settings.HEARTH_VALIDATORS_PYTHON)
    if not python.exists():
        raise ValidatorUnavailable(
            f"DfE's validation rules are not installed ({python} is missing): run `make validators`."
        )
    return python


def run_validator(collection: str, path: Path, *extra: str) -> ValidatorResult:
    """Run the rules on a return file (CIN XML) or folder (SSDA903 CSVs) in the validators'
    virtualenv and read back what they found."""
    completed = subprocess.run(
        # -I: isolated, so this package's own modules (selectors.py) never shadow the standard library.
        [str(validators_python()), "-I", str(RUNNER), collection, str(path), *extra],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode != 0:
        tail = "\n".join(completed.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"The DfE validator stopped with code {completed.returncode}:\n{tail}")
    data = json.loads(completed.stdout)
    return ValidatorResult(
        ruleset=data["ruleset"],
        issues=[RawIssue(**issue) for issue in data["issues"]],
        crashed=data["crashed"],
        rules_run=data["rules_run"],
    )


def validate_cin_xml(xml: bytes) -> ValidatorResult:
    """DfE's CIN census rules on a census message."""
    with tempfile.TemporaryDirectory(prefix="hearth-cin-") as folder:
        path = Path(folder) / "cin_census.xml"
        path.write_bytes(xml)
        return run_validator("cin", path)


def cin_validation_run(*, year: CollectionYear | None = None, by=None) -> ValidationRun:
    """Derive the CIN census as it stands, check it with DfE's rules and keep the result.

    A run that fails (the validators missing, or the rules engine stopping) is kept too, with
    the reason, so the data-quality page says the figures it shows are from an older run.
    """
    import xml.etree.ElementTree as ET

    year = year or current_collection_year()
    started = timezone.now()
    children = census_children(year)
    message = census_message(year, children, generated_at=started)
    try:
        result = validate_cin_xml(ET.tostring(message, encoding="utf-8", xml_declaration=True))
    except (ValidatorUnavailable, RuntimeError, subprocess.TimeoutExpired, ValueError) as failure:
        return ValidationRun.objects.create(
            collection=Return.CIN_CENSUS,
            year=year.label,
            started_at=started,
            finished_at=timezone.now(),
            status=ValidationRun.Status.FAILED,
            children_in_return=len(children),
            failure=str(failure),
            started_by=by,
        )
    return _store(Return.CIN_CENSUS, year, started, result, children_in_return=len(children), by=by)


def _store(
    collection: str, year: CollectionYear, started, result: ValidatorResult, *, children_in_return: int, by
) -> ValidationRun:
    person_ids = person_ids_by_return_id(issue.child_id for issue in result.issues)
    with transaction.atomic():
        run = ValidationRun.objects.create(
            collection=collection,
            year=year.label,
            ruleset=result.ruleset,
            started_at=started,
            finished_at=timezone.now(),
            status=ValidationRun.Status.FINISHED,
            children_in_return=children_in_return,
            errors=sum(1 for issue in result.issues if issue.type == IssueType.ERROR),
            queries=sum(1 for issue in result.issues if issue.type == IssueType.QUERY),
            crashed_rules=result.crashed,
            started_by=by,
        )
        rows = []
        for issue in result.issues:
            rows.append(
                ValidationIssue(
                    run=run,
                    child_id=person_ids.get(issue.child_id),
                    rule=issue.code[:12],
                    issue_type=issue.type if issue.type in IssueType.values else IssueType.ERROR,
                    message=issue.message,
                    table=issue.table[:40],
                    fields=issue.fields,
                )
            )
        ValidationIssue.objects.bulk_create(rows, batch_size=500)
    return run


def print_summary(result: ValidatorResult, stream=sys.stdout) -> None:
    """Issues counted by rule, for the command line."""
    counts: dict[tuple[str, str, str], int] = {}
    for issue in result.issues:
        key = (issue.code, issue.type, issue.message)
        counts[key] = counts.get(key, 0) + 1
    for (code, kind, message), count in sorted(counts.items()):
        stream.write(f"{code:>7} {kind:<5} {count:>5}  {message}\n")


def validate_903_folders(this_year: Path, previous: Path | None, year: CollectionYear) -> ValidatorResult:
    """DfE's SSDA903 rules on a folder of this year's CSVs, with last year's as "Prev year"."""
    extra = ["--year", str(year.ending), "--la", settings.HEARTH_LA_ONS_CODE]
    if previous is not None:
        extra += ["--previous", str(previous)]
    return run_validator("903", this_year, *extra)


def ssda903_validation_run(*, year: CollectionYear | None = None, by=None) -> ValidationRun:
    """Derive this year's and last year's SSDA903 as they stand, check this year's with DfE's
    rules (last year's given as the previous year) and keep the result like the CIN census's.
    Rules that crash on any data (returns.md §1.5) are kept as crashed, not as errors, and the
    validator's known false positives are set aside (``validator_defects``)."""
    from hearth.returns.periods import collection_year
    from hearth.returns.ssda903 import ssda903_tables, write_ssda903
    from hearth.returns.validator_defects import without_validator_defects

    year = year or current_collection_year()
    last = collection_year(f"{year.start.year - 1}-{year.start.year % 100:02d}")
    started = timezone.now()
    tables = ssda903_tables(year)
    children = len(tables["Header"])
    try:
        with tempfile.TemporaryDirectory(prefix="hearth-903-") as folder:
            this_folder, last_folder = Path(folder) / "this", Path(folder) / "last"
            write_ssda903(year, this_folder, tables)
            last_tables = ssda903_tables(last)
            write_ssda903(last, last_folder, last_tables)
            # The validator's reader fails on an empty previous year: leave it out then.
            previous = last_folder if last_tables["Header"] else None
            result = validate_903_folders(this_folder, previous, year)
        result = without_validator_defects(
            result, today=timezone.localdate(), tables=tables, year_start=year.start
        )
    except (ValidatorUnavailable, RuntimeError, subprocess.TimeoutExpired, ValueError) as failure:
        return ValidationRun.objects.create(
            collection=Return.SSDA903,
            year=year.label,
            started_at=started,
            finished_at=timezone.now(),
            status=ValidationRun.Status.FAILED,
            children_in_return=children,
            failure=str(failure),
            started_by=by,
        )
    return _store(Return.SSDA903, year, started, result, children_in_return=children, by=by)

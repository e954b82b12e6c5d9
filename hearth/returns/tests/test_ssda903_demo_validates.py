"""The SSDA903 of a generated demo authority, checked with DfE's own rules (this year's files
with last year's as the previous year)."""

from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.returns.periods import collection_year
from hearth.returns.ssda903 import ssda903_tables, write_ssda903
from hearth.returns.validation import validate_903_folders

TODAY = date(2026, 11, 20)
# Rules that raise on any data in csc-validator-be-903 0.1.17 (docs/returns.md).
KNOWN_CRASHES = {"231", "233", "706", "709", "710"}
# The only errors allowed. 1001/1002 are false positives of the validator: care leavers whose care
# ended before last year look to it as if they had too little care, as it sees only this year's and
# last year's episodes (its own note on rule 1001 says it needs more years to judge).
VALIDATOR_FALSE_POSITIVES = {"1001", "1002"}
# Still open in the demo DATA (not the derivation), to be fixed next; see the lead's report:
# 186: a child 4-16 continuously looked after with no SDQ (health_and_missing.py);
# 1016: a care leaver who left at 18 in the year with a birthday contact recorded.
DEMO_DATA_GAPS_TO_FIX = {"186", "1016"}


@pytest.fixture
def demo_authority(db):
    call_command(
        "generate_demo_authority",
        "--scale",
        "tiny",
        "--seed",
        "1",
        "--today",
        TODAY.isoformat(),
        "--no-progress",
    )


def test_the_demo_ssda903_has_no_dfe_errors_from_the_derivation(demo_authority, tmp_path, capsys):
    year, last = collection_year("2026-27"), collection_year("2025-26")
    with CaptureQueriesContext(connection) as queries:
        tables = ssda903_tables(year)
    assert tables["Header"] and tables["Episodes"], "the demo has children looked after"
    assert len(queries) <= 15
    write_ssda903(year, tmp_path / "this", tables)
    write_ssda903(last, tmp_path / "last")
    result = validate_903_folders(tmp_path / "this", tmp_path / "last", year)
    errors = Counter(issue.code for issue in result.issues if issue.type == "ERROR")
    with capsys.disabled():
        print(f"\nDemo SSDA903: {len(tables['Header'])} children; errors by rule: {dict(errors)}")
        print(f"Rules that crashed: {sorted(c['code'] for c in result.crashed)}")
    assert {c["code"] for c in result.crashed} <= KNOWN_CRASHES
    assert set(errors) - VALIDATOR_FALSE_POSITIVES - DEMO_DATA_GAPS_TO_FIX == set()

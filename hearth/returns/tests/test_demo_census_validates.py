"""The CIN census of a generated demo authority passes DfE's own rules with no errors."""

from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.returns.cin_census import census_children, census_message
from hearth.returns.periods import collection_year
from hearth.returns.validation import validate_cin_xml

TODAY = date(2026, 11, 20)


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


def test_the_demo_census_has_no_dfe_errors(demo_authority, capsys):
    import xml.etree.ElementTree as ET

    year = collection_year("2026-27")
    with CaptureQueriesContext(connection) as queries:
        children = census_children(year)
    assert children, "the demo has children in the census"
    assert len(queries) <= 10
    message = census_message(year, children)
    result = validate_cin_xml(ET.tostring(message, encoding="utf-8", xml_declaration=True))
    errors = Counter((issue.code, issue.message) for issue in result.issues if issue.type == "ERROR")
    queries_found = Counter(issue.code for issue in result.issues if issue.type == "QUERY")
    with capsys.disabled():
        print(f"\nDemo census: {len(children)} children; queries left: {dict(queries_found)}")
        print(f"Rules that crashed: {result.crashed}")
    assert errors == {}


def test_a_hand_built_child_protection_journey_has_no_dfe_errors(protected_child):
    from hearth.returns.cin_census import census_xml

    result = validate_cin_xml(census_xml(collection_year("2026-27")))
    assert [issue.code for issue in result.issues if issue.type == "ERROR"] == []
    assert result.crashed == []
